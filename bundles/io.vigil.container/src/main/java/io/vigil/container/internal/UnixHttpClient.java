package io.vigil.container.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client for engine APIs on unix sockets (java.net.http cannot use them):
 * one {@code GET} per connection, {@code Content-Length}, chunked or close-delimited bodies,
 * a deadline for the whole exchange and a cap on the response size.
 */
final class UnixHttpClient {

    /** A response: status code and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_RESPONSE = 8 << 20;

    private final Path socket;
    private final long timeoutMillis;

    UnixHttpClient(Path socket, long timeoutMillis) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
    }

    Path socket() {
        return socket;
    }

    Response get(String path) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            ch.configureBlocking(false);
            try {
                if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
                    ch.register(sel, SelectionKey.OP_CONNECT);
                    while (!ch.finishConnect()) {
                        await(sel, deadline, "connecting");
                    }
                }
            } catch (IOException e) {
                throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
            }
            ByteBuffer req = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: vigil\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
            while (req.hasRemaining()) {
                if (ch.write(req) == 0) {
                    await(sel, deadline, "sending " + path);
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16384);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    await(sel, deadline, "reading the answer to " + path);
                    continue;
                }
                raw.write(buf.array(), 0, n);
                if (raw.size() > MAX_RESPONSE) {
                    throw new IOException(socket + " answered more than " + MAX_RESPONSE + " bytes to " + path);
                }
                Response r = parse(raw.toByteArray(), false);
                if (r != null) {
                    return r;
                }
            }
            Response r = parse(raw.toByteArray(), true);
            if (r == null) {
                throw new IOException(socket + " closed the connection before a complete HTTP answer to " + path);
            }
            return r;
        }
    }

    private void await(Selector sel, long deadline, String what) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || sel.select(left) == 0 && System.nanoTime() >= deadline) {
            throw new SocketTimeoutException(socket + " did not answer within " + timeoutMillis + " ms (" + what + ")");
        }
        sel.selectedKeys().clear();
    }

    /** The response if {@code raw} holds all of it (or {@code eof}), else null; garbage is an IOException. */
    private Response parse(byte[] raw, boolean eof) throws IOException {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (headEnd < 0) {
            if (eof || raw.length > 65536) {
                throw new IOException(socket + " did not answer HTTP: " + preview(raw));
            }
            return null;
        }
        String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException(socket + " did not answer HTTP: " + preview(raw));
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException(socket + " answered a bad status line: " + lines[0]);
        }
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException(socket + " answered a bad Content-Length: " + value);
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int bodyStart = headEnd + 4;
        if (chunked) {
            return dechunk(code, raw, bodyStart, eof);
        }
        if (length >= 0) {
            if (raw.length - bodyStart < length) {
                if (eof) {
                    throw new IOException(socket + " closed the connection in the middle of an answer");
                }
                return null;
            }
            return new Response(code, java.util.Arrays.copyOfRange(raw, bodyStart, bodyStart + (int) length));
        }
        return eof ? new Response(code, java.util.Arrays.copyOfRange(raw, bodyStart, raw.length)) : null;
    }

    private Response dechunk(int code, byte[] raw, int at, boolean eof) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                return incomplete(eof);
            }
            String sizeText = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semi = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi >= 0 ? sizeText.substring(0, semi) : sizeText).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException(socket + " answered a bad chunk size: " + sizeText);
            }
            if (size == 0) {
                return new Response(code, body.toByteArray());
            }
            int dataStart = lineEnd + 2;
            if (raw.length < dataStart + size + 2) {
                return incomplete(eof);
            }
            body.write(raw, dataStart, size);
            at = dataStart + size + 2;
        }
    }

    private Response incomplete(boolean eof) throws IOException {
        if (eof) {
            throw new IOException(socket + " closed the connection in the middle of a chunked answer");
        }
        return null;
    }

    private static int indexOf(byte[] a, byte[] b, int from) {
        outer:
        for (int i = from; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String preview(byte[] raw) {
        String s = new String(raw, 0, Math.min(raw.length, 80), StandardCharsets.ISO_8859_1);
        return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}

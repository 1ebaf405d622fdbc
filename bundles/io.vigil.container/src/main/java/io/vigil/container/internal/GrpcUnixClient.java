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

/**
 * A minimal gRPC client for unary calls over a unix socket: HTTP/2 without TLS (prior
 * knowledge), one call per connection, request headers HPACK-encoded as literals, response
 * headers skipped (never decoded, so no HPACK state is needed). Enough for CRI status calls
 * without embedding grpc-java, netty and protobuf-java, which are not OSGi bundles.
 */
final class GrpcUnixClient {

    /** The call reached the server and it answered without a message (an error status). */
    static final class NoMessageException extends IOException {
        NoMessageException(String message) {
            super(message);
        }
    }

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int MAX_MESSAGE = 16 << 20;

    private final Path socket;
    private final long timeoutMillis;

    GrpcUnixClient(Path socket, long timeoutMillis) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
    }

    Path socket() {
        return socket;
    }

    /**
     * Calls {@code method} ({@code /package.Service/Method}) with a serialized request.
     *
     * @return the serialized response message
     * @throws NoMessageException if the server ended the call without a message (not found, ...)
     */
    byte[] call(String method, byte[] request) throws IOException {
        return call(method, request, java.util.Map.of());
    }

    /** {@link #call(String, byte[])} with extra request metadata (lower-case names, ASCII values). */
    byte[] call(String method, byte[] request, java.util.Map<String, String> metadata) throws IOException {
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
            SelectionKey key = ch.register(sel, 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            frame(out, HEADERS, END_HEADERS, 1, headers(method, metadata));
            ByteBuffer msg = ByteBuffer.allocate(5 + request.length);
            msg.put((byte) 0).putInt(request.length).put(request);
            frame(out, DATA, END_STREAM, 1, msg.array());
            write(ch, sel, key, ByteBuffer.wrap(out.toByteArray()), deadline, method);

            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            in.flip();
            while (true) {
                byte[] header = readFully(ch, sel, key, in, 9, deadline, method);
                int length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
                int type = header[3] & 0xFF;
                int flags = header[4] & 0xFF;
                int stream = ((header[5] & 0x7F) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8) | (header[8] & 0xFF);
                if (length > MAX_MESSAGE) {
                    throw new IOException(socket + " sent an HTTP/2 frame of " + length + " bytes: not a gRPC server?");
                }
                byte[] payload = readFully(ch, sel, key, in, length, deadline, method);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    ByteArrayOutputStream ack = new ByteArrayOutputStream();
                    frame(ack, SETTINGS, ACK, 0, new byte[0]);
                    write(ch, sel, key, ByteBuffer.wrap(ack.toByteArray()), deadline, method);
                } else if (type == PING && (flags & ACK) == 0) {
                    ByteArrayOutputStream pong = new ByteArrayOutputStream();
                    frame(pong, PING, ACK, 0, payload);
                    write(ch, sel, key, ByteBuffer.wrap(pong.toByteArray()), deadline, method);
                } else if (type == GOAWAY) {
                    throw new IOException(socket + " closed the HTTP/2 connection (GOAWAY) during " + method);
                } else if (stream == 1 && type == RST_STREAM) {
                    throw new IOException(socket + " reset the call " + method);
                } else if (stream == 1 && type == DATA) {
                    int from = 0;
                    int to = payload.length;
                    if ((flags & PADDED) != 0 && to > 0) {
                        to -= payload[0] & 0xFF;
                        from = 1;
                    }
                    if (to > from) {
                        body.write(payload, from, to - from);
                        ByteArrayOutputStream wu = new ByteArrayOutputStream();
                        byte[] inc = ByteBuffer.allocate(4).putInt(payload.length).array();
                        frame(wu, WINDOW_UPDATE, 0, 0, inc);
                        frame(wu, WINDOW_UPDATE, 0, 1, inc);
                        write(ch, sel, key, ByteBuffer.wrap(wu.toByteArray()), deadline, method);
                    }
                    if ((flags & END_STREAM) != 0) {
                        return message(body.toByteArray(), method);
                    }
                } else if (stream == 1 && type == HEADERS && (flags & END_STREAM) != 0) {
                    return message(body.toByteArray(), method);
                }
                if (body.size() > MAX_MESSAGE) {
                    throw new IOException(socket + " answered more than " + MAX_MESSAGE + " bytes to " + method);
                }
            }
        }
    }

    private byte[] message(byte[] body, String method) throws IOException {
        if (body.length == 0) {
            throw new NoMessageException(socket + " answered " + method + " without a message (an error status)");
        }
        if (body.length < 5) {
            throw new IOException(socket + " answered " + method + " with a truncated gRPC message");
        }
        if (body[0] != 0) {
            throw new IOException(socket + " answered " + method + " with a compressed message, which Vigil did not ask for");
        }
        int len = ByteBuffer.wrap(body, 1, 4).getInt();
        if (len < 0 || len > body.length - 5) {
            throw new IOException(socket + " answered " + method + " with a bad gRPC message length " + len);
        }
        return java.util.Arrays.copyOfRange(body, 5, 5 + len);
    }

    /** The request header block: pseudo-headers and gRPC's, as HPACK literals (no Huffman, no indexing). */
    private static byte[] headers(String method, java.util.Map<String, String> metadata) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0x83); // :method POST (static table 3)
        h.write(0x86); // :scheme http (static table 6)
        literal(h, 4, method); // :path
        literal(h, 1, "localhost"); // :authority
        literal(h, 31, "application/grpc"); // content-type
        h.write(0x00); // te: trailers, name and value literal
        string(h, "te");
        string(h, "trailers");
        for (java.util.Map.Entry<String, String> m : metadata.entrySet()) {
            h.write(0x00);
            string(h, m.getKey());
            string(h, m.getValue());
        }
        return h.toByteArray();
    }

    /** A literal header field without indexing, its name from the static table. */
    private static void literal(ByteArrayOutputStream h, int nameIndex, String value) {
        integer(h, 0x00, 4, nameIndex);
        string(h, value);
    }

    private static void string(ByteArrayOutputStream h, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        integer(h, 0x00, 7, b.length);
        h.write(b, 0, b.length);
    }

    /** HPACK integer with an {@code prefixBits}-bit prefix after the {@code first} flag bits. */
    private static void integer(ByteArrayOutputStream h, int first, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            h.write(first | value);
            return;
        }
        h.write(first | max);
        value -= max;
        while (value >= 128) {
            h.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        h.write(value);
    }

    private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write((payload.length >>> 16) & 0xFF);
        out.write((payload.length >>> 8) & 0xFF);
        out.write(payload.length & 0xFF);
        out.write(type);
        out.write(flags);
        out.write((stream >>> 24) & 0x7F);
        out.write((stream >>> 16) & 0xFF);
        out.write((stream >>> 8) & 0xFF);
        out.write(stream & 0xFF);
        out.write(payload, 0, payload.length);
    }

    private void write(SocketChannel ch, Selector sel, SelectionKey key, ByteBuffer b, long deadline, String method)
            throws IOException {
        key.interestOps(SelectionKey.OP_WRITE);
        while (b.hasRemaining()) {
            if (ch.write(b) == 0) {
                await(sel, deadline, "sending " + method);
            }
        }
        key.interestOps(0);
    }

    /** Reads exactly {@code n} bytes, using {@code in} (kept in read mode) as the buffer. */
    private byte[] readFully(SocketChannel ch, Selector sel, SelectionKey key, ByteBuffer in, int n, long deadline,
            String method) throws IOException {
        byte[] dst = new byte[n];
        int got = 0;
        while (got < n) {
            if (in.hasRemaining()) {
                int k = Math.min(in.remaining(), n - got);
                in.get(dst, got, k);
                got += k;
                continue;
            }
            in.clear();
            key.interestOps(SelectionKey.OP_READ);
            int r = ch.read(in);
            in.flip();
            if (r < 0) {
                throw new IOException(socket + " closed the connection during " + method);
            }
            if (r == 0) {
                await(sel, deadline, "reading the answer to " + method);
            }
        }
        return dst;
    }

    private void await(Selector sel, long deadline, String what) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || sel.select(left) == 0 && System.nanoTime() >= deadline) {
            throw new SocketTimeoutException(socket + " did not answer within " + timeoutMillis + " ms (" + what + ")");
        }
        sel.selectedKeys().clear();
    }
}

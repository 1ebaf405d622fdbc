package io.vigil.output.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process fed one line per alert on its standard input: started on first use,
 * restarted when it has died, and killed if it stops reading for longer than the timeout,
 * so a stuck child costs one bounded wait, never a blocked channel.
 */
public final class LineProcess implements Closeable {

    private static final int STDERR_TAIL = 2048;

    private final List<String> command;
    private final long timeoutMillis;
    private final ExecutorService writer;
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private Process process;
    private OutputStream stdin;
    private final StringBuilder stderrTail = new StringBuilder();

    /**
     * @param command       the command line, e.g. {@code sh -c 'cat >> /var/log/alerts'}
     * @param timeoutMillis the longest a line may take to be accepted by the child
     * @param threadName    the name of the thread that writes (so a stuck write is visible)
     */
    public LineProcess(List<String> command, long timeoutMillis, String threadName) {
        this.command = List.copyOf(command);
        this.timeoutMillis = timeoutMillis;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes one line (a newline is added), restarting the child once if it had died or
     * dies on this write.
     *
     * @throws IOException if the child cannot be started, does not accept the line in time,
     *                     or dies twice
     */
    public synchronized void writeLine(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            write(bytes);
        } catch (IOException first) {
            if (first instanceof java.io.InterruptedIOException || first instanceof StuckException) {
                throw first; // a child that does not read would be just as stuck after a restart
            }
            stop();
            retries.incrementAndGet();
            write(bytes); // the child had died: one fresh start
        }
    }

    private void write(byte[] bytes) throws IOException {
        if (process == null || !process.isAlive()) {
            if (process != null) {
                stop();
            }
            start();
        }
        OutputStream out = stdin;
        Future<?> f = writer.submit(() -> {
            out.write(bytes);
            out.flush();
            return null;
        });
        try {
            f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill(); // its end of the pipe closes, so the stuck write fails and the writer thread is free
            throw new StuckException(describe() + " did not read its input within " + timeoutMillis + " ms; killed");
        } catch (ExecutionException e) {
            throw new IOException(describe() + " closed its input: " + e.getCause() + stderr(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted writing to " + describe());
        }
    }

    private void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + describe() + ": " + e.getMessage(), e);
        }
        starts.incrementAndGet();
        stdin = process.getOutputStream();
        synchronized (stderrTail) {
            stderrTail.setLength(0);
        }
        drainStderr(process.getErrorStream());
    }

    private void drainStderr(InputStream err) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            try (err) {
                for (int n; (n = err.read(buf)) > 0;) {
                    synchronized (stderrTail) {
                        stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        if (stderrTail.length() > STDERR_TAIL) {
                            stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "vigil-stderr-" + command.get(0));
        t.setDaemon(true);
        t.start();
    }

    private String stderr() {
        synchronized (stderrTail) {
            String s = stderrTail.toString().strip();
            return s.isEmpty() ? "" : "; its standard error: " + s;
        }
    }

    private String describe() {
        return "'" + String.join(" ", command) + "'";
    }

    /** Lines written a second time because the child died on the first write. */
    public long retries() {
        return retries.get();
    }

    /** How many times the child was started (1 + restarts). */
    public long starts() {
        return starts.get();
    }

    private void stop() {
        if (process == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // already broken
        }
        try {
            if (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    killTree(process);
                }
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
        }
        process = null;
        stdin = null;
    }

    /**
     * Kills a child that does not read: first, because closing its input would wait for the
     * blocked write; with its descendants, which may hold the pipe open (sh -c 'a | b').
     */
    private void kill() {
        if (process != null) {
            killTree(process);
            try {
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop();
        }
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The child did not take a line in time (as opposed to having died). */
    private static final class StuckException extends IOException {
        private static final long serialVersionUID = 1L;

        StuckException(String message) {
            super(message);
        }
    }

    private static byte[] tail(java.util.concurrent.CompletableFuture<byte[]> err) throws InterruptedException {
        try {
            return err.get(1, TimeUnit.SECONDS); // the child has exited: its stderr ends soon
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }

    /** Closes the child's input, lets it finish for a moment, then kills it. */
    @Override
    public synchronized void close() {
        stop();
        writer.shutdownNow();
    }

    /**
     * Runs {@code command} once with {@code input} on its standard input and waits for it.
     *
     * @throws IOException if it cannot start, runs longer than {@code timeoutMillis} (then it
     *                     is killed) or exits non-zero (with the tail of its standard error)
     */
    public static void runOnce(List<String> command, String input, long timeoutMillis) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
        try {
            java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (InputStream in = p.getErrorStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try (OutputStream out = p.getOutputStream()) {
                out.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // it did not read all of it: its exit status tells
            }
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                killTree(p);
                throw new IOException("'" + String.join(" ", command) + "' still running after " + timeoutMillis
                        + " ms; killed");
            }
            if (p.exitValue() != 0) {
                String e = new String(tail(err), StandardCharsets.UTF_8).strip();
                if (e.length() > STDERR_TAIL) {
                    e = e.substring(e.length() - STDERR_TAIL);
                }
                throw new IOException("'" + String.join(" ", command) + "' exited with status " + p.exitValue()
                        + (e.isEmpty() ? "" : ": " + e));
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for '" + String.join(" ", command) + "'");
        }
    }
}

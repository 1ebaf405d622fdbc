package io.vigil.output.support;

/**
 * Exponential backoff between retries: {@code initial}, doubled after each attempt, never more
 * than {@code max} milliseconds.
 *
 * @param initialMillis the wait before the first retry
 * @param maxMillis     the longest wait
 */
public record Backoff(long initialMillis, long maxMillis) {

    public Backoff {
        if (initialMillis < 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff: need 0 <= initial (" + initialMillis
                    + " ms) <= max (" + maxMillis + " ms)");
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public long delayMillis(int retry) {
        long d = initialMillis;
        for (int i = 1; i < retry && d < maxMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxMillis);
    }

    /** Sleeps before retry number {@code retry}; an interrupt ends the wait as an IO error. */
    public void sleepBefore(int retry) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(delayMillis(retry));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}

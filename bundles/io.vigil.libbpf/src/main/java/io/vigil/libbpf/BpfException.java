package io.vigil.libbpf;

import java.io.IOException;

/** A BPF operation failed: the message names what is missing or refused and how to fix it. */
public class BpfException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String verifierLog;

    /** An error without a verifier log. */
    public BpfException(String message) {
        this(message, null);
    }

    /** An error carrying the tail of the kernel verifier's log. */
    public BpfException(String message, String verifierLog) {
        super(verifierLog == null || verifierLog.isEmpty() ? message
                : message + "\n--- verifier log (tail) ---\n" + verifierLog);
        this.verifierLog = verifierLog;
    }

    /** The tail of the verifier log, or null. */
    public String verifierLog() {
        return verifierLog;
    }
}

package io.vigil.syscall.internal.fields;

/** Linux errno and signal names, as Falco prints results and signal parameters. */
public final class Names {

    private static final String[] ERRNO = new String[134];
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    static {
        String all = "EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT"
                + " ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG"
                + " ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY"
                + " ELOOP - ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR"
                + " EXFULL ENOANO EBADRQC EBADSLT - EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK"
                + " EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC"
                + " ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ"
                + " EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT"
                + " EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET"
                + " ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH"
                + " EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM"
                + " EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD"
                + " ENOTRECOVERABLE ERFKILL EHWPOISON";
        String[] names = all.split(" ");
        for (int i = 0; i < names.length && i + 1 < ERRNO.length; i++) {
            ERRNO[i + 1] = names[i].equals("-") ? null : names[i];
        }
    }

    private Names() {
    }

    /** The name of {@code -result} (e.g. {@code ENOENT} for -2), or null. */
    public static String errno(long result) {
        long e = -result;
        if (e > 0 && e < ERRNO.length) {
            return ERRNO[(int) e];
        }
        if (e == 512) {
            return "ERESTARTSYS";
        }
        if (e == 513) {
            return "ERESTARTNOINTR";
        }
        if (e == 514) {
            return "ERESTARTNOHAND";
        }
        if (e == 516) {
            return "ERESTART_RESTARTBLOCK";
        }
        return null;
    }

    /** The name of signal {@code sig}, or null. */
    public static String signal(long sig) {
        return sig > 0 && sig < SIGNALS.length ? SIGNALS[(int) sig] : null;
    }
}

package io.vigil.libbpf.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;

/** The libc calls the ring-buffer reader needs: mmap, epoll, clocks. */
public interface LibC {

    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 1;
    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLLIN = 1;
    int CLOCK_REALTIME = 0;
    int CLOCK_BOOTTIME = 7;

    /** Returns the mapping, or address -1 (MAP_FAILED). Declared with Pointer/off_t: a plain-long
        variant of this signature reached libc with garbled arguments (EINVAL). */
    @SaveError
    Pointer mmap(Pointer addr, @size_t long length, int prot, int flags, int fd, @off_t long offset);

    int munmap(Pointer addr, @size_t long length);

    @SaveError
    int epoll_create1(int flags);

    @SaveError
    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    @SaveError
    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    int close(int fd);

    int geteuid();

    int clock_gettime(int clock, Pointer timespec);

    String strerror(int errnum);
}

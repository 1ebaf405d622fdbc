/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Vigil syscall record layout, shared by the probe (vigil.bpf.c) and the Java decoder
 * (io.vigil.syscall.api.SyscallRecord / RecordLayout). Change both together.
 *
 * One record per completed syscall (enter arguments and return value together) or per
 * scheduler event (fork child, procexit). All integers little-endian (x86_64, arm64).
 *
 *   offset  size  field
 *   0       8     ts        nanoseconds since boot (bpf_ktime_get_boot_ns); Java adds the
 *                           boot time to get nanoseconds since the epoch
 *   8       4     tid       host thread id
 *   12      4     pid       host process id (thread group id)
 *   16      4     len       total record length in bytes, header included
 *   20      2     type      event type code (enum vigil_event_type, SyscallEventTable)
 *   22      2     nparams   number of entries in the length array
 *   24      2     cpu       CPU the record was written on
 *   26      2     flags     VIGIL_F_* bits
 *   28      4     reserved  zero
 *   32      8     res       syscall return value (negative errno), 0 for scheduler events
 *   40      2*n   lens      byte length of each parameter value (0 = empty / absent)
 *   40+2n   ...   values    parameter values packed in order, no padding
 *
 * Value encodings: numeric parameters are 8 bytes (signed or unsigned as the type says;
 * a decoder also accepts 1, 2 and 4 bytes); strings and paths are UTF-8 bytes followed by
 * one NUL (the NUL is counted in the length); argument/environment lists are NUL-terminated
 * strings back to back; socket addresses and tuples are encoded as SockAddr documents.
 * Flag parameters carry the raw Linux values (O_*, CLONE_*, MS_*, ...), except execve's
 * "flags" which carries VIGIL_EXE_* bits.
 *
 * A decoder never trusts a record: a parameter whose value would extend past len is
 * treated as absent, so a truncated record decodes safely with fewer parameters.
 */
#ifndef VIGIL_EVENTS_H
#define VIGIL_EVENTS_H

#define VIGIL_HDR_SIZE 40
#define VIGIL_MAX_PARAMS 32

/* Record flags. */
#define VIGIL_F_TRUNCATED 1 /* at least one parameter was cut to fit the record */

/* execve/execveat "flags" parameter bits (Falco's values). */
#define VIGIL_EXE_WRITABLE 1
#define VIGIL_EXE_UPPER_LAYER 2
#define VIGIL_EXE_FROM_MEMFD 4
#define VIGIL_EXE_LOWER_LAYER 8

enum vigil_event_type {
	VE_NONE = 0,
	VE_EXECVE = 1,
	VE_EXECVEAT = 2,
	VE_CLONE = 3,
	VE_CLONE3 = 4,
	VE_FORK = 5,
	VE_VFORK = 6,
	VE_PROCEXIT = 7,
	VE_OPEN = 8,
	VE_OPENAT = 9,
	VE_OPENAT2 = 10,
	VE_CREAT = 11,
	VE_CLOSE = 12,
	VE_DUP = 13,
	VE_DUP2 = 14,
	VE_DUP3 = 15,
	VE_CONNECT = 16,
	VE_ACCEPT = 17,
	VE_ACCEPT4 = 18,
	VE_BIND = 19,
	VE_LISTEN = 20,
	VE_SOCKET = 21,
	VE_SOCKETPAIR = 22,
	VE_SENDTO = 23,
	VE_SENDMSG = 24,
	VE_RECVFROM = 25,
	VE_RECVMSG = 26,
	VE_SHUTDOWN = 27,
	VE_RENAME = 28,
	VE_RENAMEAT = 29,
	VE_RENAMEAT2 = 30,
	VE_UNLINK = 31,
	VE_UNLINKAT = 32,
	VE_MKDIR = 33,
	VE_MKDIRAT = 34,
	VE_RMDIR = 35,
	VE_SYMLINK = 36,
	VE_SYMLINKAT = 37,
	VE_LINK = 38,
	VE_LINKAT = 39,
	VE_CHMOD = 40,
	VE_FCHMOD = 41,
	VE_FCHMODAT = 42,
	VE_CHOWN = 43,
	VE_FCHOWNAT = 44,
	VE_SETUID = 45,
	VE_SETGID = 46,
	VE_SETREUID = 47,
	VE_SETREGID = 48,
	VE_SETRESUID = 49,
	VE_SETRESGID = 50,
	VE_CAPSET = 51,
	VE_PTRACE = 52,
	VE_MEMFD_CREATE = 53,
	VE_MOUNT = 54,
	VE_UMOUNT2 = 55,
	VE_CHROOT = 56,
	VE_BPF = 57,
	VE_INIT_MODULE = 58,
	VE_FINIT_MODULE = 59,
	VE_SETNS = 60,
	VE_UNSHARE = 61,
	VE_USERFAULTFD = 62,
	VE_PRCTL = 63,
	VE_KILL = 64,
	VE_TGKILL = 65,
	VE_PIPE = 66,
	VE_PIPE2 = 67,
	VE_FCNTL = 68,
	VE_MAX = 69
};

#endif /* VIGIL_EVENTS_H */

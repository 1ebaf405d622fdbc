/*
 * Test activity for the live capture tests: each mode does one kind of thing the probe must
 * record, and prints the facts the test compares with (ports, paths).
 *   activity tcp4 | tcp6 | udp | udpmsg | unix PATH | memfd | misc | kernel DIR
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int tcp(int family)
{
	struct sockaddr_storage ss = {0};
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	int l = socket(family, SOCK_STREAM, 0), c, a;
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
	}
	if (l < 0 || bind(l, (struct sockaddr *)&ss, len) || listen(l, 4) || getsockname(l, (struct sockaddr *)&ss, &len))
		return 1;
	c = socket(family, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&ss, len))
		return 1;
	a = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	if (a < 0)
		return 1;
	struct sockaddr_storage local = {0};
	socklen_t llen = sizeof(local);
	getsockname(c, (struct sockaddr *)&local, &llen);
	printf("%d %d\n", ntohs(((struct sockaddr_in *)&ss)->sin_port), ntohs(((struct sockaddr_in *)&local)->sin_port));
	return 0;
}

/* A datagram to an explicit address on unconnected sockets: sendto, then recvfrom. */
static int udp(void)
{
	struct sockaddr_in dst = {.sin_family = AF_INET}, src = {0}, me = {0};
	socklen_t len = sizeof(dst), slen = sizeof(src), mlen = sizeof(me);
	char buf[16];
	int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (r < 0 || w < 0 || bind(r, (struct sockaddr *)&dst, sizeof(dst)) || getsockname(r, (struct sockaddr *)&dst, &len))
		return 1;
	if (sendto(w, "ping", 4, 0, (struct sockaddr *)&dst, sizeof(dst)) != 4)
		return 1;
	if (recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&src, &slen) != 4)
		return 1;
	getsockname(w, (struct sockaddr *)&me, &mlen);
	printf("%d %d\n", ntohs(dst.sin_port), ntohs(me.sin_port));
	return 0;
}

/* The same exchange through sendmsg/recvmsg with msg_name. */
static int udpmsg(void)
{
	struct sockaddr_in dst = {.sin_family = AF_INET}, src = {0}, me = {0};
	socklen_t len = sizeof(dst), mlen = sizeof(me);
	char out[] = "pong", in[16];
	struct iovec oiov = {out, 4}, iiov = {in, sizeof(in)};
	struct msghdr om = {.msg_name = &dst, .msg_namelen = sizeof(dst), .msg_iov = &oiov, .msg_iovlen = 1};
	struct msghdr im = {.msg_name = &src, .msg_namelen = sizeof(src), .msg_iov = &iiov, .msg_iovlen = 1};
	int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (r < 0 || w < 0 || bind(r, (struct sockaddr *)&dst, sizeof(dst)) || getsockname(r, (struct sockaddr *)&dst, &len))
		return 1;
	if (sendmsg(w, &om, 0) != 4 || recvmsg(r, &im, 0) != 4)
		return 1;
	getsockname(w, (struct sockaddr *)&me, &mlen);
	printf("%d %d\n", ntohs(dst.sin_port), ntohs(me.sin_port));
	return 0;
}

static int unixsock(const char *path)
{
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c;
	strncpy(un.sun_path, path, sizeof(un.sun_path) - 1);
	unlink(path);
	if (l < 0 || bind(l, (struct sockaddr *)&un, sizeof(un)) || listen(l, 4))
		return 1;
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&un, sizeof(un)))
		return 1;
	if (accept(l, NULL, NULL) < 0)
		return 1;
	unlink(path);
	return 0;
}

/* Copies /bin/true into a memfd and executes it from there (fileless execution). */
static int memfd(void)
{
	char buf[65536];
	ssize_t n;
	int fd = memfd_create("vigil-test", 0);
	FILE *in = fopen("/bin/true", "rb");
	if (fd < 0 || !in)
		return 1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (write(fd, buf, n) != n)
			return 1;
	char *argv[] = {"memfd-true", NULL};
	char *envp[] = {NULL};
	fexecve(fd, argv, envp);
	return 1;
}

/* Process, credential and descriptor calls with recognisable arguments. */
static int misc(void)
{
	int p[2], sv[2], d;
	if (kill(getpid(), 0) || prctl(PR_SET_NAME, "vigil-misc", 0, 0, 0))
		return 1;
	if (setresgid(0, 0, 0) || setgid(0) || setresuid(0, 0, 0) || setuid(0))
		return 1;
	if (pipe2(p, O_CLOEXEC) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 1;
	d = dup3(p[0], 77, O_CLOEXEC);
	if (d != 77 || fcntl(d, F_DUPFD_CLOEXEC, 90) < 90 || dup2(p[1], 78) != 78 || close(78))
		return 1;
	if (unshare(CLONE_NEWUTS))
		return 1;
	printf("%d %d\n", p[0], p[1]);
	return 0;
}

/* Calls that touch the kernel or the file system root, most of them failing harmlessly. */
static int kernel(const char *dir)
{
	struct {
		unsigned long long flags, mode, resolve;
	} how = {O_RDONLY | O_CLOEXEC, 0, 0};
	char path[4096];
	int fd;
	syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0);
	syscall(SYS_bpf, 1000, NULL, 0);
	syscall(SYS_finit_module, -1, "", 0);
	syscall(SYS_init_module, NULL, 0, "vigil=1");
	if (chroot("/") || syscall(SYS_setns, -1, 0) != -1)
		return 1;
	fd = syscall(SYS_openat2, AT_FDCWD, "/etc/hostname", &how, sizeof(how));
	if (fd < 0)
		return 1;
	snprintf(path, sizeof(path), "%s/created", dir);
	if (creat(path, 0640) < 0)
		return 1;
	printf("%d\n", fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "tcp4"))
		return tcp(AF_INET);
	if (argc > 1 && !strcmp(argv[1], "tcp6"))
		return tcp(AF_INET6);
	if (argc > 1 && !strcmp(argv[1], "udp"))
		return udp();
	if (argc > 1 && !strcmp(argv[1], "udpmsg"))
		return udpmsg();
	if (argc > 2 && !strcmp(argv[1], "unix"))
		return unixsock(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "memfd"))
		return memfd();
	if (argc > 1 && !strcmp(argv[1], "misc"))
		return misc();
	if (argc > 2 && !strcmp(argv[1], "kernel"))
		return kernel(argv[2]);
	fprintf(stderr, "usage: activity tcp4|tcp6|udp|udpmsg|unix PATH|memfd|misc|kernel DIR\n");
	return 2;
}

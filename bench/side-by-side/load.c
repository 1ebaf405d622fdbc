// SPDX-License-Identifier: Apache-2.0
/*
 * Workloads and probes of the side-by-side benchmark, one binary (run.sh copies it to a file
 * named nginx for the alert-latency trigger, since rules match on the process name).
 *
 *   load openclose SECS RATE    open+close /etc/hostname; RATE pairs/s (0 = flat out)
 *   load forkexec SECS          fork, exec /bin/true, wait
 *   load mixed SECS RATE        open/read/close, stat, loopback TCP connect+accept, pipe,
 *                               dup, unlink of a missing file, getppid; RATE loops/s (0 = flat out)
 *   load repeat SECS CMD...     run CMD again and again until SECS have passed (at least once)
 *   load shadow COUNT MS        open /etc/shadow COUNT times, MS milliseconds apart
 *   load stamp MATCH OUT        copy stdin (alert lines) to stdout; for each JSON line containing
 *                               MATCH append "ARRIVAL_NS LATENCY_NS" to OUT, where the latency
 *                               is the arrival time minus the alert's "time" (the syscall's)
 *
 * Workloads print "OPS WALL_S CPU_S": operations done, wall seconds, and the CPU seconds
 * (user+system) of the workload and its waited-for children.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long real_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double cpu_seconds(void)
{
	struct rusage self, kids;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec + kids.ru_stime.tv_sec +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "load: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Sleeps until n operations are due at rate/s since start (no-op when rate is 0). */
static void pace(long n, double rate, double start)
{
	if (rate <= 0)
		return;
	double ahead = n / rate - (mono() - start);
	if (ahead > 0)
		usleep((useconds_t)(ahead * 1e6));
}

static void report(long ops, double start)
{
	printf("%ld %.3f %.3f\n", ops, mono() - start, cpu_seconds());
}

static int openclose(double secs, double rate)
{
	double start = mono();
	long n = 0;
	while (mono() - start < secs) {
		for (int i = 0; i < 100; i++) {
			int fd = open("/etc/hostname", O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		n += 100;
		pace(n, rate, start);
	}
	report(n, start);
	return 0;
}

static int forkexec(double secs)
{
	double start = mono();
	long n = 0;
	char *argv[] = {"true", NULL};
	char *envp[] = {NULL};
	while (mono() - start < secs) {
		pid_t p = fork();
		if (p < 0)
			die("fork");
		if (p == 0) {
			execve("/bin/true", argv, envp);
			_exit(127);
		}
		int st;
		waitpid(p, &st, 0);
		n++;
	}
	report(n, start);
	return 0;
}

static int mixed(double secs, double rate)
{
	int srv = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (srv < 0 || bind(srv, (struct sockaddr *)&a, sizeof a) || listen(srv, 64) ||
	    getsockname(srv, (struct sockaddr *)&a, &alen))
		die("loopback listener");
	double start = mono();
	long n = 0;
	char buf[64];
	struct stat st;
	while (mono() - start < secs) {
		for (int i = 0; i < 10; i++) {
			int fd = open("/etc/hostname", O_RDONLY);
			if (fd >= 0) {
				if (read(fd, buf, sizeof buf) < 0)
					die("read");
				close(fd);
			}
			stat("/etc/hostname", &st);
			int c = socket(AF_INET, SOCK_STREAM, 0);
			if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a))
				die("loopback connect");
			int s = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
			if (s >= 0)
				close(s);
			close(c);
			int p[2];
			if (pipe2(p, O_CLOEXEC) == 0) {
				close(p[0]);
				close(p[1]);
			}
			int d = dup(1);
			if (d >= 0)
				close(d);
			unlink("/nonexistent/vigil-bench");
			getppid();
		}
		n += 10;
		pace(n, rate, start);
	}
	report(n, start);
	return 0;
}

static int repeat(double secs, char **cmd)
{
	double start = mono();
	long n = 0;
	do {
		pid_t p = fork();
		if (p < 0)
			die("fork");
		if (p == 0) {
			execvp(cmd[0], cmd);
			_exit(127);
		}
		int st;
		waitpid(p, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "load: %s failed (status %d)\n", cmd[0], st);
			return 1;
		}
		n++;
	} while (mono() - start < secs);
	report(n, start);
	return 0;
}

static int shadow(long count, long ms)
{
	for (long i = 0; i < count; i++) {
		int fd = open("/etc/shadow", O_RDONLY);
		if (fd >= 0)
			close(fd);
		usleep(ms * 1000);
	}
	return 0;
}

/* Parses "...\"time\":\"2026-12-01T05:01:16.060468434Z\"..." into ns since the epoch. */
static long long alert_time(const char *line)
{
	const char *t = strstr(line, "\"time\":\"");
	if (!t)
		return -1;
	struct tm tm = {0};
	long ns = 0;
	char frac[16] = {0};
	if (sscanf(t + 8, "%4d-%2d-%2dT%2d:%2d:%2d.%9[0-9]", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, frac) < 6)
		return -1;
	for (int i = 0; i < 9; i++)
		ns = ns * 10 + (frac[i] >= '0' && frac[i] <= '9' ? frac[i] - '0' : 0);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000000000LL + ns;
}

static int stamp(const char *match, const char *out)
{
	FILE *o = fopen(out, "a");
	if (!o)
		die(out);
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, stdin) > 0) {
		long long now = real_ns();
		fputs(line, stdout);
		fflush(stdout);
		if (line[0] == '{' && strstr(line, match)) {
			long long t = alert_time(line);
			if (t > 0) {
				fprintf(o, "%lld %lld\n", now, now - t);
				fflush(o);
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "openclose") && argc == 4)
		return openclose(atof(argv[2]), atof(argv[3]));
	if (!strcmp(m, "forkexec") && argc == 3)
		return forkexec(atof(argv[2]));
	if (!strcmp(m, "mixed") && argc == 4)
		return mixed(atof(argv[2]), atof(argv[3]));
	if (!strcmp(m, "repeat") && argc >= 4)
		return repeat(atof(argv[2]), argv + 3);
	if (!strcmp(m, "shadow") && argc == 4)
		return shadow(atol(argv[2]), atol(argv[3]));
	if (!strcmp(m, "stamp") && argc == 4)
		return stamp(argv[2], argv[3]);
	fprintf(stderr, "usage: load openclose SECS RATE | forkexec SECS | mixed SECS RATE | repeat SECS CMD... |"
			" shadow COUNT MS | stamp MATCH OUT\n");
	return 2;
}

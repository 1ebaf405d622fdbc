/* Workload: open and close a file in a tight loop for a number of seconds; prints ops/s. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3;
	/* Optional pacing: at most this many open/close pairs per second (0 = flat out). */
	double rate = argc > 2 ? atof(argv[2]) : 0;
	double start = now(), t = start;
	long n = 0;
	while ((t = now()) - start < secs) {
		for (int i = 0; i < 100; i++) {
			int fd = open("/etc/hostname", O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		n += 100;
		if (rate > 0) {
			double ahead = n / rate - (now() - start);
			if (ahead > 0)
				usleep((useconds_t)(ahead * 1e6));
		}
	}
	printf("%ld %.3f\n", n, t - start);
	return 0;
}

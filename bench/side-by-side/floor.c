// SPDX-License-Identifier: Apache-2.0
/*
 * The floor of the side-by-side benchmark: the least a consumer of Vigil's probe can do.
 * Loads the very probe object Vigil ships (vigil.bpf.o from bundles/io.vigil.source.ebpf),
 * configures it as io.vigil.source.ebpf does (8 MiB ring, one scratch slot per possible CPU,
 * its own process ignored, consumer woken at 32 KiB of unread data and checking every 1 ms
 * otherwise), enables the same in-kernel syscall filter slots Vigil enabled for its rules,
 * attaches, and counts the ring buffer's records, touching the header as a parser would.
 *
 *   floor PROBE.o FILTER_FILE [MAX_SECONDS]
 *                                  run until SIGTERM/SIGINT (or MAX_SECONDS, a safety net when
 *                                  the script driving it dies); on SIGUSR1 print a stats line
 *   floor --dump-filter PID        print the filter slots enabled in process PID's probe
 *   floor --counts PID             print the records PID's probe wrote, dropped and truncated
 *   floor --pending PID            print the bytes written to PID's ring buffer and not yet
 *                                  consumed (how far that consumer lags behind the kernel)
 *
 * FILTER_FILE lists filter slots (syscall numbers, 511 = procexit), one a line, or is "all".
 * Stats lines: "stats EVENTS KERNEL_DROPS TRUNCATED" (cumulative). Prints "ready" once attached.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FILTER_SIZE 512
#define WAKEUP_BYTES (32 << 10)
#define CHECK_MS 1

static volatile sig_atomic_t stop, want_stats;
static uint64_t events, checksum;

static void on_stop(int sig) { (void)sig; stop = 1; }
static void on_usr1(int sig) { (void)sig; want_stats = 1; }

/* The record header (bpf/vigil_probe.h: struct vigil_hdr). */
struct hdr {
	uint64_t ts;
	uint32_t tid, pid, len;
	uint16_t type, nparams, cpu, flags;
	uint32_t reserved;
	int64_t res;
};

static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	const struct hdr *h = data;
	if (size < sizeof(*h))
		return 0;
	/* What the cheapest parser reads: type, thread, result, record length. */
	checksum += h->type + h->tid + (uint64_t)h->res + h->len;
	events++;
	return 0;
}

static uint64_t percpu_sum(int fd, uint32_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu > 0 ? ncpu : 1], sum = 0;
	if (ncpu <= 0 || bpf_map_lookup_elem(fd, &key, vals))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += vals[i];
	return sum;
}

/* Finds the map named NAME among the BPF maps process PID holds open; returns an fd or -1. */
static int map_of_process(int pid, const char *name)
{
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%d/fdinfo", pid);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	int found = -1;
	while (found < 0 && (e = readdir(d))) {
		char path[400], line[256];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		unsigned id = 0;
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "map_id: %u", &id) == 1)
				break;
		fclose(f);
		if (!id)
			continue;
		int fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		struct bpf_map_info info = {0};
		uint32_t len = sizeof info;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, name))
			found = fd;
		else
			close(fd);
	}
	closedir(d);
	return found;
}

static int dump_filter(int pid)
{
	int fd = map_of_process(pid, "filter");
	if (fd < 0) {
		fprintf(stderr, "floor: process %d holds no BPF map named 'filter' (is it Vigil with its capture open?)\n", pid);
		return 1;
	}
	int n = 0;
	for (uint32_t k = 0; k < FILTER_SIZE; k++) {
		uint8_t v = 0;
		if (!bpf_map_lookup_elem(fd, &k, &v) && v) {
			printf("%u\n", k);
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "floor: the filter of process %d enables no syscall\n", pid);
		return 1;
	}
	return 0;
}

/* Prints "WRITTEN DROPPED TRUNCATED": the records PID's probe wrote, lost and cut, all CPUs. */
static int counts(int pid)
{
	int fd = map_of_process(pid, "counters");
	if (fd < 0) {
		fprintf(stderr, "floor: process %d holds no BPF map named 'counters'\n", pid);
		return 1;
	}
	printf("%llu %llu %llu\n", (unsigned long long)percpu_sum(fd, 2), (unsigned long long)percpu_sum(fd, 0),
	       (unsigned long long)percpu_sum(fd, 1));
	close(fd);
	return 0;
}

static int pending(int pid)
{
	int fd = map_of_process(pid, "events");
	if (fd < 0) {
		fprintf(stderr, "floor: process %d holds no BPF ring buffer named 'events'\n", pid);
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	/* The ring's first page holds the consumer position, the second the producer's. */
	void *cons = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	void *prod = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, page);
	if (cons == MAP_FAILED || prod == MAP_FAILED) {
		fprintf(stderr, "floor: cannot map the positions of process %d's ring buffer: %s\n", pid, strerror(errno));
		return 1;
	}
	uint64_t c = __atomic_load_n((uint64_t *)cons, __ATOMIC_ACQUIRE);
	uint64_t p = __atomic_load_n((uint64_t *)prod, __ATOMIC_ACQUIRE);
	printf("%llu\n", (unsigned long long)(p > c ? p - c : 0));
	return 0;
}

static int read_filter(const char *file, uint8_t *slots)
{
	if (!strcmp(file, "all")) {
		memset(slots, 1, FILTER_SIZE);
		return 0;
	}
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "floor: cannot read the filter file %s: %s\n", file, strerror(errno));
		return -1;
	}
	unsigned s;
	int n = 0;
	while (fscanf(f, "%u", &s) == 1) {
		if (s >= FILTER_SIZE) {
			fprintf(stderr, "floor: filter slot %u in %s is out of range 0..%d\n", s, file, FILTER_SIZE - 1);
			fclose(f);
			return -1;
		}
		slots[s] = 1;
		n++;
	}
	fclose(f);
	if (!n) {
		fprintf(stderr, "floor: the filter file %s lists no slot\n", file);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--dump-filter"))
		return dump_filter(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "--pending"))
		return pending(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "--counts"))
		return counts(atoi(argv[2]));
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: floor PROBE.o FILTER_FILE [MAX_SECONDS] | floor --dump-filter PID\n");
		return 2;
	}
	uint8_t slots[FILTER_SIZE] = {0};
	if (read_filter(argv[2], slots))
		return 1;
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "floor: cannot open the probe %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct bpf_map *events_map = bpf_object__find_map_by_name(obj, "events");
	struct bpf_map *scratch = bpf_object__find_map_by_name(obj, "scratch");
	struct bpf_map *rodata = NULL, *m;
	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t l = strlen(n);
		if (l >= 7 && !strcmp(n + l - 7, ".rodata"))
			rodata = m;
	}
	if (!events_map || !scratch || !rodata) {
		fprintf(stderr, "floor: %s lacks the maps events, scratch or .rodata: not Vigil's probe?\n", argv[1]);
		return 1;
	}
	bpf_map__set_max_entries(events_map, 8 << 20);
	bpf_map__set_max_entries(scratch, libbpf_num_possible_cpus());
	/* The probe's settings struct: self_tgid, wakeup_bytes (as io.vigil.source.ebpf sets them). */
	size_t rosize = 0;
	const void *init = bpf_map__initial_value(rodata, &rosize);
	if (!init || rosize != 8) {
		fprintf(stderr, "floor: the probe's .rodata has %zu bytes, expected the 8-byte settings struct\n", rosize);
		return 1;
	}
	uint32_t settings[2] = {(uint32_t)getpid(), WAKEUP_BYTES};
	if (bpf_map__set_initial_value(rodata, settings, sizeof settings)) {
		fprintf(stderr, "floor: cannot set the probe's settings: %s\n", strerror(errno));
		return 1;
	}
	int err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "floor: the kernel refused the probe %s: %s (run as root, with BTF)\n", argv[1],
			strerror(-err));
		return 1;
	}
	int filter_fd = bpf_object__find_map_fd_by_name(obj, "filter");
	int counters_fd = bpf_object__find_map_fd_by_name(obj, "counters");
	for (uint32_t k = 0; k < FILTER_SIZE; k++) {
		if (bpf_map_update_elem(filter_fd, &k, &slots[k], BPF_ANY)) {
			fprintf(stderr, "floor: cannot set filter slot %u: %s\n", k, strerror(errno));
			return 1;
		}
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "floor: cannot attach %s: %s\n", bpf_program__name(prog), strerror(errno));
			return 1;
		}
	}
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(events_map), on_record, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "floor: cannot map the ring buffer: %s\n", strerror(errno));
		return 1;
	}
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	signal(SIGUSR1, on_usr1);
	signal(SIGALRM, on_stop);
	if (argc == 4)
		alarm(atoi(argv[3]));
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		/* Drain; when nothing is ready wait for a wakeup (32 KiB unread) or the 1 ms check,
		 * as Vigil's reader does: records below the threshold do not signal epoll. */
		if (ring_buffer__consume(rb) == 0)
			ring_buffer__poll(rb, CHECK_MS);
		if (want_stats) {
			want_stats = 0;
			ring_buffer__consume(rb);
			printf("stats %llu %llu %llu\n", (unsigned long long)events,
			       (unsigned long long)percpu_sum(counters_fd, 0), (unsigned long long)percpu_sum(counters_fd, 1));
			fflush(stdout);
		}
	}
	ring_buffer__consume(rb);
	printf("stats %llu %llu %llu\n", (unsigned long long)events, (unsigned long long)percpu_sum(counters_fd, 0),
	       (unsigned long long)percpu_sum(counters_fd, 1));
	fprintf(stderr, "floor: checksum %llu\n", (unsigned long long)checksum);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Vigil's syscall probe: one record per completed syscall, written at sys_exit with the
 * arguments read back from pt_regs (x86_64 keeps the argument registers intact across the
 * syscall; execve is the exception and is recorded at sched_process_exec once the new
 * image is in place), plus procexit at sched_process_exit. The child side of fork/clone
 * is the child's own sys_exit with result 0, as in Falco.
 *
 * Layout of each record: vigil_events.h. Records are assembled in a per-CPU scratch area
 * and copied into the ring buffer with bpf_ringbuf_output (records vary in size).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "vigil_events.h"
#include "vigil_syscalls.h"
#include "vigil_probe.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load: the scratch maps have one slot per possible CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} events SEC(".maps");

/* Syscall numbers (and pseudo slots) to record: non-zero = record. Updated at runtime. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VIGIL_FILTER_SIZE);
	__type(key, __u32);
	__type(value, __u8);
} filter SEC(".maps");

/*
 * Per-CPU counters: [0] records lost because the ring buffer was full, [1] truncated, [2] written
 * (so tools outside the consumer, such as bench/side-by-side, can count events and drops alike
 * for any process that runs this probe).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* resized to the number of possible CPUs by the loader */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* Read-only settings written by the loader before load (offsets in .rodata are fixed by
 * keeping them in one struct): the consumer's own process, ignored (0 = none), and the
 * amount of unread data at which a record wakes the consumer (smaller amounts wait for the
 * consumer's periodic check, which saves a wakeup per record under load). */
const volatile struct {
	__u32 self_tgid;
	__u32 wakeup_bytes;
} settings = {0, 0};
#define self_tgid settings.self_tgid

static __always_inline int wanted(__u32 slot)
{
	__u8 *on = bpf_map_lookup_elem(&filter, &slot);
	return on && *on;
}

static __always_inline struct scratch *scratch_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline void count(__u32 idx)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &idx);
	if (c)
		*c += 1;
}

/*
 * Masks v with an instruction the compiler cannot drop: clang removes masks it can prove
 * redundant from earlier range checks, but the verifier needs to see them.
 */
#define BOUND(v, mask) ({ __u64 __b = (v); asm volatile("%[b] &= " #mask : [b] "+r"(__b)); __b; })
#define AT(off) BOUND(off, 32767)

/* ---- record writer ---------------------------------------------------------------- */

static __always_inline void rec_begin(struct scratch *s, __u16 type, __u16 nparams)
{
	s->type = type;
	s->nparams = nparams;
	s->idx = 0;
	s->flags = 0;
	s->pos = VIGIL_HDR_SIZE + 2 * nparams;
}

/* Closes the current parameter with length len (the value is already in place). */
static __always_inline void rec_len(struct scratch *s, __u32 len)
{
	__u32 i = s->idx;
	*(__u16 *)&s->buf[VIGIL_HDR_SIZE + 2 * BOUND(i, 31)] = len;
	s->idx = i + 1;
	s->pos += len;
}

/* True if max more bytes fit; otherwise marks the record truncated. */
static __always_inline int rec_room(struct scratch *s, __u32 max)
{
	if (s->pos + max < REC_MAX)
		return 1;
	s->flags |= VIGIL_F_TRUNCATED;
	return 0;
}

static __always_inline void put_u64(struct scratch *s, __u64 v)
{
	if (!rec_room(s, 8)) {
		rec_len(s, 0);
		return;
	}
	*(__u64 *)&s->buf[AT(s->pos)] = v;
	rec_len(s, 8);
}

static __always_inline void put_empty(struct scratch *s)
{
	rec_len(s, 0);
}

/* A NUL-terminated user string of at most max bytes (max a power of two <= 4096). */
static __always_inline void put_user_str(struct scratch *s, const void *ptr, __u32 max)
{
	long n = 0;
	if (ptr && rec_room(s, max))
		n = bpf_probe_read_user_str(&s->buf[AT(s->pos)], BOUND(max, 8191), ptr);
	rec_len(s, n > 0 ? n : 0);
}

static __always_inline void put_kernel_str(struct scratch *s, const void *ptr, __u32 max)
{
	long n = 0;
	if (ptr && rec_room(s, max))
		n = bpf_probe_read_kernel_str(&s->buf[AT(s->pos)], BOUND(max, 8191), ptr);
	rec_len(s, n > 0 ? n : 0);
}

/* Up to max user bytes (len may be larger: cut). */
static __always_inline void put_user_bytes(struct scratch *s, const void *ptr, __u64 len, __u32 max)
{
	__u32 n = len > max ? max : len;
	if (n && ptr && rec_room(s, n) &&
	    bpf_probe_read_user(&s->buf[AT(s->pos)], BOUND(n, 8191), ptr) == 0) {
		rec_len(s, n);
		return;
	}
	rec_len(s, 0);
}

/* Writes the header and copies the record into the ring buffer. */
static __always_inline void rec_submit(struct scratch *s, __u32 tid, __u32 tgid, __s64 res)
{
	struct vigil_hdr *h = (struct vigil_hdr *)s->buf;
	__u32 len = s->pos;
	if (len > REC_MAX)
		len = REC_MAX;
	h->ts = bpf_ktime_get_boot_ns();
	h->tid = tid;
	h->pid = tgid;
	h->len = len;
	h->type = s->type;
	h->nparams = s->nparams;
	h->cpu = bpf_get_smp_processor_id();
	h->flags = s->flags;
	h->reserved = 0;
	h->res = res;
	if (s->flags & VIGIL_F_TRUNCATED)
		count(1);
	__u64 wake = 0;
	if (settings.wakeup_bytes)
		wake = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= settings.wakeup_bytes ? BPF_RB_FORCE_WAKEUP
											       : BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&events, s->buf, BOUND(len, 65535), wake))
		count(0);
	else
		count(2);
}

/* ---- kernel object readers ---------------------------------------------------------- */

static __always_inline __u32 encode_dev(__u32 kdev)
{
	__u32 major = kdev >> 20, minor = kdev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline struct file *fd_file(struct task_struct *t, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	struct file **arr;
	struct file *f = NULL;
	if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	arr = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	return f;
}

static __always_inline void put_file_dev_ino(struct scratch *s, struct file *f)
{
	struct inode *ino = f ? BPF_CORE_READ(f, f_inode) : NULL;
	if (!ino) {
		put_empty(s);
		put_empty(s);
		return;
	}
	put_u64(s, encode_dev(BPF_CORE_READ(ino, i_sb, s_dev)));
	put_u64(s, BPF_CORE_READ(ino, i_ino));
}

/*
 * One step of the path walk: prepends a component, or crosses a mount; 1 = done. The walk
 * state lives in the scratch map, not on the stack, so the verifier does not track each
 * iteration's exact position (which made it explore every iteration separately).
 */
static long path_step(__u64 i, struct scratch **ctx)
{
	struct scratch *s = *ctx;
	struct dentry *d = (struct dentry *)s->walk_d;
	struct vfsmount *vm = (struct vfsmount *)s->walk_vm;
	struct mount *mnt = (struct mount *)s->walk_mnt;
	struct dentry *root = BPF_CORE_READ(vm, mnt_root);
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	__u32 pos = s->walk_pos, len;
	struct qstr q;

	if (d == root) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
		if (up == mnt)
			return 1;
		s->walk_d = (__u64)BPF_CORE_READ(mnt, mnt_mountpoint);
		s->walk_mnt = (__u64)up;
		s->walk_vm = (__u64)&up->mnt;
		return 0;
	}
	if (d == parent || !parent)
		return 1;
	q = BPF_CORE_READ(d, d_name);
	len = BOUND(q.len, 255);
	if (len + 1 > pos)
		return 1;
	pos -= len + 1;
	bpf_probe_read_kernel(&s->path[BOUND(pos + 1, 4095)], len, q.name);
	s->path[BOUND(pos, 4095)] = '/';
	s->walk_pos = pos;
	s->walk_d = (__u64)parent;
	return 0;
}

/*
 * The absolute path of (dentry, vfsmount), assembled backwards in the per-CPU path area
 * by walking d_parent and crossing mount points (bpf_loop keeps verification linear),
 * then copied as a NUL-terminated string.
 */
__noinline int put_path(struct scratch *s, __u64 dentry, __u64 vfsmount)
{
	struct dentry *d = (struct dentry *)dentry;
	struct vfsmount *vm = (struct vfsmount *)vfsmount;
	__u32 pos, n;

	if (!s)
		return 0;
	if (!d || !vm) {
		rec_len(s, 0);
		return 0;
	}
	s->walk_d = (__u64)d;
	s->walk_vm = (__u64)vm;
	s->walk_mnt = (__u64)container_of(vm, struct mount, mnt);
	s->walk_pos = PATH_AREA;
	s->path[PATH_AREA] = 0;
	bpf_loop(PATH_DEPTH, path_step, &s, 0);
	pos = s->walk_pos;
	if (pos >= PATH_AREA) {
		pos = PATH_AREA - 1;
		s->path[BOUND(pos, 4095)] = '/';
	}
	n = PATH_AREA + 1 - pos;
	if (!rec_room(s, n)) {
		rec_len(s, 0);
		return 0;
	}
	bpf_probe_read_kernel(&s->buf[AT(s->pos)], BOUND(n, 8191), &s->path[BOUND(pos, 4095)]);
	rec_len(s, n);
	return 0;
}

static __always_inline void put_file_path(struct scratch *s, struct file *f)
{
	if (!f) {
		put_empty(s);
		return;
	}
	put_path(s, (__u64)BPF_CORE_READ(f, f_path.dentry), (__u64)BPF_CORE_READ(f, f_path.mnt));
}

/* The socket behind fd, or NULL if fd is not a socket. */
static __always_inline struct sock *fd_sock(struct task_struct *t, long fd)
{
	struct file *f = fd_file(t, fd);
	struct socket *sock;
	if (!f)
		return NULL;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & 0170000) != 0140000)
		return NULL;
	sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* A user sockaddr in SockAddr encoding: family, address, port (network order). */
__noinline int put_user_sockaddr(struct scratch *s, __u64 user_addr, __u32 alen)
{
	const void *uaddr = (const void *)user_addr;
	__u16 family = 0;
	__u32 p;
	if (!s)
		return 0;
	if (!uaddr || alen < 2 || bpf_probe_read_user(&family, 2, uaddr) || !rec_room(s, 128)) {
		rec_len(s, 0);
		return 0;
	}
	p = AT(s->pos);
	if (family == 2 && alen >= 8) {
		s->buf[AT(p)] = 2;
		bpf_probe_read_user(&s->buf[AT(p + 1)], 4, uaddr + 4);
		bpf_probe_read_user(&s->buf[AT(p + 5)], 2, uaddr + 2);
		rec_len(s, 7);
	} else if (family == 10 && alen >= 24) {
		s->buf[AT(p)] = 10;
		bpf_probe_read_user(&s->buf[AT(p + 1)], 16, uaddr + 8);
		bpf_probe_read_user(&s->buf[AT(p + 17)], 2, uaddr + 2);
		rec_len(s, 19);
	} else if (family == 1) {
		__u32 n = alen > 110 ? 108 : alen - 2;
		s->buf[AT(p)] = 1;
		if (n && bpf_probe_read_user(&s->buf[AT(p + 1)], BOUND(n, 127), uaddr + 2))
			n = 0;
		rec_len(s, n + 1);
	} else {
		s->buf[AT(p)] = family;
		rec_len(s, 1);
	}
	return 0;
}

/* The unix socket's bound path (or the peer's), copied after the family byte. */
static __always_inline __u32 unix_path(struct scratch *s, __u32 at, struct sock *sk)
{
	struct unix_sock *us = (struct unix_sock *)sk;
	struct unix_address *addr = BPF_CORE_READ(us, addr);
	int len;
	if (!addr)
		return 0;
	len = BPF_CORE_READ(addr, len) - 2;
	if (len <= 0)
		return 0;
	if (len > 108)
		len = 108;
	bpf_probe_read_kernel(&s->buf[AT(at)], BOUND(len, 127), &addr->name[0].sun_path);
	return len;
}

/*
 * The connection tuple of a socket in SockAddr encoding. local_first: the local end is the
 * source (outgoing connections); else the remote end is (accepted connections).
 */
__noinline int put_sock_tuple(struct scratch *s, __u64 sock, int local_first)
{
	struct sock *sk = (struct sock *)sock;
	__u16 family, lport, rport;
	__u32 p;
	if (!s)
		return 0;
	if (!sk || !rec_room(s, 256)) {
		rec_len(s, 0);
		return 0;
	}
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	lport = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
	rport = BPF_CORE_READ(sk, __sk_common.skc_dport);
	p = AT(s->pos);
	s->buf[AT(p)] = family;
	if (family == 2) {
		__u32 la = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 ra = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u32 sa = local_first ? la : ra, da = local_first ? ra : la;
		__u16 sp = local_first ? lport : rport, dp = local_first ? rport : lport;
		__builtin_memcpy(&s->buf[AT(p + 1)], &sa, 4);
		__builtin_memcpy(&s->buf[AT(p + 5)], &sp, 2);
		__builtin_memcpy(&s->buf[AT(p + 7)], &da, 4);
		__builtin_memcpy(&s->buf[AT(p + 11)], &dp, 2);
		rec_len(s, 13);
	} else if (family == 10) {
		void *la = &sk->__sk_common.skc_v6_rcv_saddr;
		void *ra = &sk->__sk_common.skc_v6_daddr;
		__u16 sp = local_first ? lport : rport, dp = local_first ? rport : lport;
		bpf_probe_read_kernel(&s->buf[AT(p + 1)], 16, local_first ? la : ra);
		__builtin_memcpy(&s->buf[AT(p + 17)], &sp, 2);
		bpf_probe_read_kernel(&s->buf[AT(p + 19)], 16, local_first ? ra : la);
		__builtin_memcpy(&s->buf[AT(p + 35)], &dp, 2);
		rec_len(s, 37);
	} else if (family == 1) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
		__u64 a = (__u64)sk, b = (__u64)peer;
		__u32 n;
		__builtin_memcpy(&s->buf[AT(p + 1)], &a, 8);
		__builtin_memcpy(&s->buf[AT(p + 9)], &b, 8);
		n = unix_path(s, p + 17, sk);
		if (!n && peer)
			n = unix_path(s, p + 17, peer);
		rec_len(s, 17 + n);
	} else {
		rec_len(s, 1);
	}
	return 0;
}

/* ---- cgroups ----------------------------------------------------------------------- */

/* kernfs_node's parent link was renamed in 6.15; both spellings, resolved at load. */
struct kernfs_node___v615 {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));

struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(((struct kernfs_node___v615 *)0)->__parent))
		return BPF_CORE_READ((struct kernfs_node___v615 *)kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___pre615 *)kn, parent);
}

/* One component of a cgroup path: prepends the kernfs node's name; 1 = done. */
static long cgroup_path_step(__u64 j, struct scratch **ctx)
{
	struct scratch *s = *ctx;
	struct kernfs_node *kn = (struct kernfs_node *)s->walk_vm;
	struct kernfs_node *parent = kn ? kn_parent(kn) : NULL;
	const char *part;
	__u32 pos = s->walk_pos, len;
	long k;

	if (!parent)
		return 1;
	part = BPF_CORE_READ(kn, name);
	/* Measure the name in the spare half of the path area, then place it. */
	k = bpf_probe_read_kernel_str(&s->path[PATH_AREA + 8], NAME_MAX_LEN, part);
	len = k > 1 ? k - 1 : 0;
	if (len + 1 > pos)
		return 1;
	pos -= len + 1;
	bpf_probe_read_kernel(&s->path[BOUND(pos + 1, 4095)], BOUND(len, 255), part);
	s->path[BOUND(pos, 4095)] = '/';
	s->walk_pos = pos;
	s->walk_vm = (__u64)parent;
	return 0;
}

/*
 * One "subsystem=/path" entry of the current task's cgroups (Falco's cgroups parameter),
 * appended at s->cg_len; the path is assembled backwards from the cgroup's kernfs node.
 */
static long cgroup_step(__u64 i, struct scratch **ctx)
{
	struct scratch *s = *ctx;
	struct css_set *cs = (struct css_set *)s->walk_d;
	struct cgroup_subsys_state *css = NULL;
	const char *name;
	__u32 pos, n;
	long k;

	if (i >= bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT))
		return 1;
	bpf_probe_read_kernel(&css, sizeof(css), &cs->subsys[BOUND(i, 15)]);
	if (!css)
		return 0;
	name = BPF_CORE_READ(css, ss, name);
	s->walk_vm = (__u64)BPF_CORE_READ(css, cgroup, kn);
	if (s->cg_len + 32 + 2 > CGROUPS_MAX)
		return 1;
	k = bpf_probe_read_kernel_str(&s->buf[AT(s->pos + s->cg_len)], 32, name);
	if (k <= 1)
		return 0;
	s->cg_len += k; /* the NUL becomes '=' */
	s->buf[AT(s->pos + s->cg_len - 1)] = '=';
	s->walk_pos = PATH_AREA;
	bpf_loop(CGROUP_DEPTH, cgroup_path_step, ctx, 0);
	pos = s->walk_pos;
	if (pos == PATH_AREA) {
		pos--;
		s->path[BOUND(pos, 4095)] = '/';
	}
	n = PATH_AREA - pos;
	if (s->cg_len + n + 1 > CGROUPS_MAX)
		return 1;
	bpf_probe_read_kernel(&s->buf[AT(s->pos + s->cg_len)], BOUND(n, 4095), &s->path[BOUND(pos, 4095)]);
	s->cg_len += n;
	s->buf[AT(s->pos + s->cg_len)] = 0;
	s->cg_len += 1;
	return 0;
}

__noinline int put_cgroups(struct scratch *s)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	if (!s)
		return 0;
	if (!rec_room(s, CGROUPS_MAX)) {
		rec_len(s, 0);
		return 0;
	}
	s->walk_d = (__u64)BPF_CORE_READ(t, cgroups);
	s->cg_len = 0;
	if (s->walk_d)
		bpf_loop(16, cgroup_step, &s, 0);
	rec_len(s, s->cg_len);
	return 0;
}

/*
 * The tuple of a datagram sent to, or received from, an explicit address (sendto/recvfrom
 * on an unconnected socket): the local end from the socket, the remote end from the user's
 * sockaddr. Without an address, or for other families, the socket's own tuple.
 */
__noinline int put_sock_tuple_addr(struct scratch *s, __u64 sock, __u64 user_addr, __u32 alen, int local_first)
{
	struct sock *sk = (struct sock *)sock;
	const void *ua = (const void *)user_addr;
	__u16 family = 0, sfamily, lport, rport = 0;
	__u32 p;

	if (!s)
		return 0;
	if (!sk || !ua || alen < 2 || bpf_probe_read_user(&family, 2, ua))
		return put_sock_tuple(s, sock, local_first);
	sfamily = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != sfamily || (family != 2 && family != 10) || !rec_room(s, 64))
		return put_sock_tuple(s, sock, local_first);
	lport = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
	bpf_probe_read_user(&rport, 2, ua + 2);
	p = AT(s->pos);
	s->buf[AT(p)] = family;
	if (family == 2 && alen >= 8) {
		__u32 la = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr), ra = 0;
		bpf_probe_read_user(&ra, 4, ua + 4);
		__u32 sa = local_first ? la : ra, da = local_first ? ra : la;
		__u16 sp = local_first ? lport : rport, dp = local_first ? rport : lport;
		__builtin_memcpy(&s->buf[AT(p + 1)], &sa, 4);
		__builtin_memcpy(&s->buf[AT(p + 5)], &sp, 2);
		__builtin_memcpy(&s->buf[AT(p + 7)], &da, 4);
		__builtin_memcpy(&s->buf[AT(p + 11)], &dp, 2);
		rec_len(s, 13);
	} else if (family == 10 && alen >= 24) {
		__u16 sp = local_first ? lport : rport, dp = local_first ? rport : lport;
		void *la = &sk->__sk_common.skc_v6_rcv_saddr;
		bpf_probe_read_kernel(&s->buf[AT(p + (local_first ? 1 : 19))], 16, la);
		bpf_probe_read_user(&s->buf[AT(p + (local_first ? 19 : 1))], 16, ua + 8);
		__builtin_memcpy(&s->buf[AT(p + 17)], &sp, 2);
		__builtin_memcpy(&s->buf[AT(p + 35)], &dp, 2);
		rec_len(s, 37);
	} else {
		rec_len(s, 1);
	}
	return 0;
}

/* ---- process facts ------------------------------------------------------------------ */

static __always_inline __u32 pid_nr_in_ns(struct pid *pid)
{
	unsigned int level;
	struct upid up = {};
	if (!pid)
		return 0;
	level = BPF_CORE_READ(pid, level);
	bpf_probe_read_kernel(&up, sizeof(up), &pid->numbers[level & 31]);
	return up.nr;
}

static __always_inline __u32 pid_nr_host(struct pid *pid)
{
	return pid ? BPF_CORE_READ(pid, numbers[0].nr) : 0;
}

/* Reads a kernel_cap_t as 64 bits whatever its layout (u64 val, or u32 cap[2]). */
static __always_inline __u64 read_cap(const void *cap)
{
	__u64 v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), cap);
	return v;
}

static __always_inline __u64 rss_count(struct mm_struct *mm, int idx)
{
	long v = BPF_CORE_READ(mm, rss_stat[idx].count);
	return v > 0 ? v : 0;
}

/*
 * The parameters process creation and execution share, Falco's order: exe, args, tid, pid,
 * ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups.
 */
__noinline int put_proc_common(struct scratch *s)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	unsigned long arg_start = 0, arg_end = 0;
	long n0 = 0;
	__u64 total;

	if (!s)
		return 0;

	if (mm) {
		arg_start = BPF_CORE_READ(mm, arg_start);
		arg_end = BPF_CORE_READ(mm, arg_end);
	}
	/* exe: argv[0]; args: the rest of the argument area. */
	if (arg_end > arg_start && rec_room(s, EXE_MAX)) {
		n0 = bpf_probe_read_user_str(&s->buf[AT(s->pos)], EXE_MAX, (void *)arg_start);
		if (n0 < 0)
			n0 = 0;
	}
	rec_len(s, n0);
	if (n0 > 0 && arg_start + n0 < arg_end)
		put_user_bytes(s, (void *)(arg_start + n0), arg_end - arg_start - n0, ARGS_MAX);
	else
		put_empty(s);
	put_u64(s, BPF_CORE_READ(t, pid));
	put_u64(s, BPF_CORE_READ(t, tgid));
	put_u64(s, BPF_CORE_READ(t, real_parent, pid));
	put_path(s, (__u64)BPF_CORE_READ(t, fs, pwd.dentry), (__u64)BPF_CORE_READ(t, fs, pwd.mnt));
	put_u64(s, BPF_CORE_READ(t, signal, rlim[7].rlim_cur));
	put_u64(s, BPF_CORE_READ(t, maj_flt));
	put_u64(s, BPF_CORE_READ(t, min_flt));
	if (mm) {
		/* Pages to KiB, as /proc/PID/status reports them. */
		put_u64(s, BPF_CORE_READ(mm, total_vm) << 2);
		total = rss_count(mm, 0) + rss_count(mm, 1) + rss_count(mm, 3);
		put_u64(s, total << 2);
		put_u64(s, rss_count(mm, 2) << 2);
	} else {
		put_u64(s, 0);
		put_u64(s, 0);
		put_u64(s, 0);
	}
	if (rec_room(s, 16)) {
		bpf_probe_read_kernel_str(&s->buf[AT(s->pos)], 16, &t->comm);
		rec_len(s, 16);
	} else {
		put_empty(s);
	}
	put_cgroups(s);
	return 0;
}

/* clone/clone3/fork/vfork, parent (res = child tid) or child (res = 0). */
__noinline int emit_clone(struct scratch *s, __u32 type, __u64 flags, long ret)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	const struct cred *cred = BPF_CORE_READ(t, cred);

	if (!s)
		return 0;
	rec_begin(s, type, 21);
	put_u64(s, ret);
	put_proc_common(s);
	put_u64(s, flags);
	put_u64(s, BPF_CORE_READ(cred, euid.val));
	put_u64(s, BPF_CORE_READ(cred, egid.val));
	put_u64(s, pid_nr_in_ns(BPF_CORE_READ(t, thread_pid)));
	put_u64(s, pid_nr_in_ns(BPF_CORE_READ(t, group_leader, thread_pid)));
	put_u64(s, BPF_CORE_READ(t, nsproxy, pid_ns_for_children, child_reaper, start_time));
	rec_submit(s, t->pid, t->tgid, ret);
	return 0;
}

struct ovl_inode___vigil {
	struct inode vfs_inode;
	struct dentry *__upperdentry;
} __attribute__((preserve_access_index));

static __always_inline __u64 timespec_ns(__s64 sec, __u32 nsec)
{
	return (__u64)sec * 1000000000ull + nsec;
}

/* execve/execveat after the new image is in place (res 0), or a failure (res < 0). */
__noinline int emit_exec(struct scratch *s, __u32 type, long ret, __u64 kfile, __u64 ufile)
{
	const char *kfilename = (const char *)kfile;
	const void *ufilename = (const void *)ufile;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	const struct cred *cred = BPF_CORE_READ(t, cred);
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	__u64 flags = 0, ttyv = 0, capeff = read_cap(&cred->cap_effective);

	if (!s)
		return 0;

	rec_begin(s, type, type == VE_EXECVE ? 31 : 30);
	put_u64(s, ret);
	put_proc_common(s);
	/* env */
	if (mm && ret == 0) {
		unsigned long es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end);
		put_user_bytes(s, (void *)es, ee > es ? ee - es : 0, ENV_MAX);
	} else {
		put_empty(s);
	}
	if (tty) {
		__u32 major = BPF_CORE_READ(tty, driver, major);
		__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
		ttyv = encode_dev((major << 20) | minor);
	}
	put_u64(s, ttyv);
	put_u64(s, pid_nr_in_ns(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	put_u64(s, BPF_CORE_READ(t, loginuid.val));
	if (ino) {
		umode_t mode = BPF_CORE_READ(ino, i_mode);
		__u32 iuid = BPF_CORE_READ(ino, i_uid.val), igid = BPF_CORE_READ(ino, i_gid.val);
		struct qstr q = BPF_CORE_READ(exe, f_path.dentry, d_name);
		char prefix[6] = {};
		if ((capeff & (1ull << 1)) || (iuid == BPF_CORE_READ(cred, fsuid.val) && (mode & 0200)) ||
		    (igid == BPF_CORE_READ(cred, fsgid.val) && (mode & 0020)) || (mode & 0002))
			flags |= VIGIL_EXE_WRITABLE;
		bpf_probe_read_kernel(prefix, sizeof(prefix), q.name);
		if (prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' && prefix[4] == 'd' &&
		    prefix[5] == ':')
			flags |= VIGIL_EXE_FROM_MEMFD;
		if (BPF_CORE_READ(ino, i_sb, s_magic) == 0x794c7630 && bpf_core_type_exists(struct ovl_inode___vigil)) {
			struct ovl_inode___vigil *oi = (void *)ino - bpf_core_field_offset(struct ovl_inode___vigil, vfs_inode);
			flags |= BPF_CORE_READ(oi, __upperdentry) ? VIGIL_EXE_UPPER_LAYER : VIGIL_EXE_LOWER_LAYER;
		}
	}
	put_u64(s, flags);
	put_u64(s, read_cap(&cred->cap_inheritable));
	put_u64(s, read_cap(&cred->cap_permitted));
	put_u64(s, capeff);
	if (ino) {
		put_u64(s, BPF_CORE_READ(ino, i_ino));
		if (bpf_core_field_exists(ino->i_ctime_sec)) {
			put_u64(s, timespec_ns(BPF_CORE_READ(ino, i_ctime_sec), BPF_CORE_READ(ino, i_ctime_nsec)));
			put_u64(s, timespec_ns(BPF_CORE_READ(ino, i_mtime_sec), BPF_CORE_READ(ino, i_mtime_nsec)));
		} else {
			put_empty(s);
			put_empty(s);
		}
	} else {
		put_empty(s);
		put_empty(s);
		put_empty(s);
	}
	put_u64(s, BPF_CORE_READ(cred, euid.val));
	if (ret == 0 && exe)
		put_file_path(s, exe);
	else
		put_empty(s);
	put_u64(s, pid_nr_host(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	put_u64(s, BPF_CORE_READ(cred, egid.val));
	if (type == VE_EXECVE) {
		if (kfilename)
			put_kernel_str(s, kfilename, PATH_MAX_LEN);
		else
			put_user_str(s, ufilename, PATH_MAX_LEN);
	}
	rec_submit(s, t->pid, t->tgid, ret);
	return 0;
}

/* ---- per-syscall records --------------------------------------------------------------- */

static __always_inline struct task_struct *cur(void)
{
	return (struct task_struct *)bpf_get_current_task_btf();
}

/* Both fds of pipe/pipe2/socketpair, from the user's int[2]. */
static __always_inline void put_fd_pair(struct scratch *s, const void *ufds, long ret, int *fds)
{
	fds[0] = -1;
	fds[1] = -1;
	if (ret == 0 && ufds)
		bpf_probe_read_user(fds, 8, ufds);
	put_u64(s, (__s64)fds[0]);
	put_u64(s, (__s64)fds[1]);
}

__noinline int emit_file(struct scratch *s, __u32 nr, long ret)
{
	struct task_struct *t = cur();
	__u64 *a;

	if (!s)
		return 0;
	a = s->args;

	switch (nr) {
	case NR_open:
		rec_begin(s, VE_OPEN, 6);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, a[1]);
		put_u64(s, a[2]);
		put_file_dev_ino(s, ret >= 0 ? fd_file(t, ret) : NULL);
		break;
	case NR_openat:
		rec_begin(s, VE_OPENAT, 7);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, a[2]);
		put_u64(s, a[3]);
		put_file_dev_ino(s, ret >= 0 ? fd_file(t, ret) : NULL);
		break;
	case NR_openat2: {
		__u64 how[3] = {};
		bpf_probe_read_user(how, sizeof(how), (void *)a[2]);
		rec_begin(s, VE_OPENAT2, 8);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, how[0]);
		put_u64(s, how[1]);
		put_u64(s, how[2]);
		put_file_dev_ino(s, ret >= 0 ? fd_file(t, ret) : NULL);
		break;
	}
	case NR_creat:
		rec_begin(s, VE_CREAT, 6);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, a[1]);
		put_file_dev_ino(s, ret >= 0 ? fd_file(t, ret) : NULL);
		put_u64(s, 0);
		break;
	case NR_rename:
	case NR_link:
		rec_begin(s, nr == NR_rename ? VE_RENAME : VE_LINK, 3);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		break;
	case NR_renameat:
	case NR_renameat2:
	case NR_linkat:
		rec_begin(s, nr == NR_renameat ? VE_RENAMEAT : nr == NR_renameat2 ? VE_RENAMEAT2 : VE_LINKAT,
			  nr == NR_renameat ? 5 : 6);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, (__s64)(int)a[2]);
		put_user_str(s, (void *)a[3], PATH_MAX_LEN);
		if (nr != NR_renameat)
			put_u64(s, a[4]);
		break;
	case NR_unlink:
	case NR_rmdir:
	case NR_chroot:
		rec_begin(s, nr == NR_unlink ? VE_UNLINK : nr == NR_rmdir ? VE_RMDIR : VE_CHROOT, 2);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		break;
	case NR_unlinkat:
		rec_begin(s, VE_UNLINKAT, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, a[2]);
		break;
	case NR_mkdir:
	case NR_chmod:
		rec_begin(s, nr == NR_mkdir ? VE_MKDIR : VE_CHMOD, 3);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, a[1]);
		break;
	case NR_mkdirat:
	case NR_fchmodat:
		rec_begin(s, nr == NR_mkdirat ? VE_MKDIRAT : VE_FCHMODAT, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, a[2]);
		break;
	case NR_fchmod:
		rec_begin(s, VE_FCHMOD, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[1]);
		break;
	case NR_symlink:
		rec_begin(s, VE_SYMLINK, 3);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		break;
	case NR_symlinkat:
		rec_begin(s, VE_SYMLINKAT, 4);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, (__s64)(int)a[1]);
		put_user_str(s, (void *)a[2], PATH_MAX_LEN);
		break;
	case NR_chown:
		rec_begin(s, VE_CHOWN, 4);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, (__u32)a[1]);
		put_u64(s, (__u32)a[2]);
		break;
	case NR_fchownat:
		rec_begin(s, VE_FCHOWNAT, 6);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_u64(s, (__u32)a[2]);
		put_u64(s, (__u32)a[3]);
		put_u64(s, a[4]);
		break;
	case NR_mount:
		rec_begin(s, VE_MOUNT, 5);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], STR_MAX);
		put_user_str(s, (void *)a[1], PATH_MAX_LEN);
		put_user_str(s, (void *)a[2], STR_MAX);
		put_u64(s, a[3]);
		break;
	case NR_umount2:
		rec_begin(s, VE_UMOUNT2, 3);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], PATH_MAX_LEN);
		put_u64(s, a[1]);
		break;
	case NR_memfd_create:
		rec_begin(s, VE_MEMFD_CREATE, 3);
		put_u64(s, ret);
		put_user_str(s, (void *)a[0], STR_MAX);
		put_u64(s, a[1]);
		break;
	case NR_userfaultfd:
		rec_begin(s, VE_USERFAULTFD, 2);
		put_u64(s, ret);
		put_u64(s, a[0]);
		break;
	default:
		return 0;
	}
	rec_submit(s, t->pid, t->tgid, ret);
	return 0;
}

__noinline int emit_fd(struct scratch *s, __u32 nr, long ret)
{
	struct task_struct *t = cur();
	__u64 *a;

	if (!s)
		return 0;
	a = s->args;
	int fds[2];

	switch (nr) {
	case NR_close:
		rec_begin(s, VE_CLOSE, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		break;
	case NR_dup:
		rec_begin(s, VE_DUP, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		break;
	case NR_dup2:
	case NR_dup3:
		rec_begin(s, nr == NR_dup2 ? VE_DUP2 : VE_DUP3, nr == NR_dup2 ? 3 : 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, (__s64)(int)a[1]);
		if (nr == NR_dup3)
			put_u64(s, a[2]);
		break;
	case NR_fcntl:
		rec_begin(s, VE_FCNTL, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[1]);
		put_u64(s, a[2]);
		break;
	case NR_pipe:
	case NR_pipe2: {
		struct file *f;
		rec_begin(s, nr == NR_pipe ? VE_PIPE : VE_PIPE2, nr == NR_pipe ? 4 : 5);
		put_u64(s, ret);
		put_fd_pair(s, (void *)a[0], ret, fds);
		f = ret == 0 ? fd_file(t, fds[0]) : NULL;
		if (f)
			put_u64(s, BPF_CORE_READ(f, f_inode, i_ino));
		else
			put_empty(s);
		if (nr == NR_pipe2)
			put_u64(s, a[1]);
		break;
	}
	case NR_setns:
		rec_begin(s, VE_SETNS, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[1]);
		break;
	case NR_unshare:
		rec_begin(s, VE_UNSHARE, 2);
		put_u64(s, ret);
		put_u64(s, a[0]);
		break;
	case NR_bpf:
		rec_begin(s, VE_BPF, 2);
		put_u64(s, ret);
		put_u64(s, a[0]);
		break;
	case NR_init_module:
		rec_begin(s, VE_INIT_MODULE, 4);
		put_u64(s, ret);
		put_user_bytes(s, (void *)a[0], a[1], SNAPLEN);
		put_u64(s, a[1]);
		put_user_str(s, (void *)a[2], STR_MAX);
		break;
	case NR_finit_module:
		rec_begin(s, VE_FINIT_MODULE, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_user_str(s, (void *)a[1], STR_MAX);
		put_u64(s, a[2]);
		break;
	case NR_kill:
		rec_begin(s, VE_KILL, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[1]);
		break;
	case NR_tgkill:
		rec_begin(s, VE_TGKILL, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, (__s64)(int)a[1]);
		put_u64(s, a[2]);
		break;
	case NR_ptrace:
		rec_begin(s, VE_PTRACE, 5);
		put_u64(s, ret);
		put_u64(s, a[2]);
		put_u64(s, a[3]);
		put_u64(s, a[0]);
		put_u64(s, (__s64)(int)a[1]);
		break;
	case NR_prctl:
		rec_begin(s, VE_PRCTL, 4);
		put_u64(s, ret);
		put_u64(s, a[0]);
		if (a[0] == 15 /* PR_SET_NAME */)
			put_user_str(s, (void *)a[1], 16);
		else
			put_empty(s);
		put_u64(s, a[1]);
		break;
	case NR_setuid:
	case NR_setgid:
		rec_begin(s, nr == NR_setuid ? VE_SETUID : VE_SETGID, 2);
		put_u64(s, ret);
		put_u64(s, (__u32)a[0]);
		break;
	case NR_setreuid:
	case NR_setregid:
		rec_begin(s, nr == NR_setreuid ? VE_SETREUID : VE_SETREGID, 3);
		put_u64(s, ret);
		put_u64(s, (__u32)a[0]);
		put_u64(s, (__u32)a[1]);
		break;
	case NR_setresuid:
	case NR_setresgid:
		rec_begin(s, nr == NR_setresuid ? VE_SETRESUID : VE_SETRESGID, 4);
		put_u64(s, ret);
		put_u64(s, (__u32)a[0]);
		put_u64(s, (__u32)a[1]);
		put_u64(s, (__u32)a[2]);
		break;
	case NR_capset: {
		const struct cred *cred = BPF_CORE_READ(t, cred);
		rec_begin(s, VE_CAPSET, 4);
		put_u64(s, ret);
		put_u64(s, read_cap(&cred->cap_inheritable));
		put_u64(s, read_cap(&cred->cap_permitted));
		put_u64(s, read_cap(&cred->cap_effective));
		break;
	}
	default:
		return 0;
	}
	rec_submit(s, t->pid, t->tgid, ret);
	return 0;
}

__noinline int emit_net(struct scratch *s, __u32 nr, long ret)
{
	struct task_struct *t = cur();
	__u64 *a;

	if (!s)
		return 0;
	a = s->args;
	int fds[2];

	switch (nr) {
	case NR_socket:
		rec_begin(s, VE_SOCKET, 5);
		put_u64(s, ret);
		put_u64(s, a[0]);
		put_u64(s, a[1] & 0xf);
		put_u64(s, a[2]);
		put_u64(s, a[1] & ~0xfull);
		break;
	case NR_socketpair: {
		rec_begin(s, VE_SOCKETPAIR, 8);
		put_u64(s, ret);
		put_fd_pair(s, (void *)a[3], ret, fds);
		put_u64(s, ret == 0 ? (__u64)fd_sock(t, fds[0]) : 0);
		put_u64(s, ret == 0 ? (__u64)fd_sock(t, fds[1]) : 0);
		put_u64(s, a[0]);
		put_u64(s, a[1]);
		put_u64(s, a[2]);
		break;
	}
	case NR_connect:
		rec_begin(s, VE_CONNECT, 4);
		put_u64(s, ret);
		/* A non-blocking connect in progress (-EINPROGRESS) has its tuple already. */
		if (ret == 0 || ret == -115)
			put_sock_tuple(s, (__u64)fd_sock(t, (int)a[0]), 1);
		else
			put_empty(s);
		put_u64(s, (__s64)(int)a[0]);
		put_user_sockaddr(s, a[1], a[2]);
		break;
	case NR_accept:
	case NR_accept4: {
		struct sock *lsk = fd_sock(t, (int)a[0]);
		__u32 qlen = lsk ? BPF_CORE_READ(lsk, sk_ack_backlog) : 0;
		__u32 qmax = lsk ? BPF_CORE_READ(lsk, sk_max_ack_backlog) : 0;
		rec_begin(s, nr == NR_accept ? VE_ACCEPT : VE_ACCEPT4, nr == NR_accept ? 5 : 6);
		put_u64(s, ret);
		if (ret >= 0)
			put_sock_tuple(s, (__u64)fd_sock(t, ret), 0);
		else
			put_empty(s);
		put_u64(s, qmax ? qlen * 100 / qmax : 0);
		put_u64(s, qlen);
		put_u64(s, qmax);
		if (nr == NR_accept4)
			put_u64(s, a[3]);
		break;
	}
	case NR_bind:
		rec_begin(s, VE_BIND, 3);
		put_u64(s, ret);
		put_user_sockaddr(s, a[1], a[2]);
		put_u64(s, (__s64)(int)a[0]);
		break;
	case NR_listen:
		rec_begin(s, VE_LISTEN, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, (__s64)(int)a[1]);
		break;
	case NR_shutdown:
		rec_begin(s, VE_SHUTDOWN, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[1]);
		break;
	case NR_sendto:
		rec_begin(s, VE_SENDTO, 5);
		put_u64(s, ret);
		put_user_bytes(s, (void *)a[1], ret > 0 ? ret : 0, SNAPLEN);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[2]);
		put_sock_tuple_addr(s, (__u64)fd_sock(t, (int)a[0]), a[4], a[5], 1);
		break;
	case NR_recvfrom: {
		__u32 alen = 0;
		/* The sender's address is in the user's buffer once the call returns. */
		if (ret >= 0 && a[4] && a[5])
			bpf_probe_read_user(&alen, 4, (void *)a[5]);
		rec_begin(s, VE_RECVFROM, 5);
		put_u64(s, ret);
		put_user_bytes(s, (void *)a[1], ret > 0 ? ret : 0, SNAPLEN);
		put_sock_tuple_addr(s, (__u64)fd_sock(t, (int)a[0]), alen ? a[4] : 0, alen, 0);
		put_u64(s, (__s64)(int)a[0]);
		put_u64(s, a[2]);
		break;
	}
	case NR_sendmsg:
	case NR_recvmsg: {
		/* struct user_msghdr: name, namelen, iov, iovlen, ... (x86_64 layout). */
		struct {
			__u64 name;
			__u32 namelen;
			__u32 pad;
			__u64 iov;
			__u64 iovlen;
		} msg = {};
		__u64 iov[2] = {};
		bpf_probe_read_user(&msg, sizeof(msg), (void *)a[1]);
		if (msg.iov && msg.iovlen)
			bpf_probe_read_user(iov, sizeof(iov), (void *)msg.iov);
		if (nr == NR_sendmsg) {
			rec_begin(s, VE_SENDMSG, 5);
			put_u64(s, ret);
			put_user_bytes(s, (void *)iov[0], ret > 0 ? (ret < iov[1] ? ret : iov[1]) : 0, SNAPLEN);
			put_u64(s, (__s64)(int)a[0]);
			put_u64(s, ret > 0 ? ret : 0);
			put_sock_tuple_addr(s, (__u64)fd_sock(t, (int)a[0]), msg.name, msg.namelen, 1);
		} else {
			rec_begin(s, VE_RECVMSG, 6);
			put_u64(s, ret);
			put_u64(s, ret > 0 ? ret : 0);
			put_user_bytes(s, (void *)iov[0], ret > 0 ? (ret < iov[1] ? ret : iov[1]) : 0, SNAPLEN);
			/* The sender's address and its length are written back by the call. */
			put_sock_tuple_addr(s, (__u64)fd_sock(t, (int)a[0]), ret >= 0 ? msg.name : 0, msg.namelen, 0);
			put_empty(s);
			put_u64(s, (__s64)(int)a[0]);
		}
		break;
	}
	default:
		return 0;
	}
	rec_submit(s, t->pid, t->tgid, ret);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(vigil_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 nr = regs->orig_ax;
	struct scratch *s;

	if (nr >= VIGIL_FILTER_SIZE || !wanted(nr))
		return 0;
	/* 32-bit (ia32) syscalls use another numbering: not recorded rather than misread. */
	if (BPF_CORE_READ((struct task_struct *)bpf_get_current_task_btf(), thread_info.status) & 0x0002 /* TS_COMPAT */)
		return 0;
	if (self_tgid && (bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	/* A successful exec is recorded at sched_process_exec, with the new image. */
	if ((nr == NR_execve || nr == NR_execveat) && ret == 0)
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	s->args[0] = regs->di;
	s->args[1] = regs->si;
	s->args[2] = regs->dx;
	s->args[3] = regs->r10;
	s->args[4] = regs->r8;
	s->args[5] = regs->r9;

	switch (nr) {
	case NR_execve:
		return emit_exec(s, VE_EXECVE, ret, 0, s->args[0]);
	case NR_execveat:
		return emit_exec(s, VE_EXECVEAT, ret, 0, 0);
	case NR_clone:
		return emit_clone(s, VE_CLONE, s->args[0], ret);
	case NR_clone3: {
		__u64 flags = 0;
		bpf_probe_read_user(&flags, sizeof(flags), (void *)s->args[0]);
		return emit_clone(s, VE_CLONE3, flags, ret);
	}
	case NR_fork:
		return emit_clone(s, VE_FORK, 0, ret);
	case NR_vfork:
		return emit_clone(s, VE_VFORK, 0x4100 /* CLONE_VM | CLONE_VFORK */, ret);
	case NR_socket:
	case NR_socketpair:
	case NR_connect:
	case NR_accept:
	case NR_accept4:
	case NR_bind:
	case NR_listen:
	case NR_shutdown:
	case NR_sendto:
	case NR_recvfrom:
	case NR_sendmsg:
	case NR_recvmsg:
		return emit_net(s, nr, ret);
	case NR_close:
	case NR_dup:
	case NR_dup2:
	case NR_dup3:
	case NR_fcntl:
	case NR_pipe:
	case NR_pipe2:
	case NR_setns:
	case NR_unshare:
	case NR_bpf:
	case NR_init_module:
	case NR_finit_module:
	case NR_kill:
	case NR_tgkill:
	case NR_ptrace:
	case NR_prctl:
	case NR_setuid:
	case NR_setgid:
	case NR_setreuid:
	case NR_setregid:
	case NR_setresuid:
	case NR_setresgid:
	case NR_capset:
		return emit_fd(s, nr, ret);
	default:
		return emit_file(s, nr, ret);
	}
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(vigil_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(p);
	__u32 nr = BPF_CORE_READ(regs, orig_ax);
	struct scratch *s;

	if (nr != NR_execveat)
		nr = NR_execve;
	if (!wanted(nr))
		return 0;
	if (self_tgid && p->tgid == self_tgid)
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	return emit_exec(s, nr == NR_execve ? VE_EXECVE : VE_EXECVEAT, 0, (__u64)BPF_CORE_READ(bprm, filename), 0);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(vigil_sched_exit, struct task_struct *p)
{
	struct scratch *s;
	__s64 code;

	if (!wanted(VIGIL_FILTER_PROCEXIT))
		return 0;
	if (self_tgid && p->tgid == self_tgid)
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	code = p->exit_code;
	rec_begin(s, VE_PROCEXIT, 5);
	put_u64(s, code);
	put_u64(s, code >> 8);
	put_u64(s, code & 0x7f);
	put_u64(s, (code & 0x80) ? 1 : 0);
	put_u64(s, 0);
	rec_submit(s, p->pid, p->tgid, 0);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Probe-internal definitions: record assembly area and size limits. */
#ifndef VIGIL_PROBE_H
#define VIGIL_PROBE_H

/* Records are at most REC_MAX bytes; the scratch buffer is twice that so a masked offset
 * plus any single bounded write stays inside it (what the verifier needs to see). */
#define REC_MAX 32768
#define POS_MASK (REC_MAX - 1)
#define STR_MAX 256      /* short strings: mount device/type, memfd names, module args */
#define PATH_MAX_LEN 4096 /* paths */
#define EXE_MAX 1024      /* argv[0] */
#define ARGS_MAX 4096     /* the argument area after argv[0] */
#define ENV_MAX 4096      /* the environment area */
#define SNAPLEN 80        /* bytes of data buffers (send/recv, module images) */
#define PATH_AREA 4096    /* path assembly area (power of two) */
#define PATH_DEPTH 64     /* path components and mount crossings walked */
#define NAME_MAX_LEN 256  /* a path component is at most 255 bytes */
#define CGROUPS_MAX 2048  /* the cgroups list of a process */
#define CGROUP_DEPTH 16   /* cgroup path components walked */

struct vigil_hdr {
	__u64 ts;
	__u32 tid;
	__u32 pid;
	__u32 len;
	__u16 type;
	__u16 nparams;
	__u16 cpu;
	__u16 flags;
	__u32 reserved;
	__s64 res;
};

_Static_assert(sizeof(struct vigil_hdr) == VIGIL_HDR_SIZE, "header size");

struct scratch {
	__u8 buf[REC_MAX * 2];
	__u8 path[PATH_AREA * 2 + 8];
	__u64 args[6];
	__u64 walk_d;   /* path walk state: current dentry */
	__u64 walk_vm;  /* its vfsmount */
	__u64 walk_mnt; /* the struct mount around it */
	__u32 walk_pos; /* start of the path assembled so far */
	__u32 cg_len;   /* bytes of the cgroups list written so far */
	__u32 pos;
	__u32 idx;
	__u16 type;
	__u16 nparams;
	__u16 flags;
};

#endif

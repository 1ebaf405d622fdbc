/* A program the verifier must refuse: it dereferences a null pointer. No headers needed. */
#define SEC(name) __attribute__((section(name), used))

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint/syscalls/sys_enter_getpid")
int null_deref(void *ctx)
{
	volatile int *p = 0;
	return *p;
}

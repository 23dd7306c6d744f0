/* HVM hypercalls of the HRT side (hvm.c), the upcall handler (upcall.c) and the services it runs
 * (services.c); numbers: docs/hvm-abi.md. */
#ifndef HVM_H
#define HVM_H

#define HVM_READY 0x0e
#define HVM_GET_STATE 0x0f
#define HVM_POST_EVENT 0x10
#define HVM_ACK_EVENT 0x1e
#define HVM_FUNCTION_DONE 0x2f
#define HVM_MERGE_DONE 0x3f
#define HVM_GDT_SYNC_READ 0x53
#define HVM_GDT_SYNC_DONE 0x5f

struct hvm_event { u64 type, args[6], reserved; };
struct hvm_gdt_sync { u64 gdtr_base, gdtr_limit, fs_base, gs_base; };

i64 hvm_hypercall(u64 op, u64 rdx, u64 rsi);
i64 hvm_ready(void);
i64 hvm_get_state(void);
i64 hvm_post_event(const struct hvm_event *e);
i64 hvm_ack_event(u64 id, u64 *result);
i64 hvm_function_done(void);
i64 hvm_merge_done(void);
i64 hvm_gdt_sync_read(struct hvm_gdt_sync *out);
i64 hvm_gdt_sync_done(void);

/* What 0x20/0x21 point to: a GPA before a merge (the lower half is then identity-mapped), the ROS
 * process's own address after one, so in both cases a plain pointer. */
struct call_descriptor { u64 fn, arg, result; };

/* Function values below SERVICE_LIMIT are service numbers (docs/hvm-abi.md, "Call descriptor"). */
#define SERVICE_LIMIT 0x1000
#define SERVICE_ECHO 1         /* result = argument */
#define SERVICE_COUNT 2        /* result += 1, atomically, on each core */
#define SERVICE_MEMTEST 3      /* result = sum of the argument page's 512 words, each then complemented */
#define SERVICE_POST_EVENT 4   /* post {SERVICE_EVENT_TYPE, argument}, result = the ROS's completion */
#define SERVICE_EVENT_TYPE 0x7e57

void upcall_handle(void);
/* Runs the call: a service (services.c) when fn is below 0x1000, else the function at GVA fn. */
void service_call(volatile struct call_descriptor *d);

#endif

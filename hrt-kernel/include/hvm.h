/* HVM hypercalls of the HRT side (hvm.c) and the upcall handler (upcall.c); numbers: docs/hvm-abi.md. */
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

void upcall_handle(void);

#endif

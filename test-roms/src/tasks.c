/*
 * Hardware task switching in 32-bit protected mode (paging off): JMP to a TSS,
 * CALL to a TSS and IRET back through the back link (NT), and INT n through a
 * task gate in a 32-bit IDT.  The 32-bit code records what each task sees and
 * returns to long mode, where the results are checked.  The 32-bit code lives
 * in a data section: the ROM disassembler test decodes code sections as 64-bit.
 */
#include "sys.h"

#define SEL_TSS_A 0x60
#define SEL_TSS_B 0x68
#define SEL_TSS_C 0x70
#define VEC_TASK 0x50

struct tss32 {
    u16 link, r0;
    u32 esp0;
    u16 ss0, r1;
    u32 esp1;
    u16 ss1, r2;
    u32 esp2;
    u16 ss2, r3;
    u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    u16 es, r4, cs, r5, ss, r6, ds, r7, fs, r8, gs, r9, ldt, r10, trap, iomap;
} __attribute__((packed));

struct tss32 tss_a __attribute__((aligned(128))), tss_b __attribute__((aligned(128))),
    tss_c __attribute__((aligned(128)));
u64 idt32[VEC_TASK + 1] __attribute__((aligned(8)));
struct {
    u16 limit;
    u32 base;
} __attribute__((packed)) idt32_desc;

struct tasks_rec {
    u32 a_eax_after_jmp, a_tr, a_flags_after_call, a_flags_after_int;
    u32 b_eax, b_tr, b_flags_jmp, b_type_a_jmp, b_type_b_jmp, b_flags_call, b_type_a_call;
    u32 c_tr, c_flags;
    u32 done;
} tasks_rec;

static u8 stack_b[4096] __attribute__((aligned(16))), stack_c[4096] __attribute__((aligned(16)));
u8 stack_a[4096] __attribute__((aligned(16)));

__asm__(".pushsection .rodata.tasks, \"a\"\n"
        ".code32\n"
        "tasks_pm32: movl %cr0, %eax\n"
        "  andl $0x7fffffff, %eax\n"
        "  movl %eax, %cr0\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  andl $~0x100, %eax\n"
        "  wrmsr\n"
        "  movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl %eax, %fs\n"
        "  movl %eax, %gs\n"
        "  movl $stack_a + 4096, %esp\n"
        "  movw $0x60, %ax\n"
        "  ltr %ax\n"
        "  lidt idt32_desc\n"
        "  movl $0xaaaa1111, %eax\n"
        "  ljmp $0x68, $0\n"
        "a_after_jmp: movl %eax, tasks_rec + 0\n"
        "  str %eax\n"
        "  movl %eax, tasks_rec + 4\n"
        "  lcall $0x68, $0\n"
        "  pushfl\n"
        "  popl tasks_rec + 8\n"
        "  int $0x50\n"
        "a_after_int: pushfl\n"
        "  popl tasks_rec + 12\n"
        "  movl $1, tasks_rec + 52\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  orl $0x100, %eax\n"
        "  wrmsr\n"
        "  movl %cr0, %eax\n"
        "  orl $0x80000000, %eax\n"
        "  movl %eax, %cr0\n"
        "  ljmp $0x08, $tasks_return\n"
        "task_b: movl %eax, tasks_rec + 16\n"
        "  str %eax\n"
        "  movl %eax, tasks_rec + 20\n"
        "  pushfl\n"
        "  popl tasks_rec + 24\n"
        "  movzbl sys_gdt + 0x60 + 5, %eax\n"
        "  movl %eax, tasks_rec + 28\n"
        "  movzbl sys_gdt + 0x68 + 5, %eax\n"
        "  movl %eax, tasks_rec + 32\n"
        "  ljmp $0x60, $0\n"
        "b_called: pushfl\n"
        "  popl tasks_rec + 36\n"
        "  movzbl sys_gdt + 0x60 + 5, %eax\n"
        "  movl %eax, tasks_rec + 40\n"
        "  iret\n"
        "b_after_iret: jmp b_after_iret\n"
        "task_c: str %eax\n"
        "  movl %eax, tasks_rec + 44\n"
        "  pushfl\n"
        "  popl tasks_rec + 48\n"
        "  iret\n"
        "c_after_iret: jmp c_after_iret\n"
        ".code64\n"
        ".popsection\n"
        ".text\n"
        "tasks_trip: pushq %rbx\n"
        "  pushq %rbp\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  movq %rsp, tasks_saved_rsp\n"
        "  pushq $0x18\n"
        "  pushq $tasks_pm32\n"
        "  lretq\n"
        "tasks_return: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movq tasks_saved_rsp, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbp\n"
        "  popq %rbx\n"
        "  ret\n"
        ".data\n"
        "tasks_saved_rsp: .quad 0\n"
        ".text\n");
extern const u8 task_b[], task_c[], a_after_int[], b_after_iret[], c_after_iret[];
void tasks_trip(void);

static u64 A(const void *p) { return (u64)(uintptr_t)p; }

static u64 tss_descriptor(const struct tss32 *t)
{
    u64 base = A(t), limit = sizeof(*t) - 1;
    return (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 | 0x89ull << 40 | ((base >> 24) & 0xFF) << 56;
}

static void new_task(struct tss32 *t, const u8 *eip, u8 *stack, u32 eax)
{
    memset(t, 0, sizeof(*t));
    t->cr3 = (u32)READ_CR(3);
    t->eip = (u32)A(eip);
    t->eflags = F_FIXED;
    t->eax = eax;
    t->esp = (u32)(A(stack) + 4096);
    t->cs = SEL_KCODE32;
    t->es = t->ss = t->ds = t->fs = t->gs = SEL_KDATA;
    t->iomap = sizeof(*t);
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    memset(&tss_a, 0, sizeof(tss_a));
    tss_a.iomap = sizeof(tss_a);
    tss_a.cr3 = (u32)READ_CR(3); /* a switch saves no CR3: returning to A loads this one */
    new_task(&tss_b, task_b, stack_b, 0xb0b0b0b0);
    new_task(&tss_c, task_c, stack_c, 0);
    sys_gdt[SEL_TSS_A / 8] = tss_descriptor(&tss_a);
    sys_gdt[SEL_TSS_B / 8] = tss_descriptor(&tss_b);
    sys_gdt[SEL_TSS_C / 8] = tss_descriptor(&tss_c);
    idt32[VEC_TASK] = (u64)SEL_TSS_C << 16 | 0x85ull << 40; /* present task gate, DPL 0 */
    idt32_desc.limit = sizeof(idt32) - 1;
    idt32_desc.base = (u32)A(idt32);

    tasks_trip();
    sys_load_idt();

    CHECK_EQ(tasks_rec.done, 1, "tasks: back in long mode after the switches");
    CHECK_EQ(tasks_rec.b_eax, 0xb0b0b0b0, "jmp tss: EAX loaded from the new TSS");
    CHECK_EQ(tasks_rec.b_tr, SEL_TSS_B, "jmp tss: TR is the new TSS");
    CHECK_EQ(tasks_rec.b_flags_jmp & F_NT, 0, "jmp tss: NT clear");
    CHECK_EQ(tasks_rec.b_type_a_jmp, 0x89, "jmp tss: old TSS no longer busy");
    CHECK_EQ(tasks_rec.b_type_b_jmp, 0x8b, "jmp tss: new TSS busy");
    CHECK_EQ(tasks_rec.a_eax_after_jmp, 0xaaaa1111, "jmp back: EAX saved in and restored from the old TSS");
    CHECK_EQ(tasks_rec.a_tr, SEL_TSS_A, "jmp back: TR");
    CHECK_EQ(tasks_rec.b_flags_call & F_NT, F_NT, "call tss: NT set in the called task");
    CHECK_EQ(tss_b.link, SEL_TSS_A, "call tss: back link is the caller");
    CHECK_EQ(tasks_rec.b_type_a_call, 0x8b, "call tss: caller stays busy");
    CHECK_EQ(tasks_rec.a_flags_after_call & F_NT, 0, "iret with NT: back in the caller, NT clear");
    CHECK_EQ(tss_b.eip, A(b_after_iret), "iret with NT: called task's EIP saved after the IRET");
    CHECK_EQ((sys_gdt[SEL_TSS_B / 8] >> 40) & 0xFF, 0x89, "iret with NT: returning task no longer busy");
    CHECK_EQ(tasks_rec.c_tr, SEL_TSS_C, "task gate: INT 0x50 switched to the gate's TSS");
    CHECK_EQ(tasks_rec.c_flags & F_NT, F_NT, "task gate: NT set");
    CHECK_EQ(tss_c.link, SEL_TSS_A, "task gate: back link");
    CHECK_EQ(tss_a.eip, A(a_after_int), "task gate: interrupted task's EIP saved after the INT");
    CHECK_EQ(tasks_rec.a_flags_after_int & F_NT, 0, "task gate: IRET back, NT clear");
    CHECK_EQ(tss_c.eip, A(c_after_iret), "task gate: handler task's EIP saved after its IRET");
    CHECK_EQ((sys_gdt[SEL_TSS_A / 8] >> 40) & 0xFF, 0x8b, "current task's TSS busy");
    return rom_finish();
}

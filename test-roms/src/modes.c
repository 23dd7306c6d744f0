/*
 * Operating-mode round trips.  (1) long mode -> compatibility mode (a 32-bit code
 * segment) -> long mode by far call and far return.  (2) long mode -> 32-bit
 * protected mode (paging off, EFER.LME clear) -> 16-bit protected mode -> real
 * mode (segment arithmetic, INT n through the IVT) -> 32-bit protected mode ->
 * long mode.  The legacy-mode code is a blob copied below 1 MiB (real mode can
 * reach nothing else); it records what it sees and the 64-bit side checks it.
 * The blob lives in a data section: the ROM disassembler test decodes code
 * sections as 64-bit.
 */
#include "sys.h"

#define LOW 0x8000     /* where the blob runs */
#define LOW_STACK 0x7000
#define VEC_RM 0x40    /* real-mode software interrupt */

__asm__(".pushsection .rodata.modes, \"a\"\n"
        ".set LOWADDR, 0x8000\n"
        ".globl modes_blob, modes_blob_end, compat_fn\n"
        "modes_blob:\n"
        /* (1) compatibility mode: called in place with a far call from 64-bit code */
        ".code32\n"
        "compat_fn: movl %cs, %edx\n"
        "  movl $5, %eax\n"
        "  .byte 0x48\n"               /* DEC EAX here, a REX prefix in 64-bit mode */
        "  movl %esp, %ecx\n"
        "  pushl $0x11223344\n"
        "  subl %esp, %ecx\n"          /* 4: pushes are 32-bit */
        "  popl %ebx\n"
        "  lret\n"
        /* (2) entered from long mode by a far return to a 32-bit code segment */
        "pm32_entry: movl %cs, %eax\n"
        "  movl %eax, r_cs32 - modes_blob + LOWADDR\n"
        "  movl %cr0, %eax\n"
        "  andl $0x7fffffff, %eax\n"   /* CR0.PG off: leaves long mode */
        "  movl %eax, %cr0\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  andl $~0x100, %eax\n"       /* EFER.LME off */
        "  wrmsr\n"
        "  rdmsr\n"
        "  movl %eax, r_efer_pm - modes_blob + LOWADDR\n"
        "  movl %cr0, %eax\n"
        "  movl %eax, r_cr0_pm - modes_blob + LOWADDR\n"
        "  movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl $0x7000, %esp\n"
        "  pushl $0x55667788\n"
        "  popl %eax\n"
        "  movl %eax, r_push_pm - modes_blob + LOWADDR\n"
        "  ljmp $0x20, $(pm16 - modes_blob + LOWADDR)\n"
        ".code16\n"
        "pm16: movw $0x40, %ax\n"
        "  movw %ax, %ds\n"
        "  movw %ax, %es\n"
        "  movw %ax, %ss\n"
        "  movl %cr0, %eax\n"
        "  andl $~1, %eax\n"           /* CR0.PE off: real mode */
        "  movl %eax, %cr0\n"
        "  ljmp $0, $(rm - modes_blob + LOWADDR)\n"
        "rm: xorw %ax, %ax\n"
        "  movw %ax, %ds\n"
        "  movw %ax, %es\n"
        "  movw %ax, %ss\n"
        "  movw $0x7000, %sp\n"
        "  lidt rm_idtr - modes_blob + LOWADDR\n"
        "  movw %cs, %ax\n"
        "  movw %ax, r_cs_rm - modes_blob + LOWADDR\n"
        "  smsw %ax\n"
        "  movw %ax, r_msw - modes_blob + LOWADDR\n"
        /* segment arithmetic: 0x0123:0x0045 and 0x0127:0x0005 are both linear 0x1275 */
        "  movw $0x0123, %ax\n"
        "  movw %ax, %ds\n"
        "  movw $0xbeef, 0x0045\n"
        "  movw $0x0127, %ax\n"
        "  movw %ax, %es\n"
        "  movw %es:0x0005, %bx\n"
        "  xorw %ax, %ax\n"
        "  movw %ax, %ds\n"
        "  movw %ax, %es\n"
        "  movw %bx, r_seg - modes_blob + LOWADDR\n"
        /* 16-bit operand size by default, 32 bits with 0x66 */
        "  movw $0xffff, %ax\n"
        "  addw $1, %ax\n"
        "  movw %ax, r_wrap - modes_blob + LOWADDR\n"
        "  movl $0x12345678, %eax\n"
        "  movl %eax, r_o32 - modes_blob + LOWADDR\n"
        /* INT n through the IVT */
        "  movw $(rm_isr - modes_blob + LOWADDR), %ax\n"
        "  movw %ax, 4 * 0x40\n"
        "  movw $0, 4 * 0x40 + 2\n"
        "  movw %sp, r_sp_before - modes_blob + LOWADDR\n"
        "  movw $5, %ax\n"
        "  int $0x40\n"
        "rm_int_ret: movw %ax, r_int_ax - modes_blob + LOWADDR\n"
        "  movw %sp, r_sp_after - modes_blob + LOWADDR\n"
        /* back to protected mode */
        "  movl %cr0, %eax\n"
        "  orl $1, %eax\n"
        "  movl %eax, %cr0\n"
        "  ljmpl $0x18, $(pm32_back - modes_blob + LOWADDR)\n"
        "rm_isr: addw $10, %ax\n"
        "  movw %sp, %bp\n"
        "  movw 0(%bp), %bx\n"
        "  movw %bx, r_int_ip - modes_blob + LOWADDR\n"
        "  movw 2(%bp), %bx\n"
        "  movw %bx, r_int_cs - modes_blob + LOWADDR\n"
        "  movw 4(%bp), %bx\n"
        "  movw %bx, r_int_flags - modes_blob + LOWADDR\n"
        "  iret\n"
        ".code32\n"
        "pm32_back: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl %cr0, %eax\n"
        "  movl %eax, r_cr0_back - modes_blob + LOWADDR\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  orl $0x100, %eax\n"         /* EFER.LME on */
        "  wrmsr\n"
        "  movl %cr0, %eax\n"
        "  orl $0x80000000, %eax\n"    /* CR0.PG on: long mode, still a 32-bit CS */
        "  movl %eax, %cr0\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  movl %eax, r_efer_compat - modes_blob + LOWADDR\n"
        "  ljmp $0x08, $modes_return\n"
        ".code64\n"
        ".balign 8\n"
        "rm_idtr: .word 0x3ff\n"
        "  .long 0\n"
        ".balign 4\n"
        ".globl modes_results\n"
        "modes_results:\n"
        "r_cs32: .long 0\n"
        "r_efer_pm: .long 0\n"
        "r_cr0_pm: .long 0\n"
        "r_push_pm: .long 0\n"
        "r_o32: .long 0\n"
        "r_cr0_back: .long 0\n"
        "r_efer_compat: .long 0\n"
        "r_cs_rm: .word 0\n"
        "r_msw: .word 0\n"
        "r_seg: .word 0\n"
        "r_wrap: .word 0\n"
        "r_sp_before: .word 0\n"
        "r_sp_after: .word 0\n"
        "r_int_ax: .word 0\n"
        "r_int_ip: .word 0\n"
        "r_int_cs: .word 0\n"
        "r_int_flags: .word 0\n"
        "modes_blob_end:\n"
        ".set PM32_ENTRY_LOW, pm32_entry - modes_blob + LOWADDR\n"
        ".set RM_INT_RET_LOW, rm_int_ret - modes_blob + LOWADDR\n"
        ".globl PM32_ENTRY_LOW, RM_INT_RET_LOW\n"
        ".popsection\n");

struct modes_results {
    u32 cs32, efer_pm, cr0_pm, push_pm, o32, cr0_back, efer_compat;
    u16 cs_rm, msw, seg, wrap, sp_before, sp_after, int_ax, int_ip, int_cs, int_flags;
} __attribute__((packed));

extern const u8 modes_blob[], modes_blob_end[], modes_results[], compat_fn[];
extern const u8 PM32_ENTRY_LOW[], RM_INT_RET_LOW[]; /* absolute symbols: their addresses are the values */

/* The long-mode side of trip (2): saves what 32-bit code cannot keep, leaves, and comes back. */
__asm__(".text\n"
        "modes_trip: pushq %rbx\n"
        "  pushq %rbp\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  movq %rsp, modes_saved_rsp\n"
        "  pushq $0x18\n"
        "  pushq $PM32_ENTRY_LOW\n"
        "  lretq\n"
        "modes_return: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movq modes_saved_rsp, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbp\n"
        "  popq %rbx\n"
        "  ret\n"
        ".data\n"
        "modes_saved_rsp: .quad 0\n"
        ".text\n");
void modes_trip(void);

static u64 A(const void *p) { return (u64)(uintptr_t)p; }

static void compat_round_trip(void)
{
    u64 a, b, c, d;
    struct {
        u32 off;
        u16 sel;
    } __attribute__((packed)) far = {(u32)A(compat_fn), SEL_KCODE32};
    __asm__ volatile("movq $-1, %%rax\n\t"
                     "movq $-1, %%rbx\n\t"
                     "lcall *%4"
                     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "m"(far)
                     : "memory", "cc");
    CHECK_EQ(d & 0xFFFF, SEL_KCODE32, "compat: CS is the 32-bit code segment");
    CHECK_EQ(a & 0xFFFFFFFF, 4, "compat: 0x48 is DEC EAX");
    CHECK_EQ(c & 0xFFFFFFFF, 4, "compat: PUSH moves ESP by 4");
    CHECK_EQ(b & 0xFFFFFFFF, 0x11223344, "compat: PUSH imm32 / POP");
    u16 cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    CHECK_EQ(cs, SEL_KCODE64, "compat: far return back to 64-bit CS");
}

static void legacy_round_trip(void)
{
    memcpy((void *)(uintptr_t)LOW, modes_blob, (size_t)(modes_blob_end - modes_blob));
    const volatile struct modes_results *r =
        (const volatile struct modes_results *)(uintptr_t)(LOW + (modes_results - modes_blob));
    modes_trip();
    sys_load_idt();
    CHECK_EQ(r->cs32, SEL_KCODE32, "pm32: entered through the 32-bit code segment");
    CHECK_EQ(r->efer_pm & (EFER_LME | EFER_LMA), 0, "pm32: EFER.LME and LMA clear after CR0.PG off");
    CHECK_EQ(r->cr0_pm & (CR0_PG | CR0_PE), CR0_PE, "pm32: CR0.PE set, PG clear");
    CHECK_EQ(r->push_pm, 0x55667788, "pm32: stack without paging");
    CHECK_EQ(r->cs_rm, 0, "real mode: CS after the far jump");
    CHECK_EQ(r->msw & 1, 0, "real mode: SMSW shows PE clear");
    CHECK_EQ(r->seg, 0xbeef, "real mode: 0123:0045 and 0127:0005 are the same byte");
    CHECK_EQ(r->wrap, 0, "real mode: 16-bit add wraps");
    CHECK_EQ(r->o32, 0x12345678, "real mode: 0x66 gives a 32-bit operand");
    CHECK_EQ(r->int_ax, 15, "real mode: INT 0x40 ran the IVT handler");
    CHECK_EQ(r->int_ip, (u64)(uintptr_t)RM_INT_RET_LOW, "real mode: INT pushed the return IP");
    CHECK_EQ(r->int_cs, 0, "real mode: INT pushed CS");
    CHECK_EQ(r->int_flags & 0x202, 0x002, "real mode: INT pushed FLAGS (IF clear)");
    CHECK_EQ(r->sp_after, r->sp_before, "real mode: IRET restored SP");
    CHECK_EQ(r->cr0_back & (CR0_PG | CR0_PE), CR0_PE, "pm32 again: CR0.PE set after real mode");
    CHECK_EQ(r->efer_compat & (EFER_LME | EFER_LMA), EFER_LME | EFER_LMA, "paging on with LME: EFER.LMA set");
    CHECK_EQ(rdmsr(MSR_EFER) & EFER_LMA, EFER_LMA, "long mode again: EFER.LMA");
    CHECK_EQ(READ_CR(0) & (CR0_PG | CR0_PE), CR0_PG | CR0_PE, "long mode again: CR0.PG and PE");
    u16 cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    CHECK_EQ(cs, SEL_KCODE64, "long mode again: 64-bit CS");
    u64 big = OPAQUE(0x123456789ull) << 8;
    CHECK_EQ(big, 0x12345678900ull, "long mode again: 64-bit arithmetic");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    compat_round_trip();
    legacy_round_trip();
    rt_puts("modes: back in long mode\n");
    return rom_finish();
}

/*
 * The A20 gate through System Control Port A (0x92, bit 1).  With A20 disabled,
 * physical address bit 20 is forced to 0, so 0x100000+X is X; with it enabled
 * the two are distinct.  Checked in 32-bit protected mode without paging (flat
 * addresses X and 0x100000+X) and in real mode (0000:X and FFFF:X+10), with
 * port 0x92 read back after every change.  Everything that runs with A20
 * disabled must lie below 1 MiB (the ROM itself is at 1 MiB), so the test is a
 * blob copied to LOW, entered and left the way modes.c does it; with A20
 * enabled it only reads 0x100000+X (ROM memory), whose value the 64-bit side
 * records first and the markers differ from.  A20 is enabled again before
 * anything above 1 MiB (GDT, page tables, the ROM) is touched.  The blob lives
 * in a data section: the ROM disassembler test decodes code sections as 64-bit.
 */
#include "sys.h"

#define LOW 0x2000 /* where the blob runs; the probe word X lies in it */

__asm__(".pushsection .rodata.a20, \"a\"\n"
        ".set LOWADDR, 0x2000\n"
        ".set X, a20_probe - a20_blob + LOWADDR\n"
        ".set R, a20_results - a20_blob + LOWADDR\n"
        ".globl a20_blob, a20_blob_end\n"
        "a20_blob:\n"
        /* entered from long mode by a far return to the 32-bit code segment */
        ".code32\n"
        "a20_pm32: movl %cr0, %eax\n"
        "  andl $0x7fffffff, %eax\n"   /* CR0.PG off: leaves long mode */
        "  movl %eax, %cr0\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  andl $~0x100, %eax\n"       /* EFER.LME off */
        "  wrmsr\n"
        "  movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl $0x7000, %esp\n"
        /* protected mode, A20 disabled: X and 0x100000+X are one dword */
        "  inb $0x92, %al\n"
        "  movb %al, R + 0\n"
        "  andb $0xfc, %al\n"
        "  outb %al, $0x92\n"
        "  inb $0x92, %al\n"
        "  movb %al, R + 1\n"
        "  movl a20_m1 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, X\n"
        "  movl X + 0x100000, %eax\n"
        "  movl %eax, R + 8\n"
        "  movl a20_m2 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, X + 0x100000\n"
        "  movl X, %eax\n"
        "  movl %eax, R + 12\n"
        /* A20 enabled: distinct */
        "  inb $0x92, %al\n"
        "  andb $0xfe, %al\n"
        "  orb $2, %al\n"
        "  outb %al, $0x92\n"
        "  inb $0x92, %al\n"
        "  movb %al, R + 2\n"
        "  movl a20_m3 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, X\n"
        "  movl X + 0x100000, %eax\n"
        "  movl %eax, R + 16\n"
        "  movl X, %eax\n"
        "  movl %eax, R + 20\n"
        /* to real mode through 16-bit protected mode */
        "  ljmp $0x20, $(a20_pm16 - a20_blob + LOWADDR)\n"
        ".code16\n"
        "a20_pm16: movw $0x40, %ax\n"
        "  movw %ax, %ds\n"
        "  movw %ax, %es\n"
        "  movw %ax, %ss\n"
        "  movl %cr0, %eax\n"
        "  andl $~1, %eax\n"           /* CR0.PE off: real mode */
        "  movl %eax, %cr0\n"
        "  ljmp $0, $(a20_rm - a20_blob + LOWADDR)\n"
        "a20_rm: xorw %ax, %ax\n"
        "  movw %ax, %ds\n"
        "  movw %ax, %es\n"
        "  movw %ax, %ss\n"
        "  movw $0x7000, %sp\n"
        "  movw $0xffff, %ax\n"
        "  movw %ax, %fs\n"            /* FS:X+0x10 is linear 0x100000+X */
        /* real mode, A20 disabled: FFFF:X+10 wraps to 0000:X */
        "  inb $0x92, %al\n"
        "  andb $0xfc, %al\n"
        "  outb %al, $0x92\n"
        "  inb $0x92, %al\n"
        "  movb %al, R + 3\n"
        "  movl a20_m1 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, X\n"
        "  movl %fs:X + 0x10, %eax\n"
        "  movl %eax, R + 24\n"
        "  movl a20_m2 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, %fs:X + 0x10\n"
        "  movl X, %eax\n"
        "  movl %eax, R + 28\n"
        /* A20 enabled: FFFF:X+10 is above 1 MiB */
        "  inb $0x92, %al\n"
        "  andb $0xfe, %al\n"
        "  orb $2, %al\n"
        "  outb %al, $0x92\n"
        "  inb $0x92, %al\n"
        "  movb %al, R + 4\n"
        "  movl a20_m3 - a20_blob + LOWADDR, %eax\n"
        "  movl %eax, X\n"
        "  movl %fs:X + 0x10, %eax\n"
        "  movl %eax, R + 32\n"
        "  movl X, %eax\n"
        "  movl %eax, R + 36\n"
        "  xorw %ax, %ax\n"
        "  movw %ax, %fs\n"
        /* back to protected mode, then long mode */
        "  movl %cr0, %eax\n"
        "  orl $1, %eax\n"
        "  movl %eax, %cr0\n"
        "  ljmpl $0x18, $(a20_pm32_back - a20_blob + LOWADDR)\n"
        ".code32\n"
        "a20_pm32_back: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  orl $0x100, %eax\n"         /* EFER.LME on */
        "  wrmsr\n"
        "  movl %cr0, %eax\n"
        "  orl $0x80000000, %eax\n"    /* CR0.PG on: long mode */
        "  movl %eax, %cr0\n"
        "  ljmp $0x08, $a20_return\n"
        ".code64\n"
        ".balign 4\n"
        ".globl a20_probe, a20_m1, a20_m2, a20_m3, a20_results\n"
        "a20_probe: .long 0\n"
        "a20_m1: .long 0\n"
        "a20_m2: .long 0\n"
        "a20_m3: .long 0\n"
        "a20_results: .fill 40, 1, 0\n"
        "a20_blob_end:\n"
        ".set A20_PM32_LOW, a20_pm32 - a20_blob + LOWADDR\n"
        ".globl A20_PM32_LOW\n"
        ".popsection\n");

struct a20_results {
    u8 p92_initial, p92_pm_off, p92_pm_on, p92_rm_off, p92_rm_on, pad[3];
    u32 pm_off_hi, pm_off_lo, pm_on_hi, pm_on_lo;
    u32 rm_off_hi, rm_off_lo, rm_on_hi, rm_on_lo;
} __attribute__((packed));

extern const u8 a20_blob[], a20_blob_end[], a20_probe[], a20_m1[], a20_m2[], a20_m3[], a20_results[];
extern const u8 A20_PM32_LOW[]; /* absolute symbol: its address is the value */

/* The long-mode side: saves what 32-bit code cannot keep, leaves, and comes back. */
__asm__(".text\n"
        "a20_trip: pushq %rbx\n"
        "  pushq %rbp\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  movq %rsp, a20_saved_rsp\n"
        "  pushq $0x18\n"
        "  pushq $A20_PM32_LOW\n"
        "  lretq\n"
        "a20_return: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movq a20_saved_rsp, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbp\n"
        "  popq %rbx\n"
        "  ret\n"
        ".data\n"
        "a20_saved_rsp: .quad 0\n"
        ".text\n");
void a20_trip(void);

/* The blob's copy at LOW: where its symbol s lives there. */
static volatile u32 *low(const u8 *s)
{
    return (volatile u32 *)(uintptr_t)(LOW + (s - a20_blob));
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    memcpy((void *)(uintptr_t)LOW, a20_blob, (size_t)(a20_blob_end - a20_blob));
    u64 x = (u64)(uintptr_t)low(a20_probe);
    /* 0x100000+X is ROM memory that nothing writes while the blob runs */
    u32 high = *(volatile u32 *)(uintptr_t)(x + 0x100000);
    u32 m1 = high ^ 0x11111111, m2 = high ^ 0x22222222, m3 = high ^ 0x44444444;
    *low(a20_m1) = m1;
    *low(a20_m2) = m2;
    *low(a20_m3) = m3;
    a20_trip();
    const volatile struct a20_results *r = (const volatile struct a20_results *)low(a20_results);
    CHECK_EQ(r->p92_initial & 2, 2, "port 0x92: A20 enabled at entry");
    CHECK_EQ(r->p92_pm_off & 2, 0, "port 0x92: bit 1 reads back 0 (protected mode)");
    CHECK_EQ(r->pm_off_hi, m1, "pm, A20 off: a write to X reads back at 0x100000+X");
    CHECK_EQ(r->pm_off_lo, m2, "pm, A20 off: a write to 0x100000+X reads back at X");
    CHECK_EQ(r->p92_pm_on & 2, 2, "port 0x92: bit 1 reads back 1 (protected mode)");
    CHECK_EQ(r->pm_on_hi, high, "pm, A20 on: 0x100000+X is not X");
    CHECK_EQ(r->pm_on_lo, m3, "pm, A20 on: X keeps its value");
    CHECK_EQ(r->p92_rm_off & 2, 0, "port 0x92: bit 1 reads back 0 (real mode)");
    CHECK_EQ(r->rm_off_hi, m1, "real mode, A20 off: a write to 0000:X reads back at FFFF:X+10");
    CHECK_EQ(r->rm_off_lo, m2, "real mode, A20 off: a write to FFFF:X+10 reads back at 0000:X");
    CHECK_EQ(r->p92_rm_on & 2, 2, "port 0x92: bit 1 reads back 1 (real mode)");
    CHECK_EQ(r->rm_on_hi, high, "real mode, A20 on: FFFF:X+10 is linear 0x100000+X");
    CHECK_EQ(r->rm_on_lo, m3, "real mode, A20 on: 0000:X keeps its value");
    CHECK_EQ(*(volatile u32 *)(uintptr_t)(x + 0x100000), high, "long mode again: 0x100000+X unchanged");
    CHECK_EQ(inb(0x92) & 2, 2, "long mode again: A20 still enabled");
    return rom_finish();
}

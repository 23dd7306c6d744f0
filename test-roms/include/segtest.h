/*
 * Shared by the segmentation ROMs (segments, seglimits): test descriptors, 32-bit
 * snippets run in compatibility mode through a far call, and outcome checks.
 * Compatibility mode applies the protected-mode segment checks as 32-bit
 * protected mode does, while its exceptions arrive through the 64-bit IDT and
 * unwind to SYS_TRY.  The snippets live in a data section: the ROM disassembler
 * test decodes code sections as 64-bit.
 */
#ifndef SEGTEST_H
#define SEGTEST_H

#include "sys.h"

#define SEL_T 0x60   /* test descriptor */
#define SEL_T2 0x68  /* second test descriptor */
#define SEL_LDT 0x70 /* 16-byte LDT descriptor (IA-32e mode) */
#define GDT_LIMIT (GDT_ENTRIES * 8 - 1)

/* Access bytes: P DPL S type */
#define ACC_DATA_RW 0x93
#define ACC_DATA_RO 0x91
#define ACC_DATA_RW_DOWN 0x97
#define ACC_CODE_XR 0x9B
#define ACC_CODE_X 0x99
#define ACC_CODE_CONF_XR 0x9F
#define DPL3 0x60
/* Flag nibble: G, D/B, L, AVL */
#define FL_G 8
#define FL_DB 4

/* 32-bit snippets: EAX = selector, EBX = offset, ECX = value; each ends with LRET. */
__asm__(".pushsection .rodata.seg32, \"a\"\n"
        ".code32\n"
        "seg_read: movl %eax, %ds\n"
        "  movl (%ebx), %eax\n"
        "  jmp seg_out\n"
        "seg_readb: movl %eax, %ds\n"
        "  movzbl (%ebx), %eax\n"
        "  jmp seg_out\n"
        "seg_write: movl %eax, %ds\n"
        "  movl %ecx, (%ebx)\n"
        "  jmp seg_out\n"
        "seg_load_ds: movl %eax, %ds\n"
        "  movl %ds, %eax\n"
        "seg_out: movl $0x10, %edx\n"
        "  movl %edx, %ds\n"
        "  movl %edx, %es\n"
        "  lret\n"
        "seg_load_ss: movl %eax, %ss\n"
        "  movl %ss, %eax\n"
        "  jmp seg_ss_out\n"
        "seg_ss_read: movl %eax, %ss\n"
        "  movl %ss:(%ebx), %eax\n"
        "seg_ss_out: movl $0x10, %edx\n"
        "  movl %edx, %ss\n"
        "  lret\n"
        "seg_cs_read: movl %cs, %ecx\n"
        "  movl %cs:(%ebx), %eax\n"
        "  lret\n"
        "seg_arpl: arpl %bx, %ax\n"
        "  pushfl\n"
        "  popl %ecx\n"
        "  lret\n"
        ".code64\n"
        ".popsection\n");
extern const u8 seg_read[], seg_readb[], seg_write[], seg_load_ds[], seg_load_ss[], seg_ss_read[],
    seg_cs_read[], seg_arpl[];

static u8 buf[0x2000] __attribute__((aligned(4096)));
static u32 out_eax, out_ecx;

static inline u64 A(const void *p) { return (u64)(uintptr_t)p; }
static inline u32 X(void) { return (u32)A(buf); }

static inline u64 desc(u32 base, u32 limit, u32 access, u32 flags)
{
    return (limit & 0xFFFF) | (u64)(base & 0xFFFFFF) << 16 | (u64)access << 40 |
           (u64)((limit >> 16) & 0xF) << 48 | (u64)(flags & 0xF) << 52 | (u64)(base >> 24) << 56;
}

static inline void set_t(u64 d) { sys_gdt[SEL_T / 8] = d; }
static inline u32 gdt_access(u16 sel) { return (sys_gdt[sel / 8] >> 40) & 0xFF; }

/* Far-calls fn through code selector cs (compatibility mode when it is a 32-bit segment). */
static inline int call32(u16 cs, const u8 *fn, u32 eax, u32 ebx, u32 ecx)
{
    struct {
        u32 off;
        u16 sel;
    } __attribute__((packed)) far = {(u32)A(fn), cs};
    u32 a = eax, b = ebx, c = ecx, d = 0;
    out_eax = out_ecx = 0xDEADBEEF;
    int v = SYS_TRY({
        __asm__ volatile("lcall *%4" : "+a"(a), "+b"(b), "+c"(c), "+d"(d) : "m"(far) : "memory", "cc");
        out_eax = a;
        out_ecx = c;
    });
    return v;
}
static inline int run32(const u8 *fn, u32 eax, u32 ebx, u32 ecx) { return call32(SEL_KCODE32, fn, eax, ebx, ecx); }

static inline void expect_ok(int v, u32 got, u32 want, const char *name)
{
    CHECK_EQ((u64)(u32)v << 32 | got, want, "%s", name);
}
/* No trap, and then the result `out` (read after the call) equals want. */
#define EXPECT_OK(call, out, want, name)   \
    do {                                   \
        int v_ = (call);                   \
        expect_ok(v_, (out), (want), name); \
    } while (0)


#endif

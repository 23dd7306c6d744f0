/*
 * Segment loads: privilege and type checks for DS and SS (#GP(selector)), null
 * and not-present selectors (#NP/#SS(selector)), the LDT, conforming code, the
 * accessed bit and ARPL in compatibility mode (include/segtest.h); LAR, LSL,
 * VERR, VERW and the 64-bit relaxations (no limit checks, null SS at CPL 0) in
 * 64-bit mode.  The checks on memory accesses (limits, expand-down, read-only
 * and execute-only segments) are in seglimits, which QEMU cannot run.
 */
#include "segtest.h"

static u64 ldt[4] __attribute__((aligned(8)));

static void long_mode_relaxations(void)
{
    for (int i = 0; i < 0x2000; i++)
        buf[i] = (u8)(i * 7 + 1);
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    /* 64-bit mode checks no limits */
    u32 v64 = 0;
    __asm__ volatile("movl %k1, %%ds\n\t"
                     "movl 0x1ff0(%2), %0\n\t"
                     "movl %3, %%ds"
                     : "=&r"(v64)
                     : "r"((u32)SEL_T), "r"(A(buf)), "r"((u32)SEL_KDATA)
                     : "memory");
    CHECK_EQ(v64, *(u32 *)(buf + 0x1FF0), "64-bit mode: DS limit not checked");
}

static void types(void)
{
    u32 w0 = *(u32 *)buf;
    set_t(desc(X(), 0xFFF, ACC_DATA_RO, FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0, 0), out_eax, w0, "read-only data: read through the base");
    set_t(desc(X(), 0xFFF, ACC_CODE_XR, FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0, 0), out_eax, w0, "readable code in DS: read");
    set_t(desc(X(), 0xFFF, ACC_CODE_X, FL_DB));
    check_trap(run32(seg_load_ds, SEL_T, 0, 0), TRAPPED(13), SEL_T, "execute-only code into DS: #GP(sel)");
    set_t(desc(0, 0xFFFFF, ACC_CODE_XR, FL_G | FL_DB));
    EXPECT_OK(call32(SEL_T, seg_cs_read, 0, X(), 0), out_eax, w0, "readable code: CS-relative read");
    CHECK_EQ(out_ecx, SEL_T, "far call into a 32-bit code segment: CS");
    set_t(desc(0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB));
    check_trap(call32(SEL_T, seg_cs_read, 0, X(), 0), TRAPPED(13), SEL_T, "far call to a data segment: #GP(sel)");

    check_trap(run32(seg_load_ds, SEL_TSS, 0, 0), TRAPPED(13), SEL_TSS, "TSS descriptor into DS: #GP(sel)");
    check_trap(run32(seg_load_ds, GDT_LIMIT + 1, 0, 0), TRAPPED(13), GDT_LIMIT + 1,
           "selector beyond the GDT limit: #GP(sel)");
}

static void privilege(void)
{
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    check_trap(run32(seg_load_ds, SEL_T | 3, 0, 0), TRAPPED(13), SEL_T, "DS: RPL 3 > DPL 0: #GP(sel)");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW | DPL3, FL_DB));
    EXPECT_OK(run32(seg_load_ds, SEL_T | 3, 0, 0), out_eax, SEL_T | 3, "DS: RPL 3, DPL 3 loads");
    EXPECT_OK(run32(seg_load_ds, SEL_T, 0, 0), out_eax, SEL_T, "DS: CPL 0, DPL 3 loads");
    set_t(desc(X(), 0xFFF, ACC_CODE_CONF_XR, FL_DB));
    EXPECT_OK(run32(seg_load_ds, SEL_T | 3, 0, 0), out_eax, SEL_T | 3,
              "DS: conforming readable code, RPL 3 > DPL 0 loads");

    check_trap(run32(seg_load_ss, SEL_KDATA | 3, 0, 0), TRAPPED(13), SEL_KDATA, "SS: RPL 3 != CPL 0: #GP(sel)");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW | DPL3, FL_DB));
    check_trap(run32(seg_load_ss, SEL_T, 0, 0), TRAPPED(13), SEL_T, "SS: DPL 3 != CPL 0: #GP(sel)");
    set_t(desc(X(), 0xFFF, ACC_DATA_RO, FL_DB));
    check_trap(run32(seg_load_ss, SEL_T, 0, 0), TRAPPED(13), SEL_T, "SS: read-only data: #GP(sel)");
    set_t(desc(X(), 0xFFF, ACC_CODE_XR, FL_DB));
    check_trap(run32(seg_load_ss, SEL_T, 0, 0), TRAPPED(13), SEL_T, "SS: code segment: #GP(sel)");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    EXPECT_OK(run32(seg_load_ss, SEL_T, 0, 0), out_eax, SEL_T, "SS: writable DPL 0 data loads");
}

static void null_and_present(void)
{
    EXPECT_OK(run32(seg_load_ds, 0, 0, 0), out_eax, 0, "null selector into DS loads");
    EXPECT_OK(run32(seg_load_ds, 3, 0, 0), out_eax, 3, "null selector with RPL 3 into DS loads");
    check_trap(run32(seg_load_ss, 0, 0, 0), TRAPPED(13), 0, "null selector into SS (compatibility mode): #GP(0)");
    u32 ss = 0xFFFF;
    __asm__ volatile("movl %1, %%ss\n\t"
                     "movl %%ss, %0\n\t"
                     "movl %2, %%ss"
                     : "=&r"(ss)
                     : "r"(0u), "r"((u32)SEL_KDATA)
                     : "memory");
    CHECK_EQ(ss, 0, "64-bit mode, CPL 0: null selector into SS loads");

    set_t(desc(X(), 0xFFF, ACC_DATA_RW & 0x7F, FL_DB));
    check_trap(run32(seg_load_ds, SEL_T, 0, 0), TRAPPED(11), SEL_T, "not-present data into DS: #NP(sel)");
    check_trap(run32(seg_load_ss, SEL_T, 0, 0), TRAPPED(12), SEL_T, "not-present data into SS: #SS(sel)");
    set_t(desc(X(), 0xFFF, (ACC_DATA_RW | DPL3) & 0x7F, FL_DB));
    check_trap(run32(seg_load_ds, SEL_T | 3, 0, 0), TRAPPED(11), SEL_T, "not present, RPL 3: #NP error code drops the RPL");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW & 0x7F, FL_DB));
    check_trap(run32(seg_load_ds, SEL_T | 3, 0, 0), TRAPPED(13), SEL_T,
           "not present and RPL 3 > DPL 0: #GP(sel) before #NP");
}

static void accessed(void)
{
    set_t(desc(X(), 0xFFF, ACC_DATA_RW & ~1u, FL_DB));
    u32 rights = 0;
    __asm__ volatile("lar %w1, %0" : "=r"(rights) : "r"((u16)SEL_T) : "cc");
    (void)rights;
    CHECK_EQ(gdt_access(SEL_T), 0x92, "LAR leaves the accessed bit clear");
    EXPECT_OK(run32(seg_load_ds, SEL_T, 0, 0), out_eax, SEL_T, "DS load of a descriptor with A=0");
    CHECK_EQ(gdt_access(SEL_T), 0x93, "DS load sets the accessed bit");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW & ~1u, FL_DB));
    EXPECT_OK(run32(seg_load_ss, SEL_T, 0, 0), out_eax, SEL_T, "SS load of a descriptor with A=0");
    CHECK_EQ(gdt_access(SEL_T), 0x93, "SS load sets the accessed bit");
}

static void lldt(u16 sel) { __asm__ volatile("lldt %w0" : : "r"(sel) : "memory"); }

static void local_table(void)
{
    u32 w0 = *(u32 *)buf;
    ldt[0] = 0;
    ldt[1] = desc(X(), 0xFFF, ACC_DATA_RW & ~1u, FL_DB);
    ldt[2] = desc(X(), 0xFFF, ACC_DATA_RW | DPL3, FL_DB);
    u64 base = A(ldt), limit = 3 * 8 - 1;
    sys_gdt[SEL_LDT / 8] = desc((u32)base, (u32)limit, 0x82, 0);
    sys_gdt[SEL_LDT / 8 + 1] = base >> 32;
    lldt(SEL_LDT);
    u16 cur = 0xFFFF;
    __asm__ volatile("sldt %0" : "=r"(cur));
    CHECK_EQ(cur, SEL_LDT, "lldt/sldt: LDTR selector");
    EXPECT_OK(run32(seg_read, 0x0C, 0, 0), out_eax, w0, "LDT selector 0x0c (TI=1) into DS reads through its base");
    CHECK_EQ((ldt[1] >> 40) & 0xFF, 0x93, "LDT descriptor load sets its accessed bit");
    EXPECT_OK(run32(seg_load_ds, 0x17, 0, 0), out_eax, 0x17, "LDT selector 0x17 (DPL 3, RPL 3) loads");
    check_trap(run32(seg_load_ds, 0x1C, 0, 0), TRAPPED(13), 0x1C, "LDT selector beyond the LDT limit: #GP(sel)");
    u32 rights = 0;
    u64 zf = 0;
    __asm__ volatile("lar %w2, %0\n\tsetz %b1" : "=&r"(rights), "=&r"(zf) : "r"((u16)0x0C) : "cc");
    CHECK_EQ(zf << 32 | rights, 1ull << 32 | 0x00409300, "LAR of an LDT selector");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    int v = SYS_TRY(lldt(SEL_T));
    check_trap(v, TRAPPED(13), SEL_T, "LLDT of a data descriptor: #GP(sel)");
    lldt(0);
    __asm__ volatile("sldt %0" : "=r"(cur));
    CHECK_EQ(cur, 0, "lldt 0: null LDT");
    check_trap(run32(seg_load_ds, 0x0C, 0, 0), TRAPPED(13), 0x0C, "TI=1 selector with a null LDT: #GP(sel)");
}

static void conforming(void)
{
    set_t(desc(0, 0xFFFFF, ACC_CODE_CONF_XR, FL_G | FL_DB));
    EXPECT_OK(call32(SEL_T | 3, seg_cs_read, 0, X(), 0), out_ecx, SEL_T,
              "far call to conforming DPL 0 code with RPL 3: CPL stays 0");
    set_t(desc(0, 0xFFFFF, ACC_CODE_CONF_XR | DPL3, FL_G | FL_DB));
    check_trap(call32(SEL_T, seg_cs_read, 0, X(), 0), TRAPPED(13), SEL_T,
           "far call to conforming DPL 3 code from CPL 0: #GP(sel)");
    set_t(desc(0, 0xFFFFF, ACC_CODE_XR, FL_G | FL_DB));
    check_trap(call32(SEL_T | 3, seg_cs_read, 0, X(), 0), TRAPPED(13), SEL_T,
           "far call to nonconforming code with RPL 3 > CPL: #GP(sel)");
}

struct probe {
    u32 value;
    int zf;
};
#define PROBE(insn, sel, init)                                                                    \
    ({                                                                                            \
        u32 v_ = (init);                                                                          \
        u8 z_;                                                                                    \
        __asm__ volatile(insn " %w2, %0\n\tsetz %1" : "+r"(v_), "=r"(z_) : "r"((u16)(sel)) : "cc"); \
        (struct probe){v_, z_};                                                                   \
    })
#define VPROBE(insn, sel)                                                          \
    ({                                                                             \
        u8 z_;                                                                     \
        __asm__ volatile(insn " %w1\n\tsetz %0" : "=r"(z_) : "r"((u16)(sel)) : "cc"); \
        z_;                                                                        \
    })

static void check_probe(struct probe p, int zf, u32 value, const char *name)
{
    CHECK_EQ((u64)p.zf << 32 | p.value, (u64)zf << 32 | value, "%s", name);
}

static void access_probes(void)
{
    sys_load_tr();
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    check_probe(PROBE("lar", SEL_T, 0), 1, 0x00409300, "lar data: ZF=1, rights masked with 0x00f0ff00");
    check_probe(PROBE("lsl", SEL_T, 0), 1, 0xFFF, "lsl byte-granular: limit 0xfff");
    set_t(0x00AF9B000000FFFF);
    check_probe(PROBE("lar", SEL_T, 0), 1, 0x00A09B00, "lar 64-bit code: L bit");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    check_probe(PROBE("lsl", SEL_KDATA, 0), 1, 0xFFFFFFFF, "lsl G=1 limit 0xfffff: 0xffffffff");
    check_probe(PROBE("lar", SEL_TSS, 0), 1, 0x00008B00, "lar busy 64-bit TSS");
    check_probe(PROBE("lsl", SEL_TSS, 0), 1, sizeof(sys_tss) - 1, "lsl 64-bit TSS");
    check_probe(PROBE("lar", 0, 0x1234), 0, 0x1234, "lar null selector: ZF=0, destination kept");
    check_probe(PROBE("lsl", GDT_LIMIT + 1, 0x1234), 0, 0x1234, "lsl beyond the GDT limit: ZF=0");
    check_probe(PROBE("lar", SEL_T | 3, 0x1234), 0, 0x1234, "lar RPL 3 > DPL 0 data: ZF=0");
    set_t(desc(X(), 0xFFF, ACC_CODE_CONF_XR, FL_DB));
    check_probe(PROBE("lar", SEL_T | 3, 0), 1, 0x00409F00, "lar conforming code with RPL 3: ZF=1");
    set_t(desc(X(), 0xFFF, ACC_DATA_RW_DOWN, FL_DB));
    check_probe(PROBE("lsl", SEL_T, 0), 1, 0xFFF, "lsl expand-down: raw limit");
    /* 64-bit call gate: LAR valid, LSL not (a gate has no limit) */
    sys_gdt[SEL_T2 / 8] = (u64)SEL_KCODE64 << 16 | 0x8Cull << 40;
    sys_gdt[SEL_T2 / 8 + 1] = 0;
    check_probe(PROBE("lar", SEL_T2, 0), 1, 0x00008C00, "lar 64-bit call gate: ZF=1");
    check_probe(PROBE("lsl", SEL_T2, 0x1234), 0, 0x1234, "lsl call gate: ZF=0");

    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    CHECK_EQ(VPROBE("verr", SEL_T), 1, "verr writable data: ZF=1");
    CHECK_EQ(VPROBE("verw", SEL_T), 1, "verw writable data: ZF=1");
    CHECK_EQ(VPROBE("verr", SEL_T | 3), 0, "verr RPL 3 > DPL 0: ZF=0");
    set_t(desc(X(), 0xFFF, ACC_DATA_RO, FL_DB));
    CHECK_EQ(VPROBE("verr", SEL_T), 1, "verr read-only data: ZF=1");
    CHECK_EQ(VPROBE("verw", SEL_T), 0, "verw read-only data: ZF=0");
    set_t(desc(X(), 0xFFF, ACC_CODE_X, FL_DB));
    CHECK_EQ(VPROBE("verr", SEL_T), 0, "verr execute-only code: ZF=0");
    set_t(desc(X(), 0xFFF, ACC_CODE_XR, FL_DB));
    CHECK_EQ(VPROBE("verr", SEL_T), 1, "verr readable code: ZF=1");
    CHECK_EQ(VPROBE("verw", SEL_T), 0, "verw code: ZF=0");
    set_t(desc(X(), 0xFFF, ACC_CODE_CONF_XR, FL_DB));
    CHECK_EQ(VPROBE("verr", SEL_T | 3), 1, "verr conforming readable code, RPL 3: ZF=1");
    CHECK_EQ(VPROBE("verr", 0), 0, "verr null selector: ZF=0");
    CHECK_EQ(VPROBE("verr", SEL_TSS), 0, "verr TSS: ZF=0");
}

static void arpl(void)
{
    EXPECT_OK(run32(seg_arpl, 0x0060, 0x0003, 0), out_eax & 0xFFFF, 0x63, "arpl raises RPL 0 to 3");
    CHECK_EQ(out_ecx & F_ZF, F_ZF, "arpl adjusted: ZF=1");
    EXPECT_OK(run32(seg_arpl, 0x0063, 0x0001, 0), out_eax & 0xFFFF, 0x63, "arpl keeps RPL 3 against 1");
    CHECK_EQ(out_ecx & F_ZF, 0, "arpl unchanged: ZF=0");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    long_mode_relaxations();
    types();
    privilege();
    null_and_present();
    accessed();
    local_table();
    conforming();
    access_probes();
    arpl();
    return rom_finish();
}

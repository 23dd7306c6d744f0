/*
 * Segment checks on memory accesses in compatibility mode (include/segtest.h):
 * limits (#GP(0), #SS(0) for SS), granularity, expand-down segments (valid range
 * above the limit, upper bound from the B bit), writes to read-only data and
 * code, CS-relative reads from execute-only code, accesses through a null DS,
 * and the accessed bit a far call sets in a code descriptor.  QEMU's TCG checks
 * none of these on memory accesses (nor sets that accessed bit), so this ROM is
 * in the Makefile's QEMU_SKIP_ROMS: the expectations come from the SDM (Vol. 3A
 * 3.4.5.1, 5.3, 5.4, 5.5 and 6.15).
 */
#include "segtest.h"

static void limits(void)
{
    for (int i = 0; i < 0x2000; i++)
        buf[i] = (u8)(i * 7 + 1);
    u32 want_ffc = *(u32 *)(buf + 0xFFC);
    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0xFFC, 0), out_eax, want_ffc, "limit 0xfff: dword at 0xffc reads");
    check_trap(run32(seg_read, SEL_T, 0xFFD, 0), TRAPPED(13), 0, "limit 0xfff: dword at 0xffd #GP(0)");
    EXPECT_OK(run32(seg_readb, SEL_T, 0xFFF, 0), out_eax, buf[0xFFF], "limit 0xfff: byte at 0xfff reads");
    check_trap(run32(seg_readb, SEL_T, 0x1000, 0), TRAPPED(13), 0, "limit 0xfff: byte at 0x1000 #GP(0)");
    u32 before = *(volatile u32 *)(buf + 0xFFD);
    check_trap(run32(seg_write, SEL_T, 0xFFD, 0x11223344), TRAPPED(13), 0, "limit 0xfff: write at 0xffd #GP(0)");
    CHECK_EQ(*(volatile u32 *)(buf + 0xFFD), before, "limit: faulting write stores nothing");
    EXPECT_OK(run32(seg_write, SEL_T, 0xFFC, 0x55667788), 0, 0, "limit 0xfff: write at 0xffc");
    CHECK_EQ(*(volatile u32 *)(buf + 0xFFC), 0x55667788, "limit: write through the segment base");

    set_t(desc(X(), 0, ACC_DATA_RW, FL_G | FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0xFFC, 0), out_eax, 0x55667788, "G=1 limit 0 (0xfff): dword at 0xffc reads");
    check_trap(run32(seg_read, SEL_T, 0xFFE, 0), TRAPPED(13), 0, "G=1 limit 0 (0xfff): dword at 0xffe #GP(0)");

    set_t(desc(X(), 0xFFF, ACC_DATA_RW, FL_DB));
    EXPECT_OK(run32(seg_ss_read, SEL_T, 0xFFC, 0), out_eax, 0x55667788, "ss limit 0xfff: dword at 0xffc reads");
    check_trap(run32(seg_ss_read, SEL_T, 0xFFD, 0), TRAPPED(12), 0, "ss limit 0xfff: dword at 0xffd #SS(0)");
}

static void expand_down(void)
{
    u32 w0 = *(u32 *)buf;
    set_t(desc(X() - 0x1000, 0xFFF, ACC_DATA_RW_DOWN, FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0x1000, 0), out_eax, w0, "expand-down limit 0xfff: offset 0x1000 reads");
    check_trap(run32(seg_read, SEL_T, 0xFFF, 0), TRAPPED(13), 0, "expand-down limit 0xfff: offset 0xfff #GP(0)");
    check_trap(run32(seg_read, SEL_T, 0, 0), TRAPPED(13), 0, "expand-down limit 0xfff: offset 0 #GP(0)");
    set_t(desc(X() - 0x10000, 0xFFF, ACC_DATA_RW_DOWN, FL_DB));
    EXPECT_OK(run32(seg_read, SEL_T, 0x10000, 0), out_eax, w0, "expand-down B=1: offset 0x10000 reads");
    set_t(desc(X() - 0x10000, 0xFFF, ACC_DATA_RW_DOWN, 0));
    check_trap(run32(seg_read, SEL_T, 0x10000, 0), TRAPPED(13), 0, "expand-down B=0: offset 0x10000 #GP(0)");
    set_t(desc(X() - 0xFFFC, 0xFFF, ACC_DATA_RW_DOWN, 0));
    EXPECT_OK(run32(seg_read, SEL_T, 0xFFFC, 0), out_eax, w0, "expand-down B=0: dword at 0xfffc reads");
    check_trap(run32(seg_read, SEL_T, 0xFFFD, 0), TRAPPED(13), 0, "expand-down B=0: dword at 0xfffd #GP(0)");
    check_trap(run32(seg_ss_read, SEL_T, 0xFFFD, 0), TRAPPED(12), 0, "expand-down ss B=0: dword at 0xfffd #SS(0)");
    EXPECT_OK(run32(seg_ss_read, SEL_T, 0xFFFC, 0), out_eax, w0, "expand-down ss B=0: dword at 0xfffc reads");
}

static void access_types(void)
{
    u32 w0 = *(u32 *)buf;
    set_t(desc(X(), 0xFFF, ACC_DATA_RO, FL_DB));
    check_trap(run32(seg_write, SEL_T, 0, 1), TRAPPED(13), 0, "read-only data: write #GP(0)");
    CHECK_EQ(*(volatile u32 *)buf, w0, "read-only data: faulting write stores nothing");
    set_t(desc(X(), 0xFFF, ACC_CODE_XR, FL_DB));
    check_trap(run32(seg_write, SEL_T, 0, 1), TRAPPED(13), 0, "readable code in DS: write #GP(0)");
    set_t(desc(0, 0xFFFFF, ACC_CODE_X, FL_G | FL_DB));
    check_trap(call32(SEL_T, seg_cs_read, 0, X(), 0), TRAPPED(13), 0, "execute-only code: CS-relative read #GP(0)");
    check_trap(run32(seg_read, 0, 0, 0), TRAPPED(13), 0, "memory access through a null DS: #GP(0)");
    set_t(desc(0, 0xFFFFF, ACC_CODE_XR & ~1u, FL_G | FL_DB));
    EXPECT_OK(call32(SEL_T, seg_cs_read, 0, X(), 0), out_ecx, SEL_T, "far call to a code descriptor with A=0");
    CHECK_EQ(gdt_access(SEL_T), 0x9B, "far call sets the code segment's accessed bit");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    limits();
    expand_down();
    access_types();
    return rom_finish();
}

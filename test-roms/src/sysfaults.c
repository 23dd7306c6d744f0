/*
 * The #GP rules of the MSR and control-register model: RDMSR/WRMSR of an unknown
 * MSR, reserved EFER bits, reserved PAT memory types, non-canonical base and
 * LSTAR values, CR4 bits of features CPUID does not advertise and reserved CR8
 * bits; and a TSC write, after which RDTSC counts on from the written value.
 * QEMU 7.2's TCG implements none of these (it ignores unknown MSRs, invalid
 * values and TSC writes, accepts CR8 bits 4-63, and after a write of CR4.SMEP or
 * FSGSBASE on its default CPU the ROM stops making progress without a #GP), so
 * this ROM is in the Makefile's QEMU_SKIP_ROMS: the expectations come from the
 * SDM (Vol. 2 RDMSR, WRMSR, MOV CR; Vol. 3A 2.5, 2.8.6, 11.12.2, 17.17; Vol. 4).
 */
#include "sys.h"

#define MSR_TSC 0x10
#define MSR_PAT 0x277
#define MSR_FS_BASE 0xC0000100
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_UNKNOWN 0x4D56FFFF /* in no architectural or model-specific MSR range */
#define NONCANONICAL 0x8000000000000000ull

static int try_rdmsr(u32 msr, u64 *out)
{
    *out = 0;
    return SYS_TRY(*out = rdmsr(msr));
}

static int try_wrmsr(u32 msr, u64 v) { return SYS_TRY(wrmsr(msr, v)); }

static void msr_faults(void)
{
    u64 v;
    check_trap(try_rdmsr(MSR_UNKNOWN, &v), TRAPPED(13), 0, "rdmsr of an unknown MSR: #GP(0)");
    check_trap(try_wrmsr(MSR_UNKNOWN, 0), TRAPPED(13), 0, "wrmsr of an unknown MSR: #GP(0)");

    u64 efer = rdmsr(MSR_EFER);
    check_trap(try_wrmsr(MSR_EFER, efer | 2), TRAPPED(13), 0, "wrmsr EFER with reserved bit 1: #GP(0)");
    check_trap(try_wrmsr(MSR_EFER, efer | (1ull << 32)), TRAPPED(13), 0, "wrmsr EFER with reserved bit 32: #GP(0)");
    CHECK_EQ(rdmsr(MSR_EFER), efer, "EFER unchanged by the faulting writes");

    u64 pat = rdmsr(MSR_PAT);
    check_trap(try_wrmsr(MSR_PAT, (pat & ~0xFFull) | 2), TRAPPED(13), 0, "wrmsr PAT with reserved type 2: #GP(0)");
    check_trap(try_wrmsr(MSR_PAT, pat | (8ull << 8)), TRAPPED(13), 0, "wrmsr PAT with type 8 in entry 1: #GP(0)");
    CHECK_EQ(rdmsr(MSR_PAT), pat, "PAT unchanged by the faulting writes");

    check_trap(try_wrmsr(MSR_LSTAR, NONCANONICAL), TRAPPED(13), 0, "wrmsr LSTAR non-canonical: #GP(0)");
    check_trap(try_wrmsr(MSR_FS_BASE, NONCANONICAL), TRAPPED(13), 0, "wrmsr FS_BASE non-canonical: #GP(0)");
    check_trap(try_wrmsr(MSR_KERNEL_GS_BASE, NONCANONICAL), TRAPPED(13), 0,
               "wrmsr KERNEL_GS_BASE non-canonical: #GP(0)");
}

static void tsc_write(void)
{
    const u64 t0 = 1ull << 40;
    wrmsr(MSR_TSC, t0);
    u64 t1 = rdtsc(), t2 = rdtsc(), t3 = rdmsr(MSR_TSC);
    CHECK(t1 >= t0 && t1 - t0 < (1ull << 32), "rdtsc after wrmsr TSC=2^40: 2^40 <= 0x%lx < 2^40 + 2^32", t1);
    CHECK(t2 >= t1 && t3 >= t2, "TSC monotonic: 0x%lx <= 0x%lx <= 0x%lx (rdmsr)", t1, t2, t3);
}

static void reserved_cr4_bit(u64 cr4, int bit, const char *feature)
{
    int v = SYS_TRY(WRITE_CR(4, cr4 | (1ull << bit)));
    WRITE_CR(4, cr4);
    check_true(v == TRAPPED(13) && sys_last.error == 0, "mov cr4 setting %s (bit %d) without it in CPUID: #GP(0)",
               feature, bit);
}

/* A CR4 bit of a feature CPUID does not advertise is reserved: setting it is #GP(0). */
static void control_register_faults(void)
{
    static const struct {
        u32 leaf;
        int reg, bit, cr4;
        const char *name;
    } features[] = {
        {7, 1, 0, 16, "FSGSBASE"}, {7, 1, 7, 20, "SMEP"}, {7, 1, 20, 21, "SMAP"},
        {7, 2, 2, 11, "UMIP"},     {1, 2, 17, 17, "PCIDE"}, {1, 2, 26, 18, "OSXSAVE"},
    };
    u64 cr4 = READ_CR(4);
    for (unsigned i = 0; i < ARRAY_SIZE(features); i++)
        if (!sys_has(features[i].leaf, features[i].reg, features[i].bit))
            reserved_cr4_bit(cr4, features[i].cr4, features[i].name);
    CHECK_EQ(READ_CR(4), cr4, "CR4 unchanged by the rejected writes");
    check_trap(SYS_TRY(WRITE_CR(8, 16)), TRAPPED(13), 0, "mov cr8 with reserved bit 4: #GP(0)");
    CHECK_EQ(READ_CR(8), 0, "CR8 unchanged by the rejected write");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    msr_faults();
    tsc_write();
    control_register_faults();
    return rom_finish();
}

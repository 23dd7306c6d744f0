/*
 * Process-context identifiers in 4-level paging (SDM vol. 3, 4.10): CR4.PCIDE, the PCID in CR3[11:0]
 * and the no-flush bit 63 of a MOV to CR3, and which translations a flushing CR3 write, a change of
 * CR4.PCIDE and each INVPCID type must invalidate.  A stale translation is made by repointing a PTE
 * that the TLB may hold; only what the architecture requires to be dropped is checked, never what it
 * merely permits to be kept.  QEMU 7.2's TCG has no PCID, so QEMU does not run this ROM.
 */
#include "sys.h"

#define CR4_PGE (1u << 7)
#define CR4_PCIDE (1u << 17)
#define PTE_P 1ull
#define PTE_RW 2ull
#define PTE_G 0x100ull
#define CR3_NO_FLUSH (1ull << 63)

#define TEST_VA 0x40000000ull

static u8 page_a[4096] __attribute__((aligned(4096)));
static u8 page_b[4096] __attribute__((aligned(4096)));

static u64 A(const void *p) { return (u64)(uintptr_t)p; }

/* Maps TEST_VA to page_a, caches the translation, then repoints the PTE at page_b without invalidating. */
static void make_stale(u64 pte_flags)
{
    *sys_pte(TEST_VA) = A(page_a) | PTE_P | PTE_RW | pte_flags;
    invlpg(TEST_VA);
    (void)*(volatile u8 *)TEST_VA;
    *sys_pte(TEST_VA) = A(page_b) | PTE_P | PTE_RW | pte_flags;
}

/* Which page TEST_VA reaches now: 'A' (the stale translation) or 'B'. */
static u8 seen(void) { return *(volatile u8 *)TEST_VA; }

static int invpcid(u64 type, u64 pcid, u64 va)
{
    struct {
        u64 pcid, va;
    } desc = {pcid, va};
    return SYS_TRY(__asm__ volatile("invpcid %0, %1" : : "m"(desc), "r"(type) : "memory"));
}

static int write_cr4(u64 v) { return SYS_TRY(WRITE_CR(4, v)); }

static void enabling(u64 cr3)
{
    u64 cr4 = READ_CR(4);
    WRITE_CR(3, cr3 | 1);
    CHECK_EQ(write_cr4(cr4 | CR4_PCIDE), TRAPPED(13), "setting CR4.PCIDE while CR3[11:0] != 0: #GP");
    CHECK_EQ(READ_CR(4) & CR4_PCIDE, 0, "CR4.PCIDE stays clear");
    WRITE_CR(3, cr3);
    CHECK_EQ(write_cr4(cr4 | CR4_PCIDE), 0, "setting CR4.PCIDE with PCID 0 current");
    CHECK_EQ(READ_CR(4) & CR4_PCIDE, CR4_PCIDE, "CR4.PCIDE reads back set");
}

static void cr3_writes(u64 cr3)
{
    WRITE_CR(3, cr3 | 5);
    CHECK_EQ(READ_CR(3), cr3 | 5, "MOV to CR3 with PCID 5: CR3 reads back the PCID");
    WRITE_CR(3, cr3 | 6 | CR3_NO_FLUSH);
    CHECK_EQ(READ_CR(3), cr3 | 6, "MOV to CR3 with bit 63 set: bit 63 is not stored");
    make_stale(0);
    WRITE_CR(3, cr3 | 6);
    CHECK_EQ(seen(), 'B', "MOV to CR3 without bit 63 drops the new PCID's translations");
    WRITE_CR(3, cr3 | 5);
    make_stale(0);
    WRITE_CR(3, cr3 | 6);
    WRITE_CR(3, cr3 | 5);
    CHECK_EQ(seen(), 'B', "switching back to a PCID without bit 63 drops its translations");
}

static void invpcid_types(u64 cr3)
{
    static const char *const what[] = {"type 0 (one address, current PCID)", "type 1 (current PCID)",
                                       "type 2 (all, globals included)", "type 3 (all but globals)"};
    WRITE_CR(3, cr3 | 7);
    for (u64 type = 0; type < 4; type++) {
        make_stale(0);
        CHECK_EQ(invpcid(type, 7, TEST_VA), 0, "invpcid %s runs", what[type]);
        CHECK_EQ(seen(), 'B', "invpcid %s drops the stale translation", what[type]);
    }
    make_stale(PTE_G);
    CHECK_EQ(invpcid(2, 0, 0), 0, "invpcid type 2 with a global page");
    CHECK_EQ(seen(), 'B', "invpcid type 2 drops a stale global translation");
    WRITE_CR(3, cr3);
}

static void invpcid_faults(void)
{
    CHECK_EQ(invpcid(4, 0, 0), TRAPPED(13), "invpcid type 4: #GP");
    CHECK_EQ(invpcid(1ull << 32, 0, 0), TRAPPED(13), "invpcid type 2^32 (the whole register counts): #GP");
    CHECK_EQ(invpcid(2, 0x1000, 0), TRAPPED(13), "invpcid with descriptor bit 12 set: #GP");
    CHECK_EQ(invpcid(0, 0, 0x0000800000000000ull), TRAPPED(13), "invpcid type 0, non-canonical address: #GP");
    CHECK_EQ(sys_last.error, 0, "#GP error code 0");
    CHECK_EQ(invpcid(0, 0xfff, TEST_VA), 0, "invpcid type 0 for PCID 0xfff (not current)");
}

static void disabling(u64 cr3)
{
    u64 cr4 = READ_CR(4);
    make_stale(PTE_G);
    CHECK_EQ(write_cr4(cr4 & ~(u64)CR4_PCIDE), 0, "clearing CR4.PCIDE");
    CHECK_EQ(seen(), 'B', "clearing CR4.PCIDE drops global translations too");
    CHECK_EQ(invpcid(1, 1, 0), TRAPPED(13), "CR4.PCIDE clear: invpcid type 1 with PCID 1: #GP");
    CHECK_EQ(invpcid(0, 1, TEST_VA), TRAPPED(13), "CR4.PCIDE clear: invpcid type 0 with PCID 1: #GP");
    make_stale(0);
    CHECK_EQ(invpcid(1, 0, 0), 0, "CR4.PCIDE clear: invpcid type 1 with PCID 0");
    CHECK_EQ(seen(), 'B', "CR4.PCIDE clear: invpcid type 1 drops the stale translation");
    CHECK_EQ(READ_CR(3), cr3, "CR3 unchanged");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("pcid: CR4.PCIDE, PCIDs in CR3, INVPCID\n");
    sys_init();
    sys_split_2m(TEST_VA);
    page_a[0] = 'A';
    page_b[0] = 'B';
    CHECK(HAS_PCID(), "CPUID.1:ECX.PCID");
    CHECK(sys_has(7, 1, 10), "CPUID.7:EBX.INVPCID");
    if (!HAS_PCID() || !sys_has(7, 1, 10))
        return rom_finish();
    WRITE_CR(4, READ_CR(4) | CR4_PGE);
    u64 cr3 = READ_CR(3);
    enabling(cr3);
    cr3_writes(cr3);
    invpcid_types(cr3);
    invpcid_faults();
    disabling(cr3);
    return rom_finish();
}

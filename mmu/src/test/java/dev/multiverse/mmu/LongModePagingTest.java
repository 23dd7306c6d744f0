package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.RESERVED;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.A;
import static dev.multiverse.mmu.PageTables.D;
import static dev.multiverse.mmu.PageTables.EFER_NXE;
import static dev.multiverse.mmu.PageTables.NX;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.PS;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 4-level paging: translation, page sizes, accessed/dirty flags and reserved bits (SDM vol. 3, 4.5, 4.8). */
class LongModePagingTest {
    private static final long TABLES = 0x10_0000;
    private static final int PML4 = 0, PDPT = 1, PD = 2, PT = 3;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LONG4, TABLES);

    private void pagingOn() {
        pt.activate(mmu, 0, 0, 0);
    }

    // ---- translation ----

    @Test
    void controlRegistersSelectFourLevelPaging() {
        pagingOn();
        assertEquals(PagingMode.LONG4, mmu.mode());
    }

    @Test
    void fourKibPageTranslatesEveryAccessKind() {
        long page = 0x7fff_1234_5000L;
        pt.map4k(page, 0x20_3000, P | RW);
        pagingOn();
        pm.write(0x20_3abc, 8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, mmu.read64(page + 0xabc, false));
        mmu.write32(page + 0xff0, 0xcafe_babe, false);
        assertEquals(0xcafe_babeL, pm.read(0x20_3ff0, 4));
        assertEquals(0x20_3123, mmu.translateFetch(page + 0x123, false));
    }

    @Test
    void higherHalfAddressesUseBits47To12Only() {
        long kernel = 0xffff_8000_0000_1000L;
        pt.map4k(kernel, 0x20_4000, P | RW);
        pagingOn();
        assertEquals(0x20_4567, mmu.translate(kernel + 0x567, Access.READ, false));
        assertEquals(0x100, (pt.entryAddress(kernel, PML4) - TABLES) / 8, "PML4 index is bits 47:39");
    }

    @Test
    void twoMibPageUsesLinearBits20To0AsOffset() {
        pt.mapLarge(0x4000_0000L, 0x60_0000 | P | RW);
        pagingOn();
        pm.write(0x72_3456, 4, 0x1357_9bdfL);
        assertEquals(0x1357_9bdf, mmu.read32(0x4012_3456L, false));
        assertEquals(0x7f_ffff, mmu.translate(0x401f_ffffL, Access.READ, false));
    }

    @Test
    void oneGibPageUsesLinearBits29To0AsOffset() {
        pt.map1g(0x80_0000_0000L, 0, P | RW);
        pagingOn();
        mmu.write64(0x80_00a0_1234L, 0x0bad_f00dL, false);
        assertEquals(0x0bad_f00dL, pm.read(0xa0_1234, 8));
        assertEquals(0x3fff_ffffL, mmu.translate(0x80_3fff_ffffL, Access.READ, false));
    }

    @Test
    void physicalAddressesMayUseAllFortyBits() {
        pt.map1g(0xc0_0000_0000L, 0x80_4000_0000L, P);
        pt.map4k(0x5000, 0xff_ffff_f000L, P);
        pagingOn();
        assertEquals(0x80_5234_5678L, mmu.translate(0xc0_1234_5678L, Access.READ, false));
        assertEquals(0xff_ffff_fabcL, mmu.translate(0x5abc, Access.READ, false));
        assertEquals(-1L, mmu.read64(0x5abc, false), "no RAM there: open bus");
    }

    @Test
    void cr3LowBitsAreNotPartOfTheTableAddress() {
        pt.map4k(0x5000, 0x20_5000, P);
        mmu.setControl(PageTables.CR0_PE | PageTables.CR0_PG, pt.cr3() | 0x18, PageTables.CR4_PAE,
                PageTables.EFER_LME | PageTables.EFER_LMA);
        assertEquals(0x20_5000, mmu.translate(0x5000, Access.READ, false));
    }

    // ---- accessed and dirty flags ----

    private void assertFlags(long linear, int level, long expected) {
        assertEquals(expected, pt.entry(linear, level) & (A | D),
                "A/D of level " + level + " entry 0x" + Long.toHexString(pt.entry(linear, level)));
    }

    @Test
    void aReadSetsAccessedOnEveryLevelAndNoDirtyFlag() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pagingOn();
        mmu.read8(0x40_0010, false);
        for (int level = PML4; level <= PT; level++) {
            assertFlags(0x40_0000, level, A);
        }
    }

    @Test
    void aWriteSetsDirtyOnlyOnTheLeaf() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pagingOn();
        mmu.write8(0x40_0010, 1, false);
        assertFlags(0x40_0000, PML4, A);
        assertFlags(0x40_0000, PDPT, A);
        assertFlags(0x40_0000, PD, A);
        assertFlags(0x40_0000, PT, A | D);
    }

    @Test
    void aFetchSetsAccessedButNotDirty() {
        pt.map4k(0x40_0000, 0x20_0000, P);
        pagingOn();
        mmu.translateFetch(0x40_0000, false);
        assertFlags(0x40_0000, PT, A);
        assertFlags(0x40_0000, PML4, A);
    }

    @Test
    void aWriteAfterACachedReadStillSetsDirty() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pagingOn();
        mmu.read32(0x40_0000, false);
        mmu.read32(0x40_0000, false);
        assertFlags(0x40_0000, PT, A);
        mmu.write32(0x40_0000, 5, false);
        assertFlags(0x40_0000, PT, A | D);
    }

    @Test
    void aWriteToATwoMibPageSetsDirtyInThePde() {
        pt.mapLarge(0x4000_0000L, 0x60_0000 | P | RW);
        pagingOn();
        mmu.write16(0x4000_0002L, 7, false);
        assertFlags(0x4000_0000L, PML4, A);
        assertFlags(0x4000_0000L, PDPT, A);
        assertFlags(0x4000_0000L, PD, A | D);
    }

    @Test
    void aWriteToAOneGibPageSetsDirtyInThePdpte() {
        pt.map1g(0x80_0000_0000L, 0, P | RW);
        pagingOn();
        mmu.write8(0x80_00a0_0000L, 1, false);
        assertFlags(0x80_0000_0000L, PML4, A);
        assertFlags(0x80_0000_0000L, PDPT, A | D);
    }

    @Test
    void settingFlagsLeavesTheRestOfTheEntryAlone() {
        long pte = 0x20_0000 | P | RW | US | PageTables.G | (0x5L << 9) | (0x7fL << 52);
        pt.map4k(0x40_0000, 0x20_0000, pte & ~0x20_0000L);
        pt.map4k(0x40_1000, 0x20_1000, P);
        pagingOn();
        mmu.write8(0x40_0000, 1, false);
        assertEquals(pte | A | D, pt.entry(0x40_0000, PT));
        assertEquals(0x20_1000 | P, pt.entry(0x40_1000, PT), "the neighbouring entry is untouched");
    }

    // ---- reserved bits (SDM vol. 3, 4.5.4 and tables 4-15 to 4-20) ----

    @Test
    void anAddressBitAboveMaxPhyAddrInThePteIsReserved() {
        pt.map4k(0x40_0000, 0x20_0000 | 1L << 40, P | RW | US);
        pagingOn();
        Expect.pageFault(0x40_0008, PRESENT | RESERVED, () -> mmu.read8(0x40_0008, false));
        Expect.pageFault(0x40_0008, PRESENT | RESERVED | WRITE | USER, () -> mmu.write8(0x40_0008, 0, true));
    }

    @Test
    void bit51InAnUpperLevelEntryIsReserved() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.setEntry(0x40_0000, PML4, pt.entry(0x40_0000, PML4) | 1L << 51);
        pagingOn();
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
    }

    @Test
    void psInAPml4eIsReserved() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.setEntry(0x40_0000, PML4, pt.entry(0x40_0000, PML4) | PS);
        pagingOn();
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
    }

    @Test
    void nxIsReservedWhileEferNxeIsClear() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW | NX);
        pagingOn();
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
    }

    @Test
    void nxInAnUpperLevelEntryIsReservedWhileEferNxeIsClear() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.setEntry(0x40_0000, PDPT, pt.entry(0x40_0000, PDPT) | NX);
        pagingOn();
        Expect.pageFault(0x40_0000, PRESENT | RESERVED | WRITE, () -> mmu.write8(0x40_0000, 0, false));
    }

    @Test
    void nxIsAllowedWithEferNxe() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW | NX);
        pt.activate(mmu, 0, 0, EFER_NXE);
        pm.write(0x20_0000, 1, 0x42);
        assertEquals(0x42, mmu.read8(0x40_0000, false));
    }

    @Test
    void bits20To13OfATwoMibPdeAreReservedButPatBit12IsNot() {
        pt.mapLarge(0x4000_0000L, 0x60_0000 | 1L << 12 | P);
        pt.mapLarge(0x4020_0000L, 0x60_0000 | 1L << 13 | P);
        pagingOn();
        assertEquals(0x60_0000, mmu.translate(0x4000_0000L, Access.READ, false));
        Expect.pageFault(0x4020_0000L, PRESENT | RESERVED, () -> mmu.read8(0x4020_0000L, false));
    }

    @Test
    void bits29To13OfAOneGibPdpteAreReservedButPatBit12IsNot() {
        pt.map1g(0x80_0000_0000L, 1L << 12, P);
        pt.map1g(0xc0_0000_0000L, 1L << 29, P);
        pagingOn();
        assertEquals(0x1234, mmu.translate(0x80_0000_1234L, Access.READ, false));
        Expect.pageFault(0xc0_0000_0000L, PRESENT | RESERVED, () -> mmu.read8(0xc0_0000_0000L, false));
    }

    @Test
    void bits62To52AreIgnoredNotReserved() {
        pt.map4k(0x40_0000, 0x20_0000, P | 0x7ffL << 52);
        pagingOn();
        assertEquals(0x20_0000, mmu.translate(0x40_0000, Access.READ, false));
    }

    @Test
    void reservedBitsAreNotCheckedInANotPresentEntry() {
        pt.map4k(0x40_0000, 0x20_0000 | 1L << 40 | NX, RW);
        pagingOn();
        Expect.pageFault(0x40_0000, 0, () -> mmu.read8(0x40_0000, false));
    }
}

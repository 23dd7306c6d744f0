package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.RESERVED;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.A;
import static dev.multiverse.mmu.PageTables.CR0_WP;
import static dev.multiverse.mmu.PageTables.CR4_PSE;
import static dev.multiverse.mmu.PageTables.D;
import static dev.multiverse.mmu.PageTables.EFER_NXE;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.PS;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 32-bit paging: 4-byte PDEs and PTEs; 4 MiB pages with CR4.PSE, PSE-36 address bits (SDM vol. 3, 4.3). */
class LegacyPagingTest {
    private static final int PD = 0, PT = 1;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LEGACY, 0x10_0000);

    @Test
    void controlRegistersSelect32BitPaging() {
        pt.activate(mmu, 0, 0, 0);
        assertEquals(PagingMode.LEGACY, mmu.mode());
    }

    @Test
    void fourKibPageTranslates() {
        pt.map4k(0xc010_2000L, 0x20_7000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.write(0x20_7344, 4, 0x7654_3210L);
        assertEquals(0x7654_3210, mmu.read32(0xc010_2344L, false));
        mmu.write16(0xc010_2ffeL, 0xbeef, false);
        assertEquals(0xbeef, pm.read(0x20_7ffe, 2));
        assertEquals(0x20_7001, mmu.translateFetch(0xc010_2001L, false));
    }

    @Test
    void linearAddressesAre32BitsWide() {
        pt.map4k(0xc010_2000L, 0x20_7000, P);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0x20_7010, mmu.translate(0x3_c010_2010L, Access.READ, false));
    }

    @Test
    void fourMibPageTranslatesWithPse() {
        pt.mapLarge(0x4000_0000L, 0xc0_0000 | P | RW);
        pt.activate(mmu, 0, CR4_PSE, 0);
        mmu.write32(0x4012_3454L, 0x0f0f_0f0f, false);
        assertEquals(0x0f0f_0f0fL, pm.read(0xd2_3454, 4));
        assertEquals(0xff_ffff, mmu.translate(0x403f_ffffL, Access.READ, false));
    }

    @Test
    void pse36PutsPdeBits20To13AtPhysicalBits39To32() {
        pt.mapLarge(0x8000_0000L, 0xffc0_0000L | 0x5aL << 13 | P);
        pt.activate(mmu, 0, CR4_PSE, 0);
        assertEquals(0x5a_ffc0_1234L, mmu.translate(0x8000_1234L, Access.READ, false));
    }

    @Test
    void bit21OfAFourMibPdeIsReserved() {
        pt.mapLarge(0x8000_0000L, 0x0040_0000L | 1L << 21 | P);
        pt.activate(mmu, 0, CR4_PSE, 0);
        Expect.pageFault(0x8000_0000L, PRESENT | RESERVED, () -> mmu.read8(0x8000_0000L, false));
    }

    @Test
    void psIsIgnoredWithoutCr4Pse() {
        pt.map4k(0x40_0000, 0x20_3000, P | RW);
        pt.setEntry(0x40_0000, PD, pt.entry(0x40_0000, PD) | PS);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0x20_3000, mmu.translate(0x40_0000, Access.READ, false));
    }

    @Test
    void accessedOnBothLevelsDirtyOnlyOnThePte() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.read8(0x40_0000, false);
        assertEquals(A, pt.entry(0x40_0000, PD) & (A | D));
        assertEquals(A, pt.entry(0x40_0000, PT) & (A | D));
        mmu.write8(0x40_0000, 1, false);
        assertEquals(A, pt.entry(0x40_0000, PD) & (A | D));
        assertEquals(A | D, pt.entry(0x40_0000, PT) & (A | D));
    }

    @Test
    void aWriteToAFourMibPageSetsDirtyInThePde() {
        pt.mapLarge(0x4000_0000L, 0xc0_0000 | P | RW);
        pt.activate(mmu, 0, CR4_PSE, 0);
        mmu.write8(0x4000_0000L, 1, false);
        assertEquals(A | D, pt.entry(0x4000_0000L, PD) & (A | D));
    }

    @Test
    void settingFlagsTouchesOnlyTheFourByteEntry() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.map4k(0x40_1000, 0x20_1000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(0x40_0000, 1, false);
        assertEquals(0x20_1000 | P | RW, pt.entry(0x40_1000, PT));
    }

    @Test
    void rightsCombineOverPdeAndPte() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW | US);
        pt.setEntry(0x40_0000, PD, pt.entry(0x40_0000, PD) & ~US);
        pt.map4k(0x80_0000, 0x20_1000, P | US);
        pt.activate(mmu, CR0_WP, 0, 0);
        Expect.pageFault(0x40_0000, PRESENT | USER, () -> mmu.read8(0x40_0000, true));
        Expect.pageFault(0x80_0000, PRESENT | WRITE | USER, () -> mmu.write8(0x80_0000, 0, true));
        Expect.pageFault(0x80_0000, PRESENT | WRITE, () -> mmu.write8(0x80_0000, 0, false));
    }

    @Test
    void supervisorWritesIgnoreReadOnlyWithoutCr0Wp() {
        pt.map4k(0x80_0000, 0x20_1000, P | US);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(0x80_0000, 0x3c, false);
        assertEquals(0x3c, pm.read(0x20_1000, 1));
    }

    @Test
    void notPresentFaultsReportTheAccess() {
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(0xdead_b000L, 0, () -> mmu.read8(0xdead_b000L, false));
        Expect.pageFault(0xdead_b000L, WRITE | USER, () -> mmu.write8(0xdead_b000L, 0, true));
    }

    @Test
    void thereIsNoExecuteDisableIn32BitPaging() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        pt.activate(mmu, 0, 0, EFER_NXE);
        assertEquals(0x20_0000, mmu.translateFetch(0x40_0000, false));
    }

    @Test
    void fetchFaultsNeverReportIdIn32BitPaging() {
        pt.activate(mmu, 0, 0, EFER_NXE);
        Expect.pageFault(0x40_0000, 0, () -> mmu.translateFetch(0x40_0000, false));
        Expect.pageFault(0x40_0000, USER, () -> mmu.translateFetch(0x40_0000, true));
    }

    @Test
    void invlpgDropsEveryFragmentOfAFourMibPage() {
        pt.mapLarge(0x4000_0000L, 0x40_0000 | P | RW);
        pt.activate(mmu, 0, CR4_PSE, 0);
        pm.write(0x40_1000, 1, 0x11);
        pm.write(0x80_1000, 1, 0x22);
        assertEquals(0x11, mmu.read8(0x4000_1000L, false));
        pt.mapLarge(0x4000_0000L, 0x80_0000 | P | RW);
        mmu.invlpg(0x4000_0000L);
        assertEquals(0x22, mmu.read8(0x4000_1000L, false), "INVLPG anywhere in a large page drops all of it");
    }
}

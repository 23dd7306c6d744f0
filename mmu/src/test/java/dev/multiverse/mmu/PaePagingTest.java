package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.FETCH;
import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.RESERVED;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.A;
import static dev.multiverse.mmu.PageTables.CR0_WP;
import static dev.multiverse.mmu.PageTables.D;
import static dev.multiverse.mmu.PageTables.EFER_NXE;
import static dev.multiverse.mmu.PageTables.NX;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** PAE paging: four PDPTEs, then 8-byte PDEs and PTEs; 4 KiB and 2 MiB pages (SDM vol. 3, 4.4). */
class PaePagingTest {
    private static final int PDPT = 0, PD = 1, PT = 2;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.PAE, 0x10_0000);

    @Test
    void controlRegistersSelectPaePaging() {
        pt.activate(mmu, 0, 0, 0);
        assertEquals(PagingMode.PAE, mmu.mode());
    }

    @Test
    void fourKibPageTranslates() {
        pt.map4k(0xc000_1000L, 0x20_5000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.write(0x20_5ff8, 8, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, mmu.read64(0xc000_1ff8L, false));
        mmu.write8(0xc000_1000L, 0x7e, false);
        assertEquals(0x7e, pm.read(0x20_5000, 1));
    }

    @Test
    void eachPdpteCoversOneGib() {
        pt.map4k(0x0000_3000L, 0x20_0000, P);
        pt.map4k(0x4000_3000L, 0x20_1000, P);
        pt.map4k(0x8000_3000L, 0x20_2000, P);
        pt.map4k(0xc000_3000L, 0x20_3000, P);
        pt.activate(mmu, 0, 0, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(0x20_0000 + i * 0x1000L, mmu.translate(i * 0x4000_0000L + 0x3000, Access.READ, false));
        }
    }

    @Test
    void twoMibPageTranslates() {
        pt.mapLarge(0x8040_0000L, 0x60_0000 | P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write32(0x805f_fffcL, 0x2468_ace0, false);
        assertEquals(0x2468_ace0L, pm.read(0x7f_fffc, 4));
    }

    @Test
    void framesMayLieAboveFourGib() {
        pt.map4k(0x1000, 0x12_3456_7000L, P);
        pt.mapLarge(0x20_0000, 0xff_ffe0_0000L | P);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0x12_3456_7abcL, mmu.translate(0x1abc, Access.READ, false));
        assertEquals(0xff_ffe1_2345L, mmu.translate(0x21_2345, Access.READ, false));
    }

    @Test
    void linearAddressesAre32BitsWide() {
        pt.map4k(0xc000_1000L, 0x20_5000, P);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0x20_5123, mmu.translate(0x1_c000_1123L, Access.READ, false));
    }

    @Test
    void accessedOnPdeAndPteDirtyOnlyOnTheLeafAndPdpteUntouched() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW);
        long pdpte = pt.entry(0x40_0000, PDPT);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(0x40_0000, 1, false);
        assertEquals(pdpte, pt.entry(0x40_0000, PDPT), "PAE PDPTEs have no accessed flag");
        assertEquals(A, pt.entry(0x40_0000, PD) & (A | D));
        assertEquals(A | D, pt.entry(0x40_0000, PT) & (A | D));
    }

    @Test
    void aReadOfATwoMibPageSetsOnlyAccessed() {
        pt.mapLarge(0x40_0000, 0x60_0000 | P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.read8(0x40_0000, false);
        assertEquals(A, pt.entry(0x40_0000, PD) & (A | D));
        mmu.write8(0x40_0000, 1, false);
        assertEquals(A | D, pt.entry(0x40_0000, PD) & (A | D));
    }

    @Test
    void aNotPresentPdpteFaultsAsNotPresent() {
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(0x8000_0000L, WRITE, () -> mmu.write8(0x8000_0000L, 0, false));
    }

    @Test
    void rightsCombineOverPdeAndPte() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW | US);
        pt.setEntry(0x40_0000, PD, pt.entry(0x40_0000, PD) & ~RW);
        pt.map4k(0x60_0000, 0x20_1000, P | RW);
        pt.activate(mmu, CR0_WP, 0, 0);
        Expect.pageFault(0x40_0000, PRESENT | WRITE | USER, () -> mmu.write8(0x40_0000, 0, true));
        Expect.pageFault(0x60_0000, PRESENT | USER, () -> mmu.read8(0x60_0000, true));
    }

    @Test
    void nxIsReservedWithoutNxeAndForbidsFetchWithIt() {
        pt.map4k(0x40_0000, 0x20_0000, P | RW | NX);
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
        pt.activate(mmu, 0, 0, EFER_NXE);
        assertEquals(0, mmu.read8(0x40_0000, false));
        Expect.pageFault(0x40_0000, PRESENT | FETCH, () -> mmu.translateFetch(0x40_0000, false));
    }

    @Test
    void notPresentFetchSetsIdWithNxe() {
        pt.activate(mmu, 0, 0, EFER_NXE);
        Expect.pageFault(0x40_0000, FETCH | USER, () -> mmu.translateFetch(0x40_0000, true));
    }

    @Test
    void addressBitsAboveMaxPhyAddrAreReserved() {
        pt.map4k(0x40_0000, 0x20_0000, P);
        pt.setEntry(0x40_0000, PD, pt.entry(0x40_0000, PD) | 1L << 45);
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
    }

    @Test
    void bits20To13OfATwoMibPdeAreReserved() {
        pt.mapLarge(0x40_0000, 0x60_0000 | 1L << 20 | P);
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(0x40_0000, PRESENT | RESERVED, () -> mmu.read8(0x40_0000, false));
    }
}

package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CR0.PG = 0: linear addresses are physical addresses (SDM vol. 3, 4.1.1). */
class NoPagingTest {
    private final PhysicalMemory pm = new PhysicalMemory(1 << 20);
    private final Mmu mmu = new Mmu(pm);

    @Test
    void aNewMmuDoesNotPage() {
        assertEquals(PagingMode.NONE, mmu.mode());
    }

    @Test
    void linearIsPhysical() {
        pm.write(0x1234, 4, 0xdead_beefL);
        assertEquals(0xdead_beef, mmu.read32(0x1234, false));
        mmu.write16(0x5678, 0xabcd, true);
        assertEquals(0xabcd, pm.read(0x5678, 2));
        assertEquals(0x9abc, mmu.translate(0x9abc, Access.WRITE, false));
        assertEquals(0x9abc, mmu.translateFetch(0x9abc, true));
    }

    @Test
    void linearAddressesAreTruncatedTo32Bits() {
        pm.write(0x2000, 8, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, mmu.read64(0x1_0000_2000L, false));
        assertEquals(0x3000, mmu.translate(0xffff_ffff_0000_3000L, Access.READ, false));
        mmu.write8(0x7_0000_0010L, 0x5a, false);
        assertEquals(0x5a, pm.read(0x10, 1));
    }

    @Test
    void userAccessesAreNotRestricted() {
        pm.write(0x4000, 1, 0x77);
        assertEquals(0x77, mmu.read8(0x4000, true));
        mmu.write8(0x4000, 0x66, true);
        assertEquals(0x66, pm.read(0x4000, 1));
    }

    @Test
    void addressesBeyondRamReadAsOpenBus() {
        assertEquals(0xffff_ffffL, mmu.read(0x20_0000, 4, false));
        assertEquals(-1L, mmu.read64(0xffff_fff0L, false));
    }

    @Test
    void switchingPagingOffRestoresTheIdentityMapping() {
        PageTables pt = new PageTables(pm, PagingMode.LONG4, 0x1_0000);
        pt.map4k(0x3000, 0x8000, PageTables.P | PageTables.RW);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0x8000, mmu.translate(0x3000, Access.READ, false));
        mmu.setControl(PageTables.CR0_PE, pt.cr3(), 0, 0);
        assertEquals(PagingMode.NONE, mmu.mode());
        assertEquals(0x3000, mmu.translate(0x3000, Access.READ, false));
    }
}

package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageTables.CR0_PE;
import static dev.multiverse.mmu.PageTables.CR0_PG;
import static dev.multiverse.mmu.PageTables.CR4_PAE;
import static dev.multiverse.mmu.PageTables.CR4_PGE;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * PAE paging keeps the four PDPTEs in registers loaded by MOV to CR3, and by MOV to CR0/CR4 when they
 * enable PAE paging or change CD, NW, PG, PAE, PGE, PSE or SMEP; a present PDPTE with reserved bits makes
 * that MOV fail (SDM vol. 3, 4.4.1).
 */
class PdpteRegistersTest {
    private static final int PDPT = 0;
    private static final long PAGE = 0x40_0000, FRAME_A = 0x20_0000, FRAME_B = 0x30_0000;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.PAE, 0x10_0000);

    PdpteRegistersTest() {
        pm.write(FRAME_A, 1, 0xaa);
        pm.write(FRAME_B, 1, 0xbb);
    }

    @Test
    void aPdpteChangedInMemoryIsNotSeenUntilCr3IsReloaded() {
        pt.map4k(PAGE, FRAME_A, P | RW);
        pt.activate(mmu, 0, 0, 0);
        long oldPdpte = pt.entry(PAGE, PDPT);
        pt.setEntry(PAGE, PDPT, 0);                       // the PDPTE register still holds the old value
        mmu.invlpg(PAGE);
        assertEquals(0xaa, mmu.read8(PAGE, false));
        mmu.setCr3(pt.cr3());
        Expect.pageFault(PAGE, 0, () -> mmu.read8(PAGE, false));
        pt.setEntry(PAGE, PDPT, oldPdpte);
        mmu.setCr3(pt.cr3());
        assertEquals(0xaa, mmu.read8(PAGE, false));
        assertEquals(oldPdpte, mmu.pdpte(0));
    }

    @Test
    void reservedBitsInAPresentPdpteRejectTheCr3LoadAndKeepTheOldState() {
        pt.map4k(PAGE, FRAME_A, P | RW);
        pt.activate(mmu, 0, 0, 0);
        long good = pt.cr3();
        PageTables other = new PageTables(pm, PagingMode.PAE, 0x18_0000);
        other.map4k(PAGE, FRAME_B, P | RW);
        other.setEntry(PAGE, PDPT, other.entry(PAGE, PDPT) | RW);   // bit 1 is reserved in a PDPTE
        assertThrows(InvalidPdpte.class, () -> mmu.setCr3(other.cr3()));
        assertEquals(0xaa, mmu.read8(PAGE, false));
        other.setEntry(PAGE, PDPT, other.entry(PAGE, PDPT) & ~RW);
        assertEquals(other.cr3(), mmu.setCr3(other.cr3()));
        assertEquals(0xbb, mmu.read8(PAGE, false));
        mmu.setCr3(good);
        assertEquals(0xaa, mmu.read8(PAGE, false));
    }

    @Test
    void reservedBitsInANotPresentPdpteAreIgnored() {
        pt.map4k(PAGE, FRAME_A, P | RW);
        pm.write(pt.cr3() + 24, 8, 0xfff0_0000_0000_01e6L);   // PDPTE 3: not present, junk elsewhere
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0xaa, mmu.read8(PAGE, false));
    }

    @Test
    void enablingPaeChecksThePdptesAndChangingPgeReloadsThem() {
        pt.map4k(PAGE, FRAME_A, P | RW);
        pt.setEntry(PAGE, PDPT, pt.entry(PAGE, PDPT) | 1L << 63);   // NX is reserved in a PDPTE
        assertThrows(InvalidPdpte.class, () -> pt.activate(mmu, 0, 0, 0));
        assertEquals(PagingMode.NONE, mmu.mode());
        pt.setEntry(PAGE, PDPT, pt.entry(PAGE, PDPT) & ~(1L << 63));
        pt.activate(mmu, 0, 0, 0);
        assertEquals(0xaa, mmu.read8(PAGE, false));
        pt.setEntry(PAGE, PDPT, 0);
        mmu.setControl(CR0_PE | CR0_PG, pt.cr3(), CR4_PAE | CR4_PGE, 0);
        Expect.pageFault(PAGE, 0, () -> mmu.read8(PAGE, false));
    }
}

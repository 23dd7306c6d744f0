package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageTables.CR0_PE;
import static dev.multiverse.mmu.PageTables.CR0_PG;
import static dev.multiverse.mmu.PageTables.CR4_PAE;
import static dev.multiverse.mmu.PageTables.CR4_PGE;
import static dev.multiverse.mmu.PageTables.EFER_LMA;
import static dev.multiverse.mmu.PageTables.EFER_LME;
import static dev.multiverse.mmu.PageTables.G;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.PS;
import static dev.multiverse.mmu.PageTables.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PCID in CR3, INVPCID's four types, INVLPG inside large pages, and the A20 gate. */
class PcidAndA20Test {
    private static final long PCIDE = 1 << 17;
    private static final long PAGE = 0x40_0000, OLD_FRAME = 0x20_0000, NEW_FRAME = 0x30_0000;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LONG4, 0x10_0000);

    PcidAndA20Test() {
        pm.write(OLD_FRAME, 1, 0x11);
        pm.write(NEW_FRAME, 1, 0x22);
    }

    private void activatePcid(long pcid) {
        mmu.setControl(CR0_PE | CR0_PG, pt.cr3() | pcid, CR4_PAE | CR4_PGE | PCIDE, EFER_LME | EFER_LMA);
    }

    @Test
    void cr3KeepsThePcidAndDropsTheNoFlushBit() {
        pt.map4k(PAGE, OLD_FRAME, P | RW);
        activatePcid(0);
        assertEquals(pt.cr3() | 5, mmu.setCr3(pt.cr3() | 5 | Mmu.CR3_NO_FLUSH));
        assertEquals(0x11, mmu.read8(PAGE, false), "the PCID bits are not part of the table address");
    }

    @Test
    void aNoFlushCr3WriteNeverLeavesAStaleTranslationOfTheNewPcid() {
        pt.map4k(PAGE, OLD_FRAME, P | RW);
        activatePcid(1);
        assertEquals(0x11, mmu.read8(PAGE, false));
        pt.map4k(PAGE, NEW_FRAME, P | RW);
        mmu.setCr3(pt.cr3() | 2 | Mmu.CR3_NO_FLUSH);   // PCID 2 never cached the old mapping
        assertEquals(0x22, mmu.read8(PAGE, false));
    }

    @Test
    void invpcidTypesInvalidateWhatTheyName() {
        pt.map4k(PAGE, OLD_FRAME, P | RW | G);
        activatePcid(3);
        assertEquals(0x11, mmu.read8(PAGE, false));
        pt.map4k(PAGE, NEW_FRAME, P | RW | G);
        assertTrue(mmu.invpcid(3, 0, 0));
        int afterType3 = mmu.read8(PAGE, false);
        assertTrue(afterType3 == 0x11 || afterType3 == 0x22, "type 3 may keep global translations");
        assertTrue(mmu.invpcid(2, 0, 0));
        assertEquals(0x22, mmu.read8(PAGE, false));
        pt.map4k(PAGE, OLD_FRAME, P | RW);
        assertTrue(mmu.invpcid(0, 3, PAGE));
        assertEquals(0x11, mmu.read8(PAGE, false));
        pt.map4k(PAGE, NEW_FRAME, P | RW);
        assertTrue(mmu.invpcid(1, 3, 0));
        assertEquals(0x22, mmu.read8(PAGE, false));
    }

    @Test
    void invalidInvpcidOperandsAreRefused() {
        activatePcid(0);
        assertFalse(mmu.invpcid(4, 0, 0), "type above 3");
        assertFalse(mmu.invpcid(1, 0x1000, 0), "PCID above 12 bits");
        assertFalse(mmu.invpcid(0, 0, 0x0000_8000_0000_0000L), "non-canonical address");
        mmu.setControl(CR0_PE | CR0_PG, pt.cr3(), CR4_PAE, EFER_LME | EFER_LMA);
        assertFalse(mmu.invpcid(0, 1, PAGE), "nonzero PCID without CR4.PCIDE");
        assertTrue(mmu.invpcid(1, 0, 0));
    }

    @Test
    void invlpgAnywhereInALargePageDropsAllItsFragmentsAndNothingElse() {
        long small = 0x80_5000, moved = 0x60_0000;
        pt.mapLarge(PAGE, OLD_FRAME | P | RW | PS);
        pt.map4k(small, OLD_FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.write(moved, 1, 0x33);
        pm.write(moved + 0x1000, 1, 0x34);
        assertEquals(0x11, mmu.read8(PAGE, false));
        assertEquals(0, mmu.read8(PAGE + 0x1000, false));
        assertEquals(0x11, mmu.read8(small, false));
        pt.mapLarge(PAGE, moved | P | RW | PS);
        pt.map4k(small, NEW_FRAME, P | RW);
        mmu.invlpg(PAGE + 0x1f_f000);
        assertEquals(0x33, mmu.read8(PAGE, false));
        assertEquals(0x34, mmu.read8(PAGE + 0x1000, false));
        assertEquals(0x11, mmu.read8(small, false), "an unrelated 4 KiB page keeps its translation");
    }

    @Test
    void a20DisabledWrapsPhysicalAddressesAtOneMib() {
        pm.write(0x00_0010, 1, 0x44);
        pm.write(0x10_0010, 1, 0x55);
        assertTrue(mmu.a20Enabled());
        assertEquals(0x55, mmu.read8(0x10_0010, false));
        mmu.setA20(false);
        assertEquals(0x44, mmu.read8(0x10_0010, false));
        mmu.write8(0x10_0011, 0x66, false);
        assertEquals(0x66, pm.read(0x11, 1));
        mmu.setA20(true);
        assertEquals(0x55, mmu.read8(0x10_0010, false));
    }
}

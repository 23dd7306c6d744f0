package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.CR0_WP;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Unaligned accesses that span two pages: each page is translated and checked on its own, the bytes come
 * from (or go to) two unrelated frames, and a fault on either page leaves memory unchanged.
 */
class PageCrossingTest {
    /** Two consecutive linear pages backed by frames in the opposite order. */
    private static final long LOW = 0x40_0000, HIGH = 0x40_1000, LOW_FRAME = 0x30_0000, HIGH_FRAME = 0x20_0000;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LONG4, 0x10_0000);

    private void mapBoth(long lowFlags, long highFlags) {
        pt.map4k(LOW, LOW_FRAME, lowFlags);
        pt.map4k(HIGH, HIGH_FRAME, highFlags);
        pt.activate(mmu, CR0_WP, 0, 0);
    }

    @Test
    void aReadTakesItsBytesFromBothFrames() {
        mapBoth(P | RW | US, P | RW | US);
        pm.write(LOW_FRAME + 0xffc, 4, 0x4433_2211L);
        pm.write(HIGH_FRAME, 4, 0x8877_6655L);
        mmu.read8(LOW, true);
        assertEquals(0x8877_6655_4433_2211L, mmu.read64(HIGH - 4, true), "even with the first page cached");
        assertEquals(0x6655_4433, mmu.read32(HIGH - 2, false));
        assertEquals(0x5544, mmu.read16(HIGH - 1, false));
        assertEquals(0x6655_4433L, mmu.read(HIGH - 2, 4, true), "zero-extended");
    }

    @Test
    void aWriteSplitsItsBytesOverBothFrames() {
        mapBoth(P | RW | US, P | RW | US);
        mmu.write64(HIGH - 3, 0x0807_0605_0403_0201L, true);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, pm.dump(LOW_FRAME + 0xffc, 4));
        assertArrayEquals(new byte[] {4, 5, 6, 7, 8, 0}, pm.dump(HIGH_FRAME, 6));
        mmu.write16(HIGH - 1, 0xbbaa, false);
        assertEquals(0xaa, pm.read(LOW_FRAME + 0xfff, 1));
        assertEquals(0xbb, pm.read(HIGH_FRAME, 1));
    }

    @Test
    void aWriteIntoAReadOnlySecondPageFaultsWithoutTouchingTheFirst() {
        mapBoth(P | RW | US, P | US);
        pm.write(LOW_FRAME + 0xff8, 8, 0x1111_1111_1111_1111L);
        pm.write(HIGH_FRAME, 8, 0x2222_2222_2222_2222L);
        Expect.pageFault(HIGH, PRESENT | WRITE | USER, () -> mmu.write64(HIGH - 4, 0, true));
        Expect.pageFault(HIGH, PRESENT | WRITE, () -> mmu.write32(HIGH - 1, 0, false));
        assertEquals(0x1111_1111_1111_1111L, pm.read(LOW_FRAME + 0xff8, 8));
        assertEquals(0x2222_2222_2222_2222L, pm.read(HIGH_FRAME, 8));
    }

    @Test
    void aCachedWritableFirstPageDoesNotLetAFaultingWriteThrough() {
        mapBoth(P | RW | US, P | US);
        mmu.write8(HIGH - 8, 0x33, true);
        for (int size : new int[] {2, 4, 8}) {
            Expect.pageFault(HIGH, PRESENT | WRITE | USER, () -> mmu.write(HIGH - size + 1, size, -1L, true));
        }
        assertEquals(0x33, pm.read(LOW_FRAME + 0xff8, 8));
        assertEquals(0, pm.read(HIGH_FRAME, 8));
        assertEquals(0, pm.read(LOW_FRAME + 0x1000, 8), "nor the frame that follows the first in RAM");
    }

    @Test
    void aWriteIntoANotPresentSecondPageFaultsWithoutTouchingTheFirst() {
        pt.map4k(LOW, LOW_FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(HIGH, WRITE, () -> mmu.write32(HIGH - 2, -1, false));
        assertEquals(0, pm.read(LOW_FRAME + 0xff8, 8));
    }

    @Test
    void aWriteFromAReadOnlyFirstPageFaultsOnTheFirstPage() {
        mapBoth(P | US, P | RW | US);
        Expect.pageFault(HIGH - 2, PRESENT | WRITE | USER, () -> mmu.write32(HIGH - 2, -1, true));
        assertEquals(0, pm.read(HIGH_FRAME, 8));
    }

    @Test
    void aReadIntoANotPresentSecondPageFaultsOnThatPage() {
        pt.map4k(LOW, LOW_FRAME, P | RW | US);
        pt.activate(mmu, 0, 0, 0);
        Expect.pageFault(HIGH, USER, () -> mmu.read64(HIGH - 1, true));
    }

    @Test
    void aReadIntoASupervisorSecondPageFaultsForUserOnly() {
        mapBoth(P | US, P);
        pm.write(LOW_FRAME + 0xfff, 1, 0x12);
        pm.write(HIGH_FRAME, 1, 0x34);
        Expect.pageFault(HIGH, PRESENT | USER, () -> mmu.read16(HIGH - 1, true));
        assertEquals(0x3412, mmu.read16(HIGH - 1, false));
    }
}

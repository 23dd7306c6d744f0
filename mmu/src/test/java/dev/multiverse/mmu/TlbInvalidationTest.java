package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.A;
import static dev.multiverse.mmu.PageTables.CR0_WP;
import static dev.multiverse.mmu.PageTables.CR4_PGE;
import static dev.multiverse.mmu.PageTables.D;
import static dev.multiverse.mmu.PageTables.G;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What software may rely on about the TLB (SDM vol. 3, 4.10.4): a paging-structure change without
 * invalidation may or may not be seen, INVLPG makes it seen, MOV to CR3 drops all but global
 * translations (when CR4.PGE = 1), and changing paging control bits drops everything.
 */
class TlbInvalidationTest {
    private static final long PAGE = 0x40_0000, OLD_FRAME = 0x20_0000, NEW_FRAME = 0x30_0000;
    private static final int OLD = 0x11, NEW = 0x22;
    private static final boolean USER_MODE = true, SUPERVISOR = false;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables first = new PageTables(pm, PagingMode.LONG4, 0x10_0000);
    private final PageTables second = new PageTables(pm, PagingMode.LONG4, 0x18_0000);

    TlbInvalidationTest() {
        pm.write(OLD_FRAME, 1, OLD);
        pm.write(NEW_FRAME, 1, NEW);
    }

    private int readByte(boolean user) {
        return mmu.read8(PAGE, user);
    }

    /** A stale or a fresh translation is fine: the SDM lets the TLB keep the old one until invalidated. */
    private void assertOldOrNew(int value) {
        assertTrue(value == OLD || value == NEW, "read 0x" + Integer.toHexString(value));
    }

    // ---- INVLPG ----

    @Test
    void invlpgMakesAChangedPteTakeEffect() {
        first.map4k(PAGE, OLD_FRAME, P | RW);
        first.activate(mmu, 0, 0, 0);
        assertEquals(OLD, readByte(SUPERVISOR));
        first.map4k(PAGE, NEW_FRAME, P | RW);
        assertOldOrNew(readByte(SUPERVISOR));
        mmu.invlpg(PAGE + 0x123);
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    @Test
    void invlpgDropsTheTranslationForBothPrivilegeLevels() {
        first.map4k(PAGE, OLD_FRAME, P | RW | US);
        first.activate(mmu, 0, 0, 0);
        readByte(USER_MODE);
        readByte(SUPERVISOR);
        first.map4k(PAGE, NEW_FRAME, P | RW | US);
        mmu.invlpg(PAGE);
        assertEquals(NEW, readByte(USER_MODE));
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    @Test
    void invlpgDropsCachedWriteAccess() {
        first.map4k(PAGE, OLD_FRAME, P | RW | US);
        first.activate(mmu, CR0_WP, 0, 0);
        mmu.write8(PAGE, 1, USER_MODE);
        first.map4k(PAGE, OLD_FRAME, P | US);
        mmu.invlpg(PAGE);
        Expect.pageFault(PAGE + 1, PRESENT | WRITE | USER, () -> mmu.write8(PAGE + 1, 2, USER_MODE));
        assertEquals(0, pm.read(OLD_FRAME + 1, 1));
    }

    @Test
    void invlpgDropsCachedFetchTranslations() {
        first.map4k(PAGE, OLD_FRAME, P);
        first.activate(mmu, 0, 0, 0);
        assertEquals(OLD_FRAME + 4, mmu.translateFetch(PAGE + 4, SUPERVISOR));
        first.map4k(PAGE, NEW_FRAME, P);
        mmu.invlpg(PAGE);
        assertEquals(NEW_FRAME + 4, mmu.translateFetch(PAGE + 4, SUPERVISOR));
    }

    @Test
    void invlpgDropsEveryFragmentOfATwoMibPage() {
        long large = 0x4000_0000L, oldLargeFrame = 0x20_0000, newLargeFrame = 0x40_0000;
        first.mapLarge(large, oldLargeFrame | P | RW);
        first.activate(mmu, CR0_WP, 0, 0);
        pm.write(oldLargeFrame + 0x5000, 1, OLD);
        pm.write(newLargeFrame + 0x5000, 1, NEW);
        assertEquals(OLD, mmu.read8(large + 0x5000, SUPERVISOR));
        mmu.write8(large + 0x6000, 0, SUPERVISOR);
        first.mapLarge(large, newLargeFrame | P);
        mmu.invlpg(large);
        assertEquals(NEW, mmu.read8(large + 0x5000, SUPERVISOR), "INVLPG anywhere in a large page drops all of it");
        Expect.pageFault(large + 0x6000, PRESENT | WRITE, () -> mmu.write8(large + 0x6000, 0, SUPERVISOR));
    }

    @Test
    void invlpgDropsEveryFragmentOfAOneGibPage() {
        first.map1g(0x80_0000_0000L, 0, P | RW | US);
        first.activate(mmu, 0, 0, 0);
        assertEquals(OLD, mmu.read8(0x80_0000_0000L + OLD_FRAME, USER_MODE));
        first.map1g(0x80_0000_0000L, 0, P | RW);
        mmu.invlpg(0x80_0000_0000L);
        Expect.pageFault(0x80_0000_0000L + OLD_FRAME, PRESENT | USER,
                () -> mmu.read8(0x80_0000_0000L + OLD_FRAME, USER_MODE));
    }

    @Test
    void anUnmappedAndInvalidatedPageFaults() {
        first.map4k(PAGE, OLD_FRAME, P | RW);
        first.activate(mmu, 0, 0, 0);
        readByte(SUPERVISOR);
        first.map4k(PAGE, OLD_FRAME, 0);
        mmu.invlpg(PAGE);
        Expect.pageFault(PAGE, 0, () -> readByte(SUPERVISOR));
    }

    @Test
    void clearingDirtyAndInvalidatingMakesTheNextWriteSetItAgain() {
        first.map4k(PAGE, OLD_FRAME, P | RW);
        first.activate(mmu, 0, 0, 0);
        mmu.write8(PAGE, 1, SUPERVISOR);
        assertEquals(A | D, first.entry(PAGE, 3) & (A | D));
        first.map4k(PAGE, OLD_FRAME, P | RW);
        mmu.invlpg(PAGE);
        mmu.write8(PAGE, 2, SUPERVISOR);
        assertEquals(A | D, first.entry(PAGE, 3) & (A | D));
    }

    // ---- MOV to CR3 and global pages ----

    private void mapInBothAddressSpaces(long firstFlags, long secondFlags) {
        first.map4k(PAGE, OLD_FRAME, firstFlags);
        second.map4k(PAGE, NEW_FRAME, secondFlags);
    }

    @Test
    void movToCr3SwitchesToTheNewTables() {
        mapInBothAddressSpaces(P | RW, P | RW);
        first.activate(mmu, 0, 0, 0);
        assertEquals(OLD, readByte(SUPERVISOR));
        mmu.setCr3(second.cr3());
        assertEquals(NEW, readByte(SUPERVISOR));
        mmu.setCr3(first.cr3());
        assertEquals(OLD, readByte(SUPERVISOR));
    }

    @Test
    void movToCr3DropsNonGlobalTranslationsEvenWithPge() {
        mapInBothAddressSpaces(P | RW | US, P | RW | US);
        first.activate(mmu, 0, CR4_PGE, 0);
        readByte(USER_MODE);
        mmu.write8(PAGE + 1, 0, USER_MODE);
        mmu.translateFetch(PAGE, USER_MODE);
        mmu.setCr3(second.cr3());
        assertEquals(NEW, readByte(USER_MODE));
        mmu.write8(PAGE + 1, 0x5e, USER_MODE);
        assertEquals(0x5e, pm.read(NEW_FRAME + 1, 1));
        assertEquals(NEW_FRAME, mmu.translateFetch(PAGE, USER_MODE));
    }

    @Test
    void movToCr3KeepsGlobalTranslationsWithPge() {
        mapInBothAddressSpaces(P | RW | G, P | RW);
        first.activate(mmu, 0, CR4_PGE, 0);
        assertEquals(OLD, readByte(SUPERVISOR));
        mmu.setCr3(second.cr3());
        assertEquals(OLD, readByte(SUPERVISOR), "a global translation survives MOV to CR3");
    }

    @Test
    void invlpgDropsGlobalTranslations() {
        mapInBothAddressSpaces(P | RW | G, P | RW);
        first.activate(mmu, 0, CR4_PGE, 0);
        readByte(SUPERVISOR);
        mmu.setCr3(second.cr3());
        mmu.invlpg(PAGE);
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    @Test
    void theGlobalFlagMeansNothingWithoutPge() {
        mapInBothAddressSpaces(P | RW | G, P | RW);
        first.activate(mmu, 0, 0, 0);
        readByte(SUPERVISOR);
        mmu.setCr3(second.cr3());
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    // ---- control register changes ----

    @Test
    void setControlFlushesEverythingIncludingGlobals() {
        first.map4k(PAGE, OLD_FRAME, P | RW | G);
        first.activate(mmu, 0, CR4_PGE, 0);
        readByte(SUPERVISOR);
        first.map4k(PAGE, NEW_FRAME, P | RW | G);
        first.activate(mmu, 0, CR4_PGE, 0);
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    @Test
    void settingCr0WpRevokesCachedSupervisorWrites() {
        first.map4k(PAGE, OLD_FRAME, P);
        first.activate(mmu, 0, 0, 0);
        mmu.write8(PAGE, 0x44, SUPERVISOR);
        first.activate(mmu, CR0_WP, 0, 0);
        Expect.pageFault(PAGE, PRESENT | WRITE, () -> mmu.write8(PAGE, 0x55, SUPERVISOR));
        assertEquals(0x44, pm.read(OLD_FRAME, 1));
    }

    @Test
    void turningPagingOnDropsIdentityTranslations() {
        pm.write(PAGE, 1, 0x77);
        assertEquals(0x77, readByte(SUPERVISOR));
        first.map4k(PAGE, NEW_FRAME, P);
        first.activate(mmu, 0, 0, 0);
        assertEquals(NEW, readByte(SUPERVISOR));
    }

    // ---- what a cached translation must not grant ----

    @Test
    void aCachedSupervisorTranslationDoesNotGrantUserAccess() {
        first.map4k(PAGE, OLD_FRAME, P | RW);
        first.activate(mmu, 0, 0, 0);
        readByte(SUPERVISOR);
        mmu.write8(PAGE, OLD, SUPERVISOR);
        mmu.translateFetch(PAGE, SUPERVISOR);
        Expect.pageFault(PAGE, PRESENT | USER, () -> readByte(USER_MODE));
        Expect.pageFault(PAGE, PRESENT | WRITE | USER, () -> mmu.write8(PAGE, 0, USER_MODE));
        Expect.pageFault(PAGE, PRESENT | USER, () -> mmu.translateFetch(PAGE, USER_MODE));
    }

    @Test
    void aCachedReadDoesNotGrantWrite() {
        first.map4k(PAGE, OLD_FRAME, P | US);
        first.activate(mmu, CR0_WP, 0, 0);
        assertEquals(OLD, readByte(USER_MODE));
        Expect.pageFault(PAGE, PRESENT | WRITE | USER, () -> mmu.write8(PAGE, 0, USER_MODE));
        Expect.pageFault(PAGE, PRESENT | WRITE, () -> mmu.write8(PAGE, 0, SUPERVISOR));
    }
}

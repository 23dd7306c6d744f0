package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.FETCH;
import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.USER;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.CR0_WP;
import static dev.multiverse.mmu.PageTables.EFER_NXE;
import static dev.multiverse.mmu.PageTables.NX;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Access rights and the #PF error code under 4-level paging (SDM vol. 3, 4.6 and 4.7): U/S and R/W
 * combine over all levels, CR0.WP decides supervisor writes, EFER.NXE enables the XD bit and the I/D flag.
 */
class AccessRightsTest {
    private static final long PAGE = 0x40_0000, FRAME = 0x20_0000;
    private static final int PDPT = 1, PD = 2;
    private static final boolean USER_MODE = true, SUPERVISOR = false;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LONG4, 0x10_0000);

    private void pagingOn(long cr0Extra, long eferExtra) {
        pt.activate(mmu, cr0Extra, 0, eferExtra);
    }

    private void clearInUpperLevel(int level, long bits) {
        pt.setEntry(PAGE, level, pt.entry(PAGE, level) & ~bits);
    }

    // ---- not present ----

    @Test
    void notPresentSupervisorReadHasAnEmptyErrorCode() {
        pagingOn(0, 0);
        Expect.pageFault(PAGE + 0x10, 0, () -> mmu.read32(PAGE + 0x10, SUPERVISOR));
    }

    @Test
    void notPresentUserWriteReportsWriteAndUser() {
        pagingOn(0, 0);
        Expect.pageFault(PAGE, WRITE | USER, () -> mmu.write8(PAGE, 0, USER_MODE));
    }

    @Test
    void notPresentFetchSetsIdOnlyWithEferNxe() {
        pagingOn(0, 0);
        Expect.pageFault(PAGE, 0, () -> mmu.translateFetch(PAGE, SUPERVISOR));
        pagingOn(0, EFER_NXE);
        Expect.pageFault(PAGE, FETCH, () -> mmu.translateFetch(PAGE, SUPERVISOR));
        Expect.pageFault(PAGE, FETCH | USER, () -> mmu.translateFetch(PAGE, USER_MODE));
    }

    @Test
    void aNotPresentUpperLevelEntryFaultsAsNotPresent() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        pt.setEntry(PAGE, PD, pt.entry(PAGE, PD) & ~P);
        pagingOn(0, 0);
        Expect.pageFault(PAGE, USER, () -> mmu.read8(PAGE, USER_MODE));
    }

    @Test
    void aNotPresentLeafFaultsAsNotPresent() {
        pt.map4k(PAGE, FRAME, RW | US);
        pagingOn(0, 0);
        Expect.pageFault(PAGE + 0xfff, WRITE, () -> mmu.write8(PAGE + 0xfff, 0, SUPERVISOR));
    }

    // ---- user / supervisor ----

    @Test
    void userReadOfASupervisorPageIsAProtectionFault() {
        pt.map4k(PAGE, FRAME, P | RW);
        pagingOn(0, 0);
        Expect.pageFault(PAGE, PRESENT | USER, () -> mmu.read8(PAGE, USER_MODE));
    }

    @Test
    void userAccessNeedsUsInEveryLevel() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        clearInUpperLevel(PD, US);
        pagingOn(0, 0);
        Expect.pageFault(PAGE, PRESENT | USER, () -> mmu.read8(PAGE, USER_MODE));
        Expect.pageFault(PAGE, PRESENT | USER | WRITE, () -> mmu.write8(PAGE, 0, USER_MODE));
    }

    @Test
    void supervisorMayReadAndWriteUserPages() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        pagingOn(CR0_WP, 0);
        mmu.write16(PAGE, 0x1234, SUPERVISOR);
        assertEquals(0x1234, mmu.read16(PAGE, SUPERVISOR));
    }

    @Test
    void userMayReadAndWriteAUserPage() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        pagingOn(CR0_WP, 0);
        mmu.write32(PAGE + 4, 0x600d, USER_MODE);
        assertEquals(0x600d, mmu.read32(PAGE + 4, USER_MODE));
        assertEquals(0x600d, pm.read(FRAME + 4, 4));
    }

    // ---- read / write ----

    @Test
    void userWriteToAReadOnlyPageFaultsWhateverCr0Wp() {
        pt.map4k(PAGE, FRAME, P | US);
        pagingOn(0, 0);
        Expect.pageFault(PAGE, PRESENT | WRITE | USER, () -> mmu.write8(PAGE, 1, USER_MODE));
        pagingOn(CR0_WP, 0);
        Expect.pageFault(PAGE, PRESENT | WRITE | USER, () -> mmu.write8(PAGE, 1, USER_MODE));
        assertEquals(0, pm.read(FRAME, 1));
    }

    @Test
    void userMayReadAReadOnlyPage() {
        pt.map4k(PAGE, FRAME, P | US);
        pm.write(FRAME, 1, 0x99);
        pagingOn(CR0_WP, 0);
        assertEquals(0x99, mmu.read8(PAGE, USER_MODE));
    }

    @Test
    void writeNeedsRwInEveryLevel() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        clearInUpperLevel(PDPT, RW);
        pagingOn(CR0_WP, 0);
        Expect.pageFault(PAGE, PRESENT | WRITE | USER, () -> mmu.write8(PAGE, 1, USER_MODE));
        Expect.pageFault(PAGE, PRESENT | WRITE, () -> mmu.write8(PAGE, 1, SUPERVISOR));
    }

    @Test
    void supervisorWriteToAReadOnlyPageFaultsWithCr0Wp() {
        pt.map4k(PAGE, FRAME, P);
        pagingOn(CR0_WP, 0);
        Expect.pageFault(PAGE + 8, PRESENT | WRITE, () -> mmu.write64(PAGE + 8, -1L, SUPERVISOR));
        assertEquals(0, pm.read(FRAME + 8, 8));
    }

    @Test
    void supervisorWriteToAReadOnlyPageSucceedsWithoutCr0Wp() {
        pt.map4k(PAGE, FRAME, P);
        pt.map4k(PAGE + 0x1000, FRAME + 0x1000, P | US);
        pagingOn(0, 0);
        mmu.write64(PAGE + 8, -1L, SUPERVISOR);
        mmu.write8(PAGE + 0x1000, 0x11, SUPERVISOR);
        assertEquals(-1L, pm.read(FRAME + 8, 8));
        assertEquals(0x11, pm.read(FRAME + 0x1000, 1), "a read-only user page too");
    }

    // ---- execute disable ----

    @Test
    void fetchFromAnNxPageFaultsWithIdWhenNxeIsSet() {
        pt.map4k(PAGE, FRAME, P | RW | US | NX);
        pagingOn(0, EFER_NXE);
        Expect.pageFault(PAGE + 3, PRESENT | FETCH, () -> mmu.translateFetch(PAGE + 3, SUPERVISOR));
        Expect.pageFault(PAGE + 3, PRESENT | FETCH | USER, () -> mmu.translateFetch(PAGE + 3, USER_MODE));
    }

    @Test
    void nxDoesNotRestrictDataAccess() {
        pt.map4k(PAGE, FRAME, P | RW | US | NX);
        pagingOn(0, EFER_NXE);
        mmu.write8(PAGE, 0x31, USER_MODE);
        assertEquals(0x31, mmu.read8(PAGE, USER_MODE));
    }

    @Test
    void nxInAnyLevelForbidsFetch() {
        pt.map4k(PAGE, FRAME, P | RW | US);
        pt.setEntry(PAGE, 0, pt.entry(PAGE, 0) | NX);
        pagingOn(0, EFER_NXE);
        Expect.pageFault(PAGE, PRESENT | FETCH, () -> mmu.translateFetch(PAGE, SUPERVISOR));
    }

    @Test
    void fetchFromAnExecutablePageSucceeds() {
        pt.map4k(PAGE, FRAME, P | US);
        pagingOn(0, EFER_NXE);
        assertEquals(FRAME + 0x42, mmu.translateFetch(PAGE + 0x42, USER_MODE));
    }

    @Test
    void userFetchFromASupervisorPageIsAProtectionFault() {
        pt.map4k(PAGE, FRAME, P | RW);
        pagingOn(0, 0);
        Expect.pageFault(PAGE, PRESENT | USER, () -> mmu.translateFetch(PAGE, USER_MODE));
        pagingOn(0, EFER_NXE);
        Expect.pageFault(PAGE, PRESENT | USER | FETCH, () -> mmu.translateFetch(PAGE, USER_MODE));
    }

    @Test
    void supervisorMayFetchFromAUserPageWithoutSmep() {
        pt.map4k(PAGE, FRAME, P | US);
        pagingOn(0, EFER_NXE);
        assertEquals(FRAME, mmu.translateFetch(PAGE, SUPERVISOR));
    }

    @Test
    void largePagesObeyTheSameRights() {
        pt.mapLarge(0x4000_0000L, 0x60_0000 | P | US | NX);
        pagingOn(CR0_WP, EFER_NXE);
        Expect.pageFault(0x4010_0000L, PRESENT | WRITE | USER, () -> mmu.write8(0x4010_0000L, 0, USER_MODE));
        Expect.pageFault(0x4010_0000L, PRESENT | FETCH, () -> mmu.translateFetch(0x4010_0000L, SUPERVISOR));
        assertEquals(0x70_0000, mmu.translate(0x4010_0000L, Access.READ, USER_MODE));
    }
}

package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.mmu.PageFault.FETCH;
import static dev.multiverse.mmu.PageFault.PRESENT;
import static dev.multiverse.mmu.PageFault.WRITE;
import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static dev.multiverse.mmu.PageTables.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SMEP and SMAP (SDM vol. 3, 4.6.1): with CR4.SMEP supervisor code may not run from user pages; with
 * CR4.SMAP supervisor data accesses to user pages fault unless they are explicit accesses made with
 * RFLAGS.AC set. Implicit supervisor accesses (descriptor tables) are always checked.
 */
class SupervisorProtectionTest {
    private static final long SMEP = 1 << 20, SMAP = 1 << 21;
    private static final long USER_PAGE = 0x40_0000, KERNEL_PAGE = 0x40_1000;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);

    private void build(PagingMode mode, long cr4) {
        PageTables pt = new PageTables(pm, mode, 0x50_0000 + mode.ordinal() * 0x10_0000L);
        pt.map4k(USER_PAGE, 0x20_0000, P | RW | US);
        pt.map4k(KERNEL_PAGE, 0x20_1000, P | RW);
        pm.write(0x20_0000, 1, 0x5a);
        pt.activate(mmu, 0, cr4, 0);
    }

    @Test
    void smepForbidsSupervisorFetchesFromUserPagesAndReportsAFetch() {
        for (PagingMode mode : new PagingMode[]{PagingMode.LEGACY, PagingMode.PAE, PagingMode.LONG4}) {
            build(mode, SMEP);
            Expect.pageFault(USER_PAGE, PRESENT | FETCH, () -> mmu.translateFetch(USER_PAGE, false));
            assertEquals(0x20_1000, mmu.translateFetch(KERNEL_PAGE, false));
            assertEquals(0x20_0000, mmu.translateFetch(USER_PAGE, true));
            assertEquals(0x5a, mmu.read8(USER_PAGE, false), mode + ": SMEP alone leaves data alone");
        }
    }

    @Test
    void withoutSmepSupervisorCodeRunsFromUserPages() {
        build(PagingMode.LONG4, 0);
        assertEquals(0x20_0000, mmu.translateFetch(USER_PAGE, false));
    }

    @Test
    void smapFaultsSupervisorDataAccessesToUserPagesUnlessAcOverrides() {
        build(PagingMode.LONG4, SMAP);
        Expect.pageFault(USER_PAGE, PRESENT, () -> mmu.read8(USER_PAGE, Privilege.SUPERVISOR));
        Expect.pageFault(USER_PAGE + 4, PRESENT | WRITE, () -> mmu.write32(USER_PAGE + 4, 1, Privilege.SUPERVISOR));
        assertEquals(0x5a, mmu.read8(USER_PAGE, Privilege.SUPERVISOR_AC));
        mmu.write8(USER_PAGE + 1, 0x77, Privilege.SUPERVISOR_AC);
        assertEquals(0x77, mmu.read8(USER_PAGE + 1, Privilege.USER));
        // The translation cached for the AC access must not serve a later implicit access.
        Expect.pageFault(USER_PAGE, PRESENT, () -> mmu.read8(USER_PAGE, false));
        assertEquals(0, mmu.read8(KERNEL_PAGE, Privilege.SUPERVISOR));
        // SMAP does not restrict fetches.
        assertEquals(0x20_0000, mmu.translateFetch(USER_PAGE, false));
    }

    @Test
    void withoutSmapTheAcOverrideChangesNothing() {
        build(PagingMode.PAE, 0);
        assertEquals(0x5a, mmu.read8(USER_PAGE, Privilege.SUPERVISOR));
        assertEquals(0x5a, mmu.read8(USER_PAGE, Privilege.SUPERVISOR_AC));
    }
}

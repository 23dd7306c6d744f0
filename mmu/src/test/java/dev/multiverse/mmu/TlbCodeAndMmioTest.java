package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.mmu.PageTables.P;
import static dev.multiverse.mmu.PageTables.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The TLB fast path must not hide writes to decoded code from the block cache, nor hide device registers
 * behind a cached RAM translation.
 */
class TlbCodeAndMmioTest {
    private static final long PAGE = 0x40_0000, ALIAS = 0x80_0000, FRAME = 0x20_0000;

    private final PhysicalMemory pm = new PhysicalMemory(16 << 20);
    private final Mmu mmu = new Mmu(pm);
    private final PageTables pt = new PageTables(pm, PagingMode.LONG4, 0x10_0000);
    private final List<Long> codeWrites = new ArrayList<>();

    TlbCodeAndMmioTest() {
        pm.addCodeWriteListener(codeWrites::add);
    }

    // ---- code pages ----

    @Test
    void aWriteThroughACachedTranslationReportsANewlyMarkedCodePage() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write32(PAGE, 1, false);
        mmu.write32(PAGE, 2, false);
        pm.markCode(FRAME);
        mmu.write8(PAGE + 0x800, 0x90, false);
        assertEquals(List.of(FRAME), codeWrites);
        mmu.write8(PAGE + 0x801, 0x90, false);
        assertEquals(List.of(FRAME), codeWrites, "the mark is gone after the first write");
        assertEquals(0x9090, pm.read(FRAME + 0x800, 2));
    }

    @Test
    void everyWriteSizeReportsACodePage() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        for (int size : new int[] {1, 2, 4, 8}) {
            mmu.write(PAGE, size, 0, false);
            pm.markCode(FRAME);
            mmu.write(PAGE + 16, size, -1L, false);
        }
        assertEquals(List.of(FRAME, FRAME, FRAME, FRAME), codeWrites);
    }

    @Test
    void writesThroughAnyAliasOfACodePageAreReported() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.map4k(ALIAS, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(PAGE, 0, false);
        mmu.write8(ALIAS, 0, false);
        pm.markCode(FRAME);
        mmu.write8(ALIAS + 1, 0xc3, false);
        pm.markCode(FRAME);
        mmu.write8(PAGE + 2, 0xc3, false);
        assertEquals(List.of(FRAME, FRAME), codeWrites);
    }

    @Test
    void aPageMarkedAsCodeBeforeItsFirstWriteIsReported() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.markCode(FRAME);
        mmu.write16(PAGE + 4, 0x1234, false);
        pm.markCode(FRAME);
        mmu.write16(PAGE + 4, 0x5678, false);
        assertEquals(List.of(FRAME, FRAME), codeWrites);
    }

    @Test
    void aCodeFragmentOfALargePageIsReported() {
        pt.mapLarge(0x4000_0000L, 0x60_0000 | P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(0x4000_3000L, 0, false);
        pm.markCode(0x60_3000);
        mmu.write8(0x4000_3fffL, 0, false);
        assertEquals(List.of(0x60_3000L), codeWrites);
    }

    @Test
    void aPageCrossingWriteReportsTheCodePageItEndsIn() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.map4k(PAGE + 0x1000, FRAME + 0x5000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.write8(PAGE + 0x1000, 0, false);
        pm.markCode(FRAME + 0x5000);
        mmu.write32(PAGE + 0xffe, -1, false);
        assertEquals(List.of(FRAME + 0x5000), codeWrites);
    }

    @Test
    void probingACodePageForWriteDoesNotCacheWriteAccess() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.markCode(FRAME);
        mmu.probeWrite(PAGE, 8, false);
        assertEquals(List.of(), codeWrites, "a probe writes nothing");
        mmu.write64(PAGE, 0, false);
        assertEquals(List.of(FRAME), codeWrites);
    }

    @Test
    void aFaultingPageCrossingWriteDoesNotCacheWriteAccessToACodePage() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.map4k(PAGE + 0x1000, FRAME + 0x1000, P);
        pt.activate(mmu, PageTables.CR0_WP, 0, 0);
        pm.markCode(FRAME);
        assertThrows(PageFault.class, () -> mmu.write32(PAGE + 0xffe, -1, false));
        assertEquals(List.of(), codeWrites);
        mmu.write8(PAGE + 0x10, 0xcc, false);
        assertEquals(List.of(FRAME), codeWrites);
    }

    @Test
    void readsOfACodePageAreNotReported() {
        pt.map4k(PAGE, FRAME, P | RW);
        pt.activate(mmu, 0, 0, 0);
        pm.markCode(FRAME);
        mmu.read64(PAGE, false);
        mmu.translateFetch(PAGE, false);
        assertEquals(List.of(), codeWrites);
    }

    // ---- MMIO ----

    /** A device register that counts the accesses it sees. */
    private static final class CountingRegister implements MmioHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r" + Long.toHexString(offset));
            return log.size();
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w" + Long.toHexString(offset) + "=" + value);
        }
    }

    @Test
    void everyAccessToAMappedDevicePageReachesTheDevice() {
        CountingRegister dev = new CountingRegister();
        pm.mapMmio(0xfee0_0000L, 0x1000, dev);
        pt.map4k(PAGE, 0xfee0_0000L, P | RW);
        pt.activate(mmu, 0, 0, 0);
        assertEquals(1, mmu.read32(PAGE + 0x30, false));
        assertEquals(2, mmu.read32(PAGE + 0x30, false));
        mmu.write32(PAGE + 0xb0, 0, false);
        mmu.write32(PAGE + 0xb0, 0, false);
        assertEquals(List.of("r30", "r30", "wb0=0", "wb0=0"), dev.log);
    }

    @Test
    void mappingADeviceOverACachedRamPageRedirectsLaterAccesses() {
        pt.map4k(PAGE, 0xa_0000, P | RW);
        pt.activate(mmu, 0, 0, 0);
        mmu.read8(PAGE, false);
        mmu.write8(PAGE, 1, false);
        CountingRegister vga = new CountingRegister();
        pm.mapMmio(0xa_0000, 0x2_0000, vga);
        mmu.read8(PAGE + 5, false);
        mmu.read8(PAGE + 5, false);
        mmu.write8(PAGE + 6, 7, false);
        mmu.write8(PAGE + 6, 8, false);
        assertEquals(List.of("r5", "r5", "w6=7", "w6=8"), vga.log, "a device page inside RAM is never cached");
    }

    @Test
    void devicesAreReachedWithoutPagingToo() {
        CountingRegister dev = new CountingRegister();
        pm.mapMmio(0xfec0_0000L, 0x20, dev);
        mmu.write32(0xfec0_0000L, 0x12, false);
        mmu.read32(0xfec0_0010L, false);
        mmu.read32(0xfec0_0010L, false);
        assertEquals(List.of("w0=18", "r10", "r10"), dev.log);
    }
}

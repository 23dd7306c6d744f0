package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicalMemoryTest {
    private static final long RAM = 64 * 1024;

    private final PhysicalMemory pm = new PhysicalMemory(RAM);

    /** An MMIO device that records every access and answers reads with a value derived from the offset. */
    private static final class RecordingDevice implements MmioHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r " + Long.toHexString(offset) + "/" + size);
            return 0xab00 + offset;
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w " + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value));
        }
    }

    // ---- little-endian RAM ----

    @Test
    void multiByteValuesAreStoredLittleEndian() {
        pm.write(0x100, 8, 0x0807_0605_0403_0201L);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, pm.dump(0x100, 8));
        assertEquals(0x01, pm.read(0x100, 1));
        assertEquals(0x0201, pm.read(0x100, 2));
        assertEquals(0x0403_0201L, pm.read(0x100, 4));
        assertEquals(0x0807_0605_0403_0201L, pm.read(0x100, 8));
        assertEquals(0x0605_0403L, pm.read(0x102, 4), "unaligned read");
    }

    @Test
    void readsAreZeroExtended() {
        pm.write(0x200, 8, -1L);
        assertEquals(0xffL, pm.read(0x200, 1));
        assertEquals(0xffffL, pm.read(0x200, 2));
        assertEquals(0xffff_ffffL, pm.read(0x200, 4));
        assertEquals(-1L, pm.read(0x200, 8));
    }

    @Test
    void aWriteChangesOnlyItsOwnSizeOfBytes() {
        pm.write(0x300, 8, 0x1111_1111_1111_1111L);
        pm.write(0x302, 1, 0xabcd_ef99L);
        assertEquals(0x1111_1111_1199_1111L, pm.read(0x300, 8));
        pm.write(0x304, 2, 0x7777_2233L);
        assertEquals(0x1111_2233_1199_1111L, pm.read(0x300, 8));
        pm.write(0x300, 4, 0xdead_beefL);
        assertEquals(0x1111_2233_dead_beefL, pm.read(0x300, 8));
    }

    @Test
    void freshRamReadsAsZero() {
        assertEquals(0, pm.read(0x1234, 8));
    }

    @Test
    void ramSizeMustBeAPositiveMultipleOfAPage() {
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(0));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(4096 + 1));
    }

    // ---- open bus ----

    @Test
    void readsBeyondRamReturnAllOnes() {
        assertEquals(0xffL, pm.read(RAM, 1));
        assertEquals(0xffffL, pm.read(RAM + 2, 2));
        assertEquals(0xffff_ffffL, pm.read(RAM + 0x1000, 4));
        assertEquals(-1L, pm.read(0xfee0_0000L, 8));
    }

    @Test
    void writesBeyondRamAreIgnored() {
        pm.write(RAM + 8, 8, 0);
        assertEquals(-1L, pm.read(RAM + 8, 8));
        assertEquals(0, pm.read(RAM - 8, 8), "the last bytes of RAM are untouched");
    }

    @Test
    void anAccessStraddlingTheEndOfRamMixesRamAndOpenBus() {
        pm.write(RAM - 2, 2, 0x1234);
        assertEquals(0xffff_1234L, pm.read(RAM - 2, 4));
        pm.write(RAM - 1, 2, 0x5678);
        assertEquals(0x78, pm.read(RAM - 1, 1), "the byte inside RAM is written");
        assertEquals(0xff, pm.read(RAM, 1), "the byte beyond RAM is not");
    }

    @Test
    void dumpShowsOpenBusAsFF() {
        pm.write(RAM - 1, 1, 0x42);
        assertArrayEquals(new byte[] {0x42, (byte) 0xff, (byte) 0xff}, pm.dump(RAM - 1, 3));
    }

    // ---- MMIO ----

    @Test
    void mmioReadsAndWritesReachTheHandlerWithOffsetAndSize() {
        RecordingDevice dev = new RecordingDevice();
        pm.mapMmio(0xfee0_0000L, 0x1000, dev);
        assertEquals(0xab20, pm.read(0xfee0_0020L, 4));
        pm.write(0xfee0_00b0L, 4, 0x55);
        pm.write(0xfee0_0ff8L, 8, 0x0102_0304_0506_0708L);
        pm.read(0xfee0_0000L, 1);
        assertEquals(List.of("r 20/4", "w b0/4=55", "w ff8/8=102030405060708", "r 0/1"), dev.log);
    }

    @Test
    void addressesJustOutsideAWindowAreNotDispatched() {
        RecordingDevice dev = new RecordingDevice();
        pm.mapMmio(0x10_0000L, 0x100, dev);
        assertEquals(0xff, pm.read(0x10_0100L, 1));
        assertEquals(0xff, pm.read(0x0f_ffffL, 1));
        assertTrue(dev.log.isEmpty());
    }

    @Test
    void aWindowInsideRamShadowsTheRamBehindIt() {
        pm.write(0xa000, 4, 0x1111_1111);
        RecordingDevice dev = new RecordingDevice();
        pm.mapMmio(0xa000, 0x1000, dev);
        assertEquals(0xab10, pm.read(0xa010, 2));
        pm.write(0xa000, 4, 0x2222_2222);
        assertEquals(List.of("r 10/2", "w 0/4=22222222"), dev.log);
        assertFalse(pm.isRamPage(0xa000));
        assertTrue(pm.isRamPage(0xb000));
    }

    @Test
    void overlappingWindowsAreRejected() {
        pm.mapMmio(0x100_0000L, 0x1000, new RecordingDevice());
        assertThrows(IllegalStateException.class, () -> pm.mapMmio(0x100_0800L, 0x1000, new RecordingDevice()));
        assertThrows(IllegalStateException.class, () -> pm.mapMmio(0x0ff_f000L, 0x1001, new RecordingDevice()));
        assertThrows(IllegalStateException.class, () -> pm.mapMmio(0x0ff_0000L, 0x10_0000, new RecordingDevice()),
                "a window that encloses another overlaps it");
    }

    @Test
    void adjacentWindowsAreAccepted() {
        RecordingDevice low = new RecordingDevice(), high = new RecordingDevice();
        pm.mapMmio(0x100_0000L, 0x1000, low);
        pm.mapMmio(0x100_1000L, 0x1000, high);
        pm.read(0x100_0fffL, 1);
        pm.read(0x100_1000L, 1);
        assertEquals(List.of("r fff/1"), low.log);
        assertEquals(List.of("r 0/1"), high.log);
    }

    // ---- loading images ----

    @Test
    void loadCopiesBytesIntoRam() {
        pm.load(0x400, new byte[] {9, 8, 7, 6});
        assertEquals(0x0607_0809L, pm.read(0x400, 4));
        pm.load(RAM - 2, new byte[] {0, 1, 2, 3}, 2, 2);
        assertEquals(0x0302, pm.read(RAM - 2, 2), "an image may end exactly at the end of RAM");
    }

    @Test
    void loadOutsideRamIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> pm.load(RAM - 2, new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> pm.load(RAM, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> pm.load(-1, new byte[1]));
        assertEquals(0, pm.read(RAM - 2, 2), "a rejected image writes nothing");
    }

    // ---- code-page tracking ----

    private List<Long> listenForCodeWrites() {
        List<Long> written = new ArrayList<>();
        pm.addCodeWriteListener(written::add);
        return written;
    }

    @Test
    void writingACodePageNotifiesOnceAndClearsTheMark() {
        List<Long> written = listenForCodeWrites();
        pm.markCode(0x3123);
        assertTrue(pm.isCode(0x3000));
        assertTrue(pm.isCode(0x3fff));
        pm.write(0x3800, 4, 0x90909090L);
        assertEquals(List.of(0x3000L), written);
        assertFalse(pm.isCode(0x3000));
        pm.write(0x3804, 4, 0);
        assertEquals(List.of(0x3000L), written, "the page holds no decoded code any more");
    }

    @Test
    void writesToOtherPagesDoNotNotify() {
        List<Long> written = listenForCodeWrites();
        pm.markCode(0x3000);
        pm.write(0x2ffc, 4, 1);
        pm.write(0x4000, 8, 1);
        pm.read(0x3000, 8);
        assertTrue(written.isEmpty());
        assertTrue(pm.isCode(0x3000));
    }

    @Test
    void aWriteThatEndsInACodePageNotifiesForThatPage() {
        List<Long> written = listenForCodeWrites();
        pm.markCode(0x3000);
        pm.write(0x2ffe, 4, 0);
        assertEquals(List.of(0x3000L), written);
    }

    @Test
    void loadingOverCodeNotifies() {
        List<Long> written = listenForCodeWrites();
        pm.markCode(0x5000);
        pm.markCode(0x6000);
        pm.load(0x5ff0, new byte[0x20]);
        assertEquals(List.of(0x5000L, 0x6000L), written);
    }

    @Test
    void everyListenerIsTold() {
        List<Long> first = listenForCodeWrites();
        List<Long> second = listenForCodeWrites();
        pm.markCode(0x7000);
        pm.write(0x7000, 1, 0xcc);
        assertEquals(List.of(0x7000L), first);
        assertEquals(List.of(0x7000L), second);
    }

    @Test
    void onlyRamPagesAreCode() {
        assertFalse(pm.isCode(RAM));
        assertFalse(pm.isCode(0x1_0000_0000L));
    }
}

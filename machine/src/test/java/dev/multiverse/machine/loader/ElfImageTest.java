package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.machine.TestKernels.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfImageTest {
    @Test
    void parsesElf32HeaderAndProgramHeaders() throws BootException {
        byte[] file = TestKernels.elf32().entry(0x100010)
                .segment(new TestKernels.Segment(0xC0100000L, 0x100000, bytes(1, 2, 3), 0x1000))
                .segment(TestKernels.Segment.at(0x200000, bytes(9)))
                .build();
        ElfImage elf = ElfImage.parse(file, "k");
        assertFalse(elf.is64());
        assertEquals(ElfImage.EM_386, elf.machine());
        assertEquals(0x100010, elf.entry());
        assertEquals(2, elf.programHeaders().size());
        ElfImage.ProgramHeader ph = elf.programHeaders().get(0);
        assertEquals(ElfImage.PT_LOAD, ph.type());
        assertEquals(0xC0100000L, ph.vaddr(), "addresses are unsigned 32-bit");
        assertEquals(0x100000, ph.paddr());
        assertEquals(3, ph.fileSize());
        assertEquals(0x1000, ph.memSize());
        assertEquals(1, file[(int) ph.offset()]);
    }

    @Test
    void parsesElf64() throws BootException {
        byte[] file = TestKernels.elf64().entry(0xFFFFFFFF80100000L)
                .segment(new TestKernels.Segment(0xFFFFFFFF80100000L, 0x100000, bytes(0x90), 1)).build();
        ElfImage elf = ElfImage.parse(file, "k");
        assertTrue(elf.is64());
        assertEquals(ElfImage.EM_X86_64, elf.machine());
        assertEquals(0xFFFFFFFF80100000L, elf.entry());
        assertEquals(0xFFFFFFFF80100000L, elf.programHeaders().get(0).vaddr());
    }

    @Test
    void namesAddressesFromTheSymbolTable() throws BootException {
        for (TestKernels k : new TestKernels[]{TestKernels.elf32(), TestKernels.elf64()}) {
            byte[] file = k.segment(TestKernels.Segment.at(0x100000, new byte[64]))
                    .symbol("start", 0x100000, 0x10).symbol("main", 0x100010, 0x20).symbol("label", 0x100040, 0)
                    .build();
            ElfImage elf = ElfImage.parse(file, "k");
            assertEquals(3, elf.symbols().size());
            assertEquals("start", elf.symbolize(0x100000));
            assertEquals("main+0x1f", elf.symbolize(0x10002F));
            assertNull(elf.symbolize(0x100030), "past main's size and before the next symbol");
            assertEquals("label+0x8", elf.symbolize(0x100048), "a label without size covers up to the next symbol");
            assertNull(elf.symbolize(0xFFFFF));
        }
    }

    @Test
    void rejectsWhatIsNotElf() {
        BootException e = assertThrows(BootException.class, () -> ElfImage.parse("hello world".getBytes(), "notes.txt"));
        assertEquals("notes.txt: not an ELF file", e.getMessage());
        assertFalse(ElfImage.isElf(bytes(0x7F, 'E', 'L')));
    }

    @Test
    void rejectsTruncatedAndMalformedFiles() {
        byte[] good = TestKernels.elf32().segment(TestKernels.Segment.at(0x100000, new byte[100])).build();
        byte[] cut = Arrays.copyOf(good, good.length - 50);
        assertTrue(assertThrows(BootException.class, () -> ElfImage.parse(cut, "k")).getMessage()
                .startsWith("k: truncated ELF file (segment 0"));
        byte[] headerOnly = Arrays.copyOf(good, 40);
        assertTrue(assertThrows(BootException.class, () -> ElfImage.parse(headerOnly, "k")).getMessage()
                .contains("shorter than its header"));
        byte[] bigEndian = good.clone();
        bigEndian[5] = 2;
        assertTrue(assertThrows(BootException.class, () -> ElfImage.parse(bigEndian, "k")).getMessage()
                .contains("big-endian"));
        byte[] badClass = good.clone();
        badClass[4] = 7;
        assertEquals("k: unknown ELF class 7",
                assertThrows(BootException.class, () -> ElfImage.parse(badClass, "k")).getMessage());
    }

    @Test
    void rejectsSegmentWhoseFileSizeExceedsItsMemorySize() {
        byte[] file = TestKernels.elf32().segment(new TestKernels.Segment(0x100000, 0x100000, new byte[16], 8)).build();
        assertTrue(assertThrows(BootException.class, () -> ElfImage.parse(file, "k")).getMessage()
                .contains("file size 0x10 exceeds memory size 0x8"));
    }
}

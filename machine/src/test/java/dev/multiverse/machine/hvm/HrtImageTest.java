package dev.multiverse.machine.hvm;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HrtImageTest {
    private static final long MIB = 1 << 20;

    private static String error(HrtImages image) {
        return assertThrows(BootException.class, () -> HrtImage.parse(image.build(), "k")).getMessage();
    }

    @Test
    void readsTheHrtTag() throws BootException {
        HrtImages b = new HrtImages();
        b.flags = HrtImage.FLAG_RELOC | HrtImage.FLAG_PAGE_4K | HrtImage.FLAG_PAGE_2M;
        b.maxMem = 64 * MIB;
        b.gvaOffset = HrtImage.HIGHER_HALF;
        b.gvaEntry = 0xffff_8000_0200_1000L;
        b.commPage = 0x300_0000;
        b.vector = 0x40;
        b.bss = 0x1000;
        HrtImage image = HrtImage.parse(b.build(), "k");
        assertTrue(image.relocatable());
        assertEquals(2 * MIB, image.pageSize(), "the highest page-size flag wins");
        assertEquals(64 * MIB, image.maxMemToMap());
        assertEquals(HrtImage.HIGHER_HALF, image.gvaOffset());
        assertEquals(0xffff_8000_0200_1000L, image.gvaEntry());
        assertEquals(0x300_0000, image.commPageGpa());
        assertEquals(0x40, image.upcallVector());
        assertEquals(b.paddr, image.low());
        assertEquals(b.paddr + HrtImages.HEADER_SIZE + 1 + 0x1000, image.high(), "bss included");
    }

    @Test
    void pageSizeFlags() throws BootException {
        HrtImages b = new HrtImages();
        b.flags = 0;
        assertEquals(4096, HrtImage.parse(b.build(), "k").pageSize(), "no size flag: 4 KiB");
        b.flags = HrtImage.FLAG_PAGE_1G | HrtImage.FLAG_PAGE_4K;
        assertEquals(1L << 30, HrtImage.parse(b.build(), "k").pageSize());
        b.flags = HrtImage.FLAG_PAGE_512G;
        assertEquals(1L << 30, HrtImage.parse(b.build(), "k").pageSize(), "512 GiB pages map as 1 GiB");
    }

    @Test
    void rejectsWhatIsNoHrtImage() {
        assertTrue(assertThrows(BootException.class, () -> HrtImage.parse(new byte[100], "k")).getMessage()
                .contains("k: not an ELF file"));
        HrtImages elf32 = new HrtImages();
        elf32.elf32 = true;
        assertTrue(error(elf32).contains("not an ELF64 x86-64 file"));
        byte[] noHeader = TestKernels.elf64().entry(0x200_0000)
                .segment(TestKernels.Segment.at(0x200_0000, new byte[64])).build();
        assertTrue(assertThrows(BootException.class, () -> HrtImage.parse(noHeader, "k")).getMessage()
                .contains("no Multiboot 2 header"));
        HrtImages noTag = new HrtImages();
        noTag.withHrtTag = false;
        assertTrue(error(noTag).contains("no HRT tag (type 0xf00d)"));
        HrtImages offset = new HrtImages();
        offset.gvaOffset = 0xffff_ffff_8000_0000L;
        assertTrue(error(offset).contains("gva_offset 0xffffffff80000000 is neither 0 nor 0xffff800000000000"));
        HrtImages vector = new HrtImages();
        vector.vector = 14;
        assertTrue(error(vector).contains("upcall vector 14 is an exception vector"));
        HrtImages comm = new HrtImages();
        comm.commPage = 0x300_0010;
        assertTrue(error(comm).contains("comm_page_gpa 0x3000010 is not page-aligned"));
    }

    @Test
    void placement() throws BootException {
        HrtImages fixed = new HrtImages();
        fixed.flags = HrtImage.FLAG_PAGE_2M;
        fixed.paddr = 0x100_0000;
        HrtImage image = HrtImage.parse(fixed.build(), "k");
        assertFalse(image.relocatable());
        assertEquals(0x100_0000, image.loadBase(16 * MIB, 32 * MIB, "k"), "at its own address, the first HRT byte");
        String below = assertThrows(BootException.class, () -> image.loadBase(18 * MIB, 32 * MIB, "k")).getMessage();
        assertTrue(below.contains("segments 0x1000000-0x1000051 lie outside HRT RAM 0x1200000-0x2000000"), below);
        assertTrue(below.contains("not relocatable"), below);
        assertThrows(BootException.class, () -> image.loadBase(8 * MIB, 16 * MIB, "k"), "above RAM");

        fixed.flags |= HrtImage.FLAG_RELOC;
        HrtImage reloc = HrtImage.parse(fixed.build(), "k");
        assertEquals(18 * MIB, reloc.loadBase(18 * MIB, 32 * MIB, "k"), "at the first HRT byte");
        assertEquals(20 * MIB, reloc.loadBase(19 * MIB, 32 * MIB, "k"), "at the next 2 MiB boundary");
    }
}

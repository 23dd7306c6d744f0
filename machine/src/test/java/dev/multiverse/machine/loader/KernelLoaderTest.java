package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.multiverse.machine.TestKernels.concat;
import static dev.multiverse.machine.loader.BootImages.elfWithNotes;
import static dev.multiverse.machine.loader.BootImages.mb2Header;
import static dev.multiverse.machine.loader.BootImages.note;
import static dev.multiverse.machine.loader.BootImages.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The protocol order: Multiboot 1, then PVH, then Multiboot 2 (QEMU's -kernel order, Multiboot 2 last). */
class KernelLoaderTest {
    @TempDir
    Path dir;

    private final PhysicalMemory memory = new PhysicalMemory(4 << 20);

    private BootProtocol protocolOf(byte[] image) throws IOException, BootException {
        return KernelLoader.load(memory, TestKernels.write(dir, "k.elf", image), "", List.of(), 0).protocol();
    }

    private static byte[] xenNote() {
        return note("Xen", 18, u32(0x100000));
    }

    @Test
    void multiboot1WinsOverPvhAndMultiboot2() throws Exception {
        byte[] headers = concat(TestKernels.header(0), new byte[4], mb2Header());
        assertEquals(BootProtocol.MULTIBOOT1, protocolOf(elfWithNotes(false, headers, xenNote())));
    }

    @Test
    void pvhWinsOverMultiboot2() throws Exception {
        assertEquals(BootProtocol.PVH, protocolOf(elfWithNotes(false, mb2Header(), xenNote())));
    }

    @Test
    void multiboot2IsUsedWhenItIsTheOnlyProtocol() throws Exception {
        assertEquals(BootProtocol.MULTIBOOT2, protocolOf(elfWithNotes(false, mb2Header())));
    }

    @Test
    void aMultiboot1HeaderWithABadChecksumDoesNotHideAValidMultiboot2Header() throws Exception {
        byte[] bad = TestKernels.header(0);
        bad[8] ^= 1;
        assertEquals(BootProtocol.MULTIBOOT2, protocolOf(elfWithNotes(false, concat(bad, new byte[4], mb2Header()))));
    }
}

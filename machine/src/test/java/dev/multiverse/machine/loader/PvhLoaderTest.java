package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.multiverse.machine.TestKernels.bytes;
import static dev.multiverse.machine.loader.BootImages.elfWithNotes;
import static dev.multiverse.machine.loader.BootImages.note;
import static dev.multiverse.machine.loader.BootImages.u32;
import static dev.multiverse.machine.loader.BootImages.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PvhLoaderTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final PhysicalMemory memory = new PhysicalMemory(4 * MIB);
    /** The RSDP address the machine passes to the loader. */
    private static final long RSDP = 0xF0000;

    private String cString(long pa) {
        StringBuilder s = new StringBuilder();
        for (long a = pa; memory.read(a, 1) != 0; a++) s.append((char) memory.read(a, 1));
        return s.toString();
    }

    private LoadedKernel load(byte[] image, String append, List<String> modules) throws IOException, BootException {
        Path k = TestKernels.write(dir, "kernel.elf", image);
        LoadedKernel kernel = KernelLoader.load(memory, k, append, modules, RSDP);
        assertEquals(BootProtocol.PVH, kernel.protocol());
        return kernel;
    }

    /** An ELF32 kernel at 1 MiB whose PVH note names 0x100004 (after 4 bytes of padding, a HLT). */
    private static byte[] pvhElf32() {
        return elfWithNotes(false, new byte[4], note("GNU", 3, new byte[4]), note("Xen", 18, u32(0x100004)));
    }

    @Test
    void entersAtTheNotesEntryWithStartInfo() throws Exception {
        LoadedKernel k = load(pvhElf32(), "root=/dev/vda", List.of());
        assertEquals(0x100004, k.entry(), "the note's entry, not the ELF entry");
        long si = k.infoAddress();
        assertEquals(0x336EC578L, memory.read(si, 4), "magic");
        assertEquals(1, memory.read(si + 4, 4), "version");
        assertEquals(0, memory.read(si + 8, 4), "flags");
        assertEquals(0, memory.read(si + 12, 4), "nr_modules");
        assertEquals(0, memory.read(si + 16, 8), "no module list");
        assertEquals("root=/dev/vda", cString(memory.read(si + 24, 8)), "the command line is --append alone");
        assertEquals(RSDP, memory.read(si + 32, 8), "rsdp_paddr: where the firmware put the RSDP");
        long memmap = memory.read(si + 40, 8);
        assertEquals(3, memory.read(si + 48, 4), "memmap_entries");
        long[][] expected = {{0, 0x9FC00, 1}, {0x9FC00, 0x60400, 2}, {0x100000, 3 * MIB, 1}};
        for (int i = 0; i < 3; i++) {
            long e = memmap + 24L * i;
            assertEquals(expected[i][0], memory.read(e, 8));
            assertEquals(expected[i][1], memory.read(e + 8, 8));
            assertEquals(expected[i][2], memory.read(e + 16, 4));
            assertEquals(0, memory.read(e + 20, 4));
        }

        Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
        cpu.gpr[Cpu.RAX] = 5;
        KernelLoader.enter(cpu, k);
        assertEquals(si, cpu.gpr[Cpu.RBX]);
        assertEquals(0, cpu.gpr[Cpu.RAX]);
        assertEquals(0x100004, cpu.rip);
        assertEquals(Cpu.CR0_PE | Cpu.CR0_ET, cpu.cr0, "protected mode, paging off");
        assertEquals(0, cpu.cr4);
        assertEquals(2, cpu.flags.get(), "IF and VM clear");
        assertEquals(Decoder.CODE32, cpu.codeSize);
        assertEquals(0, cpu.seg[Insn.CS].base);
        assertEquals(0xFFFFFFFFL, cpu.seg[Insn.SS].limit);
        assertEquals(0, cpu.tr.base, "TR: a 32-bit TSS at 0");
        assertEquals(0x67, cpu.tr.limit);
        assertEquals(0xB, cpu.tr.attributes & 0xF, "busy 32-bit TSS");
        assertEquals(ProtectedModeEntry.TSS_DESCRIPTOR, memory.read(cpu.gdtBase + (cpu.tr.selector & ~7), 8),
                "TR's descriptor is in the GDT");
    }

    @Test
    void readsAnEightByteEntryFromElf64Kernels() throws Exception {
        byte[] image = elfWithNotes(true, new byte[8], note("Xen", 18, u64(0x100008)));
        assertEquals(0x100008, load(image, "", List.of()).entry());
    }

    @Test
    void passesModulesWithTheirArguments() throws Exception {
        Path m1 = Files.writeString(dir.resolve("one.txt"), "first module\n");
        Path m2 = Files.write(dir.resolve("two.bin"), bytes(1, 2, 3));
        LoadedKernel k = load(pvhElf32(), "", List.of(m1.toString(), m2 + " rd=1"));
        long si = k.infoAddress();
        assertEquals(2, memory.read(si + 12, 4));
        long list = memory.read(si + 16, 8);
        assertEquals(0x101000, list, "the module list on the page after the image");
        long p0 = memory.read(list, 8), p1 = memory.read(list + 32, 8);
        assertEquals(13, memory.read(list + 8, 8));
        assertEquals(0, memory.read(list + 16, 8), "a bare FILE has no command line, as with QEMU");
        assertEquals(3, memory.read(list + 40, 8));
        assertEquals("rd=1", cString(memory.read(list + 48, 8)));
        assertEquals(0, p0 & 0xFFF);
        assertEquals(0, p1 & 0xFFF);
        assertArrayEquals("first module\n".getBytes(StandardCharsets.US_ASCII), memory.dump(p0, 13));
        assertArrayEquals(bytes(1, 2, 3), memory.dump(p1, 3));
    }

    @Test
    void rejectsANoteWithAnOddValueSize() throws IOException {
        Path k = TestKernels.write(dir, "bad.elf", elfWithNotes(false, new byte[0], note("Xen", 18, new byte[2])));
        String message = assertThrows(BootException.class, () -> KernelLoader.load(memory, k, "", List.of(), 0)).getMessage();
        assertEquals(k + ": PVH note XEN_ELFNOTE_PHYS32_ENTRY has 2 bytes of data, not 4 or 8", message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void ignoresOtherXenNotesAndNotesOfOtherOwners() throws IOException {
        Path k = TestKernels.write(dir, "other.elf", elfWithNotes(false, new byte[0],
                note("Xen", 1, u32(0x100000)), note("Xem", 18, u32(0x100000))));
        String message = assertThrows(BootException.class, () -> KernelLoader.load(memory, k, "", List.of(), 0)).getMessage();
        assertTrue(message.endsWith("and no PVH note: not a bootable kernel"), message);
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TripleFaultAction;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.Access;
import dev.multiverse.mmu.PageFault;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.Privilege;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HRT boot on a 64 MiB machine, ROS 1 core and 32 MiB, HRT 2 cores: what the HRT cores start with. */
class HrtBootTest {
    private static final long MIB = 1 << 20;
    private static final long MEMORY = 64 * MIB, ROS_MEMORY = 32 * MIB;
    private static final long PS = 0x80;

    @TempDir
    Path dir;

    private Machine boot(HrtImages image) throws Exception {
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, new byte[] {(byte) 0xF4}));
        Path hrt = TestKernels.write(dir, "hrt.elf", image.build());
        return new Machine(MachineConfig.of(ros).withMemorySize(MEMORY)
                .withHvm(new HvmConfig(1, 2, ROS_MEMORY, hrt, "hello hrt")), new ByteArrayOutputStream());
    }

    private static HrtImages higherHalf(long flags) {
        HrtImages b = new HrtImages();
        b.flags = flags | HrtImage.FLAG_RELOC;
        b.gvaOffset = HrtImage.HIGHER_HALF;
        b.paddr = 0x40_0000;
        b.code = new byte[] {(byte) 0xF4, 0x11, 0x22, 0x33};
        return b;
    }

    private static long translate(Cpu cpu, long gva) {
        return cpu.mmu.translate(gva, Access.READ, Privilege.SUPERVISOR);
    }

    @Test
    void relocatableImageLoadsAtTheFirstHrtByteAndEveryHrtCoreEntersIt() throws Exception {
        Machine m = boot(higherHalf(HrtImage.FLAG_PAGE_2M));
        HrtLayout layout = m.hvm().layout();
        long bias = ROS_MEMORY - 0x40_0000;
        assertEquals(ROS_MEMORY, layout.loadBase());
        assertEquals(bias, layout.loadBias());
        assertArrayEquals(new byte[] {(byte) 0xF4, 0x11, 0x22, 0x33},
                m.memory().dump(ROS_MEMORY + HrtImages.HEADER_SIZE, 4), "the image's code in HRT RAM");
        assertTrue(layout.commPageGpa() >= layout.end() - 4096 && layout.commPageGpa() % 4096 == 0,
                "the image takes the first HRT page, so the comm page follows the boot state");
        for (int index = 0; index < 2; index++) {
            Cpu cpu = m.cores().get(1 + index);
            assertEquals(HrtBoot.ENTRY_MAGIC, cpu.gpr[Cpu.RAX]);
            assertEquals(HrtImage.HIGHER_HALF + layout.infoGpa(), cpu.gpr[Cpu.RBX]);
            assertEquals(1 + index, cpu.gpr[Cpu.RCX], "APIC ID");
            assertEquals(index, cpu.gpr[Cpu.RDX], "HRT core index");
            assertEquals(bias, cpu.gpr[Cpu.RSI], "load bias");
            assertEquals(HrtImage.HIGHER_HALF + layout.stacksGpa() + (index + 1) * HrtLayout.STACK_SIZE, cpu.gpr[Cpu.RSP]);
            assertEquals(HrtImage.HIGHER_HALF + 0x40_0000 + HrtImages.HEADER_SIZE + bias, cpu.rip,
                    "the ELF entry plus the load bias plus gva_offset");
            assertTrue(cpu.longMode());
            assertEquals(0, cpu.cpl);
            assertEquals(HrtBoot.CODE_SELECTOR, cpu.seg[Insn.CS].selector);
            assertFalse(cpu.flags.iflag(), "interrupts disabled");
            assertEquals(0, cpu.idtLimit);
            assertEquals(Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_PE, cpu.cr0 & (Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_PE));
            assertEquals(Cpu.CR4_PAE | Cpu.CR4_PGE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT, cpu.cr4);
            assertEquals(Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE | Cpu.EFER_SCE, cpu.efer);
            assertEquals(0xF4, cpu.mmu.read8(cpu.rip, Privilege.SUPERVISOR), "the entry GVA reaches the image");
            assertFalse(m.localApic(1 + index).waitingForStartup(), "HRT cores do not wait for a SIPI");
        }
        assertTrue(m.localApic(0).waitingForStartup() == false && m.cores().get(0).rip == 0x100000 + 12,
                "the ROS's bootstrap processor enters its kernel");
    }

    @Test
    void theGdtHoldsFlat64BitCodeAndData() throws Exception {
        Machine m = boot(higherHalf(HrtImage.FLAG_PAGE_2M));
        Cpu cpu = m.cores().get(1);
        assertEquals(HrtImage.HIGHER_HALF + m.hvm().layout().gdtGpa(), cpu.gdtBase);
        assertEquals(0x00AF9B000000FFFFL, cpu.mmu.read64(cpu.gdtBase + 8, Privilege.SUPERVISOR), "0x08: 64-bit code");
        assertEquals(0x00CF93000000FFFFL, cpu.mmu.read64(cpu.gdtBase + 16, Privilege.SUPERVISOR), "0x10: data");
    }

    /** The map at gva_offset and the lower-half identity map reach the same RAM, with pages of the size asked for. */
    private void checkMap(long flags, int leafLevel) throws Exception {
        Machine m = boot(higherHalf(flags));
        Cpu cpu = m.cores().get(1);
        PhysicalMemory pm = m.memory();
        for (long gpa : new long[] {0, 0x12_3456, ROS_MEMORY + 0x1234, MEMORY - 8}) {
            assertEquals(gpa, translate(cpu, HrtImage.HIGHER_HALF + gpa), "higher half");
            assertEquals(gpa, translate(cpu, gpa), "identity in the lower half");
        }
        long pml4 = cpu.cr3 & ~0xfffL;
        assertEquals(pm.read(pml4 + 8 * 256, 8), pm.read(pml4, 8), "PML4 entries 0 and 256 share the tables below");
        long table = pml4, entry = 0;
        for (int level = 0; level <= leafLevel; level++) {
            int index = (int) ((ROS_MEMORY + 0x1234) >>> (39 - 9 * level)) & 511;
            entry = pm.read(table + 8L * index, 8);
            assertTrue((entry & 1) != 0, "present at level " + level);
            if (level > 0 && level < leafLevel) assertEquals(0, entry & PS, "no large page above the leaf");
            table = entry & 0x000f_ffff_ffff_f000L;
        }
        if (leafLevel < 3) assertEquals(PS, entry & PS, "a large page at the leaf");
        long page = m.hvm().layout().pageSize();
        assertEquals((MEMORY + page - 1) / page * page, m.hvm().layout().maxMemMapped(),
                "all RAM (max_mem_to_map 0), rounded up to the page size");
    }

    @Test
    void fourKiBPages() throws Exception {
        checkMap(HrtImage.FLAG_PAGE_4K, 3);
    }

    @Test
    void twoMiBPages() throws Exception {
        checkMap(HrtImage.FLAG_PAGE_2M, 2);
    }

    @Test
    void oneGiBPages() throws Exception {
        checkMap(HrtImage.FLAG_PAGE_1G, 1);
    }

    @Test
    void mapEndsAtMaxMemToMapAndAZeroOffsetMapsOnlyIdentity() throws Exception {
        HrtImages b = new HrtImages();
        b.flags = HrtImage.FLAG_PAGE_2M;
        b.paddr = 40 * MIB;
        b.maxMem = 48 * MIB + 1;   // rounded up to the page size
        Machine m = boot(b);
        Cpu cpu = m.cores().get(1);
        assertEquals(50 * MIB, m.hvm().layout().maxMemMapped());
        assertEquals(50 * MIB - 1, translate(cpu, 50 * MIB - 1));
        assertThrows(PageFault.class, () -> translate(cpu, 50 * MIB));
        assertThrows(PageFault.class, () -> translate(cpu, HrtImage.HIGHER_HALF));
        assertEquals(40 * MIB + HrtImages.HEADER_SIZE, cpu.rip, "a fixed image: entry at its ELF entry");
        assertEquals(0, cpu.gpr[Cpu.RSI], "no load bias");
        assertEquals(ROS_MEMORY, m.hvm().commPageGpa(), "the image leaves the first HRT page free: the comm page");
    }

    @Test
    void multibootInformationWithTheHrtTag() throws Exception {
        HrtImages b = higherHalf(HrtImage.FLAG_PAGE_4K | HrtImage.FLAG_PAGE_2M);
        b.vector = 0x33;
        Machine m = boot(b);
        HrtLayout layout = m.hvm().layout();
        PhysicalMemory pm = m.memory();
        long info = layout.infoGpa();
        long total = pm.read(info, 4);
        assertEquals(layout.infoSize(), total);
        long at = info + 8;
        String cmdline = null;
        long hrt = -1, mmap = -1, basic = -1;
        while (true) {
            long type = pm.read(at, 4), size = pm.read(at + 4, 4);
            if (type == 0) {
                assertEquals(8, size);
                break;
            }
            if (type == 1) cmdline = new String(pm.dump(at + 8, (int) size - 9), StandardCharsets.UTF_8);
            if (type == 4) basic = at;
            if (type == 6) mmap = at;
            if (type == 0xf00df00dL) hrt = at;
            at = (at + size + 7) & ~7L;
        }
        assertEquals(info + total, at + 8, "the end tag closes the block");
        assertEquals("hello hrt", cmdline);
        assertEquals((MEMORY - MIB) / 1024, pm.read(basic + 12, 4), "mem_upper");
        assertEquals(64, pm.read(mmap + 4, 4), "two 24-byte memory map entries");
        assertEquals(0, pm.read(mmap + 16, 8));
        assertEquals(ROS_MEMORY, pm.read(mmap + 24, 8), "ROS RAM");
        assertEquals(1, pm.read(mmap + 32, 4));
        assertEquals(ROS_MEMORY, pm.read(mmap + 40, 8));
        assertEquals(MEMORY - ROS_MEMORY, pm.read(mmap + 48, 8), "HRT RAM");
        assertEquals(88, pm.read(hrt + 4, 4));
        assertEquals(3, pm.read(hrt + 8, 4), "total_num_apics");
        assertEquals(1, pm.read(hrt + 12, 4), "first_hrt_apic_id");
        assertEquals(0, pm.read(hrt + 16, 8), "no HRT IOAPIC");
        assertEquals(Hvm.TSC_KHZ, pm.read(hrt + 24, 8), "cpu_freq_khz");
        assertEquals(HrtImage.FLAG_RELOC | HrtImage.FLAG_PAGE_2M, pm.read(hrt + 32, 8), "hrt_flags as mapped");
        assertEquals(MEMORY, pm.read(hrt + 40, 8), "max_mem_mapped");
        assertEquals(ROS_MEMORY, pm.read(hrt + 48, 8), "first_hrt_gpa");
        assertEquals(layout.bootStateGpa(), pm.read(hrt + 56, 8), "boot_state_gpa");
        assertEquals(HrtImage.HIGHER_HALF, pm.read(hrt + 64, 8), "gva_offset");
        assertEquals(layout.commPageGpa(), pm.read(hrt + 72, 8), "comm_page_gpa");
        assertEquals(0x33, pm.read(hrt + 80, 1), "hrt_int_vector");
    }

    @Test
    void installedImageReplacesTheFileAtTheNextHrtBoot() throws Exception {
        Machine m = boot(higherHalf(HrtImage.FLAG_PAGE_2M));
        Hvm hvm = m.hvm();
        HrtImages other = new HrtImages();
        other.paddr = 40 * MIB;
        other.vector = 0x80;
        HrtImages outside = new HrtImages();
        outside.paddr = 4 * MIB;   // in ROS RAM and not relocatable
        assertThrows(BootException.class, () -> hvm.installImage(outside.build()));
        assertEquals(0xf0, hvm.upcallVector(), "a bad image changes nothing");
        hvm.installImage(other.build());
        assertEquals(0xf0, hvm.upcallVector(), "the running HRT keeps its image until it boots again");
        m.cores().get(2).gpr[Cpu.RAX] = 0;
        hvm.bootHrt();
        assertEquals(0x80, hvm.upcallVector());
        assertEquals(40 * MIB + HrtImages.HEADER_SIZE, m.cores().get(2).rip);
        assertEquals(HrtBoot.ENTRY_MAGIC, m.cores().get(2).gpr[Cpu.RAX], "every HRT core enters again");
    }

    /** A ROS that asks for a machine reset through port 0x92 at once; the second request ends the run. */
    private Machine resettingRos(HrtImages hrt) throws Exception {
        byte[] reset = {(byte) 0xB0, 0x01, (byte) 0xE6, (byte) 0x92, (byte) 0xF4};   // mov al, 1; out 0x92, al; hlt
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, reset));
        Path file = TestKernels.write(dir, "hrt.elf", hrt.build());
        return new Machine(MachineConfig.of(ros).withMemorySize(MEMORY).withTripleFault(TripleFaultAction.STOP, 1)
                .withHvm(new HvmConfig(1, 1, ROS_MEMORY, file, "")), new ByteArrayOutputStream());
    }

    @Test
    void machineResetReadsTheHrtKernelFileAgain() throws Exception {
        HrtImages first = new HrtImages();
        first.paddr = 40 * MIB;
        Machine m = resettingRos(first);
        HrtImages second = new HrtImages();
        second.paddr = 48 * MIB;
        TestKernels.write(dir, "hrt.elf", second.build());
        assertEquals(StopCause.RESET_LIMIT, m.run().cause());
        assertEquals(1, m.resets());
        assertEquals(48 * MIB + HrtImages.HEADER_SIZE, m.cores().get(1).rip, "the HRT core entered the file's new image");
    }

    @Test
    void anInstalledImageOutlivesMachineResets() throws Exception {
        HrtImages first = new HrtImages();
        first.paddr = 40 * MIB;
        Machine m = resettingRos(first);
        HrtImages installed = new HrtImages();
        installed.paddr = 44 * MIB;
        installed.vector = 0x90;
        m.hvm().installImage(installed.build());
        assertEquals(StopCause.RESET_LIMIT, m.run().cause());
        assertEquals(0x90, m.hvm().upcallVector());
        assertEquals(44 * MIB + HrtImages.HEADER_SIZE, m.cores().get(1).rip, "the HRT core entered the installed image");
    }

    @Test
    void partitionQueries() throws Exception {
        Hvm hvm = boot(higherHalf(HrtImage.FLAG_PAGE_2M)).hvm();
        assertEquals(1, hvm.firstHrtCore());
        assertFalse(hvm.isHrtCore(0));
        assertTrue(hvm.isHrtCore(1) && hvm.isHrtCore(2));
        assertFalse(hvm.isHrtCore(3));
        assertEquals(2, hvm.hrtCores().size());
        assertEquals(ROS_MEMORY, hvm.rosMemory());
        assertTrue(hvm.ipiReaches(1, 0) && hvm.ipiReaches(2, 1) && hvm.ipiReaches(0, 0));
        assertFalse(hvm.ipiReaches(0, 1));
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.apic.IoApic;
import dev.multiverse.apic.LocalApic;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.Machine;
import dev.multiverse.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition rules on a machine with ROS cores 0-1 and RAM [0, 32 MiB) and HRT cores 2-3: what the
 * ROS's firmware tables and memory map show, and who can interrupt whom.
 */
class HvmPartitionTest {
    private static final long MIB = 1 << 20;
    private static final long ROS_MEMORY = 32 * MIB;
    private static final int ICR_LOW = 0x300, ICR_HIGH = 0x310, IRR = 0x200;

    @TempDir
    Path dir;

    private Machine machine(boolean hvm) throws Exception {
        return HvmGuests.fourCores(dir, hvm);
    }

    private static String text(PhysicalMemory pm, long a, int n) {
        return new String(pm.dump(a, n), StandardCharsets.US_ASCII);
    }

    /** The APIC IDs of the MADT's processor entries, found from the RSDP as an OS finds them. */
    private static List<Integer> madtApicIds(PhysicalMemory pm) {
        long rsdp = -1;
        for (long a = 0xE0000; a < 0x100000 && rsdp < 0; a += 16) if (text(pm, a, 8).equals("RSD PTR ")) rsdp = a;
        long xsdt = pm.read(rsdp + 24, 8);
        List<Integer> ids = new ArrayList<>();
        for (long e = xsdt + 36; e < xsdt + pm.read(xsdt + 4, 4); e += 8) {
            long t = pm.read(e, 8);
            if (!text(pm, t, 4).equals("APIC")) continue;
            for (long s = t + 44; s < t + pm.read(t + 4, 4); s += pm.read(s + 1, 1)) {
                if (pm.read(s, 1) == 0) ids.add((int) pm.read(s + 3, 1));
            }
        }
        return ids;
    }

    /** The APIC IDs of the MP table's processor entries. */
    private static List<Integer> mpApicIds(PhysicalMemory pm) {
        long floating = -1;
        for (long a = 0xF0000; a < 0x100000 && floating < 0; a += 16) if (text(pm, a, 4).equals("_MP_")) floating = a;
        long table = pm.read(floating + 4, 4);
        int count = (int) pm.read(table + 34, 2);
        List<Integer> ids = new ArrayList<>();
        long e = table + 44;
        for (int i = 0; i < count; i++) {
            int type = (int) pm.read(e, 1);
            if (type == 0) ids.add((int) pm.read(e + 1, 1));
            e += type == 0 ? 20 : 8;
        }
        return ids;
    }

    @Test
    void firmwareTablesListOnlyRosCores() throws Exception {
        Machine m = machine(true);
        assertEquals(List.of(0, 1), madtApicIds(m.memory()));
        assertEquals(List.of(0, 1), mpApicIds(m.memory()));
        assertEquals(List.of(0, 1, 2, 3), madtApicIds(machine(false).memory()), "without --hvm: every core");
    }

    @Test
    void rosMemoryMapEndsAtRosMemory() throws Exception {
        Machine m = machine(true);
        PhysicalMemory pm = m.memory();
        long info = m.cpu().gpr[Cpu.RBX];
        assertEquals(0x2BADB002L, m.cpu().gpr[Cpu.RAX]);
        assertEquals((ROS_MEMORY - MIB) / 1024, pm.read(info + 8, 4), "Multiboot mem_upper");
        long mmap = pm.read(info + 48, 4), end = mmap + pm.read(info + 44, 4), top = 0;
        for (long e = mmap; e < end; e += pm.read(e, 4) + 4) {
            top = Math.max(top, pm.read(e + 4, 8) + pm.read(e + 12, 8));
        }
        assertEquals(ROS_MEMORY, top, "the highest range ends at ros-mem");
    }

    private static boolean requested(LocalApic apic, int vector) {
        return (apic.inspect(IRR + 0x10 * (vector / 32)) >>> (vector % 32) & 1) != 0;
    }

    private static void ipi(LocalApic from, int destination, int low) {
        from.write(ICR_HIGH, 4, (long) destination << 24);
        from.write(ICR_LOW, 4, low);
    }

    @Test
    void rosCoresCannotInterruptHrtCoresButHrtCoresReachEveryone() throws Exception {
        Machine m = machine(true);
        ipi(m.localApic(0), 2, 0x40);
        assertFalse(requested(m.localApic(2), 0x40), "ROS -> HRT dropped");
        ipi(m.localApic(1), 0, 0x41);   // (core 1 waits for a SIPI: it can send, but takes only INIT and SIPI)
        assertTrue(requested(m.localApic(0), 0x41), "ROS -> ROS delivered");
        ipi(m.localApic(2), 0, 0x42);
        assertTrue(requested(m.localApic(0), 0x42), "HRT -> ROS delivered");
        ipi(m.localApic(2), 3, 0x43);
        assertTrue(requested(m.localApic(3), 0x43), "HRT -> HRT delivered");
        ipi(m.localApic(1), 0, 0xC0000 | 0x44);   // all excluding self
        assertTrue(requested(m.localApic(0), 0x44), "a ROS broadcast reaches the ROS");
        assertFalse(requested(m.localApic(2), 0x44) || requested(m.localApic(3), 0x44), "but no HRT core");
        ipi(m.localApic(3), 0, 0xC0000 | 0x45);
        assertTrue(requested(m.localApic(0), 0x45) && requested(m.localApic(2), 0x45),
                "an HRT broadcast reaches the other cores");
    }

    @Test
    void initAndStartupFromTheRosNeverReachHrtCores() throws Exception {
        Machine m = machine(true);
        long entry = m.cores().get(2).rip;
        ipi(m.localApic(0), 0, 0xC0000 | 0x4500);   // INIT to all excluding self
        assertTrue(m.localApic(1).waitingForStartup(), "the ROS application processor takes INIT");
        assertFalse(m.localApic(2).waitingForStartup() || m.localApic(3).waitingForStartup());
        assertEquals(entry, m.cores().get(2).rip, "the HRT core keeps its state");
        ipi(m.localApic(0), 0, 0xC0000 | 0x4610);   // SIPI to all excluding self
        assertEquals(0x10000, m.cores().get(1).rip + m.cores().get(1).seg[dev.multiverse.cpu.insn.Insn.CS].base,
                "the ROS AP starts at the SIPI vector");
        assertEquals(entry, m.cores().get(2).rip);
    }

    @Test
    void ioapicInterruptsReachOnlyRosCores() throws Exception {
        Machine m = machine(true);
        IoApic ioapic = m.ioapic();
        // Pin 5: edge, physical destination 0xFF (every APIC), vector 0x50; pin 6: to APIC 2 (an HRT core), vector 0x51.
        redirect(ioapic, 5, 0x50, 0xFF);
        redirect(ioapic, 6, 0x51, 2);
        ioapic.setPin(5, true);
        ioapic.setPin(6, true);
        assertTrue(requested(m.localApic(0), 0x50) && requested(m.localApic(1), 0x50), "the ROS cores get pin 5");
        assertFalse(requested(m.localApic(2), 0x50) || requested(m.localApic(3), 0x50), "HRT cores do not");
        assertFalse(requested(m.localApic(2), 0x51), "even when the entry names an HRT core");

        Machine plain = machine(false);
        redirect(plain.ioapic(), 6, 0x51, 2);
        plain.ioapic().setPin(6, true);
        assertTrue(requested(plain.localApic(2), 0x51), "without --hvm core 2 takes it");
    }

    private static void redirect(IoApic ioapic, int pin, int vector, int destination) {
        ioapic.write(0x00, 4, 0x10 + 2 * pin + 1);
        ioapic.write(0x10, 4, (long) destination << 24);
        ioapic.write(0x00, 4, 0x10 + 2 * pin);
        ioapic.write(0x10, 4, vector);
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.apic.LocalApic;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.TestKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static dev.multiverse.machine.hvm.HvmGuests.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * An IPI's cycle cost in an HVM (docs/hvm-abi.md: costs are charged to the cores involved): the sender pays
 * {@link HvmCosts#ipi()} for its ICR write, each core the IPI reaches {@link HvmCosts#inject()}; a plain
 * machine charges nothing, so its cycle counts stay one per instruction.
 */
class IpiCostTest {
    private static final int ICR_LOW = 0x300, ICR_HIGH = 0x310, SVR = 0xF0;

    @TempDir
    Path dir;

    /** ROS cores 0-1 and HRT cores 2-3 (or, without the HVM, four plain cores), every APIC software-enabled. */
    private Machine machine(boolean hvm) throws Exception {
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, new byte[] {(byte) 0xF4}));
        HrtImages image = new HrtImages();
        image.paddr = 40 * MIB;
        Path hrt = TestKernels.write(dir, "hrt.elf", image.build());
        MachineConfig c = MachineConfig.of(ros).withMemorySize(64 * MIB);
        c = hvm ? c.withHvm(new HvmConfig(2, 2, 32 * MIB, hrt, "")) : c.withCores(4);
        Machine m = new Machine(c, new ByteArrayOutputStream());
        for (int i = 0; i < 4; i++) m.localApic(i).write(SVR, 4, 0x1FF);
        return m;
    }

    /** Core {@code from} sends a fixed IPI (vector 0x40) to APIC ID {@code to}; what it added to each core's cycles. */
    private static long[] ipiCosts(Machine m, int from, int to, int shorthand) {
        long[] before = new long[4];
        for (int i = 0; i < 4; i++) before[i] = m.cores().get(i).cycles;
        LocalApic apic = m.localApic(from);
        apic.write(ICR_HIGH, 4, (long) to << 24);
        apic.write(ICR_LOW, 4, shorthand << 18 | 0x40);
        long[] added = new long[4];
        for (int i = 0; i < 4; i++) added[i] = m.cores().get(i).cycles - before[i];
        return added;
    }

    @Test
    void hvmChargesTheSenderAndEveryCoreReached() throws Exception {
        Machine m = machine(true);
        long send = HvmCosts.DEFAULT.ipi(), receive = HvmCosts.DEFAULT.inject();
        assertArrayEquals(new long[] {receive, 0, send, 0}, ipiCosts(m, 2, 0, 0), "HRT core 2 -> ROS core 0");
        assertArrayEquals(new long[] {0, 0, receive, send}, ipiCosts(m, 3, 2, 0), "HRT -> HRT");
        assertArrayEquals(new long[] {send, 0, 0, 0}, ipiCosts(m, 0, 2, 0), "ROS -> HRT is dropped: only the sender pays");
        assertArrayEquals(new long[] {receive, receive, send + receive, receive}, ipiCosts(m, 2, 0, 2),
                "an HRT broadcast including itself: everyone is reached");
    }

    @Test
    void plainMachineChargesNothing() throws Exception {
        Machine m = machine(false);
        assertArrayEquals(new long[4], ipiCosts(m, 2, 0, 0));
        assertArrayEquals(new long[4], ipiCosts(m, 0, 0, 2));
    }
}

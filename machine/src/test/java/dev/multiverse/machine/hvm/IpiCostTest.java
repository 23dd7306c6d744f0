package dev.multiverse.machine.hvm;

import dev.multiverse.apic.LocalApic;
import dev.multiverse.machine.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * An IPI's cycle cost in an HVM (docs/hvm-abi.md: costs are charged to the cores involved): the sender pays
 * {@link HvmCosts#ipi()} for its ICR write, each core the IPI reaches {@link HvmCosts#inject()}; a plain
 * machine charges nothing, so its cycle counts stay one per instruction.
 */
class IpiCostTest {
    private static final int ICR_LOW = 0x300, ICR_HIGH = 0x310;

    @TempDir
    Path dir;

    private Machine machine(boolean hvm) throws Exception {
        return HvmGuests.fourCores(dir, hvm);
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

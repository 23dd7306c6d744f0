package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.machine.TripleFaultAction;
import dev.multiverse.machine.loader.LinuxEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.machine.hvm.HvmGuests.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ROS reset (sub-op 0x1) on a machine with ROS core 0 and HRT core 1: Linux's side boots again from its
 * entry with its RAM cleared, while the HRT runs on through it, its RAM, its APIC timer and its state intact.
 */
class RosResetTest {
    /** HRT RAM words outside the HRT image: the ROS's boot count, the HRT's boot count. */
    private static final long ROS_BOOTS = 0x300_0000, HRT_BOOTS = 0x300_0008;
    /** In the HRT image's data: timer interrupts taken, busy-loop rounds. */
    private static final long TICKS = HRT_DATA, LOOPS = HRT_DATA + 8;
    /** A ROS RAM word the ROS's first boot marks. */
    private static final long MARK = 0x100_0000;
    static final int TIMER_VECTOR = 0x40;
    private static final int TIMER_INITIAL = 0x380;

    /**
     * incq HRT_BOOTS; lidt IDTR; x2APIC on (IA32_APIC_BASE |= EN|EXTD); SVR = 0x1ff; divide by 1; LVT timer
     * periodic, vector 0x40; initial count 100000 (100 us); sti; loop: incq LOOPS; jmp loop.
     * At 0x5b, the timer's handler: incq TICKS; x2APIC EOI (saving RAX, RCX, RDX); iretq.
     */
    static final String HRT_CODE_HEX = "48ff042508000003" + "0f011c2500200002"
            + "b91b0000000f320d000c00000f30" + "b90f080000b8ff01000031d20f30" + "b93e080000b80b0000000f30"
            + "b932080000b8400002000f30" + "b938080000b8a08601000f30" + "fb" + "48ff042518200002ebf6"
            + "48ff042510200002505152b90b08000031c031d20f305a595848cf";
    static final int HRT_HANDLER = 0x5b;

    /**
     * Prints "ROS\n" on COM1; incq ROS_BOOTS; on the first boot: MARK = 0x1234, its xAPIC timer's initial
     * count = 1000000, wait for 3 HRT timer ticks, then VMCALL sub-op 0x1 (and spin); on the second: wait for
     * 6 ticks, then isa-debug-exit with 0.
     */
    static final String ROS_CODE_HEX = "66baf803b052eeb04feeb053eeb00aee" + "48ff042500000003"
            + "48833c250000000301753b" + "48c704250000000134120000" + "b88003e0fec70040420f00"
            + "48833c25102000020372f5" + "b80df0000048bb6464646464646464b9010000000f01c1ebfe"
            + "48833c25102000020672f5" + "b800000000e7f4";

    @TempDir
    Path dir;

    @Test
    void rosResetRebootsTheRosAloneWhileTheHrtRunsOn() throws Exception {
        Path ros = TestKernels.write(dir, "vmlinuz", linuxImage(hex(ROS_CODE_HEX)));
        Path hrt = TestKernels.write(dir, "hrt.elf", hrtImage(hex(HRT_CODE_HEX), TIMER_VECTOR, HRT_HANDLER, 0xf0));
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Machine m = new Machine(MachineConfig.of(ros).withMemorySize(MEMORY).withLinuxEntry(LinuxEntry.BOOT_PROTOCOL)
                .withHvm(new HvmConfig(1, 1, ROS_MEMORY, hrt, "")), serial);
        Cpu hrtCore = m.cores().get(1);
        List<String> notices = new ArrayList<>();
        long[] atReset = new long[4];
        m.setResetListener(line -> {
            notices.add(line);
            atReset[0] = hrtCore.instructions;
            atReset[1] = m.memory().read(LOOPS, 8);
            atReset[2] = m.memory().read(TICKS, 8);
            atReset[3] = m.memory().read(MARK, 8);
        });

        RunResult r = m.run();

        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        assertEquals(1, r.exitStatus(), "the second boot exits with 0");
        assertEquals("ROS\nROS\n", serial.toString(StandardCharsets.US_ASCII), "the ROS ran from its entry twice");
        assertEquals(1, notices.size());
        assertTrue(notices.getFirst().startsWith("ROS reset (requested through the HVM's ROS reset hypercall by core 0 "),
                notices.getFirst());
        assertEquals(1, m.resets());
        assertEquals(0, atReset[3], "the ROS's mark was cleared with its RAM");
        assertEquals(0, m.memory().read(MARK, 8));
        assertEquals(2, m.memory().read(ROS_BOOTS, 8), "HRT RAM kept the ROS's boot count");
        assertEquals(1, m.memory().read(HRT_BOOTS, 8), "the HRT booted once");
        assertTrue(atReset[2] >= 3, "the HRT's timer had ticked: " + atReset[2]);
        assertTrue(m.memory().read(TICKS, 8) >= 6, "its APIC timer kept ticking through the ROS reset");
        assertTrue(m.memory().read(LOOPS, 8) > atReset[1], "its loop kept counting in its RAM");
        assertTrue(hrtCore.instructions > atReset[0] + 100_000, "the HRT core kept executing: "
                + atReset[0] + " -> " + hrtCore.instructions);
        assertEquals(100_000, m.localApic(1).inspect(TIMER_INITIAL), "the HRT core's APIC kept its timer");
        assertEquals(0, m.localApic(0).inspect(TIMER_INITIAL), "the ROS core's APIC was reset, its timer stopped");
    }

    @Test
    void resetOfBothRebootsTheHrtToo() throws Exception {
        // The ROS's first boot asks for sub-op 0x3 instead: everything, HRT RAM included, starts over.
        String both = ROS_CODE_HEX.replace("b9010000000f01c1", "b9030000000f01c1");
        Path ros = TestKernels.write(dir, "vmlinuz", linuxImage(hex(both)));
        Path hrt = TestKernels.write(dir, "hrt.elf", hrtImage(hex(HRT_CODE_HEX), TIMER_VECTOR, HRT_HANDLER, 0xf0));
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Machine m = new Machine(MachineConfig.of(ros).withMemorySize(MEMORY).withLinuxEntry(LinuxEntry.BOOT_PROTOCOL)
                .withTripleFault(TripleFaultAction.STOP, 1).withHvm(new HvmConfig(1, 1, ROS_MEMORY, hrt, "")), serial);
        List<String> notices = new ArrayList<>();
        long[] hrtBoots = new long[1];
        m.setResetListener(line -> {
            notices.add(line);
            hrtBoots[0] = m.memory().read(HRT_BOOTS, 8);
        });
        RunResult r = m.run();
        assertEquals(StopCause.RESET_LIMIT, r.cause(), "its boot count cleared, the ROS asks again: " + r.diagnostic());
        assertEquals(1, notices.size());
        assertTrue(notices.getFirst().startsWith("machine reset (requested through the HVM's reset hypercall by core 0 "),
                notices.getFirst());
        assertEquals(0, hrtBoots[0], "all RAM was cleared and the HRT has not run again yet");
        assertTrue(serial.toString(StandardCharsets.US_ASCII).startsWith("ROS\nROS\n"));
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.machine.loader.LinuxEntry;
import dev.multiverse.machine.trace.EventLog;
import dev.multiverse.machine.trace.MachineTracer;
import dev.multiverse.machine.trace.TraceCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static dev.multiverse.machine.hvm.HvmGuests.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a trace shows of the HVM: hypercall results, upcalls (with the #GP error code 0xf00df00d), signals and ROS resets. */
class HvmTraceTest {
    /**
     * lidt IDTR; VMCALL sub-op 0xe (ready); 1: hlt; jmp 1b. At 0x22, the #GP handler: FLAG = 1; 2: hlt; jmp 2b.
     */
    private static final String HRT_CODE_HEX = "0f011c2500200002" + "b80df0000048bb6464646464646464b90e0000000f01c1"
            + "f4ebfd" + "48c704251000000301000000" + "f4ebfd";
    private static final int GP_HANDLER = 0x22;
    /**
     * Polls sub-op 0xf (state) until IDLE, invokes sub-op 0x20 (an upcall to the HRT core), waits until the
     * HRT's #GP handler has set FLAG, then isa-debug-exit with 0.
     */
    private static final String ROS_CODE_HEX = "48bb6464646464646464" + "b80df00000b90f00000031d20f01c14885c075ec"
            + "b80df00000b92000000031f60f01c1" + "48833c25100000030175f5" + "b800000000e7f4";

    @TempDir
    Path dir;

    private List<String> traced(Machine m, TraceCategory... kinds) {
        StringWriter out = new StringWriter();
        m.attachTrace(new MachineTracer(List.of(new EventLog(out, EventLog.Format.TEXT, EnumSet.of(kinds[0], kinds)))));
        RunResult r = m.run();
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        // Drop the time stamps: "CORE CATEGORY NAME fields".
        return out.toString().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    private static void assertLine(List<String> lines, String start) {
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(start)), "a line starting \"" + start + "\" in\n"
                + String.join("\n", lines));
    }

    @Test
    void resultsUpcallsAndTheUpcallsErrorCode() throws Exception {
        Path ros = TestKernels.write(dir, "vmlinuz", linuxImage(hex(ROS_CODE_HEX)));
        Path hrt = TestKernels.write(dir, "hrt.elf", hrtImage(hex(HRT_CODE_HEX), 13, GP_HANDLER, 0));
        Machine m = new Machine(MachineConfig.of(ros).withMemorySize(MEMORY).withLinuxEntry(LinuxEntry.BOOT_PROTOCOL)
                .withHvm(new HvmConfig(1, 1, ROS_MEMORY, hrt, "")), new ByteArrayOutputStream());
        List<String> lines = traced(m, TraceCategory.HYPERCALLS, TraceCategory.INTERRUPTS);
        assertLine(lines, "0 hypercalls result op=0xf rax=0x4 ");     // BOOTING
        assertLine(lines, "1 hypercalls result op=0xe rax=0x0 ");
        assertLine(lines, "0 hypercalls result op=0xf rax=0x0 ");     // IDLE
        assertLine(lines, "0 hypercalls result op=0x20 rax=0x0 ");
        assertLine(lines, "1 hypercalls upcall request=0x20 vector=0xd error=0xf00df00d");
        assertLine(lines, "1 interrupts exception vector=0xd name=#GP error=0xf00df00d ");
    }

    @Test
    void signalDeliveryAndAWaitingCaller() {
        HvmCores m = new HvmCores(1, 1, 0xf3);
        StringWriter out = new StringWriter();
        m.hypercalls.setEventSink(new MachineTracer(List.of(new EventLog(out, EventLog.Format.TEXT,
                EnumSet.of(TraceCategory.HYPERCALLS)))));
        Cpu ros = m.core(0);
        assertEquals(0, m.call(1, Hypercalls.READY));
        assertEquals(Hypercalls.MAGIC_RAX, m.call(0, Hypercalls.INVOKE_FIRST, 0, Hypercalls.WAIT), "RAX unchanged: it waits");
        HvmCores.userMode(ros);
        long handler = 0x30000, code = 0x31000;
        m.memory.load(code, new byte[] {(byte) 0x90, (byte) 0x90});
        ros.gpr[Cpu.RSP] = 0x80000;
        assertEquals(0, m.call(0, Hypercalls.INSTALL_SIGNAL, handler, 0));
        assertEquals(0, m.call(1, Hypercalls.SIGNAL_ROS, 0x77, 0));
        ros.rip = code;
        m.run(0, 1);
        List<String> lines = out.toString().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        assertLine(lines, "0 hypercalls result op=0x20 rax=\"unchanged (the caller waits)\" ");
        assertLine(lines, "1 hypercalls upcall request=0x20 vector=0xf3");
        assertLine(lines, "0 hypercalls signal code=0x77 rip=0x31000 handler=0x30000");
    }

    @Test
    void rosResetIsAMachineEvent() throws Exception {
        Path ros = TestKernels.write(dir, "vmlinuz", linuxImage(hex(RosResetTest.ROS_CODE_HEX)));
        Path hrt = TestKernels.write(dir, "hrt.elf",
                hrtImage(hex(RosResetTest.HRT_CODE_HEX), RosResetTest.TIMER_VECTOR, RosResetTest.HRT_HANDLER, 0xf0));
        Machine m = new Machine(MachineConfig.of(ros).withMemorySize(MEMORY).withLinuxEntry(LinuxEntry.BOOT_PROTOCOL)
                .withHvm(new HvmConfig(1, 1, ROS_MEMORY, hrt, "")), new ByteArrayOutputStream());
        List<String> lines = traced(m, TraceCategory.MACHINE, TraceCategory.HYPERCALLS);
        assertLine(lines, "- machine ros-reset cores=1 reason=\"requested through the HVM's ROS reset hypercall by core 0 ");
        assertLine(lines, "0 hypercalls result op=0x1 rax=0x0 ");
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import org.junit.jupiter.api.Test;

import static dev.multiverse.machine.hvm.Hypercalls.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hypercalls made by VMCALL/VMMCALL on cores (core 0 is the ROS's, core 1, and 2 where there is one, the HRT's). */
class HypercallsTest {
    private static final int VECTOR = 0xf3;
    private static final long BUFFER = 0x100000;

    private static HvmCores ready(int hrtCores, int vector) {
        HvmCores m = new HvmCores(1, hrtCores, vector);
        assertEquals(0, m.call(1, READY));
        return m;
    }

    private static long[] words(HvmCores m, long pa, int n) {
        long[] w = new long[n];
        for (int i = 0; i < n; i++) w[i] = m.read64(pa + 8L * i);
        return w;
    }

    private static long popped(HvmCores m, Cpu c, int slot) {
        return m.read64(c.gpr[Cpu.RSP] + 8L * slot);
    }

    // ---- the instruction ----

    @Test
    void machineWithoutHvmRaisesUd() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        m.core(0).hypercalls = null;
        m.call(0, NULL);
        assertEquals(HvmCores.stub(6) + 1, m.core(0).rip, "#UD delivered, its handler's HLT executed");
    }

    @Test
    void wrongMagicRaisesUd() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        Cpu c = m.core(0);
        c.gpr[Cpu.RAX] = 0xf00e;
        c.gpr[Cpu.RBX] = MAGIC_RBX;
        m.execute(0, 0x0f, 0x01, 0xc1);
        assertEquals(HvmCores.stub(6) + 1, c.rip);
        c.gpr[Cpu.RAX] = MAGIC_RAX;
        c.gpr[Cpu.RBX] = 0x64;
        m.execute(0, 0x0f, 0x01, 0xc1);
        assertEquals(HvmCores.stub(6) + 1, c.rip);
    }

    @Test
    void nullCallCostsTheHypercall() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        Cpu c = m.core(0);
        long before = c.cycles;
        c.gpr[Cpu.RDI] = 0x1234;
        assertEquals(0, m.call(0, NULL));
        assertEquals(HvmCores.callSite(0) + 3, c.rip, "the call completes");
        assertEquals(1 + HvmCosts.DEFAULT.hypercall(), c.cycles - before);
        assertEquals(0x1234, c.gpr[Cpu.RDI], "other registers kept");
        assertEquals(MAGIC_RBX, c.gpr[Cpu.RBX]);
        assertEquals(0, m.call(1, NULL), "from the HRT too");
    }

    @Test
    void vmmcallAndCpl3AreServed() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        Cpu c = m.core(0);
        HvmCores.userMode(c);
        c.gpr[Cpu.RAX] = MAGIC_RAX;
        c.gpr[Cpu.RBX] = MAGIC_RBX;
        c.gpr[Cpu.RCX] = STATE_OR_TAKE_EVENT;
        c.gpr[Cpu.RDX] = 0;
        m.execute(0, 0x0f, 0x01, 0xd9);
        assertEquals(HvmState.Mode.BOOTING.code, c.gpr[Cpu.RAX]);
        assertEquals(HvmCores.callSite(0) + 3, c.rip);
        assertEquals(0, m.call(0, NULL));
    }

    @Test
    void unknownSubOpFails() {
        HvmCores m = ready(1, VECTOR);
        assertEquals(ERROR, m.call(0, 0x28));
        assertEquals(ERROR, m.call(1, 0x99));
        Cpu c = m.core(0);
        c.gpr[Cpu.RAX] = MAGIC_RAX;
        c.gpr[Cpu.RBX] = MAGIC_RBX;
        c.gpr[Cpu.RCX] = 0xffff_ffff_0000_0000L | INVOKE_FIRST;
        m.execute(0, 0x0f, 0x01, 0xc1);
        assertEquals(ERROR, c.gpr[Cpu.RAX], "all of RCX is the sub-op");
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT), "nothing was invoked");
    }

    // ---- boot, state, resets, image ----

    @Test
    void readyOnceFromTheHrt() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        assertEquals(4, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(ERROR, m.call(0, READY), "the ROS cannot say the HRT is ready");
        assertEquals(0, m.call(1, READY));
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(0, m.call(1, STATE_OR_TAKE_EVENT));
        assertEquals(ERROR, m.call(1, READY), "not booting");
    }

    @Test
    void resets() {
        HvmCores m = ready(1, VECTOR);
        assertEquals(0, m.call(0, RESET_HRT));
        assertEquals(1, m.partition.boots);
        assertEquals(4, m.call(0, STATE_OR_TAKE_EVENT), "booting again");
        assertEquals(ERROR, m.call(1, RESET_HRT), "the HRT cannot reset itself");
        assertEquals(ERROR, m.call(1, RESET_ROS));
        assertEquals(0, m.call(0, RESET_ROS));
        assertEquals(0, m.call(0, RESET_BOTH));
        assertEquals(java.util.List.of(false, true), m.resets);
    }

    @Test
    void installImageReadsTheCallersMemory() {
        HvmCores m = ready(1, VECTOR);
        byte[] image = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 9, 8, 7};
        m.memory.load(BUFFER + 0xffa, image);   // across a page boundary
        assertEquals(0, m.call(0, INSTALL_IMAGE, BUFFER + 0xffa, image.length));
        assertArrayEquals(image, m.partition.installed);
        m.memory.write(BUFFER, 1, 0);
        assertEquals(ERROR, m.call(0, INSTALL_IMAGE, BUFFER, 16), "not an image");
        assertEquals(ERROR, m.call(0, INSTALL_IMAGE, BUFFER + 0xffa, 0));
        assertEquals(ERROR, m.call(1, INSTALL_IMAGE, BUFFER + 0xffa, image.length), "from the HRT");
        assertArrayEquals(image, m.partition.installed);
    }

    @Test
    void nonPresentPagesFailWithoutAFault() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        assertEquals(ERROR, m.call(0, INSTALL_IMAGE, HvmCores.NOT_PRESENT - 8, 16));
        assertEquals(HvmCores.callSite(0) + 3, ros.rip, "no page fault");
        assertEquals(ERROR, m.call(1, POST_EVENT, HvmCores.NOT_PRESENT + 8, 0));
        assertEquals(HvmCores.callSite(1) + 3, m.core(1).rip);
        m.memory.write(BUFFER, 8, 5);
        long id = m.call(1, POST_EVENT, BUFFER, 0);
        assertEquals(ERROR, m.call(0, STATE_OR_TAKE_EVENT, HvmCores.NOT_PRESENT, 0));
        assertEquals(ERROR, m.call(0, STATE_OR_TAKE_EVENT, 0x8000_0000_0000_0000L, 0), "not canonical");
        assertEquals(id, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x1000, 0), "the event is still posted");
        assertEquals(0, m.core(0).cr2, "no page fault was reported");
    }

    @Test
    void cpl3ReachesOnlyUserPages() {
        HvmCores m = ready(1, VECTOR);
        m.memory.write(0x4000 + (BUFFER >> 12) * 8, 8, BUFFER | 3);   // a supervisor page
        byte[] image = {0x7f, 'E', 'L', 'F'};
        m.memory.load(BUFFER, image);
        HvmCores.userMode(m.core(0));
        assertEquals(ERROR, m.call(0, INSTALL_IMAGE, BUFFER, 4));
        HvmCores.kernelMode(m.core(0));
        assertEquals(0, m.call(0, INSTALL_IMAGE, BUFFER, 4));
    }

    // ---- events ----

    @Test
    void severalEventsInFlight() {
        HvmCores m = ready(1, VECTOR);
        Cpu hrt = m.core(1);
        for (int i = 0; i < 8; i++) m.memory.write(BUFFER + 8L * i, 8, 0x100 + i);
        assertEquals(ERROR, m.call(0, POST_EVENT, BUFFER, 0), "the ROS cannot post");
        long a = m.call(1, POST_EVENT, BUFFER, 0);
        m.memory.write(BUFFER, 8, 0x200);
        long b = m.call(1, POST_EVENT, BUFFER, 0);
        assertTrue(a > 0 && b > a);
        assertEquals(ERROR, m.call(1, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0), "the HRT cannot take");

        assertEquals(a, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0));
        assertArrayEquals(new long[]{a, 0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106}, words(m, BUFFER + 0x800, 8));
        assertEquals(b, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0));
        assertEquals(0x200, m.read64(BUFFER + 0x808));
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0), "none posted");

        assertEquals(1, m.call(1, ACK_EVENT, a, 0), "taken, not done");
        assertEquals(ERROR, m.call(1, COMPLETE_EVENT, b, 5), "the HRT cannot complete");
        assertEquals(0, m.call(0, COMPLETE_EVENT, b, 0xbbb));
        assertEquals(ERROR, m.call(0, COMPLETE_EVENT, b, 0xbbb), "done already");
        assertEquals(0, m.call(0, COMPLETE_EVENT, a, 0xaaa));
        hrt.gpr[Cpu.RDX] = b;
        assertEquals(0, m.call(1, ACK_EVENT, b, 0));
        assertEquals(0xbbb, hrt.gpr[Cpu.RDX], "the result");
        assertEquals(ERROR, m.call(1, ACK_EVENT, b, 0), "freed");
        assertEquals(0, m.call(1, ACK_EVENT, a, 0));
        assertEquals(0xaaa, hrt.gpr[Cpu.RDX]);
        assertEquals(ERROR, m.call(0, ACK_EVENT, a, 0), "the ROS cannot ack");
        assertEquals(0, m.hypercalls.events().inFlight());
    }

    @Test
    void postedEventsAreBoundedAndPostedOnesAcknowledgedAsPending() {
        HvmCores m = ready(1, VECTOR);
        long first = m.call(1, POST_EVENT, BUFFER, 0);
        assertEquals(1, m.call(1, ACK_EVENT, first, 0), "still posted");
        for (int i = 1; i < EventTable.CAPACITY; i++) assertTrue(m.call(1, POST_EVENT, BUFFER, 0) > 0);
        assertEquals(ERROR, m.call(1, POST_EVENT, BUFFER, 0), "64 in flight");
    }

    // ---- requests and upcalls ----

    @Test
    void invokeWritesTheCommPageAndDeliversTheVectorWhateverIf() {
        HvmCores m = ready(1, VECTOR);
        Cpu hrt = m.core(1);
        hrt.flags.setBit(Flags.IF, false);
        m.execute(1, 0xf4);   // the HRT core halts with interrupts disabled
        assertTrue(hrt.halted);
        long haltedAt = hrt.rip, cycles = hrt.cycles;

        assertEquals(0, m.call(0, INVOKE_FIRST, 0xdec0L, 0));
        assertEquals(HvmState.Mode.CALL.code, m.call(0, STATE_OR_TAKE_EVENT));
        assertArrayEquals(new long[]{INVOKE_FIRST, 0xdec0L}, words(m, HvmCores.COMM_PAGE, 2));
        assertTrue(hrt.interruptDeliverable(), "the upcall wakes the halted core");
        assertEquals(HvmCosts.DEFAULT.inject(), hrt.cycles - cycles);

        m.run(1, 1);
        assertEquals(HvmCores.stub(VECTOR) + 1, hrt.rip, "delivered, its handler's HLT ran");
        assertEquals(haltedAt, popped(m, hrt, 0), "returns after the HLT it interrupted");
        assertEquals(HvmCores.KERNEL_CS, popped(m, hrt, 1));

        assertEquals(ERROR, m.call(0, INVOKE_FIRST, 1, 0), "one request at a time");
        assertEquals(ERROR, m.call(0, FUNCTION_DONE), "the ROS cannot end it");
        assertEquals(0, m.call(1, FUNCTION_DONE));
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(ERROR, m.call(1, FUNCTION_DONE), "nothing in progress");
    }

    @Test
    void upcallWithoutVectorIsGpWithItsErrorCode() {
        HvmCores m = ready(1, 0);
        Cpu hrt = m.core(1);
        assertEquals(0, m.call(0, MERGE, 0, 0));
        m.run(1, 1);
        assertEquals(HvmCores.stub(13) + 1, hrt.rip);
        assertEquals(0xf00df00dL, popped(m, hrt, 0), "error code");
        assertEquals(HvmCores.callSite(1) + 3, popped(m, hrt, 1), "the interrupted instruction, after the VMCALL");
    }

    @Test
    void invokeAllWaitsForEveryHrtCore() {
        HvmCores m = ready(2, VECTOR);
        assertEquals(0, m.call(0, INVOKE_ALL, 0x5000, 0));
        assertEquals(HvmState.Mode.PARCALL.code, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(VECTOR, m.core(1).injectedVector());
        assertEquals(VECTOR, m.core(2).injectedVector());
        assertEquals(-1, m.core(0).injectedVector(), "not the ROS");
        assertArrayEquals(new long[]{INVOKE_ALL, 0x5000}, words(m, HvmCores.COMM_PAGE, 2));
        assertEquals(0, m.call(2, FUNCTION_DONE));
        assertEquals(ERROR, m.call(2, FUNCTION_DONE), "once per core");
        assertEquals(HvmState.Mode.PARCALL.code, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(0, m.call(1, FUNCTION_DONE));
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT));
    }

    @Test
    void invokeFirstInterruptsOnlyTheFirstHrtCore() {
        HvmCores m = ready(2, VECTOR);
        assertEquals(0, m.call(0, INVOKE_FIRST, 1, 0));
        assertEquals(VECTOR, m.core(1).injectedVector());
        assertEquals(-1, m.core(2).injectedVector());
    }

    @Test
    void mergeAndUnmergePassTheCallersCr3() {
        HvmCores m = ready(1, VECTOR);
        assertEquals(ERROR, m.call(1, MERGE), "from the HRT");
        assertEquals(0, m.call(0, MERGE));
        assertArrayEquals(new long[]{MERGE, HvmCores.PML4}, words(m, HvmCores.COMM_PAGE, 2));
        assertEquals(HvmState.Mode.MERGE.code, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(ERROR, m.call(1, GDT_SYNC_DONE), "not the request in progress");
        assertEquals(ERROR, m.call(0, MERGE_DONE), "from the ROS");
        assertEquals(0, m.call(1, MERGE_DONE));
        assertEquals(0, m.call(0, UNMERGE));
        assertEquals(UNMERGE, m.read64(HvmCores.COMM_PAGE));
        assertEquals(0, m.call(1, MERGE_DONE));
        assertEquals(ERROR, m.call(1, MERGE_DONE));
    }

    @Test
    void gdtSync() {
        HvmCores m = ready(2, VECTOR);
        Cpu ros = m.core(0);
        assertEquals(ERROR, m.call(2, GDT_SYNC_READ, BUFFER, 0), "nothing synced yet");
        ros.gdtBase = 0xffff_8880_0001_2000L;
        ros.gdtLimit = 0x7f;
        ros.seg[Insn.FS].base = 0x7f00_1234_5000L;
        ros.seg[Insn.GS].base = 0x6000;
        assertEquals(0, m.call(0, GDT_SYNC));
        long[] data = {0xffff_8880_0001_2000L, 0x7f, 0x7f00_1234_5000L, 0x6000};
        assertArrayEquals(new long[]{GDT_SYNC, data[0], data[1], data[2], data[3]}, words(m, HvmCores.COMM_PAGE, 5));
        assertEquals(HvmState.Mode.GDTSYNC.code, m.call(0, STATE_OR_TAKE_EVENT));
        assertEquals(0, m.call(2, GDT_SYNC_READ, BUFFER, 0));
        assertArrayEquals(data, words(m, BUFFER, 4));
        assertEquals(ERROR, m.call(0, GDT_SYNC_READ, BUFFER, 0), "from the ROS");
        assertEquals(ERROR, m.call(2, GDT_SYNC_READ, HvmCores.NOT_PRESENT, 0));
        assertEquals(0, m.call(1, GDT_SYNC_DONE));
        assertEquals(ERROR, m.call(1, GDT_SYNC_DONE));
        ros.gdtLimit = 0x3f;
        assertEquals(0, m.call(0, GDT_CLEANUP));
        assertEquals(GDT_CLEANUP, m.read64(HvmCores.COMM_PAGE));
        assertEquals(0x3f, m.read64(HvmCores.COMM_PAGE + 16));
        assertEquals(0, m.call(2, GDT_SYNC_READ, BUFFER, 0));
        assertEquals(0x7f, m.read64(BUFFER + 8), "still the last sync's data");
    }

    @Test
    void requestsWaitForBootAndResetAbandonsThem() {
        HvmCores m = new HvmCores(1, 1, VECTOR);
        assertEquals(ERROR, m.call(0, INVOKE_FIRST, 1, 0), "booting");
        assertEquals(ERROR, m.call(0, GDT_SYNC));
        assertEquals(0, m.call(1, READY));
        assertEquals(0, m.call(0, INVOKE_FIRST, 1, 0));
        assertEquals(0, m.call(0, RESET_HRT));
        assertEquals(ERROR, m.call(1, FUNCTION_DONE), "the call was abandoned");
    }

    // ---- synchronous requests ----

    @Test
    void waitFlagParksTheCallerUntilIdle() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        m.call(0, INVOKE_FIRST, 0x1000, WAIT);
        assertTrue(ros.halted, "waits halted");
        assertFalse(ros.interruptDeliverable());
        assertEquals(HvmCores.callSite(0), ros.rip, "still at its VMCALL");
        assertEquals(MAGIC_RAX, ros.gpr[Cpu.RAX]);
        assertEquals(0, m.call(1, FUNCTION_DONE));
        assertFalse(ros.halted);
        assertEquals(0, ros.gpr[Cpu.RAX]);
        assertEquals(HvmCores.callSite(0) + 3, ros.rip, "the VMCALL completed");
        m.run(0, 1);
        assertTrue(ros.halted, "the HLT after it ran");
        assertEquals(HvmCores.callSite(0) + 4, ros.rip);
    }

    @Test
    void waitingCallerWokenByAnInterruptWaitsAgain() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        m.call(0, MERGE, 0, WAIT);
        ros.inject(0x40, -1);   // a device interrupt
        m.run(0, 1);
        assertEquals(HvmCores.stub(0x40) + 1, ros.rip);
        assertEquals(HvmCores.callSite(0), popped(m, ros, 0), "the interrupt returns to the VMCALL");
        // IRET back to the VMCALL, which executes again: still in progress, so it waits again.
        ros.gpr[Cpu.RSP] += 5 * 8;
        ros.rip = HvmCores.callSite(0);
        ros.halted = false;
        m.run(0, 1);
        assertTrue(ros.halted);
        assertEquals(HvmCores.callSite(0), ros.rip);
        assertEquals(HvmState.Mode.MERGE.code, m.hypercalls.state().mode().code, "not a new request");
        assertEquals(0, m.call(1, MERGE_DONE));
        assertEquals(HvmCores.callSite(0) + 3, ros.rip);
        assertEquals(0, ros.gpr[Cpu.RAX]);
    }

    @Test
    void requestEndingWhileTheCallerRunsAnInterruptCompletesOnReturn() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        m.call(0, GDT_SYNC, 0, WAIT);
        ros.inject(0x40, -1);
        m.run(0, 1);
        assertEquals(0, m.call(1, GDT_SYNC_DONE), "ends while the ROS core is in its handler");
        assertTrue(ros.halted, "in its handler's HLT, not released");
        ros.gpr[Cpu.RSP] += 5 * 8;
        ros.rip = HvmCores.callSite(0);
        ros.halted = false;
        m.run(0, 1);
        assertEquals(0, ros.gpr[Cpu.RAX]);
        assertEquals(HvmCores.callSite(0) + 3, ros.rip);
        assertTrue(m.hypercalls.state().idle());
        assertEquals(0, m.call(0, GDT_SYNC), "the next request is a new one");
        assertEquals(HvmState.Mode.GDTSYNC, m.hypercalls.state().mode());
    }

    @Test
    void waitingCallerContinuingOnAnotherCoreWithAnotherPcidWaitsAgain() {
        HvmCores m = new HvmCores(2, 1, VECTOR);
        assertEquals(0, m.call(2, READY));
        Cpu first = m.core(0), second = m.core(1);
        m.call(0, MERGE, 0, WAIT);
        first.inject(0x40, -1);
        m.run(0, 1);
        // The kernel moves the process to core 1, whose CR3 for the same address space carries another PCID.
        second.cr3 = first.cr3 | 0x805;
        second.gpr[Cpu.RAX] = MAGIC_RAX;
        second.gpr[Cpu.RBX] = MAGIC_RBX;
        second.gpr[Cpu.RCX] = MERGE;
        second.gpr[Cpu.RDX] = 0;
        second.gpr[Cpu.RSI] = WAIT;
        second.rip = HvmCores.callSite(0);
        second.halted = false;
        m.run(1, 1);
        assertTrue(second.halted, "waits again");
        assertEquals(HvmCores.callSite(0), second.rip);
        assertEquals(HvmState.Mode.MERGE, m.hypercalls.state().mode(), "not a new request");
        assertEquals(0, m.call(2, MERGE_DONE));
        assertEquals(0, second.gpr[Cpu.RAX]);
        assertEquals(HvmCores.callSite(0) + 3, second.rip);
    }

    @Test
    void hrtResetReleasesWaitingCallersWithAnError() {
        HvmCores m = new HvmCores(2, 1, VECTOR);
        assertEquals(0, m.call(2, READY));
        Cpu ros = m.core(0);
        m.call(0, INVOKE_FIRST, 1, WAIT);
        assertEquals(0, m.call(1, RESET_HRT));
        assertFalse(ros.halted);
        assertEquals(ERROR, ros.gpr[Cpu.RAX]);
    }

    // ---- signals ----

    private static final long HANDLER = 0x30000, USER_CODE = 0x31000, USER_STACK = 0x80000;
    /** The handler's return, as the ABI asks: add $8, %rsp; iretq. */
    private static final byte[] SIGNAL_RETURN = {0x48, (byte) 0x83, (byte) 0xc4, 0x08, 0x48, (byte) 0xcf};

    /** Core 0 at CPL 3 in the test address space, about to run NOPs at USER_CODE; the handler at HANDLER returns at once. */
    private static void userProcess(HvmCores m) {
        Cpu ros = m.core(0);
        HvmCores.userMode(ros);
        m.memory.load(HANDLER, SIGNAL_RETURN);
        m.memory.load(USER_CODE, new byte[]{(byte) 0x90, (byte) 0x90, (byte) 0x90});
        ros.gpr[Cpu.RSP] = USER_STACK;
    }

    /** The signal frame at RSP: code, RIP, CS, RFLAGS, RSP, SS. */
    private static void assertFrame(HvmCores m, Cpu c, long code, long rip, long rsp, long rflags) {
        assertArrayEquals(new long[]{code, rip, HvmCores.USER_CS, rflags, rsp, HvmCores.USER_DS},
                words(m, c.gpr[Cpu.RSP], 6));
    }

    @Test
    void signalEntersTheHandlerAtCpl3InTheInstallersAddressSpace() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        assertEquals(ERROR, m.call(1, SIGNAL_ROS, 5, 0), "no handler installed");
        userProcess(m);
        assertEquals(ERROR, m.call(1, INSTALL_SIGNAL, HANDLER, 0), "from the HRT");
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0));
        assertEquals(ERROR, m.call(0, SIGNAL_ROS, 5, 0), "from the ROS");

        HvmCores.kernelMode(ros);
        assertEquals(0, m.call(1, SIGNAL_ROS, 5, 0));
        m.execute(0, 0x90);
        assertEquals(HvmCores.callSite(0) + 1, ros.rip, "not at CPL 0");

        HvmCores.userMode(ros);
        ros.gpr[Cpu.RSP] = USER_STACK;
        ros.cr3 = HvmCores.PML4 | 0x2000_0000;   // another address space
        ros.rip = USER_CODE;
        m.run(0, 1);
        assertEquals(USER_CODE + 1, ros.rip, "not in another address space");

        ros.cr3 = HvmCores.PML4;
        long[] registers = ros.gpr.clone();
        long rflags = ros.flags.get(), cycles = ros.cycles;
        m.run(0, 1);
        assertEquals(HANDLER + 4, ros.rip, "the handler's first instruction ran");
        ros.gpr[Cpu.RSP] -= 8;
        assertEquals(USER_STACK - RosSignals.RED_ZONE - 6 * 8, ros.gpr[Cpu.RSP], "below the red zone");
        assertFrame(m, ros, 5, USER_CODE + 1, USER_STACK, rflags);
        for (int r = 0; r < 16; r++) {
            if (r != Cpu.RSP) assertEquals(registers[r], ros.gpr[r], "register " + r + " unchanged");
        }
        assertEquals(1 + HvmCosts.DEFAULT.inject(), ros.cycles - cycles);
        ros.gpr[Cpu.RSP] += 8;
        m.run(0, 1);
        assertEquals(USER_CODE + 1, ros.rip, "iretq returned to the interrupted code");
        assertEquals(USER_STACK, ros.gpr[Cpu.RSP]);
        assertEquals(rflags, ros.flags.get());
        m.run(0, 1);
        assertEquals(USER_CODE + 2, ros.rip, "delivered once");
    }

    @Test
    void signalOnTheInstalledStack() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        userProcess(m);
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0x70009));
        ros.rip = USER_CODE;
        long rflags = ros.flags.get();
        assertEquals(0, m.call(1, SIGNAL_ROS, 9, 0));
        m.run(0, 1);
        assertEquals(HANDLER + 4, ros.rip);
        assertEquals(0x70000 - 6 * 8 + 8, ros.gpr[Cpu.RSP], "16-byte aligned frame at the stack's top");
        ros.gpr[Cpu.RSP] -= 8;
        assertFrame(m, ros, 9, USER_CODE, USER_STACK, rflags);
    }

    @Test
    void postingAnEventSignalsTheInstalledHandler() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        userProcess(m);
        long id = m.call(1, POST_EVENT, BUFFER, 0);
        ros.rip = USER_CODE;
        m.run(0, 1);
        assertEquals(USER_CODE + 1, ros.rip, "no handler: no signal");
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0));
        long next = m.call(1, POST_EVENT, BUFFER, 0);
        assertTrue(next > id);
        ros.rip = USER_CODE;
        m.run(0, 1);
        assertEquals(HANDLER + 4, ros.rip);
        assertEquals(next, m.read64(ros.gpr[Cpu.RSP] - 8), "the code is the event's id");
    }

    @Test
    void handlerZeroRemovesTheHandlerAndAMachineResetForgetsIt() {
        HvmCores m = ready(1, VECTOR);
        userProcess(m);
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0));
        assertEquals(0, m.call(0, INSTALL_SIGNAL, 0, 0));
        assertEquals(ERROR, m.call(1, SIGNAL_ROS, 1, 0));
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0));
        m.call(1, POST_EVENT, BUFFER, 0);
        m.hypercalls.machineReset();
        assertEquals(ERROR, m.call(1, SIGNAL_ROS, 1, 0));
        assertEquals(0, m.call(0, STATE_OR_TAKE_EVENT, BUFFER, 0), "events are gone");
        assertEquals(HvmState.Mode.BOOTING.code, m.call(0, STATE_OR_TAKE_EVENT));
    }

    @Test
    void signalStackPageFaultIsTheGuestsThenTheSignalFollows() {
        HvmCores m = ready(1, VECTOR);
        Cpu ros = m.core(0);
        userProcess(m);
        assertEquals(0, m.call(0, INSTALL_SIGNAL, HANDLER, 0));
        assertEquals(0, m.call(1, SIGNAL_ROS, 3, 0));
        // The frame falls in a page that is not present: the kernel takes the #PF (a TSS gives its stack).
        long tss = 0x60000, interruptedRsp = HvmCores.NOT_PRESENT + 0x1000 + 0x40;
        m.memory.write(tss + 4, 8, 0x88000);
        ros.tr.load(0x28, tss, 0x67, 0x89 | 0x80);
        ros.gpr[Cpu.RSP] = interruptedRsp;
        ros.rip = USER_CODE;
        m.run(0, 1);
        assertEquals(HvmCores.stub(14) + 1, ros.rip);
        assertEquals(interruptedRsp - RosSignals.RED_ZONE - 6 * 8, ros.cr2);
        assertEquals(USER_CODE, popped(m, ros, 1), "the fault returns to the interrupted code");
        assertEquals(interruptedRsp, popped(m, ros, 4), "with its stack as it was");
        // The kernel maps the page and returns to user mode: the signal is delivered then.
        m.memory.write(0x4000 + (HvmCores.NOT_PRESENT >> 12) * 8, 8, HvmCores.NOT_PRESENT | 7);
        HvmCores.userMode(ros);
        ros.gpr[Cpu.RSP] = interruptedRsp;
        ros.rip = USER_CODE;
        ros.halted = false;
        m.run(0, 1);
        assertEquals(HANDLER + 4, ros.rip);
        assertEquals(3, m.read64(ros.gpr[Cpu.RSP] - 8));
    }
}

package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.seg.Gdt.CODE;
import static dev.multiverse.cpu.seg.Gdt.DATA;
import static dev.multiverse.cpu.seg.Gdt.DB;
import static dev.multiverse.cpu.seg.Gdt.G;
import static dev.multiverse.cpu.seg.Gdt.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Instruction fetch against the CS limit in legacy modes (SDM vol. 3, 5.3): an instruction with any byte
 * beyond the limit raises #GP(0) at its start, before paging sees the access; the instructions before it
 * run. 64-bit mode has no CS limit.
 */
class CodeLimitTest {
    private static final int FLAT_CODE = 0x08, FLAT_DATA = 0x10, SMALL_CODE = 0x18;
    private static final long GDT = 0x800, IDT = 0x3000, GP_HANDLER = 0x5000, STACK = 0x8000, CODE_AT = 0x1000;
    /** nop x4; mov $1,%eax; hlt: the MOV occupies 0x1004-0x1008. */
    private static final byte[] NOPS_MOV_HLT = TestCpu.bytes(0x90, 0x90, 0x90, 0x90, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xf4);

    private final TestCpu t = new TestCpu(2);
    private final Cpu c = t.cpu;

    CodeLimitTest() {
        Gdt.install(t, GDT, 0,
                segment(0, 0xfffff, CODE, G | DB),
                segment(0, 0xfffff, DATA, G | DB),
                segment(0, 0xffff, CODE, DB));
        t.memory.write(IDT + CpuException.GP * 8L, 8, Gdt.gate(FLAT_CODE, GP_HANDLER, 0xe, 0, 0));
        c.idtBase = IDT;
        c.idtLimit = 0x7ff;
        t.memory.write(GP_HANDLER, 1, 0xf4);
        c.gpr[Cpu.RSP] = STACK;
    }

    /** Runs {@code code} at 0x1000 with a CS whose limit is {@code limit}. */
    private StopReason runWithLimit(long limit, byte[] code) {
        c.seg[Insn.CS].load(SMALL_CODE, 0, limit, Segment.P | Segment.S | 0xb | Segment.DB);
        return t.run(CODE_AT, code, 100);
    }

    /** Expects a halt in the #GP handler for an error code 0 fault at {@code eip}. */
    private void assertGeneralProtectionAt(long eip) {
        assertEquals(GP_HANDLER + 1, c.rip, "halted in the #GP handler");
        assertEquals(0, t.memory.read(c.gpr[Cpu.RSP], 4), "error code");
        assertEquals(eip, t.memory.read(c.gpr[Cpu.RSP] + 4, 4), "the frame points at the faulting instruction");
        assertEquals(SMALL_CODE, t.memory.read(c.gpr[Cpu.RSP] + 8, 4));
    }

    @Test
    void anInstructionCrossingTheLimitFaultsAtItsStart() {
        assertEquals(StopReason.HALTED, runWithLimit(0x1005, NOPS_MOV_HLT));
        assertGeneralProtectionAt(0x1004);
        assertEquals(0, c.gpr[Cpu.RAX], "the MOV did not run");
        assertEquals(5, c.instructions, "the four NOPs before it ran, then the handler's HLT");
    }

    @Test
    void anInstructionEndingAtTheLimitRunsAndTheNextOneFaults() {
        assertEquals(StopReason.HALTED, runWithLimit(0x1008, NOPS_MOV_HLT));
        assertGeneralProtectionAt(0x1009);
        assertEquals(1, c.gpr[Cpu.RAX]);
    }

    @Test
    void aBlockDecodedUnderALargerLimitIsNotRunPastASmallerOne() {
        assertEquals(StopReason.HALTED, runWithLimit(0xffff, NOPS_MOV_HLT));
        assertEquals(CODE_AT + NOPS_MOV_HLT.length, c.rip, "ran to its HLT");
        c.gpr[Cpu.RAX] = 0;
        assertEquals(StopReason.HALTED, runWithLimit(0x1005, NOPS_MOV_HLT));
        assertGeneralProtectionAt(0x1004);
        assertEquals(0, c.gpr[Cpu.RAX]);
    }

    @Test
    void theLimitIsCheckedBeforePaging() {
        // Identity-map the first 16 pages except 0x2000-0x2fff, then run a MOV spanning 0x1ffe-0x2002 with the
        // limit at 0x1fff: its bytes beyond the limit are on a not-present page, and #GP(0) wins over #PF.
        long pd = 0x10000, pt = 0x11000;
        t.memory.write(pd, 4, pt | 3);
        for (int page = 0; page < 16; page++) {
            if (page != 2) t.memory.write(pt + 4L * page, 4, (long) page << 12 | 3);
        }
        t.memory.write(pt + 4L * 16, 4, pd | 3);      // the page directory, so nothing else is needed
        c.cr3 = pd;
        c.cr0 |= Cpu.CR0_PG;
        c.updatePaging();
        c.seg[Insn.CS].load(SMALL_CODE, 0, 0x1fff, Segment.P | Segment.S | 0xb | Segment.DB);
        t.memory.load(0x1ffe, TestCpu.bytes(0xb8, 0x01, 0x00, 0x00, 0x00));
        c.rip = 0x1ffe;
        assertEquals(StopReason.HALTED, t.interpreter.run(10));
        assertGeneralProtectionAt(0x1ffe);
        assertEquals(0, c.cr2, "no page fault was raised");
    }

    @Test
    void realModeCodeCannotRunPastOffset0xffff() {
        TestCpu real = new TestCpu(1);
        Cpu r = real.cpu;
        real.memory.write(CpuException.GP * 4L, 4, 0x0000_0500L);   // IVT: #GP -> 0000:0500
        real.memory.write(0x500, 1, 0xf4);
        r.gpr[Cpu.RSP] = 0x7000;
        // mov $0x1234,%ax at IP 0xfffe needs bytes up to 0x10000.
        assertEquals(StopReason.HALTED, real.run(0xfffe, TestCpu.bytes(0xb8, 0x34, 0x12), 10));
        assertEquals(0x501, r.rip);
        assertEquals(0xfffe, real.memory.read(0x7000 - 6, 2), "the pushed IP is the MOV's");
        assertEquals(0, r.gpr[Cpu.RAX]);
    }

    @Test
    void sixtyFourBitCodeHasNoLimit() {
        TestCpu long64 = new TestCpu(3);
        long64.cpu.seg[Insn.CS].load(FLAT_CODE, 0, 0x10, Segment.P | Segment.S | 0xb | Segment.L);
        assertEquals(StopReason.HALTED, long64.run(CODE_AT, NOPS_MOV_HLT, 100));
        assertEquals(1, long64.cpu.gpr[Cpu.RAX]);
    }
}

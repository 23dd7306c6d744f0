package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.exec.FarTransfer;
import dev.multiverse.cpu.exec.SegmentLoad;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.seg.Gdt.CODE;
import static dev.multiverse.cpu.seg.Gdt.DATA;
import static dev.multiverse.cpu.seg.Gdt.DB;
import static dev.multiverse.cpu.seg.Gdt.G;
import static dev.multiverse.cpu.seg.Gdt.L;
import static dev.multiverse.cpu.seg.Gdt.TSS32;
import static dev.multiverse.cpu.seg.Gdt.dpl;
import static dev.multiverse.cpu.seg.Gdt.gate;
import static dev.multiverse.cpu.seg.Gdt.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Far CALL from ring 3 through 32-bit and 64-bit call gates into ring 0, with the stack switch from the
 * TSS and the parameter copy (SDM vol. 3, 5.8.5), and the far RET back to ring 3 (5.8.6).
 */
class CallGateTest {
    private static final long CODE_AT = 0x5000, HANDLER = 0x6000, TSS = 0x3000;

    private void enterRing3(TestCpu t, int codeSelector, int codeAttributes, int stackSelector) {
        t.cpu.cpl = 3;
        t.cpu.seg[Insn.CS].load(codeSelector, 0, 0xffff_ffffL, codeAttributes);
        t.cpu.updateCodeSize();
        SegmentLoad.loadData(t.cpu, Insn.SS, stackSelector);
        t.cpu.idtLimit = 0;
    }

    @Test
    void thirtyTwoBitGateSwitchesStacksAndCopiesParameters() {
        TestCpu t = new TestCpu(2);
        Cpu c = t.cpu;
        Gdt.install(t, 0x1000,
                0,
                segment(0, 0xfffff, CODE, G | DB),                      // 0x08 ring-0 code
                segment(0, 0xfffff, DATA, G | DB),                      // 0x10 ring-0 data
                dpl(segment(0, 0xfffff, DATA, G | DB), 3),              // 0x18 ring-3 data
                segment(TSS, 0x67, TSS32, 0),                           // 0x20
                gate(0x08, HANDLER, 0xc, 3, 2),                         // 0x28 32-bit gate, 2 dwords
                dpl(segment(0, 0xfffff, CODE, G | DB), 3));             // 0x30 ring-3 code
        t.memory.write(TSS + 4, 4, 0x8000);                             // ESP0
        t.memory.write(TSS + 8, 2, 0x10);                               // SS0
        c.tr.load(0x20, TSS, 0x67, 0x8b);
        enterRing3(t, 0x33, Segment.P | Segment.S | 0xb | 3 << 5 | Segment.DB | Segment.G, 0x1b);
        c.gpr[Cpu.RSP] = 0x9000;
        t.memory.write(0x9000, 4, 0x1111);
        t.memory.write(0x9004, 4, 0x2222);
        t.memory.load(CODE_AT, TestCpu.bytes(0x9a, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00));   // lcall 0x28:0
        t.memory.load(HANDLER, TestCpu.bytes(0xca, 0x08, 0x00));                         // lret 8

        t.run(CODE_AT, new byte[0], 1);
        assertEquals(0, c.cpl);
        assertEquals(HANDLER, c.rip);
        assertEquals(0x08, c.seg[Insn.CS].selector);
        assertEquals(0x10, c.seg[Insn.SS].selector);
        assertEquals(0x7fe8, c.gpr[Cpu.RSP]);
        long[] frame = {CODE_AT + 7, 0x33, 0x1111, 0x2222, 0x9000, 0x1b};
        for (int k = 0; k < frame.length; k++) {
            assertEquals(frame[k], t.memory.read(0x7fe8 + 4L * k, 4), "stack slot " + k);
        }

        t.interpreter.run(1);
        assertEquals(3, c.cpl);
        assertEquals(CODE_AT + 7, c.rip);
        assertEquals(0x33, c.seg[Insn.CS].selector);
        assertEquals(0x1b, c.seg[Insn.SS].selector);
        assertEquals(0x9008, c.gpr[Cpu.RSP], "RET 8 released the parameters on the outer stack");
    }

    @Test
    void sixtyFourBitGateLoadsRsp0AndANullStackSegment() {
        TestCpu t = new TestCpu(3);
        Cpu c = t.cpu;
        Gdt.install(t, 0x1000,
                0,
                segment(0, 0xfffff, CODE, G | L),                       // 0x08 ring-0 64-bit code
                segment(0, 0xfffff, DATA, G | DB),                      // 0x10
                dpl(segment(0, 0xfffff, DATA, G | DB), 3),              // 0x18 ring-3 data
                dpl(segment(0, 0xfffff, CODE, G | L), 3),               // 0x20 ring-3 64-bit code
                segment(TSS, 0x67, TSS32, 0), 0,                        // 0x28 64-bit TSS (16 bytes)
                gate(0x08, HANDLER, 0xc, 3, 0), Gdt.gateHigh(HANDLER)); // 0x38 64-bit call gate
        t.memory.write(TSS + 4, 8, 0x8000);                             // RSP0
        c.tr.load(0x28, TSS, 0x67, 0x8b);
        enterRing3(t, 0x23, Segment.P | Segment.S | 0xb | 3 << 5 | Segment.L | Segment.G, 0x1b);
        c.gpr[Cpu.RSP] = 0x9000;
        t.memory.write(0x4000, 4, 0);
        t.memory.write(0x4004, 2, 0x3b);
        t.memory.load(CODE_AT, TestCpu.bytes(0xff, 0x1c, 0x25, 0x00, 0x40, 0x00, 0x00));  // lcall *0x4000
        t.memory.load(HANDLER, TestCpu.bytes(0x48, 0xcb));                                // lretq

        t.run(CODE_AT, new byte[0], 1);
        assertEquals(0, c.cpl);
        assertEquals(HANDLER, c.rip);
        assertEquals(0, c.seg[Insn.SS].selector);
        assertEquals(0x7fe0, c.gpr[Cpu.RSP]);
        long[] frame = {CODE_AT + 7, 0x23, 0x9000, 0x1b};
        for (int k = 0; k < frame.length; k++) {
            assertEquals(frame[k], t.memory.read(0x7fe0 + 8L * k, 8), "stack slot " + k);
        }

        t.interpreter.run(1);
        assertEquals(3, c.cpl);
        assertEquals(CODE_AT + 7, c.rip);
        assertEquals(0x1b, c.seg[Insn.SS].selector);
        assertEquals(0x9000, c.gpr[Cpu.RSP]);
    }

    @Test
    void gateAndTargetPrivilegeRules() {
        TestCpu t = new TestCpu(2);
        Cpu c = t.cpu;
        Gdt.install(t, 0x1000,
                0,
                segment(0, 0xfffff, CODE, G | DB),                      // 0x08
                segment(0, 0xfffff, DATA, G | DB),                      // 0x10
                dpl(segment(0, 0xfffff, DATA, G | DB), 3),              // 0x18
                gate(0x08, HANDLER, 0xc, 0, 0),                         // 0x20 gate DPL 0
                gate(0x08, HANDLER, 0xc, 3, 0),                         // 0x28 gate DPL 3
                dpl(segment(0, 0xfffff, CODE, G | DB), 3));             // 0x30
        enterRing3(t, 0x33, Segment.P | Segment.S | 0xb | 3 << 5 | Segment.DB | Segment.G, 0x1b);
        c.gpr[Cpu.RSP] = 0x9000;
        c.rip = CODE_AT;
        CpuException gateDpl = assertThrows(CpuException.class, () -> FarTransfer.call(c, 0x23, 0, 4));
        assertEquals("#GP(0x20)", gateDpl.getMessage());
        CpuException jumpInward = assertThrows(CpuException.class, () -> FarTransfer.jump(c, 0x2b, 0));
        assertEquals("#GP(0x8)", jumpInward.getMessage(), "JMP through a gate never changes privilege");
        CpuException direct = assertThrows(CpuException.class, () -> FarTransfer.jump(c, 0x08, 0));
        assertEquals("#GP(0x8)", direct.getMessage());
        assertEquals(3, c.cpl);
        assertEquals(0x9000, c.gpr[Cpu.RSP]);
        assertEquals(0x33, c.seg[Insn.CS].selector);
    }
}

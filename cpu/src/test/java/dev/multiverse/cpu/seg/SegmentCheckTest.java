package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.exec.SegmentLoad;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.multiverse.cpu.seg.Gdt.CODE;
import static dev.multiverse.cpu.seg.Gdt.CODE_CONFORMING;
import static dev.multiverse.cpu.seg.Gdt.CODE_XO;
import static dev.multiverse.cpu.seg.Gdt.DATA;
import static dev.multiverse.cpu.seg.Gdt.DATA_EXPAND_DOWN;
import static dev.multiverse.cpu.seg.Gdt.DATA_RO;
import static dev.multiverse.cpu.seg.Gdt.DB;
import static dev.multiverse.cpu.seg.Gdt.G;
import static dev.multiverse.cpu.seg.Gdt.LDT;
import static dev.multiverse.cpu.seg.Gdt.dpl;
import static dev.multiverse.cpu.seg.Gdt.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected-mode segment register loads (SDM vol. 3, 5.5-5.7 and the MOV/POP pseudocode) and the limit
 * and type checks of data accesses in legacy modes (5.3), with their exceptions and error codes.
 */
class SegmentCheckTest {
    private static final int CODE0 = 0x08, DATA0 = 0x10, DATA3 = 0x1b, SMALL = 0x20, DOWN = 0x28, READ_ONLY = 0x30,
            EXEC_ONLY = 0x38, CONFORMING = 0x40, ABSENT = 0x48, LDT_SEL = 0x50, DATA0_AS_LDT = 0x4, CODE3 = 0x5b,
            DOWN16 = 0x60, BEYOND = 0x100;

    private final TestCpu t = new TestCpu(2);
    private final Cpu c = t.cpu;

    SegmentCheckTest() {
        Gdt.install(t, 0x1000,
                0,
                segment(0, 0xfffff, CODE, G | DB),                     // 0x08
                segment(0, 0xfffff, DATA, G | DB),                     // 0x10
                dpl(segment(0, 0xfffff, DATA, G | DB), 3),             // 0x18
                segment(0x4000, 0xfff, DATA, DB),                      // 0x20 4 KiB at 0x4000
                segment(0, 0xfff, DATA_EXPAND_DOWN, DB),               // 0x28 offsets 0x1000-0xffffffff
                segment(0, 0xfffff, DATA_RO, G | DB),                  // 0x30
                segment(0, 0xfffff, CODE_XO, G | DB),                  // 0x38
                segment(0, 0xfffff, CODE_CONFORMING, G | DB),          // 0x40 readable conforming, DPL 0
                segment(0, 0xfffff, DATA & 0x7f, G | DB),              // 0x48 not present
                segment(0x2000, 0x17, LDT, 0),                         // 0x50 LDT at 0x2000, 3 entries
                dpl(segment(0, 0xfffff, CODE, G | DB), 3),             // 0x58
                segment(0, 0xfff, DATA_EXPAND_DOWN, 0));               // 0x60 16-bit: 0x1000-0xffff
        t.memory.write(0x2000, 8, segment(0x5000, 0xff, DATA, DB));    // LDT entry 0 -> selector 0x4
        c.ldtr.load(LDT_SEL, 0x2000, 0x17, 0x82);
    }

    private static void expect(int vector, int errorCode, Executable e) {
        CpuException ex = assertThrows(CpuException.class, e);
        assertEquals(CpuException.mnemonic(vector) + "(0x" + Integer.toHexString(errorCode) + ")", ex.getMessage());
    }

    private void atCpl3() {
        c.cpl = 3;
        c.seg[Insn.CS].load(CODE3, 0, 0xffff_ffffL, Segment.P | Segment.S | 0xb | 3 << 5 | Segment.DB);
        SegmentLoad.loadData(c, Insn.SS, DATA3);
    }

    @Test
    void dataLoadsCheckTypeAndPrivilege() {
        SegmentLoad.loadData(c, Insn.DS, SMALL);
        assertEquals(0x4000, c.seg[Insn.DS].base);
        assertTrue((t.memory.read(0x1000 + SMALL + 5, 1) & 1) != 0, "the descriptor is marked accessed");
        expect(CpuException.GP, EXEC_ONLY, () -> SegmentLoad.loadData(c, Insn.DS, EXEC_ONLY));
        expect(CpuException.GP, LDT_SEL, () -> SegmentLoad.loadData(c, Insn.ES, LDT_SEL));
        expect(CpuException.NP, ABSENT, () -> SegmentLoad.loadData(c, Insn.FS, ABSENT));
        expect(CpuException.GP, BEYOND, () -> SegmentLoad.loadData(c, Insn.GS, BEYOND));
        expect(CpuException.GP, SMALL, () -> SegmentLoad.loadData(c, Insn.DS, SMALL | 3));  // RPL 3 > DPL 0
        SegmentLoad.loadData(c, Insn.DS, CONFORMING | 3);     // conforming code ignores RPL and CPL
        atCpl3();
        expect(CpuException.GP, DATA0, () -> SegmentLoad.loadData(c, Insn.DS, DATA0));
        SegmentLoad.loadData(c, Insn.DS, DATA3);
        SegmentLoad.loadData(c, Insn.ES, CONFORMING);
        SegmentLoad.loadData(c, Insn.FS, 0);
        assertTrue(c.seg[Insn.FS].low > c.seg[Insn.FS].high, "a null selector makes the register unusable");
    }

    @Test
    void stackLoadsNeedAWritableSegmentAtCpl() {
        expect(CpuException.GP, 0, () -> SegmentLoad.loadData(c, Insn.SS, 0));
        expect(CpuException.GP, READ_ONLY, () -> SegmentLoad.loadData(c, Insn.SS, READ_ONLY));
        expect(CpuException.GP, 0x18, () -> SegmentLoad.loadData(c, Insn.SS, DATA3));    // RPL 3 != CPL 0; the error code drops the RPL
        expect(CpuException.GP, 0x18, () -> SegmentLoad.loadData(c, Insn.SS, 0x18));     // DPL 3 != CPL 0
        expect(CpuException.SS, ABSENT, () -> SegmentLoad.loadData(c, Insn.SS, ABSENT));
        SegmentLoad.loadData(c, Insn.SS, DATA0);
        assertEquals(DATA0, c.seg[Insn.SS].selector);
    }

    @Test
    void selectorsWithTiSetUseTheLdt() {
        SegmentLoad.loadData(c, Insn.DS, DATA0_AS_LDT);
        assertEquals(0x5000, c.seg[Insn.DS].base);
        expect(CpuException.GP, 0xc, () -> SegmentLoad.loadData(c, Insn.DS, 0xc));        // beyond the LDT limit
        c.ldtr.load(0, 0, 0, 0);
        expect(CpuException.GP, DATA0_AS_LDT, () -> SegmentLoad.loadData(c, Insn.DS, DATA0_AS_LDT));
    }

    @Test
    void accessesBeyondTheLimitFault() {
        SegmentLoad.loadData(c, Insn.DS, SMALL);
        t.memory.write(0x4ffc, 4, 0x1234_5678);
        assertEquals(0x1234_5678, c.readMem(Insn.DS, 0xffc, 4));
        expect(CpuException.GP, 0, () -> c.readMem(Insn.DS, 0xffd, 4));
        expect(CpuException.GP, 0, () -> c.writeMem(Insn.DS, 0x1000, 1, 0));
        SegmentLoad.loadData(c, Insn.SS, SMALL);
        expect(CpuException.SS, 0, () -> c.readMem(Insn.SS, 0xfff, 2));
    }

    @Test
    void expandDownSegmentsAllowOnlyOffsetsAboveTheLimit() {
        SegmentLoad.loadData(c, Insn.ES, DOWN);
        expect(CpuException.GP, 0, () -> c.readMem(Insn.ES, 0xfff, 1));
        c.writeMem(Insn.ES, 0x1000, 4, 0xabcd);
        assertEquals(0xabcd, c.readMem(Insn.ES, 0x1000, 4));
        c.readMem(Insn.ES, 0xffff_fffcL, 4);
        SegmentLoad.loadData(c, Insn.ES, DOWN16);
        c.readMem(Insn.ES, 0xfffe, 2);
        expect(CpuException.GP, 0, () -> c.readMem(Insn.ES, 0xffff, 2));
    }

    @Test
    void typesForbidTheWrongKindOfAccess() {
        SegmentLoad.loadData(c, Insn.DS, READ_ONLY);
        c.readMem(Insn.DS, 0x100, 4);
        expect(CpuException.GP, 0, () -> c.writeMem(Insn.DS, 0x100, 4, 1));
        SegmentLoad.loadData(c, Insn.DS, CONFORMING);
        c.readMem(Insn.DS, 0x100, 4);
        expect(CpuException.GP, 0, () -> c.writeMem(Insn.DS, 0x100, 4, 1));
        SegmentLoad.loadData(c, Insn.DS, 0);
        expect(CpuException.GP, 0, () -> c.readMem(Insn.DS, 0x100, 1));
    }

    @Test
    void sixtyFourBitModeIgnoresLimitsButChecksCanonicalAddresses() {
        TestCpu l = new TestCpu(3);
        l.cpu.seg[Insn.DS].load(0x20, 0x4000, 0xfff, Segment.P | Segment.S | 3);
        l.cpu.writeMem(Insn.DS, 0x8000, 4, 7);
        assertEquals(7, l.memory.read(0x8000, 4));
        expect(CpuException.GP, 0, () -> l.cpu.readMem(Insn.DS, 0x0000_8000_0000_0000L, 1));
        expect(CpuException.SS, 0, () -> l.cpu.readMem(Insn.SS, 0x0000_8000_0000_0000L, 1));
    }
}

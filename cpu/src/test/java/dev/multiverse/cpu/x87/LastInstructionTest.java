package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The record of the last non-control instruction (FOP, FCS:FIP, FDS:FDP) that FNSTENV, FNSAVE and FXSAVE
 * report: what each kind of instruction leaves in it.
 */
class LastInstructionTest {
    private final X87Fixture fx = new X87Fixture();
    private final X87 f = fx.f;

    @Test
    void aMemoryFormRecordsItsOpcodeAddressPrefixesIncludedAndItsOperand() {
        // fld1; data16 flds 0x10(%rdi)
        assertEquals(-1, fx.run("d9e8 66d94710"));
        assertEquals(0x147, f.opcode, "D9 47: the low bits of the escape byte, then ModRM");
        assertEquals(X87Fixture.CODE + 2, f.instructionPointer, "the 66 prefix's address");
        assertEquals(fx.cpu.seg[Insn.CS].selector, f.instructionSelector);
        assertEquals(X87Fixture.MEMORY + 0x10, f.dataPointer);
        assertEquals(fx.cpu.seg[Insn.DS].selector, f.dataSelector);
    }

    @Test
    void theDataSelectorIsTheOperandsSegment() {
        fx.cpu.seg[Insn.FS].selector = 0x33;
        assertEquals(-1, fx.run("64dd07"));        // fldl %fs:(%rdi)
        assertEquals(0x33, f.dataSelector);
        assertEquals(0x507, f.opcode);
    }

    @Test
    void registerFormsKeepTheDataPointer() {
        assertEquals(-1, fx.run("d907 d9c0 dec1"));   // flds (%rdi); fld %st(0); faddp
        assertEquals(0x6c1, f.opcode);
        assertEquals(X87Fixture.CODE + 4, f.instructionPointer);
        assertEquals(X87Fixture.MEMORY, f.dataPointer, "still the FLDS operand");
    }

    @Test
    void controlInstructionsLeaveTheRecordAlone() {
        fx.poke(X87Fixture.MEMORY, 2, 0x037f);
        // fld1; fnstcw 2(%rdi); fldcw (%rdi); fnstsw %ax; fnclex; fnstenv 8(%rdi); fldenv 8(%rdi); fwait; fnstsw 4(%rdi)
        assertEquals(-1, fx.run("d9e8 d97f02 d92f dfe0 dbe2 d97708 d96708 9b dd7f04"));
        assertEquals(0x1e8, f.opcode);
        assertEquals(X87Fixture.CODE, f.instructionPointer);
    }

    @Test
    void fnopAndStackOperationsCountAsNonControl() {
        assertEquals(-1, fx.run("d9e8 d9d0"));
        assertEquals(0x1d0, f.opcode);
        assertEquals(X87Fixture.CODE + 2, f.instructionPointer);
        assertEquals(-1, fx.run("d9f7"));
        assertEquals(0x1f7, f.opcode);
    }

    @Test
    void fninitClearsIt() {
        assertEquals(-1, fx.run("d9e8 dbe3"));
        assertEquals(0, f.opcode);
        assertEquals(0, f.instructionPointer);
        assertEquals(0, f.instructionSelector);
    }

    @Test
    void anExceptionReportedLaterNamesTheInstructionThatCausedIt() {
        fx.control(0x037b).stack("0000:0000000000000000", "3fff:8000000000000000");
        assertEquals(CpuException.MF, fx.run("90 def9 9b"));
        assertEquals(0x6f9, f.opcode);
        assertEquals(X87Fixture.CODE + 1, f.instructionPointer, "the division, not the FWAIT");
    }
}

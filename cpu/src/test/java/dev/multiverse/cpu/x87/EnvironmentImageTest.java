package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * FNSTENV, FLDENV, FNSAVE and FRSTOR images in their four layouts: 32- and 16-bit, protected mode
 * (selector:offset pointers, 64-bit mode included) and real-address mode (linear pointers around the
 * opcode).
 */
class EnvironmentImageTest {
    private final X87Fixture fx = new X87Fixture();

    private long at(long offset, int size) {
        return fx.peek(X87Fixture.MEMORY + offset, size);
    }

    /** flds 0x10(%rdi), then the instruction under test. */
    private void afterALoad(String insn) {
        assertEquals(-1, fx.run("d94710 " + insn));
    }

    @Test
    void protectedMode32BitLayout() {
        afterALoad("d97740");                                   // fnstenv 0x40(%rdi)
        assertEquals(0xffff_037fL, at(0x40, 4), "control word, reserved half all ones");
        assertEquals(0xffff_3800L, at(0x44, 4), "status word: TOP 7");
        assertEquals(0xffff_7fffL, at(0x48, 4), "tag word: R7 zero, the rest empty");
        assertEquals(X87Fixture.CODE, at(0x4c, 4), "instruction offset");
        assertEquals(0x147L << 16 | fx.cpu.seg[Insn.CS].selector, at(0x50, 4), "opcode beside the code selector");
        assertEquals(X87Fixture.MEMORY + 0x10, at(0x54, 4), "operand offset");
        assertEquals(0xffff_0000L | fx.cpu.seg[Insn.DS].selector, at(0x58, 4), "operand selector");
        assertEquals(0, at(0x5c, 4), "nothing written past 28 bytes");
    }

    @Test
    void protectedMode16BitLayout() {
        afterALoad("66d97740");                                 // fnstenvs 0x40(%rdi)
        assertEquals(0x037f, at(0x40, 2));
        assertEquals(0x3800, at(0x42, 2));
        assertEquals(0x7fff, at(0x44, 2));
        assertEquals(X87Fixture.CODE & 0xffff, at(0x46, 2));
        assertEquals(fx.cpu.seg[Insn.CS].selector, at(0x48, 2));
        assertEquals((X87Fixture.MEMORY + 0x10) & 0xffff, at(0x4a, 2));
        assertEquals(fx.cpu.seg[Insn.DS].selector, at(0x4c, 2));
        assertEquals(0, at(0x4e, 2), "14 bytes only");
    }

    @Test
    void fnsaveAppendsTheRegistersInStackOrderThenInitializes() {
        fx.stack("3fff:8000000000000000", "c000:c000000000000000");
        fx.control(0x027f);
        assertEquals(-1, fx.run("dd37"));                       // fnsave (%rdi)
        assertEquals(0x3000, at(4, 2), "TOP 6");
        assertEquals(0x8000_0000_0000_0000L, at(28, 8));
        assertEquals(0x3fff, at(36, 2));
        assertEquals(0xc000_0000_0000_0000L, at(38, 8));
        assertEquals(0xc000, at(46, 2));
        X87 f = fx.f;
        assertEquals(X87.CONTROL_INIT, f.control);
        assertEquals(0, f.status);
        assertEquals(0xffff, f.tag);
    }

    @Test
    void frstorPutsTheRegistersUnderTheLoadedTopAndTagsThemByContents() {
        long image = X87Fixture.MEMORY;
        fx.poke(image, 2, 0x037b);                              // ZE unmasked
        fx.poke(image + 4, 2, 0x3004);                          // TOP 6, ZE flagged, ES clear in the image
        fx.poke(image + 8, 2, 0x0ffc);                          // R0, R6, R7 "valid", R1-R5 empty
        fx.poke(image + 28, 8, 0x8000_0000_0000_0000L);         // ST(0) = R6 = 1.0
        fx.poke(image + 36, 2, 0x3fff);                         // ST(1) = R7 = +0
        fx.poke(image + 48, 8, 0xc000_0000_0000_0000L);         // ST(2) = R0 = a QNaN
        fx.poke(image + 56, 2, 0x7fff);
        assertEquals(CpuException.MF, fx.run("dd27 9b"));      // frstor (%rdi); fwait
        X87 f = fx.f;
        assertEquals(X87Fixture.CODE + 2, fx.faultingRip(), "the loaded status has an unmasked exception: pending");
        assertEquals(0xb084, f.status, "ES and B recomputed");
        assertEquals(0x4ffe, f.tag, "R0 special, R6 valid, R7 zero, R1-R5 empty");
        assertEquals("3fff:8000000000000000", fx.st(0));
        assertEquals("7fff:c000000000000000", fx.st(2));
    }

    @Test
    void fldenvTakesOnlyEmptyOrNotFromTheTagWord() {
        fx.stack("3fff:8000000000000000");
        assertEquals(-1, fx.run("d937 66c747080000 d927"));    // fnstenv; movw $0,8(%rdi) (all "valid"); fldenv
        assertEquals(0x1555, fx.f.tag, "R7 valid by its contents, the others zero by theirs");
    }

    // ---- real-address mode ----

    /** A real-mode core with CS = 0x2345 (code at IP 0x10) and DS = 0x6000, BX = 0x200. */
    private static TestCpu realMode(String hex) {
        TestCpu t = new TestCpu(1);
        Cpu c = t.cpu;
        c.seg[Insn.CS].loadReal(0x2345);
        c.seg[Insn.DS].loadReal(0x6000);
        c.gpr[Cpu.RBX] = 0x200;
        c.x87.init();
        byte[] insn = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] code = java.util.Arrays.copyOf(insn, insn.length + 1);
        code[insn.length] = (byte) 0xf4;
        t.memory.load(0x23460, code);
        c.rip = 0x10;
        c.halted = false;
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        return t;
    }

    private static long read(TestCpu t, long linear, int size) {
        return t.cpu.mmu.read(linear, size, false);
    }

    @Test
    void realMode16BitLayoutStoresLinearPointersAroundTheOpcode() {
        TestCpu t = realMode("d94710 d97740");                  // flds 0x10(%bx); fnstenv 0x40(%bx)
        long env = 0x60240;
        assertEquals(0x3460, read(t, env + 6, 2), "instruction address 0x23460, bits 15-0");
        assertEquals(0x2000 | 0x147, read(t, env + 8, 2), "bits 19-16 above the opcode");
        assertEquals(0x0210, read(t, env + 10, 2), "operand address 0x60210, bits 15-0");
        assertEquals(0x6000, read(t, env + 12, 2), "bits 19-16 at the top");
    }

    @Test
    void realMode32BitLayout() {
        TestCpu t = realMode("d94710 66d97740");                // 66: the 28-byte image
        long env = 0x60240;
        assertEquals(0xffff_3460L, read(t, env + 12, 4));
        assertEquals(0x0000_2147L, read(t, env + 16, 4), "bits 31-16 of the address in bits 27-12");
        assertEquals(0xffff_0210L, read(t, env + 20, 4));
        assertEquals(0x0000_6000L, read(t, env + 24, 4));
    }

    @Test
    void realModeFldenvLoadsTheLinearPointers() {
        TestCpu t = realMode("d94710 d97740 dbe3 d96740");      // ...; fninit; fldenv 0x40(%bx)
        X87 f = t.cpu.x87;
        assertEquals(0x23460, f.instructionPointer);
        assertEquals(0, f.instructionSelector);
        assertEquals(0x147, f.opcode);
        assertEquals(0x60210, f.dataPointer);
        assertEquals(0x3800, f.status);
    }
}

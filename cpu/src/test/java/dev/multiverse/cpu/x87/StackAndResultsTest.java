package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The register stack and how results reach it: operand order of the register forms, stack faults and
 * their masked responses, C1, the tag word, the constants' rounding, FXAM's classes, FCOMI's flags.
 */
class StackAndResultsTest {
    private static final String ONE = "3fff:8000000000000000", TWO = "4000:8000000000000000",
            THREE = "4000:c000000000000000", INDEFINITE = "ffff:c000000000000000";
    private final X87Fixture fx = new X87Fixture();
    private final X87 f = fx.f;

    @Test
    void theDcAndDeFormsUseIntelSemanticsUnderObjdumpsNames() {
        fx.stack(ONE, THREE);
        assertEquals(-1, fx.run("dce9"));                       // objdump "fsubr %st,%st(1)": ST(1) = ST(1) - ST(0)
        assertEquals(TWO, fx.st(1));
        assertEquals(-1, fx.run("dce1"));                       // objdump "fsub %st,%st(1)": ST(1) = ST(0) - ST(1)
        assertEquals("bfff:8000000000000000", fx.st(1));
        assertEquals(-1, fx.run("def9"));                       // objdump "fdivrp": ST(1) = ST(1) / ST(0), pop
        assertEquals("bfff:8000000000000000", fx.st(0));
        assertEquals(7, f.top(), "one value left");
    }

    @Test
    void aMaskedStackUnderflowWritesTheIndefiniteAndClearsC1() {
        fx.stack(ONE);
        f.status |= X87.STATUS_C1;
        assertEquals(-1, fx.run("d8c1"));                       // fadd %st(1),%st with ST(1) empty
        assertEquals(INDEFINITE, fx.st(0));
        assertEquals(0x41, f.status & 0x7f, "IE and SF");
        assertEquals(0, f.status & X87.STATUS_C1, "C1 = 0: underflow");
    }

    @Test
    void anUnmaskedStackUnderflowChangesNothingButTheStatus() {
        fx.control(0x037e).stack(ONE);
        assertEquals(-1, fx.run("dec1"));                       // faddp with ST(1) empty: no store, no pop
        assertEquals(ONE, fx.st(0));
        assertEquals(7, f.top());
        assertEquals(X87.STATUS_B | X87.STATUS_ES | 0x41, f.status & 0x80ff);
    }

    @Test
    void aMaskedStackOverflowPushesTheIndefiniteWithC1Set() {
        fx.stack(ONE, ONE, ONE, ONE, ONE, ONE, ONE, ONE);
        assertEquals(-1, fx.run("d9ee"));                       // fldz onto a full stack
        assertEquals(INDEFINITE, fx.st(0));
        assertEquals(X87.STATUS_C1 | 0x41, f.status & (X87.STATUS_C1 | 0x7f));
    }

    @Test
    void theTagWordFollowsEveryPushWriteAndPop() {
        fx.poke(X87Fixture.MEMORY, 4, 0x7f80_0000L);             // +infinity
        assertEquals(-1, fx.run("d9e8 d9ee d907 d9c1"));         // fld1; fldz; flds (inf); fld %st(1)
        assertEquals(0b00_01_10_01_11_11_11_11, f.tag, "R7 1.0 valid, R6 zero, R5 special, R4 zero");
        assertEquals(-1, fx.run("ddd8 ddc1"));                   // fstp %st(0); ffree %st(1)
        assertEquals(0b00_11_10_11_11_11_11_11, f.tag, "R4 popped, R6 freed");
    }

    @Test
    void constantsAreRoundedUnderTheRoundingControlWithoutAPrecisionException() {
        String[] pi = {"4000:c90fdaa22168c235", "4000:c90fdaa22168c234", "4000:c90fdaa22168c235", "4000:c90fdaa22168c234"};
        String[] l2t = {"4000:d49a784bcd1b8afe", "4000:d49a784bcd1b8afe", "4000:d49a784bcd1b8aff", "4000:d49a784bcd1b8afe"};
        for (int rc = 0; rc < 4; rc++) {
            X87Fixture k = new X87Fixture().control(0x007f | rc << 10);   // 24-bit precision does not apply either
            assertEquals(-1, k.run("d9eb d9e9"));
            assertEquals(pi[rc], k.st(1), "fldpi rc=" + rc);
            assertEquals(l2t[rc], k.st(0), "fldl2t rc=" + rc);
            assertEquals(0, k.f.status & (0x3f | X87.STATUS_C1));
        }
    }

    @Test
    void fxamNamesTheClassAndTheSign() {
        String[] values = {"7fff:0000000000000000", "ffff:c000000000000001", "bfff:8000000000000000",
                "7fff:8000000000000000", "8000:0000000000000000", "0000:8000000000000001", "3fff:4000000000000000"};
        int[] classes = {0, X87.STATUS_C0, X87.STATUS_C2, X87.STATUS_C2 | X87.STATUS_C0, X87.STATUS_C3,
                X87.STATUS_C3 | X87.STATUS_C2, 0};
        boolean[] negative = {false, true, true, false, true, false, false};
        for (int n = 0; n < values.length; n++) {
            X87Fixture k = new X87Fixture().stack(values[n]);
            assertEquals(-1, k.run("d9e5"));
            assertEquals(classes[n] | (negative[n] ? X87.STATUS_C1 : 0), k.conditionCodes(), values[n]);
        }
        X87Fixture empty = new X87Fixture();
        assertEquals(-1, empty.run("d9e5"));
        assertEquals(X87.STATUS_C3 | X87.STATUS_C0, empty.conditionCodes(), "empty");
    }

    @Test
    void fcomiSetsZfPfCfAndClearsTheOtherStatusFlags() {
        fx.stack(ONE, TWO);
        fx.cpu.flags.put(0x202 | Flags.OF | Flags.SF | Flags.AF);
        assertEquals(-1, fx.run("dbf1"));                       // fcomi %st(1),%st: 1 < 2
        assertEquals(Flags.CF, fx.cpu.flags.get() & Flags.STATUS);
        assertEquals(-1, fx.run("dfe9"));                       // fucomip: pops
        assertEquals(TWO, fx.st(0));
    }

    @Test
    void theUndocumentedFstp1PopsAnEmptyTopWithoutAFault() {
        fx.stack(ONE, TWO);
        assertEquals(-1, fx.run("ddc0 d9d9"));                   // ffree %st(0); fstp1 %st(1)
        assertEquals(TWO, fx.st(0), "ST(1) kept its value, the pop happened");
        assertEquals(0, f.status & 0x7f, "no stack fault");
    }

    @Test
    void precisionControlRoundsArithmeticButNotLoads() {
        fx.control(0x007f);
        fx.poke(X87Fixture.MEMORY, 8, 0x3fd5_5555_5555_5555L);   // 1/3 as a double
        assertEquals(-1, fx.run("dd07"));                         // fldl
        assertEquals("3ffd:aaaaaaaaaaaaa800", fx.st(0), "loaded exactly");
        assertEquals(-1, fx.run("d9c0 dec9"));                    // fld %st(0); fmulp
        assertEquals("3ffb:e38e390000000000", fx.st(0), "1/9 rounded to 24 bits");
        assertTrue((f.status & 0x20) != 0, "inexact");
    }
}

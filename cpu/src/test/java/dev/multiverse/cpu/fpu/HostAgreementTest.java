package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs generated cases of every operation the soft-float core serves on the build machine's x87 and SSE
 * units (fpharness.c) and in the core, and requires the same result bits and the same exception flags,
 * x87 C1 and compare results, under every rounding mode, x87 precision control and SSE DAZ/FTZ setting.
 * A quarter of the cases unmask some exceptions: the x87 then shows what it stores (nothing, or the
 * bias-adjusted result of an overflow or underflow), SSE traps and shows what MXCSR reports.
 */
class HostAgreementTest {
    private static final long SEED = 0x736f_6674_666c_6f61L;
    private static final int CASES_PER_OPERATION = 1_500;
    /** Two-operand arithmetic has the most paths through the core, so it gets more cases. */
    private static final int CASES_PER_ARITHMETIC = 5_000;
    private static final int SHOWN_PER_OPERATION = 3;

    @Test
    void softFloatAgreesWithTheHostFpu() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "needs an x86-64 Linux host to run the operations natively");
        long start = System.nanoTime();
        List<FpCase> cases = generate();
        Path buildDir = Path.of(HostAgreementTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        FpHarness harness = FpHarness.build(buildDir.getParent().resolve("src/test/native/fpharness.c"), buildDir.resolve("fpu"));
        List<Outcome> host = harness.run(cases);

        List<String> mismatches = new ArrayList<>();
        Map<HostOp, Integer> perOperation = new EnumMap<>(HostOp.class);
        for (int i = 0; i < cases.size(); i++) {
            FpCase c = cases.get(i);
            Outcome expected = host.get(i);
            Outcome actual = c.op().emulate(c);
            if (!agree(c.op(), expected, actual)) {
                if (perOperation.merge(c.op(), 1, Integer::sum) <= SHOWN_PER_OPERATION) mismatches.add(describe(c, expected, actual));
            }
        }
        int total = perOperation.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%d soft-float cases against the host FPU in %.1f s, %d mismatches%n", cases.size(),
                (System.nanoTime() - start) / 1e9, total);
        assertEquals(0, total, () -> total + " mismatches of " + cases.size() + " cases, per operation " + perOperation
                + "\nthe first of each (host = expected, soft = the core):\n" + String.join("\n", mismatches));
    }

    private static List<FpCase> generate() {
        List<FpCase> cases = new ArrayList<>();
        for (HostOp op : HostOp.values()) {
            SplittableRandom random = new SplittableRandom(SEED ^ (long) op.id() * 0x9e37_79b9_7f4a_7c15L);
            OperandGenerator operands = new OperandGenerator(random);
            boolean arithmetic = op.b() == op.a() && op.result() == op.a();
            int count = arithmetic ? CASES_PER_ARITHMETIC : CASES_PER_OPERATION;
            for (int n = 0; n < count; n++) {
                long[][] pair = op.b() == op.a() ? operands.drawPair(op.a()) : new long[][] {operands.draw(op.a()), operands.draw(op.b())};
                long[] a = pair[0];
                long[] b = pair[1];
                int masks = random.nextInt(4) == 0 ? random.nextInt(64) : FpFlags.ALL;
                int control = op.unit() == FpEnv.Unit.X87
                        ? 0x0040 | masks | random.nextInt(4) << 8 | random.nextInt(4) << 10
                        : masks << 7 | random.nextInt(4) << 13 | (random.nextBoolean() ? 0x40 : 0) | (random.nextBoolean() ? 0x8000 : 0);
                cases.add(new FpCase(op, control, random.nextInt(16), a[0], (int) a[1], b[0], (int) b[1]));
            }
        }
        return cases;
    }

    private static boolean agree(HostOp op, Outcome expected, Outcome actual) {
        return op.result().same(expected.value(), expected.valueHigh(), actual.value(), actual.valueHigh())
                && ((expected.status() ^ actual.status()) & op.statusMask()) == 0
                && expected.eflags() == actual.eflags();
    }

    private static String describe(FpCase c, Outcome expected, Outcome actual) {
        return c.describe() + "\n    host: " + render(c.op(), expected) + "\n    soft: " + render(c.op(), actual);
    }

    private static String render(HostOp op, Outcome o) {
        int status = o.status() & op.statusMask();
        StringBuilder s = new StringBuilder(op.result().render(o.value(), o.valueHigh()));
        s.append(String.format("  status=%04x [", status));
        String[] names = {"IE", "DE", "ZE", "OE", "UE", "PE"};
        for (int bit = 0; bit < 6; bit++) if ((status & 1 << bit) != 0) s.append(' ').append(names[bit]);
        if (op.unit() == FpEnv.Unit.X87 && (status & Outcome.C1) != 0) s.append(" C1");
        s.append(" ]");
        if (op.result() == Shape.NONE) s.append(String.format("  eflags=%02x", o.eflags()));
        return s.toString();
    }
}

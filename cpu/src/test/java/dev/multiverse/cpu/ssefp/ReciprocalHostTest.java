package dev.multiverse.cpu.ssefp;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.multiverse.cpu.ssefp.SseHarness.MXCSR;
import static dev.multiverse.cpu.ssefp.SseHarness.STATE;
import static dev.multiverse.cpu.ssefp.SseHarness.le;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RCPPS and RSQRTPS against the host CPU over every entry of their tables: each of the 2048 values of the
 * top 11 fraction bits (which cover RSQRT's 10 bits and, with the exponents, its exponent parity) under the
 * exponents where the result's range changes (zeros and denormals, the smallest and largest normals, the
 * inputs whose reciprocal is tiny, infinities and NaNs, both parities around 1), plus every exponent with
 * random fractions, both signs, the fraction bits below the table index random, and random MXCSR settings
 * (which the host ignores for these instructions: no flags, no #XM, no DAZ or FTZ effect).
 * <p>The emulator's rule (see SseArithReciprocal) was derived from, and checked against, this host over all
 * 2^32 inputs of both instructions under several MXCSR settings: bit-exact everywhere. This test keeps
 * checking the part of that space that exercises every table entry and every exponent path.
 */
class ReciprocalHostTest {
    private static final int[] EXPONENTS = {0, 1, 2, 3, 63, 64, 125, 126, 127, 128, 129, 130, 190, 251, 252, 253, 254, 255};
    private static final int RANDOM_FRACTIONS_PER_EXPONENT = 32;
    private static final byte[] RCPPS = {0x0f, 0x53, (byte) 0xca}, RSQRTPS = {0x0f, 0x52, (byte) 0xca};

    @Test
    void everyTableEntryMatchesTheHost() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "needs an x86-64 Linux host");
        assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains("GenuineIntel"),
                "RCPPS/RSQRTPS approximations are implementation-specific; the rule is the one Intel CPUs follow");
        SplittableRandom r = new SplittableRandom(0x5EC1_0001L);
        List<Integer> inputs = new ArrayList<>();
        for (int exponent : EXPONENTS) {
            for (int index = 0; index < 2048; index++) inputs.add(single(r, exponent, index << 12 | r.nextInt(1 << 12)));
        }
        for (int exponent = 0; exponent < 256; exponent++) {
            for (int n = 0; n < RANDOM_FRACTIONS_PER_EXPONENT; n++) inputs.add(single(r, exponent, r.nextInt(1 << 23)));
        }
        List<byte[]> codes = new ArrayList<>(), states = new ArrayList<>();
        for (byte[] code : new byte[][] {RCPPS, RSQRTPS}) {
            for (int at = 0; at < inputs.size(); at += 4) {
                byte[] state = new byte[STATE];
                for (int lane = 0; lane < 4; lane++) le(state).putInt(32 + 4 * lane, inputs.get(at + lane));
                le(state).putInt(MXCSR, r.nextInt(1 << 16));
                codes.add(code);
                states.add(state);
            }
        }

        List<byte[]> host = SseHarness.runNatively("reciprocals", codes, states);
        SseFpFixture f = new SseFpFixture();
        int mismatches = 0;
        String first = "";
        for (int n = 0; n < codes.size(); n++) {
            byte[] ours = SseHarness.runEmulated(f, codes.get(n), states.get(n));
            if (!Arrays.equals(ours, host.get(n))) {
                if (mismatches++ == 0) first = SseHarness.describe(codes.get(n), states.get(n), host.get(n), ours);
            }
        }
        assertEquals(0, mismatches, mismatches + " of " + codes.size() + " cases differ, the first:\n" + first);
    }

    private static int single(SplittableRandom r, int exponent, int fraction) {
        return (r.nextBoolean() ? 0x8000_0000 : 0) | exponent << 23 | fraction;
    }
}

package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.decode.OpcodeTable;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.multiverse.cpu.ssefp.SseHarness.MEMORY;
import static dev.multiverse.cpu.ssefp.SseHarness.MXCSR;
import static dev.multiverse.cpu.ssefp.SseHarness.RFLAGS;
import static dev.multiverse.cpu.ssefp.SseHarness.SIGFPE;
import static dev.multiverse.cpu.ssefp.SseHarness.SIGNAL;
import static dev.multiverse.cpu.ssefp.SseHarness.STATE;
import static dev.multiverse.cpu.ssefp.SseHarness.STATUS;
import static dev.multiverse.cpu.ssefp.SseHarness.le;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every SSE floating-point row against the host CPU: src/test/native/ssefpharness.c runs each generated
 * case (one instruction; XMM0-2, MM0-2, RAX, RCX, RDX, RFLAGS, MXCSR and 16 bytes of memory at RSI)
 * natively, the same bytes run here on the same state, and everything afterwards must agree: registers,
 * status flags, MXCSR, memory, whether the x87 unit switched to MMX mode, and whether the instruction
 * raised #XM (SIGFPE on the host) with the state it left. MXCSR is drawn with every rounding mode, DAZ and
 * FTZ, sticky flags already set, and often a random set of unmasked exceptions; operands come from
 * {@link FloatOperands}; the immediates of CMP, ROUND and DP are random bytes (so the legacy CMP
 * encodings' ignored bits 7-3 are covered). Register forms use xmm1/mm1/ecx and xmm2/mm2/edx, memory forms [rsi].
 */
class SseHostComparisonTest {
    private static final Set<String> MNEMONICS = Set.of(
            "addps", "addpd", "addss", "addsd", "subps", "subpd", "subss", "subsd",
            "mulps", "mulpd", "mulss", "mulsd", "divps", "divpd", "divss", "divsd",
            "sqrtps", "sqrtpd", "sqrtss", "sqrtsd", "minps", "minpd", "minss", "minsd",
            "maxps", "maxpd", "maxss", "maxsd", "rcpps", "rcpss", "rsqrtps", "rsqrtss",
            "cmpps", "cmppd", "cmpss", "cmpsd", "comiss", "ucomiss", "comisd", "ucomisd",
            "cvtpi2ps", "cvtps2pi", "cvttps2pi", "cvtsi2ss", "cvtss2si", "cvttss2si",
            "cvtpi2pd", "cvtpd2pi", "cvttpd2pi", "cvtsi2sd", "cvtsd2si", "cvttsd2si",
            "cvtdq2ps", "cvtps2dq", "cvttps2dq", "cvtpd2dq", "cvttpd2dq", "cvtdq2pd",
            "cvtps2pd", "cvtpd2ps", "cvtss2sd", "cvtsd2ss",
            "addsubps", "addsubpd", "haddps", "haddpd", "hsubps", "hsubpd",
            "roundps", "roundpd", "roundss", "roundsd", "dpps", "dppd");
    private static final int CASES_PER_FORM = 1000;
    private static final long SEED = 0x5EF9_0001L;

    /** One instruction encoding: its operand kind, and whether its last byte is an imm8 chosen per case. */
    private record Form(String mnemonic, byte[] code, FloatOperands.Kind kind, boolean imm) {
    }

    @Test
    void everyRowMatchesTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "needs an x86-64 Linux host");
        assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" sse4_1"), "needs a host with SSE4.1");

        SplittableRandom random = new SplittableRandom(SEED);
        FloatOperands operands = new FloatOperands(random);
        List<Form> caseForms = new ArrayList<>();
        List<byte[]> codes = new ArrayList<>(), states = new ArrayList<>();
        for (Form form : forms()) {
            for (int n = 0; n < CASES_PER_FORM; n++) {
                byte[] code = form.code.clone();
                if (form.imm) code[code.length - 1] = (byte) random.nextInt(256);
                caseForms.add(form);
                codes.add(code);
                states.add(state(random, operands, form));
            }
        }

        List<byte[]> host = SseHarness.runNatively("rows", codes, states);
        SseFpFixture f = new SseFpFixture();
        Map<String, Integer> mismatches = new TreeMap<>(), traps = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (int n = 0; n < codes.size(); n++) {
            byte[] ours = SseHarness.runEmulated(f, codes.get(n), states.get(n));
            byte[] theirs = host.get(n);
            String mnemonic = caseForms.get(n).mnemonic;
            if (le(theirs).getInt(SIGNAL) == SIGFPE) traps.merge(mnemonic, 1, Integer::sum);
            if (!Arrays.equals(ours, theirs)) {
                if (mismatches.merge(mnemonic, 1, Integer::sum) <= 2) examples.add(mnemonic + " " + SseHarness.describe(codes.get(n), states.get(n), theirs, ours));
            }
        }
        System.out.printf("%d SSE floating-point cases over %d mnemonics against the host, %d with #XM, %d mismatches%n",
                codes.size(), MNEMONICS.size(), traps.values().stream().mapToInt(Integer::intValue).sum(),
                mismatches.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(mismatches.isEmpty(), () -> "mismatches per mnemonic " + mismatches + " of " + codes.size() + " cases:\n"
                + String.join("\n", examples));
    }

    /** Register and memory forms of every row of the family, the general-register ones also with REX.W. */
    private static List<Form> forms() {
        List<Form> forms = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Row row : OpcodeTable.allRows()) {
            if (!MNEMONICS.contains(row.mnemonic())) continue;
            seen.add(row.mnemonic());
            boolean imm = row.operands().contains(OperandKind.Ib);
            boolean general = row.operands().contains(OperandKind.Ey) || row.operands().contains(OperandKind.Gy);
            for (int rexW = 0; rexW <= (general ? 1 : 0); rexW++) {
                for (int modrm : new int[] {0xca, 0x0e}) {
                    forms.add(new Form(row.mnemonic(), encode(row, rexW == 1, modrm), kind(row.mnemonic()), imm));
                }
            }
        }
        assertEquals(MNEMONICS, seen, "a row for every mnemonic");
        return forms;
    }

    /** What the source lanes hold: for conversions the type before the "2", else the PS/SS or PD/SD suffix. */
    private static FloatOperands.Kind kind(String mnemonic) {
        String type = mnemonic.startsWith("cvt") ? mnemonic.replaceFirst("^cvtt?", "").substring(0, 2)
                : mnemonic.substring(mnemonic.length() - 2);
        return switch (type) {
            case "ps", "ss" -> FloatOperands.Kind.F32;
            case "pd", "sd" -> FloatOperands.Kind.F64;
            case "si" -> FloatOperands.Kind.I64;
            default -> FloatOperands.Kind.I32;
        };
    }

    /** The row's bytes with ModRM {@code modrm}: the mandatory prefix, then REX. */
    private static byte[] encode(Row row, boolean rexW, int modrm) {
        ByteBuffer b = ByteBuffer.allocate(15);
        if (row.prefix() != 0) b.put((byte) row.prefix());
        if (rexW) b.put((byte) 0x48);
        b.put((byte) 0x0f);
        if (row.map() == 2) b.put((byte) 0x38);
        if (row.map() == 3) b.put((byte) 0x3a);
        b.put((byte) row.opcode()).put((byte) modrm);
        if (row.operands().contains(OperandKind.Ib)) b.put((byte) 0);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] state(SplittableRandom r, FloatOperands operands, Form form) {
        byte[] s = new byte[STATE];
        ByteBuffer b = le(s);
        FloatOperands.Kind kind = form.kind;
        long[] destination = {operands.word(kind), operands.word(kind)};
        for (int x = 0; x < 3; x++) {
            long low = x == 1 ? destination[0] : operands.relate(kind, operands.word(kind), destination[0]);
            long high = x == 1 ? destination[1] : operands.relate(kind, operands.word(kind), destination[1]);
            b.putLong(16 * x, low).putLong(16 * x + 8, high);
        }
        for (int m = 0; m < 3; m++) b.putLong(48 + 8 * m, operands.word(FloatOperands.Kind.I32));
        b.putLong(72, r.nextLong()).putLong(80, operands.int64()).putLong(88, operands.int64());
        b.putLong(RFLAGS, 2 | (r.nextInt() & STATUS));
        b.putInt(MXCSR, mxcsr(r));
        b.putLong(MEMORY, operands.relate(kind, operands.word(kind), destination[0]));
        b.putLong(MEMORY + 8, operands.relate(kind, operands.word(kind), destination[1]));
        return s;
    }

    /** Any rounding mode, DAZ and FTZ; sometimes flags already set; often some exceptions unmasked. */
    private static int mxcsr(SplittableRandom r) {
        int masks = r.nextInt(5) < 3 ? 0x3f : r.nextInt(64);
        int flags = r.nextInt(4) == 0 ? r.nextInt(64) : 0;
        return flags | masks << 7 | r.nextInt(4) << 13 | (r.nextBoolean() ? 0x40 : 0) | (r.nextBoolean() ? 0x8000 : 0);
    }
}

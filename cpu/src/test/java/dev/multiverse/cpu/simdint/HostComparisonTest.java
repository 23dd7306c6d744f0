package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.testing.NativePrograms;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.decode.OpcodeTable;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every row of the SIMD integer arithmetic, comparison, string-comparison and CRC32 family against the host
 * CPU: src/test/native/simdintharness.c runs each generated case (one instruction, XMM0-2, MM0-2, RAX, RCX,
 * RDX, RFLAGS and 16 bytes of memory at RSI) natively, the same bytes run here on the same state, and the
 * whole state afterwards must agree. Register forms use mm1/xmm1 and mm2/xmm2 (ecx and edx for CRC32),
 * memory forms [rsi]. Operands mix random bits with lane values at the saturation and sign boundaries; the
 * PCMPxSTRx cases use short alphabets with embedded zeros, every imm8 and lengths around and beyond the
 * element counts, negative and with upper bits that only REX.W reads.
 */
class HostComparisonTest {
    private static final Set<String> MNEMONICS = Set.of(
            "paddb", "paddw", "paddd", "paddq", "paddsb", "paddsw", "paddusb", "paddusw",
            "psubb", "psubw", "psubd", "psubq", "psubsb", "psubsw", "psubusb", "psubusw",
            "pmullw", "pmulhw", "pmulhuw", "pmuludq", "pmulld", "pmuldq", "pmaddwd", "pmaddubsw", "pmulhrsw",
            "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpeqq", "pcmpgtb", "pcmpgtw", "pcmpgtd", "pcmpgtq",
            "pminub", "pminsw", "pmaxub", "pmaxsw", "pminsb", "pminsd", "pminuw", "pminud",
            "pmaxsb", "pmaxsd", "pmaxuw", "pmaxud", "pavgb", "pavgw", "psadbw", "mpsadbw", "phminposuw",
            "pabsb", "pabsw", "pabsd", "psignb", "psignw", "psignd",
            "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw",
            "pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm", "crc32");
    private static final int CASES_PER_FORM = 300, STRING_CASES_PER_FORM = 5000;
    private static final int CODE = 16, STATE = 128, MEMORY = 112, RFLAGS = 96;
    private static final int STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;
    private static final int[] BYTES = {0x00, 0x01, 0x02, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};
    private static final int[] WORDS = {0x0000, 0x0001, 0x4000, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0xc000, 0xfffe, 0xffff};
    private static final long[] DWORDS = {0, 1, 0x7fff_ffffL, 0x8000_0000L, 0x8000_0001L, 0xffff_fffeL, 0xffff_ffffL, 0x0001_0000L};
    private static final int[] STRING_BYTES = {'a', 'b', 'c', 'z', 0x01, 0x7f, 0x80, 0xff};
    private static final int[] STRING_WORDS = {0x0061, 0x0062, 0x0063, 0x6100, 0x7fff, 0x8000, 0xffff, 0x0001};
    private static final long[] LENGTHS = {0x8000_0000L, Long.MIN_VALUE, 0xffff_ffffL, -1, -16, -17, 16, 17, 8, 9,
            0x1_0000_0010L, 0xffff_ffff_0000_0005L, 0x7fff_ffff_ffff_fff0L};

    /** One instruction encoding; {@code imm} if its last byte is an imm8 chosen per case. */
    private record Form(String mnemonic, byte[] code, boolean imm) {
    }

    @Test
    void everyRowMatchesTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "needs an x86-64 Linux host");
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        assumeTrue(cpuinfo.contains(" sse4_2") && cpuinfo.contains(" ssse3"), "needs a host with SSE4.2");

        List<Form> forms = forms();
        Random random = new Random(0x51AD_A217);
        List<Form> caseForms = new ArrayList<>();
        List<byte[]> codes = new ArrayList<>(), states = new ArrayList<>();
        for (Form form : forms) {
            boolean string = form.mnemonic.startsWith("pcmp") && form.mnemonic.contains("str");
            for (int n = 0; n < (string ? STRING_CASES_PER_FORM : CASES_PER_FORM); n++) {
                byte[] code = form.code.clone();
                if (form.imm) code[code.length - 1] = (byte) random.nextInt(256);
                caseForms.add(form);
                codes.add(code);
                states.add(string ? stringState(random, code[code.length - 1]) : state(random));
            }
        }

        List<byte[]> host = runNatively(codes, states);
        SimdIntFixture f = new SimdIntFixture();
        Map<String, Integer> mismatches = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (int n = 0; n < codes.size(); n++) {
            byte[] ours = runEmulated(f, codes.get(n), states.get(n));
            byte[] theirs = host.get(n);
            if (!Arrays.equals(ours, theirs)) {
                mismatches.merge(caseForms.get(n).mnemonic, 1, Integer::sum);
                if (examples.size() < 12) examples.add(describe(codes.get(n), states.get(n), theirs, ours));
            }
        }
        assertTrue(mismatches.isEmpty(), () -> "mismatches per mnemonic " + mismatches + " of " + codes.size() + " cases:\n"
                + String.join("\n", examples));
    }

    /** Register and memory forms of every row of the family (for CRC32 also with 66 and REX.W). */
    private static List<Form> forms() {
        List<Form> forms = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Row row : OpcodeTable.allRows()) {
            if (!MNEMONICS.contains(row.mnemonic())) continue;
            seen.add(row.mnemonic());
            boolean imm = row.operands().contains(OperandKind.Ib);
            // Size-selecting prefixes: CRC32's 16- and 64-bit forms, the 64-bit lengths of PCMPESTRx.
            int[][] variants = row.mnemonic().equals("crc32")
                    ? row.opcode() == 0xf0 ? new int[][] {{}, {0x48}} : new int[][] {{}, {0x48}, {0x66}}
                    : row.mnemonic().startsWith("pcmpestr") ? new int[][] {{}, {0x48}} : new int[][] {{}};
            for (int[] prefixes : variants) {
                forms.add(new Form(row.mnemonic(), encode(row, prefixes, 0xca), imm));
                forms.add(new Form(row.mnemonic(), encode(row, prefixes, 0x0e), imm));
            }
        }
        assertEquals(MNEMONICS, seen, "a row for every mnemonic");
        return forms;
    }

    /** The row's bytes with ModRM {@code modrm}: 66 goes before the mandatory prefix, REX after it. */
    private static byte[] encode(Row row, int[] extra, int modrm) {
        ByteBuffer b = ByteBuffer.allocate(15);
        for (int p : extra) if (p == 0x66) b.put((byte) p);
        if (row.prefix() != 0) b.put((byte) row.prefix());
        for (int p : extra) if (p != 0x66) b.put((byte) p);
        b.put((byte) 0x0f);
        if (row.map() == 2) b.put((byte) 0x38);
        if (row.map() == 3) b.put((byte) 0x3a);
        b.put((byte) row.opcode()).put((byte) modrm);
        if (row.operands().contains(OperandKind.Ib)) b.put((byte) 0);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Random registers, flags and memory; vectors from random bits or from boundary lane values. */
    private static byte[] state(Random r) {
        byte[] s = new byte[STATE];
        ByteBuffer b = le(s);
        long[][] vectors = new long[4][];
        for (int v = 0; v < 4; v++) vectors[v] = vector(r);
        if (r.nextInt(5) == 0) {
            // Equal operands (with perhaps one lane changed) for the equality comparisons.
            vectors[2] = vectors[1].clone();
            vectors[3] = vectors[1].clone();
            if (r.nextBoolean()) vectors[2][r.nextInt(2)] ^= 1L << r.nextInt(64);
        }
        for (int x = 0; x < 3; x++) b.putLong(16 * x, vectors[x][0]).putLong(16 * x + 8, vectors[x][1]);
        for (int m = 0; m < 3; m++) b.putLong(48 + 8 * m, vectors[m][r.nextInt(2)]);
        b.putLong(72, r.nextLong()).putLong(80, r.nextLong()).putLong(88, r.nextLong());
        b.putLong(RFLAGS, 2 | (r.nextInt() & STATUS));
        b.putLong(MEMORY, vectors[3][0]).putLong(MEMORY + 8, vectors[3][1]);
        return s;
    }

    private static long[] vector(Random r) {
        long[] v = new long[2];
        for (int half = 0; half < 2; half++) {
            long x = 0;
            switch (r.nextInt(4)) {
                case 0 -> x = r.nextLong();
                case 1 -> {
                    for (int k = 0; k < 8; k++) x |= (long) BYTES[r.nextInt(BYTES.length)] << 8 * k;
                }
                case 2 -> {
                    for (int k = 0; k < 4; k++) x |= (long) WORDS[r.nextInt(WORDS.length)] << 16 * k;
                }
                default -> x = DWORDS[r.nextInt(DWORDS.length)] | DWORDS[r.nextInt(DWORDS.length)] << 32;
            }
            v[half] = x;
        }
        return v;
    }

    /** Strings over a short alphabet (in the imm8's element size), zeros sprinkled in, lengths near the limits. */
    private static byte[] stringState(Random r, byte control) {
        byte[] s = state(r);
        ByteBuffer b = le(s);
        boolean words = (control & 1) != 0;
        for (int at : new int[] {16, 32, MEMORY}) {
            int zeroChance = r.nextInt(4) == 0 ? 0 : 4 + r.nextInt(24);
            for (int k = 0; k < (words ? 8 : 16); k++) {
                boolean zero = zeroChance != 0 && r.nextInt(zeroChance) == 0;
                if (words) b.putShort(at + 2 * k, (short) (zero ? 0 : STRING_WORDS[r.nextInt(STRING_WORDS.length)]));
                else b.put(at + k, (byte) (zero ? 0 : STRING_BYTES[r.nextInt(STRING_BYTES.length)]));
            }
        }
        b.putLong(72, length(r)).putLong(88, length(r));
        return s;
    }

    private static long length(Random r) {
        return switch (r.nextInt(5)) {
            case 0, 1, 2 -> r.nextInt(41) - 20;
            case 3 -> (long) r.nextInt() << 32 | r.nextInt(18);
            default -> LENGTHS[r.nextInt(LENGTHS.length)];
        };
    }

    private static byte[] runEmulated(SimdIntFixture f, byte[] code, byte[] state) {
        Cpu cpu = f.cpu;
        ByteBuffer in = le(state);
        for (int x = 0; x < 3; x++) f.xmm(x, in.getLong(16 * x), in.getLong(16 * x + 8));
        for (int m = 0; m < 3; m++) cpu.x87.setMmx(m, in.getLong(48 + 8 * m));
        cpu.gpr[Cpu.RAX] = in.getLong(72);
        cpu.gpr[Cpu.RCX] = in.getLong(80);
        cpu.gpr[Cpu.RDX] = in.getLong(88);
        cpu.gpr[Cpu.RSI] = SimdIntFixture.DATA;
        cpu.flags.put(in.getLong(RFLAGS));
        f.poke(SimdIntFixture.DATA, 8, in.getLong(MEMORY));
        f.poke(SimdIntFixture.DATA + 8, 8, in.getLong(MEMORY + 8));
        byte[] program = Arrays.copyOf(code, code.length + 1);
        program[code.length] = (byte) 0xf4;
        StopReason stop = f.t.run(SimdIntFixture.CODE, program, 10);
        byte[] out = new byte[STATE];
        if (stop != StopReason.HALTED || cpu.rip != SimdIntFixture.CODE + program.length) return out;   // a fault: all zero
        ByteBuffer b = le(out);
        for (int x = 0; x < 3; x++) b.putLong(16 * x, f.low(x)).putLong(16 * x + 8, f.high(x));
        for (int m = 0; m < 3; m++) b.putLong(48 + 8 * m, cpu.x87.mmx(m));
        b.putLong(72, cpu.gpr[Cpu.RAX]).putLong(80, cpu.gpr[Cpu.RCX]).putLong(88, cpu.gpr[Cpu.RDX]);
        b.putLong(RFLAGS, 2 | (cpu.flags.get() & STATUS));
        b.putLong(MEMORY, f.peek(SimdIntFixture.DATA, 8)).putLong(MEMORY + 8, f.peek(SimdIntFixture.DATA + 8, 8));
        return out;
    }

    private static List<byte[]> runNatively(List<byte[]> codes, List<byte[]> states) throws Exception {
        Path buildDir = Path.of(HostComparisonTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path dir = Files.createDirectories(buildDir.resolve("simdintharness"));
        Path source = buildDir.getParent().resolve("src/test/native/simdintharness.c");
        Path exe = NativePrograms.build(source, dir, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror");

        ByteBuffer file = ByteBuffer.allocate(codes.size() * (CODE + STATE));
        for (int n = 0; n < codes.size(); n++) {
            byte[] code = codes.get(n);
            file.put((byte) code.length).put(code).put(new byte[CODE - 1 - code.length]).put(states.get(n));
        }
        byte[] all = NativePrograms.exchange(exe, dir, "cases", file.array());
        assertEquals(codes.size() * STATE, all.length, "one outcome per case");
        List<byte[]> out = new ArrayList<>(codes.size());
        for (int n = 0; n < codes.size(); n++) {
            byte[] s = Arrays.copyOfRange(all, n * STATE, (n + 1) * STATE);
            ByteBuffer b = le(s);
            b.putLong(RFLAGS, 2 | (b.getLong(RFLAGS) & STATUS));
            out.add(s);
        }
        return out;
    }

    private static String describe(byte[] code, byte[] state, byte[] host, byte[] ours) {
        HexFormat hex = HexFormat.of();
        return "[" + hex.formatHex(code) + "]\n  in:   " + layout(state) + "\n  host: " + layout(host) + "\n  ours: " + layout(ours);
    }

    /** The state as named 64-bit fields (XMM as high:low). */
    private static String layout(byte[] state) {
        ByteBuffer b = le(state);
        StringBuilder sb = new StringBuilder();
        for (int x = 0; x < 3; x++) sb.append(String.format("xmm%d=%016x:%016x ", x, b.getLong(16 * x + 8), b.getLong(16 * x)));
        for (int m = 0; m < 3; m++) sb.append(String.format("mm%d=%016x ", m, b.getLong(48 + 8 * m)));
        sb.append(String.format("rax=%x rcx=%x rdx=%x fl=%x mem=%016x:%016x", b.getLong(72), b.getLong(80), b.getLong(88),
                b.getLong(RFLAGS), b.getLong(MEMORY + 8), b.getLong(MEMORY)));
        return sb.toString();
    }
}

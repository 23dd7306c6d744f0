package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.testing.NativePrograms;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.flags.Flags;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs single instructions on the host CPU (src/test/native/ssefpharness.c, built with gcc) and in the
 * emulator from the same state, in the harness's state layout: XMM0-2, MM0-2, RAX, RCX, RDX, RFLAGS,
 * MXCSR, the signal an exception raised (SIGFPE for #XM), the abridged x87 tag word (which shows a switch
 * to MMX mode) and 16 bytes of memory at RSI. Register forms are meant to use xmm1/mm1/ecx and
 * xmm2/mm2/edx, memory forms [rsi].
 */
final class SseHarness {
    static final int CODE = 16, STATE = 144, RFLAGS = 96, MXCSR = 104, SIGNAL = 108, TAGS = 112, MEMORY = 128;
    static final int STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;
    static final int SIGILL = 4, SIGFPE = 8, SIGSEGV = 11;

    private SseHarness() {
    }

    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] runEmulated(SseFpFixture f, byte[] code, byte[] state) {
        Cpu cpu = f.cpu;
        ByteBuffer in = le(state);
        for (int x = 0; x < 3; x++) f.xmm(x, in.getLong(16 * x), in.getLong(16 * x + 8));
        for (int m = 0; m < 3; m++) cpu.x87.setMmx(m, in.getLong(48 + 8 * m));
        cpu.x87.init();
        cpu.gpr[Cpu.RAX] = in.getLong(72);
        cpu.gpr[Cpu.RCX] = in.getLong(80);
        cpu.gpr[Cpu.RDX] = in.getLong(88);
        cpu.gpr[Cpu.RSI] = SseFpFixture.DATA;
        cpu.gpr[Cpu.RSP] = SseFpFixture.STACK;
        cpu.flags.put(in.getLong(RFLAGS));
        cpu.mxcsr = in.getInt(MXCSR);
        f.poke(SseFpFixture.DATA, 8, in.getLong(MEMORY));
        f.poke(SseFpFixture.DATA + 8, 8, in.getLong(MEMORY + 8));
        byte[] program = Arrays.copyOf(code, code.length + 1);
        program[code.length] = (byte) 0xf4;
        StopReason stop = f.t.run(SseFpFixture.CODE, program, 10);
        byte[] out = new byte[STATE];
        ByteBuffer b = le(out);
        if (stop != StopReason.HALTED) return out;
        for (int x = 0; x < 3; x++) b.putLong(16 * x, f.low(x)).putLong(16 * x + 8, f.high(x));
        for (int m = 0; m < 3; m++) b.putLong(48 + 8 * m, cpu.x87.mmx(m));
        b.putLong(72, cpu.gpr[Cpu.RAX]).putLong(80, cpu.gpr[Cpu.RCX]).putLong(88, cpu.gpr[Cpu.RDX]);
        b.putLong(RFLAGS, 2 | (cpu.flags.get() & STATUS));
        b.putInt(MXCSR, cpu.mxcsr);
        b.putInt(SIGNAL, cpu.rip == SseFpFixture.CODE + program.length ? 0 : signal(cpu.rip - 1 - SseFpFixture.HANDLERS));
        b.putInt(TAGS, cpu.x87.abridgedTag());
        b.putLong(MEMORY, f.peek(SseFpFixture.DATA, 8)).putLong(MEMORY + 8, f.peek(SseFpFixture.DATA + 8, 8));
        return out;
    }

    /** The host signal an exception vector becomes (from the offset of the HLT it reached). */
    private static int signal(long handlerOffset) {
        return switch ((int) (handlerOffset / 16)) {
            case 19 -> SIGFPE;
            case 6 -> SIGILL;
            case 13, 14 -> SIGSEGV;
            default -> -1;
        };
    }

    /** Runs the cases on the host; {@code label} names the files they are exchanged through. */
    static List<byte[]> runNatively(String label, List<byte[]> codes, List<byte[]> states) throws Exception {
        Path buildDir = Path.of(SseHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path dir = Files.createDirectories(buildDir.resolve("ssefpharness"));
        Path source = buildDir.getParent().resolve("src/test/native/ssefpharness.c");
        Path exe = NativePrograms.build(source, dir, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror");

        ByteBuffer file = ByteBuffer.allocate(codes.size() * (CODE + STATE));
        for (int n = 0; n < codes.size(); n++) {
            byte[] code = codes.get(n);
            file.put((byte) code.length).put(code).put(new byte[CODE - 1 - code.length]).put(states.get(n));
        }
        byte[] all = NativePrograms.exchange(exe, dir, label, file.array());
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

    static String describe(byte[] code, byte[] state, byte[] host, byte[] ours) {
        return "[" + HexFormat.of().formatHex(code) + "]\n  in:   " + layout(state) + "\n  host: " + layout(host) + "\n  ours: " + layout(ours);
    }

    /** The state as named fields (XMM as high:low). */
    private static String layout(byte[] state) {
        ByteBuffer b = le(state);
        StringBuilder sb = new StringBuilder();
        for (int x = 0; x < 3; x++) sb.append(String.format("xmm%d=%016x:%016x ", x, b.getLong(16 * x + 8), b.getLong(16 * x)));
        for (int m = 0; m < 3; m++) sb.append(String.format("mm%d=%016x ", m, b.getLong(48 + 8 * m)));
        sb.append(String.format("rax=%x rcx=%x rdx=%x fl=%x mxcsr=%04x sig=%d ftw=%02x mem=%016x:%016x", b.getLong(72), b.getLong(80),
                b.getLong(88), b.getLong(RFLAGS), b.getInt(MXCSR), b.getInt(SIGNAL), b.getInt(TAGS), b.getLong(MEMORY + 8), b.getLong(MEMORY)));
        return sb.toString();
    }
}

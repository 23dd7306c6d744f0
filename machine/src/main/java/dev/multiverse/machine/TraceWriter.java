package dev.multiverse.machine;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.Interpreter;
import dev.multiverse.cpu.disasm.Disassembler;
import dev.multiverse.cpu.insn.Insn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes one line per executed instruction:
 * {@code core rip  bytes  disassembly  reg=value...}, where the registers listed are those the instruction
 * changed (general registers and RFLAGS) with their new values, all in hex.
 */
public final class TraceWriter implements Interpreter.Tracer {
    private static final String[] GPR_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final int BYTES_COLUMN = 3 * 15;
    private static final int DISASSEMBLY_COLUMN = 40;

    private final Writer out;
    private final StringBuilder line = new StringBuilder(160);

    public TraceWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void executed(Cpu cpu, Insn insn, long rip, long[] gprBefore, long flagsBefore) {
        line.setLength(0);
        line.append(cpu.id).append(' ').append(String.format("%016x", rip)).append("  ");
        int mark = line.length();
        for (byte b : insn.bytes) {
            line.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16)).append(' ');
        }
        pad(mark + BYTES_COLUMN);
        mark = line.length();
        line.append(Disassembler.format(insn, rip));
        int changesAt = line.length();
        pad(mark + DISASSEMBLY_COLUMN);
        boolean any = false;
        for (int r = 0; r < 16; r++) {
            if (cpu.gpr[r] != gprBefore[r]) {
                line.append(' ').append(GPR_NAMES[r]).append("=0x").append(Long.toHexString(cpu.gpr[r]));
                any = true;
            }
        }
        long flags = cpu.flags.get();
        if (flags != flagsBefore) {
            line.append(" rflags=0x").append(Long.toHexString(flags));
            any = true;
        }
        if (!any) line.setLength(changesAt);
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace", e);
        }
    }

    private void pad(int column) {
        do {
            line.append(' ');
        } while (line.length() < column);
    }
}

package dev.multiverse.cpu;

import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;

/**
 * A bare core for unit tests: 1 MiB of RAM, paging off, flat segments, CPL 0, in the requested code size.
 * (64-bit code without paging is not an architectural state, but it lets tests run 64-bit instructions
 * on identity-mapped low memory.)
 */
public final class TestCpu {
    public final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    public final PortBus ports = new PortBus();
    public final Cpu cpu = new Cpu(0, new Mmu(memory), ports);
    public final Interpreter interpreter = new Interpreter(cpu);

    public TestCpu(int codeSize) {
        java.util.Arrays.fill(cpu.gpr, 0);   // tests start from zeroed registers, not RESET's EDX signature
        cpu.cr0 |= Cpu.CR0_PE;
        int code = Segment.P | Segment.S | 0xb;
        int data = Segment.P | Segment.S | 0x3;
        for (int s = 0; s < 6; s++) {
            cpu.seg[s].load(0x10, 0, 0xffff_ffffL, data | Segment.DB | Segment.G);
        }
        switch (codeSize) {
            case 3 -> {
                cpu.efer |= Cpu.EFER_LMA | Cpu.EFER_LME;
                cpu.seg[Insn.CS].load(0x8, 0, 0xffff_ffffL, code | Segment.L | Segment.G);
            }
            case 2 -> cpu.seg[Insn.CS].load(0x8, 0, 0xffff_ffffL, code | Segment.DB | Segment.G);
            default -> {
                cpu.cr0 &= ~Cpu.CR0_PE;
                for (int s = 0; s < 6; s++) cpu.seg[s].load(0, 0, 0xffff, data);
                cpu.seg[Insn.CS].load(0, 0, 0xffff, code);
            }
        }
        cpu.updateCodeSize();
    }

    /** Places {@code code} at {@code address}, points RIP at it and runs until HLT or {@code max} instructions. */
    public StopReason run(long address, byte[] code, long max) {
        memory.load(address, code);
        cpu.rip = address;
        cpu.halted = false;
        return interpreter.run(max);
    }

    public static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }
}

package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.state.X87;
import dev.multiverse.cpu.testing.TrapMachine;

/**
 * A {@link TrapMachine} for x87 tests, in the state FNINIT leaves, with CR0.NE set (native #MF reporting):
 * RDI points at a scratch buffer at {@link #MEMORY} when code runs. Register values are written as
 * {@code "sign-exponent:significand"} in hex, as the SDM draws them.
 */
final class X87Fixture {
    static final long CODE = TrapMachine.CODE, MEMORY = TrapMachine.DATA, STACK = TrapMachine.STACK,
            HANDLERS = TrapMachine.HANDLERS;
    /** The vector of the external interrupt tests raise. */
    static final int INTERRUPT = 0x20;

    private final TrapMachine m = new TrapMachine();
    final TestCpu t = m.t;
    final Cpu cpu = m.cpu;
    final X87 f = cpu.x87;

    X87Fixture() {
        cpu.cr0 |= Cpu.CR0_NE;
        f.init();
    }

    static Float80 value(String text) {
        String[] parts = text.split(":");
        return new Float80(Integer.parseInt(parts[0], 16), Long.parseUnsignedLong(parts[1], 16));
    }

    /** Pushes values so that the first one given ends up as ST(0). */
    X87Fixture stack(String... values) {
        for (int k = values.length - 1; k >= 0; k--) f.push(value(values[k]));
        return this;
    }

    X87Fixture control(int fcw) {
        f.control = fcw;
        f.updateErrorSummary();
        return this;
    }

    /**
     * Runs instructions (hex, spaces allowed) to the HLT after them, or to an exception handler's HLT.
     * Returns the vector delivered, or -1 if the code ran to its end.
     */
    int run(String hex) {
        return run(TrapMachine.hex(hex));
    }

    int run(byte[] insn) {
        cpu.gpr[Cpu.RDI] = MEMORY;
        return m.execute(insn, 1000);
    }

    /** The RIP an exception handler's frame saved: the instruction that faulted. */
    long faultingRip() {
        return peek(cpu.gpr[Cpu.RSP], 8);
    }

    String st(int i) {
        Float80 v = f.st(i);
        return String.format("%04x:%016x", v.signExponent(), v.significand());
    }

    int conditionCodes() {
        return f.status & (X87.STATUS_C3 | X87.STATUS_C2 | X87.STATUS_C1 | X87.STATUS_C0);
    }

    void poke(long address, int size, long value) {
        cpu.mmu.write(address, size, value, false);
    }

    long peek(long address, int size) {
        return cpu.mmu.read(address, size, false);
    }
}

package dev.multiverse.cli.gdb;

import java.util.HashSet;
import java.util.Set;

/**
 * An in-memory machine for the protocol tests: cores with a register file of raw bytes, 4 KiB of memory at
 * 0x1000 (everything else faults), and a tiny instruction set so that running has observable effects:
 * 0x90 advances one byte, 0xEB spins in place, 0xA2 writes the low byte of rax to [rbx] (one byte long),
 * 0xF4 ends the run with rax's low byte as the exit status.
 */
final class FakeTarget implements GdbTarget {
    static final long BASE = 0x1000;
    final byte[] memory = new byte[4096];
    final byte[][][] registers;
    final Set<String> points = new HashSet<>();
    volatile boolean interruptRequested;
    volatile boolean spinning;
    boolean detached;

    FakeTarget(int cores) {
        registers = new byte[cores][X86Registers.ALL.size()][];
        for (byte[][] core : registers) {
            for (X86Registers.Register r : X86Registers.ALL) {
                core[r.number()] = new byte[r.bytes()];
            }
        }
    }

    long reg(int core, int register) {
        long v = 0;
        byte[] b = registers[core][register];
        for (int i = Math.min(8, b.length) - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    void setReg(int core, int register, long value) {
        byte[] b = registers[core][register];
        for (int i = 0; i < Math.min(8, b.length); i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public int cores() {
        return registers.length;
    }

    @Override
    public String coreName(int core) {
        return "core " + core + " <fake>";
    }

    @Override
    public byte[] readRegister(int core, int register) {
        return registers[core][register].clone();
    }

    @Override
    public boolean writeRegister(int core, int register, byte[] value) {
        if (register >= X86Registers.CS && register <= X86Registers.GS) {
            return false; // as the real machine: selectors are not set without loading a descriptor
        }
        registers[core][register] = value.clone();
        return true;
    }

    @Override
    public byte[] readMemory(int core, long address, int length) {
        long start = Math.max(address, BASE);
        if (address < BASE || address >= BASE + memory.length) {
            return new byte[0];
        }
        int n = (int) Math.min(length, BASE + memory.length - start);
        return java.util.Arrays.copyOfRange(memory, (int) (start - BASE), (int) (start - BASE) + n);
    }

    @Override
    public boolean writeMemory(int core, long address, byte[] bytes) {
        if (address < BASE || address + bytes.length > BASE + memory.length) {
            return false;
        }
        System.arraycopy(bytes, 0, memory, (int) (address - BASE), bytes.length);
        return true;
    }

    @Override
    public boolean insertPoint(PointKind kind, long address, int length) {
        return points.add(kind + "@" + address);
    }

    @Override
    public boolean removePoint(PointKind kind, long address, int length) {
        return points.remove(kind + "@" + address);
    }

    @Override
    public TargetStop step(int core) {
        TargetStop e = execute(core);
        return e != null ? e : TargetStop.of(TargetStop.Reason.STEPPED, core);
    }

    @Override
    public TargetStop resume() {
        boolean first = true;
        while (true) {
            long rip = reg(0, X86Registers.RIP);
            if (!first) {
                if (points.contains(PointKind.SOFTWARE + "@" + rip)) {
                    return TargetStop.of(TargetStop.Reason.SOFTWARE_BREAKPOINT, 0);
                }
                if (points.contains(PointKind.HARDWARE + "@" + rip)) {
                    return TargetStop.of(TargetStop.Reason.HARDWARE_BREAKPOINT, 0);
                }
            }
            if (interruptRequested) {
                interruptRequested = false;
                return TargetStop.of(TargetStop.Reason.INTERRUPTED, 0);
            }
            first = false;
            TargetStop e = execute(0);
            if (e != null) {
                return e;
            }
        }
    }

    private TargetStop execute(int core) {
        long rip = reg(core, X86Registers.RIP);
        byte[] op = readMemory(core, rip, 1);
        int opcode = op.length == 0 ? 0x90 : op[0] & 0xff;
        switch (opcode) {
            case 0xf4 -> {
                return TargetStop.exited((int) reg(core, X86Registers.RAX) & 0xff);
            }
            case 0xeb -> {
                spinning = true;
                Thread.onSpinWait();
                return null;
            }
            case 0xa2 -> {
                long to = reg(core, 1); // rbx in gdb numbering
                writeMemory(core, to, new byte[] {(byte) reg(core, X86Registers.RAX)});
                setReg(core, X86Registers.RIP, rip + 1);
                if (points.contains(PointKind.WRITE + "@" + to)) {
                    return TargetStop.watchpoint(core, PointKind.WRITE, to);
                }
                return null;
            }
            default -> {
                setReg(core, X86Registers.RIP, rip + 1);
                return null;
            }
        }
    }

    @Override
    public void interrupt() {
        interruptRequested = true;
    }

    @Override
    public void detach() {
        detached = true;
    }
}

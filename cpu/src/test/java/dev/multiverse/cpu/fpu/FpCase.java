package dev.multiverse.cpu.fpu;

/**
 * One operation run on the host FPU and on the soft-float core: the x87 control word or MXCSR, the
 * ROUNDSS/ROUNDSD immediate, and up to two operands as the bytes of their memory image (an 80-bit value
 * or packed BCD has bytes 8-9 in {@code aHigh}/{@code bHigh}).
 */
record FpCase(HostOp op, int control, int imm, long a, int aHigh, long b, int bHigh) {
    Float80 a80() {
        return new Float80(aHigh, a);
    }

    Float80 b80() {
        return new Float80(bHigh, b);
    }

    String describe() {
        StringBuilder s = new StringBuilder(String.format("%-11s %s", op, controlText()));
        if (op.unit() == FpEnv.Unit.SSE && (op == HostOp.ROUNDSS || op == HostOp.ROUNDSD)) s.append(String.format(" imm=%x", imm));
        s.append("  a=").append(op.a().render(a, aHigh));
        if (op.b() != Shape.NONE) s.append("  b=").append(op.b().render(b, bHigh));
        return s.toString();
    }

    private String controlText() {
        String[] rc = {"nearest", "down", "up", "zero"};
        if (op.unit() == FpEnv.Unit.X87) {
            return String.format("FCW=%04x (RC=%s PC=%s masks=%02x)", control, rc[(control >> 10) & 3],
                    new String[] {"24", "reserved", "53", "64"}[(control >> 8) & 3], control & 0x3f);
        }
        return String.format("MXCSR=%08x (RC=%s%s%s masks=%02x)", control, rc[(control >> 13) & 3],
                (control & 0x40) != 0 ? " DAZ" : "", (control & 0x8000) != 0 ? " FTZ" : "", (control >> 7) & 0x3f);
    }
}

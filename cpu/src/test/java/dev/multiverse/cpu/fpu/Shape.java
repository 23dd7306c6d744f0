package dev.multiverse.cpu.fpu;

/** The kind of an operand or result of a host case: how many bits of it count and how it reads. */
enum Shape {
    E80, F32, F64, I16, I32, I64, BCD, NONE;

    /** Whether two values agree in the bits this shape has. */
    boolean same(long lo1, int hi1, long lo2, int hi2) {
        return switch (this) {
            case E80, BCD -> lo1 == lo2 && (hi1 & 0xffff) == (hi2 & 0xffff);
            case F32, I32 -> (int) lo1 == (int) lo2;
            case I16 -> (short) lo1 == (short) lo2;
            case F64, I64 -> lo1 == lo2;
            case NONE -> true;
        };
    }

    String render(long lo, int hi) {
        return switch (this) {
            case E80 -> String.format("%04x:%016x", hi & 0xffff, lo);
            case BCD -> String.format("bcd %04x%016x", hi & 0xffff, lo);
            case F32 -> String.format("%08x (%s)", (int) lo, Float.intBitsToFloat((int) lo));
            case F64 -> String.format("%016x (%s)", lo, Double.longBitsToDouble(lo));
            case I16 -> String.format("%04x", lo & 0xffff);
            case I32 -> String.format("%08x", lo & 0xffff_ffffL);
            case I64 -> String.format("%016x", lo);
            case NONE -> "-";
        };
    }
}

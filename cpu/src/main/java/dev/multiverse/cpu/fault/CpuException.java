package dev.multiverse.cpu.fault;

/**
 * An architectural exception raised while executing an instruction (#DE, #UD, #GP, ...). Stackless: it
 * is control flow inside the emulator and is always delivered to the guest, never to the user.
 */
public final class CpuException extends RuntimeException {
    public static final int DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8, TS = 10,
            NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18, XM = 19;

    public final int vector;
    /** The error code, or -1 for vectors that push none. */
    public final int errorCode;

    private CpuException(int vector, int errorCode) {
        super(null, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
    }

    public static CpuException of(int vector) {
        return new CpuException(vector, -1);
    }

    public static CpuException of(int vector, int errorCode) {
        return new CpuException(vector, errorCode);
    }

    public static CpuException ud() {
        return of(UD);
    }

    public static CpuException gp(int errorCode) {
        return of(GP, errorCode);
    }

    public static boolean pushesErrorCode(int vector) {
        return vector == DF || (vector >= TS && vector <= PF) || vector == AC;
    }

    public static String mnemonic(int vector) {
        return switch (vector) {
            case DE -> "#DE"; case DB -> "#DB"; case NMI -> "NMI"; case BP -> "#BP"; case OF -> "#OF";
            case BR -> "#BR"; case UD -> "#UD"; case NM -> "#NM"; case DF -> "#DF"; case TS -> "#TS";
            case NP -> "#NP"; case SS -> "#SS"; case GP -> "#GP"; case PF -> "#PF"; case MF -> "#MF";
            case AC -> "#AC"; case MC -> "#MC"; case XM -> "#XM";
            default -> "vector " + vector;
        };
    }

    @Override
    public String getMessage() {
        return mnemonic(vector) + (errorCode != -1 ? String.format("(0x%x)", errorCode) : "");
    }
}

package dev.multiverse.cpu.state;

/**
 * The one place that says what this CPU claims to be. A feature bit is set only when the emulator
 * implements the feature completely; everything else reads as zero.
 */
public final class CpuidModel {
    static final int MAX_BASIC = 0x7;
    static final int MAX_EXTENDED = 0x8000_0008;
    /** Family 6, model 0x2a (the vendor's extended-model encoding), stepping 7. */
    static final int SIGNATURE = 0x0002_06a7;
    static final String VENDOR = "GenuineIntel";
    static final String BRAND = "Multiverse x86-64 emulator";

    // CPUID.1:EDX
    static final int PSE = 1 << 3, TSC = 1 << 4, MSR = 1 << 5, PAE = 1 << 6, CX8 = 1 << 8, PGE = 1 << 13,
            CMOV = 1 << 15, PAT = 1 << 16, PSE36 = 1 << 17;
    // CPUID.1:ECX
    static final int CX16 = 1 << 13, POPCNT = 1 << 23;
    // CPUID.80000001:EDX and ECX
    static final int NX = 1 << 20, PAGE1GB = 1 << 26, LM = 1 << 29;
    static final int LAHF_LM = 1, ABM = 1 << 5;

    private CpuidModel() {
    }

    /** EAX, EBX, ECX, EDX for leaf {@code eax} / sub-leaf {@code ecx} on core {@code apicId}. */
    public static int[] query(int eax, int ecx, int apicId) {
        if (Integer.compareUnsigned(eax, 0x8000_0000) >= 0) {
            if (Integer.compareUnsigned(eax, MAX_EXTENDED) > 0) {
                eax = MAX_BASIC;   // out of range: Intel CPUs answer with the highest basic leaf
            } else {
                return extended(eax);
            }
        } else if (eax > MAX_BASIC) {
            eax = MAX_BASIC;
        }
        return switch (eax) {
            case 0 -> {
                int[] v = string(VENDOR, 0);
                yield new int[]{MAX_BASIC, v[0], v[2], v[1]};   // EBX, EDX, ECX spell the vendor
            }
            case 1 -> new int[]{SIGNATURE, apicId << 24, CX16 | POPCNT,
                    PSE | TSC | MSR | PAE | CX8 | PGE | CMOV | PAT | PSE36};
            default -> new int[4];   // leaves 2..7: no cache descriptors, no structured extended features yet
        };
    }

    private static int[] extended(int eax) {
        return switch (eax) {
            case 0x8000_0000 -> new int[]{MAX_EXTENDED, 0, 0, 0};
            case 0x8000_0001 -> new int[]{0, 0, LAHF_LM | ABM, NX | PAGE1GB | LM};
            case 0x8000_0002, 0x8000_0003, 0x8000_0004 -> string(BRAND, (eax - 0x8000_0002) * 16);
            case 0x8000_0008 -> new int[]{48 << 8 | dev.multiverse.mmu.Mmu.MAX_PHYS_BITS, 0, 0, 0};
            default -> new int[4];
        };
    }

    /** Four little-endian dwords of {@code s} from {@code offset}, NUL-padded (48-byte brand, 12-byte vendor). */
    private static int[] string(String s, int offset) {
        int[] out = new int[4];
        for (int i = 0; i < 16; i++) {
            int at = offset + i;
            int ch = at < s.length() ? s.charAt(at) : 0;
            out[i / 4] |= ch << (8 * (i % 4));
        }
        return out;
    }
}

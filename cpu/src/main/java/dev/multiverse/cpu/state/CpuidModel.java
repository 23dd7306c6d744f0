package dev.multiverse.cpu.state;

/**
 * The one place that says what this CPU claims to be. A feature bit is set only when the emulator
 * implements the feature completely; everything else reads as zero.
 */
public final class CpuidModel {
    static final int MAX_BASIC = 0xd;
    static final int MAX_EXTENDED = 0x8000_0008;
    /** Family 6, model 0x2a (the vendor's extended-model encoding), stepping 7. */
    public static final int SIGNATURE = 0x0002_06a7;
    static final String VENDOR = "GenuineIntel";
    static final String BRAND = "Multiverse x86-64 emulator";

    // CPUID.1:EDX
    static final int FPU = 1, PSE = 1 << 3, TSC = 1 << 4, MSR = 1 << 5, PAE = 1 << 6, CX8 = 1 << 8, APIC = 1 << 9, SEP = 1 << 11,
            MTRR = 1 << 12, PGE = 1 << 13, CMOV = 1 << 15, PAT = 1 << 16, PSE36 = 1 << 17, CLFSH = 1 << 19, MMX = 1 << 23, FXSR = 1 << 24,
            SSE = 1 << 25, SSE2 = 1 << 26;
    /** CPUID.1:EBX[15:8]: the CLFLUSH line size in 8-byte units (64 bytes). */
    static final int CLFLUSH_LINE = 8;
    // CPUID.7.0:EBX (public: the instructions of these features raise #UD unless advertised)
    public static final int SMEP = 1 << 7, INVPCID = 1 << 10, SMAP = 1 << 20;
    static final int LEAF7_EBX = SMEP | INVPCID | SMAP;
    // CPUID.7.0:ECX
    static final int RDPID = 1 << 22;
    // CPUID.1:ECX
    static final int SSE3 = 1, SSSE3 = 1 << 9, SSE41 = 1 << 19, SSE42 = 1 << 20;
    static final int CX16 = 1 << 13, X2APIC = 1 << 21, MOVBE = 1 << 22, POPCNT = 1 << 23, TSC_DEADLINE = 1 << 24;
    static final int PCID = 1 << 17, XSAVE = 1 << 26, OSXSAVE = 1 << 27;
    /** XCR0 bits XSAVE supports: x87 and SSE state. */
    public static final long XCR0_SUPPORTED = 0x3;
    /** Leaf 0xD sub-leaf 1: XSAVEOPT (no XSAVEC, XGETBV with ECX = 1, or XSAVES). */
    static final int XSAVEOPT = 1;
    /** The XSAVE area of the legacy region and the header: all that the x87 and SSE components need. */
    public static final int XSAVE_AREA_SIZE = 512 + 64;
    // CPUID.80000001:EDX and ECX
    static final int SYSCALL = 1 << 11, NX = 1 << 20, PAGE1GB = 1 << 26, RDTSCP = 1 << 27, LM = 1 << 29;
    // CPUID.0xB: level types
    static final int LEVEL_SMT = 1, LEVEL_CORE = 2;
    static final int LAHF_LM = 1, ABM = 1 << 5, PREFETCHW = 1 << 8;

    private CpuidModel() {
    }

    /** Whether CPUID.(EAX=7,ECX=0):EBX advertises {@code feature} (one of the leaf-7 EBX bits above). */
    public static boolean leaf7Ebx(int feature) {
        return (LEAF7_EBX & feature) == feature;
    }

    /** {@link #query(int, int, int, boolean)} with CR4.OSXSAVE clear, as after reset. */
    public static int[] query(int eax, int ecx, int apicId) {
        return query(eax, ecx, apicId, false);
    }

    /**
     * EAX, EBX, ECX, EDX for leaf {@code eax} / sub-leaf {@code ecx} on core {@code apicId}.
     * CPUID.1:ECX.OSXSAVE mirrors the core's CR4.OSXSAVE.
     */
    public static int[] query(int eax, int ecx, int apicId, boolean osxsave) {
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
            // EBX: APIC ID, one logical processor per package (HTT clear), CLFLUSH line size.
            case 1 -> new int[]{SIGNATURE, apicId << 24 | 1 << 16 | CLFLUSH_LINE << 8,
                    SSE3 | SSSE3 | SSE41 | SSE42 | CX16 | X2APIC | MOVBE | POPCNT | TSC_DEADLINE | PCID | XSAVE
                            | (osxsave ? OSXSAVE : 0),
                    FPU | PSE | TSC | MSR | PAE | CX8 | APIC | SEP | MTRR | PGE | CMOV | PAT | PSE36 | CLFSH | MMX | FXSR
                            | SSE | SSE2};
            case 7 -> ecx == 0 ? new int[]{0, LEAF7_EBX, RDPID, 0} : new int[4];
            case 0xb -> topology(ecx, apicId);
            case 0xd -> extendedState(ecx);
            default -> new int[4];   // leaves 2-6, 8-0xA, 0xC: no cache descriptors, power management or perfmon
        };
    }

    /**
     * Leaf 0xB, one thread per core and one core per package: each level adds no x2APIC-ID bits, has
     * one logical processor, and EDX is the x2APIC ID (the APIC ID here). Sub-leaves past the core level
     * are invalid (type 0).
     */
    private static int[] topology(int level, int apicId) {
        return switch (level) {
            case 0 -> new int[]{0, 1, LEVEL_SMT << 8, apicId};
            case 1 -> new int[]{0, 1, LEVEL_CORE << 8 | 1, apicId};
            default -> new int[]{0, 0, level & 0xff, apicId};
        };
    }

    /**
     * Leaf 0xD: sub-leaf 0 gives the supported XCR0 bits and the area size (EBX for what XCR0 enables,
     * ECX for everything supported: whatever XCR0 holds, both are the 576 bytes of the legacy region and
     * header, where the x87 and SSE components live); sub-leaf 1 the XSAVE extensions; sub-leaves 2 and up
     * describe components this CPU does not have.
     */
    private static int[] extendedState(int subLeaf) {
        return switch (subLeaf) {
            case 0 -> new int[]{(int) XCR0_SUPPORTED, XSAVE_AREA_SIZE, XSAVE_AREA_SIZE, 0};
            case 1 -> new int[]{XSAVEOPT, 0, 0, 0};
            default -> new int[4];
        };
    }

    private static int[] extended(int eax) {
        return switch (eax) {
            case 0x8000_0000 -> new int[]{MAX_EXTENDED, 0, 0, 0};
            case 0x8000_0001 -> new int[]{0, 0, LAHF_LM | ABM | PREFETCHW, SYSCALL | NX | PAGE1GB | RDTSCP | LM};
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

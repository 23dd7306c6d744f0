package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.state.CpuidModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPUID model: what it advertises, and the topology leaf. */
class CpuidTest {
    private static boolean bit(int value, int n) {
        return (value >>> n & 1) != 0;
    }

    @Test
    void basicLeavesEndAtTheExtendedStateLeaf() {
        int[] l0 = CpuidModel.query(0, 0, 0);
        assertEquals(0xd, l0[0]);
        assertEquals(0x756e_6547, l0[1]);   // "Genu"
    }

    @Test
    void leaf1AdvertisesTheSystemFeaturesThatAreImplemented() {
        int[] l1 = CpuidModel.query(1, 0, 2);
        int edx = l1[3];
        assertTrue(bit(edx, 11), "SEP");
        assertTrue(bit(edx, 12), "MTRR");
        assertTrue(bit(edx, 13), "PGE");
        assertTrue(bit(edx, 19), "CLFSH");
        assertTrue(bit(edx, 9), "APIC");
        assertTrue(bit(l1[2], 21), "x2APIC");
        assertTrue(bit(l1[2], 24), "TSC-deadline");
        assertEquals(0, edx & 1 << 2, "no DE (no I/O breakpoints)");
        for (int b : new int[]{0, 23, 24, 25, 26}) assertTrue(bit(edx, b), "FPU, MMX, FXSR, SSE, SSE2: bit " + b);
        for (int b : new int[]{0, 9, 19, 20, 26}) assertTrue(bit(l1[2], b), "SSE3, SSSE3, SSE4.1, SSE4.2, XSAVE: bit " + b);
        assertEquals(0, l1[2] & (1 << 1 | 1 << 12 | 1 << 25 | 1 << 28), "no PCLMULQDQ, FMA, AES, AVX");
        assertEquals(8, l1[1] >>> 8 & 0xff, "CLFLUSH line 64 bytes");
        assertEquals(2, l1[1] >>> 24, "initial APIC ID");
        assertEquals(0, l1[2] & (1 << 3 | 1 << 5), "no MONITOR, no VMX");
    }

    @Test
    void extendedLeavesAdvertiseSyscallAndRdtscp() {
        int edx = CpuidModel.query(0x8000_0001, 0, 0)[3];
        assertTrue(bit(edx, 11), "SYSCALL");
        assertTrue(bit(edx, 27), "RDTSCP");
        assertTrue(bit(edx, 29), "LM");
        assertEquals(48, CpuidModel.query(0x8000_0008, 0, 0)[0] >>> 8 & 0xff, "linear address bits");
    }

    @Test
    void leaf7AdvertisesRdpid() {
        assertTrue(bit(CpuidModel.query(7, 0, 0)[2], 22));
    }

    @Test
    void topologyIsOneThreadPerCoreAndOneCorePerPackage() {
        int[] smt = CpuidModel.query(0xb, 0, 3), core = CpuidModel.query(0xb, 1, 3), end = CpuidModel.query(0xb, 2, 3);
        assertEquals(1, smt[2] >>> 8 & 0xff);
        assertEquals(1, smt[1] & 0xffff);
        assertEquals(2, core[2] >>> 8 & 0xff);
        assertEquals(1, core[2] & 0xff);
        assertEquals(0, end[2] >>> 8 & 0xff, "no third level");
        assertEquals(3, smt[3]);
        assertEquals(3, end[3]);
    }
}

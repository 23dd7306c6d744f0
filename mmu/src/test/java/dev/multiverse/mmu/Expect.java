package dev.multiverse.mmu;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Assertions about page faults. */
final class Expect {
    private Expect() {
    }

    /** Asserts that {@code access} raises #PF for {@code linear} with exactly {@code errorCode}. */
    static void pageFault(long linear, int errorCode, Executable access) {
        PageFault f = assertThrows(PageFault.class, access);
        assertEquals(String.format("#PF at 0x%x, error code 0x%x", linear, errorCode),
                String.format("#PF at 0x%x, error code 0x%x", f.address(), f.errorCode()));
    }

    /** Asserts that {@code access} raises #PF and returns its error code. */
    static int errorCode(Executable access) {
        return assertThrows(PageFault.class, access).errorCode();
    }
}

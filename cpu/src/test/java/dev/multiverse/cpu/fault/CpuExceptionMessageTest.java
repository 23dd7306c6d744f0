package dev.multiverse.cpu.fault;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An exception's message names its vector and shows every error code but -1 ("none"), all 32 bits. */
class CpuExceptionMessageTest {
    @Test
    void errorCodesWithTheTopBitSetAreShown() {
        assertEquals("#GP(0xf00df00d)", CpuException.gp(0xf00df00d).getMessage());
        assertEquals("#GP(0x0)", CpuException.gp(0).getMessage());
        assertEquals("#PF(0x80000005)", CpuException.of(CpuException.PF, 0x8000_0005).getMessage());
    }

    @Test
    void noErrorCodeShowsNone() {
        assertEquals("#UD", CpuException.ud().getMessage());
        assertEquals("#DE", CpuException.of(CpuException.DE).getMessage());
    }
}

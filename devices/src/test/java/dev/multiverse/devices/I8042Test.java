package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class I8042Test {
    private final List<Boolean> a20 = new ArrayList<>();
    private final List<String> irqs = new ArrayList<>();
    private int resetRequests;
    private final I8042 kbc = new I8042(a20::add, () -> resetRequests++,
            level -> irqs.add("1=" + level), level -> irqs.add("12=" + level));
    private final PortBus bus = new PortBus();

    I8042Test() {
        bus.register(I8042.DATA_PORT, 1, kbc);
        bus.register(I8042.COMMAND_PORT, 1, kbc);
    }

    private int status() {
        return bus.in(0x64, 1);
    }

    private void command(int c) {
        bus.out(0x64, 1, c);
    }

    /** Reads every byte waiting in the output buffer. */
    private List<Integer> drain() {
        List<Integer> bytes = new ArrayList<>();
        while ((status() & I8042.STATUS_OUTPUT_FULL) != 0) {
            bytes.add(bus.in(0x60, 1));
        }
        return bytes;
    }

    @Test
    void powerOnStatusHasTheSystemFlagAndAnEmptyBuffer() {
        assertEquals(I8042.STATUS_SYSTEM | I8042.STATUS_UNLOCKED, status());
        assertEquals(List.of(), a20);
        command(0x20);
        assertEquals(I8042.STATUS_OUTPUT_FULL | I8042.STATUS_SYSTEM | I8042.STATUS_UNLOCKED | I8042.STATUS_COMMAND,
                status());
        assertEquals(List.of(0x45), drain());
    }

    @Test
    void commandByteWritesThroughPort60AndDrivesTheSystemFlag() {
        command(0x60);
        bus.out(0x60, 1, 0x61);
        assertEquals(0x61, kbc.commandByte());
        assertEquals(0, status() & I8042.STATUS_SYSTEM);
        assertEquals(0, status() & I8042.STATUS_COMMAND, "the last write went to the data port");
        command(0x20);
        assertEquals(List.of(0x61), drain());
    }

    @Test
    void controllerRamBeyondTheCommandByteReadsBack() {
        command(0x65);
        bus.out(0x60, 1, 0x5A);
        command(0x25);
        assertEquals(List.of(0x5A), drain());
    }

    @Test
    void selfTestAndInterfaceTests() {
        command(0xAA);
        assertEquals(List.of(0x55), drain());
        command(0xAB);
        assertEquals(List.of(0x00), drain());
        command(0xA9);
        assertEquals(List.of(0x00), drain());
    }

    @Test
    void emptyBufferReadsTheLastByteAgain() {
        command(0xAA);
        assertEquals(0x55, bus.in(0x60, 1));
        assertEquals(0x55, bus.in(0x60, 1));
        assertEquals(0, status() & I8042.STATUS_OUTPUT_FULL);
    }

    @Test
    void outputPortCarriesA20AndItsResetBit() {
        command(0xD0);
        assertEquals(List.of(0xC3), drain());
        command(0xD1);
        bus.out(0x60, 1, 0xC1);
        assertFalse(kbc.a20Enabled());
        command(0xD0);
        assertEquals(List.of(0xC1), drain());
        command(0xDF);
        assertTrue(kbc.a20Enabled());
        command(0xDD);
        assertEquals(List.of(false, true, false), a20);
        assertEquals(0, resetRequests);
        command(0xD1);
        bus.out(0x60, 1, 0xC2);
        assertEquals(1, resetRequests, "output bit 0 low resets");
    }

    @Test
    void pulsingOutputBitZeroResets() {
        command(0xFF);
        assertEquals(0, resetRequests, "0xFF pulses no line");
        command(0xFE);
        assertEquals(1, resetRequests);
    }

    @Test
    void keyboardResetAndIdentify() {
        bus.out(0x60, 1, 0xFF);
        assertEquals(List.of(0xFA, 0xAA), drain());
        bus.out(0x60, 1, 0xF2);
        assertEquals(List.of(0xFA, 0xAB, 0x41), drain(), "identify with translation on");
        command(0x60);
        bus.out(0x60, 1, 0x05);
        bus.out(0x60, 1, 0xF2);
        assertEquals(List.of(0xFA, 0xAB, 0x83), drain(), "identify without translation");
    }

    @Test
    void keyboardParametersAndUnknownCommands() {
        bus.out(0x60, 1, 0xED);
        bus.out(0x60, 1, 0x07);
        assertEquals(List.of(0xFA, 0xFA), drain());
        bus.out(0x60, 1, 0xEE);
        assertEquals(List.of(0xEE), drain());
        bus.out(0x60, 1, 0x12);
        assertEquals(List.of(0xFE), drain());
    }

    @Test
    void interfaceEnablesLiveInTheCommandByte() {
        command(0xAD);
        command(0xA7);
        assertEquals(0x45 | I8042.CMD_KBD_DISABLE | I8042.CMD_AUX_DISABLE, kbc.commandByte());
        command(0xAE);
        command(0xA8);
        assertEquals(0x45, kbc.commandByte());
    }

    @Test
    void irq1FollowsTheBufferAndTheInterruptEnable() {
        command(0xAA);
        assertEquals(List.of("1=true"), irqs);
        bus.in(0x60, 1);
        assertEquals(List.of("1=true", "1=false"), irqs);
        command(0x60);
        bus.out(0x60, 1, 0x44);
        command(0xAA);
        assertEquals(2, irqs.size(), "keyboard interrupt disabled");
    }

    @Test
    void auxBytesSetTheirStatusBitAndIrq12() {
        command(0x60);
        bus.out(0x60, 1, 0x47);
        command(0xD3);
        bus.out(0x60, 1, 0x9C);
        assertEquals(I8042.STATUS_AUX_DATA | I8042.STATUS_OUTPUT_FULL,
                status() & (I8042.STATUS_AUX_DATA | I8042.STATUS_OUTPUT_FULL));
        assertEquals(List.of("12=true"), irqs);
        assertEquals(List.of(0x9C), drain());
        command(0xD4);
        bus.out(0x60, 1, 0xFF);
        assertEquals(I8042.STATUS_TIMEOUT, status() & I8042.STATUS_TIMEOUT, "no mouse answers");
    }

    @Test
    void resetRestoresFirmwareStateAndDrivesA20() {
        command(0xDD);
        command(0xAD);
        command(0xAA);
        kbc.reset();
        assertTrue(kbc.a20Enabled());
        assertEquals(List.of(false, true), a20);
        assertEquals(0x45, kbc.commandByte());
        assertEquals(List.of(), drain());
    }
}

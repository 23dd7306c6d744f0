package dev.multiverse.apic;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.multiverse.apic.IoApic.*;
import static org.junit.jupiter.api.Assertions.*;

class IoApicTest {
    static final long LAPIC = 0xfee0_0000L, BASE = IoApic.DEFAULT_BASE;
    final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    final Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
    final LocalApic apic = new LocalApic(cpu, memory, new SteppedClock());
    final IoApic ioapic = new IoApic(memory, BASE, 1, List.of(apic));

    IoApicTest() {
        cpu.flags.put(0x202);
        memory.write(LAPIC + LocalApic.SVR, 4, 0x1ff);   // software-enabled
    }

    long reg(int index) {
        memory.write(BASE + IOREGSEL, 4, index);
        return memory.read(BASE + IOWIN, 4);
    }

    void set(int index, long value) {
        memory.write(BASE + IOREGSEL, 4, index);
        memory.write(BASE + IOWIN, 4, value);
    }

    void route(int pin, long low, int destination) {
        set(REDIRECTION_TABLE + 2 * pin + 1, (long) destination << 24);
        set(REDIRECTION_TABLE + 2 * pin, low);
    }

    long entry(int pin) {
        return reg(REDIRECTION_TABLE + 2 * pin);
    }

    /** The vector the core takes now, or -1 when its INTR is low. */
    int take() {
        return cpu.interruptDeliverable() ? apic.acknowledge() : -1;
    }

    void eoi() {
        memory.write(LAPIC + LocalApic.EOI, 4, 0);
    }

    @Test
    void registersAtReset() {
        assertEquals(1L << 24, reg(ID));
        assertEquals(0x0017_0020L, reg(VER));
        assertEquals(1L << 24, reg(ARB));
        for (int pin = 0; pin < PINS; pin++) {
            assertEquals(MASKED, entry(pin));
            assertEquals(0, reg(REDIRECTION_TABLE + 2 * pin + 1));
        }
        assertEquals(REDIRECTION_TABLE + 2 * (PINS - 1) + 1, memory.read(BASE + IOREGSEL, 4));
    }

    @Test
    void registerWritesKeepOnlyTheirWritableBits() {
        set(ID, 0xffff_ffffL);
        assertEquals(0x0f00_0000L, reg(ID));
        set(VER, 0);
        assertEquals(0x0017_0020L, reg(VER));
        set(REDIRECTION_TABLE + 4, 0xffff_ffffL);
        assertEquals(0x1_afffL, entry(2), "delivery status and remote IRR are read-only");
        set(REDIRECTION_TABLE + 5, 0xffff_ffffL);
        assertEquals(0xff00_0000L, reg(REDIRECTION_TABLE + 5));
        ioapic.reset();
        assertEquals(MASKED, entry(2));
        assertEquals(1L << 24, reg(ID));
    }

    @Test
    void anEdgeOnAnUnmaskedPinSendsOnce() {
        route(2, 0x30, 0);
        ioapic.setPin(2, true);
        assertEquals(0x30, take());
        ioapic.setPin(2, true);   // no new edge
        assertEquals(-1, take());
        eoi();
        ioapic.setPin(2, false);
        ioapic.setPin(2, true);
        assertEquals(0x30, take());
        eoi();
        assertEquals(0, entry(2) & REMOTE_IRR);
    }

    @Test
    void aMaskedPinSendsNothingAndItsEdgeIsLost() {
        route(2, MASKED | 0x30, 0);
        ioapic.setPin(2, true);
        assertEquals(-1, take());
        route(2, 0x30, 0);
        assertEquals(-1, take());
    }

    @Test
    void activeLowPolarityInvertsTheInput() {
        route(3, ACTIVE_LOW | 0x31, 0);
        ioapic.setPin(3, true);
        assertEquals(-1, take());
        ioapic.setPin(3, false);
        assertEquals(0x31, take());
    }

    @Test
    void aLevelPinHoldsRemoteIrrUntilTheEoiBroadcastAndSendsAgainWhileAsserted() {
        route(8, LEVEL | 0x40, 0);
        ioapic.setPin(8, true);
        assertNotEquals(0, entry(8) & REMOTE_IRR);
        assertEquals(0x40, take());
        assertEquals(1, memory.read(LAPIC + LocalApic.TMR + 0x20, 4) & 1, "TMR bit of vector 0x40");
        ioapic.setPin(8, false);
        ioapic.setPin(8, true);   // remote IRR still set: no second message
        assertEquals(-1, take());
        eoi();
        assertNotEquals(0, entry(8) & REMOTE_IRR, "still asserted: sent again");
        assertEquals(0x40, take());
        ioapic.setPin(8, false);
        eoi();
        assertEquals(0, entry(8) & REMOTE_IRR);
        assertEquals(-1, take());
    }

    @Test
    void anEdgeVectorsEoiIsNotBroadcast() {
        route(8, LEVEL | 0x40, 0);
        ioapic.setPin(8, true);
        assertEquals(0x40, take());
        eoi();                                  // level: remote IRR cleared, sent again
        ioapic.setPin(8, false);
        assertEquals(0x40, take());
        ioapic.setPin(8, true);                 // remote IRR set: waits
        route(2, 0x51, 0);
        ioapic.setPin(2, true);
        assertEquals(0x51, take());
        eoi();                                  // retires the edge vector 0x51 only
        assertNotEquals(0, entry(8) & REMOTE_IRR);
    }

    @Test
    void theIoApicEoiRegisterClearsRemoteIrr() {
        route(8, LEVEL | 0x40, 0);
        ioapic.setPin(8, true);
        ioapic.setPin(8, false);
        memory.write(BASE + EOI, 4, 0x40);
        assertEquals(0, entry(8) & REMOTE_IRR);
    }

    @Test
    void unmaskingAnAssertedLevelPinSends() {
        route(9, MASKED | LEVEL | 0x50, 0);
        ioapic.setPin(9, true);
        assertEquals(-1, take());
        route(9, LEVEL | 0x50, 0);
        assertEquals(0x50, take());
    }

    @Test
    void physicalDestinationsMatchTheApicIdOrTheBroadcast() {
        route(4, 0x60, 1);
        ioapic.setPin(4, true);
        assertEquals(-1, take(), "APIC 1 is not here");
        route(4, 0x60, 0xff);
        ioapic.setPin(4, false);
        ioapic.setPin(4, true);
        assertEquals(0x60, take());
        eoi();
        memory.write(LAPIC + LocalApic.ID, 4, 5L << 24);
        route(4, 0x61, 5);
        ioapic.setPin(4, false);
        ioapic.setPin(4, true);
        assertEquals(0x61, take());
    }

    @Test
    void logicalDestinationsUseTheLdrAndDfr() {
        memory.write(LAPIC + LocalApic.LDR, 4, 0x12L << 24);
        route(5, LOGICAL | 0x70, 0x02);
        ioapic.setPin(5, true);
        assertEquals(0x70, take(), "flat model: bit 1 of the LDR");
        eoi();
        route(5, LOGICAL | 0x70, 0x01);
        ioapic.setPin(5, false);
        ioapic.setPin(5, true);
        assertEquals(-1, take());
        memory.write(LAPIC + LocalApic.DFR, 4, 0x0fff_ffffL);   // cluster model: cluster 1, member bit 1
        route(5, LOGICAL | 0x71, 0x12);
        ioapic.setPin(5, false);
        ioapic.setPin(5, true);
        assertEquals(0x71, take());
        eoi();
        route(5, LOGICAL | 0x71, 0x22);
        ioapic.setPin(5, false);
        ioapic.setPin(5, true);
        assertEquals(-1, take(), "another cluster");
    }

    @Test
    void lowestPriorityAndNmiDelivery() {
        route(6, LocalApic.MODE_LOWEST_PRIORITY << 8 | 0x80, 0);
        ioapic.setPin(6, true);
        assertEquals(0x80, take());
        eoi();
        cpu.flags.put(0x2);   // IF clear: only an NMI reaches the core
        route(7, LocalApic.MODE_NMI << 8, 0);
        ioapic.setPin(7, true);
        assertTrue(cpu.interruptDeliverable());
    }

    @Test
    void aGloballyDisabledLocalApicTakesNoMessages() {
        cpu.msrs.write(LocalApic.APIC_BASE_MSR, 0xfee0_0000L);
        route(2, 0x30, 0);
        ioapic.setPin(2, true);
        memory.write(LAPIC + LocalApic.IRR + 0x10, 4, 0);   // unmapped now: no effect
        assertFalse(cpu.interruptDeliverable());
    }

    @Test
    void anExtIntEntryLetsThe8259SupplyTheVectorWithNoLocalApicEoi() {
        int[] acks = new int[1];
        apic.connectExtInt(() -> {
            acks[0]++;
            return 0x20;
        });
        route(0, LocalApic.MODE_EXTINT << 8, 0);
        ioapic.setPin(0, true);
        assertEquals(0, acks[0], "the 8259 answers the core's acknowledge cycle");
        assertEquals(0x20, take());
        assertEquals(1, acks[0]);
        assertEquals(-1, take());
        assertEquals(0, memory.read(LAPIC + LocalApic.ISR + 0x10, 4), "not in service at the local APIC");
        ioapic.setPin(0, false);
        ioapic.setPin(0, true);
        assertEquals(0x20, take(), "the next edge interrupts again without an EOI");
    }

    @Test
    void anSmiEntryIsAcceptedAndHasNoEffect() {
        route(9, 2 << 8, 0);
        ioapic.setPin(9, true);
        cpu.flags.put(0x2);
        assertFalse(cpu.interruptDeliverable());
        cpu.flags.put(0x202);
        assertEquals(-1, take());
    }
}

package dev.multiverse.apic;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import static dev.multiverse.apic.LocalApic.*;
import static org.junit.jupiter.api.Assertions.*;

class LocalApicTest {
    static final long BASE = 0xfee0_0000L;
    final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    final Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
    final SteppedClock clock = new SteppedClock();
    final LocalApic apic = new LocalApic(cpu, memory, clock);
    int picAcks;

    LocalApicTest() {
        cpu.flags.put(0x202);   // IF set: interruptDeliverable() then shows the INTR line
        apic.connectExtInt(() -> {
            picAcks++;
            return 0x30;
        });
    }

    long reg(int offset) {
        return memory.read(BASE + offset, 4);
    }

    void set(int offset, long value) {
        memory.write(BASE + offset, 4, value);
    }

    void enable() {
        set(SVR, 0x1ff);
    }

    boolean intr() {
        return cpu.interruptDeliverable();
    }

    @Test
    void powerUpState() {
        assertEquals(0xfee0_0900L, cpu.msrs.read(APIC_BASE_MSR));
        assertEquals(0, reg(ID));
        assertEquals(0x50014, reg(VER));
        assertEquals(0xff, reg(SVR));
        assertEquals(0xffff_ffffL, reg(DFR));
        for (int r = LVT_TIMER; r <= LVT_ERROR; r += 0x10) assertEquals(LVT_MASKED, reg(r));
    }

    @Test
    void selfIpiIsDeliveredOnceAndStaysInServiceUntilEoi() {
        enable();
        set(ICR_LOW, 1 << 18 | 0x41);
        assertEquals(1 << 1, reg(IRR + 0x20));   // vector 0x41: IRR word 2, bit 1
        assertTrue(intr());
        assertEquals(0x41, apic.acknowledge());
        assertFalse(intr());
        assertEquals(0, reg(IRR + 0x20));
        assertEquals(1 << 1, reg(ISR + 0x20));
        assertEquals(0x40, reg(PPR));
        set(EOI, 0);
        assertEquals(0, reg(ISR + 0x20));
        assertEquals(0, reg(PPR));
    }

    /** Sends a fixed IPI with vector 0x42 and returns whether it arrived in this APIC's IRR. */
    boolean fixedIpiArrives(long icrHigh, int icrLowBits) {
        set(ICR_HIGH, icrHigh);
        set(ICR_LOW, icrLowBits | 0x42);
        boolean arrived = (reg(IRR + 0x20) & 1 << 2) != 0;
        if (arrived) {
            apic.acknowledge();
            set(EOI, 0);
        }
        return arrived;
    }

    @Test
    void anIpiArrivesWhenThisApicIsAmongItsDestinations() {
        enable();
        assertTrue(fixedIpiArrives(0, 2 << 18), "all including self");
        assertFalse(fixedIpiArrives(0, 3 << 18), "all excluding self: no other core exists");
        assertTrue(fixedIpiArrives(0L << 24, 0), "physical destination = our ID 0");
        assertFalse(fixedIpiArrives(1L << 24, 0), "physical destination 1: another APIC");
        assertTrue(fixedIpiArrives(0xffL << 24, 0), "physical broadcast");
        set(LDR, 0x01L << 24);   // flat model (DFR all ones), logical ID bit 0
        assertTrue(fixedIpiArrives(0x03L << 24, 1 << 11), "flat logical destination with our bit");
        assertFalse(fixedIpiArrives(0x02L << 24, 1 << 11), "flat logical destination without it");
        assertTrue(fixedIpiArrives(0, 1 << 8 | 1 << 18), "lowest priority to self");
    }

    @Test
    void anNmiIpiToSelfRaisesTheNmiInput() {
        enable();
        set(ICR_HIGH, 0);
        cpu.flags.put(0x2);   // IF clear: only an NMI can be deliverable
        assertFalse(intr());
        set(ICR_LOW, 4 << 8 | 1 << 18);
        assertTrue(intr(), "the NMI input is raised");
    }

    @Test
    void anInterruptBelowTheTprClassWaitsUntilTheTprIsLowered() {
        enable();
        set(TPR, 0x50);
        set(ICR_LOW, 1 << 18 | 0x45);
        assertFalse(intr());
        assertEquals(0x50, reg(PPR));
        assertEquals(0x50, reg(APR));
        set(TPR, 0x40);                 // same class as the vector: still held
        assertFalse(intr());
        set(TPR, 0x3f);
        assertTrue(intr());
        assertEquals(0x45, apic.acknowledge());
    }

    @Test
    void cr8IsTheTprPriorityClass() {
        enable();
        set(TPR, 0x5a);
        assertEquals(5, apic.cr8());
        set(ICR_LOW, 1 << 18 | 0x45);
        apic.setCr8(6);
        assertEquals(0x60, reg(TPR));
        assertFalse(intr());
        apic.setCr8(3);
        assertTrue(intr());
    }

    @Test
    void aHigherClassPreemptsTheOneInServiceAndEoiRetiresTheHighest() {
        enable();
        set(ICR_LOW, 1 << 18 | 0x50);
        assertEquals(0x50, apic.acknowledge());
        set(ICR_LOW, 1 << 18 | 0x55);   // same class: waits
        assertFalse(intr());
        set(ICR_LOW, 1 << 18 | 0x61);
        assertEquals(0x61, apic.acknowledge());
        set(EOI, 0);                    // retires 0x61
        assertFalse(intr());            // 0x55 still waits behind 0x50
        set(EOI, 0);
        assertEquals(0x55, apic.acknowledge());
    }

    @Test
    void illegalVectorsAndRegistersSetTheErrorStatusOnceLatched() {
        enable();
        set(ICR_LOW, 1 << 18 | 0x05);
        reg(0x40);   // reserved offset
        assertEquals(0, reg(ESR));   // nothing latched yet
        set(ESR, 0);
        assertEquals(ESR_SEND_ILLEGAL_VECTOR | ESR_ILLEGAL_REGISTER, reg(ESR));
        set(ESR, 0);
        assertEquals(0, reg(ESR));
        assertFalse(intr());
    }

    @Test
    void theErrorLvtRaisesItsVector() {
        enable();
        set(LVT_ERROR, 0xe0);
        set(ICR_LOW, 1 << 18 | 0x01);
        assertEquals(0xe0, apic.acknowledge());
    }

    @Test
    void softwareDisableMasksTheLvtAndKeepsItMasked() {
        enable();
        set(LVT_LINT0, 0x700);
        set(SVR, 0xff);
        assertEquals(0x10700, reg(LVT_LINT0));
        set(LVT_LINT0, 0x700);
        assertEquals(0x10700, reg(LVT_LINT0));
    }

    @Test
    void lint0InExtIntModePassesThePicThrough() {
        apic.virtualWire();
        assertEquals(0x700, reg(LVT_LINT0));
        assertEquals(0x400, reg(LVT_LINT1));
        apic.lint0(true);
        assertTrue(intr());
        assertEquals(0x30, apic.acknowledge());
        assertEquals(1, picAcks);
        assertEquals(0, reg(ISR + 0x10));   // ExtINT vectors are the PIC's to retire
        apic.lint0(false);
        assertFalse(intr());
        set(LVT_LINT0, 0x10700);
        apic.lint0(true);
        assertFalse(intr());
    }

    @Test
    void aGloballyDisabledApicLeavesThePicDrivingTheCoreAndItsPageUnmapped() {
        cpu.msrs.write(APIC_BASE_MSR, BASE);
        assertEquals(0xffff_ffffL, memory.read(BASE + VER, 4));   // nothing decodes the page
        apic.lint0(true);
        assertTrue(intr());
        assertEquals(0x30, apic.acknowledge());
    }

    @Test
    void theRegisterPageMovesWithTheBase() {
        cpu.msrs.write(APIC_BASE_MSR, 0xfed0_0800L);
        assertEquals(0x50014, memory.read(0xfed0_0030L, 4));
        assertEquals(0xffff_ffffL, memory.read(BASE + VER, 4));
        assertEquals(0xfed0_0900L, cpu.msrs.read(APIC_BASE_MSR));
    }

    @Test
    void disablingReturnsToPowerUpState() {
        enable();
        set(TPR, 0x20);
        cpu.msrs.write(APIC_BASE_MSR, BASE);
        cpu.msrs.write(APIC_BASE_MSR, BASE | 0x800);
        assertEquals(0, reg(TPR));
        assertEquals(0xff, reg(SVR));
    }

    @Test
    void x2apicRegistersAreMsrs() {
        assertThrows(CpuException.class, () -> cpu.msrs.read(0x802));   // xAPIC mode
        cpu.msrs.write(APIC_BASE_MSR, BASE | 0xc00);
        assertEquals(0xffff_ffffL, memory.read(BASE + VER, 4));          // the MMIO page is gone
        assertEquals(0, cpu.msrs.read(0x802));
        assertEquals(0x50014, cpu.msrs.read(0x803));
        assertEquals(1, cpu.msrs.read(0x80d));                            // LDR: cluster 0, bit 0
        assertThrows(CpuException.class, () -> cpu.msrs.read(0x80e));    // no DFR
        assertThrows(CpuException.class, () -> cpu.msrs.write(0x802, 1)); // ID is read-only
        assertThrows(CpuException.class, () -> cpu.msrs.write(0x80b, 1)); // EOI takes only 0
        assertThrows(CpuException.class, () -> cpu.msrs.read(0x83f));    // SELF IPI is write-only
        cpu.msrs.write(0x80f, 0x1ff);
        cpu.msrs.write(0x83f, 0x42);
        assertEquals(0x42, apic.acknowledge());
        assertEquals(1 << 2, cpu.msrs.read(0x812));                       // ISR word 2
        cpu.msrs.write(0x80b, 0);
        assertEquals(0, cpu.msrs.read(0x812));
        cpu.msrs.write(0x830, 1L << 32 | 1 << 18 | 0x43);
        assertEquals(1L << 32 | 1 << 18 | 0x43, cpu.msrs.read(0x830));
        assertEquals(0x43, apic.acknowledge());
        // x2APIC leaves only through disabling.
        assertThrows(CpuException.class, () -> cpu.msrs.write(APIC_BASE_MSR, BASE | 0x800));
        cpu.msrs.write(APIC_BASE_MSR, BASE);
        assertThrows(CpuException.class, () -> cpu.msrs.write(APIC_BASE_MSR, BASE | 0xc00));
        assertThrows(CpuException.class, () -> cpu.msrs.write(APIC_BASE_MSR, BASE | 0x400));
    }

    @Test
    void oneShotTimerCountsDownAndFiresOnce() {
        enable();
        set(TIMER_DIVIDE, 0b0001);      // divide by 4
        set(LVT_TIMER, 0x60);
        set(TIMER_INITIAL, 100);        // 400 ns
        clock.advanceTo(40);
        assertEquals(90, reg(TIMER_CURRENT));
        assertFalse(intr());
        clock.advanceTo(400);
        assertEquals(0, reg(TIMER_CURRENT));
        assertEquals(0x60, apic.acknowledge());
        set(EOI, 0);
        clock.advanceTo(10_000);
        assertFalse(intr());
    }

    @Test
    void periodicTimerReloads() {
        enable();
        set(TIMER_DIVIDE, 0b1011);      // divide by 1
        set(LVT_TIMER, 1 << 17 | 0x61);
        set(TIMER_INITIAL, 1000);
        int fired = 0;
        for (long t = 1000; t <= 5000; t += 1000) {
            clock.advanceTo(t);
            if (intr()) {
                assertEquals(0x61, apic.acknowledge());
                set(EOI, 0);
                fired++;
            }
        }
        assertEquals(5, fired);
        clock.advanceTo(5250);
        assertEquals(750, reg(TIMER_CURRENT));
    }

    @Test
    void aDivideChangeKeepsTheCountSoFar() {
        enable();
        set(TIMER_DIVIDE, 0b1011);
        set(LVT_TIMER, 0x62);
        set(TIMER_INITIAL, 100);
        clock.advanceTo(50);
        set(TIMER_DIVIDE, 0b0000);      // divide by 2 from now: 50 ticks left take 100 ns
        assertEquals(50, reg(TIMER_CURRENT));
        clock.advanceTo(149);
        assertFalse(intr());
        clock.advanceTo(150);
        assertTrue(intr());
    }

    @Test
    void aMaskedTimerCountsWithoutInterrupting() {
        enable();
        set(LVT_TIMER, LVT_MASKED | 0x63);
        set(TIMER_INITIAL, 10);
        clock.advanceTo(1000);
        assertFalse(intr());
        assertEquals(0, reg(TIMER_CURRENT));
    }

    @Test
    void tscDeadlineFiresWhenTheTscReachesIt() {
        enable();
        cpu.msrs.write(TSC_DEADLINE_MSR, 500);                // ignored outside deadline mode
        assertEquals(0, cpu.msrs.read(TSC_DEADLINE_MSR));
        set(LVT_TIMER, 2 << 17 | 0x64);
        set(TIMER_INITIAL, 10);                               // ignored in deadline mode
        assertEquals(0, reg(TIMER_INITIAL));
        long tsc = cpu.msrs.tsc();
        cpu.msrs.write(TSC_DEADLINE_MSR, tsc + 300);
        assertEquals(tsc + 300, cpu.msrs.read(TSC_DEADLINE_MSR));
        cpu.cycles += 299;
        clock.advanceTo(299);
        assertFalse(intr());
        cpu.cycles += 1;
        clock.advanceTo(300);
        assertEquals(0x64, apic.acknowledge());
        assertEquals(0, cpu.msrs.read(TSC_DEADLINE_MSR));    // cleared when it fires
    }

    /** No vector is pending in IRR nor in service. */
    void assertIrrAndIsrEmpty() {
        for (int i = 0; i < 8; i++) {
            assertEquals(0, reg(IRR + 0x10 * i), "IRR word " + i);
            assertEquals(0, reg(ISR + 0x10 * i), "ISR word " + i);
        }
    }

    @Test
    void anSmiIpiIsAcceptedAndHasNoEffect() {
        enable();
        set(ICR_HIGH, 0);
        set(ICR_LOW, 2 << 8);   // SMI to physical ID 0 (this APIC), vector 00H as the SDM asks
        assertEquals(2 << 8, reg(ICR_LOW), "the ICR reads back with its delivery status idle");
        assertFalse(intr(), "no interrupt");
        cpu.flags.put(0x2);
        assertFalse(intr(), "and no NMI");
        assertIrrAndIsrEmpty();
        set(ESR, 0);
        assertEquals(0, reg(ESR), "vector 0 is no send error for an SMI");
        cpu.msrs.write(APIC_BASE_MSR, BASE | 1 << 11 | 1 << 10);   // x2APIC: the ICR is one MSR
        cpu.msrs.write(X2APIC_FIRST_MSR + (ICR_LOW >> 4), 2 << 8 | 2 << 18);
        assertEquals(2 << 8 | 2 << 18, cpu.msrs.read(X2APIC_FIRST_MSR + (ICR_LOW >> 4)));
        assertFalse(intr());
    }

    @Test
    void anExtIntIpiInterruptsTheCoreForTheVectorThe8259Supplies() {
        enable();
        set(ICR_HIGH, 0);
        set(ICR_LOW, 7 << 8 | 0x99);   // ExtINT to physical ID 0; the vector field is not used
        assertEquals(7 << 8 | 0x99, reg(ICR_LOW), "the ICR reads back with its delivery status idle");
        assertTrue(intr());
        assertEquals(0, picAcks, "the 8259 answers the core's acknowledge cycle, not the IPI");
        assertIrrAndIsrEmpty();
        assertEquals(0x30, apic.acknowledge());
        assertEquals(1, picAcks);
        assertFalse(intr(), "one acknowledge per ExtINT");
        assertIrrAndIsrEmpty();
        assertEquals(0, reg(PPR), "nothing in service: no EOI is due");
    }

    @Test
    void anExtIntIpiIgnoresTheTprAndFollowsDeliverableApicVectors() {
        enable();
        set(TPR, 0xf0);
        set(ICR_LOW, 7 << 8 | 1 << 18);   // self shorthand
        assertTrue(intr(), "the TPR does not hold an ExtINT back");
        assertEquals(0x30, apic.acknowledge());
        set(TPR, 0);
        set(ICR_LOW, 1 << 18 | 0x41);
        set(ICR_LOW, 7 << 8 | 1 << 18);
        assertEquals(0x41, apic.acknowledge(), "the APIC's own vector first, as with LINT0's ExtINT");
        assertEquals(0x30, apic.acknowledge());
        assertFalse(intr());
    }

    @Test
    void initDropsAnExtIntWaitingForItsAcknowledge() {
        enable();
        set(ICR_LOW, 7 << 8 | 1 << 18);
        cpu.msrs.write(APIC_BASE_MSR, BASE);   // globally disabled: back to the power-up state
        cpu.msrs.write(APIC_BASE_MSR, BASE | 1 << 11);
        enable();
        assertFalse(intr());
    }
}

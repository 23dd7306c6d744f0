package dev.multiverse.apic;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import static dev.multiverse.apic.LocalApic.*;
import static org.junit.jupiter.api.Assertions.*;

/** Four cores' APICs on one bus: IPI routing between them, INIT and start-up, and per-core register pages. */
class ApicBusTest {
    static final long BASE = 0xfee0_0000L;
    final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    final ApicBus bus = new ApicBus(memory);
    final Cpu[] cpus = new Cpu[4];
    final LocalApic[] apics = new LocalApic[4];
    int running;

    ApicBusTest() {
        PortBus ports = new PortBus();
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(i, new Mmu(memory), ports);
            cpus[i].flags.put(0x202);
            apics[i] = new LocalApic(cpus[i], bus, new SteppedClock());
        }
        for (int i = 0; i < cpus.length; i++) {
            on(i);
            set(SVR, 0x1ff);
        }
        on(0);
    }

    /** Core {@code i} runs: its accesses to the xAPIC page reach its own APIC. */
    void on(int i) {
        running = i;
        bus.setCurrent(apics[i]);
    }

    long reg(int offset) {
        return memory.read(BASE + offset, 4);
    }

    void set(int offset, long value) {
        memory.write(BASE + offset, 4, value);
    }

    /** From the current core: sends ICR {@code low} to {@code high}; returns the cores whose IRR got vector 0x42 (a bit mask). */
    int send(long high, int low) {
        set(ICR_HIGH, high);
        set(ICR_LOW, low);
        int sender = running;
        int got = 0;
        for (int i = 0; i < apics.length; i++) {
            on(i);
            if ((reg(IRR + 0x20) & 1 << 2) != 0) {
                got |= 1 << i;
                apics[i].acknowledge();
                set(EOI, 0);
            }
        }
        on(sender);
        return got;
    }

    @Test
    void eachCoreSeesItsOwnApicId() {
        for (int i = 0; i < 4; i++) {
            on(i);
            assertEquals((long) i << 24, reg(ID));
        }
    }

    @Test
    void fixedIpisReachEveryAddressedApic() {
        on(1);
        assertEquals(0b0010, send(0, 1 << 18 | 0x42), "self");
        assertEquals(0b1111, send(0, 2 << 18 | 0x42), "all including self");
        assertEquals(0b1101, send(0, 3 << 18 | 0x42), "all excluding self");
        assertEquals(0b1000, send(3L << 24, 0x42), "physical ID 3");
        assertEquals(0b1111, send(0xffL << 24, 0x42), "physical broadcast");
        for (int i = 0; i < 4; i++) {
            on(i);
            set(LDR, (1L << i) << 24);   // flat model: one logical bit per core
        }
        on(0);
        assertEquals(0b0110, send(0x06L << 24, 1 << 11 | 0x42), "flat logical destination");
        for (int i = 0; i < 4; i++) {
            on(i);
            set(DFR, 0x0fff_ffffL);   // cluster model: cluster 1 holds cores 0 and 1, cluster 2 cores 2 and 3
            set(LDR, (long) ((i < 2 ? 0x10 : 0x20) | 1 << (i & 1)) << 24);
        }
        on(0);
        assertEquals(0b1000, send(0x22L << 24, 1 << 11 | 0x42), "cluster 2, member bit 1");
    }

    @Test
    void lowestPriorityPicksOneApicWithTheLowestPriority() {
        on(0);
        set(TPR, 0x20);
        on(1);
        set(TPR, 0x10);
        on(2);
        set(TPR, 0x30);
        on(3);
        set(TPR, 0x40);
        assertEquals(0b0010, send(0xffL << 24, 1 << 8 | 0x42));
    }

    @Test
    void initThenStartupStartsACoreInRealModeAtTheVectorPage() {
        cpus[2].rip = 0x1234;
        cpus[2].msrs.tscOffset = 77;
        send(2L << 24, 5 << 8 | 1 << 14);
        assertTrue(apics[2].waitingForStartup());
        assertTrue(cpus[2].halted);
        assertEquals(77, cpus[2].msrs.tscOffset, "INIT leaves the TSC running");
        on(2);
        assertEquals(2L << 24, reg(ID), "INIT keeps the APIC ID");
        assertEquals(0xff, reg(SVR), "INIT software-disables the APIC");
        assertEquals(0, send(0, 2 << 18 | 0x42) & 0b0100, "a core waiting for a SIPI takes no fixed interrupt");
        on(0);
        send(2L << 24, 5 << 8 | 1 << 15);   // INIT level de-assert: no effect
        send(2L << 24, 6 << 8 | 0x9a);
        assertFalse(apics[2].waitingForStartup());
        assertFalse(cpus[2].halted);
        assertEquals(0x9a00, cpus[2].seg[Insn.CS].selector);
        assertEquals(0x9a000, cpus[2].seg[Insn.CS].base);
        assertEquals(0, cpus[2].rip);
        send(2L << 24, 6 << 8 | 0x55);
        assertEquals(0x9a000, cpus[2].seg[Insn.CS].base, "a running core ignores a second SIPI");
    }

    @Test
    void aMovedApicLeavesTheOthersAtTheDefaultBase() {
        on(1);
        cpus[1].msrs.write(APIC_BASE_MSR, 0xfed0_0000L | 1 << 11);
        assertEquals(0xffff_ffffL, reg(ID), "core 1's APIC no longer answers at the default base");
        assertEquals(1L << 24, memory.read(0xfed0_0000L + ID, 4));
        on(3);
        assertEquals(3L << 24, reg(ID));
    }

    @Test
    void smiIpisReachNoCoreVisibly() {
        on(1);
        assertEquals(0, send(0, 3 << 18 | 2 << 8), "all excluding self");
        assertEquals(0, send(2L << 24, 2 << 8));
        for (int i = 0; i < 4; i++) {
            cpus[i].flags.put(0x2);
            assertFalse(cpus[i].interruptDeliverable(), "core " + i + ": no NMI, no interrupt");
        }
        assertEquals(2 << 8, reg(ICR_LOW), "delivery status idle");
    }

    @Test
    void anExtIntIpiInterruptsItsDestinationForThe8259sVector() {
        int[] acks = new int[1];
        for (LocalApic apic : apics) {
            apic.connectExtInt(() -> {
                acks[0]++;
                return 0x28;
            });
        }
        set(ICR_HIGH, 3L << 24);
        set(ICR_LOW, 7 << 8);
        for (int i = 0; i < 3; i++) assertFalse(cpus[i].interruptDeliverable(), "core " + i);
        assertTrue(cpus[3].interruptDeliverable());
        assertEquals(0x28, apics[3].acknowledge());
        assertEquals(1, acks[0]);
        assertFalse(cpus[3].interruptDeliverable());
    }
}

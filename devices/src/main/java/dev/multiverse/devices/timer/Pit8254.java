package dev.multiverse.devices.timer;

import dev.multiverse.devices.IrqLine;
import dev.multiverse.devices.VirtualClock;
import dev.multiverse.mmu.PortHandler;

/**
 * The 8254 programmable interval timer at ports 0x40-0x43, clocked at 1.193182 MHz of virtual time.
 * Counter 0's output drives IRQ 0 (its gate is tied high, so the gate-triggered modes 1 and 5 never start
 * there); counter 1 (once DRAM refresh) has no consumer; counter 2's gate and output are reached through
 * port 0x61 ({@link SystemControlPortB}), so all six modes ({@link PitChannel}) work there.
 * The control port takes control words, the counter latch command and the read-back command.
 */
public final class Pit8254 implements PortHandler {
    public static final int PORT = 0x40, PORT_COUNT = 4;
    /** The PIT input clock in Hz. */
    public static final long CLOCK_HZ = 1_193_182;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final VirtualClock clock;
    private final IrqLine irq0;
    private final VirtualClock.Timer irq0Edge;
    private final PitChannel[] channels = new PitChannel[3];

    public Pit8254(VirtualClock clock, IrqLine irq0) {
        this.clock = clock;
        this.irq0 = irq0;
        this.irq0Edge = clock.timer(this::channel0Rises);
        reset();
    }

    /** Power-on: every counter unprogrammed, counter 2's gate low until port 0x61 raises it. */
    public void reset() {
        channels[0] = new PitChannel(true);
        channels[1] = new PitChannel(true);
        channels[2] = new PitChannel(false);
        irq0Edge.cancel();
        irq0.set(false);
    }

    /** Counter 2's gate (port 0x61 bit 0). */
    public void setChannel2Gate(boolean high) {
        channels[2].setGate(high, tick());
    }

    /** Counter 2's OUT pin (port 0x61 bit 5). */
    public boolean channel2Output() {
        return channels[2].output(tick());
    }

    @Override
    public int in(int port, int size) {
        int n = port - PORT;
        return n == 3 ? 0xff : channels[n].read(tick());   // the control port reads as floating
    }

    @Override
    public void out(int port, int size, int value) {
        int n = port - PORT;
        long now = tick();
        if (n < 3) {
            channels[n].write(value, now);
        } else {
            controlWord(value & 0xff, now);
        }
        if (n == 0 || n == 3) scheduleIrq0(now);
    }

    private void controlWord(int value, long now) {
        int select = value >>> 6;
        if (select == 3) {
            readBack(value, now);
            return;
        }
        int access = value >>> 4 & 3;
        if (access == PitChannel.ACCESS_LATCH) {
            channels[select].latchCount(now);
        } else {
            channels[select].control(access, value >>> 1 & 7, (value & 1) != 0, now);
        }
    }

    /** Read-back: bit 5 clear latches the counts, bit 4 clear the statuses, of the counters in bits 1-3. */
    private void readBack(int value, long now) {
        for (int n = 0; n < 3; n++) {
            if ((value & (2 << n)) == 0) continue;
            if ((value & 0x10) == 0) channels[n].latchStatus(now);
            if ((value & 0x20) == 0) channels[n].latchCount(now);
        }
    }

    /** IRQ 0 sees a rising edge each time counter 0's output rises; the PIC latches edges, so the pulse is low then high. */
    private void channel0Rises() {
        irq0.set(false);
        irq0.set(true);
        scheduleIrq0(tick());
    }

    private void scheduleIrq0(long now) {
        long edge = channels[0].nextRisingEdge(now);
        if (edge < 0) {
            irq0Edge.cancel();
        } else {
            irq0Edge.arm(nanosAt(edge));
        }
    }

    /** PIT clock ticks elapsed at the present virtual time. */
    private long tick() {
        long ns = clock.nanos();
        return ns / NANOS_PER_SECOND * CLOCK_HZ + ns % NANOS_PER_SECOND * CLOCK_HZ / NANOS_PER_SECOND;
    }

    /** The first virtual nanosecond at which {@code tick} has elapsed. */
    static long nanosAt(long tick) {
        return tick / CLOCK_HZ * NANOS_PER_SECOND + (tick % CLOCK_HZ * NANOS_PER_SECOND + CLOCK_HZ - 1) / CLOCK_HZ;
    }
}

package dev.multiverse.apic;

import dev.multiverse.mmu.MmioHandler;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.List;

/**
 * The I/O APIC (82093AA, version 0x20 as QEMU's): 24 input pins, each with a redirection entry that turns
 * the pin's signal into an interrupt message to the local APICs. Software reaches the registers indirectly:
 * it writes a register index to IOREGSEL (offset 0x00) and reads or writes the register through IOWIN
 * (0x10); version 0x20 adds the EOI register (0x40) that retires a level-triggered vector directly.
 *
 * <p>An edge-triggered pin sends its message on each transition to asserted while unmasked (a masked edge
 * is lost). A level-triggered pin sends while asserted and unmasked and its remote IRR is clear, setting
 * remote IRR; the local APIC's EOI broadcast for the vector clears it and the pin sends again if still
 * asserted. Messages go to every local APIC the destination selects; lowest-priority mode picks the one
 * with the lowest processor priority among them.
 */
public final class IoApic implements MmioHandler {
    public static final long DEFAULT_BASE = 0xfec0_0000L;
    public static final int PINS = 24;
    static final int IOREGSEL = 0x00, IOWIN = 0x10, EOI = 0x40;
    static final int ID = 0x00, VER = 0x01, ARB = 0x02, REDIRECTION_TABLE = 0x10;
    static final int VERSION = 0x20 | (PINS - 1) << 16;

    // Redirection entry bits (82093AA datasheet §3.2.4).
    static final long MASKED = 1L << 16, LEVEL = 1L << 15, REMOTE_IRR = 1L << 14, ACTIVE_LOW = 1L << 13,
            LOGICAL = 1L << 11;
    /** Vector, delivery mode, destination mode, polarity, trigger mode, mask and the destination field. */
    private static final long WRITABLE = 0xffL << 56 | 0x1_afffL;

    private final List<LocalApic> apics;
    private final int resetId;
    private final long[] redirection = new long[PINS];
    /** Each pin's input as the device drives it (active high on the wire). */
    private final boolean[] input = new boolean[PINS];
    private int select, id;

    /**
     * An I/O APIC with ID {@code id} at {@code base}, delivering to {@code apics}: it maps its register
     * window and listens to their EOI broadcasts.
     */
    public IoApic(PhysicalMemory memory, long base, int id, List<LocalApic> apics) {
        this.apics = List.copyOf(apics);
        this.resetId = id;
        memory.mapMmio(base, PhysicalMemory.PAGE_SIZE, this);
        for (LocalApic apic : this.apics) {
            apic.connectEoiBroadcast(this::endOfInterrupt);
        }
        reset();
    }

    /** Reset state: every entry masked (and otherwise zero), IOREGSEL 0, the ID from the firmware tables. */
    public void reset() {
        java.util.Arrays.fill(redirection, MASKED);
        select = 0;
        id = (resetId & 0xf) << 24;
    }

    /** The wire into pin {@code pin} (a GSI relative to base 0) is driven high or low. */
    public void setPin(int pin, boolean high) {
        boolean wasAsserted = asserted(pin);
        input[pin] = high;
        boolean nowAsserted = asserted(pin);
        if ((redirection[pin] & LEVEL) != 0 || (nowAsserted && !wasAsserted)) service(pin);
    }

    private boolean asserted(int pin) {
        return input[pin] ^ (redirection[pin] & ACTIVE_LOW) != 0;
    }

    /**
     * Sends pin {@code pin}'s message if it should go now: edge pins are called on their asserting edge,
     * level pins whenever their input, entry or remote IRR changes.
     */
    private void service(int pin) {
        long entry = redirection[pin];
        if ((entry & MASKED) != 0 || !asserted(pin)) return;
        boolean level = (entry & LEVEL) != 0;
        if (level) {
            if ((entry & REMOTE_IRR) != 0) return;
            redirection[pin] = entry | REMOTE_IRR;
        }
        send(entry, level);
    }

    private void send(long entry, boolean level) {
        int destination = (int) (entry >>> 56);
        boolean logical = (entry & LOGICAL) != 0;
        int mode = (int) (entry >> 8) & 7;
        int vector = (int) entry & 0xff;
        if (mode == LocalApic.MODE_LOWEST_PRIORITY) {
            LocalApic target = null;
            for (LocalApic apic : apics) {
                if (apic.addressedBy(destination, logical)
                        && (target == null || apic.processorPriority() < target.processorPriority())) {
                    target = apic;
                }
            }
            if (target != null) target.message(mode, vector, level);
            return;
        }
        for (LocalApic apic : apics) {
            if (apic.addressedBy(destination, logical)) apic.message(mode, vector, level);
        }
    }

    /** An EOI for {@code vector}: level entries with that vector drop remote IRR and send again if still asserted. */
    void endOfInterrupt(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long entry = redirection[pin];
            if ((entry & 0xff) == vector && (entry & REMOTE_IRR) != 0) {
                redirection[pin] = entry & ~REMOTE_IRR;
                service(pin);
            }
        }
    }

    // ---- registers ----

    /** For a debugger: register {@code index} (ID, VER, ARB, the redirection table's halves) as IOWIN reads it; no side effect. */
    public int inspect(int index) {
        return readRegister(index);
    }

    /** For a debugger: pin {@code pin}'s input level as the device drives it (active high on the wire). */
    public boolean inputLevel(int pin) {
        return input[pin];
    }

    private int readRegister(int index) {
        if (index >= REDIRECTION_TABLE && index < REDIRECTION_TABLE + 2 * PINS) {
            long entry = redirection[(index - REDIRECTION_TABLE) >> 1];
            return (int) ((index & 1) == 0 ? entry : entry >>> 32);
        }
        return switch (index) {
            case ID -> id;
            case VER -> VERSION;
            case ARB -> id;   // the arbitration ID is loaded from the ID
            default -> 0;
        };
    }

    private void writeRegister(int index, int value) {
        if (index == ID) {
            id = value & 0x0f00_0000;
            return;
        }
        if (index < REDIRECTION_TABLE || index >= REDIRECTION_TABLE + 2 * PINS) return;   // VER, ARB read-only
        int pin = (index - REDIRECTION_TABLE) >> 1;
        long entry = redirection[pin];
        long written = (index & 1) == 0
                ? (entry & ~0xffff_ffffL) | (value & 0xffff_ffffL)
                : (entry & 0xffff_ffffL) | (long) value << 32;
        entry = (entry & ~WRITABLE) | (written & WRITABLE);
        if ((entry & LEVEL) == 0) entry &= ~REMOTE_IRR;   // remote IRR has no meaning for an edge entry
        redirection[pin] = entry;
        if ((entry & LEVEL) != 0) service(pin);
    }

    /** IOREGSEL and IOWIN are 32-bit registers; the rest of the window reads 0 and ignores writes. */
    @Override
    public long read(long offset, int size) {
        long value = switch ((int) offset & ~3) {
            case IOREGSEL -> select;
            case IOWIN -> readRegister(select) & 0xffff_ffffL;
            default -> 0;
        };
        value >>>= 8 * (offset & 3);
        return size == 8 ? value : value & ((1L << (8 * size)) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        if ((offset & 3) != 0) return;
        switch ((int) offset) {
            case IOREGSEL -> select = (int) value & 0xff;
            case IOWIN -> {
                if (size >= 4) writeRegister(select, (int) value);
            }
            case EOI -> endOfInterrupt((int) value & 0xff);
            default -> { }
        }
    }
}

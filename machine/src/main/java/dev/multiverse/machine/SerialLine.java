package dev.multiverse.machine;

import dev.multiverse.devices.Uart16550;
import dev.multiverse.devices.VirtualClock;

/**
 * The receive line from the host into the UART. Bytes arrive one character time apart at the rate the
 * guest programmed, on virtual time; a byte waits while the UART's FIFO is full, as with hardware flow
 * control, so none is lost.
 */
final class SerialLine {
    private final SerialInput input;
    private final Uart16550 uart;
    private final VirtualClock clock;
    private final VirtualClock.Timer timer;
    private boolean armed;
    /** The byte on its way, or {@link SerialInput#NONE}. */
    private int next = SerialInput.NONE;
    private boolean ended;

    SerialLine(SerialInput input, Uart16550 uart, VirtualClock clock) {
        this.input = input;
        this.uart = uart;
        this.clock = clock;
        this.timer = clock.timer(this::arrive);
    }

    /** Starts the next byte on its way if one has come from the host; the machine calls this between rounds. */
    void check() {
        if (armed || ended) return;
        if (next == SerialInput.NONE) next = input.poll();
        if (next == SerialInput.END) {
            ended = true;
        } else if (next != SerialInput.NONE) {
            armed = true;
            timer.arm(clock.nanos() + uart.characterNanos());
        }
    }

    private void arrive() {
        armed = false;
        if (uart.canReceive()) {
            uart.receive(next);
            next = SerialInput.NONE;
        }
        check();
    }

    /** True while only the host can give the guest something to do: live input, nothing on the way. */
    boolean waitsForHost() {
        return !armed && !ended && input.live();
    }

    /** Whether a host stream is still connected whose bytes come when they come (see {@link SerialInput#live}). */
    boolean live() {
        return !ended && input.live();
    }

    /** Waits up to {@code nanos} for a host byte. */
    void await(long nanos) throws InterruptedException {
        input.await(nanos);
    }

    /** A machine reset: the byte on its way is lost with the UART's state; the host input goes on. */
    void reset() {
        timer.cancel();
        armed = false;
        next = SerialInput.NONE;
    }
}

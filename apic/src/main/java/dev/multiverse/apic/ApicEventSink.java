package dev.multiverse.apic;

/**
 * Hears the APICs' events for a tracer: interprocessor interrupts and the start-up protocol of application
 * processors. Cores are named by index. The default, {@link #NONE}, does nothing.
 */
public interface ApicEventSink {
    /** Delivery modes as the ICR encodes them (bits 10:8), by number. */
    String[] MODES = {"fixed", "lowest", "smi", "reserved", "nmi", "init", "startup", "extint"};

    /**
     * Core {@code source} sent an IPI that reaches core {@code destination} (-1 when it reaches none), with
     * delivery mode {@code mode} (an index into {@link #MODES}) and {@code vector}.
     */
    void ipi(int source, int destination, int mode, int vector);

    /** Core {@code core} now waits for a start-up IPI (after power-up or INIT). */
    void waitingForStartup(int core);

    /** A start-up IPI started core {@code core} in real mode at {@code vector}:0000. */
    void started(int core, int vector);

    ApicEventSink NONE = new ApicEventSink() {
        @Override
        public void ipi(int source, int destination, int mode, int vector) {
        }

        @Override
        public void waitingForStartup(int core) {
        }

        @Override
        public void started(int core, int vector) {
        }
    };
}

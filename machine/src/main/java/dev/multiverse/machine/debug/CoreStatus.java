package dev.multiverse.machine.debug;

/**
 * One core at a glance.
 *
 * @param core         index (= APIC ID)
 * @param mode         "real mode", "64-bit mode"...
 * @param rip          RIP
 * @param linear       linear address of the next instruction
 * @param symbol       its symbol, or null
 * @param state        "running", "halted", "halted (interrupt pending)" or "waiting for SIPI"
 * @param instructions instructions retired
 * @param cycles       cycles elapsed (its virtual clock at 1 GHz)
 */
public record CoreStatus(int core, String mode, long rip, long linear, String symbol, String state, long instructions,
                         long cycles) {
}

package dev.multiverse.machine.trace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/** The kinds of event a trace can record, each named as {@code --trace-events} spells it. */
public enum TraceCategory {
    /** Every retired instruction: RIP, bytes, disassembly, the registers it changed. */
    INSTRUCTIONS,
    /** Interrupt and exception delivery (external, NMI, exception, software) and IRET. */
    INTERRUPTS,
    /** Interprocessor interrupts: source, destination, delivery mode, vector. */
    IPIS,
    /** Port I/O: port, size, value, direction, device. */
    IO,
    /** Memory-mapped device registers: address, size, value, direction, device. */
    MMIO,
    /** Page walks (and whether they filled the TLB), and walks that fault. */
    PAGING,
    /** Operating mode (real, protected, virtual-8086, long, compatibility), paging and CPL changes. */
    MODES,
    /** VMCALL and VMMCALL with their argument registers; an HVM's results, upcalls and signals. */
    HYPERCALLS,
    /** The machine's own: each core's state (running, halted, waiting for a SIPI), resets, shutdowns. */
    MACHINE;

    /** The name on the command line and in traces. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The names, comma-separated, for messages. */
    public static String labels() {
        StringJoiner j = new StringJoiner(", ");
        for (TraceCategory c : values()) j.add(c.label());
        return j.toString();
    }

    /**
     * Reads a comma-separated list of category names, or {@code all}. Throws {@link IllegalArgumentException}
     * with a one-line message naming the unknown one.
     */
    public static Set<TraceCategory> parse(String list) {
        EnumSet<TraceCategory> set = EnumSet.noneOf(TraceCategory.class);
        for (String item : list.split(",", -1)) {
            String name = item.strip().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                set.addAll(EnumSet.allOf(TraceCategory.class));
                continue;
            }
            TraceCategory found = null;
            for (TraceCategory c : values()) {
                if (c.label().equals(name)) found = c;
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown trace event kind \"" + item.strip() + "\" (kinds: "
                        + labels() + ", or all)");
            }
            set.add(found);
        }
        return set;
    }
}

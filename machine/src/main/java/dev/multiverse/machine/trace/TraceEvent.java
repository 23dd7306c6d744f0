package dev.multiverse.machine.trace;

import java.util.List;

/**
 * One traced event: when (virtual time in nanoseconds), on which core (-1 for the machine itself, when no
 * core caused it), its category, its name within the category and its fields in order.
 */
public record TraceEvent(long time, int core, TraceCategory category, String name, List<Field> fields) {
    /** The machine's own events, caused by no core (a reset, a debugger's access). */
    public static final int MACHINE = -1;

    /**
     * A named value already formatted: addresses and register values in hex ("0x3f8", a string in JSON),
     * counts and indexes in decimal ({@code number}: a JSON number), names as text.
     */
    public record Field(String key, String value, boolean number) {
        public static Field hex(String key, long value) {
            return new Field(key, "0x" + Long.toHexString(value), false);
        }

        public static Field dec(String key, long value) {
            return new Field(key, Long.toString(value), true);
        }

        public static Field text(String key, String value) {
            return new Field(key, value, false);
        }
    }

    /** The value of field {@code key}, or null. */
    public String field(String key) {
        for (Field f : fields) {
            if (f.key().equals(key)) return f.value();
        }
        return null;
    }
}

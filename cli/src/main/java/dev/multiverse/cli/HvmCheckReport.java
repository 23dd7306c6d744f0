package dev.multiverse.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code hvmctl selfcheck} reported on the guest's console: its {@code HVMCHECK name=value} lines
 * (ros-shim/src/main/c: numbers named like {@code null.median_cycles}, then {@code error=MESSAGE} and
 * {@code status=pass|fail}). Lines may end in CR (the serial line's newline) and may follow kernel output on
 * the same line, so the marker is looked for anywhere in a line.
 */
final class HvmCheckReport {
    static final String MARKER = "HVMCHECK ";

    /** By name in the order reported; a name reported twice keeps its last value. */
    private final Map<String, String> values;

    private HvmCheckReport(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static HvmCheckReport parse(String console) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : console.lines().toList()) {
            int at = line.indexOf(MARKER);
            if (at < 0) continue;
            String entry = line.substring(at + MARKER.length()).strip();
            int eq = entry.indexOf('=');
            if (eq > 0) values.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return new HvmCheckReport(values);
    }

    /** Every value, by name in the order reported. */
    Map<String, String> values() {
        return values;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The value of {@code name} as an unsigned number, or null when it is missing or not a number. */
    Long number(String name) {
        String value = values.get(name);
        if (value == null) return null;
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether hvmctl finished and said {@code status=pass}. */
    boolean passed() {
        return "pass".equals(values.get("status"));
    }

    /** Whether hvmctl got to its verdict, pass or fail. */
    boolean finished() {
        return values.containsKey("status");
    }

    /** hvmctl's message for a failed check, or null. */
    String error() {
        return values.get("error");
    }
}

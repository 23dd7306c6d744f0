package dev.multiverse.machine.trace;

/** The little JSON the writers need: string literals with escapes. */
final class Json {
    private Json() {
    }

    /** Appends {@code s} as a JSON string literal. */
    static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    /** Appends the fields as JSON members {@code "key":value} separated by commas, without braces. */
    static void members(StringBuilder out, Iterable<TraceEvent.Field> fields) {
        boolean first = true;
        for (TraceEvent.Field f : fields) {
            if (!first) out.append(',');
            first = false;
            string(out, f.key()).append(':');
            if (f.number()) out.append(f.value());
            else string(out, f.value());
        }
    }
}

package dev.multiverse.machine.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.Set;

/**
 * Writes one line per event. As text: {@code TIME CORE CATEGORY NAME key=value...} (time in ns, core "-"
 * for the machine, values with spaces in double quotes); as JSON lines: one object per line with
 * {@code "ns"}, {@code "core"} (-1 for the machine), {@code "category"}, {@code "event"} and the fields.
 */
public final class EventLog implements TraceOutput {
    /** The line format. */
    public enum Format { TEXT, JSON }

    private final Writer out;
    private final Format format;
    private final Set<TraceCategory> categories;
    private final StringBuilder line = new StringBuilder(160);

    public EventLog(Writer out, Format format, Set<TraceCategory> categories) {
        this.out = out;
        this.format = format;
        this.categories = Set.copyOf(categories);
    }

    @Override
    public Set<TraceCategory> categories() {
        return categories;
    }

    @Override
    public void accept(TraceEvent e) throws IOException {
        line.setLength(0);
        if (format == Format.TEXT) text(e);
        else json(e);
        line.append('\n');
        out.append(line);
    }

    private void text(TraceEvent e) {
        line.append(e.time()).append(' ').append(e.core() == TraceEvent.MACHINE ? "-" : Integer.toString(e.core()))
                .append(' ').append(e.category().label()).append(' ').append(e.name());
        for (TraceEvent.Field f : e.fields()) {
            line.append(' ').append(f.key()).append('=');
            String v = f.value();
            if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0) {
                line.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                line.append(v);
            }
        }
    }

    private void json(TraceEvent e) {
        line.append("{\"ns\":").append(e.time()).append(",\"core\":").append(e.core()).append(",\"category\":");
        Json.string(line, e.category().label()).append(",\"event\":");
        Json.string(line, e.name());
        if (!e.fields().isEmpty()) {
            line.append(',');
            Json.members(line, e.fields());
        }
        line.append('}');
    }

    @Override
    public void finish(long end) throws IOException {
        out.close();
    }
}

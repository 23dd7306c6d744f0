package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.debug.DebugException;
import dev.multiverse.machine.trace.EventLog;
import dev.multiverse.machine.trace.MachineTracer;
import dev.multiverse.machine.trace.TraceCategory;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code trace on|off KIND} in the debugger: the machine's event tracer, attached at the first
 * {@code trace on}, writes the kinds switched on as text lines among the debugger's output.
 */
final class TraceControl {
    private final Machine machine;
    private final Writer out;
    private MachineTracer tracer;
    private final Set<TraceCategory> on = EnumSet.noneOf(TraceCategory.class);

    TraceControl(Machine machine, PrintStream out) {
        this.machine = machine;
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    /** Switches the kinds in {@code kinds} (a comma list, or all) on or off; returns the line to print. */
    String set(boolean enable, String kinds) {
        Set<TraceCategory> chosen;
        try {
            chosen = TraceCategory.parse(kinds);
        } catch (IllegalArgumentException e) {
            throw new DebugException(e.getMessage());
        }
        if (tracer == null) {
            if (!enable) return "tracing is off";
            tracer = new MachineTracer(List.of(new EventLog(out, EventLog.Format.TEXT, EnumSet.allOf(TraceCategory.class))));
            for (TraceCategory c : TraceCategory.values()) tracer.setEnabled(c, false);
            machine.attachTrace(tracer);
        }
        for (TraceCategory c : chosen) {
            tracer.setEnabled(c, enable);
            if (enable) on.add(c);
            else on.remove(c);
        }
        if (on.isEmpty()) return "tracing is off";
        StringJoiner j = new StringJoiner(", ", "tracing ", "");
        for (TraceCategory c : on) j.add(c.label());
        return j.toString();
    }

    /** Writes out what the events traced so far left buffered. */
    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

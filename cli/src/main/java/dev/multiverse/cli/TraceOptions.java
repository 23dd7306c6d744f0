package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.trace.ChromeTimeline;
import dev.multiverse.machine.trace.EventLog;
import dev.multiverse.machine.trace.MachineTracer;
import dev.multiverse.machine.trace.TraceCategory;
import dev.multiverse.machine.trace.TraceOutput;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The event-tracing options (a picocli mixin for every command that runs a machine) and the tracer they set up. */
final class TraceOptions {
    @Option(names = "--trace", paramLabel = "FILE",
            description = {"Write one line per instruction (time, core, RIP, bytes, disassembly, changed registers):",
                    "short for --trace-events instructions --trace-out FILE."})
    Path instructions;

    @Option(names = "--trace-events", paramLabel = "KINDS",
            description = {"Trace these kinds of event (comma-separated, or all): instructions; interrupts (and",
                    "exceptions, IRET); ipis; io (ports); mmio; paging (page walks, TLB fills); modes (operating mode,",
                    "paging, CPL); hypercalls (calls, results, upcalls, signals); machine (cores running, halted, waiting for a",
                    "SIPI; resets, ROS resets)."})
    String events;

    @Option(names = "--trace-out", paramLabel = "FILE",
            description = "Write the --trace-events events to FILE, one per line: virtual time (ns), core, kind, event, fields.")
    Path out;

    @Option(names = "--trace-format", paramLabel = "text|json", defaultValue = "text",
            description = "Lines of --trace-out (and --trace): text (the default) or JSON lines, one object per event.")
    String format;

    @Option(names = "--timeline", paramLabel = "FILE.json",
            description = {"Write a timeline in the Chrome trace event format for Perfetto or chrome://tracing: a track",
                    "per core (running, halted, interrupt handlers) with instant events, on virtual time. It shows the",
                    "--trace-events kinds but instructions; without --trace-events all kinds but instructions and paging."})
    Path timeline;

    private MachineTracer tracer;

    /** Null when the options fit together, else what is wrong, in one line. */
    String check() {
        if (instructions != null && (out != null || events != null)) {
            return "--trace FILE is short for --trace-events instructions --trace-out FILE: give one or the other";
        }
        if (!format.equals("text") && !format.equals("json")) {
            return "--trace-format must be text or json, not \"" + format + "\"";
        }
        if (events != null) {
            try {
                TraceCategory.parse(events);
            } catch (IllegalArgumentException e) {
                return "--trace-events: " + e.getMessage();
            }
            if (out == null && timeline == null) return "--trace-events needs --trace-out FILE or --timeline FILE.json";
        }
        if (out != null && events == null) return "--trace-out needs --trace-events KINDS (or all)";
        return null;
    }

    /**
     * Opens the trace files and attaches a tracer to {@code machine} when any tracing is asked for. Returns
     * null, or a one-line message when a file cannot be written (then nothing is attached or left open).
     */
    String attach(Machine machine) {
        List<TraceOutput> outputs = new ArrayList<>();
        Path log = instructions != null ? instructions : out;
        Set<TraceCategory> logged = instructions != null ? EnumSet.of(TraceCategory.INSTRUCTIONS)
                : events != null ? TraceCategory.parse(events) : Set.of();
        Path opening = null;
        try {
            if (log != null) {
                opening = log;
                outputs.add(new EventLog(Files.newBufferedWriter(log),
                        format.equals("json") ? EventLog.Format.JSON : EventLog.Format.TEXT, logged));
            }
            if (timeline != null) {
                opening = timeline;
                Writer w = Files.newBufferedWriter(timeline);
                outputs.add(new ChromeTimeline(w, events != null ? logged : ChromeTimeline.DEFAULT_CATEGORIES,
                        machine.cores().size()));
            }
        } catch (IOException | InvalidPathException e) {
            for (TraceOutput o : outputs) {
                try {
                    o.finish(0);
                } catch (IOException ignored) {
                    // Already failing: the first problem is the one to report.
                }
            }
            return "cannot write trace file " + opening + ": " + Main.oneLine(String.valueOf(e.getMessage()));
        }
        if (outputs.isEmpty()) return null;
        tracer = new MachineTracer(outputs);
        machine.attachTrace(tracer);
        return null;
    }

    /** Completes the trace files after the run; a write error is reported on {@code err}. */
    void finish(PrintStream err) {
        if (tracer == null) return;
        try {
            tracer.finish();
        } catch (IOException e) {
            err.println("multiverse: cannot write the trace: " + Main.oneLine(String.valueOf(e.getMessage())));
        }
    }
}

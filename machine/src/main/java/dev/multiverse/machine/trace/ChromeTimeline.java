package dev.multiverse.machine.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Chrome trace event format (a JSON object with {@code traceEvents}) that Perfetto and
 * chrome://tracing open: one process, the machine; one thread (track) per core, and one more for events
 * no core caused; {@code ts} is virtual time in microseconds.
 *
 * <p>Each core's track shows complete events ({@code "X"}): "halted" and "waiting for SIPI" while the core
 * runs nothing, "running" between them, and inside the running spans one span per interrupt or exception
 * handler, from its delivery to the IRET that returns from it (a handler that halts is split around the
 * halt, so spans nest properly). IPIs, exceptions, port and MMIO accesses, mode changes, hypercalls, page
 * walks and resets are instant events ({@code "i"}). Instants go to the file as they happen; the spans are
 * kept and written at the end in start order per track.
 */
public final class ChromeTimeline implements TraceOutput {
    /** Categories a timeline shows unless told otherwise: all but instructions and page walks, too many to draw. */
    public static final Set<TraceCategory> DEFAULT_CATEGORIES = EnumSet.complementOf(
            EnumSet.of(TraceCategory.INSTRUCTIONS, TraceCategory.PAGING));

    private static final int PID = 1;

    private enum State {
        RUNNING("running"), HALTED("halted"), WAITING("waiting for SIPI");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    /** A handler span not yet closed; {@code start} -1 while its core is halted inside it. */
    private static final class OpenSpan {
        final String name;
        final List<TraceEvent.Field> args;
        long start;

        OpenSpan(String name, List<TraceEvent.Field> args, long start) {
            this.name = name;
            this.args = args;
            this.start = start;
        }
    }

    private static final class Track {
        State state = State.RUNNING;
        long since;
        final Deque<OpenSpan> handlers = new ArrayDeque<>();
    }

    private record Span(int tid, long start, long end, String name, String category, List<TraceEvent.Field> args) {
    }

    /** Handler spans open at once on a core beyond which the oldest are closed: a guest that never IRETs. */
    private static final int MAX_NESTING = 64;

    private final Writer out;
    private final Set<TraceCategory> categories;
    /** The machine's own track, after the cores'. */
    private final int machineTid;
    private final Map<Integer, Track> tracks = new HashMap<>();
    private final List<Span> spans = new ArrayList<>();
    private final StringBuilder line = new StringBuilder(200);
    private boolean firstEvent = true;

    /**
     * A timeline of {@code categories} on a machine of {@code cores} cores; the machine category (the cores'
     * states) is always drawn, instructions never.
     */
    public ChromeTimeline(Writer out, Set<TraceCategory> categories, int cores) throws IOException {
        this.out = out;
        EnumSet<TraceCategory> set = EnumSet.of(TraceCategory.MACHINE);
        set.addAll(categories);
        set.remove(TraceCategory.INSTRUCTIONS);
        this.categories = Set.copyOf(set);
        this.machineTid = cores;
        out.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        metadata("process_name", 0, "multiverse");
        for (int c = 0; c < cores; c++) {
            metadata("thread_name", c, "core " + c);
            metadata("thread_sort_index", c, c);
        }
        metadata("thread_name", cores, "machine");
        metadata("thread_sort_index", cores, cores);
    }

    @Override
    public Set<TraceCategory> categories() {
        return categories;
    }

    private Track track(int core) {
        return tracks.computeIfAbsent(core, c -> new Track());
    }

    @Override
    public void accept(TraceEvent e) throws IOException {
        switch (e.category()) {
            case MACHINE -> machine(e);
            case INTERRUPTS -> interrupt(e);
            case IPIS -> {
                String dest = e.field("dest");
                instant(e.core(), e.time(), "IPI " + e.field("mode") + " " + e.field("vector") + " to core " + dest, e, "t");
                if (!dest.equals("none")) instant(Integer.parseInt(dest), e.time(), "IPI from core " + e.core(), e, "t");
            }
            case IO -> instant(e.core(), e.time(), e.name() + " " + e.field("port"), e, "t");
            case MMIO -> instant(e.core(), e.time(), "mmio " + e.name() + " " + e.field("address"), e, "t");
            case PAGING -> instant(e.core(), e.time(), "page walk " + e.name() + " " + e.field("linear"), e, "t");
            case MODES -> instant(e.core(), e.time(), e.field("mode") + " " + e.field("bits") + "-bit, paging "
                    + e.field("paging") + ", CPL " + e.field("cpl"), e, "t");
            case HYPERCALLS -> instant(e.core(), e.time(), e.name(), e, "t");
            case INSTRUCTIONS -> { }
        }
    }

    private void machine(TraceEvent e) throws IOException {
        if (e.core() == TraceEvent.MACHINE) {
            boolean rosReset = e.name().equals("ros-reset");
            if (e.name().equals("reset") || rosReset) {
                // A ROS reset restarts cores [0, cores) only; the HRT's tracks go on.
                int resetCores = rosReset ? Integer.parseInt(e.field("cores")) : Integer.MAX_VALUE;
                for (Map.Entry<Integer, Track> entry : tracks.entrySet()) {
                    if (entry.getKey() >= resetCores) continue;
                    closeHandlers(entry.getKey(), entry.getValue(), e.time());
                    enter(entry.getKey(), entry.getValue(), State.RUNNING, e.time());
                }
            }
            instant(e.core(), e.time(), e.name().equals("reset") ? "machine reset" : rosReset ? "ROS reset" : e.name(), e, "g");
            return;
        }
        Track t = track(e.core());
        switch (e.name()) {
            case "state" -> {
                t.state = switch (e.field("state")) {
                    case "halted" -> State.HALTED;
                    case "waiting" -> State.WAITING;
                    default -> State.RUNNING;
                };
                t.since = e.time();
            }
            case "halt" -> enter(e.core(), t, State.HALTED, e.time());
            case "wait-for-sipi" -> {
                closeHandlers(e.core(), t, e.time());   // INIT: whatever the core was doing is gone
                enter(e.core(), t, State.WAITING, e.time());
            }
            case "wake", "start" -> enter(e.core(), t, State.RUNNING, e.time());
            default -> instant(e.core(), e.time(), e.name(), e, "t");
        }
    }

    /** The core's state span ends and another begins; handler spans pause while the core runs nothing. */
    private void enter(int core, Track t, State next, long time) {
        if (t.state == next) return;
        if (t.state == State.RUNNING) {
            for (OpenSpan h : t.handlers) {
                if (h.start >= 0) span(core, h.start, time, h.name, "interrupts", h.args);
                h.start = -1;
            }
        }
        span(core, t.since, time, t.state.label, "machine", List.of());
        t.state = next;
        t.since = time;
        if (next == State.RUNNING) {
            for (OpenSpan h : t.handlers) h.start = time;
        }
    }

    private void closeHandlers(int core, Track t, long time) {
        while (!t.handlers.isEmpty()) {
            OpenSpan h = t.handlers.pop();
            if (h.start >= 0) span(core, h.start, time, h.name, "interrupts", h.args);
        }
    }

    private void interrupt(TraceEvent e) throws IOException {
        Track t = track(e.core());
        if (e.name().equals("iret")) {
            OpenSpan h = t.handlers.poll();
            if (h != null && h.start >= 0) span(e.core(), h.start, e.time(), h.name, "interrupts", h.args);
            return;
        }
        String name = switch (e.name()) {
            case "exception" -> e.field("name");
            case "nmi" -> "NMI";
            case "software" -> "INT " + e.field("vector");
            default -> "interrupt " + e.field("vector");
        };
        if (e.name().equals("exception")) instant(e.core(), e.time(), name, e, "t");
        if (t.handlers.size() == MAX_NESTING) {
            OpenSpan oldest = t.handlers.removeLast();
            if (oldest.start >= 0) span(e.core(), oldest.start, e.time(), oldest.name, "interrupts", oldest.args);
        }
        t.handlers.push(new OpenSpan(name, e.fields(), e.time()));
    }

    private void span(int core, long start, long end, String name, String category, List<TraceEvent.Field> args) {
        if (end > start) spans.add(new Span(core, start, end, name, category, args));
    }

    private void instant(int core, long time, String name, TraceEvent e, String scope) throws IOException {
        line.setLength(0);
        line.append("{\"ph\":\"i\",\"s\":\"").append(scope).append("\",\"name\":");
        Json.string(line, name).append(",\"cat\":");
        Json.string(line, e.category().label());
        common(core, time);
        args(e.fields());
        line.append('}');
        emit();
    }

    private void common(int core, long time) {
        line.append(",\"pid\":").append(PID).append(",\"tid\":").append(tid(core)).append(",\"ts\":");
        micros(time);
    }

    private int tid(int core) {
        return core == TraceEvent.MACHINE ? machineTid : core;
    }

    private void micros(long nanos) {
        line.append(nanos / 1000).append('.');
        String frac = Long.toString(nanos % 1000);
        line.append("000", 0, 3 - frac.length()).append(frac);
    }

    private void args(List<TraceEvent.Field> fields) {
        if (fields.isEmpty()) return;
        line.append(",\"args\":{");
        Json.members(line, fields);
        line.append('}');
    }

    private void emit() throws IOException {
        if (!firstEvent) out.write(",\n");
        firstEvent = false;
        out.append(line);
    }

    private void metadata(String name, int tid, String value) throws IOException {
        line.setLength(0);
        line.append("{\"ph\":\"M\",\"name\":\"").append(name).append("\",\"pid\":").append(PID)
                .append(",\"tid\":").append(tid).append(",\"args\":{\"name\":");
        Json.string(line, value).append("}}");
        emit();
    }

    private void metadata(String name, int tid, int sortIndex) throws IOException {
        line.setLength(0);
        line.append("{\"ph\":\"M\",\"name\":\"").append(name).append("\",\"pid\":").append(PID)
                .append(",\"tid\":").append(tid).append(",\"args\":{\"sort_index\":").append(sortIndex).append("}}");
        emit();
    }

    @Override
    public void finish(long end) throws IOException {
        for (Map.Entry<Integer, Track> entry : tracks.entrySet()) {
            Track t = entry.getValue();
            closeHandlers(entry.getKey(), t, end);
            span(entry.getKey(), t.since, end, t.state.label, "machine", List.of());
        }
        // Start order per track, an enclosing span before the ones it encloses.
        spans.sort(Comparator.comparingInt(Span::tid).thenComparingLong(Span::start)
                .thenComparing(Comparator.comparingLong(Span::end).reversed()));
        for (Span s : spans) {
            line.setLength(0);
            line.append("{\"ph\":\"X\",\"name\":");
            Json.string(line, s.name()).append(",\"cat\":");
            Json.string(line, s.category());
            line.append(",\"pid\":").append(PID).append(",\"tid\":").append(tid(s.tid()))
                    .append(",\"ts\":");
            micros(s.start());
            line.append(",\"dur\":");
            micros(s.end() - s.start());
            args(s.args());
            line.append('}');
            emit();
        }
        out.write("\n]}\n");
        out.close();
    }
}

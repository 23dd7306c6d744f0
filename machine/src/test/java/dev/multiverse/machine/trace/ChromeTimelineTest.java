package dev.multiverse.machine.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.machine.trace.TraceEvent.Field.hex;
import static dev.multiverse.machine.trace.TraceEvent.Field.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeline's spans from event sequences: state spans, handler spans split around halts, start order per track. */
class ChromeTimelineTest {
    private final StringWriter file = new StringWriter();
    private final ChromeTimeline timeline;

    ChromeTimelineTest() throws IOException {
        timeline = new ChromeTimeline(file, ChromeTimeline.DEFAULT_CATEGORIES, 2);
    }

    private void event(long ns, int core, TraceCategory c, String name, TraceEvent.Field... fields) throws IOException {
        timeline.accept(new TraceEvent(ns, core, c, name, List.of(fields)));
    }

    /** "name ts+dur" of every X event on {@code tid}, in file order. */
    private List<String> spans(int tid) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toString());
        List<String> spans = new ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("tid").asInt() == tid) {
                spans.add(String.format(java.util.Locale.ROOT, "%s %.3f+%.3f", e.get("name").asText(),
                        e.get("ts").asDouble(), e.get("dur").asDouble()));
            }
        }
        return spans;
    }

    @Test
    void aHandlerThatHaltsIsSplitAroundTheHaltSoSpansNest() throws IOException {
        event(0, 0, TraceCategory.MACHINE, "state", text("state", "running"));
        event(0, 1, TraceCategory.MACHINE, "state", text("state", "waiting"));
        event(1000, 0, TraceCategory.INTERRUPTS, "external", hex("vector", 0x20));
        event(1500, 0, TraceCategory.INTERRUPTS, "exception", hex("vector", 14), text("name", "#PF"));
        event(1800, 0, TraceCategory.INTERRUPTS, "iret");
        event(2000, 0, TraceCategory.MACHINE, "halt");
        event(2500, 1, TraceCategory.MACHINE, "start", hex("vector", 8));
        event(3000, 0, TraceCategory.MACHINE, "wake");
        event(3250, 0, TraceCategory.INTERRUPTS, "iret");
        timeline.finish(4000);
        assertEquals(List.of("running 0.000+2.000", "interrupt 0x20 1.000+1.000", "#PF 1.500+0.300", "halted 2.000+1.000",
                "running 3.000+1.000", "interrupt 0x20 3.000+0.250"), spans(0));
        assertEquals(List.of("waiting for SIPI 0.000+2.500", "running 2.500+1.500"), spans(1));
    }

    @Test
    void resetClosesEverySpanAndInitMakesACoreWait() throws IOException {
        event(0, 0, TraceCategory.MACHINE, "state", text("state", "running"));
        event(0, 1, TraceCategory.MACHINE, "state", text("state", "running"));
        event(100, 1, TraceCategory.INTERRUPTS, "software", hex("vector", 0x80));
        event(200, TraceEvent.MACHINE, TraceCategory.MACHINE, "reset", text("reason", "test"));
        event(200, 1, TraceCategory.MACHINE, "wait-for-sipi");
        timeline.finish(300);
        assertEquals(List.of("running 0.000+0.200", "INT 0x80 0.100+0.100", "waiting for SIPI 0.200+0.100"), spans(1));
        JsonNode root = new ObjectMapper().readTree(file.toString());
        boolean globalReset = false;
        for (JsonNode e : root.get("traceEvents")) {
            globalReset |= e.get("name").asText().equals("machine reset") && e.get("s").asText().equals("g")
                    && e.get("tid").asInt() == 2;
        }
        assertTrue(globalReset, "a reset is a global instant on the machine's track");
    }

    @Test
    void instructionsNeverReachATimeline() throws IOException {
        ChromeTimeline all = new ChromeTimeline(new StringWriter(), TraceCategory.parse("all"), 1);
        assertTrue(!all.categories().contains(TraceCategory.INSTRUCTIONS) && all.categories().contains(TraceCategory.PAGING));
        ChromeTimeline io = new ChromeTimeline(new StringWriter(), TraceCategory.parse("io"), 1);
        assertEquals(java.util.Set.of(TraceCategory.IO, TraceCategory.MACHINE), io.categories());
    }
}

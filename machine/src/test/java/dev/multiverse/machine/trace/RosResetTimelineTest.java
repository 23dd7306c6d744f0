package dev.multiverse.machine.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.machine.trace.TraceEvent.Field.dec;
import static dev.multiverse.machine.trace.TraceEvent.Field.hex;
import static dev.multiverse.machine.trace.TraceEvent.Field.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An HVM's ROS reset on the timeline: the ROS cores' handler spans end there, the HRT core's go on. */
class RosResetTimelineTest {
    @Test
    void rosResetRestartsOnlyTheRosCoresTracks() throws IOException {
        StringWriter file = new StringWriter();
        ChromeTimeline timeline = new ChromeTimeline(file, ChromeTimeline.DEFAULT_CATEGORIES, 2);
        timeline.accept(new TraceEvent(0, 0, TraceCategory.MACHINE, "state", List.of(text("state", "running"))));
        timeline.accept(new TraceEvent(0, 1, TraceCategory.MACHINE, "state", List.of(text("state", "running"))));
        timeline.accept(new TraceEvent(100, 0, TraceCategory.INTERRUPTS, "software", List.of(hex("vector", 0x80))));
        timeline.accept(new TraceEvent(100, 1, TraceCategory.INTERRUPTS, "external", List.of(hex("vector", 0x40))));
        timeline.accept(new TraceEvent(200, TraceEvent.MACHINE, TraceCategory.MACHINE, "ros-reset",
                List.of(dec("cores", 1), text("reason", "test"))));
        timeline.accept(new TraceEvent(300, 1, TraceCategory.INTERRUPTS, "iret", List.of(hex("rip", 0x1000))));
        timeline.finish(400);
        assertEquals(List.of("running 0.000+0.400", "INT 0x80 0.100+0.100"), spans(file, 0),
                "the ROS core's handler ends at the reset");
        assertEquals(List.of("running 0.000+0.400", "interrupt 0x40 0.100+0.200"), spans(file, 1),
                "the HRT core's handler runs on through the ROS reset until its IRET");
        boolean instant = false;
        for (JsonNode e : new ObjectMapper().readTree(file.toString()).get("traceEvents")) {
            instant |= e.get("name").asText().equals("ROS reset") && e.get("s").asText().equals("g");
        }
        assertEquals(true, instant, "the ROS reset is a global instant");
    }

    /** "name ts+dur" of every X event on {@code tid}, in file order. */
    private static List<String> spans(StringWriter file, int tid) throws IOException {
        List<String> spans = new ArrayList<>();
        for (JsonNode e : new ObjectMapper().readTree(file.toString()).get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("tid").asInt() == tid) {
                spans.add(String.format(java.util.Locale.ROOT, "%s %.3f+%.3f", e.get("name").asText(),
                        e.get("ts").asDouble(), e.get("dur").asDouble()));
            }
        }
        return spans;
    }
}

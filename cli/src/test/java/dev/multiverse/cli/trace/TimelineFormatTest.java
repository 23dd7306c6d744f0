package dev.multiverse.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --timeline} writes the Chrome trace event format: parsed with a JSON parser and checked against its rules. */
class TimelineFormatTest {
    @TempDir
    Path dir;

    /** The rules Perfetto and chrome://tracing rely on; returns the events by phase for further checks. */
    static Map<String, List<JsonNode>> validate(JsonNode root, int cores) {
        assertTrue(root.isObject(), "the file is a JSON object");
        JsonNode events = root.get("traceEvents");
        assertTrue(events != null && events.isArray(), "it holds a traceEvents array");
        Map<String, List<JsonNode>> byPhase = new HashMap<>();
        Set<Integer> namedThreads = new HashSet<>();
        Map<Integer, Double> lastStart = new HashMap<>();
        Map<Integer, Deque<double[]>> open = new HashMap<>();
        for (JsonNode e : events) {
            for (String key : List.of("ph", "pid", "tid", "name")) assertTrue(e.has(key), key + " in " + e);
            assertTrue(e.get("pid").isInt() && e.get("tid").isInt(), "numeric pid and tid: " + e);
            String ph = e.get("ph").asText();
            byPhase.computeIfAbsent(ph, p -> new java.util.ArrayList<>()).add(e);
            int tid = e.get("tid").asInt();
            if (ph.equals("M")) {
                if (e.get("name").asText().equals("thread_name")) {
                    assertTrue(e.path("args").path("name").isTextual(), "a thread name: " + e);
                    namedThreads.add(tid);
                }
                continue;
            }
            assertTrue(e.get("ts").isNumber(), "ts is a number: " + e);
            assertTrue(e.get("ts").asDouble() >= 0, "ts not negative: " + e);
            switch (ph) {
                case "X" -> {
                    assertTrue(e.has("dur") && e.get("dur").isNumber() && e.get("dur").asDouble() >= 0, "X has a dur: " + e);
                    double ts = e.get("ts").asDouble(), end = ts + e.get("dur").asDouble();
                    assertTrue(ts >= lastStart.getOrDefault(tid, 0.0), "X events in ts order on track " + tid + ": " + e);
                    lastStart.put(tid, ts);
                    // Spans on one track nest: each lies within every span still open at its start.
                    Deque<double[]> stack = open.computeIfAbsent(tid, t -> new ArrayDeque<>());
                    while (!stack.isEmpty() && stack.peek()[1] <= ts + 1e-9) stack.pop();
                    if (!stack.isEmpty()) assertTrue(end <= stack.peek()[1] + 1e-9, "spans nest on track " + tid + ": " + e);
                    stack.push(new double[]{ts, end});
                }
                case "i" -> assertTrue(Set.of("t", "p", "g").contains(e.path("s").asText("t")), "instant scope: " + e);
                default -> throw new AssertionError("unexpected phase " + ph + ": " + e);
            }
        }
        for (int c = 0; c < cores; c++) assertTrue(namedThreads.contains(c), "thread_name metadata for core " + c);
        return byPhase;
    }

    @Test
    void twoCoresGetTheirTracksWithStateSpansIpisAndInterrupts() throws IOException {
        Path timeline = dir.resolve("smp.json");
        TraceRun r = TraceRun.rom(dir, "smp", "--cores", "2", "--timeline", timeline.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        Map<String, List<JsonNode>> events = validate(TraceRun.JSON.readTree(timeline.toFile()), 2);
        List<JsonNode> spans = events.get("X");
        assertTrue(spans.stream().anyMatch(e -> e.get("tid").asInt() == 0 && e.get("name").asText().equals("running")));
        assertTrue(spans.stream().anyMatch(e -> e.get("tid").asInt() == 1 && e.get("name").asText().equals("waiting for SIPI")
                && e.get("ts").asDouble() == 0), "core 1 waits for its SIPI from the start");
        assertTrue(spans.stream().anyMatch(e -> e.get("tid").asInt() == 1 && e.get("name").asText().equals("running")),
                "then runs");
        List<JsonNode> instants = events.get("i");
        assertTrue(instants.stream().anyMatch(e -> e.get("tid").asInt() == 0 && e.get("name").asText().startsWith("IPI startup")
                && e.get("cat").asText().equals("ipis")), "the SIPI on core 0's track");
        assertTrue(instants.stream().anyMatch(e -> e.get("tid").asInt() == 1 && e.get("name").asText().equals("IPI from core 0")));
        assertTrue(instants.stream().anyMatch(e -> e.get("cat").asText().equals("io") && e.path("args").path("port").asText().equals("0x3f8")),
                "serial output as port I/O");
    }

    @Test
    void timerInterruptsAreHandlerSpansAndHaltsAreIdleSpans() throws IOException {
        Path timeline = dir.resolve("pit.json");
        TraceRun r = TraceRun.rom(dir, "pit", "--trace-events", "interrupts,machine", "--timeline", timeline.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        Map<String, List<JsonNode>> events = validate(TraceRun.JSON.readTree(timeline.toFile()), 1);
        List<JsonNode> spans = events.get("X");
        assertTrue(spans.stream().anyMatch(e -> e.get("name").asText().startsWith("interrupt 0x")
                && e.get("cat").asText().equals("interrupts") && e.get("dur").asDouble() > 0), "a handler span");
        assertTrue(spans.stream().anyMatch(e -> e.get("name").asText().equals("halted")), "the core halts waiting for the timer");
        assertFalse(events.containsKey("B"), "complete events only");
    }
}

package dev.multiverse.machine.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;

import static dev.multiverse.machine.trace.TraceEvent.Field.dec;
import static dev.multiverse.machine.trace.TraceEvent.Field.hex;
import static dev.multiverse.machine.trace.TraceEvent.Field.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event log's two line formats and the category names. */
class EventLogTest {
    private static final TraceEvent OUT = new TraceEvent(1234, 0, TraceCategory.IO, "out",
            List.of(hex("port", 0x3f8), dec("size", 1), hex("value", 0x41), text("device", "Uart16550")));
    private static final TraceEvent INSN = new TraceEvent(7, TraceEvent.MACHINE, TraceCategory.INSTRUCTIONS, "insn",
            List.of(text("asm", "mov    $\"x\",%dx")));

    private static String write(EventLog.Format format, TraceEvent... events) throws IOException {
        StringWriter out = new StringWriter();
        EventLog log = new EventLog(out, format, EnumSet.allOf(TraceCategory.class));
        for (TraceEvent e : events) log.accept(e);
        log.finish(0);
        return out.toString();
    }

    @Test
    void textLinesQuoteValuesWithSpaces() throws IOException {
        assertEquals("1234 0 io out port=0x3f8 size=1 value=0x41 device=Uart16550\n"
                + "7 - instructions insn asm=\"mov    $\\\"x\\\",%dx\"\n", write(EventLog.Format.TEXT, OUT, INSN));
    }

    @Test
    void jsonLinesKeepNumbersAsNumbersAndHexAsStrings() throws IOException {
        List<String> lines = write(EventLog.Format.JSON, OUT, INSN).lines().toList();
        JsonNode out = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1234, out.get("ns").asLong());
        assertEquals(0, out.get("core").asInt());
        assertEquals("io", out.get("category").asText());
        assertEquals("out", out.get("event").asText());
        assertEquals("0x3f8", out.get("port").asText());
        assertEquals(1, out.get("size").intValue());
        JsonNode insn = new ObjectMapper().readTree(lines.get(1));
        assertEquals(-1, insn.get("core").asInt());
        assertEquals("mov    $\"x\",%dx", insn.get("asm").asText());
    }

    @Test
    void categoryNames() {
        assertEquals(EnumSet.of(TraceCategory.IO, TraceCategory.IPIS), TraceCategory.parse("io, ipis"));
        assertEquals(EnumSet.allOf(TraceCategory.class), TraceCategory.parse("all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceCategory.parse("io,"));
        assertEquals("unknown trace event kind \"\" (kinds: instructions, interrupts, ipis, io, mmio, paging, modes, "
                + "hypercalls, machine, or all)", e.getMessage());
    }
}

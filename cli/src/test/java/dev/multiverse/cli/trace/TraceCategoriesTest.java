package dev.multiverse.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each event category, traced on a test ROM that exercises it, as JSON lines read back with a JSON parser. */
class TraceCategoriesTest {
    @TempDir
    Path dir;

    private List<JsonNode> trace(String rom, String kinds, String... extra) throws IOException {
        Path out = dir.resolve(rom + "-" + kinds.replace(',', '-') + ".jsonl");
        String[] args = new String[extra.length + 6];
        System.arraycopy(extra, 0, args, 0, extra.length);
        System.arraycopy(new String[]{"--trace-events", kinds, "--trace-out", out.toString(), "--trace-format", "json"},
                0, args, extra.length, 6);
        TraceRun r = TraceRun.rom(dir, rom, args);
        assertEquals(1, r.status(), rom + " passes while traced:\n" + r.out() + r.err());
        List<JsonNode> events = TraceRun.jsonLines(out);
        for (JsonNode e : events) {
            assertTrue(e.get("ns").isIntegralNumber() && e.get("core").isInt() && e.get("category").isTextual()
                    && e.get("event").isTextual(), "every line has ns, core, category and event: " + e);
            assertTrue(List.of(kinds.split(",")).contains(e.get("category").asText()), "only the kinds asked for: " + e);
        }
        return events;
    }

    private static void assertAny(List<JsonNode> events, String what, Predicate<JsonNode> p) {
        assertTrue(events.stream().anyMatch(p), what);
    }

    private static boolean is(JsonNode e, String key, String value) {
        return e.path(key).asText().equals(value);
    }

    @Test
    void portIoAndInterrupts() throws IOException {
        List<JsonNode> events = trace("uart", "io,interrupts");
        assertAny(events, "the PIC programmed through port 0x21", e -> is(e, "event", "out") && is(e, "port", "0x21")
                && is(e, "device", "DualPic") && e.get("size").asInt() == 1);
        assertAny(events, "COM1 output", e -> is(e, "event", "out") && is(e, "port", "0x3f8") && is(e, "device", "Uart16550"));
        assertAny(events, "the line status read", e -> is(e, "event", "in") && is(e, "port", "0x3fd")
                && e.get("value").asText().startsWith("0x"));
        assertAny(events, "the UART's external interrupt", e -> is(e, "category", "interrupts") && is(e, "event", "external")
                && is(e, "vector", "0x24") && e.has("rip") && e.has("handler"));
        assertAny(events, "the handler's IRET", e -> is(e, "event", "iret"));
        long last = -1;
        for (JsonNode e : events) {
            assertTrue(e.get("ns").asLong() >= last, "one core's events in time order: " + e);
            last = e.get("ns").asLong();
        }
    }

    @Test
    void timerInterruptsWakeTheHaltedCore() throws IOException {
        List<JsonNode> events = trace("pit", "interrupts,machine");
        assertAny(events, "the PIT's interrupt", e -> is(e, "event", "external") && is(e, "vector", "0x20"));
        assertAny(events, "a halt", e -> is(e, "event", "halt") && e.has("rip"));
        for (int i = 0; i + 1 < events.size(); i++) {
            if (is(events.get(i), "event", "wake")) {
                assertEquals("external", events.get(i + 1).get("event").asText(), "a wake-up is followed by its interrupt");
            }
        }
        assertAny(events, "a wake-up", e -> is(e, "event", "wake"));
    }

    @Test
    void ipisAndTheApplicationProcessorsStart() throws IOException {
        List<JsonNode> events = trace("smp", "ipis,machine", "--cores", "2");
        assertAny(events, "INIT to core 1", e -> is(e, "event", "ipi") && e.get("core").asInt() == 0 && is(e, "dest", "1")
                && is(e, "mode", "init"));
        assertAny(events, "SIPI to core 1 with its vector", e -> is(e, "event", "ipi") && is(e, "dest", "1")
                && is(e, "mode", "startup") && e.get("vector").asText().startsWith("0x"));
        assertAny(events, "core 1 waits from power-on", e -> is(e, "event", "state") && e.get("core").asInt() == 1
                && is(e, "state", "waiting"));
        assertAny(events, "core 1 starts", e -> is(e, "event", "start") && e.get("core").asInt() == 1);
    }

    @Test
    void modeSwitches() throws IOException {
        List<JsonNode> events = trace("modes", "modes");
        assertAny(events, "starts in protected mode (Multiboot)", e -> is(e, "mode", "protected") && e.get("bits").asInt() == 32);
        assertAny(events, "real mode", e -> is(e, "mode", "real"));
        assertAny(events, "64-bit long mode with 4-level paging", e -> is(e, "mode", "long") && e.get("bits").asInt() == 64
                && is(e, "paging", "4-level"));
        for (int i = 1; i < events.size(); i++) {
            JsonNode a = events.get(i - 1), b = events.get(i);
            boolean same = a.get("mode").equals(b.get("mode")) && a.get("bits").equals(b.get("bits"))
                    && a.get("paging").equals(b.get("paging")) && a.get("cpl").equals(b.get("cpl"));
            assertTrue(!same || a.get("core").asInt() != b.get("core").asInt(), "only changes are reported: " + b);
        }
    }

    @Test
    void pageWalksAndPageFaults() throws IOException {
        List<JsonNode> events = trace("pagefault", "paging,interrupts");
        assertAny(events, "walks that fill the TLB", e -> is(e, "event", "walk") && is(e, "tlb", "filled") && e.has("physical")
                && is(e, "page", "4K"));
        assertAny(events, "a walk that faults", e -> is(e, "category", "paging") && is(e, "event", "fault") && e.has("error"));
        assertAny(events, "the #PF with its error code and CR2", e -> is(e, "event", "exception") && is(e, "name", "#PF")
                && is(e, "vector", "0xe") && e.has("error") && e.has("cr2"));
    }

    @Test
    void localApicAndIoApicMmio() throws IOException {
        assertAny(trace("apic", "mmio"), "local APIC register accesses", e -> is(e, "device", "LocalApic")
                && e.get("address").asText().startsWith("0xfee"));
        List<JsonNode> ioapic = trace("ioapic", "mmio");
        assertAny(ioapic, "IOAPIC register writes", e -> is(e, "device", "IoApic") && is(e, "event", "write")
                && is(e, "address", "0xfec00000"));
        assertAny(ioapic, "IOAPIC window reads", e -> is(e, "device", "IoApic") && is(e, "event", "read")
                && e.get("size").asInt() == 4);
    }

    @Test
    void hypercallsAndTheirUndefinedOpcode() throws IOException {
        List<JsonNode> events = trace("sysinsn", "hypercalls,interrupts");
        assertAny(events, "vmcall with its registers", e -> is(e, "event", "vmcall") && e.has("rax") && is(e, "handler", "none"));
        assertAny(events, "vmmcall", e -> is(e, "event", "vmmcall"));
        assertAny(events, "#UD since no hypercall handler serves it", e -> is(e, "name", "#UD"));
    }

    @Test
    void traceIsShortForInstructionEventsInText() throws IOException {
        Path alias = dir.resolve("alias.txt"), full = dir.resolve("full.txt");
        TraceRun a = TraceRun.rom(dir, "hello", "--trace", alias.toString());
        TraceRun b = TraceRun.rom(dir, "hello", "--trace-events", "instructions", "--trace-out", full.toString());
        assertEquals(a.out(), b.out());
        List<String> lines = Files.readAllLines(alias);
        assertEquals(lines, Files.readAllLines(full));
        assertTrue(lines.size() > 100, "one line per instruction");
        assertTrue(lines.getFirst().matches("\\d+ 0 instructions insn rip=0x[0-9a-f]+ bytes=[0-9a-f]+ asm=\\S.*"), lines.getFirst());
        assertTrue(lines.stream().anyMatch(l -> l.matches(".* asm=\"out +%al,\\(%dx\\)\"")), "OUT, which changes no register");
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.debug.Breakpoint;
import dev.multiverse.machine.debug.DebugException;
import dev.multiverse.machine.debug.DebugSession;
import dev.multiverse.machine.debug.StopEvent;
import dev.multiverse.machine.debug.WatchHit;
import dev.multiverse.machine.debug.WatchKind;
import dev.multiverse.machine.debug.Watchpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The commands of {@code multiverse debug}, one line at a time, against a {@link DebugSession}; what they
 * print goes to {@code out}. A command that cannot be carried out prints one "error: ..." line and changes
 * nothing. The current core (the one {@code step}, {@code next}, {@code regs} and the memory commands use
 * by default) is the one that last stopped, core 0 at first.
 */
final class DebugShell {
    static final String HELP = """
            Running (execution stops at breakpoints and watchpoints; Ctrl-C stops a running guest):
              step [N] [on core C]   execute N instructions (default 1) on the current core or core C alone
              next                   step over a CALL (run until it returns), else step
              continue               run every core until a breakpoint, watchpoint, Ctrl-C or the guest's end
              until ADDR             continue until any core reaches ADDR
              core C                 make core C the current core
            Breakpoints and watchpoints:
              break ADDR [on core C] stop before the instruction at ADDR (tbreak: only once)
              tbreak ADDR [on core C]
              watch read|write|access ADDR LEN   stop after an instruction that accesses LEN (1-8) bytes at ADDR
              delete [N]             delete breakpoint/watchpoint N, or all
              info breakpoints       list them
            State (C defaults to the current core):
              regs [C]               general, segment (with descriptor caches), control, MSR, x87 and SSE registers
              mem ADDR LEN           hex dump of virtual (linear) memory through the core's page tables
              phys ADDR LEN          hex dump of physical memory
              disasm [ADDR] [N]      disassemble N instructions (default 10) at ADDR (default RIP)
              pagewalk VA            the page walk of VA: each level's entry and flags, the result
              tlb [C]                the core's TLB entries
              idt [C] / gdt [C]      decoded descriptor tables
              apic [C]               local APIC registers
              ioapic                 IOAPIC registers and redirection table
              cores                  every core's mode, RIP, state, instruction and cycle counts
              cycles                 every core's instruction and cycle counts
              trace on|off KIND      event tracing of a kind
              symbols FILE [OFFSET]  load symbols (ELF or System.map) moved by OFFSET (hex, may be negative)
              help                   this text
              quit                   leave (the guest stops where it is)
            Addresses: hex (0x optional), a symbol, or symbol+offset.""";

    /** The command words, for completion at the prompt. */
    static final List<String> COMMANDS = List.of("step", "next", "continue", "until", "core", "break", "tbreak", "watch",
            "delete", "info", "regs", "mem", "phys", "disasm", "pagewalk", "tlb", "idt", "gdt", "apic", "ioapic", "cores",
            "cycles", "trace", "symbols", "help", "quit");

    private final DebugSession session;
    private final PrintStream out;
    private final StateReport report;
    private final TraceControl trace;
    private int current;
    private boolean quit;

    DebugShell(DebugSession session, PrintStream out, TraceControl trace) {
        this.session = session;
        this.out = out;
        this.report = new StateReport(session, out);
        this.trace = trace;
    }

    /** Whether {@code quit} was given. */
    boolean quitRequested() {
        return quit;
    }

    /** Runs one command line; blank lines and # comments do nothing. */
    void execute(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) return;
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        String command = words.removeFirst().toLowerCase(Locale.ROOT);
        try {
            dispatch(command, words);
        } catch (DebugException | UsageError e) {
            out.println("error: " + e.getMessage());
        }
        out.flush();
    }

    /** A command given wrongly; the message is one line. */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private void dispatch(String command, List<String> a) {
        switch (command) {
            case "step", "s", "stepi", "si" -> step(a);
            case "next", "n", "nexti", "ni" -> {
                arity(a, 0, 0, "next");
                stopped(session.next(current));
            }
            case "continue", "c", "cont" -> {
                arity(a, 0, 0, "continue");
                stopped(session.resume());
            }
            case "until", "u" -> {
                arity(a, 1, 1, "until ADDR");
                stopped(session.runUntil(session.resolve(a.getFirst())));
            }
            case "core" -> {
                arity(a, 1, 1, "core C");
                current = core(a.getFirst());
                out.println("current core: " + current);
            }
            case "break", "b", "tbreak" -> breakpoint(a, command.equals("tbreak"));
            case "watch" -> watch(a);
            case "delete", "d" -> delete(a);
            case "info" -> {
                if (a.size() != 1 || !"breakpoints".startsWith(a.getFirst()) || a.getFirst().length() < 1) {
                    throw new UsageError("usage: info breakpoints");
                }
                infoBreakpoints();
            }
            case "regs", "registers" -> report.registers(coreArg(a, "regs [C]"));
            case "mem", "x" -> {
                arity(a, 2, 2, "mem ADDR LEN");
                long address = session.resolve(a.get(0));
                int length = length(a.get(1));
                report.dump(address, session.readVirtual(current, address, length));
            }
            case "phys" -> {
                arity(a, 2, 2, "phys ADDR LEN");
                long address = session.resolve(a.get(0));
                report.dump(address, session.readPhysical(address, length(a.get(1))));
            }
            case "disasm", "disassemble" -> {
                arity(a, 0, 2, "disasm [ADDR] [N]");
                long address = a.isEmpty() ? DebugSession.linearRip(session.cpu(current)) : session.resolve(a.get(0));
                int count = a.size() > 1 ? length(a.get(1)) : 10;
                report.disassembly(current, address, count);
            }
            case "pagewalk", "pw" -> {
                arity(a, 1, 1, "pagewalk VA");
                report.pageWalk(current, session.resolve(a.getFirst()));
            }
            case "tlb" -> report.tlb(coreArg(a, "tlb [C]"));
            case "idt" -> report.table("IDT", coreArg(a, "idt [C]"), session.idt(coreArg(a, "idt [C]")));
            case "gdt" -> report.table("GDT", coreArg(a, "gdt [C]"), session.gdt(coreArg(a, "gdt [C]")));
            case "apic" -> report.localApic(coreArg(a, "apic [C]"));
            case "ioapic" -> {
                arity(a, 0, 0, "ioapic");
                report.ioApic();
            }
            case "cores" -> {
                arity(a, 0, 0, "cores");
                report.cores(current);
            }
            case "cycles" -> {
                arity(a, 0, 0, "cycles");
                report.cycles();
            }
            case "trace" -> {
                arity(a, 2, 2, "trace on|off KIND");
                String on = a.get(0).toLowerCase(Locale.ROOT);
                if (!on.equals("on") && !on.equals("off")) throw new UsageError("usage: trace on|off KIND");
                out.println(trace.set(on.equals("on"), a.get(1)));
            }
            case "symbols" -> symbols(a);
            case "help", "h", "?" -> out.println(HELP);
            case "quit", "q", "exit" -> quit = true;
            default -> throw new UsageError("unknown command \"" + command + "\" (help lists the commands)");
        }
    }

    private void step(List<String> a) {
        long n = 1;
        int core = current;
        List<String> rest = new ArrayList<>(a);
        int on = rest.indexOf("on");
        if (on >= 0) {
            if (rest.size() != on + 3 || !rest.get(on + 1).equals("core")) throw new UsageError("usage: step [N] [on core C]");
            core = core(rest.get(on + 2));
            rest = rest.subList(0, on);
        }
        if (rest.size() > 1) throw new UsageError("usage: step [N] [on core C]");
        if (!rest.isEmpty()) n = count(rest.getFirst());
        stopped(session.step(core, n));
    }

    private void breakpoint(List<String> a, boolean temporary) {
        String usage = (temporary ? "tbreak" : "break") + " ADDR [on core C]";
        int core = -1;
        if (a.size() == 4 && a.get(1).equals("on") && a.get(2).equals("core")) {
            core = core(a.get(3));
        } else {
            arity(a, 1, 1, usage);
        }
        long address = session.resolve(a.getFirst());
        Breakpoint bp = session.addBreakpoint(address, temporary, core);
        out.println(report.describe(bp));
    }

    private void watch(List<String> a) {
        arity(a, 3, 3, "watch read|write|access ADDR LEN");
        WatchKind kind = switch (a.get(0).toLowerCase(Locale.ROOT)) {
            case "read" -> WatchKind.READ;
            case "write" -> WatchKind.WRITE;
            case "access" -> WatchKind.ACCESS;
            default -> throw new UsageError("usage: watch read|write|access ADDR LEN");
        };
        Watchpoint wp = session.addWatchpoint(kind, session.resolve(a.get(1)), length(a.get(2)));
        out.println(report.describe(wp));
    }

    private void delete(List<String> a) {
        arity(a, 0, 1, "delete [N]");
        if (a.isEmpty()) {
            session.deleteAll();
            out.println("deleted every breakpoint and watchpoint");
            return;
        }
        int id = (int) count(a.getFirst());
        if (!session.delete(id)) throw new DebugException("no breakpoint or watchpoint " + id);
        out.println("deleted " + id);
    }

    private void infoBreakpoints() {
        if (session.breakpoints().isEmpty() && session.watchpoints().isEmpty()) {
            out.println("no breakpoints or watchpoints");
            return;
        }
        for (Breakpoint bp : session.breakpoints()) out.println(report.describe(bp));
        for (Watchpoint wp : session.watchpoints()) out.println(report.describe(wp));
    }

    private void symbols(List<String> a) {
        arity(a, 1, 2, "symbols FILE [OFFSET]");
        String o = a.size() > 1 ? a.get(1) : "0";
        long offset = o.startsWith("-") ? -session.resolve(o.substring(1)) : session.resolve(o);
        try {
            int n = session.symbols().load(Path.of(a.getFirst()), offset);
            out.println(String.format("loaded %d symbols from %s at offset %s0x%x", n, a.getFirst(), offset < 0 ? "-" : "",
                    Math.abs(offset)));
        } catch (IOException | InvalidPathException e) {
            throw new DebugException("cannot load symbols from " + a.getFirst() + ": " + Main.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Reports a stop and makes its core the current one. */
    private void stopped(StopEvent e) {
        trace.flush();   // the events traced on the way come before the stop
        switch (e.kind()) {
            case ENDED -> {
                out.println("the guest has ended: " + DebugSession.describeEnd(e.result()));
                return;
            }
            case BREAKPOINT -> out.println((e.breakpoint().temporary() ? "temporary breakpoint " : "breakpoint ")
                    + e.breakpoint().id() + " hit on core " + e.core());
            case WATCHPOINT -> out.println(describe(e.watch(), e.core()));
            case INTERRUPTED -> out.println("interrupted on core " + e.core());
            case CORE_IDLE -> {
                out.println("core " + e.core() + " cannot run alone now: " + session.cores().get(e.core()).state());
                return;
            }
            case STEPPED -> { }
        }
        current = e.core();
        report.where(e.core());
    }

    private String describe(WatchHit hit, int core) {
        Watchpoint wp = hit.watchpoint();
        return String.format("watchpoint %d hit on core %d: %s of %d bytes at 0x%x; watched %d bytes at 0x%x: %s -> %s",
                wp.id(), core, hit.write() ? "write" : "read", hit.size(), hit.linear(), wp.length(), wp.address(),
                hit.before() == null ? "unmapped" : "0x" + Long.toHexString(hit.before()),
                hit.after() == null ? "unmapped" : "0x" + Long.toHexString(hit.after()));
    }

    private int coreArg(List<String> a, String usage) {
        arity(a, 0, 1, usage);
        return a.isEmpty() ? current : core(a.getFirst());
    }

    private int core(String text) {
        int c = (int) count(text);
        session.cpu(c);   // checks it exists
        return c;
    }

    private static long count(String text) {
        try {
            long n = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageError("\"" + text + "\" is not a count");
        }
    }

    private static int length(String text) {
        long n = count(text);
        if (n < 1 || n > 1 << 20) throw new UsageError("a length must be 1 to 1048576, not " + text);
        return (int) n;
    }

    private static void arity(List<String> a, int min, int max, String usage) {
        if (a.size() < min || a.size() > max) throw new UsageError("usage: " + usage);
    }
}

package dev.multiverse.cli.debug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code multiverse debug --script} on the test ROMs, checked by what it prints. */
class DebugCommandTest {
    @TempDir
    Path dir;

    @Test
    void breaksOnASymbolAndShowsRegistersCodeAndPageWalks() {
        DebugScript s = DebugScript.run(dir, "hello", """
                break rom_main
                info breakpoints
                continue
                regs
                disasm rom_main 3
                step 3
                pagewalk rom_main
                pagewalk 0x7fff00000000
                continue
                """);
        assertEquals(1, s.status(), "the guest's exit status, as run gives it\n" + s.out() + s.err());
        assertTrue(s.out().startsWith("multiverse debug: "), s.out());
        assertTrue(s.out().contains("core 0  32-bit protected mode"), "stopped before the first instruction:\n" + s.out());
        assertTrue(s.after("break rom_main").matches("breakpoint 1 at 0x[0-9a-f]+ <rom_main>\n"), s.out());
        assertTrue(s.after("info breakpoints").startsWith("breakpoint 1 at 0x"), s.out());
        String hit = s.after("continue");
        assertTrue(hit.startsWith("breakpoint 1 hit on core 0\ncore 0 at 0x"), hit);
        assertTrue(hit.contains(" <rom_main>: 55  push   %rbp\n"), hit);
        String regs = s.after("regs");
        assertTrue(regs.startsWith("core 0, 64-bit mode\nrax  "), regs);
        assertTrue(regs.contains("\nrip  "), regs);
        assertTrue(regs.contains(" <rom_main>\n"), regs);
        assertTrue(regs.contains("\ncs   0008 base 0000000000000000 limit ffffffff attr a09b code 64-bit exec/read DPL0 G\n"), regs);
        assertTrue(Pattern.compile("\ncr0 0000000080000011 .*efer 0000000000000500", Pattern.DOTALL).matcher(regs).find(), regs);
        assertTrue(regs.contains("\nfcw ") && regs.contains("\nst7 ") && regs.contains("  xmm15 ") && regs.contains("\nmxcsr 00001f80\n"), regs);
        String code = s.after("disasm rom_main 3");
        assertTrue(code.startsWith("<rom_main>:\n"), code);
        assertTrue(code.contains(":  55                       push   %rbp\n"), code);
        assertEquals(4, code.lines().count(), code);
        assertTrue(s.after("step 3").matches("core 0 at 0x[0-9a-f]+ <rom_main\\+0x[0-9a-f]+>: .*\n"), s.out());
        String mapped = s.after("pagewalk rom_main");
        assertTrue(mapped.contains("4-level paging"), mapped);
        assertTrue(mapped.contains("\n  PML4E [  0] at 0x"), mapped);
        assertTrue(mapped.contains(" P RW "), mapped);
        assertTrue(mapped.contains("  -> physical 0x"), mapped);
        String unmapped = s.after("pagewalk 0x7fff00000000");
        assertTrue(unmapped.contains("  PML4E [255] at 0x"), unmapped);
        assertTrue(unmapped.endsWith("  not mapped: PML4E not present\n"), unmapped);
        String end = s.out().substring(s.out().lastIndexOf("(mv) continue\n"));
        assertTrue(end.contains("Hello from Multiverse!"), end);
        assertTrue(end.endsWith("ALL PASS\nthe guest has ended: the guest exited through isa-debug-exit, exit status 1\n"), end);
    }

    @Test
    void nextStepsOverACall() {
        DebugSession listing = DebugSession.of(DebugScript.run(dir, "hello", "disasm rom_main 12\n"));
        Matcher call = Pattern.compile("\n +([0-9a-f]+):  ((?:[0-9a-f]{2} )+) +call ").matcher(listing.text());
        assertTrue(call.find(), listing.text());
        long at = Long.parseLong(call.group(1), 16);
        long length = call.group(2).strip().split(" ").length;
        DebugScript s = DebugScript.run(dir, "hello", "until 0x" + Long.toHexString(at) + "\nnext\n");
        assertTrue(s.after("until 0x" + Long.toHexString(at)).startsWith("temporary breakpoint 1 hit on core 0\ncore 0 at 0x"
                + Long.toHexString(at) + " <rom_main+"), s.out());
        String next = s.after("next");
        assertTrue(next.startsWith("Hello from Multiverse!"), "the call ran and printed:\n" + next);
        assertTrue(next.contains("core 0 at 0x" + Long.toHexString(at + length) + " <rom_main+"), next);
        assertEquals(0, s.status(), "the guest has not ended");
    }

    /** The output of a script run, for the tests that only need its text. */
    private record DebugSession(String text) {
        static DebugSession of(DebugScript s) {
            return new DebugSession(s.out());
        }
    }

    @Test
    void aWatchpointStopsAfterTheWriteWithOldAndNewValues() {
        Path rom = DebugScript.rom("modes", dir);
        String offset = "0x8000-modes_blob";
        // The ROM copies the blob (r_seg among it) below 1 MiB first: watch the copy once it runs there.
        DebugScript s = DebugScript.run(dir, "modes",
                "symbols " + rom + " " + offset + "\nbreak rm\ncontinue\nwatch write r_seg 2\ncontinue\nregs\n");
        assertTrue(s.after("watch write r_seg 2").matches("watchpoint 2: write 2 bytes at 0x[0-9a-f]+ <r_seg>\n"), s.out());
        String hit = s.out().substring(s.out().lastIndexOf("(mv) continue\n"));
        assertTrue(Pattern.compile("watchpoint 2 hit on core 0: write of 2 bytes at 0x[0-9a-f]+; watched 2 bytes at 0x[0-9a-f]+: 0x0 -> 0xbeef\n"
                + "core 0 at 0x[0-9a-f]+ <rm\\+0x[0-9a-f]+>: ").matcher(hit).find(), hit);
        assertTrue(s.after("regs").startsWith("core 0, real mode\n"), s.out());
        assertTrue(s.after("regs").contains("rbx  000000000000beef"), s.out());
    }

    @Test
    void stepsOneCoreOfTwoWhileTheOtherWaits() {
        DebugScript s = DebugScript.run(dir, "smp", """
                break ap_main
                continue
                cores
                step on core 1
                step 2 on core 1
                cores
                """, "--cores", "2");
        String hit = s.after("continue");
        assertTrue(hit.contains("breakpoint 1 hit on core 1\ncore 1 at 0x"), hit);
        assertTrue(hit.contains(" <ap_main>: "), hit);
        String before = s.after("cores");
        long core0Before = Long.parseLong(coreLine(before, 0).group(1));
        long core1Before = Long.parseLong(coreLine(before, 1).group(1));
        assertTrue(s.after("step on core 1").startsWith("core 1 at 0x"), s.out());
        String after = s.out().substring(s.out().indexOf("(mv) step 2 on core 1"));
        assertEquals(core0Before, Long.parseLong(coreLine(after, 0).group(1)), "core 0 did not run");
        assertEquals(core1Before + 3, Long.parseLong(coreLine(after, 1).group(1)), "core 1 ran 3 instructions");
    }

    private static Matcher coreLine(String out, int core) {
        Matcher m = Pattern.compile("[ *] core " + core + " .* (\\d+) instructions").matcher(out);
        assertTrue(m.find(), out);
        return m;
    }

    @Test
    void continuingUnderTheDebuggerRunsExactlyAsRun() {
        DebugScript run = DebugScript.main("run", "--kernel", DebugScript.rom("smp", dir).toString(), "--cores", "2", "--stats");
        DebugScript debug = DebugScript.run(dir, "smp", """
                break ap_main
                watch write aps_started 4
                continue
                continue
                continue
                delete
                continue
                cycles
                """, "--cores", "2");
        assertEquals(run.status(), debug.status(), debug.out() + debug.err());
        String cycles = debug.after("cycles");
        for (String line : run.err().lines().filter(l -> l.startsWith("core ")).toList()) {
            Matcher m = Pattern.compile("core (\\d+): (\\d+) instructions, (\\d+) cycles").matcher(line);
            assertTrue(m.find(), line);
            assertTrue(cycles.contains("core " + m.group(1) + ": " + m.group(3) + " cycles, " + m.group(2) + " instructions\n"),
                    "run: " + line + "\ndebug: " + cycles);
        }
        assertTrue(debug.out().contains("SUMMARY: 9 checks passed"), debug.out());
    }

    @Test
    void aWrongCommandPrintsOneLineAndTheScriptGoesOn() {
        DebugScript s = DebugScript.run(dir, "hello", """
                frobnicate
                break no_such_symbol
                step on core 5
                watch write 0x1000 9
                break rom_main
                continue
                mem 0x7fff00000000 16
                step 1
                """);
        assertEquals("error: unknown command \"frobnicate\" (help lists the commands)\n", s.after("frobnicate"));
        assertEquals("error: no symbol \"no_such_symbol\" and not a hex address\n", s.after("break no_such_symbol"));
        assertEquals("error: no core 5 (the machine has 1 core)\n", s.after("step on core 5"));
        assertEquals("error: 0x7fff00000000 is not mapped (PML4E not present)\n", s.after("mem 0x7fff00000000 16"));
        assertEquals("error: a watchpoint covers 1 to 8 bytes, not 9\n", s.after("watch write 0x1000 9"));
        assertTrue(s.after("step 1").startsWith("core 0 at 0x"), s.out());
        assertEquals(0, s.status());
    }

    @Test
    void tracesTheKindsSwitchedOnAmongTheSession() {
        Path rom = DebugScript.rom("modes", dir);
        DebugScript s = DebugScript.run(dir, "modes", "symbols " + rom + " 0x8000-modes_blob\n" + """
                break pm32_entry
                continue
                trace on modes,interrupts
                until rm
                trace off modes
                break rm_isr
                continue
                trace off interrupts
                trace on nonsense
                """);
        assertEquals("tracing interrupts, modes\n", s.after("trace on modes,interrupts").replaceAll("(?m)^\\d+ 0 machine .*\n", ""));
        String down = s.after("until rm");
        assertTrue(Pattern.compile("^\\d+ 0 modes mode mode=protected bits=32 paging=off cpl=0 rip=0x[0-9a-f]+\n"
                + "\\d+ 0 modes mode mode=protected bits=16 paging=off cpl=0 rip=0x[0-9a-f]+\n"
                + "\\d+ 0 modes mode mode=real bits=16 paging=off cpl=0 rip=0x[0-9a-f]+\n"
                + "temporary breakpoint 2 hit on core 0\n").matcher(down).find(), down);
        assertEquals("tracing interrupts\n", s.after("trace off modes"));
        String isr = s.out().substring(s.out().lastIndexOf("(mv) continue"));
        assertTrue(Pattern.compile("\n\\d+ 0 interrupts software vector=0x40 rip=0x[0-9a-f]+ handler=0x[0-9a-f]+\n"
                + "breakpoint 3 hit on core 0\n").matcher(isr).find(), isr);
        assertEquals("tracing is off\n", s.after("trace off interrupts"));
        assertTrue(s.after("trace on nonsense").startsWith("error: unknown trace event kind \"nonsense\""), s.out());
    }

    @Test
    void showsTablesDevicesAndCounters() {
        DebugScript s = DebugScript.run(dir, "hello", """
                break rom_main
                continue
                mem rom_main 16
                phys 0x100000 8
                gdt
                idt
                tlb
                apic 0
                ioapic
                cycles
                help
                """);
        assertTrue(s.after("mem rom_main 16").matches("[0-9a-f]{16}  55 .*\\|.*\\|\n"), s.out());
        assertTrue(s.after("phys 0x100000 8").startsWith("0000000000100000  "), s.out());
        String gdt = s.after("gdt");
        assertTrue(gdt.startsWith("core 0 GDT base 0x"), gdt);
        assertTrue(gdt.contains("code 64-bit exec/read"), gdt);
        String idt = s.after("idt");
        assertTrue(idt.startsWith("core 0 IDT base 0x"), idt);
        assertTrue(idt.contains("interrupt gate 0x8:0x"), idt);
        String tlb = s.after("tlb");
        assertTrue(tlb.startsWith("core 0 TLB: "), tlb);
        assertTrue(tlb.contains("fetch 00000000001"), tlb);
        String apic = s.after("apic 0");
        assertTrue(apic.startsWith("core 0 local APIC (base MSR 00000000fee00900):\n  020 ID             00000000\n"), apic);
        assertTrue(apic.contains("  350 LVT LINT0      00000700\n"), apic);
        String ioapic = s.after("ioapic");
        assertTrue(ioapic.startsWith("IOAPIC ID "), ioapic);
        assertTrue(ioapic.contains("  pin 23: 0000000000010000 vector 0x00 fixed physical dest 0x0 edge active-high masked"), ioapic);
        assertTrue(s.after("cycles").matches("core 0: \\d+ cycles, \\d+ instructions\n"), s.out());
        assertTrue(s.after("help").contains("watch read|write|access ADDR LEN"), s.out());
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.loader.ElfImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @TempDir
    Path dir;

    /** Exactly one line on stderr, nothing on stdout, no stack trace, and status 2. */
    private static void assertUsageError(Cli r, String expectedPart) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), "one line: " + r.err());
        assertTrue(r.err().startsWith("multiverse: "), r.err());
        assertTrue(r.err().contains(expectedPart), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void helloPrintsItsBannerAndExitsThroughDebugExit() {
        Path hello = Cli.rom("hello", dir);
        Cli r = Cli.run("run", "--kernel", hello.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("""
                Hello from Multiverse! This demo ROM entered 64-bit long mode and is printing through COM1.
                Memory: 639 KiB lower, 130048 KiB upper (about 128 MiB of RAM).
                Command line: "%s "
                Goodbye.
                ALL PASS
                """.formatted(hello), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aLaterOptionOverridesAnEarlierOneAsScriptsDefaultsNeed() {
        Path hello = Cli.rom("hello", dir);
        Cli r = Cli.run("run", "--kernel", hello.toString(), "--memory", "64M", "--memory", "128M");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("130048 KiB upper"), r.out());
    }

    @Test
    void mbootSeesCommandLineModulesAndMemoryMap() throws Exception {
        Path mboot = Cli.rom("mboot", dir);
        Path text = Files.writeString(dir.resolve("mod1.txt"), "first module\n");
        byte[] binary = {'s', 'e', 'c', 0, (byte) 0xFF, '"'};
        Path bin = Files.write(dir.resolve("mod2.bin"), binary);
        Cli r = Cli.run("run", "--kernel", mboot.toString(), "--append", "check=1 console=ttyS0",
                "--initrd", text + " arg1 arg2", "--initrd", bin.toString(), "--max-instructions", Cli.LIMIT);
        String out = r.out();
        assertEquals(1, r.status(), out + r.err());
        assertTrue(out.contains("mboot: magic=0x2badb002 info=0x00009500\n"), out);
        assertTrue(out.contains("flags=0x0000024d\n"), "memory, cmdline, mods, mmap, loader name: " + out);
        assertTrue(out.contains("mem_lower=639 KiB mem_upper=130048 KiB\n"), out);
        assertTrue(out.contains("""
                mmap_addr=0x00009000 mmap_length=72
                mmap[0]: base=0x0000000000000000 length=0x000000000009fc00 type=1
                mmap[1]: base=0x000000000009fc00 length=0x0000000000060400 type=2
                mmap[2]: base=0x0000000000100000 length=0x0000000007f00000 type=1
                """), out);
        assertTrue(out.contains("cmdline=\"" + mboot + " check=1 console=ttyS0\"\n"), out);
        assertTrue(out.contains("mods_count=2\n"), out);
        assertModule(out, 0, text + " arg1 arg2", "first module\n".getBytes(), "\"first module\\n\"");
        assertModule(out, 1, bin.toString(), binary, "\"sec\\x00\\xff\\\"\"");
        assertTrue(out.contains("boot_loader_name=\"multiverse\"\n"), out);
        assertFalse(out.contains("FAIL"), out);
        assertTrue(out.contains("PASS: mod[1] page-aligned (header flag 0)\n"), out);
        assertTrue(out.endsWith("ALL PASS\n"), out);
    }

    private static void assertModule(String out, int i, String string, byte[] data, String head) {
        Matcher m = Pattern.compile("mod\\[" + i + "]: start=0x([0-9a-f]{8}) end=0x([0-9a-f]{8}) size=(\\d+) fnv1a=0x([0-9a-f]{8})\n")
                .matcher(out);
        assertTrue(m.find(), out);
        long start = Long.parseLong(m.group(1), 16), end = Long.parseLong(m.group(2), 16);
        assertEquals(0, start & 0xFFF, "page-aligned");
        assertEquals(data.length, end - start);
        assertEquals(String.format("%08x", fnv1a(data)), m.group(4), "module contents reached the guest");
        assertTrue(out.contains("mod[" + i + "]: string=\"" + string + "\"\n"), out);
        assertTrue(out.contains("mod[" + i + "]: head=" + head + "\n"), out);
    }

    private static int fnv1a(byte[] data) {
        int h = 0x811C9DC5;
        for (byte b : data) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h;
    }

    /** Every ROM but the two that print boot information rather than check instructions. */
    static List<String> selfCheckingRoms() {
        List<String> roms = Cli.romNames().stream().filter(n -> !n.equals("hello") && !n.equals("mboot")).toList();
        assertTrue(roms.containsAll(List.of("alu", "muldiv", "shifts", "bitops", "strings", "control", "stack", "compute")),
                "test-roms provides " + roms);
        return roms;
    }

    @ParameterizedTest
    @MethodSource("selfCheckingRoms")
    void selfCheckingRomPasses(String name) {
        Cli r = Cli.run("run", "--kernel", Cli.rom(name, dir).toString(), "--memory", "16M",
                "--max-instructions", Cli.LIMIT);
        List<String> failures = r.out().lines().filter(l -> l.startsWith("FAIL") || l.startsWith("EXCEPTION")).toList();
        assertEquals(List.of(), failures, name + " reported failures");
        assertTrue(r.out().lines().anyMatch("ALL PASS"::equals), r.out() + r.err());
        assertEquals(1, r.status(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void instructionLimitEndsWithStatus4AndADiagnostic() {
        Cli r = Cli.run("run", "--kernel", Cli.rom("hello", dir).toString(), "--memory", "16M",
                "--max-instructions", "1000");
        assertEquals(4, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().matches("multiverse: instruction limit reached: core 0 at RIP 0x[0-9a-f]+( <\\S+>)? in "
                + "[\\w -]+mode(, paging on)? after 1000 instructions\\R"), r.err());
    }

    @Test
    void traceWritesOneLinePerInstruction() throws Exception {
        Path hello = Cli.rom("hello", dir);
        Path trace = dir.resolve("hello.trace");
        Cli r = Cli.run("run", "--kernel", hello.toString(), "--memory", "16M", "--trace", trace.toString(),
                "--max-instructions", "200");
        assertEquals(4, r.status(), r.err());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(200, lines.size(), "one line per executed instruction");

        // boot.S starts: cli; cld; mov %eax,%ebp; mov %ebx,%esi; mov $__bss_start,%edi
        byte[] file = Files.readAllBytes(hello);
        ElfImage elf = ElfImage.parse(file, hello.toString());
        long entry = elf.entry();
        ElfImage.ProgramHeader text = elf.programHeaders().stream()
                .filter(ph -> entry - ph.paddr() >= 0 && entry - ph.paddr() < ph.fileSize()).findFirst().orElseThrow();
        int at = (int) (text.offset() + entry - text.paddr());
        // TIME CORE instructions insn rip=... bytes=... asm=... and the registers changed (see --trace-events).
        String insn = "\\d+ 0 instructions insn rip=0x";
        assertTrue(lines.get(0).matches(insn + Long.toHexString(entry) + " bytes=fa asm=cli"), lines.get(0));
        assertTrue(lines.get(1).matches(insn + Long.toHexString(entry + 1) + " bytes=fc asm=cld"), lines.get(1));
        assertTrue(lines.get(2).matches(insn + Long.toHexString(entry + 2) + " bytes=89c5 asm=\"mov [^\"]*\" rbp=0x2badb002"),
                lines.get(2));
        assertTrue(lines.get(3).matches(insn + Long.toHexString(entry + 4) + " bytes=89de asm=\"mov [^\"]*\" rsi=0x9500"),
                lines.get(3));
        String movEdi = HexFormat.of().formatHex(file, at + 6, at + 11);
        long bssStart = (file[at + 7] & 0xFF) | (file[at + 8] & 0xFF) << 8 | (file[at + 9] & 0xFF) << 16;
        assertTrue(lines.get(4).matches(insn + Long.toHexString(entry + 6) + " bytes=" + movEdi
                + " asm=\"mov [^\"]*\" rdi=0x" + Long.toHexString(bssStart)), lines.get(4));
    }

    @Test
    void statsReportEachCoreOnStderr() {
        Cli r = Cli.run("run", "--kernel", Cli.rom("hello", dir).toString(), "--memory", "16M", "--stats");
        assertEquals(1, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        Matcher m = Pattern.compile("core 0: (\\d+) instructions, (\\d+) cycles, \\d+\\.\\d{3} s, \\d+\\.\\d MIPS")
                .matcher(r.errLines().getFirst());
        assertTrue(m.matches(), r.err());
        assertTrue(Long.parseLong(m.group(1)) > 1000);
        assertTrue(r.out().endsWith("ALL PASS\n"), "serial output is unaffected");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--bogus"), "Unknown option: '--bogus'");
    }

    @Test
    void missingKernelOptionIsAUsageError() {
        assertUsageError(Cli.run("run"), "Missing required option: '--kernel=FILE'");
    }

    @Test
    void badMemorySizeIsAUsageError() {
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--memory", "12X"), "'12X' is not a memory size");
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--memory", "1M"), "--memory must be");
    }

    @Test
    void zeroInstructionLimitIsAUsageError() {
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--max-instructions", "0"), "--max-instructions must be at least 1");
    }

    @Test
    void coreCountOutsideOneToSixtyFourIsAUsageError() {
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--cores", "0"), "cores must be 1 to 64");
        assertUsageError(Cli.run("run", "--kernel", "x.elf", "--cores", "65"), "cores must be 1 to 64");
    }

    @Test
    void missingFileIsOneLine() {
        Path missing = dir.resolve("missing.elf");
        assertUsageError(Cli.run("run", "--kernel", missing.toString()), "kernel " + missing + ": no such file");
    }

    @Test
    void nonElfFileIsOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a kernel\n");
        assertUsageError(Cli.run("run", "--kernel", text.toString()),
                text + ": not a bootable kernel (not ELF, and no Multiboot header in its first 8192 bytes"
                        + " nor Multiboot 2 header in its first 32768 bytes)");
    }

    @Test
    void elfWithoutMultibootHeaderIsOneLine() throws Exception {
        byte[] file = Files.readAllBytes(Cli.rom("hello", dir));
        int at = findMagic(file);
        file[at] = 0;   // no longer a Multiboot header
        Path elf = Files.write(dir.resolve("plain.elf"), file);
        assertUsageError(Cli.run("run", "--kernel", elf.toString()),
                elf + ": ELF file with no Multiboot header (first 8192 bytes), no Multiboot 2 header (first 32768 bytes)"
                        + " and no PVH note: not a bootable kernel");
    }

    @Test
    void badChecksumIsOneLine() throws Exception {
        byte[] file = Files.readAllBytes(Cli.rom("hello", dir));
        int at = findMagic(file);
        file[at + 8]++;
        Path elf = Files.write(dir.resolve("bad.elf"), file);
        assertUsageError(Cli.run("run", "--kernel", elf.toString()),
                String.format("Multiboot header at offset 0x%x has a bad checksum", at));
    }

    @Test
    void missingModuleIsOneLine() {
        Path missing = dir.resolve("initrd.img");
        assertUsageError(Cli.run("run", "--kernel", Cli.rom("hello", dir).toString(), "--initrd", missing + " a b"),
                "module " + missing + ": no such file");
    }

    @Test
    void unwritableTraceFileIsOneLine() {
        Path trace = dir.resolve("no/such/dir/t.trace");
        assertUsageError(Cli.run("run", "--kernel", Cli.rom("hello", dir).toString(), "--trace", trace.toString()),
                "cannot write trace file " + trace);
    }

    @Test
    void helpDescribesTheOptions() {
        Cli r = Cli.run("run", "--help");
        assertEquals(0, r.status());
        for (String option : List.of("--kernel", "--append", "--initrd", "--memory", "--trace", "--max-instructions",
                "--stats", "--verbose", "Exit status")) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
        Cli top = Cli.run("--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("run"), top.out());
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Cli.run(), "missing command");
        assertUsageError(Cli.run("boot"), "Unmatched argument at index 0: 'boot'");
    }

    @Test
    void emulatorFailureIsOneLineWithStatus70AndAStackTraceOnlyWhenVerbose() {
        Path hello = Cli.rom("hello", dir);
        for (boolean verbose : new boolean[]{false, true}) {
            PrintStream brokenConsole = new PrintStream(OutputStream.nullOutputStream()) {
                @Override
                public void write(int b) {
                    throw new IllegalStateException("console gone");
                }
            };
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(List.of("run", "--kernel", hello.toString(), "--memory", "16M"));
            if (verbose) args.add("--verbose");
            int status = Main.run(args.toArray(new String[0]), brokenConsole, new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
            if (verbose) {
                assertEquals("multiverse: booting " + hello + " with the Multiboot 1 protocol", lines.getFirst());
                lines = lines.subList(1, lines.size());
            }
            assertEquals(70, status);
            assertTrue(lines.getFirst().matches("multiverse: internal error on core 0 at RIP 0x[0-9a-f]+ <\\w+(\\+0x[0-9a-f]+)?> in "
                    + "64-bit mode after \\d+ instructions: java.lang.IllegalStateException: console gone"
                    + (verbose ? "" : " \\(a bug in multiverse; --verbose shows the stack trace\\)")), lines.getFirst());
            if (verbose) {
                assertTrue(lines.size() > 2 && lines.get(1).contains("IllegalStateException") && lines.get(2).contains("\tat "),
                        String.join("\n", lines));
            } else {
                assertEquals(1, lines.size(), String.join("\n", lines));
            }
        }
    }

    private static int findMagic(byte[] file) {
        for (int i = 0; i + 4 <= Math.min(file.length, 8192); i += 4) {
            if ((file[i] & 0xFF) == 0x02 && (file[i + 1] & 0xFF) == 0xB0 && (file[i + 2] & 0xFF) == 0xAD
                    && (file[i + 3] & 0xFF) == 0x1B) return i;
        }
        throw new AssertionError("hello.elf has no Multiboot magic");
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every test ROM under QEMU (TCG, the command line the ROMs are written for) and in Multiverse, and
 * requires the same serial output and exit status. The only lines allowed to differ are those where the
 * two machines' firmware differs by design, and only in those values:
 * <ul>
 *   <li>the memory picture: QEMU's SeaBIOS keeps the top 128 KiB of RAM and reports BIOS ROM areas and
 *       a HyperTransport hole in its e820 map, so {@code mem_upper}, the map's length and entries differ;</li>
 *   <li>the Multiboot flags' boot-device bit (QEMU claims BIOS drive 0x80; this machine has no disk);</li>
 *   <li>the boot loader name ("qemu" and "multiverse").</li>
 * </ul>
 * QEMU emulates the CPU model this one claims to be ({@link #CPU}), so CPUID answers, and every check a
 * ROM makes on them, compare too.
 */
class QemuReferenceTest {
    private static final String QEMU = "qemu-system-x86_64";
    private static final long TIMEOUT_SECONDS = 120;
    /**
     * QEMU's CPU: the model cpu's state/CpuidModel describes, and it must track that class. Vendor,
     * signature, brand and the highest basic and extended leaves are the same; the feature flags add what
     * the model advertises and remove what qemu64 has and the model does not. QEMU 7.2's TCG cannot
     * advertise PCID, INVPCID, RDPID, PREFETCHW, x2APIC or the TSC-deadline timer, so those bits read clear
     * under QEMU only: no ROM compared here may depend on them (the apic ROM prints the same line either way).
     */
    static final String CPU = "qemu64,vendor=GenuineIntel,family=6,model=42,stepping=7,"
            + "model-id=Multiverse x86-64 emulator,level=0xd,xlevel=0x80000008,"
            + "-de,-mce,-mca,-hypervisor,-svm,+popcnt,+movbe,+smep,+smap,+rdtscp,+pdpe1gb,+lahf-lm,+abm,"
            + "+fpu,+mmx,+fxsr,+sse,+sse2,+sse3,+ssse3,+sse4.1,+sse4.2,+xsave,+xsaveopt";

    @TempDir
    Path dir;

    /**
     * Every ROM but those listed in roms/qemu-skip.txt: ROMs QEMU cannot boot or lacks the features for
     * (test-roms/Makefile gives each reason).
     */
    static List<String> roms() throws IOException {
        List<String> skip;
        try (var in = QemuReferenceTest.class.getResourceAsStream("/roms/qemu-skip.txt")) {
            if (in == null) throw new IllegalStateException("roms/qemu-skip.txt is not on the test classpath (build test-roms)");
            skip = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).toList();
        }
        return Cli.romNames().stream().filter(n -> !skip.contains(n)).toList();
    }

    @ParameterizedTest
    @MethodSource("roms")
    void sameOutputAndStatusAsQemu(String name) throws Exception {
        Path kernel = Cli.rom(name, dir);
        List<String> qemu = qemuCommand(kernel);
        List<String> ours = new ArrayList<>(List.of("run", "--kernel", kernel.toString(), "--max-instructions", Cli.LIMIT));
        if (name.equals("mboot")) {
            Path text = Files.writeString(dir.resolve("mod1.txt"), "first module\n");
            Path bin = Files.write(dir.resolve("mod2.bin"), new byte[]{'s', 'e', 'c', 0, (byte) 0xFF});
            qemu.addAll(List.of("-append", "check=1", "-initrd", text + " arg1 arg2," + bin));
            ours.addAll(List.of("--append", "check=1", "--initrd", text + " arg1 arg2", "--initrd", bin.toString()));
        }
        if (name.equals("pvh")) {
            Path text = Files.writeString(dir.resolve("mod1.txt"), "first module\n");
            qemu.addAll(List.of("-append", "check=1", "-initrd", text.toString()));
            ours.addAll(List.of("--append", "check=1", "--initrd", text.toString()));
        }
        compare(name, qemu, ours);
    }

    /** The tables ROM finds the PM1a control block and \_S5 as an OS does and powers off: status 0 in both. */
    @Test
    void acpiPowerOffEndsTheRunAsInQemu() throws Exception {
        Path kernel = Cli.rom("tables", dir);
        List<String> qemu = qemuCommand(kernel);
        qemu.addAll(List.of("-append", "poweroff=1"));
        Run reference = compare("tables poweroff=1", qemu,
                List.of("run", "--kernel", kernel.toString(), "--append", "poweroff=1", "--max-instructions", Cli.LIMIT));
        assertEquals(0, reference.status(), "QEMU powered off");
    }

    private List<String> qemuCommand(Path kernel) {
        return new ArrayList<>(List.of(qemuBinary(), "-accel", "tcg", "-cpu", CPU, "-kernel", kernel.toString(),
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-serial", "stdio", "-display", "none",
                "-nodefaults", "-no-reboot"));
    }

    /** Runs both machines and requires the same normalised serial output and exit status; returns QEMU's run. */
    private Run compare(String name, List<String> qemu, List<String> ours) throws IOException, InterruptedException {
        Run reference = runQemu(qemu);
        Cli r = Cli.run(ours);
        assertEquals(normalize(reference.out()), normalize(r.out()), name + ": serial output (multiverse stderr: " + r.err() + ")");
        assertEquals(reference.status(), r.status(), name + ": exit status (multiverse stderr: " + r.err() + ")");
        return reference;
    }

    private record Run(int status, String out) {
    }

    private Run runQemu(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("qemu.out"), err = dir.resolve("qemu.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("QEMU did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    private static String qemuBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, QEMU);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        fail(QEMU + " is not on PATH: the reference tests need it (bin/setup installs Debian's qemu-system-x86)");
        throw new AssertionError("unreachable");
    }

    private static final Pattern FLAGS = Pattern.compile("flags=0x([0-9a-f]{8})");

    /** Masks the firmware-dependent values listed in the class comment; everything else must match exactly. */
    static String normalize(String serial) {
        return serial.lines().filter(l -> !l.startsWith("mmap[")).map(line -> {
            Matcher m = FLAGS.matcher(line);
            if (m.matches()) {
                return String.format("flags=0x%08x", Long.parseLong(m.group(1), 16) & ~2L);
            }
            return line.replaceFirst("mem_upper=\\d+ KiB", "mem_upper=(firmware) KiB")
                    .replaceFirst("\\d+ KiB upper", "(firmware) KiB upper")
                    .replaceFirst("mmap_length=\\d+", "mmap_length=(firmware)")
                    .replaceFirst("^PASS: mmap entries well-formed \\(\\d+\\)$", "PASS: mmap entries well-formed")
                    .replaceFirst("^boot_loader_name=\".*\"$", "boot_loader_name=(firmware)");
        }).collect(Collectors.joining("\n", "", serial.endsWith("\n") ? "\n" : ""));
    }
}

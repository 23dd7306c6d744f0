package dev.multiverse.systest;

import dev.multiverse.cli.Main;
import dev.multiverse.rosshim.Initramfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One boot of Debian's kernel with a busybox initramfs whose scripted /init reports on the system between
 * "SYSTEST" lines and powers off: what the guest printed and the run's exit status.
 */
record ScriptedBoot(int exitStatus, String console, String diagnostics) {
    /** What every scripted boot reports; the md5sum is of the numbers 1 to 100000, one per line. */
    static final String INIT = """
            echo "SYSTEST marker: userland up"
            echo "SYSTEST nproc=$(nproc)"
            echo "SYSTEST online=$(cat /sys/devices/system/cpu/online)"
            echo "SYSTEST md5=$(seq 1 100000 | md5sum)"
            echo "SYSTEST dmesg begin"
            dmesg
            echo "SYSTEST dmesg end"
            poweroff -f
            """;

    /** Boots with {@code INIT} and the run options {@code options} (e.g. "--cores", "2"). */
    static ScriptedBoot run(Path work, String... options) throws IOException {
        return runWithInit(work, INIT, options);
    }

    /** Boots with an /init running {@code init} after the usual prelude ({@link Initramfs#initScript}) and the run options {@code options}. */
    static ScriptedBoot runWithInit(Path work, String init, String... options) throws IOException {
        return runWithInit(work, init, Map.of(), options);
    }

    /**
     * Boots with the /init script {@code init}, the extra read-only files {@code files} (archive path, e.g.
     * "hrt/aerokernel.elf", to contents) and the run options {@code options}.
     */
    static ScriptedBoot runWithInit(Path work, String init, Map<String, byte[]> files, String... options) throws IOException {
        Path initrd = work.resolve("initramfs.cpio");
        Initramfs archive = new Initramfs(DebianLinux.busybox()).initScript(init);
        files.forEach((path, data) -> archive.file(path, 0644, data));
        Files.write(initrd, archive.toBytes());
        List<String> args = new ArrayList<>(List.of("run", "--kernel", DebianLinux.kernel().toString(),
                "--initrd", initrd.toString(), "--append", "console=ttyS0 quiet", "--memory", "512M",
                "--serial-in", "none", "--stats"));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ScriptedBoot(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The value a "SYSTEST key=value" line gives, or null. */
    String reported(String key) {
        return value("SYSTEST ", key);
    }

    /** The value of hvmctl selfcheck's "HVMCHECK name=value" line, or null. */
    String hvmcheck(String name) {
        return value("HVMCHECK ", name);
    }

    private String value(String prefix, String name) {
        Matcher m = Pattern.compile("^" + prefix + Pattern.quote(name) + "=(.*?)\\r?$", Pattern.MULTILINE).matcher(console);
        return m.find() ? m.group(1) : null;
    }

    /** The kernel log the guest printed, or null when it did not get that far. */
    String dmesg() {
        int begin = console.indexOf("SYSTEST dmesg begin");
        int end = console.indexOf("SYSTEST dmesg end");
        return begin < 0 || end < begin ? null : console.substring(begin, end);
    }

    /** For assertion messages: the end of what the guest printed and the emulator's diagnostics. */
    String summary() {
        String tail = console.length() > 4000 ? "..." + console.substring(console.length() - 4000) : console;
        return "exit status " + exitStatus + "\n--- console ---\n" + tail + "\n--- stderr ---\n" + diagnostics;
    }
}

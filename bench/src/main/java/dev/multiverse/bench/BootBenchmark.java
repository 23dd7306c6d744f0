package dev.multiverse.bench;

import dev.multiverse.rosshim.Initramfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots the same kernel and initramfs in Multiverse and, when it is installed, in QEMU with TCG (its
 * software CPU, the reference a machine without KVM has), one after the other in the same run, and prints
 * the wall time from process start to the initramfs's marker line for both, their ratio, and Multiverse's
 * guest instructions per second. Both run as separate processes, so both include their start-up.
 *
 * <p>Usage: {@code BootBenchmark --kernel FILE --busybox FILE --cli-jar FILE [--cores 1,4] [--runs N]
 * [--qemu COMMAND|none]}; the times reported are the medians over N runs.
 */
public final class BootBenchmark {
    private static final String MARKER = "BOOTBENCH marker";
    private static final String INIT = """
            echo "%s: $(nproc) cores"
            poweroff -f
            """.formatted(MARKER);
    private static final Pattern CORE_STATS = Pattern.compile("^core \\d+: (\\d+) instructions");
    /** A guard against a hung guest: no boot takes this long. */
    private static final long PATIENCE_SECONDS = 1800;

    private BootBenchmark() {
    }

    /** One boot's figures: seconds to the marker and to the end, instructions (Multiverse only, else -1). */
    private record Boot(double toMarker, double toExit, long instructions) {
    }

    public static void main(String[] args) throws Exception {
        try {
            measure(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BootBenchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void measure(String[] args) throws IOException, InterruptedException {
        Path kernel = Path.of(option(args, "--kernel", null));
        Path busybox = Path.of(option(args, "--busybox", null));
        String cliJar = option(args, "--cli-jar", null);
        int[] coreCounts = Arrays.stream(option(args, "--cores", "1,4").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(option(args, "--runs", "1"));
        String qemu = option(args, "--qemu", "qemu-system-x86_64");
        if (qemu.equals("none") || !onPath(qemu)) qemu = null;

        Path initrd = Files.createTempFile("bootbench", ".cpio");
        try {
            Files.write(initrd, new Initramfs(Files.readAllBytes(busybox)).initScript(INIT).toBytes());
            System.out.printf("kernel %s, %d run(s) each, median wall time from process start to \"%s\"%n",
                    kernel.getFileName(), runs, MARKER);
            System.out.println("cores  multiverse  qemu-tcg   ratio  guest MIPS (multiverse, to power-off)");
            for (int cores : coreCounts) {
                List<Boot> ours = new ArrayList<>(), theirs = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    ours.add(boot(multiverse(cliJar, kernel, initrd, cores)));
                    if (qemu != null) theirs.add(boot(qemu(qemu, kernel, initrd, cores)));
                }
                double oursMarker = median(ours.stream().mapToDouble(Boot::toMarker).toArray());
                double mips = median(ours.stream().mapToDouble(b -> b.instructions() / b.toExit() / 1e6).toArray());
                if (qemu == null) {
                    System.out.printf(Locale.ROOT, "%5d  %8.1f s  %8s  %6s  %6.1f%n", cores, oursMarker, "-", "-", mips);
                } else {
                    double theirsMarker = median(theirs.stream().mapToDouble(Boot::toMarker).toArray());
                    System.out.printf(Locale.ROOT, "%5d  %8.1f s  %6.1f s  %5.2fx  %6.1f%n", cores, oursMarker, theirsMarker,
                            oursMarker / theirsMarker, mips);
                }
            }
            if (qemu == null) System.out.println("(QEMU not found: install Debian's qemu-system-x86 for the reference column)");
        } finally {
            Files.deleteIfExists(initrd);
        }
    }

    private static List<String> multiverse(String cliJar, Path kernel, Path initrd, int cores) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", cliJar, "run", "--kernel", kernel.toString(),
                "--initrd", initrd.toString(), "--append", "console=ttyS0 quiet", "--memory", "512M",
                "--cores", String.valueOf(cores), "--serial-in", "none", "--stats");
    }

    private static List<String> qemu(String qemu, Path kernel, Path initrd, int cores) {
        return List.of(qemu, "-accel", "tcg", "-m", "512M", "-smp", String.valueOf(cores), "-kernel", kernel.toString(),
                "-initrd", initrd.toString(), "-append", "console=ttyS0 quiet", "-display", "none", "-serial", "stdio",
                "-monitor", "none", "-no-reboot");
    }

    /** Runs {@code command}, timing the marker on its standard output; the stats lines come on its standard error. */
    private static Boot boot(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        CompletableFuture.delayedExecutor(PATIENCE_SECONDS, TimeUnit.SECONDS).execute(p::destroyForcibly);
        CompletableFuture<Long> instructions = CompletableFuture.supplyAsync(() -> instructions(p));
        long marker = -1;
        StringBuilder console = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (marker < 0 && line.contains(MARKER)) marker = System.nanoTime();
                if (console.length() < 100_000) console.append(line).append('\n');
            }
        }
        int status = p.waitFor();
        long end = System.nanoTime();
        if (marker < 0 || status != 0) {
            throw new IllegalStateException(command.getFirst() + " did not boot to the marker and power off (status " + status
                    + "):\n" + console);
        }
        return new Boot((marker - start) / 1e9, (end - start) / 1e9, instructions.join());
    }

    /** The sum of the "core N: I instructions" lines of --stats, or -1 when there are none (QEMU). */
    private static long instructions(Process p) {
        long total = -1;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                Matcher m = CORE_STATS.matcher(line);
                if (m.find()) total = Math.max(total, 0) + Long.parseLong(m.group(1));
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static boolean onPath(String command) {
        if (command.contains("/")) return Files.isExecutable(Path.of(command));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        if (fallback == null) throw new IllegalArgumentException("missing " + name + " (see bench/boot.sh)");
        return fallback;
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.hvm.HvmConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code selfcheck hvm} prints from hvmctl's report: a title with the partition, one row per operation
 * with the emulated cycles it took, and the isolation facts Linux reported (the CPUs in /proc/cpuinfo must
 * be the ROS cores, MemTotal must fit in the ROS RAM). The core rows are required; rows for further values
 * hvmctl reports are shown when present, and values it reports beyond those are left out.
 */
final class HvmSelfcheckTable {
    /** A row: what was measured and the name of the HVMCHECK value with its cycles; a required row must be reported. */
    private record Row(String operation, String name, boolean required) {
    }

    static final String LINUX_CPUS = "linux.cpus";
    static final String LINUX_MEMTOTAL_KB = "linux.memtotal_kb";

    private final HvmConfig partition;
    private final long memorySize;
    private final String linuxRelease;
    private final HvmCheckReport report;
    private final List<Row> rows;

    /**
     * {@code partition}: the machine's split with its ROS RAM resolved, {@code memorySize}: all its RAM,
     * {@code linuxRelease}: the kernel's release string, or null when unknown.
     */
    HvmSelfcheckTable(HvmConfig partition, long memorySize, String linuxRelease, HvmCheckReport report) {
        this.partition = partition;
        this.memorySize = memorySize;
        this.linuxRelease = linuxRelease;
        this.report = report;
        Long calls = report.number("null.calls");
        int h = partition.hrtCores();
        rows = List.of(
                new Row(calls == null ? "null hypercall (median)" : "null hypercall (median of " + calls + ")", "null.median_cycles", true),
                new Row("install HRT image", "install.cycles", false),
                new Row("HRT boot (reset to ready)", "reset_hrt.cycles", true),
                new Row("invoke, first HRT core (round trip)", "invoke_first.cycles", true),
                new Row("invoke, all " + h + " HRT core" + (h == 1 ? "" : "s") + " (round trip)", "invoke_all.cycles", true),
                new Row("merge", "merge.cycles", true),
                new Row("invoke after merge (round trip)", "merge.call_cycles", false),
                new Row("unmerge", "unmerge.cycles", false),
                new Row("HRT->ROS event round trip", "event.roundtrip_cycles", true),
                new Row("HRT->ROS signal (invoke to handler)", "event.signal_cycles", false));
    }

    /** The title, the column heads, the rows (a required row not reported shows "-") and the isolation line. */
    List<String> lines() {
        List<String[]> shown = new ArrayList<>();
        for (Row row : rows) {
            Long cycles = report.number(row.name());
            if (cycles != null || row.required()) {
                shown.add(new String[] {row.operation(), cycles == null ? "-" : Long.toUnsignedString(cycles)});
            }
        }
        int operationWidth = "operation".length(), cyclesWidth = "cycles".length();
        for (String[] row : shown) {
            operationWidth = Math.max(operationWidth, row[0].length());
            cyclesWidth = Math.max(cyclesWidth, row[1].length());
        }
        String format = "%-" + (operationWidth + 2) + "s%" + cyclesWidth + "s";
        List<String> lines = new ArrayList<>();
        lines.add(title());
        lines.add(String.format(format, "operation", "cycles"));
        for (String[] row : shown) lines.add(String.format(format, row[0], row[1]));
        lines.add(isolationLine());
        return lines;
    }

    /** "HVM self-check: ROS 1 core / 512 MiB (Linux 6.1.0-56-amd64), HRT 2 cores / 512 MiB (AeroKernel)". */
    private String title() {
        return String.format("HVM self-check: ROS %s / %d MiB (Linux%s), HRT %s / %d MiB (AeroKernel)",
                cores(partition.rosCores()), partition.rosMemory() >> 20, linuxRelease == null ? "" : " " + linuxRelease,
                cores(partition.hrtCores()), (memorySize - partition.rosMemory()) >> 20);
    }

    private static String cores(int n) {
        return n + (n == 1 ? " core" : " cores");
    }

    private String isolationLine() {
        Long cpus = report.number(LINUX_CPUS), memTotalKb = report.number(LINUX_MEMTOTAL_KB);
        if (cpus == null || memTotalKb == null) return "isolation: Linux's CPUs and MemTotal not reported   FAILED";
        return String.format("isolation: Linux sees %d CPU%s (ROS: %d), MemTotal %d MiB (ROS RAM: %d MiB)   %s",
                cpus, cpus == 1 ? "" : "s", partition.rosCores(), memTotalKb >> 10, partition.rosMemory() >> 20,
                isolationHolds() ? "ok" : "VIOLATED");
    }

    /** Whether Linux reported seeing exactly the ROS cores and no more memory than the ROS RAM. */
    boolean isolationHolds() {
        Long cpus = report.number(LINUX_CPUS), memTotalKb = report.number(LINUX_MEMTOTAL_KB);
        return cpus != null && memTotalKb != null && cpus == partition.rosCores()
                && Long.compareUnsigned(memTotalKb, partition.rosMemory() >> 10) <= 0;
    }

    /** The names of required values hvmctl did not report as numbers, in table order. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            if (row.required() && report.number(row.name()) == null) missing.add(row.name());
        }
        for (String name : List.of(LINUX_CPUS, LINUX_MEMTOTAL_KB)) {
            if (report.number(name) == null) missing.add(name);
        }
        return missing;
    }
}

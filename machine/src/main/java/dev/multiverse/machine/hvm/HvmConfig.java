package dev.multiverse.machine.hvm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a Hybrid Virtual Machine splits the machine (docs/hvm-abi.md, "Partitions"): the ROS (Linux) gets
 * cores {@code [0, rosCores)} and RAM {@code [0, rosMemory)}, the HRT (the AeroKernel in {@code hrtKernel},
 * booted with the command line {@code hrtAppend}) cores {@code [rosCores, rosCores + hrtCores)} and the RAM
 * above.
 *
 * @param rosMemory bytes of ROS RAM, a multiple of 2 MiB; 0 until {@link #forMemory} resolves it (then half
 *                  of the machine's RAM, rounded down to 2 MiB, unless given)
 */
public record HvmConfig(int rosCores, int hrtCores, long rosMemory, Path hrtKernel, String hrtAppend) {
    /** The ROS RAM's granularity: the HRT's RAM starts on a 2 MiB boundary, where a large page can map it. */
    public static final long ROS_MEMORY_ALIGNMENT = 2L << 20;

    public HvmConfig {
        Objects.requireNonNull(hrtKernel, "hrtKernel");
        hrtAppend = hrtAppend == null ? "" : hrtAppend;
        if (rosCores < 1 || hrtCores < 1) {
            throw new IllegalArgumentException(String.format(
                    "--hvm needs at least one ROS core and one HRT core: ros=%d, hrt=%d", rosCores, hrtCores));
        }
        if (rosMemory < 0 || rosMemory % ROS_MEMORY_ALIGNMENT != 0) {
            throw new IllegalArgumentException("--hvm ros-mem must be a multiple of 2M: " + rosMemory);
        }
    }

    /**
     * Parses {@code ros=R,hrt=H[,ros-mem=SIZE]} (keys in any order, each once); {@code sizes} reads SIZE
     * (the command line's memory size syntax) and throws IllegalArgumentException for a bad one.
     */
    public static HvmConfig parse(String spec, java.util.function.ToLongFunction<String> sizes, Path hrtKernel,
                                  String hrtAppend) {
        Integer ros = null, hrt = null;
        long rosMemory = 0;
        boolean rosMemoryGiven = false;
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? null : part.substring(eq + 1);
            if (value == null || value.isEmpty()) throw badSpec(spec, "\"" + part + "\" is not KEY=VALUE");
            switch (key) {
                case "ros" -> {
                    if (ros != null) throw badSpec(spec, "ros given twice");
                    ros = count(spec, key, value);
                }
                case "hrt" -> {
                    if (hrt != null) throw badSpec(spec, "hrt given twice");
                    hrt = count(spec, key, value);
                }
                case "ros-mem" -> {
                    if (rosMemoryGiven) throw badSpec(spec, "ros-mem given twice");
                    rosMemoryGiven = true;
                    rosMemory = sizes.applyAsLong(value);
                }
                default -> throw badSpec(spec, "unknown key \"" + key + "\" (ros, hrt, ros-mem)");
            }
        }
        if (ros == null || hrt == null) throw badSpec(spec, "ros and hrt are required");
        return new HvmConfig(ros, hrt, rosMemory, hrtKernel, hrtAppend);
    }

    private static int count(String spec, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badSpec(spec, key + " must be a number of cores, not \"" + value + "\"");
        }
    }

    private static IllegalArgumentException badSpec(String spec, String why) {
        return new IllegalArgumentException("--hvm must be ros=R,hrt=H[,ros-mem=SIZE], not \"" + spec + "\": " + why);
    }

    /** Every core: ROS and HRT. */
    public int cores() {
        return rosCores + hrtCores;
    }

    /**
     * This partition for a machine of {@code memorySize} bytes: the ROS RAM resolved (half, rounded down
     * to 2 MiB, when not given), and checked to leave the HRT at least 2 MiB.
     */
    public HvmConfig forMemory(long memorySize) {
        long ros = rosMemory != 0 ? rosMemory : memorySize / 2 / ROS_MEMORY_ALIGNMENT * ROS_MEMORY_ALIGNMENT;
        if (ros == 0 || ros + ROS_MEMORY_ALIGNMENT > memorySize) {
            throw new IllegalArgumentException(String.format(
                    "--hvm ros-mem (%d MiB) must be at least 2M and leave the HRT at least 2M of the machine's %d MiB",
                    ros >> 20, memorySize >> 20));
        }
        return new HvmConfig(rosCores, hrtCores, ros, hrtKernel, hrtAppend);
    }
}

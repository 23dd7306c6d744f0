package dev.multiverse.machine;

import dev.multiverse.devices.DebugExit;
import dev.multiverse.machine.firmware.Platform;
import dev.multiverse.machine.hvm.HvmConfig;
import dev.multiverse.machine.loader.LinuxEntry;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What to build and boot.
 *
 * @param memorySize      guest RAM in bytes, a multiple of 4 KiB and at least {@link #MIN_MEMORY}
 * @param kernel          the Multiboot kernel image
 * @param append          the kernel command line after the kernel path ("" for none)
 * @param initrds         boot modules, each "file [args]": the file to load and the module's string
 * @param maxInstructions stop after this many instructions on a core; 0 for no limit
 * @param onTripleFault   stop the run or reset the machine when a core triple-faults
 * @param maxResets       the machine resets (guest reset requests, and triple faults under
 *                        {@link TripleFaultAction#RESET}) before the next one ends the run (so a guest that always
 *                        triple-faults or reboots cannot reboot forever)
 * @param cores           processors the firmware tables describe, 1 to {@link Platform#MAX_CORES}
 * @param rtcStart        the date and time (UTC) the CMOS RTC shows at power-on, or null for the host clock's
 *                        present; a fixed time makes runs that read the RTC repeatable
 * @param debugExitPort   first of the four I/O ports of the isa-debug-exit device (QEMU's iobase; other
 *                        kernels use other ports)
 * @param linuxEntry      how a Linux bzImage starts: PVH after host decompression (falling back to the boot
 *                        protocol when that cannot be done) or always the kernel's 64-bit boot protocol
 * @param hvm             the Hybrid Virtual Machine's partition (its ROS RAM resolved for {@code memorySize}), or
 *                        null for a plain PC; with one, {@code cores} is its ROS plus HRT cores
 * @param maxVirtualNanos stop once virtual time reaches this many nanoseconds; 0 for no limit
 */
public record MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions,
                            TripleFaultAction onTripleFault, int maxResets, int cores, LocalDateTime rtcStart,
                            int debugExitPort, LinuxEntry linuxEntry, HvmConfig hvm, long maxVirtualNanos) {
    public static final long DEFAULT_MEMORY = 128L << 20;
    /** Enough for a guest that reboots on purpose a few times; a reboot loop ends within seconds. */
    public static final int DEFAULT_MAX_RESETS = 10;
    /** Low memory plus the 1 MiB where kernels load and room for a small one. */
    public static final long MIN_MEMORY = 2L << 20;

    public MachineConfig {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(onTripleFault, "onTripleFault");
        Objects.requireNonNull(linuxEntry, "linuxEntry");
        append = append == null ? "" : append;
        initrds = List.copyOf(initrds);
        if (memorySize < MIN_MEMORY || (memorySize & 0xFFF) != 0) {
            throw new IllegalArgumentException("memory size must be a multiple of 4 KiB and at least 2 MiB: " + memorySize);
        }
        if (maxInstructions < 0) {
            throw new IllegalArgumentException("instruction limit must not be negative: " + maxInstructions);
        }
        if (maxVirtualNanos < 0) {
            throw new IllegalArgumentException("virtual time limit must not be negative: " + maxVirtualNanos);
        }
        if (maxResets < 0) {
            throw new IllegalArgumentException("reset limit must not be negative: " + maxResets);
        }
        if (cores < 1 || cores > Platform.MAX_CORES) {
            throw new IllegalArgumentException("cores must be 1 to " + Platform.MAX_CORES + ": " + cores);
        }
        if (debugExitPort < 0 || debugExitPort > 0x10000 - DebugExit.PORT_COUNT) {
            throw new IllegalArgumentException(String.format(
                    "the debug-exit port must be 0 to 0x%x (it takes %d ports): 0x%x",
                    0x10000 - DebugExit.PORT_COUNT, DebugExit.PORT_COUNT, debugExitPort));
        }
        if (hvm != null) {
            hvm = hvm.forMemory(memorySize);
            if (cores != hvm.cores()) {
                throw new IllegalArgumentException(String.format("--cores %d disagrees with --hvm ros=%d,hrt=%d (%d cores)",
                        cores, hvm.rosCores(), hvm.hrtCores(), hvm.cores()));
            }
        }
    }

    /** The isa-debug-exit device at QEMU's default port, bzImages booted through PVH where they can be. */
    public MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions,
                         TripleFaultAction onTripleFault, int maxResets, int cores, LocalDateTime rtcStart) {
        this(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, rtcStart,
                DebugExit.PORT, LinuxEntry.PVH, null, 0);
    }

    /** An RTC that starts at the host clock's present. */
    public MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions,
                         TripleFaultAction onTripleFault, int maxResets, int cores) {
        this(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, null);
    }

    /** A single-core machine. */
    public MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions,
                         TripleFaultAction onTripleFault, int maxResets) {
        this(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, 1);
    }

    /** A run that stops at a triple fault. */
    public MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions) {
        this(memorySize, kernel, append, initrds, maxInstructions, TripleFaultAction.STOP, DEFAULT_MAX_RESETS);
    }

    /** A kernel with default memory, no command line, no modules and no instruction limit. */
    public static MachineConfig of(Path kernel) {
        return new MachineConfig(DEFAULT_MEMORY, kernel, "", List.of(), 0);
    }

    public MachineConfig withMemorySize(long bytes) {
        return new MachineConfig(bytes, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, rtcStart, debugExitPort, linuxEntry, hvm, maxVirtualNanos);
    }

    public MachineConfig withMaxInstructions(long limit) {
        return new MachineConfig(memorySize, kernel, append, initrds, limit, onTripleFault, maxResets, cores, rtcStart, debugExitPort, linuxEntry, hvm, maxVirtualNanos);
    }

    public MachineConfig withTripleFault(TripleFaultAction action, int resetLimit) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, action, resetLimit, cores, rtcStart, debugExitPort, linuxEntry, hvm, maxVirtualNanos);
    }

    public MachineConfig withCores(int count) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, count, rtcStart, debugExitPort, linuxEntry, hvm, maxVirtualNanos);
    }

    /** The RTC starts at {@code start} (UTC), or at the host clock's present if null. */
    public MachineConfig withRtcStart(LocalDateTime start) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, start, debugExitPort, linuxEntry, hvm, maxVirtualNanos);
    }

    /** The isa-debug-exit device at {@code port} (and the three after it). */
    public MachineConfig withDebugExitPort(int port) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, rtcStart,
                port, linuxEntry, hvm, maxVirtualNanos);
    }

    /** A Linux bzImage starts as {@code entry} says. */
    public MachineConfig withLinuxEntry(LinuxEntry entry) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, rtcStart,
                debugExitPort, entry, hvm, maxVirtualNanos);
    }

    /** A Hybrid Virtual Machine partitioned as {@code partition} says; its cores become the machine's. */
    public MachineConfig withHvm(HvmConfig partition) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets,
                partition == null ? cores : partition.cores(), rtcStart, debugExitPort, linuxEntry, partition, maxVirtualNanos);
    }

    /** The run stops once virtual time reaches {@code nanos} (0: no limit), as it does at the instruction limit. */
    public MachineConfig withMaxVirtualNanos(long nanos) {
        return new MachineConfig(memorySize, kernel, append, initrds, maxInstructions, onTripleFault, maxResets, cores, rtcStart,
                debugExitPort, linuxEntry, hvm, nanos);
    }

    /** The RAM the booted kernel (an HVM's ROS) is given: all of it on a plain PC. */
    public long kernelMemory() {
        return hvm != null ? hvm.rosMemory() : memorySize;
    }
}

package dev.multiverse.machine;

import java.nio.file.Path;
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
 */
public record MachineConfig(long memorySize, Path kernel, String append, List<String> initrds, long maxInstructions) {
    public static final long DEFAULT_MEMORY = 128L << 20;
    /** Low memory plus the 1 MiB where kernels load and room for a small one. */
    public static final long MIN_MEMORY = 2L << 20;

    public MachineConfig {
        Objects.requireNonNull(kernel, "kernel");
        append = append == null ? "" : append;
        initrds = List.copyOf(initrds);
        if (memorySize < MIN_MEMORY || (memorySize & 0xFFF) != 0) {
            throw new IllegalArgumentException("memory size must be a multiple of 4 KiB and at least 2 MiB: " + memorySize);
        }
        if (maxInstructions < 0) {
            throw new IllegalArgumentException("instruction limit must not be negative: " + maxInstructions);
        }
    }

    /** A kernel with default memory, no command line, no modules and no instruction limit. */
    public static MachineConfig of(Path kernel) {
        return new MachineConfig(DEFAULT_MEMORY, kernel, "", List.of(), 0);
    }

    public MachineConfig withMemorySize(long bytes) {
        return new MachineConfig(bytes, kernel, append, initrds, maxInstructions);
    }

    public MachineConfig withMaxInstructions(long limit) {
        return new MachineConfig(memorySize, kernel, append, initrds, limit);
    }
}

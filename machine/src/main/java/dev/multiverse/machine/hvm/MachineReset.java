package dev.multiverse.machine.hvm;

/** The machine's reset path, as the reset hypercalls (0x1, 0x3) reach it. */
@FunctionalInterface
public interface MachineReset {
    /**
     * Resets the ROS (Linux reboots) and, with {@code hrtToo}, the HRT as well. Called from a hypercall on a
     * ROS core: the reset happens once that core's instruction has ended.
     */
    void reset(boolean hrtToo);
}

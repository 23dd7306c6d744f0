package dev.multiverse.devices;

/**
 * The A20 gate line a device drives: the machine routes it to the MMU of every core, where a disabled
 * line clears physical address bit 20 so addresses wrap at 1 MiB as on an 8086.
 */
@FunctionalInterface
public interface A20Line {
    void set(boolean enabled);
}

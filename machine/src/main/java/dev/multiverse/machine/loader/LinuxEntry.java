package dev.multiverse.machine.loader;

/**
 * How a Linux bzImage starts. {@link #PVH} decompresses the payload on the host and enters the vmlinux
 * through its PVH note, and falls back to {@link #BOOT_PROTOCOL} when it cannot: a vmlinux without the
 * note (a kernel built without CONFIG_PVH) or a payload compressed with a method the host does not
 * decompress. {@link #BOOT_PROTOCOL} always uses the kernel's own 64-bit boot protocol entry, so the
 * guest runs the kernel's decompressor.
 */
public enum LinuxEntry {
    PVH,
    BOOT_PROTOCOL
}

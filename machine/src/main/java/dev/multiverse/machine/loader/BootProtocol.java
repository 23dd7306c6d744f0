package dev.multiverse.machine.loader;

/** The boot protocols {@code --kernel} understands, named as {@code --verbose} reports them. */
public enum BootProtocol {
    MULTIBOOT1("Multiboot 1"),
    PVH("PVH"),
    MULTIBOOT2("Multiboot 2"),
    LINUX64("Linux 64-bit boot");

    private final String displayName;

    BootProtocol(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}

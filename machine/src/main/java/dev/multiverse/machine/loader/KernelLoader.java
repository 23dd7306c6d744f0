package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.file.Path;
import java.util.List;

/**
 * Picks a kernel's boot protocol from what the image declares, loads it and enters it.
 *
 * <p>The order is QEMU's {@code -kernel} order, so every image QEMU boots boots the same way here:
 * first a Multiboot 1 header (valid checksum, first 8 KiB), then an ELF file's PVH note, and last a
 * Multiboot 2 header (valid checksum, 8-byte aligned, first 32 KiB), which QEMU does not support and
 * GRUB would need for. An image with several therefore gets Multiboot 1 before PVH before Multiboot 2.
 * A Linux bzImage (its setup header) comes first, as in QEMU. With {@link LinuxEntry#PVH} (the default)
 * its payload is decompressed on the host and the vmlinux inside boots through its PVH note ({@link BzImage});
 * when the host cannot decompress the payload or the vmlinux has no PVH note, and always with
 * {@link LinuxEntry#BOOT_PROTOCOL}, it boots through the kernel's 64-bit boot protocol entry
 * ({@link LinuxBootLoader}).
 */
public final class KernelLoader {
    private KernelLoader() {
    }

    /**
     * Loads {@code kernel} with its protocol; {@code append} is the command line and {@code moduleSpecs}
     * the modules ("FILE [ARGS]" each), which every protocol passes in its own way. {@code rsdpAddress} is
     * where the firmware put the ACPI RSDP (0: no ACPI tables), for the protocols that pass it (PVH, Linux).
     */
    public static LoadedKernel load(PhysicalMemory memory, Path kernel, String append, List<String> moduleSpecs,
                                    long rsdpAddress) throws BootException {
        return load(memory, kernel, append, moduleSpecs, rsdpAddress, LinuxEntry.PVH);
    }

    /** As {@link #load(PhysicalMemory, Path, String, List, long)}, a bzImage entered as {@code linuxEntry} says. */
    public static LoadedKernel load(PhysicalMemory memory, Path kernel, String append, List<String> moduleSpecs,
                                    long rsdpAddress, LinuxEntry linuxEntry) throws BootException {
        return load(memory, memory.ramSize(), kernel, append, moduleSpecs, rsdpAddress, linuxEntry);
    }

    /**
     * As {@link #load(PhysicalMemory, Path, String, List, long, LinuxEntry)} for a kernel given only the RAM
     * below {@code ram} (an HVM's ROS): its image, modules and boot information lie there, and its memory
     * map ends there.
     */
    public static LoadedKernel load(PhysicalMemory memory, long ram, Path kernel, String append, List<String> moduleSpecs,
                                    long rsdpAddress, LinuxEntry linuxEntry) throws BootException {
        String name = kernel.toString();
        byte[] file = KernelFile.read(kernel, "kernel", ram);
        if (BzImage.is(file)) {
            byte[] vmlinux = linuxEntry == LinuxEntry.PVH ? BzImage.vmlinux(file, name, ram) : null;
            if (vmlinux != null) {
                ElfImage elf = ElfImage.parse(vmlinux, name);
                long entry = PvhLoader.findEntry(elf, vmlinux, name);
                if (entry >= 0) {
                    return PvhLoader.load(memory, ram, elf, vmlinux, entry, name, append, moduleSpecs, rsdpAddress);
                }
            }
            return LinuxBootLoader.load(memory, ram, file, name, append, moduleSpecs, rsdpAddress);
        }
        int mb1 = Multiboot1Loader.findHeader(file);
        if (mb1 >= 0) {
            return Multiboot1Loader.load(memory, ram, file, mb1, name, append, moduleSpecs);
        }
        BootException elfError = null;
        if (ElfImage.isElf(file)) {
            try {
                ElfImage elf = ElfImage.parse(file, name);
                long entry = PvhLoader.findEntry(elf, file, name);
                if (entry >= 0) {
                    return PvhLoader.load(memory, ram, elf, file, entry, name, append, moduleSpecs, rsdpAddress);
                }
            } catch (BootException e) {
                elfError = e;   // a Multiboot 2 address tag can still load a damaged ELF file
            }
        }
        int mb2 = Multiboot2Loader.findHeader(file);
        if (mb2 >= 0) {
            return Multiboot2Loader.load(memory, ram, file, mb2, name, append, moduleSpecs);
        }
        if (elfError != null) {
            throw elfError;
        }
        throw noProtocol(file, name);
    }

    /** Puts {@code cpu} in the entry state of the kernel's protocol. */
    public static void enter(Cpu cpu, LoadedKernel kernel) {
        switch (kernel.protocol()) {
            case MULTIBOOT1 -> Multiboot1Loader.enter(cpu, kernel);
            case PVH -> PvhLoader.enter(cpu, kernel);
            case MULTIBOOT2 -> Multiboot2Loader.enter(cpu, kernel);
            case LINUX64 -> LinuxBootLoader.enter(cpu, kernel);
        }
    }

    private static BootException noProtocol(byte[] file, String name) {
        int bad1 = Multiboot1Loader.findBadHeader(file);
        if (bad1 >= 0) {
            return Multiboot1Loader.badChecksum(name, bad1);
        }
        int bad2 = Multiboot2Loader.findBadHeader(file);
        if (bad2 >= 0) {
            return Multiboot2Loader.badChecksum(name, bad2);
        }
        return new BootException(name + (ElfImage.isElf(file)
                ? ": ELF file with no Multiboot header (first 8192 bytes), no Multiboot 2 header (first 32768 bytes)"
                        + " and no PVH note: not a bootable kernel"
                : ": not a bootable kernel (not ELF, and no Multiboot header in its first 8192 bytes"
                        + " nor Multiboot 2 header in its first 32768 bytes)"));
    }
}

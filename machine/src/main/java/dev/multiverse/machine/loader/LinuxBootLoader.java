package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a bzImage through the Linux x86 boot protocol's 64-bit entry (boot.rst, "64-bit BOOT PROTOCOL"):
 * the guest runs the kernel's own decompressor, which accepts every compression method the kernel was built
 * with. The protected-mode part (after the setup sectors) loads at pref_address, the address the kernel
 * decompresses to anyway (a relocatable kernel moves up to it, and a fixed one must run there), so the
 * image and the init_size bytes it needs are one range; the entry is 0x200 past it (startup_64).
 *
 * <p>Layout: boot_params at 0x7000, the command line at 0x8000 (at most cmdline_size bytes, which Linux
 * keeps under 4 KiB), the GDT and identity page tables from the boot page ({@link LongModeEntry}); the
 * initrd on the last page-aligned addresses below the lowest of RAM's end, 4 GiB and initrd_addr_max, which
 * must stay above the kernel's init_size range. Several {@code --initrd} files are concatenated in order,
 * each padded with zeros to 4 bytes, as the kernel's initramfs unpacker reads a sequence of archives; an
 * initrd takes no arguments. The E820 map is {@link LowMemory#map}, the one the PVH path reports: the
 * firmware's ACPI and MP tables all lie in its reserved range below 1 MiB.
 */
final class LinuxBootLoader {
    static final long BOOT_PARAMS_ADDRESS = 0x7000;
    static final long CMDLINE_ADDRESS = 0x8000;
    static final int MAX_CMDLINE = 4095;
    /** startup_64 lies 0x200 bytes into the protected-mode part. */
    static final int ENTRY_OFFSET = 0x200;
    private static final long FOUR_GIB = 1L << 32;

    private LinuxBootLoader() {
    }

    static LoadedKernel load(PhysicalMemory memory, long ram, byte[] file, String name, String append, List<String> initrdSpecs,
                             long rsdpAddress) throws BootException {
        SetupHeader header = SetupHeader.parse(file, name);
        int offset = header.kernelOffset();
        if (offset >= file.length) {
            throw new BootException(name + ": bzImage has no protected-mode part after its " + header.setupSectors()
                    + " setup sectors");
        }
        int imageSize = file.length - offset;
        long load = header.prefAddress() != 0 ? header.prefAddress() : LowMemory.HIGH_RAM_START;
        if (load < LowMemory.HIGH_RAM_START) {
            throw new BootException(String.format("%s: bzImage pref_address 0x%x lies below 1 MiB, among the boot"
                    + " structures and firmware tables", name, load));
        }
        long kernelEnd = load + Math.max(imageSize, header.initSize());
        // max: a pref_address near 2^63 wraps kernelEnd around
        ImagePlacement.requireRam(Math.max(load, kernelEnd), ram, String.format("%s: the kernel at 0x%x with init_size 0x%x",
                name, load, header.initSize()));
        memory.load(load, file, offset, imageSize);

        byte[] cmdline = append.getBytes(StandardCharsets.UTF_8);
        long cmdlineLimit = Math.min(header.cmdlineSize(), MAX_CMDLINE);
        if (cmdline.length > cmdlineLimit) {
            throw new BootException(String.format("%s: the command line has %d bytes; this kernel takes at most %d",
                    name, cmdline.length, cmdlineLimit));
        }
        BootStrings strings = new BootStrings(CMDLINE_ADDRESS);
        long cmdlineAddress = strings.add(append);
        memory.load(CMDLINE_ADDRESS, strings.bytes());

        long initrd = 0, initrdSize = 0;
        if (!initrdSpecs.isEmpty()) {
            byte[] data = concatenate(initrdSpecs, ram);
            initrdSize = data.length;
            long ceiling = Math.min(Math.min(ram, FOUR_GIB), header.initrdAddrMax() + 1);
            initrd = (ceiling - initrdSize) & -PhysicalMemory.PAGE_SIZE;
            if (initrd < kernelEnd) {
                throw new BootException(String.format("%s: the initrd (%d bytes) does not fit between the kernel's"
                        + " init_size range (up to 0x%x) and 0x%x; give the machine more memory",
                        name, initrdSize, kernelEnd, ceiling));
            }
            memory.load(initrd, data);
        }

        memory.load(BOOT_PARAMS_ADDRESS, BootParams.build(file, header, load, cmdlineAddress, initrd, initrdSize,
                rsdpAddress, LowMemory.map(ram)));
        LongModeEntry.writeTables(memory);
        return new LoadedKernel(BootProtocol.LINUX64, load + ENTRY_OFFSET, BOOT_PARAMS_ADDRESS, null);
    }

    /** The initrd files one after another, each padded with zeros to a multiple of 4 bytes. */
    private static byte[] concatenate(List<String> specs, long ram) throws BootException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String spec : specs) {
            Path path = KernelFile.modulePath(spec);
            if (!KernelFile.moduleArgs(spec).isEmpty()) {
                throw new BootException("initrd " + path + ": a Linux initrd takes no arguments (\""
                        + KernelFile.moduleArgs(spec) + "\")");
            }
            byte[] data = KernelFile.read(path, "initrd", ram);
            out.writeBytes(data);
            out.write(new byte[-data.length & 3], 0, -data.length & 3);
            if (out.size() > ram) {
                throw new BootException(String.format("the initrds (%d bytes so far) do not fit in guest RAM (%d MiB)",
                        out.size(), ram >> 20));
            }
        }
        return out.toByteArray();
    }

    /** Enters {@code cpu} at startup_64 in 64-bit mode with RSI = boot_params. */
    static void enter(Cpu cpu, LoadedKernel kernel) {
        LongModeEntry.enter(cpu, kernel.entry(), kernel.infoAddress());
    }
}

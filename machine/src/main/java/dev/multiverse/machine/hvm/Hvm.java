package dev.multiverse.machine.hvm;

import dev.multiverse.apic.LocalApic;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.loader.KernelFile;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.List;

/**
 * A machine's Hybrid Virtual Machine partition (docs/hvm-abi.md): which cores and RAM are the ROS's and
 * the HRT's, who may interrupt whom, and the HRT image and its boot. The machine boots the HRT cores at
 * power-on ({@link #powerOn}); hypercalls reboot them ({@link #bootHrt}) and replace the image
 * ({@link #installImage}).
 */
public final class Hvm implements HrtPartition {
    /** The cores' time-stamp counters run at the machine's nominal 1 GHz: one cycle per nanosecond. */
    public static final long TSC_KHZ = 1_000_000;

    private final HvmConfig config;
    private final PhysicalMemory memory;
    private final List<Cpu> cores;
    private final List<LocalApic> apics;
    /** The image the next HRT boot loads: --hrt-kernel's, or the last one installed. */
    private HrtImage image;
    private String imageName;
    /** Whether {@link #image} was installed: it then replaces --hrt-kernel for good, machine resets included. */
    private boolean installed;
    private HrtLayout layout;

    /** {@code config} as {@link HvmConfig#forMemory} resolved it; {@code cores} and {@code apics} are every core's, by APIC ID. */
    public Hvm(HvmConfig config, PhysicalMemory memory, List<Cpu> cores, List<LocalApic> apics) {
        if (cores.size() != config.cores() || apics.size() != config.cores() || config.rosMemory() == 0) {
            throw new IllegalArgumentException("the HVM's partition does not match the machine's " + cores.size() + " cores");
        }
        this.config = config;
        this.memory = memory;
        this.cores = List.copyOf(cores);
        this.apics = List.copyOf(apics);
    }

    /**
     * Reads and checks the HRT image file {@code config} names for a machine of {@code memorySize} bytes: an
     * unusable one (unreadable, not ELF64, no Multiboot 2 header or HRT tag, not fitting HRT RAM) fails
     * with a one-line message.
     */
    public static HrtImage readImage(HvmConfig config, long memorySize) throws BootException {
        String name = config.hrtKernel().toString();
        byte[] file = KernelFile.read(config.hrtKernel(), "HRT kernel", memorySize - config.rosMemory());
        HrtImage image = HrtImage.parse(file, name);
        HrtLayout.plan(image, config, memorySize, name);
        return image;
    }

    /**
     * Power-on and machine reset: HRT boot on every HRT core, with the image read again from --hrt-kernel
     * (as the ROS kernel is) unless one was installed, which stays.
     */
    public void powerOn() throws BootException {
        if (!installed) {
            image = readImage(config, memory.ramSize());
            imageName = config.hrtKernel().toString();
        }
        bootHrt();
    }

    /**
     * HRT boot (power-on, and the HRT or full reset hypercalls): loads the current image and its boot
     * state into HRT RAM and puts every HRT core, reset, in the entry state. Other cores are untouched.
     */
    @Override
    public void bootHrt() {
        try {
            layout = HrtLayout.plan(image, config, memory.ramSize(), imageName);
        } catch (BootException e) {
            // Every image was planned for this machine when it was read or installed.
            throw new IllegalStateException(e);
        }
        byte[] info = MultibootInfo.build(layout, config, memory.ramSize(), image, config.cores(), TSC_KHZ);
        HrtBoot.write(memory, layout, image, info);
        for (int i = 0; i < config.hrtCores(); i++) {
            int apicId = config.rosCores() + i;
            cores.get(apicId).reset();
            apics.get(apicId).reset();
            HrtBoot.enter(cores.get(apicId), layout, i, apicId);
        }
    }

    /**
     * Checks {@code file} as an HRT image for this machine (ELF64, Multiboot 2 header, HRT tag, fits HRT
     * RAM) and makes it the one the next {@link #bootHrt} loads; a bad image changes nothing.
     */
    @Override
    public void installImage(byte[] file) throws BootException {
        String name = "installed HRT image";
        HrtImage checked = HrtImage.parse(file.clone(), name);
        HrtLayout.plan(checked, config, memory.ramSize(), name);
        image = checked;
        imageName = name;
        installed = true;
    }

    public HvmConfig config() {
        return config;
    }

    /** The last HRT boot's layout (comm page, boot state, map). */
    public HrtLayout layout() {
        return layout;
    }

    @Override
    public boolean isHrtCore(int apicId) {
        return apicId >= config.rosCores() && apicId < config.cores();
    }

    /** The first HRT core's APIC ID (= the number of ROS cores). */
    @Override
    public int firstHrtCore() {
        return config.rosCores();
    }

    /** The HRT cores, by HRT core index (APIC ID minus {@link #firstHrtCore}). */
    public List<Cpu> hrtCores() {
        return cores.subList(config.rosCores(), config.cores());
    }

    /** The ROS cores, by APIC ID. */
    public List<Cpu> rosCores() {
        return cores.subList(0, config.rosCores());
    }

    /** The first byte of HRT RAM: the ROS's RAM ends here. */
    public long rosMemory() {
        return config.rosMemory();
    }

    @Override
    public long commPageGpa() {
        return layout.commPageGpa();
    }

    /** The HRT tag's upcall vector of the booted image: 32-255, or 0 for #GP with error code 0xf00df00d. */
    @Override
    public int upcallVector() {
        return layout.upcallVector();
    }

    /** Whether an IPI from core {@code from} may reach core {@code to}: HRT cores reach every core, ROS cores only ROS cores. */
    public boolean ipiReaches(int from, int to) {
        return isHrtCore(from) || !isHrtCore(to);
    }
}

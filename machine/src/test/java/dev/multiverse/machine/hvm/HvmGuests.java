package dev.multiverse.machine.hvm;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.TestKernels;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Small guests for HVM machine tests, both sides in 64-bit code: a ROS kernel as a bzImage entered through
 * the Linux 64-bit boot protocol (identity-mapped 4 GiB, so it reaches HRT RAM too), and an HRT image at
 * {@link #HRT_BASE} (the first HRT byte of a machine with 32 MiB of ROS RAM) mapped at GVA = GPA, with an IDT
 * whose one gate leads into the image.
 */
final class HvmGuests {
    static final long MIB = 1 << 20;
    /** The local APIC's spurious-interrupt vector register: bit 8 software-enables it. */
    private static final int SVR = 0xF0;
    static final long ROS_MEMORY = 32 * MIB, MEMORY = 64 * MIB;
    static final long HRT_BASE = ROS_MEMORY;
    /** The HRT image's code: right after its Multiboot 2 header. */
    static final long HRT_CODE = HRT_BASE + HrtImages.HEADER_SIZE;
    /** The IDT (256 gates) and the IDTR image the HRT code loads with {@code lidt IDTR}. */
    static final long IDT = HRT_BASE + 0x1000, IDTR = HRT_BASE + 0x2000;
    /** The first free word of the image's data, after the IDTR. */
    static final long HRT_DATA = IDTR + 0x10;

    private HvmGuests() {
    }

    /**
     * ROS cores 0-1 with 32 MiB and HRT cores 2-3 of a 64 MiB machine (or, without the HVM, four plain cores),
     * every local APIC software-enabled; the ROS kernel only halts, the HRT image is {@link HrtImages}' at 40 MiB.
     */
    static Machine fourCores(Path dir, boolean hvm) throws Exception {
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, new byte[] {(byte) 0xF4}));
        HrtImages image = new HrtImages();
        image.paddr = 40 * MIB;
        Path hrt = TestKernels.write(dir, "hrt.elf", image.build());
        MachineConfig c = MachineConfig.of(ros).withMemorySize(MEMORY);
        c = hvm ? c.withHvm(new HvmConfig(2, 2, ROS_MEMORY, hrt, "")) : c.withCores(4);
        Machine m = new Machine(c, new ByteArrayOutputStream());
        for (int i = 0; i < 4; i++) m.localApic(i).write(SVR, 4, 0x1FF);
        return m;
    }

    static byte[] hex(String bytes) {
        return HexFormat.of().parseHex(bytes);
    }

    /**
     * An HRT image whose code is {@code code} and whose IDT gate {@code vector} (a 64-bit interrupt gate,
     * selector 0x08 of the HVM's GDT) leads to {@code handlerOffset} bytes into the code; {@code upcallVector}
     * is the HRT tag's (0: upcalls as #GP(0xf00df00d)).
     */
    static byte[] hrtImage(byte[] code, int vector, int handlerOffset, int upcallVector) {
        ByteBuffer b = ByteBuffer.allocate((int) (HRT_DATA + 0x40 - HRT_CODE)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(code);
        long handler = HRT_CODE + handlerOffset;
        int gate = (int) (IDT + 16L * vector - HRT_CODE);
        b.putShort(gate, (short) handler).putShort(gate + 2, (short) 0x08).putShort(gate + 4, (short) 0x8e00)
                .putShort(gate + 6, (short) (handler >>> 16)).putInt(gate + 8, (int) (handler >>> 32));
        b.putShort((int) (IDTR - HRT_CODE), (short) 0xfff).putLong((int) (IDTR - HRT_CODE) + 2, IDT);
        HrtImages image = new HrtImages();
        image.paddr = HRT_BASE;
        image.vector = upcallVector;
        image.code = b.array();
        return image.build();
    }

    /**
     * A bzImage (boot protocol 2.15, 64-bit entry, relocatable, preferring 2 MiB) whose startup_64, entered
     * by the Linux 64-bit boot protocol, is {@code startup64}.
     */
    static byte[] linuxImage(byte[] startup64) {
        int kernelOffset = 2 * 512;
        ByteBuffer b = ByteBuffer.allocate(kernelOffset + 0x200 + startup64.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1F1, (byte) 1);                            // one setup sector
        b.putShort(0x1FE, (short) 0xAA55);
        b.put(0x200, (byte) 0xEB).put(0x201, (byte) 0x66);
        b.put(0x202, new byte[] {'H', 'd', 'r', 'S'});
        b.putShort(0x206, (short) 0x20F);
        b.put(0x211, (byte) 0x81);                         // LOADED_HIGH | CAN_USE_HEAP
        b.putInt(0x22C, 0x7FFF_FFFF);                      // initrd_addr_max
        b.putInt(0x230, (int) (2 * MIB));                  // kernel_alignment
        b.put(0x234, (byte) 1);                            // relocatable_kernel
        b.putShort(0x236, (short) 1);                      // XLF_KERNEL_64
        b.putInt(0x238, 0x7FF);                            // cmdline_size
        b.putInt(0x248, 16);                               // payload_offset
        b.putInt(0x24C, 4);                                // payload_length
        b.putLong(0x258, 2 * MIB);                         // pref_address
        b.putInt(0x260, (int) (3 * MIB));                  // init_size
        b.put(kernelOffset + 0x200, startup64);
        return b.array();
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.Interpreter;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;

import java.util.ArrayList;
import java.util.List;

/**
 * Cores for hypercall tests: 8 MiB of RAM shared by {@code ros + hrt} cores in 64-bit mode with 4-level
 * paging identity-mapping it (user-accessible, except one page, {@link #NOT_PRESENT}, left out), a flat GDT
 * and an IDT whose every vector leads to its own HLT stub at {@link #stub}, and the hypercalls served by a
 * {@link Hypercalls} over a {@link Partition} that records what it is asked.
 */
final class HvmCores {
    static final long PML4 = 0x1000, GDT = 0x5000, IDT = 0x6000, STUBS = 0x8000, CODE = 0x20000;
    static final long NOT_PRESENT = 0x180000;
    static final long COMM_PAGE = 0x300000;
    static final int KERNEL_CS = 0x08, KERNEL_DS = 0x10, USER_CS = 0x1b, USER_DS = 0x23;

    final PhysicalMemory memory = new PhysicalMemory(8 << 20);
    final List<Cpu> cores = new ArrayList<>();
    final List<Interpreter> interpreters = new ArrayList<>();
    final Partition partition;
    final Hypercalls hypercalls;
    final List<Boolean> resets = new ArrayList<>();

    /** The HRT side as the tests see it: HRT boots and installed images are recorded. */
    static final class Partition implements HrtPartition {
        final int ros, hrt;
        int vector;
        int boots;
        byte[] installed;

        Partition(int ros, int hrt, int vector) {
            this.ros = ros;
            this.hrt = hrt;
            this.vector = vector;
        }

        @Override
        public int firstHrtCore() {
            return ros;
        }

        @Override
        public boolean isHrtCore(int apicId) {
            return apicId >= ros && apicId < ros + hrt;
        }

        @Override
        public long commPageGpa() {
            return COMM_PAGE;
        }

        @Override
        public int upcallVector() {
            return vector;
        }

        @Override
        public void bootHrt() {
            boots++;
        }

        @Override
        public void installImage(byte[] image) throws BootException {
            if (image.length < 4 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
                throw new BootException("not an ELF file");
            }
            installed = image;
        }
    }

    HvmCores(int ros, int hrt, int vector) {
        partition = new Partition(ros, hrt, vector);
        PortBus ports = new PortBus();
        for (int i = 0; i < ros + hrt; i++) {
            Cpu c = new Cpu(i, new Mmu(memory), ports);
            cores.add(c);
            interpreters.add(new Interpreter(c));
        }
        writeTables();
        for (Cpu c : cores) enterLongMode(c);
        hypercalls = new Hypercalls(cores, memory, partition, resets::add, HvmCosts.DEFAULT);
        for (Cpu c : cores) c.hypercalls = hypercalls;
    }

    /** The HLT stub vector {@code v}'s gate leads to. */
    static long stub(int v) {
        return STUBS + v * 16L;
    }

    private void writeTables() {
        memory.write(PML4, 8, 0x2000 | 7);
        memory.write(0x2000, 8, 0x3000 | 7);
        memory.write(0x3000, 8, 0x4000 | 7);                       // first 2 MiB in 4 KiB pages
        for (int pd = 1; pd < 4; pd++) memory.write(0x3000 + pd * 8L, 8, ((long) pd << 21) | 0x87);
        for (int pt = 0; pt < 512; pt++) {
            long page = (long) pt << 12;
            if (page != NOT_PRESENT) memory.write(0x4000 + pt * 8L, 8, page | 7);
        }
        long[] gdt = {0, 0x00209a0000000000L, 0x0000920000000000L, 0x0020fa0000000000L, 0x0000f20000000000L};
        for (int i = 0; i < gdt.length; i++) memory.write(GDT + i * 8L, 8, gdt[i]);
        for (int v = 0; v < 256; v++) {
            long target = stub(v);
            long low = (target & 0xffff) | ((long) KERNEL_CS << 16) | (0xeeL << 40) | ((target >>> 16 & 0xffff) << 48);
            memory.write(IDT + v * 16L, 8, low);
            memory.write(IDT + v * 16L + 8, 8, target >>> 32);
            memory.write(target, 1, 0xf4);
        }
    }

    private void enterLongMode(Cpu c) {
        java.util.Arrays.fill(c.gpr, 0);
        c.cr0 = Cpu.CR0_PE | Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_ET | Cpu.CR0_NE;
        c.cr4 = Cpu.CR4_PAE | Cpu.CR4_OSFXSR;
        c.efer = Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE | Cpu.EFER_SCE;
        c.cr3 = PML4;
        c.updatePaging();
        c.gdtBase = GDT;
        c.gdtLimit = 5 * 8 - 1;
        c.idtBase = IDT;
        c.idtLimit = 256 * 16 - 1;
        kernelMode(c);
        c.gpr[Cpu.RSP] = 0x90000 - c.id * 0x1000L;
    }

    static void kernelMode(Cpu c) {
        int data = Segment.P | Segment.S | 0x3 | Segment.DB | Segment.G;
        for (int s = 0; s < 6; s++) c.seg[s].load(KERNEL_DS, 0, 0xffff_ffffL, data);
        c.seg[Insn.CS].load(KERNEL_CS, 0, 0xffff_ffffL, Segment.P | Segment.S | 0xb | Segment.L | Segment.G);
        c.cpl = 0;
        c.updateCodeSize();
    }

    static void userMode(Cpu c) {
        int data = Segment.P | Segment.S | 0x3 | Segment.DB | Segment.G | (3 << 5);
        for (int s = 0; s < 6; s++) c.seg[s].load(USER_DS, 0, 0xffff_ffffL, data);
        c.seg[Insn.CS].load(USER_CS, 0, 0xffff_ffffL, Segment.P | Segment.S | 0xb | Segment.L | Segment.G | (3 << 5));
        c.cpl = 3;
        c.updateCodeSize();
    }

    Cpu core(int i) {
        return cores.get(i);
    }

    /** Where core {@code i}'s hypercall instruction sits. */
    static long callSite(int i) {
        return CODE + i * 0x100L;
    }

    /**
     * Core {@code i} executes VMCALL (followed by HLT) with the HVM's magic numbers, sub-op {@code op} and the
     * arguments in RDX and RSI: one instruction. Returns RAX.
     */
    long call(int i, int op, long rdx, long rsi) {
        Cpu c = core(i);
        c.gpr[Cpu.RAX] = Hypercalls.MAGIC_RAX;
        c.gpr[Cpu.RBX] = Hypercalls.MAGIC_RBX;
        c.gpr[Cpu.RCX] = op;
        c.gpr[Cpu.RDX] = rdx;
        c.gpr[Cpu.RSI] = rsi;
        execute(i, 0x0f, 0x01, 0xc1, 0xf4);
        return c.gpr[Cpu.RAX];
    }

    long call(int i, int op) {
        return call(i, op, 0, 0);
    }

    /**
     * Core {@code i} runs {@code code} placed at its call site for one instruction. An upcall waiting for
     * the core is taken first (its handler's HLT runs), as the core would before its next instruction.
     */
    StopReason execute(int i, int... code) {
        Cpu c = core(i);
        if (c.injectedVector() >= 0) run(i, 1);
        byte[] bytes = new byte[code.length];
        for (int b = 0; b < code.length; b++) bytes[b] = (byte) code[b];
        memory.load(callSite(i), bytes);
        c.rip = callSite(i);
        c.halted = false;
        return run(i, 1);
    }

    /** Core {@code i} runs at most {@code instructions} from where it is. */
    StopReason run(int i, long instructions) {
        return interpreters.get(i).run(instructions);
    }

    long read64(long pa) {
        return memory.read(pa, 8);
    }
}

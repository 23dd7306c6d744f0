package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.Interpreter;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The emulator side: one core in 64-bit mode with 4-level paging that maps exactly what the native
 * harness maps (the code page and the data areas, user-accessible; data no-execute), running the case at
 * CPL 3 as the native process does. Every exception goes through a real IDT to a ring-0 handler stub per
 * vector, a single HLT, so the handler reached names the vector and the frame on the ring-0 stack holds
 * the interrupted RIP, RFLAGS and RSP: the same facts the native signal context gives. CR0 and CR4 enable
 * x87, MMX and SSE as Linux does (MP, NE, OSFXSR, OSXMMEXCPT, OSXSAVE), and a case's FXSAVE image is loaded and
 * saved as the harness does with FXRSTOR and the signal frame.
 */
final class EmulatedMachine {
    private static final long RAM = 2L << 20;
    private static final long PML4 = 0x1000, TABLES_END = 0x10000;
    // Supervisor structures, identity-mapped (linear = physical).
    private static final long GDT = 0x10000, TSS = 0x11000, IDT = 0x12000, HANDLERS = 0x13000, KERNEL_STACK_TOP = 0x16000;
    private static final long CODE_PHYS = 0x20000, AREAS_PHYS = 0x10_0000;
    private static final int KERNEL_CS = 0x10, USER_DS = 0x2b, USER_CS = 0x33;
    private static final long P = 1, RW = 2, US = 4, NX = 1L << 63;
    /** Enough for the longest REP case; a case still running after this many instructions never stops. */
    private static final long BUDGET = 100_000;
    private static final int USER_CODE = Segment.P | Segment.S | 0xb | 3 << 5 | Segment.L | Segment.G;
    private static final int USER_DATA = Segment.P | Segment.S | 0x3 | 3 << 5 | Segment.DB | Segment.G;

    private final PhysicalMemory memory = new PhysicalMemory(RAM);
    private final Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
    private final Interpreter interpreter = new Interpreter(cpu);
    private final MemorySegment ram = memory.ram();
    private final long[] areaPhys = new long[DiffLayout.AREAS.size()];
    private final MemorySegment[] initial = new MemorySegment[DiffLayout.AREAS.size()];
    /** Initial contents plus the running case's patches: what "unchanged" means for that case. */
    private final MemorySegment[] expected = new MemorySegment[DiffLayout.AREAS.size()];
    private long nextTable = PML4 + DiffLayout.PAGE;

    EmulatedMachine() {
        for (long a = GDT; a < KERNEL_STACK_TOP; a += DiffLayout.PAGE) {
            map(a, a, a == HANDLERS ? P : P | RW | NX);
        }
        map(DiffLayout.CODE_PAGE, CODE_PHYS, P | RW | US);
        long phys = AREAS_PHYS;
        for (int i = 0; i < DiffLayout.AREAS.size(); i++) {
            Area area = DiffLayout.AREAS.get(i);
            areaPhys[i] = phys;
            byte[] contents = DiffLayout.initialContents(area);
            initial[i] = MemorySegment.ofArray(contents);
            expected[i] = MemorySegment.ofArray(contents.clone());
            memory.load(phys, contents);
            for (int off = 0; off < area.size(); off += DiffLayout.PAGE) {
                map(area.base() + off, phys + off, P | RW | US | NX);
            }
            phys += area.size();
        }
        byte[] hlt = new byte[DiffLayout.PAGE];
        Arrays.fill(hlt, (byte) 0xf4);
        memory.load(CODE_PHYS, hlt);
        memory.load(HANDLERS, Arrays.copyOf(hlt, 256));

        memory.write(GDT + KERNEL_CS, 8, 0x00af_9b00_0000_ffffL);
        memory.write(GDT + KERNEL_CS + 8, 8, 0x00cf_9300_0000_ffffL);
        memory.write(GDT + (USER_DS & ~7), 8, 0x00cf_f300_0000_ffffL);
        memory.write(GDT + (USER_CS & ~7), 8, 0x00af_fb00_0000_ffffL);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 0x7f;
        memory.write(TSS + 4, 8, KERNEL_STACK_TOP);                       // RSP0
        cpu.tr.load(0x40, TSS, 0x67, Segment.P | 0xb);
        for (int v = 0; v < 256; v++) {
            long target = HANDLERS + v;
            int dpl = v == CpuException.BP || v == CpuException.OF ? 3 : 0;   // INT3 and INTO work from ring 3, as under Linux
            long lo = (target & 0xffff) | (long) KERNEL_CS << 16 | 0xeL << 40 | (long) dpl << 45 | 1L << 47
                    | ((target >>> 16) & 0xffff) << 48;
            memory.write(IDT + v * 16L, 8, lo);
            memory.write(IDT + v * 16L + 8, 8, target >>> 32);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = 0xfff;

        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_MP | Cpu.CR0_ET | Cpu.CR0_NE | Cpu.CR0_WP | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PAE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT | Cpu.CR4_OSXSAVE;
        // XSAVE cases request the x87 and SSE components only, so these are the ones XCR0 needs to enable.
        cpu.xcr0 = 3;
        cpu.cr3 = PML4;
        cpu.efer = Cpu.EFER_SCE | Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE;
        cpu.updatePaging();
        for (int s = 0; s < 6; s++) cpu.seg[s].load(0, 0, 0, 0);
    }

    /** Maps one 4 KiB page in the 4-level tables, allocating intermediate tables as needed. */
    private void map(long linear, long phys, long flags) {
        long table = PML4;
        for (int level = 0; level < 3; level++) {
            long entryAddress = table + ((linear >>> (39 - 9 * level)) & 0x1ff) * 8;
            long entry = memory.read(entryAddress, 8);
            if ((entry & P) == 0) {
                if (nextTable >= TABLES_END) throw new IllegalStateException("out of page-table space");
                entry = nextTable | P | RW | US;
                nextTable += DiffLayout.PAGE;
                memory.write(entryAddress, 8, entry);
            }
            table = entry & 0x000f_ffff_ffff_f000L;
        }
        memory.write(table + ((linear >>> 12) & 0x1ff) * 8, 8, phys | flags);
    }

    private static int areaIndex(long linear) {
        for (int i = 0; i < DiffLayout.AREAS.size(); i++) {
            if (DiffLayout.AREAS.get(i).contains(linear, 1)) return i;
        }
        throw new IllegalArgumentException("patch outside the data areas: " + Long.toHexString(linear));
    }

    private long physical(long linear) {
        int i = areaIndex(linear);
        return areaPhys[i] + (linear - DiffLayout.AREAS.get(i).base());
    }

    Outcome run(DiffCase c) {
        byte[] code = Arrays.copyOf(c.code(), DiffLayout.MAX_INSN);
        Arrays.fill(code, c.code().length, code.length, (byte) 0xf4);
        Insn decoded = Decoder.decode(off -> off < code.length ? code[off] & 0xff : 0xf4, Decoder.CODE64);
        // A misplaced LOCK decodes to the invalid-opcode row on purpose; anything else must be the intended row.
        boolean invalid = decoded.row.mnemonic().equals("(bad)");
        if ((decoded.row != c.row() && !invalid) || decoded.length != c.code().length) {
            return new Outcome(Outcome.DECODE_MISMATCH, 0, DiffLayout.INSN, 0, c.gpr().clone(), c.rflags(), List.of(), c.fpu(),
                    "decoded as " + RowNames.form(decoded.row) + " (" + decoded.length + " bytes)");
        }
        memory.load(CODE_PHYS + (DiffLayout.INSN - DiffLayout.CODE_PAGE), code);
        for (DiffCase.Patch p : c.patches()) memory.load(physical(p.address()), p.bytes());

        cpu.cpl = 3;
        cpu.seg[Insn.CS].load(USER_CS, 0, 0xffff_ffffL, USER_CODE);
        cpu.seg[Insn.SS].load(USER_DS, 0, 0xffff_ffffL, USER_DATA);
        cpu.updateCodeSize();
        System.arraycopy(c.gpr(), 0, cpu.gpr, 0, 16);
        cpu.flags.put(c.rflags());
        if (c.fpu() != null) FxsaveImage.load(cpu, c.fpu());
        cpu.rip = DiffLayout.INSN;
        cpu.cr2 = 0;
        cpu.halted = false;

        Outcome stop;
        try {
            StopReason reason = interpreter.run(BUDGET);
            stop = stopOutcome(reason);
        } catch (RuntimeException | StackOverflowError e) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            stop = new Outcome(Outcome.EMULATOR_CRASH, 0, DiffLayout.INSN, 0, cpu.gpr.clone(), cpu.flags.get(), List.of(), null,
                    e + (at != null ? " at " + at : ""));
        }
        List<Outcome.Change> changes = changesAndRestore(c);
        byte[] fpu = c.fpu() != null ? FxsaveImage.save(cpu) : null;
        return new Outcome(stop.vector(), stop.error(), stop.rip(), stop.cr2(), stop.gpr(), stop.rflags(), changes, fpu, stop.detail());
    }

    /** Reads where the case stopped from the handler reached and the ring-0 exception frame. */
    private Outcome stopOutcome(StopReason reason) {
        long[] gpr = cpu.gpr.clone();
        if (reason == StopReason.TRIPLE_FAULT) {
            return new Outcome(Outcome.TRIPLE_FAULT, 0, cpu.rip, 0, gpr, cpu.flags.get(), List.of(), null, null);
        }
        long vector = cpu.rip - 1 - HANDLERS;
        if (!cpu.halted || vector < 0 || vector > 255) {
            return new Outcome(Outcome.NO_STOP, 0, cpu.rip, 0, gpr, cpu.flags.get(), List.of(), null, "stopped: " + reason);
        }
        long frame = cpu.gpr[Cpu.RSP];
        int error = 0;
        if (CpuException.pushesErrorCode((int) vector)) {
            error = (int) memory.read(frame, 8);
            frame += 8;
        }
        long rip = memory.read(frame, 8);
        long rflags = memory.read(frame + 16, 8);
        gpr[Cpu.RSP] = memory.read(frame + 24, 8);
        return new Outcome((int) vector, error, rip, vector == CpuException.PF ? cpu.cr2 : 0, gpr, rflags, List.of(), null, null);
    }

    /**
     * The data-area bytes that differ from the case's starting contents (initial contents plus patches),
     * after which every area is put back to its initial contents for the next case.
     */
    private List<Outcome.Change> changesAndRestore(DiffCase c) {
        for (DiffCase.Patch p : c.patches()) {
            int i = areaIndex(p.address());
            MemorySegment.copy(p.bytes(), 0, expected[i], ValueLayout.JAVA_BYTE, p.address() - DiffLayout.AREAS.get(i).base(), p.bytes().length);
        }
        List<Outcome.Change> changes = new ArrayList<>();
        for (int i = 0; i < DiffLayout.AREAS.size(); i++) {
            Area area = DiffLayout.AREAS.get(i);
            MemorySegment live = ram.asSlice(areaPhys[i], area.size());
            long from = 0;
            while (true) {
                long off = MemorySegment.mismatch(live, from, area.size(), expected[i], from, area.size());
                if (off < 0) break;
                off += from;
                changes.add(new Outcome.Change(area.base() + off, live.get(ValueLayout.JAVA_BYTE, off) & 0xff));
                live.set(ValueLayout.JAVA_BYTE, off, initial[i].get(ValueLayout.JAVA_BYTE, off));
                from = off + 1;
            }
        }
        for (DiffCase.Patch p : c.patches()) {
            int i = areaIndex(p.address());
            long off = p.address() - DiffLayout.AREAS.get(i).base();
            MemorySegment.copy(initial[i], off, expected[i], off, p.bytes().length);
            MemorySegment.copy(initial[i], off, ram, areaPhys[i] + off, p.bytes().length);
        }
        return changes;
    }
}

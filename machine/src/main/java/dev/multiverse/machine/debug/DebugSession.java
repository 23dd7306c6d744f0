package dev.multiverse.machine.debug;

import dev.multiverse.apic.IoApic;
import dev.multiverse.apic.LocalApic;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.DebugHook;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.disasm.Disassembler;
import dev.multiverse.cpu.exec.Debug;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.loader.ElfImage;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.Tlb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A debugger attached to a {@link Machine}: runs it under control (step, next, continue, until, with
 * breakpoints, watchpoints and an asynchronous {@link #interrupt()}), and reads and writes its state
 * (registers, memory by physical and by linear address, page walks, TLBs, descriptor tables, APICs).
 * One thread drives a session; only {@link #interrupt()} may be called from another.
 *
 * <p>Addresses: breakpoints, watchpoints, {@link #readVirtual} and disassembly take linear addresses (what
 * RIP names in 64-bit mode; CS.base + IP in real and protected mode), which are the addresses ELF symbols
 * give. Memory is translated through the given core's current page tables without side effects (no
 * accessed/dirty bits, no TLB fill, no fault delivered).
 *
 * <p>What debugging keeps exact: the hooks only look, so the guest computes the same results and cycle
 * counts as under {@code run}. A stop ends the core's turn at an instruction boundary mid-round and
 * {@link #resume()} continues that very round, so continue, until, breakpoints, watchpoints, interrupts
 * and {@link #next} execute exactly the instruction sequence, interleaving and device timing of
 * {@code run}; so does {@link #step} on a one-core machine. {@link #step} on a machine of several cores runs
 * the chosen core alone: the others sit out the rounds that pass (their clocks run on as a halted core's),
 * which changes the interleaving from there on. Memory and register writes change the guest, naturally.
 */
public final class DebugSession {
    private static final String[] GPR_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] SEGMENT_NAMES = {"es", "cs", "ss", "ds", "fs", "gs"};

    private final Machine machine;
    private final List<Cpu> cores;
    private final SymbolTable symbols = new SymbolTable();
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private final List<Watchpoint> watchpoints = new ArrayList<>();
    private int nextId = 1;
    private final Hook hook = new Hook();
    private volatile boolean interruptRequested;
    private RunResult ended;

    // The run in progress, as the hook sees it.
    /** The core a step counts instructions of, or -1. */
    private int stepCore = -1;
    private long stepsLeft;
    /** For next: the core, the return address (linear) and the stack pointer after the return; nextCore -1 when none. */
    private int nextCore = -1;
    private long nextReturn, nextStack;
    /** Per core: where it was when the run resumed, so a breakpoint right there does not stop it again at once. */
    private long[] resumeInstructions, resumeLinear;
    /** The reason the hook stopped the run, or null while it runs. */
    private StopEvent stop;
    /** Watchpoint hits of the instruction in progress, with the watched bytes' values before it. */
    private final List<Watchpoint> pendingHits = new ArrayList<>();
    private final List<long[]> pendingAccesses = new ArrayList<>();
    private final List<Long> pendingBefore = new ArrayList<>();
    private long instructionsBefore;

    /** Attaches to {@code machine} before it has run (or between runs); the kernel's ELF symbols are loaded. */
    public DebugSession(Machine machine) {
        this.machine = machine;
        this.cores = machine.cores();
        ElfImage elf = machine.kernel().elf();
        if (elf != null) symbols.addElf(elf, 0);
        resumeInstructions = new long[cores.size()];
        resumeLinear = new long[cores.size()];
        for (Cpu c : cores) c.debugHook = hook;
    }

    public Machine machine() {
        return machine;
    }

    public int coreCount() {
        return cores.size();
    }

    /** Core {@code core}'s registers and state, to read (and write with care: prefer {@link #setRegister}). */
    public Cpu cpu(int core) {
        checkCore(core);
        return cores.get(core);
    }

    // ---- execution ----

    /**
     * Executes {@code count} instructions on {@code core} (an exception delivered instead of an instruction
     * counts as one), stopping earlier at a breakpoint (other than one at the starting point) or watchpoint.
     */
    public StopEvent step(int core, long count) {
        checkCore(core);
        if (count < 1) throw new DebugException("the step count must be at least 1");
        stepCore = core;
        stepsLeft = count;
        try {
            return go(core);
        } finally {
            stepCore = -1;
        }
    }

    /**
     * Steps over a call: when the instruction at {@code core}'s RIP is a CALL, runs every core until this
     * one is back at the instruction after it with the stack as before (or a breakpoint, watchpoint or
     * interrupt stops it sooner); otherwise one {@link #step}.
     */
    public StopEvent next(int core) {
        checkCore(core);
        Cpu c = cores.get(core);
        long at = linearRip(c);
        Insn insn = decodeAt(core, at);
        if (insn == null || !insn.row.mnemonic().startsWith("call")) return step(core, 1);
        nextCore = core;
        nextReturn = at + insn.length;
        nextStack = c.gpr[Cpu.RSP];
        try {
            return go(-1);
        } finally {
            nextCore = -1;
        }
    }

    /** Runs every core (as {@code run} does) until a breakpoint, a watchpoint, {@link #interrupt()} or the guest's end. */
    public StopEvent resume() {
        return go(-1);
    }

    /** {@link #resume()} with a one-time stop when any core reaches linear address {@code address}. */
    public StopEvent runUntil(long address) {
        Breakpoint temporary = addBreakpoint(address, true, -1);
        try {
            return go(-1);
        } finally {
            breakpoints.remove(temporary);
        }
    }

    /** Stops the running guest at the next instruction boundary of the core executing; callable from any thread. */
    public void interrupt() {
        interruptRequested = true;
    }

    /**
     * Lets go of the machine: every breakpoint and watchpoint deleted and the hooks removed, so that
     * {@link Machine#run()} then continues the run exactly where the session left it, at full speed, as
     * if no debugger had come. The session must not be used afterwards.
     */
    public void detach() {
        deleteAll();
        for (Cpu c : cores) c.debugHook = null;
    }

    /** The guest's end, or null while it can still run. */
    public RunResult ended() {
        return ended;
    }

    private StopEvent go(int only) {
        if (ended != null) throw new DebugException("the guest has ended (" + describeEnd(ended) + ")");
        for (int i = 0; i < cores.size(); i++) {
            resumeInstructions[i] = cores.get(i).instructions;
            resumeLinear[i] = linearRip(cores.get(i));
        }
        stop = null;
        interruptRequested = false;
        RunResult r = machine.runDebugged(only, () -> interruptRequested);
        if (r != null) {
            ended = r;
            Cpu c = cores.get(0);
            long linear = linearRip(c);
            return new StopEvent(StopEvent.Kind.ENDED, 0, c.rip, linear, symbols.symbolize(linear), null, null, r);
        }
        if (stop != null) return stop;
        if (interruptRequested) {
            interruptRequested = false;
            return event(StopEvent.Kind.INTERRUPTED, cores.get(Math.max(only, 0)), null, null);
        }
        return event(StopEvent.Kind.CORE_IDLE, cores.get(only), null, null);
    }

    /** One line for the end of a run: its diagnostic, or the guest's exit status. */
    public static String describeEnd(RunResult r) {
        return r.diagnostic() != null ? r.diagnostic() : "the guest exited through isa-debug-exit, exit status " + r.exitStatus();
    }

    private StopEvent event(StopEvent.Kind kind, Cpu c, Breakpoint bp, WatchHit hit) {
        long linear = linearRip(c);
        return new StopEvent(kind, c.id, c.rip, linear, symbols.symbolize(linear), bp, hit, null);
    }

    /** Decides the stops, from the interpreter's thread. */
    private final class Hook implements DebugHook {
        @Override
        public boolean stopBefore(Cpu c) {
            if (interruptRequested) {
                interruptRequested = false;
                stop = event(StopEvent.Kind.INTERRUPTED, c, null, null);
                return true;
            }
            pendingHits.clear();
            pendingAccesses.clear();
            pendingBefore.clear();
            instructionsBefore = c.instructions;
            if (breakpoints.isEmpty() && nextCore < 0) return false;
            long linear = linearRip(c);
            if (nextCore == c.id && linear == nextReturn && Long.compareUnsigned(c.gpr[Cpu.RSP], nextStack) >= 0) {
                stop = event(StopEvent.Kind.STEPPED, c, null, null);
                return true;
            }
            if (c.instructions == resumeInstructions[c.id] && linear == resumeLinear[c.id]) return false;
            for (Breakpoint bp : breakpoints) {
                if (bp.address() == linear && (bp.core() < 0 || bp.core() == c.id)) {
                    if (bp.temporary()) breakpoints.remove(bp);
                    stop = event(StopEvent.Kind.BREAKPOINT, c, bp, null);
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean stopAfter(Cpu c) {
            if (!pendingHits.isEmpty() && c.instructions > instructionsBefore) {
                Watchpoint wp = pendingHits.getFirst();
                long[] access = pendingAccesses.getFirst();
                Long after = readWatched(c, wp);
                stop = event(StopEvent.Kind.WATCHPOINT, c, null,
                        new WatchHit(wp, access[0], (int) access[1], access[2] != 0, pendingBefore.getFirst(), after));
                return true;
            }
            if (stepCore == c.id && --stepsLeft == 0) {
                stop = event(StopEvent.Kind.STEPPED, c, null, null);
                return true;
            }
            return false;
        }

        @Override
        public void dataAccess(Cpu c, long linear, int size, boolean write) {
            for (Watchpoint wp : watchpoints) {
                if (wp.kind().catches(write) && wp.overlaps(linear, size) && !pendingHits.contains(wp)) {
                    pendingHits.add(wp);
                    pendingAccesses.add(new long[]{linear, size, write ? 1 : 0});
                    pendingBefore.add(readWatched(c, wp));
                }
            }
        }
    }

    private Long readWatched(Cpu c, Watchpoint wp) {
        PageWalk w = PageWalker.walk(c, wp.address());
        if (!w.mapped()) return null;
        long v = 0;
        for (int i = 0; i < wp.length(); i++) {
            PageWalk b = PageWalker.walk(c, wp.address() + i);
            if (!b.mapped()) return null;
            v |= (c.mmu.physical().read(b.physical(), 1) & 0xff) << (8 * i);
        }
        return v;
    }

    // ---- breakpoints and watchpoints ----

    /** A breakpoint at linear {@code address}, on {@code core} only or on any core (-1). */
    public Breakpoint addBreakpoint(long address, boolean temporary, int core) {
        if (core >= 0) checkCore(core);
        Breakpoint bp = new Breakpoint(nextId++, address, temporary, core);
        breakpoints.add(bp);
        return bp;
    }

    /** A watchpoint on {@code length} (1 to 8) bytes at linear {@code address}. */
    public Watchpoint addWatchpoint(WatchKind kind, long address, int length) {
        if (length < 1 || length > 8) throw new DebugException("a watchpoint covers 1 to 8 bytes, not " + length);
        Watchpoint wp = new Watchpoint(nextId++, kind, address, length);
        watchpoints.add(wp);
        updateWatching();
        return wp;
    }

    /** Deletes breakpoint or watchpoint {@code id}; false when there is none. */
    public boolean delete(int id) {
        boolean removed = breakpoints.removeIf(b -> b.id() == id) | watchpoints.removeIf(w -> w.id() == id);
        updateWatching();
        return removed;
    }

    /** Deletes every breakpoint and watchpoint. */
    public void deleteAll() {
        breakpoints.clear();
        watchpoints.clear();
        updateWatching();
    }

    public List<Breakpoint> breakpoints() {
        return Collections.unmodifiableList(new ArrayList<>(breakpoints));
    }

    public List<Watchpoint> watchpoints() {
        return Collections.unmodifiableList(new ArrayList<>(watchpoints));
    }

    /** Data accesses reach the hook only while a watchpoint is armed: without one they cost nothing. */
    private void updateWatching() {
        for (Cpu c : cores) {
            c.debugWatch = !watchpoints.isEmpty();
            Debug.updateWatchpoints(c);
        }
    }

    // ---- symbols and addresses ----

    public SymbolTable symbols() {
        return symbols;
    }

    /** "name+0xoff" for a linear address, or null. */
    public String symbolize(long linear) {
        return symbols.symbolize(linear);
    }

    /**
     * An address written as hex (with or without 0x), a symbol, or a sum or difference of those
     * (rom_main+0x10, 0x8000-modes_blob), from left to right.
     */
    public long resolve(String text) {
        String t = text.strip();
        int op = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (op > 0) {
            long base = resolve(t.substring(0, op));
            long off = resolve(t.substring(op + 1));
            return t.charAt(op) == '+' ? base + off : base - off;
        }
        OptionalLong s = symbols.address(t);
        if (s.isPresent()) return s.getAsLong();
        try {
            return parseHex(t);
        } catch (DebugException e) {
            throw new DebugException("no symbol \"" + t + "\" and not a hex address");
        }
    }

    private static long parseHex(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("0x")) t = t.substring(2);
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new DebugException("\"" + text.strip() + "\" is not a hex number");
        }
    }

    // ---- registers ----

    /** The linear address of the core's next instruction. */
    public static long linearRip(Cpu c) {
        return c.codeSize == Decoder.CODE64 ? c.rip : (c.seg[Insn.CS].base + c.rip) & 0xffff_ffffL;
    }

    /**
     * A register by name (as gdb names them): rax..r15, rip, eflags (or rflags), cs ss ds es fs gs
     * (selectors), fs_base, gs_base, k_gs_base, cr0 cr2 cr3 cr4 cr8, efer, dr0-dr7, fctrl fstat ftag
     * (full 16-bit tag word), fiseg fioff foseg fooff fop, mxcsr, and any MSR as msr:0xINDEX.
     */
    public long register(int core, String name) {
        Cpu c = cpu(core);
        String n = name.toLowerCase(Locale.ROOT);
        for (int r = 0; r < 16; r++) if (GPR_NAMES[r].equals(n)) return c.gpr[r];
        for (int s = 0; s < 6; s++) if (SEGMENT_NAMES[s].equals(n)) return c.seg[s].selector;
        if (n.startsWith("msr:")) return readMsr(c, (int) parseHex(n.substring(4)));
        if (n.matches("dr[0-7]")) return c.dr[n.charAt(2) - '0'];
        return switch (n) {
            case "rip" -> c.rip;
            case "eflags", "rflags" -> c.flags.get();
            case "fs_base" -> c.seg[Insn.FS].base;
            case "gs_base" -> c.seg[Insn.GS].base;
            case "k_gs_base" -> c.msrs.kernelGsBase;
            case "cr0" -> c.cr0;
            case "cr2" -> c.cr2;
            case "cr3" -> c.cr3;
            case "cr4" -> c.cr4;
            case "cr8" -> c.taskPriority != null ? c.taskPriority.cr8() : c.cr8;
            case "efer" -> c.efer;
            case "fctrl" -> c.x87.control;
            case "fstat" -> c.x87.status;
            case "ftag" -> c.x87.tag;
            case "fiseg" -> c.x87.instructionSelector;
            case "fioff" -> c.x87.instructionPointer;
            case "foseg" -> c.x87.dataSelector;
            case "fooff" -> c.x87.dataPointer;
            case "fop" -> c.x87.opcode;
            case "mxcsr" -> c.mxcsr & 0xffff_ffffL;
            default -> throw new DebugException("no register \"" + name + "\"");
        };
    }

    /**
     * Writes a register {@link #register} names. A segment register takes a selector: in real and
     * virtual-8086 mode its base becomes selector * 16, in protected mode its descriptor is loaded from the
     * GDT/LDT (no checks: a debugger may do what an instruction may not). Control registers and EFER go
     * through the paths MOV CR/WRMSR use for paging; MSRs through the core's MSR model.
     */
    public void setRegister(int core, String name, long value) {
        Cpu c = cpu(core);
        String n = name.toLowerCase(Locale.ROOT);
        for (int r = 0; r < 16; r++) {
            if (GPR_NAMES[r].equals(n)) {
                c.gpr[r] = value;
                return;
            }
        }
        for (int s = 0; s < 6; s++) {
            if (SEGMENT_NAMES[s].equals(n)) {
                loadSegment(c, s, (int) value & 0xffff);
                return;
            }
        }
        if (n.startsWith("msr:")) {
            try {
                c.msrs.write((int) parseHex(n.substring(4)), value);
            } catch (RuntimeException e) {
                throw new DebugException("MSR " + n.substring(4) + " cannot be written: " + e.getMessage());
            }
            return;
        }
        if (n.matches("dr[0-7]")) {
            c.dr[n.charAt(2) - '0'] = value;
            Debug.updateWatchpoints(c);
            return;
        }
        switch (n) {
            case "rip" -> c.rip = value;
            case "eflags", "rflags" -> c.flags.put(value);
            case "fs_base" -> c.seg[Insn.FS].base = value;
            case "gs_base" -> c.seg[Insn.GS].base = value;
            case "k_gs_base" -> c.msrs.kernelGsBase = value;
            case "cr0" -> {
                c.setPagingControl(value, c.cr4, c.efer);
                c.updateCodeSize();
            }
            case "cr2" -> c.cr2 = value;
            case "cr3" -> c.setCr3(value);
            case "cr4" -> c.setPagingControl(c.cr0, value, c.efer);
            case "cr8" -> {
                if (c.taskPriority != null) c.taskPriority.setCr8((int) value & 0xf);
                else c.cr8 = value & 0xf;
            }
            case "efer" -> {
                c.setPagingControl(c.cr0, c.cr4, value);
                c.updateCodeSize();
            }
            case "fctrl" -> c.x87.loadControl((int) value & 0xffff);
            case "fstat" -> c.x87.status = (int) value & 0xffff;
            case "ftag" -> c.x87.setFullTag((int) value & 0xffff);
            case "fiseg" -> c.x87.instructionSelector = (int) value & 0xffff;
            case "fioff" -> c.x87.instructionPointer = value;
            case "foseg" -> c.x87.dataSelector = (int) value & 0xffff;
            case "fooff" -> c.x87.dataPointer = value;
            case "fop" -> c.x87.opcode = (int) value & 0x7ff;
            case "mxcsr" -> c.mxcsr = (int) value;
            default -> throw new DebugException("no register \"" + name + "\"");
        }
    }

    private void loadSegment(Cpu c, int s, int selector) {
        if ((c.cr0 & Cpu.CR0_PE) == 0 || c.flags.bit(dev.multiverse.cpu.flags.Flags.VM)) {
            c.seg[s].loadReal(selector);
        } else if ((selector & ~3) == 0) {
            c.seg[s].load(selector, 0, 0, 0);
        } else {
            boolean local = (selector & 4) != 0;
            long table = local ? c.ldtr.base : c.gdtBase;
            long descriptor = readLong(c.id, table + (selector & ~7));
            c.seg[s].loadDescriptor(selector, descriptor);
        }
        if (s == Insn.CS) {
            c.cpl = c.flags.bit(dev.multiverse.cpu.flags.Flags.VM) ? 3 : (c.cr0 & Cpu.CR0_PE) == 0 ? 0 : selector & 3;
            c.updateCodeSize();
        }
    }

    private static long readMsr(Cpu c, int index) {
        try {
            return c.msrs.read(index);
        } catch (RuntimeException e) {
            throw new DebugException(String.format("MSR 0x%x cannot be read (the guest's RDMSR would fault)", index));
        }
    }

    /** The value of MSR {@code index} on {@code core}, as RDMSR would read it. */
    public long msr(int core, int index) {
        return readMsr(cpu(core), index);
    }

    /** x87 register ST({@code i}) (relative to TOP). */
    public Float80 st(int core, int i) {
        return cpu(core).x87.st(i & 7);
    }

    public void setSt(int core, int i, Float80 value) {
        cpu(core).x87.setSt(i & 7, value);
    }

    /** XMM{@code n} as {low 64 bits, high 64 bits}. */
    public long[] xmm(int core, int n) {
        Cpu c = cpu(core);
        if (n < 0 || n > 15) throw new DebugException("no register xmm" + n);
        return new long[]{c.xmm[2 * n], c.xmm[2 * n + 1]};
    }

    public void setXmm(int core, int n, long low, long high) {
        Cpu c = cpu(core);
        if (n < 0 || n > 15) throw new DebugException("no register xmm" + n);
        c.xmm[2 * n] = low;
        c.xmm[2 * n + 1] = high;
    }

    // ---- memory ----

    /** Bytes at physical {@code address} (RAM, MMIO registers as a read would see them, 0xff where nothing is). */
    public byte[] readPhysical(long address, int length) {
        PhysicalMemory pm = machine.memory();
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = (byte) pm.read(address + i, 1);
        return out;
    }

    public void writePhysical(long address, byte[] data) {
        PhysicalMemory pm = machine.memory();
        for (int i = 0; i < data.length; i++) pm.write(address + i, 1, data[i]);
        for (Cpu c : cores) c.exitBlock = true;
    }

    /** Bytes at linear {@code address} through {@code core}'s page tables; DebugException naming the first unmapped address. */
    public byte[] readVirtual(int core, long address, int length) {
        Cpu c = cpu(core);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = (byte) c.mmu.physical().read(translate(c, address + i), 1);
        return out;
    }

    /** Writes bytes at linear {@code address} through {@code core}'s page tables (ignoring page protection). */
    public void writeVirtual(int core, long address, byte[] data) {
        Cpu c = cpu(core);
        long[] physical = new long[data.length];
        for (int i = 0; i < data.length; i++) physical[i] = translate(c, address + i);
        for (int i = 0; i < data.length; i++) c.mmu.physical().write(physical[i], 1, data[i]);
        for (Cpu other : cores) other.exitBlock = true;
    }

    private static long translate(Cpu c, long linear) {
        PageWalk w = PageWalker.walk(c, linear);
        if (!w.mapped()) throw new DebugException(String.format("0x%x is not mapped (%s)", linear, w.fault()));
        return w.physical();
    }

    private long readLong(int core, long linear) {
        byte[] b = readVirtual(core, linear, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    /** The page walk of linear {@code address} through {@code core}'s current page tables. */
    public PageWalk pageWalk(int core, long address) {
        return PageWalker.walk(cpu(core), address);
    }

    /** {@code core}'s TLB entries. */
    public List<Tlb.Entry> tlb(int core) {
        return cpu(core).mmu.tlb().entries();
    }

    // ---- disassembly ----

    /** One disassembled instruction: its linear address, its bytes, objdump's text, and its symbol or null. */
    public record Disassembly(long address, byte[] bytes, String text, String symbol) {
    }

    /**
     * {@code count} instructions from linear {@code address}, decoded in {@code core}'s present code size;
     * stops early at memory that is not mapped.
     */
    public List<Disassembly> disassemble(int core, long address, int count) {
        Cpu c = cpu(core);
        List<Disassembly> out = new ArrayList<>();
        long at = address;
        for (int n = 0; n < count; n++) {
            Insn insn = decodeAt(core, at);
            if (insn == null) break;
            long shown = c.codeSize == Decoder.CODE64 ? at : at - c.seg[Insn.CS].base;
            out.add(new Disassembly(at, insn.bytes, Disassembler.format(insn, shown), symbols.symbolize(at)));
            at += insn.length;
        }
        return out;
    }

    /** The instruction at linear {@code at}, or null when its first byte is not mapped. */
    private Insn decodeAt(int core, long at) {
        Cpu c = cpu(core);
        PageWalk first = PageWalker.walk(c, at);
        if (!first.mapped()) return null;
        PhysicalMemory pm = c.mmu.physical();
        return Decoder.decode(i -> {
            PageWalk w = PageWalker.walk(c, at + i);
            return w.mapped() ? (int) pm.read(w.physical(), 1) : 0;
        }, c.codeSize);
    }

    // ---- tables and devices ----

    /** {@code core}'s GDT entries (every one up to its limit), decoded. */
    public List<TableEntry> gdt(int core) {
        Cpu c = cpu(core);
        return DescriptorTables.gdt(c, (linear, n) -> readVirtual(core, linear, n));
    }

    /** {@code core}'s IDT entries (or the real-mode interrupt vector table), decoded. */
    public List<TableEntry> idt(int core) {
        Cpu c = cpu(core);
        return DescriptorTables.idt(c, (linear, n) -> readVirtual(core, linear, n));
    }

    /** The readable registers of {@code core}'s local APIC, by xAPIC offset: {offset, value} pairs. */
    public List<int[]> localApicRegisters(int core) {
        checkCore(core);
        LocalApic apic = machine.localApic(core);
        List<int[]> out = new ArrayList<>();
        for (int offset = 0x20; offset <= 0x3f0; offset += 0x10) {
            Integer v = apic.inspect(offset);
            if (v != null) out.add(new int[]{offset, v});
        }
        return out;
    }

    /** The IOAPIC's ID, version and the 24 redirection entries (index 0 ID, 1 VER, 2+p pin p's 64-bit entry). */
    public long[] ioApicRegisters() {
        IoApic io = machine.ioapic();
        long[] out = new long[2 + IoApic.PINS];
        out[0] = io.inspect(0) & 0xffff_ffffL;
        out[1] = io.inspect(1) & 0xffff_ffffL;
        for (int p = 0; p < IoApic.PINS; p++) {
            out[2 + p] = (io.inspect(0x10 + 2 * p) & 0xffff_ffffL) | (long) io.inspect(0x11 + 2 * p) << 32;
        }
        return out;
    }

    /** Whether IOAPIC pin {@code pin}'s input is asserted. */
    public boolean ioApicInput(int pin) {
        return machine.ioapic().inputLevel(pin);
    }

    /** Every core's mode, RIP, state and counters. */
    public List<CoreStatus> cores() {
        List<CoreStatus> out = new ArrayList<>();
        for (Cpu c : cores) {
            long linear = linearRip(c);
            String state = machine.localApic(c.id).waitingForStartup() ? "waiting for SIPI"
                    : !c.halted ? "running" : c.interruptDeliverable() ? "halted (interrupt pending)" : "halted";
            out.add(new CoreStatus(c.id, Machine.mode(c), c.rip, linear, symbols.symbolize(linear), state,
                    c.instructions, c.cycles));
        }
        return out;
    }

    private void checkCore(int core) {
        if (core < 0 || core >= cores.size()) {
            throw new DebugException("no core " + core + " (the machine has " + cores.size()
                    + (cores.size() == 1 ? " core)" : " cores: 0-" + (cores.size() - 1) + ")"));
        }
    }

    /** Reads the segment register {@code s} ({@link Insn#ES}..{@link Insn#GS}) of {@code core} with its descriptor cache. */
    public Segment segment(int core, int s) {
        return cpu(core).seg[s];
    }
}

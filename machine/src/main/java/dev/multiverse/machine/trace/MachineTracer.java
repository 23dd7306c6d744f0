package dev.multiverse.machine.trace;

import dev.multiverse.apic.ApicBus;
import dev.multiverse.apic.ApicEventSink;
import dev.multiverse.apic.LocalApic;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.CpuEventSink;
import dev.multiverse.cpu.Interpreter;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.disasm.Disassembler;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.machine.hvm.HvmEventSink;
import dev.multiverse.mmu.MemoryEventSink;
import dev.multiverse.mmu.MmioHandler;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.multiverse.machine.trace.TraceEvent.Field.dec;
import static dev.multiverse.machine.trace.TraceEvent.Field.hex;
import static dev.multiverse.machine.trace.TraceEvent.Field.text;

/**
 * The machine's event sink: it hears the cores ({@link CpuEventSink}, and {@link Interpreter.Tracer} for
 * instructions), the memory system ({@link MemoryEventSink}), the APICs ({@link ApicEventSink}) and an
 * HVM's hypercall results, upcalls and signals ({@link HvmEventSink}), turns
 * what it hears into {@link TraceEvent}s stamped with virtual time (the core's cycle count, one cycle per
 * nanosecond) and hands each to the {@link TraceOutput}s that want its category. It only reads guest state,
 * so a traced run executes exactly as an untraced one.
 *
 * <p>Connected by {@code Machine.attachTrace}; {@link #finish} completes the outputs. A write error stops
 * tracing (the guest runs on) and is reported by {@link #finish}.
 */
public final class MachineTracer implements CpuEventSink, MemoryEventSink, ApicEventSink, HvmEventSink,
        Interpreter.Tracer {
    private static final String[] GPR_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] EXCEPTIONS = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF",
            "coprocessor segment overrun", "#TS", "#NP", "#SS", "#GP", "#PF", "reserved 15", "#MF", "#AC", "#MC",
            "#XM", "#VE", "#CP"};
    /** By {@code mmu.Access} and {@code mmu.Privilege} constant. */
    private static final String[] ACCESS = {"read", "write", "execute"};
    private static final String[] PRIVILEGE = {"supervisor", "user", "supervisor-ac"};
    private static final String[] MODE_NAMES = {"real", "protected", "v86", "compat", "long"};
    private static final String[] PAGING = {"off", "32-bit", "pae", "4-level"};

    private final List<TraceOutput> outputs;
    /** Per category: some output wants it and it is switched on. */
    private final boolean[] active = new boolean[TraceCategory.values().length];
    private final boolean[] switchedOn = new boolean[TraceCategory.values().length];
    private List<Cpu> cores = List.of();
    private Supplier<Cpu> running = () -> null;
    private Consumer<Interpreter.Tracer> instructionHook = t -> { };
    /** Per core, the mode, code size, paging and CPL last reported (see {@link #modeKey}). */
    private int[] modes = new int[0];
    private IOException failure;
    private boolean finished;

    public MachineTracer(List<TraceOutput> outputs) {
        this.outputs = List.copyOf(outputs);
        java.util.Arrays.fill(switchedOn, true);
        updateActive();
    }

    /**
     * Starts hearing a machine's parts: sets this tracer as the event sink of every core, its MMU, the port
     * bus, physical memory and the APIC bus; {@code instructionHook} installs or removes (null) the
     * interpreters' per-instruction tracer, which is only installed while instructions are traced so that
     * untraced execution keeps its fast path. Records each core's state and mode as the first events.
     */
    public void connect(List<Cpu> cores, List<LocalApic> apics, ApicBus apicBus, PhysicalMemory memory,
                        Supplier<Cpu> running, Consumer<Interpreter.Tracer> instructionHook) {
        this.cores = List.copyOf(cores);
        this.running = running;
        this.instructionHook = instructionHook;
        modes = new int[cores.size()];
        for (Cpu core : cores) {
            core.events = this;
            core.mmu.setEventSink(this);
        }
        cores.getFirst().ports.setEventSink(this);
        memory.setEventSink(this);
        apicBus.setEventSink(this);
        instructionHook.accept(active[TraceCategory.INSTRUCTIONS.ordinal()] ? this : null);
        for (int i = 0; i < cores.size(); i++) {
            Cpu core = cores.get(i);
            String state = apics.get(i).waitingForStartup() ? "waiting" : core.halted ? "halted" : "running";
            emit(core.cycles, core.id, TraceCategory.MACHINE, "state", text("state", state), hex("rip", core.rip));
            modes[i] = -1;
            modeMayHaveChanged(core);
        }
    }

    /** Switches a category on or off (all are on at first; only those some output records are ever written). */
    public void setEnabled(TraceCategory category, boolean on) {
        switchedOn[category.ordinal()] = on;
        updateActive();
        instructionHook.accept(active[TraceCategory.INSTRUCTIONS.ordinal()] ? this : null);
    }

    private void updateActive() {
        for (TraceCategory c : TraceCategory.values()) {
            boolean wanted = false;
            for (TraceOutput o : outputs) wanted |= o.categories().contains(c);
            active[c.ordinal()] = wanted && switchedOn[c.ordinal()] && failure == null;
        }
    }

    /** The categories some output records. */
    public Set<TraceCategory> categories() {
        EnumSet<TraceCategory> set = EnumSet.noneOf(TraceCategory.class);
        for (TraceOutput o : outputs) set.addAll(o.categories());
        return set;
    }

    /** A machine reset, for {@code reason}, is about to happen. */
    public void machineReset(String reason) {
        if (active[TraceCategory.MACHINE.ordinal()]) {
            emit(now(), TraceEvent.MACHINE, TraceCategory.MACHINE, "reset", text("reason", reason));
        }
    }

    /** An HVM's ROS reset, of cores {@code [0, rosCores)}, for {@code reason}, is about to happen. */
    public void rosReset(int rosCores, String reason) {
        if (active[TraceCategory.MACHINE.ordinal()]) {
            emit(now(), TraceEvent.MACHINE, TraceCategory.MACHINE, "ros-reset", dec("cores", rosCores),
                    text("reason", reason));
        }
    }

    /**
     * Ends tracing: completes every output at the latest core's time. Throws the first write error, which
     * stopped tracing when it happened.
     */
    public void finish() throws IOException {
        if (finished) return;
        finished = true;
        long end = now();
        for (TraceOutput o : outputs) {
            try {
                o.finish(end);
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    private long now() {
        long t = 0;
        for (Cpu c : cores) t = Math.max(t, c.cycles);
        return t;
    }

    private void emit(long time, int core, TraceCategory category, String name, TraceEvent.Field... fields) {
        emit(new TraceEvent(time, core, category, name, List.of(fields)));
    }

    private void emit(TraceEvent e) {
        if (finished) return;
        for (TraceOutput o : outputs) {
            if (!o.categories().contains(e.category())) continue;
            try {
                o.accept(e);
            } catch (IOException ex) {
                failure = ex;
                updateActive();
                instructionHook.accept(null);
                return;
            }
        }
    }

    private boolean on(TraceCategory c) {
        return active[c.ordinal()];
    }

    // ---- instructions ----

    @Override
    public void executed(Cpu cpu, Insn insn, long rip, long[] gprBefore, long flagsBefore) {
        if (!on(TraceCategory.INSTRUCTIONS)) return;
        List<TraceEvent.Field> fields = new ArrayList<>(6);
        fields.add(hex("rip", rip));
        StringBuilder bytes = new StringBuilder(2 * insn.bytes.length);
        for (byte b : insn.bytes) {
            bytes.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        fields.add(text("bytes", bytes.toString()));
        fields.add(text("asm", Disassembler.format(insn, rip)));
        for (int r = 0; r < 16; r++) {
            if (cpu.gpr[r] != gprBefore[r]) fields.add(hex(GPR_NAMES[r], cpu.gpr[r]));
        }
        long flags = cpu.flags.get();
        if (flags != flagsBefore) fields.add(hex("rflags", flags));
        emit(new TraceEvent(cpu.cycles, cpu.id, TraceCategory.INSTRUCTIONS, "insn", fields));
    }

    // ---- interrupts, modes, hypercalls, halts ----

    @Override
    public void interrupt(Cpu cpu, int kind, int vector, int errorCode, long rip) {
        if (!on(TraceCategory.INTERRUPTS)) return;
        List<TraceEvent.Field> fields = new ArrayList<>(5);
        fields.add(hex("vector", vector));
        String name = switch (kind) {
            case EXTERNAL -> "external";
            case NMI -> "nmi";
            case SOFTWARE -> "software";
            default -> "exception";
        };
        if (kind == EXCEPTION) fields.add(text("name", vector < EXCEPTIONS.length ? EXCEPTIONS[vector] : "vector " + vector));
        if (errorCode != -1) fields.add(hex("error", errorCode & 0xffff_ffffL));
        fields.add(hex("rip", rip));
        if (kind == EXCEPTION && vector == 14) fields.add(hex("cr2", cpu.cr2));
        fields.add(hex("handler", cpu.rip));
        emit(new TraceEvent(cpu.cycles, cpu.id, TraceCategory.INTERRUPTS, name, fields));
    }

    @Override
    public void interruptReturn(Cpu cpu) {
        if (on(TraceCategory.INTERRUPTS)) emit(cpu.cycles, cpu.id, TraceCategory.INTERRUPTS, "iret", hex("rip", cpu.rip));
    }

    @Override
    public void shutdown(Cpu cpu) {
        if (on(TraceCategory.MACHINE)) {
            emit(cpu.cycles, cpu.id, TraceCategory.MACHINE, "shutdown", text("cause", "triple fault"), hex("rip", cpu.rip));
        }
    }

    @Override
    public void modeMayHaveChanged(Cpu cpu) {
        if (!on(TraceCategory.MODES) || cpu.id >= modes.length) return;
        int key = modeKey(cpu);
        if (key == modes[cpu.id]) return;
        modes[cpu.id] = key;
        emit(cpu.cycles, cpu.id, TraceCategory.MODES, "mode", text("mode", MODE_NAMES[key >> 16]),
                dec("bits", key >> 8 & 0xff), text("paging", PAGING[key >> 4 & 0xf]), dec("cpl", key & 0xf),
                hex("rip", cpu.rip));
    }

    /** The operating mode, code size, paging mode and CPL in one number: mode << 16 | bits << 8 | paging << 4 | cpl. */
    private static int modeKey(Cpu cpu) {
        int mode;
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) mode = 0;
        else if (cpu.flags.bit(Flags.VM)) mode = 2;
        else if ((cpu.efer & Cpu.EFER_LMA) != 0) mode = cpu.codeSize == Decoder.CODE64 ? 4 : 3;
        else mode = 1;
        int bits = switch (cpu.codeSize) {
            case Decoder.CODE64 -> 64;
            case Decoder.CODE32 -> 32;
            default -> 16;
        };
        return mode << 16 | bits << 8 | cpu.mmu.mode().ordinal() << 4 | cpu.cpl;
    }

    @Override
    public void hypercall(Cpu cpu, String mnemonic) {
        if (!on(TraceCategory.HYPERCALLS)) return;
        long[] r = cpu.gpr;
        emit(cpu.cycles, cpu.id, TraceCategory.HYPERCALLS, mnemonic, hex("rax", r[Cpu.RAX]), hex("rbx", r[Cpu.RBX]),
                hex("rcx", r[Cpu.RCX]), hex("rdx", r[Cpu.RDX]), hex("rsi", r[Cpu.RSI]), hex("rdi", r[Cpu.RDI]),
                dec("cpl", cpu.cpl), hex("rip", cpu.insnStart), text("handler", cpu.hypercalls != null ? "yes" : "none"));
    }

    @Override
    public void hypercallResult(Cpu caller, long op, long result, boolean waits) {
        if (!on(TraceCategory.HYPERCALLS)) return;
        emit(caller.cycles, caller.id, TraceCategory.HYPERCALLS, "result", hex("op", op),
                waits ? text("rax", "unchanged (the caller waits)") : hex("rax", result), hex("rdx", caller.gpr[Cpu.RDX]));
    }

    @Override
    public void upcall(Cpu core, long request, int vector, int errorCode) {
        if (!on(TraceCategory.HYPERCALLS)) return;
        List<TraceEvent.Field> fields = new ArrayList<>(3);
        fields.add(hex("request", request));
        fields.add(hex("vector", vector));
        if (errorCode != -1) fields.add(hex("error", errorCode & 0xffff_ffffL));
        emit(new TraceEvent(core.cycles, core.id, TraceCategory.HYPERCALLS, "upcall", fields));
    }

    @Override
    public void signal(Cpu core, long code, long interruptedRip) {
        if (on(TraceCategory.HYPERCALLS)) {
            emit(core.cycles, core.id, TraceCategory.HYPERCALLS, "signal", hex("code", code), hex("rip", interruptedRip),
                    hex("handler", core.rip));
        }
    }

    @Override
    public void halted(Cpu cpu) {
        if (on(TraceCategory.MACHINE)) emit(cpu.cycles, cpu.id, TraceCategory.MACHINE, "halt", hex("rip", cpu.insnStart));
    }

    @Override
    public void woke(Cpu cpu) {
        if (on(TraceCategory.MACHINE)) emit(cpu.cycles, cpu.id, TraceCategory.MACHINE, "wake", hex("rip", cpu.rip));
    }

    // ---- APICs ----

    @Override
    public void ipi(int source, int destination, int mode, int vector) {
        if (!on(TraceCategory.IPIS)) return;
        emit(timeOf(source), source, TraceCategory.IPIS, "ipi",
                text("dest", destination < 0 ? "none" : Integer.toString(destination)),
                text("mode", ApicEventSink.MODES[mode]), hex("vector", vector));
    }

    @Override
    public void waitingForStartup(int core) {
        if (on(TraceCategory.MACHINE)) emit(timeOf(core), core, TraceCategory.MACHINE, "wait-for-sipi");
    }

    @Override
    public void started(int core, int vector) {
        if (on(TraceCategory.MACHINE)) {
            // On the started core's own clock (it may lag the sender's within a round), so its track stays in order.
            emit(timeOf(core), core, TraceCategory.MACHINE, "start", hex("vector", vector), hex("address", (long) vector << 12));
        }
    }

    private long timeOf(int core) {
        return core >= 0 && core < cores.size() ? cores.get(core).cycles : now();
    }

    // ---- memory ----

    @Override
    public void portIo(int port, int size, int value, boolean write, PortHandler device) {
        if (!on(TraceCategory.IO)) return;
        Cpu core = running.get();
        emit(core != null ? core.cycles : now(), core != null ? core.id : TraceEvent.MACHINE, TraceCategory.IO,
                write ? "out" : "in", hex("port", port), dec("size", size), hex("value", value & Cpu.mask(size)),
                text("device", device != null ? device.getClass().getSimpleName() : "none"));
    }

    @Override
    public void mmio(long address, int size, long value, boolean write, MmioHandler device) {
        if (!on(TraceCategory.MMIO)) return;
        Cpu core = running.get();
        emit(core != null ? core.cycles : now(), core != null ? core.id : TraceEvent.MACHINE, TraceCategory.MMIO,
                write ? "write" : "read", hex("address", address), dec("size", size), hex("value", value & Cpu.mask(size)),
                text("device", device.deviceName()));
    }

    @Override
    public void pageWalk(long linear, int access, int privilege, long physical, int pageShift, boolean tlbFilled) {
        if (!on(TraceCategory.PAGING)) return;
        Cpu core = running.get();
        emit(core != null ? core.cycles : now(), core != null ? core.id : TraceEvent.MACHINE, TraceCategory.PAGING,
                "walk", hex("linear", linear), text("access", ACCESS[access]), text("privilege", PRIVILEGE[privilege]),
                hex("physical", physical), text("page", pageSize(pageShift)), text("tlb", tlbFilled ? "filled" : "not cached"));
    }

    @Override
    public void pageWalkFault(long linear, int access, int privilege, int errorCode) {
        if (!on(TraceCategory.PAGING)) return;
        Cpu core = running.get();
        emit(core != null ? core.cycles : now(), core != null ? core.id : TraceEvent.MACHINE, TraceCategory.PAGING,
                "fault", hex("linear", linear), text("access", ACCESS[access]), text("privilege", PRIVILEGE[privilege]),
                hex("error", errorCode));
    }

    private static String pageSize(int shift) {
        return shift >= 30 ? (1 << (shift - 30)) + "G" : shift >= 20 ? (1 << (shift - 20)) + "M" : (1 << (shift - 10)) + "K";
    }
}

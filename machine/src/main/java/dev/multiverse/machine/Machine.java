package dev.multiverse.machine;

import dev.multiverse.apic.ApicBus;
import dev.multiverse.apic.ApicClock;
import dev.multiverse.apic.IoApic;
import dev.multiverse.apic.LocalApic;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.Interpreter;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.state.TimestampOrder;
import dev.multiverse.devices.DebugConsole;
import dev.multiverse.devices.VirtualClock;
import dev.multiverse.machine.firmware.FirmwareTables;
import dev.multiverse.machine.firmware.Platform;
import dev.multiverse.machine.hvm.Hvm;
import dev.multiverse.machine.hvm.HvmCosts;
import dev.multiverse.machine.hvm.Hypercalls;
import dev.multiverse.machine.loader.LoadedKernel;
import dev.multiverse.machine.loader.BootProtocol;
import dev.multiverse.machine.loader.KernelLoader;
import dev.multiverse.machine.trace.MachineTracer;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;

import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A PC built from a {@link MachineConfig}: RAM, the legacy platform devices on the port bus
 * ({@link PcDevices}: COM1, the 8259 pair, the 8254, the RTC, the i8042, PCI, ACPI PM, isa-debug-exit and
 * the A20 gates every core's MMU follows), one local APIC per core at 0xFEE00000 (APIC ID = core index) on
 * a shared {@link ApicBus} that routes IPIs between them, core 0's left by the (absent) firmware in
 * virtual-wire mode as a BIOS leaves it with the 8259 behind its LINT0, the IOAPIC at 0xFEC00000 on the
 * same ISA interrupt wires, device time on the {@link EventQueue},
 * core 0 (the bootstrap processor) entered in a kernel by the boot protocol its image declares (see
 * {@link KernelLoader}), the other cores (application processors) waiting for a start-up IPI as after
 * power-up. {@link #run} interprets the guest until it exits through isa-debug-exit, every core halts for
 * good, a core shuts down, or a core reaches the instruction limit.
 *
 * <p>A Hybrid Virtual Machine ({@link MachineConfig#hvm()}, docs/hvm-abi.md) splits this: the kernel above
 * is the ROS's, given the ROS cores (the only ones its firmware tables list, the only ones the IOAPIC and the
 * PIC reach, the only ones its IPIs reach) and the RAM below the ROS memory size (where its memory map ends);
 * the HRT cores enter the HRT kernel directly in 64-bit mode ({@link Hvm}) at power-on and at every reset.
 *
 * <p>Scheduling and time: the cores run on one host thread in rounds, in core order, each for the same
 * span of virtual time; one cycle is one instruction at a nominal 1 GHz. A round ends at
 * {@link #QUANTUM} cycles ({@link #SLICE} on a one-core machine, where there is nothing to interleave) or at
 * the next device event, whichever is first; a halted core or one waiting for a SIPI has its cycle counter
 * moved to the round's end, since its clock runs on. So at every round's end all cores' cycle counters
 * agree (and so do their TSCs, which derive from them), device events fire there, and a run is
 * deterministic. Devices read the present as the running core's cycles (never going back: the latest
 * reading is kept). When no core can run, time jumps to the next event if a halted core can take its interrupt
 * (no faster than host time while live serial input is connected: see {@link HostPacing}).
 *
 * <p>A core's shutdown (triple fault) ends the run or, with {@link TripleFaultAction#RESET}, resets the
 * machine: there is no firmware to restart, so a reset repeats what power-on did: RAM cleared, the kernel
 * and modules loaded again from their files, the devices and every core in their reset state and then in
 * the boot protocol's entry state. A reset the guest requests (port 0x92 bit 0, the i8042 reset line) always resets the machine,
 * whatever {@link TripleFaultAction} says: it is a reboot the guest asked for, not a fault. Both kinds count
 * against {@link MachineConfig#maxResets()}, as does an HVM's ROS reset (hypercall sub-op 0x1), which
 * repeats only the ROS's part of power-on and leaves the HRT running.
 */
public final class Machine {
    /** Instructions per round on a one-core machine: between rounds the serial output is flushed and the limits are checked. */
    static final long SLICE = 1 << 20;
    /** Instructions per core and round with more than one core: how closely the cores interleave. */
    static final long QUANTUM = 1000;

    private final MachineConfig config;
    private final PortBus ports;
    /** COM1, the PICs, the PIT and the other legacy devices on the port bus. */
    private final PcDevices devices;
    private final PhysicalMemory memory;
    private LoadedKernel kernel;
    /** Core 0, the bootstrap processor. */
    private final Cpu cpu;
    /** Every core, by index; the A20 line reaches each one's MMU. */
    private final List<Cpu> cores;
    /** Each core's local APIC, by core index. */
    private final List<LocalApic> apics;
    private final List<Interpreter> interpreters;
    private final ApicBus apicBus;
    /** The core executing now, or null between rounds. */
    private Cpu running;
    /** Virtual time at the end of the last round, when all cores' cycle counters agree. */
    private long roundEnd;
    /** The latest present a device has read: device time never goes back. */
    private long deviceTime;
    /** Virtual time (the running core's cycles at 1 GHz) and the device timers on it. */
    private final EventQueue events;
    /** Core 0's local APIC, whose LINT0 is the PIC pair's virtual wire after reset. */
    private final LocalApic apic;
    /** Every ISA interrupt wire reaches its pin as well as the PIC's input. */
    private final IoApic ioapic;
    private final Platform platform;
    /** The Hybrid Virtual Machine's partition and HRT boot, or null on a plain PC. */
    private final Hvm hvm;
    /** The HVM's hypercalls, served on every core; null on a plain PC, where VMCALL raises #UD. */
    private final Hypercalls hypercalls;
    /** Set when the guest powered the machine off (ACPI S5). */
    private boolean poweredOff;
    /** Who asked for a reset ("port 0x92", "the i8042 keyboard controller") until the run loop performs it; else null. */
    private String resetRequestedBy;
    /** The reset requested resets only an HVM's ROS (sub-op 0x1), not the whole machine. */
    private boolean resetRosOnly;
    /** Set by isa-debug-exit; -1 until the guest writes to it. */
    private int debugExitStatus = -1;
    /** Machine resets so far (guest requests, and triple faults under {@link TripleFaultAction#RESET}). */
    private int resets;
    private Consumer<String> resetListener = line -> { };
    /** The host's bytes on their way to the UART, or null when nothing is connected to its receive line. */
    private SerialLine serialLine;
    /** Hears the guest's events when tracing, else null. */
    private MachineTracer tracer;
    /** The core the round in progress runs next, or -1 between rounds (a debugger stop leaves a round in progress). */
    private int roundCore = -1;
    /** The virtual time the round in progress ends at. */
    private long roundTarget;
    /** While a debugger runs one core alone ({@link #runDebugged}), its index; else -1 (every core runs). */
    private int onlyCore = -1;
    /** A core's debug hook stopped it: the round in progress resumes at that core. */
    private boolean debuggerStopped;
    /** Set by a host thread (the console's quit key) to why the run ends before the next round; else null. */
    private volatile String hostStopRequest;
    /** Instructions of all cores and virtual time at the last round's end, for host threads (a progress line). */
    private volatile long publishedInstructions, publishedNanos;
    private final HostPacing pacing = new HostPacing();

    /** Builds the machine and loads the kernel; guest serial output goes to {@code serialOut}. */
    public Machine(MachineConfig config, OutputStream serialOut) throws BootException {
        this.config = config;
        try {
            memory = new PhysicalMemory(config.memorySize());
        } catch (OutOfMemoryError e) {
            throw new BootException(String.format("cannot allocate %d MiB of guest RAM on this host; use less memory",
                    config.memorySize() >> 20));
        }
        // What the firmware tables describe and the IOAPIC routes: an HVM's ROS cores only.
        platform = config.hvm() == null ? new Platform(config.cores()) : new Platform(config.hvm().rosCores(), config.cores());
        ports = new PortBus();
        kernel = KernelLoader.load(memory, config.kernelMemory(), config.kernel(), config.append(), config.initrds(),
                installFirmwareTables(), config.linuxEntry());
        events = new EventQueue(this::presentTime);
        apicBus = new ApicBus(memory);
        Cpu[] cpus = new Cpu[config.cores()];
        LocalApic[] localApics = new LocalApic[config.cores()];
        Interpreter[] interps = new Interpreter[config.cores()];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(i, new Mmu(memory), ports);
            localApics[i] = new LocalApic(cpus[i], apicBus, apicClock(events));
            interps[i] = new Interpreter(cpus[i]);
        }
        cores = List.of(cpus);
        // One order for every core's TSC reads, so no core sees the counter behind a value another has read;
        // an HVM's partitions have one each, since a ROS reset restarts the ROS cores' counters alone.
        int rosCores = config.hvm() == null ? cpus.length : config.hvm().rosCores();
        TimestampOrder tscOrder = new TimestampOrder(), hrtTscOrder = new TimestampOrder();
        for (Cpu core : cpus) core.msrs.tscOrder = core.id < rosCores ? tscOrder : hrtTscOrder;
        apics = List.of(localApics);
        interpreters = List.of(interps);
        cpu = cpus[0];
        apic = localApics[0];
        // Device interrupts reach the cores the firmware tables list: all, or an HVM's ROS cores.
        List<LocalApic> listed = apics.subList(0, platform.cores());
        ioapic = new IoApic(memory, Platform.IOAPIC_ADDRESS, platform.ioapicId(), listed);
        devices = new PcDevices(config, ports, serialOut, platform, events, ioapic, listed, this::setA20,
                this::requestReset, this::powerOff, this::debugExit);
        apic.virtualWire();
        // FERR# (x87 errors with CR0.NE clear) is IRQ 13 on a PC; the chipset takes the bootstrap processor's.
        cpu.connectFerr(devices.isaIrq(13)::set);
        hvm = config.hvm() == null ? null : new Hvm(config.hvm(), memory, cores, apics);
        if (hvm != null) {
            apicBus.setRoute(hvm::ipiReaches);
            apicBus.setIpiCosts(HvmCosts.DEFAULT.ipi(), HvmCosts.DEFAULT.inject());
        }
        hypercalls = hvm == null ? null
                : new Hypercalls(cores, memory, hvm, this::hvmReset, HvmCosts.DEFAULT);
        for (Cpu core : cores) core.hypercalls = hypercalls;
        enterKernel(false);
    }

    /**
     * The bootstrap processor enters the kernel; every other core the kernel is given waits for a start-up
     * IPI; an HVM's HRT cores enter the HRT kernel (read again from its file) unless {@code rosOnly}.
     */
    private void enterKernel(boolean rosOnly) throws BootException {
        for (LocalApic ap : apics.subList(1, platform.cores())) ap.waitForStartup();
        KernelLoader.enter(cpu, kernel);
        if (hvm != null && !rosOnly) hvm.powerOn();
    }

    /** The present as devices see it: the running core's cycles, never earlier than a previous reading. */
    private long presentTime() {
        deviceTime = Math.max(deviceTime, running != null ? running.cycles : roundEnd);
        return deviceTime;
    }

    /**
     * Connects host input to the serial port's receive line. With live input, a machine whose cores all
     * wait for an interrupt that only input can bring waits for the host instead of stopping.
     */
    public void connectSerialInput(SerialInput input) {
        serialLine = new SerialLine(input, devices.serial(), events);
        serialLine.check();
    }

    /**
     * Connects Bochs' and QEMU's debug console (port 0xE9, the HRT's console) to {@code out}; at most once,
     * before the run. Without it the port is unclaimed, as in QEMU without -debugcon.
     */
    public void connectDebugConsole(OutputStream out) {
        ports.register(DebugConsole.PORT, 1, new DebugConsole(out));
    }

    /** The protocol the kernel was booted with. */
    public BootProtocol bootProtocol() {
        return kernel.protocol();
    }

    public Cpu cpu() {
        return cpu;
    }

    /** Every core, by index (APIC ID). */
    public List<Cpu> cores() {
        return cores;
    }

    /** Core {@code i}'s local APIC. */
    public LocalApic localApic(int i) {
        return apics.get(i);
    }

    /** The Hybrid Virtual Machine (its partition, HRT image and boot), or null for a machine without --hvm. */
    public Hvm hvm() {
        return hvm;
    }

    public IoApic ioapic() {
        return ioapic;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** The kernel as loaded (its ELF symbols among it); it changes when the machine resets. */
    public LoadedKernel kernel() {
        return kernel;
    }

    /** Names a core's operating mode: "real mode", "64-bit mode", "32-bit protected mode, paging on"... */
    public static String mode(Cpu core) {
        return CpuModes.describe(core);
    }

    /** Sends the guest's events (see {@link MachineTracer}) to {@code trace} from now on. */
    public void attachTrace(MachineTracer trace) {
        tracer = trace;
        trace.connect(cores, apics, apicBus, memory, () -> running, this::setTracer);
        if (hypercalls != null) hypercalls.setEventSink(trace);
    }

    /** Traces every instruction from now on ({@code null} stops tracing). */
    public void setTracer(Interpreter.Tracer tracer) {
        for (Interpreter interpreter : interpreters) interpreter.setTracer(tracer);
    }

    /**
     * Hears one line for every machine reset: "machine reset (triple fault on core N at RIP ...)" or
     * "machine reset (requested through port 0x92 by core N at RIP ...)" (or "through the i8042 keyboard
     * controller"), and for an HVM's ROS reset "ROS reset (requested through the HVM's ROS reset hypercall by core N ...)".
     */
    public void setResetListener(Consumer<String> listener) {
        resetListener = listener;
    }

    /** How many times the machine (or an HVM's ROS) has been reset. */
    public int resets() {
        return resets;
    }

    private void debugExit(int status) {
        debugExitStatus = status;
        if (running != null) running.requestStop("isa-debug-exit");
    }

    private void powerOff() {
        poweredOff = true;
        if (running != null) running.requestStop("ACPI power off");
    }

    private void setA20(boolean enabled) {
        for (Cpu core : cores) {
            core.mmu.setA20(enabled);
        }
    }

    /** The ROS's reset hypercalls: the ROS alone (sub-op 0x1), or the whole machine with the HRT (0x3). */
    private void hvmReset(boolean hrtToo) {
        if (hrtToo) requestReset("the HVM's reset hypercall");
        else requestReset("the HVM's ROS reset hypercall", true);
    }

    /** A guest's reset request: the requesting core stops at its next instruction boundary and the run loop resets the machine. */
    private void requestReset(String by) {
        requestReset(by, false);
    }

    /** As {@link #requestReset(String)}; with {@code rosOnly} only an HVM's ROS resets (a machine reset asked for meanwhile wins). */
    private void requestReset(String by, boolean rosOnly) {
        if (resetRequestedBy != null && !resetRosOnly) return;
        resetRequestedBy = by;
        resetRosOnly = rosOnly;
        if (running != null) running.requestStop("reset through " + by);
    }

    /**
     * Ends the run before the next round with {@link StopCause#QUIT} and {@code why} as its diagnostic; safe
     * from any thread. Rounds are short (at most {@link #SLICE} instructions, an idle wait at most 100 ms),
     * so it takes effect promptly without touching a running core's state from a foreign thread.
     */
    public void requestHostStop(String why) {
        hostStopRequest = why;
    }

    /** Instructions every core has executed, as of the last round's end; safe from any thread. */
    public long instructionsExecuted() {
        return publishedInstructions;
    }

    /** Virtual time in nanoseconds, as of the last round's end; safe from any thread. */
    public long virtualNanos() {
        return publishedNanos;
    }

    /** Runs the guest to its end. Never throws: an emulator failure becomes {@link StopCause#INTERNAL_ERROR}. */
    public RunResult run() {
        long start = System.nanoTime();
        pacing.anchor(roundEnd);
        try {
            RunResult r;
            do {
                r = runRound(start);
            } while (r == null);
            return r;
        } catch (RuntimeException | Error e) {
            return internalError(e, start);
        }
    }

    /** An emulator failure as the run's end, naming the core that was executing and where. */
    private RunResult internalError(Throwable e, long start) {
        Cpu at = running != null ? running : cpu;
        running = null;
        roundCore = -1;
        return result(StopCause.INTERNAL_ERROR, StopCause.INTERNAL_ERROR.exitStatus(),
                String.format("internal error on core %d %s", at.id, where(at, at.insnStart)) + ": " + e, start, e);
    }

    /** Whether a core can execute now: not waiting for a SIPI, and running or able to take its wake-up. */
    private boolean runnable(int i) {
        Cpu core = cores.get(i);
        return !apics.get(i).waitingForStartup() && (!core.halted || core.interruptDeliverable());
    }

    /**
     * For a debugger whose {@link dev.multiverse.cpu.DebugHook}s are set on the cores: runs rounds as
     * {@link #run} does until a hook stops a core (returns null; the interrupted round resumes at that core
     * on the next call, so a run stopped and resumed any number of times executes exactly as {@link #run})
     * or the run is over (returns its result). With {@code only >= 0} on a machine of several cores, only
     * that core executes: the others sit out the rounds that pass meanwhile as a halted core does (their
     * clocks run on), and the call returns null without running anything when that core cannot run
     * (halted with nothing to wake it, or waiting for a SIPI) while another could. It also returns null
     * between rounds once {@code interrupted} says so: a guest whose cores all wait, while virtual time
     * passes, executes no instruction where a hook could stop it.
     */
    public RunResult runDebugged(int only, java.util.function.BooleanSupplier interrupted) {
        long start = System.nanoTime();
        pacing.anchor(roundEnd);   // host time spent at the debugger's prompt is not the guest's
        onlyCore = cores.size() > 1 ? only : -1;
        try {
            while (true) {
                if (interrupted.getAsBoolean()) return null;
                if (onlyCore >= 0 && !runnable(onlyCore)) {
                    boolean othersCan = false;
                    for (int i = 0; i < cores.size(); i++) othersCan |= i != onlyCore && runnable(i);
                    if (othersCan) return null;
                }
                RunResult r = runRound(start);
                if (r != null) return r;
                if (debuggerStopped) {
                    debuggerStopped = false;
                    return null;
                }
            }
        } catch (RuntimeException | Error e) {
            return internalError(e, start);
        } finally {
            onlyCore = -1;
        }
    }

    /** Whether core {@code i} can execute now (see {@link #runnable}); for a debugger's report. */
    public boolean coreRunnable(int i) {
        return runnable(i);
    }

    /** One round (see the class comment), or the rest of one a debugger stopped; the result when the run is over, else null. */
    private RunResult runRound(long start) {
        long max = config.maxInstructions();
        if (roundCore < 0) {
            String quit = hostStopRequest;
            if (quit != null) return result(StopCause.QUIT, StopCause.QUIT.exitStatus(), quit, start, null);
            long maxTime = config.maxVirtualNanos();
            if (maxTime > 0 && roundEnd >= maxTime) {
                return result(StopCause.VIRTUAL_TIME_LIMIT, StopCause.VIRTUAL_TIME_LIMIT.exitStatus(),
                        String.format(Locale.ROOT, "virtual time limit reached: %.3f s", roundEnd / 1e9), start, null);
            }
            boolean anyRunnable = false;
            for (int i = 0; i < cores.size(); i++) {
                Cpu core = cores.get(i);
                if (max > 0 && core.instructions >= max && !apics.get(i).waitingForStartup()) {
                    return result(StopCause.INSTRUCTION_LIMIT, StopCause.INSTRUCTION_LIMIT.exitStatus(),
                            String.format("instruction limit reached: core %d %s", core.id, where(core, core.rip)),
                            start, null);
                }
                anyRunnable |= (onlyCore < 0 || onlyCore == i) && runnable(i);
            }
            if (!anyRunnable) return waitForEvent(start);
            long quantum = cores.size() == 1 ? SLICE : QUANTUM;
            // The round ends at the next device event, so the device acts at its instant.
            roundTarget = roundEnd + Math.min(quantum, Math.max(1, events.nextEventAt() - roundEnd));
            roundCore = 0;
        }
        long end = roundTarget;
        for (; roundCore < cores.size(); roundCore++) {
            int i = roundCore;
            Cpu core = cores.get(i);
            long budget = end - core.cycles;
            if (max > 0) budget = Math.min(budget, max - core.instructions);
            if (apics.get(i).waitingForStartup() || budget <= 0 || (onlyCore >= 0 && onlyCore != i)) continue;
            running = core;
            apicBus.setCurrent(apics.get(i));
            StopReason reason = interpreters.get(i).run(budget);
            running = null;
            if (reason == StopReason.DEBUGGER) {
                debuggerStopped = true;
                devices.serial().flush();
                return null;   // the round resumes at this core
            }
            RunResult r = switch (reason) {
                case BUDGET, HALTED, DEBUGGER -> null;
                case STOP_REQUESTED -> stopRequested(core, start);
                case TRIPLE_FAULT -> tripleFault(core, start);
            };
            if (r != null || reason == StopReason.STOP_REQUESTED || reason == StopReason.TRIPLE_FAULT) {
                roundCore = -1;
                devices.serial().flush();
                return r;   // null after a machine reset: the next round starts afresh
            }
        }
        roundCore = -1;
        // When no core can run on, time has reached only the last instant a core ran; waitForEvent moves it on.
        boolean runsOn = false;
        for (int i = 0; i < cores.size(); i++) runsOn |= runnable(i);
        endRound(runsOn ? end : roundEnd);
        return null;
    }

    /** Brings every core's clock to the round's end (a halted or waiting core's clock runs on) and fires the events due. */
    private void endRound(long end) {
        syncClocks(end);
        events.fireDue();
        if (serialLine != null) serialLine.check();
        devices.serial().flush();
        publishProgress();
    }

    private void publishProgress() {
        long sum = 0;
        for (Cpu core : cores) sum += core.instructions;
        publishedInstructions = sum;
        publishedNanos = roundEnd;
    }

    /** Every core's clock to {@code end}, or to the latest core's if that is later. */
    private void syncClocks(long end) {
        long now = end;
        for (Cpu core : cores) now = Math.max(now, core.cycles);
        for (Cpu core : cores) core.cycles = now;
        roundEnd = now;
    }

    private RunResult stopRequested(Cpu core, long start) {
        if (debugExitStatus >= 0) {
            return result(StopCause.DEBUG_EXIT, debugExitStatus, null, start, null);
        }
        if (poweredOff) {
            return result(StopCause.POWER_OFF, StopCause.POWER_OFF.exitStatus(), null, start, null);
        }
        String by = resetRequestedBy;
        if (by == null) {
            throw new IllegalStateException("core " + core.id + " stopped without a request");
        }
        resetRequestedBy = null;
        String at = where(core, core.rip);
        return resetOrEnd(String.format("core %d requested a reset through %s %s", core.id, by, at),
                String.format("requested through %s by core %d %s", by, core.id, at), resetRosOnly, start);
    }

    /**
     * No core can run: when a halted core with interrupts enabled waits for a device, virtual time (every
     * core's cycle counter, as a TSC keeps counting through HLT) jumps to the next event at no host cost,
     * and the event's interrupt wakes it; otherwise nothing ever will and the run ends.
     */
    private RunResult waitForEvent(long start) {
        boolean wakeable = false;
        for (int i = 0; i < cores.size(); i++) {
            wakeable |= !apics.get(i).waitingForStartup() && cores.get(i).flags.iflag();
        }
        if (wakeable && events.nextEventAt() != Long.MAX_VALUE) {
            long next = Math.max(roundEnd, events.nextEventAt());
            if (serialLine != null && serialLine.live()) {
                next = pacing.paceTo(next, roundEnd, serialLine);
                if (next < 0) return interruptedWait(start);
            }
            endRound(next);
            return null;
        }
        if (wakeable && serialLine != null && serialLine.waitsForHost()) {
            if (!HostPacing.await(serialLine, HostPacing.MAX_HOST_WAIT)) return interruptedWait(start);
            serialLine.check();
            return null;
        }
        String diagnostic = String.format("core %d halted (interrupts %s, nothing can wake it) %s", cpu.id,
                cpu.flags.iflag() ? "enabled" : "disabled", where(cpu, cpu.insnStart));
        if (cores.size() > 1) diagnostic = "every core halted or waits for a SIPI; " + diagnostic;
        return result(StopCause.HALTED, StopCause.HALTED.exitStatus(), diagnostic, start, null);
    }

    private RunResult interruptedWait(long start) {
        return result(StopCause.HALTED, StopCause.HALTED.exitStatus(),
                "interrupted while the guest waited for serial input", start, null);
    }

    /** Stops the run, or resets the machine and returns null while the reset limit allows. */
    private RunResult tripleFault(Cpu core, long start) {
        String shutdown = String.format("core %d triple fault (shutdown) %s", core.id, where(core, core.rip));
        if (config.onTripleFault() == TripleFaultAction.STOP) {
            return result(StopCause.TRIPLE_FAULT, StopCause.TRIPLE_FAULT.exitStatus(), shutdown, start, null);
        }
        return resetOrEnd(shutdown, String.format("triple fault on core %d %s", core.id, where(core, core.rip)), false, start);
    }

    /**
     * Resets the machine (or with {@code rosOnly} an HVM's ROS) for {@code event} and returns null, or ends the
     * run when the reset limit is reached or the kernel cannot be loaded again. {@code reason} completes the
     * listener's "machine reset (...)" or "ROS reset (...)" line.
     */
    private RunResult resetOrEnd(String event, String reason, boolean rosOnly, long start) {
        if (resets == config.maxResets()) {
            return result(StopCause.RESET_LIMIT, StopCause.RESET_LIMIT.exitStatus(),
                    String.format("%s; not resetting again after %d machine reset%s", event, resets,
                            resets == 1 ? "" : "s"), start, null);
        }
        try {
            if (tracer != null && rosOnly) tracer.rosReset(platform.cores(), reason);
            else if (tracer != null) tracer.machineReset(reason);
            reset(rosOnly);
        } catch (BootException e) {
            return result(StopCause.RESET_FAILED, StopCause.RESET_FAILED.exitStatus(),
                    event + "; the machine cannot reset: " + e.getMessage(), start, null);
        }
        resets++;
        resetListener.accept((rosOnly ? "ROS reset (" : "machine reset (") + reason + ")");
        return null;
    }

    /**
     * Power-on again: RAM, devices and the cores to their reset state, then the boot protocol as at the first
     * boot. With {@code rosOnly} (an HVM's ROS reset) only the ROS's part: its RAM, its cores and their APICs,
     * and the platform devices (they belong to the ROS: their interrupts reach only ROS cores), while the HRT
     * cores, their APICs and timers and HRT RAM run on untouched. Each device and APIC disarms its own timers.
     */
    private void reset(boolean rosOnly) throws BootException {
        clearRam(rosOnly ? hvm.rosMemory() : memory.ramSize());
        devices.reset();
        if (serialLine != null) serialLine.reset();
        // After the devices that drive its pins: it ends in its reset state whatever their resets signal.
        ioapic.reset();
        kernel = KernelLoader.load(memory, config.kernelMemory(), config.kernel(), config.append(), config.initrds(),
                installFirmwareTables(), config.linuxEntry());
        int resetCores = rosOnly ? platform.cores() : cores.size();
        // The reset cores' clocks agree again (a round may have ended early), so their TSCs restart together;
        // the HRT's, untouched by a ROS reset, keep their place in the round.
        if (rosOnly) alignClocks(resetCores);
        else syncClocks(roundEnd);
        for (int i = 0; i < resetCores; i++) {
            cores.get(i).reset();
            apics.get(i).reset();
        }
        if (hypercalls != null) {
            if (rosOnly) hypercalls.rosReset();
            else hypercalls.machineReset();
        }
        apic.virtualWire();
        enterKernel(rosOnly);
    }

    /** Zeroes RAM below {@code end} (all of it, or an HVM's ROS RAM). */
    private void clearRam(long end) {
        if (end == memory.ramSize()) {
            memory.clear();
            return;
        }
        byte[] zeros = new byte[(int) Math.min(end, 1 << 20)];
        for (long a = 0; a < end; a += zeros.length) memory.load(a, zeros, 0, (int) Math.min(zeros.length, end - a));
    }

    /** The first {@code count} cores' clocks to the latest of theirs. */
    private void alignClocks(int count) {
        long now = 0;
        for (Cpu core : cores.subList(0, count)) now = Math.max(now, core.cycles);
        for (Cpu core : cores.subList(0, count)) core.cycles = now;
    }

    /** The event queue as the APIC timer's clock (the apic module sits below the devices' clock interface). */
    private static ApicClock apicClock(EventQueue events) {
        return new ApicClock() {
            @Override
            public long nanos() {
                return events.nanos();
            }

            @Override
            public Timer timer(Runnable expiry) {
                VirtualClock.Timer t = events.timer(expiry);
                return new Timer() {
                    @Override
                    public void arm(long atNanos) {
                        t.arm(atNanos);
                    }

                    @Override
                    public void cancel() {
                        t.cancel();
                    }
                };
            }
        };
    }

    /** Writes the MP and ACPI tables describing the configured cores into the BIOS area; returns the RSDP's address. */
    private long installFirmwareTables() {
        return FirmwareTables.install(memory, platform);
    }

    /** "at RIP 0x... <symbol> in MODE after N instructions". */
    private String where(Cpu core, long rip) {
        String symbol = kernel.symbolize(rip);
        return String.format("at RIP 0x%x%s in %s after %d instructions", rip,
                symbol == null ? "" : " <" + symbol + ">", CpuModes.describe(core), core.instructions);
    }

    private RunResult result(StopCause cause, int status, String diagnostic, long start, Throwable error) {
        long wall = System.nanoTime() - start;
        publishProgress();
        try {
            devices.serial().flush();
        } catch (RuntimeException ignored) {
            // The run is over either way; a failing output stream is already the reason or cannot change it.
        }
        return new RunResult(status, cause, diagnostic, coreStats(), wall, error);
    }

    private List<CoreStats> coreStats() {
        List<CoreStats> stats = new java.util.ArrayList<>();
        for (Cpu core : cores) stats.add(new CoreStats(core.id, core.instructions, core.cycles));
        return stats;
    }
}

package dev.multiverse.apic;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.DeviceMsrs;
import dev.multiverse.cpu.InterruptAcknowledge;
import dev.multiverse.cpu.TaskPriority;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.mmu.MmioHandler;
import dev.multiverse.mmu.PhysicalMemory;

/**
 * One core's local APIC (Intel SDM vol. 3 chapter 10): the xAPIC register page at the IA32_APIC_BASE
 * address (moved when software rewrites the base), the x2APIC registers as MSRs 0x800-0x8FF once
 * software sets IA32_APIC_BASE.EXTD, IA32_TSC_DEADLINE, interrupt acceptance and priority (IRR, ISR, TPR,
 * PPR, EOI), the local vector table and the timer ({@link ApicTimer}).
 *
 * <p>It drives the core's INTR line and answers its acknowledge cycles: the highest pending vector whose
 * priority class is above the PPR's is delivered and moves from IRR to ISR; EOI retires the highest
 * in-service vector. The 8259 PIC sits behind LINT0: in ExtINT mode its INTR passes through and its
 * acknowledge cycle supplies the vector, after any APIC vector (as QEMU orders them). With the APIC
 * globally disabled through IA32_APIC_BASE the PIC drives the core directly.
 *
 * <p>Interprocessor interrupts: an ICR write goes to the {@link ApicBus}, which delivers it to every APIC
 * it addresses (shorthands, physical or logical destinations, the broadcast) in fixed, lowest-priority,
 * SMI, NMI, INIT, start-up or ExtINT mode; the x2APIC SELF IPI register delivers here. INIT puts the core
 * in its INIT state waiting for a start-up IPI (SIPI), which starts it in real mode at the SIPI's vector
 * page. No system-management mode is modelled: an SMI (IPI or IOAPIC message) is accepted and has no
 * effect. An ExtINT IPI (delivery mode 7, which the P6 family and the 82489DX define and the present SDM
 * lists as reserved) acts as an IOAPIC ExtINT message does: the destination's core is interrupted as if
 * by the 8259 directly, and its acknowledge cycle goes to the 8259, which supplies the vector; like LINT0's
 * ExtINT interrupts it bypasses IRR, ISR and the priorities (SDM §10.8.2: no EOI for ExtINT). Delivery is
 * instant, so the ICR's delivery status bit always reads idle, whatever the mode.
 *
 * <p>The {@link IoApic} sends its interrupt messages here; the EOI of a level-triggered vector (TMR bit set)
 * is broadcast back to it so it can clear the entry's remote IRR.
 */
public final class LocalApic implements MmioHandler, DeviceMsrs, InterruptAcknowledge, TaskPriority {
    public static final long DEFAULT_BASE = 0xfee0_0000L;
    public static final int APIC_BASE_MSR = 0x1b, TSC_DEADLINE_MSR = 0x6e0, X2APIC_FIRST_MSR = 0x800,
            X2APIC_LAST_MSR = 0x8ff;
    /** Base address bits above the supported physical width are reserved. */
    private static final long PHYS_MASK = (1L << dev.multiverse.mmu.Mmu.MAX_PHYS_BITS) - 1;
    static final long BASE_BSP = 1 << 8, BASE_EXTD = 1 << 10, BASE_ENABLE = 1 << 11;
    /** Version 0x14 (an integrated APIC) with six LVT entries (timer, thermal, PMC, LINT0, LINT1, error). */
    static final int VERSION = 0x14 | 5 << 16;

    // Register offsets in the xAPIC page; the x2APIC MSR is 0x800 + offset / 16.
    static final int ID = 0x20, VER = 0x30, TPR = 0x80, APR = 0x90, PPR = 0xa0, EOI = 0xb0, LDR = 0xd0,
            DFR = 0xe0, SVR = 0xf0, ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280, ICR_LOW = 0x300,
            ICR_HIGH = 0x310, LVT_TIMER = 0x320, LVT_THERMAL = 0x330, LVT_PMC = 0x340, LVT_LINT0 = 0x350,
            LVT_LINT1 = 0x360, LVT_ERROR = 0x370, TIMER_INITIAL = 0x380, TIMER_CURRENT = 0x390,
            TIMER_DIVIDE = 0x3e0, SELF_IPI = 0x3f0;

    static final int LVT_MASKED = 1 << 16, SVR_ENABLE = 1 << 8;
    static final int MODE_FIXED = 0, MODE_LOWEST_PRIORITY = 1, MODE_SMI = 2, MODE_NMI = 4, MODE_EXTINT = 7;
    /** The LVT entries in register order from LVT_TIMER; the writable bits of each. */
    private static final int[] LVT_WRITABLE = {0x700ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff};
    // ESR bits (SDM figure 10-9).
    static final int ESR_SEND_ILLEGAL_VECTOR = 1 << 5, ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6,
            ESR_ILLEGAL_REGISTER = 1 << 7;
    static final int MODE_INIT = 5, MODE_STARTUP = 6;
    private static final int ICR_WRITABLE = 0xccfff, ICR_LEVEL_ASSERT = 1 << 14, ICR_LEVEL_TRIGGERED = 1 << 15;
    static final int DEST_LOGICAL = 1 << 11;
    static final int SHORTHAND_SELF = 1, SHORTHAND_ALL_INCLUDING_SELF = 2, SHORTHAND_ALL_EXCLUDING_SELF = 3;

    private final Cpu cpu;
    private final ApicBus bus;
    private final ApicTimer timer;
    private final VectorSet irr = new VectorSet(), isr = new VectorSet(), tmr = new VectorSet();
    private final int[] lvt = new int[6];
    private long apicBase;
    /** The xAPIC ID register (bits 31:24 hold the ID); in x2APIC mode the ID is the core's initial APIC ID. */
    private int id;
    private int tpr, ldr, dfr, svr, icrLow, icrHigh;
    /** ESR as software last latched it (by writing the ESR), and the errors detected since. */
    private int esr, esrPending;
    private boolean mapped;
    /** After INIT: the core does not run until a start-up IPI. */
    private boolean waitingForStartup;
    /** The PIC's INTR as it reaches LINT0. */
    private boolean lint0Level;
    /** An ExtINT message or IPI has arrived and waits for the core's acknowledge cycle. */
    private boolean extIntMessage;
    private InterruptAcknowledge extInt = () -> svrVector();
    /** Hears the vector of every EOI that retires a level-triggered interrupt (the IOAPICs' EOI broadcast). */
    private java.util.function.IntConsumer eoiBroadcast = vector -> { };

    /** The only local APIC of a one-core machine: it takes over the core's interrupt inputs and its APIC MSRs. */
    public LocalApic(Cpu cpu, PhysicalMemory memory, ApicClock clock) {
        this(cpu, new ApicBus(memory), clock);
    }

    /** The local APIC of {@code cpu} on {@code bus}: it takes over the core's interrupt inputs and its APIC MSRs. */
    public LocalApic(Cpu cpu, ApicBus bus, ApicClock clock) {
        this.cpu = cpu;
        this.bus = bus;
        bus.attach(this);
        this.timer = new ApicTimer(clock, cpu.msrs::tsc, () -> localInterrupt(LVT_TIMER));
        cpu.connectInterruptController(this);
        cpu.msrs.device = this;
        cpu.taskPriority = this;
        reset();
    }

    /** Connects the listener of the EOI broadcast for level-triggered vectors (the IOAPIC). */
    public void connectEoiBroadcast(java.util.function.IntConsumer listener) {
        eoiBroadcast = listener;
    }

    /** Connects the controller behind LINT0 that answers ExtINT acknowledge cycles (the 8259 PIC). */
    public void connectExtInt(InterruptAcknowledge controller) {
        extInt = controller;
    }

    /**
     * Power-up state (SDM §10.4.7.1): IRR, ISR, TMR, ICR, LDR, TPR and the timer cleared, DFR all ones, LVT
     * entries masked, software disabled with spurious vector 0xFF; enabled at the default base, the BSP flag
     * on core 0 and the ID from the core.
     */
    public void reset() {
        apicBase = DEFAULT_BASE | BASE_ENABLE | (cpu.id == 0 ? BASE_BSP : 0);
        waitingForStartup = false;
        resetRegisters();
        remap();
        updateIntr();
    }

    /**
     * Puts the core in the wait-for-SIPI state, as an application processor is after power-up and after
     * an INIT IPI.
     */
    public void waitForStartup() {
        waitingForStartup = true;
        cpu.halted = true;
        bus.events().waitingForStartup(cpu.id);
    }

    /** Adds {@code cycles} to the core's cycle counter (an IPI's cost in a machine that charges one). */
    void charge(long cycles) {
        cpu.cycles += cycles;
    }

    /** The index of this APIC's core. */
    int core() {
        return cpu.id;
    }

    /** Whether the core waits for a start-up IPI (it runs nothing and takes no interrupts until then). */
    public boolean waitingForStartup() {
        return waitingForStartup;
    }

    /**
     * INIT (SDM §9.1 table 9-1, §10.4.7.3): the core takes its reset state except that the time-stamp
     * counter keeps counting; the APIC returns to its power-up state keeping its ID and base; then the core
     * waits for a start-up IPI.
     */
    private void init() {
        long tscOffset = cpu.msrs.tscOffset;
        cpu.reset();
        cpu.msrs.tscOffset = tscOffset;
        int keptId = id;
        resetRegisters();
        id = keptId;
        updateIntr();
        waitForStartup();
    }

    /** A start-up IPI: a waiting core starts in real mode at {@code vector}:0000; a running core ignores it. */
    private void startup(int vector) {
        if (!waitingForStartup) return;
        waitingForStartup = false;
        cpu.seg[dev.multiverse.cpu.insn.Insn.CS].load(vector << 8, (long) vector << 12, 0xffff,
                dev.multiverse.cpu.state.Segment.P | dev.multiverse.cpu.state.Segment.S | 0xb);
        cpu.rip = 0;
        cpu.halted = false;
        bus.events().started(cpu.id, vector);
    }

    private void resetRegisters() {
        id = cpu.id << 24;
        tpr = ldr = icrLow = icrHigh = esr = esrPending = 0;
        extIntMessage = false;
        dfr = 0xffff_ffff;
        svr = 0xff;
        java.util.Arrays.fill(lvt, LVT_MASKED);
        irr.clearAll();
        isr.clearAll();
        tmr.clearAll();
        timer.reset();
    }

    /**
     * What the BIOS does before handing over (as SeaBIOS does on a PC): software-enables the APIC and puts
     * it in virtual-wire mode, LINT0 ExtINT (the PIC's interrupts pass through) and LINT1 NMI.
     */
    public void virtualWire() {
        svr |= SVR_ENABLE;
        lvt[lvtIndex(LVT_LINT0)] = MODE_EXTINT << 8;
        lvt[lvtIndex(LVT_LINT1)] = MODE_NMI << 8;
        updateIntr();
    }

    private boolean globallyEnabled() {
        return (apicBase & BASE_ENABLE) != 0;
    }

    private boolean x2apic() {
        return (apicBase & BASE_EXTD) != 0;
    }

    private boolean softwareEnabled() {
        return (svr & SVR_ENABLE) != 0;
    }

    private int svrVector() {
        return svr & 0xff;
    }

    /** The xAPIC page is decoded only while the APIC is enabled in xAPIC mode. */
    private void remap() {
        mapped = globallyEnabled() && !x2apic();
        bus.remap();
    }

    /** The physical address of the xAPIC page this APIC decodes, or -1 when it decodes none. */
    long mappedBase() {
        return mapped ? apicBase & ~0xfffL & PHYS_MASK : -1;
    }

    // ---- interrupt inputs and priority ----

    /** The PIC's INTR output as LINT0 sees it. */
    public void lint0(boolean level) {
        boolean rising = level && !lint0Level;
        lint0Level = level;
        int entry = lvt[lvtIndex(LVT_LINT0)];
        if (rising && globallyEnabled() && (entry & LVT_MASKED) == 0) {
            switch (entry >> 8 & 7) {
                case MODE_FIXED -> accept(entry & 0xff, (entry & 1 << 15) != 0);
                case MODE_NMI -> cpu.nmi();
                default -> { }   // ExtINT follows the level (below); other modes are not valid on LINT0
            }
        }
        updateIntr();
    }

    private boolean extIntActive() {
        int entry = lvt[lvtIndex(LVT_LINT0)];
        return lint0Level && (entry & LVT_MASKED) == 0 && (entry >> 8 & 7) == MODE_EXTINT;
    }

    /** An LVT entry fires (the timer, or a future thermal/PMC/error source): fixed delivery of its vector. */
    private void localInterrupt(int register) {
        int entry = lvt[lvtIndex(register)];
        if ((entry & LVT_MASKED) == 0) accept(entry & 0xff, false);
    }

    /** A fixed interrupt arrives: vectors 0-15 are illegal and only set the ESR. */
    private void accept(int vector, boolean level) {
        if (vector < 16) {
            error(ESR_RECEIVE_ILLEGAL_VECTOR);
            return;
        }
        irr.set(vector);
        if (level) tmr.set(vector);
        else tmr.clear(vector);
        updateIntr();
    }

    private void error(int bits) {
        boolean fresh = (esrPending & bits) != bits;
        esrPending |= bits;
        int entry = lvt[lvtIndex(LVT_ERROR)];
        if (fresh && (entry & LVT_MASKED) == 0 && (entry & 0xff) >= 16) accept(entry & 0xff, false);
    }

    int processorPriority() {
        int isrv = Math.max(isr.highest(), 0);
        return (tpr >> 4) >= (isrv >> 4) ? tpr : isrv & 0xf0;
    }

    /** The pre-P6 arbitration priority: the TPR, or the higher of the highest IRR and ISR classes. */
    private int arbitrationPriority() {
        int v = Math.max(Math.max(isr.highest(), irr.highest()), 0);
        return (tpr >> 4) >= (v >> 4) ? tpr : v & 0xf0;
    }

    /** The vector to deliver, or -1 when none is above the processor priority. */
    private int deliverable() {
        int v = irr.highest();
        return v >= 0 && (v >> 4) > (processorPriority() >> 4) ? v : -1;
    }

    private void updateIntr() {
        cpu.setIntr(globallyEnabled() ? deliverable() >= 0 || extIntMessage || extIntActive() : lint0Level);
    }

    @Override
    public int acknowledge() {
        int vector;
        if (!globallyEnabled()) {
            vector = extInt.acknowledge();
        } else {
            vector = deliverable();
            if (vector >= 0) {
                irr.clear(vector);
                isr.set(vector);
            } else {
                boolean external = extIntMessage || extIntActive();
                extIntMessage = false;
                vector = external ? extInt.acknowledge() : svrVector();
            }
        }
        updateIntr();
        return vector;
    }

    @Override
    public int cr8() {
        return tpr >> 4;
    }

    @Override
    public void setCr8(int value) {
        tpr = (value & 0xf) << 4;
        updateIntr();
    }

    private void endOfInterrupt() {
        int v = isr.highest();
        boolean level = v >= 0 && tmr.contains(v);
        if (v >= 0) {
            isr.clear(v);
            tmr.clear(v);
        }
        updateIntr();
        if (level) eoiBroadcast.accept(v);
    }

    // ---- registers ----

    private static int lvtIndex(int register) {
        return (register - LVT_TIMER) >> 4;
    }

    /** Whether {@code offset} names a register in this mode (readable or writable). */
    private boolean exists(int offset, boolean x2) {
        return switch (offset) {
            case ID, VER, TPR, PPR, EOI, LDR, SVR, ESR, ICR_LOW, LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0,
                 LVT_LINT1, LVT_ERROR, TIMER_INITIAL, TIMER_CURRENT, TIMER_DIVIDE -> true;
            case APR, DFR, ICR_HIGH -> !x2;
            case SELF_IPI -> x2;
            default -> offset >= ISR && offset < ESR;
        };
    }

    /**
     * For a debugger: the value of the register at xAPIC offset {@code offset} (0x20 ID ... 0x3e0 divide
     * configuration) as the guest would read it in the present mode, with no side effect; null for an offset
     * that names no readable register in that mode.
     */
    public Integer inspect(int offset) {
        boolean x2 = x2apic();
        if ((offset & 0xf) != 0 || !exists(offset, x2) || offset == EOI || offset == SELF_IPI) return null;
        return read(offset, x2);
    }

    /** The 32-bit value of register {@code offset} (x2APIC ICR: the low half). */
    private int read(int offset, boolean x2) {
        if (offset >= ISR && offset < TMR) return isr.word((offset - ISR) >> 4);
        if (offset >= TMR && offset < IRR) return tmr.word((offset - TMR) >> 4);
        if (offset >= IRR && offset < ESR) return irr.word((offset - IRR) >> 4);
        return switch (offset) {
            case ID -> x2 ? cpu.id : id;
            case VER -> VERSION;
            case TPR -> tpr;
            case APR -> arbitrationPriority();
            case PPR -> processorPriority();
            case LDR -> x2 ? (cpu.id >> 4) << 16 | 1 << (cpu.id & 0xf) : ldr;
            case DFR -> dfr;
            case SVR -> svr;
            case ESR -> esr;
            case ICR_LOW -> icrLow;
            case ICR_HIGH -> icrHigh;
            case TIMER_INITIAL -> timer.initialCount();
            case TIMER_CURRENT -> timer.currentCount();
            case TIMER_DIVIDE -> timer.divideConfig();
            case LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0, LVT_LINT1, LVT_ERROR -> lvt[lvtIndex(offset)];
            default -> 0;   // EOI and SELF IPI are write-only
        };
    }

    private void write(int offset, int value) {
        switch (offset) {
            case ID -> id = value & 0xff00_0000;
            case TPR -> {
                tpr = value & 0xff;
                updateIntr();
            }
            case EOI -> endOfInterrupt();
            case LDR -> ldr = value & 0xff00_0000;
            case DFR -> dfr = value | 0x0fff_ffff;
            case SVR -> {
                svr = value & 0x3ff;
                if (!softwareEnabled()) {
                    for (int i = 0; i < lvt.length; i++) lvt[i] |= LVT_MASKED;
                }
                updateIntr();
            }
            case ESR -> {
                esr = esrPending;
                esrPending = 0;
            }
            case ICR_LOW -> {
                icrLow = value & ICR_WRITABLE;
                sendIpi();
            }
            case ICR_HIGH -> icrHigh = value & 0xff00_0000;
            case LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0, LVT_LINT1, LVT_ERROR -> writeLvt(offset, value);
            case TIMER_INITIAL -> timer.writeInitialCount(value);
            case TIMER_DIVIDE -> timer.writeDivide(value);
            case SELF_IPI -> selfIpi(value & 0xff);
            default -> { }   // read-only registers ignore xAPIC writes
        }
    }

    private void writeLvt(int register, int value) {
        int i = lvtIndex(register);
        int writable = LVT_WRITABLE[i];
        if (register == LVT_TIMER && (value >> 17 & 3) == 3) value &= ~(3 << 17);   // reserved mode
        lvt[i] = (lvt[i] & ~writable) | (value & writable) | (softwareEnabled() ? 0 : LVT_MASKED);
        if (register == LVT_TIMER) timer.setMode(lvt[i] >> 17 & 3);
        updateIntr();
    }

    /** Sends the ICR's interrupt to the APICs it addresses (SDM §10.6.1). */
    private void sendIpi() {
        boolean x2 = x2apic();
        bus.deliver(this, icrLow, x2 ? icrHigh & 0xffff_ffffL : icrHigh >>> 24, x2);
    }

    /**
     * An IPI this APIC is a destination of: fixed and lowest-priority vectors are accepted (0-15 are
     * illegal), SMI is dropped (no SMM), NMI raises the core's NMI, INIT (except the level de-assert form,
     * which only synchronises arbitration IDs) resets the core to wait for a SIPI, a SIPI starts a waiting
     * core, and ExtINT takes the vector of the 8259's acknowledge cycle (the ICR's vector field is
     * ignored). A core waiting for a SIPI takes nothing but INIT and SIPI.
     */
    void receiveIpi(int icr) {
        int mode = icr >> 8 & 7;
        if (waitingForStartup && mode != MODE_INIT && mode != MODE_STARTUP) return;
        switch (mode) {
            case MODE_FIXED, MODE_LOWEST_PRIORITY -> selfIpi(icr & 0xff);
            case MODE_SMI -> { }   // no SMM to enter
            case MODE_NMI -> cpu.nmi();
            case MODE_INIT -> {
                boolean deassert = (icr & ICR_LEVEL_TRIGGERED) != 0 && (icr & ICR_LEVEL_ASSERT) == 0;
                if (!deassert) init();
            }
            case MODE_STARTUP -> startup(icr & 0xff);
            case MODE_EXTINT -> externalInterrupt();
            default -> { }   // mode 3 is reserved
        }
    }

    /** Whether a physical or logical destination (not the broadcast) selects this APIC in its present mode. */
    boolean matches(long dest, boolean logical) {
        boolean x2 = x2apic();
        if (!logical) {
            return dest == (x2 ? cpu.id : (id >>> 24) & 0xff);
        }
        long ldrValue = read(LDR, x2) & 0xffff_ffffL;
        if (x2) {
            return (dest >>> 16) == (ldrValue >>> 16) && (dest & ldrValue & 0xffff) != 0;
        }
        long mine = ldrValue >>> 24;
        boolean flat = (read(DFR, false) >>> 28) == 0xf;
        return flat ? (dest & mine) != 0 : (dest >>> 4) == (mine >>> 4) && (dest & mine & 0xf) != 0;
    }

    // ---- interrupt messages from the IOAPIC ----

    /**
     * Whether an IOAPIC message's 8-bit destination selects this APIC: 0xFF is the broadcast, else the
     * physical ID or the logical destination as for an IPI. A globally disabled APIC takes no messages.
     */
    boolean addressedBy(int destination, boolean logical) {
        return globallyEnabled() && (destination == 0xff || matches(destination, logical));
    }

    /**
     * An interrupt message: fixed and lowest-priority vectors are accepted (level-triggered ones set the
     * TMR, so their EOI is broadcast back), SMI is dropped (no SMM), NMI raises the core's NMI, and ExtINT
     * (always edge-triggered) interrupts the core for the 8259 to supply the vector. INIT messages are not
     * modelled.
     */
    void message(int mode, int vector, boolean level) {
        switch (mode) {
            case MODE_FIXED, MODE_LOWEST_PRIORITY -> accept(vector, level);
            case MODE_NMI -> cpu.nmi();
            case MODE_EXTINT -> externalInterrupt();
            default -> { }   // SMI; INIT; the reserved modes
        }
    }

    /**
     * ExtINT delivery: the core is interrupted and its acknowledge cycle goes to the 8259 (which answers
     * with its spurious IR7 vector if its request has gone meanwhile). Unlike QEMU, which takes the 8259's
     * vector at once and queues it in IRR, nothing enters IRR or ISR, so no local APIC EOI follows.
     */
    private void externalInterrupt() {
        extIntMessage = true;
        updateIntr();
    }

    private void selfIpi(int vector) {
        if (vector < 16) {
            error(ESR_SEND_ILLEGAL_VECTOR);
            return;
        }
        accept(vector, false);
    }

    // ---- xAPIC MMIO ----

    /** Registers are 32 bits on 16-byte boundaries; narrower reads see part of one, the padding reads 0. */
    @Override
    public long read(long offset, int size) {
        int reg = (int) offset & 0xff0;
        if (!exists(reg, false)) {
            error(ESR_ILLEGAL_REGISTER);
            return 0;
        }
        int within = (int) offset & 0xf;
        long value = within < 4 ? (read(reg, false) & 0xffff_ffffL) >>> (8 * within) : 0;
        return size == 8 ? value : value & ((1L << (8 * size)) - 1);
    }

    /** Only aligned 32-bit (or wider) writes reach a register; the SDM leaves other widths undefined. */
    @Override
    public void write(long offset, int size, long value) {
        int reg = (int) offset & 0xff0;
        if (!exists(reg, false)) {
            error(ESR_ILLEGAL_REGISTER);
            return;
        }
        if ((offset & 0xf) == 0 && size >= 4) write(reg, (int) value);
    }

    // ---- MSRs ----

    @Override
    public boolean owns(int index) {
        return index == APIC_BASE_MSR || index == TSC_DEADLINE_MSR
                || (index >= X2APIC_FIRST_MSR && index <= X2APIC_LAST_MSR);
    }

    @Override
    public long readMsr(int index) {
        if (index == APIC_BASE_MSR) return apicBase;
        if (index == TSC_DEADLINE_MSR) return timer.readDeadline();
        int reg = x2apicRegister(index);
        if (reg == EOI || reg == SELF_IPI) throw CpuException.gp(0);
        long value = read(reg, true) & 0xffff_ffffL;
        return reg == ICR_LOW ? value | (long) icrHigh << 32 : value;
    }

    @Override
    public void writeMsr(int index, long value) {
        if (index == APIC_BASE_MSR) {
            writeBase(value);
            return;
        }
        if (index == TSC_DEADLINE_MSR) {
            timer.writeDeadline(value);
            return;
        }
        int reg = x2apicRegister(index);
        boolean readOnly = switch (reg) {
            case ID, VER, PPR, LDR, TIMER_CURRENT -> true;
            default -> reg >= ISR && reg < ESR;
        };
        if (readOnly) throw CpuException.gp(0);
        if (reg == ICR_LOW) {
            icrHigh = (int) (value >>> 32);
        } else if ((value >>> 32) != 0 || ((reg == EOI || reg == ESR) && value != 0)) {
            throw CpuException.gp(0);
        }
        write(reg, (int) value);
    }

    /** The xAPIC offset of an x2APIC MSR; #GP unless in x2APIC mode and naming a register. */
    private int x2apicRegister(int index) {
        int reg = (index - X2APIC_FIRST_MSR) << 4;
        if (!globallyEnabled() || !x2apic() || !exists(reg, true)) throw CpuException.gp(0);
        return reg;
    }

    /**
     * IA32_APIC_BASE (SDM §10.12.5): EXTD without EN, leaving x2APIC mode other than by disabling, and
     * entering it from the disabled state are invalid (#GP). Disabling returns the APIC to its power-up
     * state; entering x2APIC mode makes the ID the core's initial APIC ID.
     */
    private void writeBase(long value) {
        long writable = PHYS_MASK & ~0xfffL | BASE_ENABLE | BASE_EXTD;
        if ((value & ~(writable | BASE_BSP)) != 0) throw CpuException.gp(0);
        boolean enable = (value & BASE_ENABLE) != 0, extd = (value & BASE_EXTD) != 0;
        if (extd && !enable) throw CpuException.gp(0);
        if (x2apic() && !extd && enable) throw CpuException.gp(0);
        if (!globallyEnabled() && extd) throw CpuException.gp(0);
        boolean disabling = globallyEnabled() && !enable;
        apicBase = (value & writable) | (apicBase & BASE_BSP);
        if (disabling) resetRegisters();
        remap();
        updateIntr();
    }
}

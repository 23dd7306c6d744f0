package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.HypercallHandler;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.hvm.HvmState.Mode;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.List;

/**
 * The HVM's hypercalls (docs/hvm-abi.md, "Hypercalls"): VMCALL/VMMCALL with RAX = {@link #MAGIC_RAX} and
 * RBX = {@link #MAGIC_RBX} at any CPL, the sub-op in RCX, arguments in RDX, RSI; the result in RAX, -1 for
 * a call from the wrong side, in the wrong state or with a bad argument. Any other RAX/RBX is not a call
 * this machine serves (#UD). Each call costs the caller {@link HvmCosts#hypercall()} cycles.
 */
public final class Hypercalls implements HypercallHandler {
    public static final long MAGIC_RAX = 0xf00d, MAGIC_RBX = 0x6464_6464_6464_6464L;
    public static final long ERROR = -1;

    public static final int NULL = 0x0, RESET_ROS = 0x1, RESET_HRT = 0x2, RESET_BOTH = 0x3, INSTALL_IMAGE = 0x8,
            READY = 0xe, STATE_OR_TAKE_EVENT = 0xf, POST_EVENT = 0x10, ACK_EVENT = 0x1e, COMPLETE_EVENT = 0x1f,
            INVOKE_FIRST = 0x20, INVOKE_ALL = 0x21, FUNCTION_DONE = 0x2f, MERGE = 0x30, UNMERGE = 0x31,
            MERGE_DONE = 0x3f, INSTALL_SIGNAL = 0x40, SIGNAL_ROS = 0x41, GDT_SYNC = 0x51, GDT_CLEANUP = 0x52,
            GDT_SYNC_READ = 0x53, GDT_SYNC_DONE = 0x5f;
    /** Flags bit 0 of a request: the caller waits until the HRT is IDLE again. */
    public static final long WAIT = 1;
    /** An event record: type, 6 arguments, reserved; the buffer take-event fills: id, type, 6 arguments. */
    static final int EVENT_WORDS = 8;

    private final List<Cpu> cores;
    private final HrtPartition partition;
    private final MachineReset machineReset;
    private final HvmCosts costs;
    private final HvmState state = new HvmState();
    private final EventTable events = new EventTable();
    private final Upcalls upcalls;
    private final RosSignals signals;
    private final WaitingCallers waiting = new WaitingCallers();
    /** The last GDT sync's data (GDTR base, GDTR limit, FS base, GS base), or null before the first. */
    private long[] gdtSync;
    /** Set by a call whose caller waits: its RAX is left as it was. */
    private boolean parked;
    private HvmEventSink sink = HvmEventSink.NONE;

    public Hypercalls(List<Cpu> cores, PhysicalMemory memory, HrtPartition partition, MachineReset machineReset,
                      HvmCosts costs) {
        this.cores = List.copyOf(cores);
        this.partition = partition;
        this.machineReset = machineReset;
        this.costs = costs;
        this.upcalls = new Upcalls(this.cores, memory, partition, costs);
        this.signals = new RosSignals(this.cores.subList(0, partition.firstHrtCore()), costs);
    }

    public HvmState state() {
        return state;
    }

    public EventTable events() {
        return events;
    }

    /** Reports every call's result, upcall and signal to {@code sink} from now on. */
    public void setEventSink(HvmEventSink sink) {
        this.sink = sink;
        upcalls.setEventSink(sink);
        signals.setEventSink(sink);
    }

    @Override
    public boolean handle(Cpu c) {
        if (c.gpr[Cpu.RAX] != MAGIC_RAX || c.gpr[Cpu.RBX] != MAGIC_RBX) return false;
        c.cycles += costs.hypercall();
        parked = false;
        long op = c.gpr[Cpu.RCX];
        long result = call(c, op >= 0 && op <= 0xff ? (int) op : -1, c.gpr[Cpu.RDX], c.gpr[Cpu.RSI]);
        if (!parked) c.gpr[Cpu.RAX] = result;
        sink.hypercallResult(c, op, result, parked);
        return true;
    }

    /** The HRT is booted again: BOOTING until it reports ready; requests and events in flight are abandoned. */
    private void hrtBooted() {
        state.boot();
        events.clear();
        waiting.end(ERROR);
    }

    /**
     * The machine was reset (ROS and HRT): the ROS's signal handler and waiting callers are gone, and the
     * HRT, booted again, is BOOTING with no request or event in flight.
     */
    public void machineReset() {
        rosReset();
        hrtBooted();
        gdtSync = null;
    }

    /**
     * The ROS alone was reset (sub-op 0x1): its processes are gone, so their signal handler, the callers
     * waiting for the HRT and the events posted but not yet completed (which nobody can complete any more:
     * the HRT's ack of one answers -1, unknown) go too; completed ones keep their result for the HRT's ack.
     * The HRT keeps running: a request it is serving stays in progress until it reports done, and the last
     * GDT sync's data stays readable.
     */
    public void rosReset() {
        signals.drop();
        waiting.clear();
        events.dropUnanswered();
    }

    private long call(Cpu c, int op, long rdx, long rsi) {
        boolean hrt = partition.isHrtCore(c.id);
        if (!hrt && waits(op, rsi) && waiting.resume(c)) {
            parked = c.halted;
            return c.gpr[Cpu.RAX];
        }
        return switch (op) {
            case NULL -> 0;
            case RESET_ROS, RESET_BOTH -> hrt ? ERROR : reset(op == RESET_BOTH);
            case RESET_HRT -> hrt ? ERROR : resetHrt();
            case INSTALL_IMAGE -> hrt ? ERROR : installImage(c, rdx, rsi);
            case READY -> hrt && state.ready() ? 0 : ERROR;
            case STATE_OR_TAKE_EVENT -> rdx == 0 ? state.mode().code : hrt ? ERROR : takeEvent(c, rdx);
            case POST_EVENT -> hrt ? postEvent(c, rdx) : ERROR;
            case ACK_EVENT -> hrt ? ackEvent(c, rdx) : ERROR;
            case COMPLETE_EVENT -> !hrt && events.complete(rdx, rsi) ? 0 : ERROR;
            case INVOKE_FIRST, INVOKE_ALL -> hrt ? ERROR : request(c, rsi,
                    op == INVOKE_FIRST ? Mode.CALL : Mode.PARCALL, op == INVOKE_ALL, op, rdx);
            case FUNCTION_DONE -> hrt && state.partDone(c.id) ? ended() : ERROR;
            case MERGE, UNMERGE -> hrt ? ERROR : request(c, rsi, Mode.MERGE, false, op, c.cr3);
            case MERGE_DONE -> hrt && state.finish(Mode.MERGE) ? ended() : ERROR;
            case INSTALL_SIGNAL -> hrt ? ERROR : installSignal(c, rdx, rsi);
            case SIGNAL_ROS -> hrt && signals.signal(rdx) ? 0 : ERROR;
            case GDT_SYNC, GDT_CLEANUP -> hrt ? ERROR : gdtSync(c, op, rsi);
            case GDT_SYNC_READ -> hrt && gdtSync != null && CallerMemory.writeWords(c, rdx, gdtSync) ? 0 : ERROR;
            case GDT_SYNC_DONE -> hrt && state.finish(Mode.GDTSYNC) ? ended() : ERROR;
            default -> ERROR;
        };
    }

    /** A request with the wait flag: its VMCALL may be a waiting caller's, executed again after an interrupt. */
    private static boolean waits(int op, long flags) {
        boolean request = switch (op) {
            case INVOKE_FIRST, INVOKE_ALL, MERGE, UNMERGE, GDT_SYNC, GDT_CLEANUP -> true;
            default -> false;
        };
        return request && (flags & WAIT) != 0;
    }

    private long reset(boolean hrtToo) {
        machineReset.reset(hrtToo);
        return 0;
    }

    private long resetHrt() {
        hrtBooted();
        partition.bootHrt();
        return 0;
    }

    private long installImage(Cpu c, long address, long length) {
        if (length <= 0 || length > Math.min(Integer.MAX_VALUE - 8, c.mmu.physical().ramSize())) return ERROR;
        byte[] image = CallerMemory.read(c, address, (int) length);
        if (image == null) return ERROR;
        try {
            partition.installImage(image);
            return 0;
        } catch (BootException notAnHrtImage) {
            return ERROR;
        }
    }

    /** Copies the oldest posted event into the caller's buffer and marks it taken; its id, or 0 when none. */
    private long takeEvent(Cpu c, long buffer) {
        EventTable.Event e = events.oldestPosted();
        if (e == null) return 0;
        long[] words = new long[EVENT_WORDS];
        words[0] = e.id;
        words[1] = e.type;
        for (int i = 0; i < EventTable.ARGS; i++) words[2 + i] = e.arg(i);
        if (!CallerMemory.writeWords(c, buffer, words)) return ERROR;
        events.take(e);
        return e.id;
    }

    private long postEvent(Cpu c, long record) {
        long[] words = CallerMemory.readWords(c, record, EVENT_WORDS);
        if (words == null) return ERROR;
        long id = events.post(words[0], java.util.Arrays.copyOfRange(words, 1, 1 + EventTable.ARGS));
        if (id > 0 && signals.installed()) signals.signal(id);
        return id;
    }

    /** DONE: RAX 0 and the result in RDX, the id freed; still posted or taken: 1; unknown: -1. */
    private long ackEvent(Cpu c, long id) {
        EventTable.Event e = events.find(id);
        if (e == null) return ERROR;
        if (e.status() != EventTable.Status.DONE) return 1;
        c.gpr[Cpu.RDX] = e.result();
        events.free(e);
        return 0;
    }

    /**
     * A request to the HRT: IDLE -> {@code mode}, {@code request} into the comm page, an upcall to the
     * first HRT core (or all), and with the wait flag the caller waits for IDLE.
     */
    private long request(Cpu c, long flags, Mode mode, boolean allCores, long... request) {
        int hrtCores = 0;
        for (Cpu core : cores) hrtCores += partition.isHrtCore(core.id) ? 1 : 0;
        if (!state.begin(mode, allCores ? hrtCores : 1)) return ERROR;
        upcalls.send(allCores, request);
        if ((flags & WAIT) != 0) {
            waiting.await(c);
            parked = true;
        }
        return 0;
    }

    private long gdtSync(Cpu c, int op, long flags) {
        long[] data = {c.gdtBase, c.gdtLimit & 0xffffL, c.seg[Insn.FS].base, c.seg[Insn.GS].base};
        if (!state.idle()) return ERROR;
        if (op == GDT_SYNC) gdtSync = data;
        return request(c, flags, Mode.GDTSYNC, false, op, data[0], data[1], data[2], data[3]);
    }

    private long installSignal(Cpu c, long handler, long stackTop) {
        signals.install(c, handler, stackTop);
        return 0;
    }

    /** A request has ended (the state is IDLE again): callers waiting for it complete. */
    private long ended() {
        if (state.idle()) waiting.end(0);
        return 0;
    }
}

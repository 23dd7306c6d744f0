package dev.multiverse.cli.gdb;

import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.debug.CoreStatus;
import dev.multiverse.machine.debug.DebugException;
import dev.multiverse.machine.debug.DebugSession;
import dev.multiverse.machine.debug.StopEvent;
import dev.multiverse.machine.debug.WatchKind;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine as gdb sees it, through a {@link DebugSession}. gdb's addresses are taken as linear
 * addresses (what RIP and ELF symbols name in 64-bit mode and with flat segments). Breakpoints are the
 * session's, so guest memory is never patched; a watchpoint longer than the session's 8 bytes is
 * watched as several.
 */
final class DebugSessionTarget implements GdbTarget {
    private static final int PAGE = 4096, MAX_WATCH = 8;

    private final DebugSession session;
    /** The session's breakpoint/watchpoint ids behind each Z packet gdb inserted ("kind@address/length"). */
    private final Map<String, List<Integer>> points = new HashMap<>();
    /** The kinds of breakpoint gdb has at each address, to say swbreak or hwbreak. */
    private final Map<Long, List<PointKind>> breakpointKinds = new HashMap<>();
    private RunResult ended;

    DebugSessionTarget(DebugSession session) {
        this.session = session;
    }

    /** The run's end once the guest has ended, else null. */
    RunResult ended() {
        return ended;
    }

    @Override
    public int cores() {
        return session.coreCount();
    }

    @Override
    public String coreName(int core) {
        CoreStatus s = session.cores().get(core);
        return "core " + core + " (" + s.mode() + ", " + s.state() + ")";
    }

    @Override
    public byte[] readRegister(int core, int register) {
        X86Registers.Register r = X86Registers.get(register);
        if (register >= X86Registers.ST0 && register < X86Registers.ST0 + 8) {
            return RegisterBytes.of(session.st(core, register - X86Registers.ST0));
        }
        if (register >= X86Registers.XMM0 && register < X86Registers.XMM0 + 16) {
            long[] x = session.xmm(core, register - X86Registers.XMM0);
            return RegisterBytes.of(x[0], x[1]);
        }
        return RegisterBytes.of(session.register(core, r.name()), r.bytes());
    }

    @Override
    public boolean writeRegister(int core, int register, byte[] value) {
        X86Registers.Register r = X86Registers.get(register);
        if (register >= X86Registers.ST0 && register < X86Registers.ST0 + 8) {
            session.setSt(core, register - X86Registers.ST0, RegisterBytes.float80(value));
            return true;
        }
        if (register >= X86Registers.XMM0 && register < X86Registers.XMM0 + 16) {
            session.setXmm(core, register - X86Registers.XMM0, RegisterBytes.value(value, 0, 8),
                    RegisterBytes.value(value, 8, 8));
            return true;
        }
        long v = RegisterBytes.value(value, 0, value.length);
        switch (register) {
            case X86Registers.MXCSR -> {
                if ((v & ~0xffffL) != 0) return false; // reserved bits, which LDMXCSR refuses with #GP
            }
            case X86Registers.FS_BASE, X86Registers.GS_BASE -> {
                if (v << 16 >> 16 != v) return false; // not canonical, which WRFSBASE refuses
            }
            default -> { }
        }
        try {
            session.setRegister(core, r.name(), v);
            return true;
        } catch (DebugException e) {
            return false; // e.g. a selector whose descriptor is not mapped
        }
    }

    @Override
    public byte[] readMemory(int core, long address, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        long at = address;
        long end = address + length;
        // Translation is per page: read page by page and stop at the first one that is not mapped.
        while (Long.compareUnsigned(at, end) < 0) {
            int chunk = (int) Math.min(end - at, PAGE - (at & (PAGE - 1)));
            try {
                out.writeBytes(session.readVirtual(core, at, chunk));
            } catch (DebugException e) {
                break;
            }
            at += chunk;
        }
        return out.toByteArray();
    }

    @Override
    public boolean writeMemory(int core, long address, byte[] bytes) {
        try {
            session.writeVirtual(core, address, bytes);
            return true;
        } catch (DebugException e) {
            return false;
        }
    }

    @Override
    public boolean insertPoint(PointKind kind, long address, int length) {
        String key = kind + "@" + Long.toHexString(address) + "/" + length;
        if (points.containsKey(key)) {
            return true; // gdb may insert again what is there; one stop is enough
        }
        List<Integer> ids = new ArrayList<>();
        if (kind == PointKind.SOFTWARE || kind == PointKind.HARDWARE) {
            ids.add(session.addBreakpoint(address, false, -1).id());
            breakpointKinds.computeIfAbsent(address, a -> new ArrayList<>()).add(kind);
        } else {
            if (length < 1) {
                return false;
            }
            WatchKind watch = switch (kind) {
                case READ -> WatchKind.READ;
                case ACCESS -> WatchKind.ACCESS;
                default -> WatchKind.WRITE;
            };
            for (long at = address; at < address + length; at += MAX_WATCH) {
                ids.add(session.addWatchpoint(watch, at, (int) Math.min(MAX_WATCH, address + length - at)).id());
            }
        }
        points.put(key, ids);
        return true;
    }

    @Override
    public boolean removePoint(PointKind kind, long address, int length) {
        List<Integer> ids = points.remove(kind + "@" + Long.toHexString(address) + "/" + length);
        if (ids == null) {
            return false;
        }
        ids.forEach(session::delete);
        List<PointKind> kinds = breakpointKinds.get(address);
        if (kinds != null) {
            kinds.remove(kind);
            if (kinds.isEmpty()) {
                breakpointKinds.remove(address);
            }
        }
        return true;
    }

    @Override
    public TargetStop step(int core) {
        return translate(session.step(core, 1));
    }

    @Override
    public TargetStop resume() {
        return translate(session.resume());
    }

    private TargetStop translate(StopEvent e) {
        return switch (e.kind()) {
            // A core that cannot run (halted, waiting for SIPI) steps nowhere: it stops where it is.
            case STEPPED, CORE_IDLE -> TargetStop.of(TargetStop.Reason.STEPPED, e.core());
            case BREAKPOINT -> {
                List<PointKind> kinds = breakpointKinds.getOrDefault(e.linear(), List.of());
                yield TargetStop.of(kinds.contains(PointKind.SOFTWARE) || kinds.isEmpty()
                        ? TargetStop.Reason.SOFTWARE_BREAKPOINT : TargetStop.Reason.HARDWARE_BREAKPOINT, e.core());
            }
            case WATCHPOINT -> TargetStop.watchpoint(e.core(), switch (e.watch().watchpoint().kind()) {
                case READ -> PointKind.READ;
                case ACCESS -> PointKind.ACCESS;
                case WRITE -> PointKind.WRITE;
            }, e.watch().watchpoint().address());
            case INTERRUPTED -> TargetStop.of(TargetStop.Reason.INTERRUPTED, e.core());
            case ENDED -> {
                ended = e.result();
                yield TargetStop.exited(ended.exitStatus());
            }
        };
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public void detach() {
        session.deleteAll();
        points.clear();
        breakpointKinds.clear();
    }

    /**
     * Runs the guest to its end with no debugger left (after a detach or a lost connection): the session
     * takes its hooks out, so the machine runs on at full speed from where gdb left it.
     */
    RunResult runToEnd() {
        detach();
        if (ended != null) return ended;
        session.detach();
        ended = session.machine().run();
        return ended;
    }
}

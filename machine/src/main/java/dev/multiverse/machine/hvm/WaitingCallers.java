package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * ROS cores in a synchronous request (flags bit 0 of 0x20, 0x21, 0x30, 0x31, 0x51, 0x52): the VMCALL does
 * not complete until the HRT is IDLE again. The core waits halted with RIP still at its VMCALL, so it costs
 * no host time while its clock runs on. When the request ends, a core still waiting there completes the
 * call at once (RAX = the result, RIP past the VMCALL). An interrupt may wake a waiting core first: it then
 * runs its handler and, on return, executes the VMCALL again, possibly on another ROS core, which this
 * class recognises by the caller's address space (CR3 without its PCID) and RIP: it waits again while the request is in progress, or completes with the result
 * the request ended with.
 */
final class WaitingCallers {
    private static final class Caller {
        final Cpu core;
        final long cr3, rip, next;
        boolean ended;
        long result;

        Caller(Cpu core, long cr3, long rip, long next) {
            this.core = core;
            this.cr3 = AddressSpace.of(cr3);
            this.rip = rip;
            this.next = next;
        }

        boolean is(Cpu c) {
            return AddressSpace.of(c.cr3) == cr3 && c.insnStart == rip;
        }

        boolean stillWaiting() {
            return core.halted && core.rip == rip && AddressSpace.of(core.cr3) == cr3;
        }
    }

    private final List<Caller> callers = new ArrayList<>();

    /** The calling core (in its VMCALL) waits for the request it just made to end. */
    void await(Cpu core) {
        callers.add(new Caller(core, core.cr3, core.insnStart, core.rip));
        park(core);
    }

    /**
     * A VMCALL that may be a waiting caller's, executed again after an interrupt: true when it was (the
     * core waits again, or its RAX now holds the result), false for a new call.
     */
    boolean resume(Cpu core) {
        for (Iterator<Caller> it = callers.iterator(); it.hasNext(); ) {
            Caller c = it.next();
            if (!c.is(core)) continue;
            if (c.ended) {
                it.remove();
                core.gpr[Cpu.RAX] = c.result;
            } else {
                callers.remove(c);
                callers.add(new Caller(core, c.cr3, c.rip, core.rip));
                park(core);
            }
            return true;
        }
        return false;
    }

    /** The request ended with {@code result} (0, or -1 when the HRT was reset under it): every caller completes. */
    void end(long result) {
        for (Iterator<Caller> it = callers.iterator(); it.hasNext(); ) {
            Caller c = it.next();
            if (c.stillWaiting()) {
                it.remove();
                c.core.gpr[Cpu.RAX] = result;
                c.core.rip = c.next;
                c.core.halted = false;
                c.core.events.woke(c.core);
            } else {
                c.ended = true;
                c.result = result;
            }
        }
    }

    /** Forgets every caller (the ROS was reset). */
    void clear() {
        callers.clear();
    }

    private static void park(Cpu core) {
        core.rip = core.insnStart;
        core.halted = true;
        core.events.halted(core);
    }
}

package dev.multiverse.machine.hvm;

import java.util.BitSet;

/**
 * The HRT's state as the hypercalls see it (docs/hvm-abi.md): BOOTING until the HRT says it is ready, then
 * IDLE, and one request at a time from the ROS: a function call on the first HRT core (CALL) or on every
 * HRT core (PARCALL, IDLE again once each of them has reported its part done), an address-space merge or
 * unmerge (MERGE) or a GDT sync (GDTSYNC), each back to IDLE when the HRT reports it done.
 */
public final class HvmState {
    /** The states and the numbers sub-op 0xf reports. */
    public enum Mode {
        IDLE(0), CALL(1), PARCALL(2), MERGE(3), BOOTING(4), GDTSYNC(5);

        public final int code;

        Mode(int code) {
            this.code = code;
        }
    }

    private Mode mode = Mode.BOOTING;
    /** In CALL or PARCALL: the parts still to report; and the HRT cores that have reported theirs. */
    private int partsLeft;
    private final BitSet partsDone = new BitSet();

    public Mode mode() {
        return mode;
    }

    /** The HRT (re)boots: any request in progress is abandoned. */
    public void boot() {
        mode = Mode.BOOTING;
        partsLeft = 0;
        partsDone.clear();
    }

    /** BOOTING -> IDLE; false in any other state. */
    public boolean ready() {
        if (mode != Mode.BOOTING) return false;
        mode = Mode.IDLE;
        return true;
    }

    /**
     * IDLE -> {@code request} (CALL, PARCALL, MERGE or GDTSYNC); a call waits for {@code parts} reports, one
     * per HRT core. False, changing nothing, unless IDLE.
     */
    public boolean begin(Mode request, int parts) {
        if (mode != Mode.IDLE || request == Mode.IDLE || request == Mode.BOOTING) return false;
        if ((request == Mode.CALL || request == Mode.PARCALL) && parts < 1) {
            throw new IllegalArgumentException("a call needs at least one part: " + parts);
        }
        mode = request;
        partsLeft = request == Mode.CALL || request == Mode.PARCALL ? parts : 0;
        partsDone.clear();
        return true;
    }

    /**
     * HRT core {@code core} reports its part of the call in progress done; the last part makes the state
     * IDLE. False (a wrong state) outside CALL/PARCALL or when that core has already reported.
     */
    public boolean partDone(int core) {
        if ((mode != Mode.CALL && mode != Mode.PARCALL) || partsDone.get(core)) return false;
        partsDone.set(core);
        if (--partsLeft == 0) {
            mode = Mode.IDLE;
            partsDone.clear();
        }
        return true;
    }

    /** {@code request} (MERGE or GDTSYNC) -> IDLE; false in any other state. */
    public boolean finish(Mode request) {
        if (mode != request || request == Mode.CALL || request == Mode.PARCALL || request == Mode.BOOTING) return false;
        mode = Mode.IDLE;
        return true;
    }

    public boolean idle() {
        return mode == Mode.IDLE;
    }
}

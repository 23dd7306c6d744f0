package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static dev.multiverse.machine.hvm.Hypercalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the HVM keeps and drops when the ROS alone is reset: events nobody can complete any more go (the
 * HRT's ack answers -1), a completed one keeps its result, the signal handler goes, and the HRT's request in
 * progress and state stay.
 */
class RosResetHypercallsTest {
    private static final long BUFFER = 0x100000;

    @Test
    void unansweredEventsAndTheSignalHandlerGoTheHrtsStateStays() {
        HvmCores m = new HvmCores(1, 1, 0xf3);
        Cpu hrt = m.core(1);
        assertEquals(0, m.call(1, READY));
        long taken = m.call(1, POST_EVENT, BUFFER, 0);
        long done = m.call(1, POST_EVENT, BUFFER, 0);
        assertEquals(taken, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0));
        assertEquals(done, m.call(0, STATE_OR_TAKE_EVENT, BUFFER + 0x800, 0));
        assertEquals(0, m.call(0, COMPLETE_EVENT, done, 0x5678));
        long posted = m.call(1, POST_EVENT, BUFFER, 0);
        assertEquals(0, m.call(0, INSTALL_SIGNAL, 0x30000, 0));
        assertEquals(0, m.call(0, INVOKE_FIRST, 1, 0));
        assertEquals(HvmState.Mode.CALL.code, m.call(0, STATE_OR_TAKE_EVENT, 0, 0));

        m.hypercalls.rosReset();

        assertEquals(ERROR, m.call(1, ACK_EVENT, posted, 0), "a posted event is gone");
        assertEquals(ERROR, m.call(1, ACK_EVENT, taken, 0), "a taken one too");
        assertEquals(0, m.call(1, ACK_EVENT, done, 0), "a completed one keeps its result");
        assertEquals(0x5678, hrt.gpr[Cpu.RDX]);
        assertEquals(0, m.hypercalls.events().inFlight());
        assertEquals(HvmState.Mode.CALL.code, m.call(0, STATE_OR_TAKE_EVENT, 0, 0), "the HRT's call goes on");
        assertEquals(ERROR, m.call(1, SIGNAL_ROS, 7, 0), "no signal handler any more");
        assertEquals(0, m.call(1, FUNCTION_DONE));
        assertEquals(HvmState.Mode.IDLE.code, m.call(0, STATE_OR_TAKE_EVENT, 0, 0));
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.machine.hvm.HvmState.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvmStateTest {
    @Test
    void bootsThenIdle() {
        HvmState s = new HvmState();
        assertEquals(Mode.BOOTING, s.mode());
        assertEquals(4, s.mode().code);
        assertFalse(s.begin(Mode.CALL, 1), "no request while booting");
        assertTrue(s.ready());
        assertEquals(Mode.IDLE, s.mode());
        assertFalse(s.ready(), "ready only once per boot");
    }

    @Test
    void oneRequestAtATime() {
        HvmState s = new HvmState();
        s.ready();
        assertTrue(s.begin(Mode.MERGE, 0));
        assertFalse(s.begin(Mode.CALL, 1));
        assertFalse(s.finish(Mode.GDTSYNC), "not the request in progress");
        assertFalse(s.partDone(3));
        assertTrue(s.finish(Mode.MERGE));
        assertTrue(s.idle());
        assertFalse(s.finish(Mode.MERGE));
        assertTrue(s.begin(Mode.GDTSYNC, 0));
        assertEquals(5, s.mode().code);
        assertTrue(s.finish(Mode.GDTSYNC));
    }

    @Test
    void parallelCallEndsAfterEveryCoresPart() {
        HvmState s = new HvmState();
        s.ready();
        assertTrue(s.begin(Mode.PARCALL, 3));
        assertEquals(2, s.mode().code);
        assertTrue(s.partDone(4));
        assertFalse(s.partDone(4), "each core reports once");
        assertTrue(s.partDone(5));
        assertEquals(Mode.PARCALL, s.mode());
        assertTrue(s.partDone(6));
        assertEquals(Mode.IDLE, s.mode());
        assertTrue(s.begin(Mode.CALL, 1));
        assertTrue(s.partDone(4), "a new call counts afresh");
        assertTrue(s.idle());
    }

    @Test
    void bootAbandonsTheRequest() {
        HvmState s = new HvmState();
        s.ready();
        s.begin(Mode.CALL, 1);
        s.boot();
        assertEquals(Mode.BOOTING, s.mode());
        assertFalse(s.partDone(1));
    }
}

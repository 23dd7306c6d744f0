package dev.multiverse.machine.hvm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTableTest {
    private static long[] args(long first) {
        return new long[]{first, first + 1, first + 2, first + 3, first + 4, first + 5};
    }

    @Test
    void lifecycle() {
        EventTable t = new EventTable();
        long a = t.post(7, args(10)), b = t.post(8, args(20));
        assertTrue(a > 0 && b > 0 && a != b);
        EventTable.Event first = t.oldestPosted();
        assertEquals(a, first.id);
        assertEquals(7, first.type);
        assertEquals(15, first.arg(5));
        assertFalse(t.complete(a, 1), "not taken yet");
        t.take(first);
        assertEquals(EventTable.Status.TAKEN, first.status());
        assertEquals(b, t.oldestPosted().id, "the next posted one");
        assertTrue(t.complete(a, 99));
        assertFalse(t.complete(a, 98), "done once");
        assertEquals(99, first.result());
        t.free(first);
        assertNull(t.find(a));
        assertSame(EventTable.Status.POSTED, t.find(b).status());
        assertEquals(1, t.inFlight());
    }

    @Test
    void sixtyFourInFlightAndIdsNotReused() {
        EventTable t = new EventTable();
        long last = 0;
        for (int i = 0; i < EventTable.CAPACITY; i++) {
            long id = t.post(i, args(i));
            assertTrue(id > last);
            last = id;
        }
        assertEquals(-1, t.post(99, args(0)));
        EventTable.Event e = t.oldestPosted();
        t.take(e);
        t.complete(e.id, 0);
        t.free(e);
        long id = t.post(99, args(0));
        assertTrue(id > last, "a freed id is not handed out again");
        assertFalse(t.complete(12345, 0), "unknown id");
    }
}

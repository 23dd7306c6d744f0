package dev.multiverse.machine;

import dev.multiverse.devices.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Virtual time from the cycle counter; timers fire in instant order, ties in arming order. */
class EventQueueTest {
    private long cycles;
    private final EventQueue queue = new EventQueue(() -> cycles);
    private final List<String> fired = new ArrayList<>();

    private VirtualClock.Timer timer(String name) {
        return queue.timer(() -> fired.add(name));
    }

    @Test
    void timeIsTheCycleCount() {
        cycles = 1234;
        assertEquals(1234, queue.nanos());
    }

    @Test
    void dueTimersFireEarliestFirstAndTiesInArmingOrder() {
        VirtualClock.Timer a = timer("a"), b = timer("b"), c = timer("c");
        c.arm(100);
        b.arm(50);
        a.arm(100);
        assertEquals(50, queue.nextEventAt());
        cycles = 99;
        queue.fireDue();
        assertEquals(List.of("b"), fired);
        cycles = 100;
        queue.fireDue();
        assertEquals(List.of("b", "c", "a"), fired);
        assertEquals(Long.MAX_VALUE, queue.nextEventAt());
    }

    @Test
    void rearmingMovesAndCancelRemoves() {
        VirtualClock.Timer a = timer("a"), b = timer("b");
        a.arm(10);
        a.arm(30);
        b.arm(20);
        b.cancel();
        assertEquals(30, queue.nextEventAt());
        cycles = 30;
        queue.fireDue();
        assertEquals(List.of("a"), fired);
    }

    @Test
    void aTimerRearmedForThePresentWaitsForTheNextCheck() {
        VirtualClock.Timer[] self = new VirtualClock.Timer[1];
        self[0] = queue.timer(() -> {
            fired.add("t");
            self[0].arm(queue.nanos());
        });
        self[0].arm(5);
        cycles = 5;
        queue.fireDue();
        assertEquals(1, fired.size());
        queue.fireDue();
        assertEquals(2, fired.size());
    }
}

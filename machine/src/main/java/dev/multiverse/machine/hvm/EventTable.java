package dev.multiverse.machine.hvm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events the HRT posts for the ROS (docs/hvm-abi.md, sub-ops 0xf, 0x10, 0x1e, 0x1f): each is POSTED,
 * then TAKEN by a ROS thread, then DONE with its result, and freed when the HRT acknowledges it. Up to
 * {@link #CAPACITY} are in flight at once; ids are positive and not reused while the machine runs.
 */
public final class EventTable {
    public static final int CAPACITY = 64;
    /** The arguments an event record carries. */
    public static final int ARGS = 6;

    public enum Status { POSTED, TAKEN, DONE }

    /** One event in flight. */
    public static final class Event {
        public final long id;
        public final long type;
        private final long[] args;
        private Status status = Status.POSTED;
        private long result;

        private Event(long id, long type, long[] args) {
            this.id = id;
            this.type = type;
            this.args = args;
        }

        public long arg(int n) {
            return args[n];
        }

        public Status status() {
            return status;
        }

        /** The ROS's result, once DONE. */
        public long result() {
            return result;
        }
    }

    /** In posting order, so the oldest POSTED event is the first found. */
    private final Map<Long, Event> inFlight = new LinkedHashMap<>();
    private long nextId = 1;

    /** Queues an event; returns its id, or -1 when {@link #CAPACITY} are already in flight. */
    public long post(long type, long[] args) {
        if (args.length != ARGS) throw new IllegalArgumentException("an event has " + ARGS + " arguments: " + args.length);
        if (inFlight.size() == CAPACITY) return -1;
        long id = nextId++;
        inFlight.put(id, new Event(id, type, Arrays.copyOf(args, ARGS)));
        return id;
    }

    /** The oldest POSTED event, or null; it stays POSTED until {@link #take}. */
    public Event oldestPosted() {
        for (Event e : inFlight.values()) {
            if (e.status == Status.POSTED) return e;
        }
        return null;
    }

    /** POSTED -> TAKEN. */
    public void take(Event e) {
        if (e.status != Status.POSTED) throw new IllegalStateException("event " + e.id + " is " + e.status);
        e.status = Status.TAKEN;
    }

    /** TAKEN -> DONE with {@code result}; false for an unknown id or one not TAKEN. */
    public boolean complete(long id, long result) {
        Event e = inFlight.get(id);
        if (e == null || e.status != Status.TAKEN) return false;
        e.status = Status.DONE;
        e.result = result;
        return true;
    }

    /** The event {@code id} in flight, or null. */
    public Event find(long id) {
        return inFlight.get(id);
    }

    /** Frees a DONE event's id (the HRT has its result). */
    public void free(Event e) {
        if (e.status != Status.DONE) throw new IllegalStateException("event " + e.id + " is " + e.status);
        inFlight.remove(e.id);
    }

    /** Drops every event (a reset of the side that would have completed or acknowledged them). */
    public void clear() {
        inFlight.clear();
    }

    /** Drops the events still POSTED or TAKEN (the ROS was reset: nobody will complete them); DONE ones keep their result for the HRT's ack. */
    public void dropUnanswered() {
        inFlight.values().removeIf(e -> e.status != Status.DONE);
    }

    public int inFlight() {
        return inFlight.size();
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.Machine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a run (as the console's quit does, {@link Machine#requestHostStop}) once the guest's virtual time
 * passes a limit: for a guest that should finish on its own but may wait forever (an HRT that never answers
 * a call the ROS waits for). It reads the machine's published time from its own thread, so the run is
 * otherwise unchanged.
 */
final class VirtualTimeLimit implements AutoCloseable {
    private static final long CHECK_MILLIS = 100;

    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virtual-time-limit");
        t.setDaemon(true);
        return t;
    });

    /** Watches {@code machine} from now on; {@code why} becomes the run's diagnostic when the limit is passed. */
    VirtualTimeLimit(Machine machine, long seconds, String why) {
        long limit = TimeUnit.SECONDS.toNanos(seconds);
        checker.scheduleAtFixedRate(() -> {
            if (machine.virtualNanos() > limit) machine.requestHostStop(why);
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}

package dev.multiverse.machine.trace;

import java.io.IOException;
import java.util.Set;

/** Where traced events go: an event log or a timeline, each taking the categories it was asked for. */
public interface TraceOutput {
    /** The categories this output records. */
    Set<TraceCategory> categories();

    /** Records one event of one of {@link #categories()}; events arrive in the order they happened. */
    void accept(TraceEvent event) throws IOException;

    /** Tracing ends at virtual time {@code end}: completes and closes the output. */
    void finish(long end) throws IOException;
}

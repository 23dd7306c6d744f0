package dev.multiverse.machine.debug;

/** Which data accesses a {@link Watchpoint} catches. */
public enum WatchKind {
    READ, WRITE, ACCESS;

    boolean catches(boolean write) {
        return this == ACCESS || (this == WRITE) == write;
    }
}

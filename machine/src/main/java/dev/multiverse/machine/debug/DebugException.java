package dev.multiverse.machine.debug;

/** A debugger request that cannot be carried out (unmapped memory, an unknown register or symbol...); the message is one line for a person. */
public final class DebugException extends RuntimeException {
    public DebugException(String message) {
        super(message);
    }
}

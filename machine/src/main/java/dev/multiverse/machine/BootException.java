package dev.multiverse.machine;

/**
 * The machine cannot start: a kernel or module file is missing or malformed, or the configuration cannot
 * be built. The message is one line for a person: what is wrong and, where it helps, what to do.
 */
public final class BootException extends Exception {
    public BootException(String message) {
        super(message);
    }
}

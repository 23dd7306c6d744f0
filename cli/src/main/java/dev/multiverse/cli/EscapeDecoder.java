package dev.multiverse.cli;

/**
 * The console's escape sequences, as QEMU's {@code -nographic} has them: every key goes to the guest
 * except {@link #ESCAPE} (Ctrl-A), which starts a command: X quits, H asks for help, a second Ctrl-A
 * sends one Ctrl-A; any other key after Ctrl-A is dropped with it.
 */
final class EscapeDecoder {
    /** Ctrl-A. */
    static final int ESCAPE = 0x01;
    /** {@link #feed}: nothing for the guest (an escape started, or an unknown command dropped). */
    static final int NOTHING = -1;
    /** {@link #feed}: the user asked to quit. */
    static final int QUIT = -2;
    /** {@link #feed}: the user asked for the list of commands. */
    static final int HELP = -3;

    /** The commands, for {@link #HELP}. */
    static final String HELP_TEXT = """
            Ctrl-A X       quit (exit status 8)
            Ctrl-A H       this help
            Ctrl-A Ctrl-A  send Ctrl-A to the guest""";

    private boolean escaped;

    /** What key byte {@code b} means: a byte for the guest (0-255), {@link #NOTHING}, {@link #QUIT} or {@link #HELP}. */
    int feed(int b) {
        if (!escaped) {
            if (b != ESCAPE) return b;
            escaped = true;
            return NOTHING;
        }
        escaped = false;
        return switch (b) {
            case ESCAPE -> ESCAPE;
            case 'x', 'X' -> QUIT;
            case 'h', 'H', '?' -> HELP;
            default -> NOTHING;
        };
    }
}

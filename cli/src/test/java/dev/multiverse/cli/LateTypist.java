package dev.multiverse.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A person at the host's end of a live serial line: types {@code text} once {@code millis} have passed. */
final class LateTypist {
    private LateTypist() {
    }

    /** Starts typing on a virtual thread; join it after the run. */
    static Thread typeAfter(long millis, OutputStream host, String text) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(millis);
                host.write(text.getBytes(StandardCharsets.US_ASCII));
                host.flush();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the Misc family (filled in by its owner). */
public final class MiscRows {
    private MiscRows() {
    }

    public static void register(TableBuilder t) {
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the String family (filled in by its owner). */
public final class StringRows {
    private StringRows() {
    }

    public static void register(TableBuilder t) {
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the Stack family (filled in by its owner). */
public final class StackRows {
    private StackRows() {
    }

    public static void register(TableBuilder t) {
    }
}

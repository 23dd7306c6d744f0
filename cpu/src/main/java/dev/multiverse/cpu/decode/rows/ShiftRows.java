package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the Shift family (filled in by its owner). */
public final class ShiftRows {
    private ShiftRows() {
    }

    public static void register(TableBuilder t) {
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the Bit family (filled in by its owner). */
public final class BitRows {
    private BitRows() {
    }

    public static void register(TableBuilder t) {
    }
}

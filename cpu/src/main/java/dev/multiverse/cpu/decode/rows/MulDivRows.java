package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;

/** Opcode rows of the MulDiv family (filled in by its owner). */
public final class MulDivRows {
    private MulDivRows() {
    }

    public static void register(TableBuilder t) {
    }
}

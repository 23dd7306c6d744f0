package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.ArrayBound;
import dev.multiverse.cpu.exec.Bcd;
import dev.multiverse.cpu.exec.BitOps;
import dev.multiverse.cpu.exec.DataMove;
import dev.multiverse.cpu.exec.FarPointerLoad;
import dev.multiverse.cpu.exec.Invalid;
import dev.multiverse.cpu.insn.Row;

/**
 * Opcode rows of {@link Bcd}, {@link ArrayBound}, {@link FarPointerLoad}, MOVBE, the hint and reserved-NOP
 * space (prefetches, ENDBR, 0F 18-0F 1F) and the UD0/UD1 opcodes. C4/C5 are VEX and 62 is EVEX in 64-bit
 * mode (and C4/C5 with a register operand elsewhere); with no AVX they stay #UD there.
 */
public final class LegacyRows {
    private LegacyRows() {
    }

    public static void register(TableBuilder t) {
        t.op(0x27, "daa", "", Bcd::daa, Row.NO64);
        t.op(0x2f, "das", "", Bcd::das, Row.NO64);
        t.op(0x37, "aaa", "", Bcd::aaa, Row.NO64);
        t.op(0x3f, "aas", "", Bcd::aas, Row.NO64);
        t.op(0xd4, "aam", "Ib", Bcd::aam, Row.NO64);
        t.op(0xd5, "aad", "Ib", Bcd::aad, Row.NO64);

        t.op(0x62, "bound", "Gv,M", ArrayBound::bound, Row.NO64 | Row.MEMONLY);
        t.op(0xc4, "les", "Gv,Mp", FarPointerLoad::les, Row.NO64 | Row.MEMONLY);
        t.op(0xc5, "lds", "Gv,Mp", FarPointerLoad::lds, Row.NO64 | Row.MEMONLY);
        t.op(0x0fb2, "lss", "Gv,Mp", FarPointerLoad::lss, Row.MEMONLY);
        t.op(0x0fb4, "lfs", "Gv,Mp", FarPointerLoad::lfs, Row.MEMONLY);
        t.op(0x0fb5, "lgs", "Gv,Mp", FarPointerLoad::lgs, Row.MEMONLY);

        t.op(0x0f38f0, "movbe", "Gv,M", BitOps::movbe, Row.MEMONLY);
        t.op(0x0f38f1, "movbe", "M,Gv", BitOps::movbe, Row.MEMONLY);

        // Hints without architectural effect here: no cache model, CET not advertised.
        t.grp(0x0f18, 0, "prefetchnta", "Mb", DataMove::nop, Row.MEMONLY);
        t.grp(0x0f18, 1, "prefetcht0", "Mb", DataMove::nop, Row.MEMONLY);
        t.grp(0x0f18, 2, "prefetcht1", "Mb", DataMove::nop, Row.MEMONLY);
        t.grp(0x0f18, 3, "prefetcht2", "Mb", DataMove::nop, Row.MEMONLY);
        t.grp(0x0f0d, 1, "prefetchw", "Mb", DataMove::nop, Row.MEMONLY);
        t.add(0xf3, 0x0f1e, 7, 0xfa, "endbr64", "", DataMove::nop, Row.REGONLY);
        t.add(0xf3, 0x0f1e, 7, 0xfb, "endbr32", "", DataMove::nop, Row.REGONLY);
        // The rest of 0F 18, 0F 19, 0F 1C-0F 1F is the reserved-NOP space (0F 1F /0 is in DataRows).
        for (int ext = 0; ext < 8; ext++) {
            t.grp(0x0f18, ext, "nop", "Ev", DataMove::nop, ext < 4 ? Row.REGONLY : 0);
            if (ext > 0) t.grp(0x0f1f, ext, "nop", "Ev", DataMove::nop, 0);
        }
        for (int op : new int[] {0x0f19, 0x0f1c, 0x0f1d, 0x0f1e}) {
            t.op(op, "nop", "Ev", DataMove::nop, 0);
        }

        t.op(0x0fff, "ud0", "Gv,Ev", Invalid::undefined, Row.ENDS_BLOCK);
        t.op(0x0fb9, "ud1", "Gv,Ev", Invalid::undefined, Row.ENDS_BLOCK);
    }
}

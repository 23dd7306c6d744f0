package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.Crc32;
import dev.multiverse.cpu.exec.simd.PackedArithAdd;
import dev.multiverse.cpu.exec.simd.PackedArithForms;
import dev.multiverse.cpu.exec.simd.PackedArithHorizontal;
import dev.multiverse.cpu.exec.simd.PackedArithMultiply;
import dev.multiverse.cpu.exec.simd.PackedArithSad;
import dev.multiverse.cpu.exec.simd.PackedArithSign;
import dev.multiverse.cpu.exec.simd.PackedCompare;
import dev.multiverse.cpu.exec.simd.StringCompare;
import dev.multiverse.cpu.insn.Row;

/**
 * Opcode rows of MMX, SSE2, SSSE3, SSE4.1 and SSE4.2 integer arithmetic and comparison: the packed
 * instructions in their MMX form (no prefix) and XMM form (66), the SSE4 forms that exist only for XMM,
 * the string comparisons PCMPxSTRx, and CRC32.
 */
public final class SimdIntegerRows {
    private SimdIntegerRows() {
    }

    public static void register(TableBuilder t) {
        both(t, 0x0ffc, "paddb", PackedArithAdd::addBytes);
        both(t, 0x0ffd, "paddw", PackedArithAdd::addWords);
        both(t, 0x0ffe, "paddd", PackedArithAdd::addDwords);
        both(t, 0x0fd4, "paddq", PackedArithAdd::addQword);
        both(t, 0x0fec, "paddsb", PackedArithAdd::addSignedSaturateBytes);
        both(t, 0x0fed, "paddsw", PackedArithAdd::addSignedSaturateWords);
        both(t, 0x0fdc, "paddusb", PackedArithAdd::addUnsignedSaturateBytes);
        both(t, 0x0fdd, "paddusw", PackedArithAdd::addUnsignedSaturateWords);
        both(t, 0x0ff8, "psubb", PackedArithAdd::subBytes);
        both(t, 0x0ff9, "psubw", PackedArithAdd::subWords);
        both(t, 0x0ffa, "psubd", PackedArithAdd::subDwords);
        both(t, 0x0ffb, "psubq", PackedArithAdd::subQword);
        both(t, 0x0fe8, "psubsb", PackedArithAdd::subSignedSaturateBytes);
        both(t, 0x0fe9, "psubsw", PackedArithAdd::subSignedSaturateWords);
        both(t, 0x0fd8, "psubusb", PackedArithAdd::subUnsignedSaturateBytes);
        both(t, 0x0fd9, "psubusw", PackedArithAdd::subUnsignedSaturateWords);
        both(t, 0x0fe0, "pavgb", PackedArithAdd::averageBytes);
        both(t, 0x0fe3, "pavgw", PackedArithAdd::averageWords);

        both(t, 0x0fd5, "pmullw", PackedArithMultiply::mulLowWords);
        both(t, 0x0fe5, "pmulhw", PackedArithMultiply::mulHighSignedWords);
        both(t, 0x0fe4, "pmulhuw", PackedArithMultiply::mulHighUnsignedWords);
        both(t, 0x0ff4, "pmuludq", PackedArithMultiply::mulUnsignedDword);
        both(t, 0x0ff5, "pmaddwd", PackedArithMultiply::multiplyAddWords);
        both(t, 0x0f3804, "pmaddubsw", PackedArithMultiply::multiplyAddUnsignedSignedBytes);
        both(t, 0x0f380b, "pmulhrsw", PackedArithMultiply::mulHighRoundScaleWords);
        xmm(t, 0x0f3828, "pmuldq", PackedArithMultiply::mulSignedDword);
        xmm(t, 0x0f3840, "pmulld", PackedArithMultiply::mulLowDwords);

        both(t, 0x0f74, "pcmpeqb", PackedCompare::equalBytes);
        both(t, 0x0f75, "pcmpeqw", PackedCompare::equalWords);
        both(t, 0x0f76, "pcmpeqd", PackedCompare::equalDwords);
        xmm(t, 0x0f3829, "pcmpeqq", PackedCompare::equalQword);
        both(t, 0x0f64, "pcmpgtb", PackedCompare::greaterBytes);
        both(t, 0x0f65, "pcmpgtw", PackedCompare::greaterWords);
        both(t, 0x0f66, "pcmpgtd", PackedCompare::greaterDwords);
        xmm(t, 0x0f3837, "pcmpgtq", PackedCompare::greaterQword);
        both(t, 0x0fda, "pminub", PackedCompare::minUnsignedBytes);
        both(t, 0x0fde, "pmaxub", PackedCompare::maxUnsignedBytes);
        both(t, 0x0fea, "pminsw", PackedCompare::minSignedWords);
        both(t, 0x0fee, "pmaxsw", PackedCompare::maxSignedWords);
        xmm(t, 0x0f3838, "pminsb", PackedCompare::minSignedBytes);
        xmm(t, 0x0f3839, "pminsd", PackedCompare::minSignedDwords);
        xmm(t, 0x0f383a, "pminuw", PackedCompare::minUnsignedWords);
        xmm(t, 0x0f383b, "pminud", PackedCompare::minUnsignedDwords);
        xmm(t, 0x0f383c, "pmaxsb", PackedCompare::maxSignedBytes);
        xmm(t, 0x0f383d, "pmaxsd", PackedCompare::maxSignedDwords);
        xmm(t, 0x0f383e, "pmaxuw", PackedCompare::maxUnsignedWords);
        xmm(t, 0x0f383f, "pmaxud", PackedCompare::maxUnsignedDwords);

        both(t, 0x0f381c, "pabsb", PackedArithSign::absBytes);
        both(t, 0x0f381d, "pabsw", PackedArithSign::absWords);
        both(t, 0x0f381e, "pabsd", PackedArithSign::absDwords);
        both(t, 0x0f3808, "psignb", PackedArithSign::signBytes);
        both(t, 0x0f3809, "psignw", PackedArithSign::signWords);
        both(t, 0x0f380a, "psignd", PackedArithSign::signDwords);

        horizontal(t, 0x0f3801, "phaddw", PackedArithHorizontal::addWords);
        horizontal(t, 0x0f3802, "phaddd", PackedArithHorizontal::addDwords);
        horizontal(t, 0x0f3803, "phaddsw", PackedArithHorizontal::addSaturateWords);
        horizontal(t, 0x0f3805, "phsubw", PackedArithHorizontal::subWords);
        horizontal(t, 0x0f3806, "phsubd", PackedArithHorizontal::subDwords);
        horizontal(t, 0x0f3807, "phsubsw", PackedArithHorizontal::subSaturateWords);

        both(t, 0x0ff6, "psadbw", PackedArithSad::sumAbsoluteDifferences);
        t.prefixed(0x66, 0x0f3a42, "mpsadbw", "Vx,Wx,Ib", PackedArithSad::multipleSumAbsoluteDifferences, Row.SSE);
        t.prefixed(0x66, 0x0f3841, "phminposuw", "Vx,Wx", PackedArithSad::minimumWordAndPosition, Row.SSE);

        // The string comparisons take their 16-byte memory operand unaligned.
        int string = Row.SSE | Row.UNALIGNED;
        t.prefixed(0x66, 0x0f3a60, "pcmpestrm", "Vx,Wx,Ib", StringCompare::explicitMask, string);
        t.prefixed(0x66, 0x0f3a61, "pcmpestri", "Vx,Wx,Ib", StringCompare::explicitIndex, string);
        t.prefixed(0x66, 0x0f3a62, "pcmpistrm", "Vx,Wx,Ib", StringCompare::implicitMask, string);
        t.prefixed(0x66, 0x0f3a63, "pcmpistri", "Vx,Wx,Ib", StringCompare::implicitIndex, string);

        // CRC32 works on general registers: no CR0/CR4 checks apply.
        t.prefixed(0xf2, 0x0f38f0, "crc32", "Gy,Eb", Crc32::crc32, 0);
        t.prefixed(0xf2, 0x0f38f1, "crc32", "Gy,Ev", Crc32::crc32, 0);
    }

    /** The MMX form (mm, mm/m64) and the XMM form (66: xmm, xmm/m128) of a lane-wise operation. */
    private static void both(TableBuilder t, int opcode, String mnemonic, PackedArithForms.Op op) {
        t.op(opcode, mnemonic, "Pq,Qq", PackedArithForms.mmx(op), Row.MMX);
        xmm(t, opcode, mnemonic, op);
    }

    /** The XMM form only (SSE4.1 and SSE4.2 have no MMX forms). */
    private static void xmm(TableBuilder t, int opcode, String mnemonic, PackedArithForms.Op op) {
        t.prefixed(0x66, opcode, mnemonic, "Vx,Wx", PackedArithForms.xmm(op), Row.SSE);
    }

    /** Both forms of a horizontal operation. */
    private static void horizontal(TableBuilder t, int opcode, String mnemonic, PackedArithForms.Op op) {
        t.op(opcode, mnemonic, "Pq,Qq", PackedArithForms.horizontalMmx(op), Row.MMX);
        t.prefixed(0x66, opcode, mnemonic, "Vx,Wx", PackedArithForms.horizontalXmm(op), Row.SSE);
    }
}

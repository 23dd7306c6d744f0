package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.x87.BasicArithmetic;
import dev.multiverse.cpu.exec.x87.Compares;
import dev.multiverse.cpu.exec.x87.Constants;
import dev.multiverse.cpu.exec.x87.Control;
import dev.multiverse.cpu.exec.x87.EnvironmentImage;
import dev.multiverse.cpu.exec.x87.ErrorReporting;
import dev.multiverse.cpu.exec.x87.Loads;
import dev.multiverse.cpu.exec.x87.RegisterOps;
import dev.multiverse.cpu.exec.x87.Stores;
import dev.multiverse.cpu.exec.x87.Transcendentals;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.insn.Semantic;

/**
 * Opcode rows of the x87 (escape opcodes D8-DF) and FWAIT. Memory forms are spelled as objdump spells them,
 * with the operand's size in the mnemonic ({@code flds}, {@code fldl}, {@code fldt}, {@code fiadds},
 * {@code fildll}...); register forms name ST(0) and ST(i) in Intel order. In the DC and DE register forms
 * objdump's AT&T names swap FSUB with FSUBR and FDIV with FDIVR: the names here are objdump's, the semantics
 * Intel's. Every row but the non-waiting control instructions checks for a pending exception first.
 *
 * <p>Not here: the transcendental and scaling group (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X,
 * FYL2XP1, FSCALE, FXTRACT, FPREM, FPREM1), whose encodings stay undefined until they are implemented.
 */
public final class X87Rows {
    private static final int REG = Row.X87 | Row.REGONLY, MEM = Row.X87 | Row.MEMONLY;
    /** objdump's text for the undocumented aliases, which Intel CPUs execute as the documented forms. */
    private static final String ALIAS = "(bad)";

    private X87Rows() {
    }

    public static void register(TableBuilder t) {
        arithmetic(t);
        compares(t);
        loadsAndStores(t);
        registerOps(t);
        control(t);
    }

    private static Semantic w(Semantic s) {
        return ErrorReporting.waiting(s);
    }

    private static void arithmetic(TableBuilder t) {
        int[] exts = {0, 1, 4, 5, 6, 7};
        String[] ops = {"add", "mul", "sub", "subr", "div", "divr"};
        Semantic[] real = {BasicArithmetic::fadd, BasicArithmetic::fmul, BasicArithmetic::fsub, BasicArithmetic::fsubr,
                BasicArithmetic::fdiv, BasicArithmetic::fdivr};
        Semantic[] integer = {BasicArithmetic::fiadd, BasicArithmetic::fimul, BasicArithmetic::fisub,
                BasicArithmetic::fisubr, BasicArithmetic::fidiv, BasicArithmetic::fidivr};
        // ST(i) op ST(0): the reversed operation under the plain name (objdump's AT&T swap).
        Semantic[] toRegister = {BasicArithmetic::fadd, BasicArithmetic::fmul, BasicArithmetic::fsubr,
                BasicArithmetic::fsub, BasicArithmetic::fdivr, BasicArithmetic::fdiv};
        Semantic[] toRegisterPop = {BasicArithmetic::faddp, BasicArithmetic::fmulp, BasicArithmetic::fsubrp,
                BasicArithmetic::fsubp, BasicArithmetic::fdivrp, BasicArithmetic::fdivp};
        for (int n = 0; n < exts.length; n++) {
            int ext = exts[n];
            String name = "f" + ops[n];
            t.grp(0xd8, ext, name + "s", "Md", w(real[n]), MEM);
            t.grp(0xdc, ext, name + "l", "Mq", w(real[n]), MEM);
            t.grp(0xda, ext, "fi" + ops[n] + "l", "Md", w(integer[n]), MEM);
            t.grp(0xde, ext, "fi" + ops[n] + "s", "Mw", w(integer[n]), MEM);
            t.grp(0xd8, ext, name, "ST0,STi", w(real[n]), REG);
            t.grp(0xdc, ext, name, "STi,ST0", w(toRegister[n]), REG);
            t.grp(0xde, ext, name + "p", "STi,ST0", w(toRegisterPop[n]), REG);
        }
        t.exact(0xd9, 0xfa, "fsqrt", "", w(BasicArithmetic::fsqrt), Row.X87);
        t.exact(0xd9, 0xfc, "frndint", "", w(BasicArithmetic::frndint), Row.X87);
        t.exact(0xd9, 0xf0, "f2xm1", "", w(Transcendentals::f2xm1), Row.X87);
        t.exact(0xd9, 0xf1, "fyl2x", "", w(Transcendentals::fyl2x), Row.X87);
        t.exact(0xd9, 0xf2, "fptan", "", w(Transcendentals::fptan), Row.X87);
        t.exact(0xd9, 0xf3, "fpatan", "", w(Transcendentals::fpatan), Row.X87);
        t.exact(0xd9, 0xf4, "fxtract", "", w(Transcendentals::fxtract), Row.X87);
        t.exact(0xd9, 0xf5, "fprem1", "", w(Transcendentals::fprem1), Row.X87);
        t.exact(0xd9, 0xf8, "fprem", "", w(Transcendentals::fprem), Row.X87);
        t.exact(0xd9, 0xf9, "fyl2xp1", "", w(Transcendentals::fyl2xp1), Row.X87);
        t.exact(0xd9, 0xfb, "fsincos", "", w(Transcendentals::fsincos), Row.X87);
        t.exact(0xd9, 0xfd, "fscale", "", w(Transcendentals::fscale), Row.X87);
        t.exact(0xd9, 0xfe, "fsin", "", w(Transcendentals::fsin), Row.X87);
        t.exact(0xd9, 0xff, "fcos", "", w(Transcendentals::fcos), Row.X87);
    }

    private static void compares(TableBuilder t) {
        t.grp(0xd8, 2, "fcoms", "Md", w(Compares::fcom), MEM);
        t.grp(0xd8, 3, "fcomps", "Md", w(Compares::fcomp), MEM);
        t.grp(0xdc, 2, "fcoml", "Mq", w(Compares::fcom), MEM);
        t.grp(0xdc, 3, "fcompl", "Mq", w(Compares::fcomp), MEM);
        t.grp(0xda, 2, "ficoml", "Md", w(Compares::ficom), MEM);
        t.grp(0xda, 3, "ficompl", "Md", w(Compares::ficomp), MEM);
        t.grp(0xde, 2, "ficoms", "Mw", w(Compares::ficom), MEM);
        t.grp(0xde, 3, "ficomps", "Mw", w(Compares::ficomp), MEM);
        t.grp(0xd8, 2, "fcom", "STi", w(Compares::fcom), REG);
        t.grp(0xd8, 3, "fcomp", "STi", w(Compares::fcomp), REG);
        t.grp(0xdc, 2, ALIAS, "STi", w(Compares::fcom), REG);      // FCOM2
        t.grp(0xdc, 3, ALIAS, "STi", w(Compares::fcomp), REG);     // FCOMP3
        t.grp(0xde, 2, ALIAS, "STi", w(Compares::fcomp), REG);     // FCOMP5
        t.exact(0xde, 0xd9, "fcompp", "", w(Compares::fcompp), Row.X87);
        t.grp(0xdd, 4, "fucom", "STi", w(Compares::fucom), REG);
        t.grp(0xdd, 5, "fucomp", "STi", w(Compares::fucomp), REG);
        t.exact(0xda, 0xe9, "fucompp", "", w(Compares::fucompp), Row.X87);
        t.grp(0xdb, 5, "fucomi", "ST0,STi", w(Compares::fucomi), REG);
        t.grp(0xdb, 6, "fcomi", "ST0,STi", w(Compares::fcomi), REG);
        t.grp(0xdf, 5, "fucomip", "ST0,STi", w(Compares::fucomip), REG);
        t.grp(0xdf, 6, "fcomip", "ST0,STi", w(Compares::fcomip), REG);
        t.exact(0xd9, 0xe4, "ftst", "", w(Compares::ftst), Row.X87);
        t.exact(0xd9, 0xe5, "fxam", "", w(Compares::fxam), Row.X87);
    }

    private static void loadsAndStores(TableBuilder t) {
        t.grp(0xd9, 0, "flds", "Md", w(Loads::fld), MEM);
        t.grp(0xdd, 0, "fldl", "Mq", w(Loads::fld), MEM);
        t.grp(0xdb, 5, "fldt", "Mt", w(Loads::fld), MEM);
        t.grp(0xd9, 0, "fld", "STi", w(Loads::fld), REG);
        t.grp(0xdf, 0, "filds", "Mw", w(Loads::fild), MEM);
        t.grp(0xdb, 0, "fildl", "Md", w(Loads::fild), MEM);
        t.grp(0xdf, 5, "fildll", "Mq", w(Loads::fild), MEM);
        t.grp(0xdf, 4, "fbld", "Mt", w(Loads::fbld), MEM);
        t.exact(0xd9, 0xe8, "fld1", "", w(Constants::fld1), Row.X87);
        t.exact(0xd9, 0xe9, "fldl2t", "", w(Constants::fldl2t), Row.X87);
        t.exact(0xd9, 0xea, "fldl2e", "", w(Constants::fldl2e), Row.X87);
        t.exact(0xd9, 0xeb, "fldpi", "", w(Constants::fldpi), Row.X87);
        t.exact(0xd9, 0xec, "fldlg2", "", w(Constants::fldlg2), Row.X87);
        t.exact(0xd9, 0xed, "fldln2", "", w(Constants::fldln2), Row.X87);
        t.exact(0xd9, 0xee, "fldz", "", w(Constants::fldz), Row.X87);

        t.grp(0xd9, 2, "fsts", "Md", w(Stores::fst), MEM);
        t.grp(0xdd, 2, "fstl", "Mq", w(Stores::fst), MEM);
        t.grp(0xd9, 3, "fstps", "Md", w(Stores::fstp), MEM);
        t.grp(0xdd, 3, "fstpl", "Mq", w(Stores::fstp), MEM);
        t.grp(0xdb, 7, "fstpt", "Mt", w(Stores::fstp), MEM);
        t.grp(0xdd, 2, "fst", "STi", w(Stores::fst), REG);
        t.grp(0xdd, 3, "fstp", "STi", w(Stores::fstp), REG);
        t.grp(0xd9, 3, ALIAS, "STi", w(Stores::fstp1), REG);      // FSTP1
        t.grp(0xdf, 2, ALIAS, "STi", w(Stores::fstp), REG);     // FSTP8
        t.grp(0xdf, 3, ALIAS, "STi", w(Stores::fstp), REG);     // FSTP9
        t.grp(0xdf, 2, "fists", "Mw", w(Stores::fist), MEM);
        t.grp(0xdb, 2, "fistl", "Md", w(Stores::fist), MEM);
        t.grp(0xdf, 3, "fistps", "Mw", w(Stores::fistp), MEM);
        t.grp(0xdb, 3, "fistpl", "Md", w(Stores::fistp), MEM);
        t.grp(0xdf, 7, "fistpll", "Mq", w(Stores::fistp), MEM);
        t.grp(0xdf, 1, "fisttps", "Mw", w(Stores::fisttp), MEM);
        t.grp(0xdb, 1, "fisttpl", "Md", w(Stores::fisttp), MEM);
        t.grp(0xdd, 1, "fisttpll", "Mq", w(Stores::fisttp), MEM);
        t.grp(0xdf, 6, "fbstp", "Mt", w(Stores::fbstp), MEM);
    }

    private static void registerOps(TableBuilder t) {
        t.grp(0xd9, 1, "fxch", "STi", w(RegisterOps::fxch), REG);
        t.grp(0xdd, 1, ALIAS, "STi", w(RegisterOps::fxch), REG);    // FXCH4
        t.grp(0xdf, 1, ALIAS, "STi", w(RegisterOps::fxch), REG);    // FXCH7
        String[] conditions = {"b", "e", "be", "u"};
        for (int ext = 0; ext < 4; ext++) {
            t.grp(0xda, ext, "fcmov" + conditions[ext], "ST0,STi", w(RegisterOps::fcmov), REG);
            t.grp(0xdb, ext, "fcmovn" + conditions[ext], "ST0,STi", w(RegisterOps::fcmov), REG);
        }
        t.grp(0xdd, 0, "ffree", "STi", w(RegisterOps::ffree), REG);
        t.grp(0xdf, 0, "ffreep", "STi", w(RegisterOps::ffreep), REG);
        t.exact(0xd9, 0xf6, "fdecstp", "", w(RegisterOps::fdecstp), Row.X87);
        t.exact(0xd9, 0xf7, "fincstp", "", w(RegisterOps::fincstp), Row.X87);
        t.exact(0xd9, 0xe0, "fchs", "", w(RegisterOps::fchs), Row.X87);
        t.exact(0xd9, 0xe1, "fabs", "", w(RegisterOps::fabs), Row.X87);
        t.exact(0xd9, 0xd0, "fnop", "", w(RegisterOps::fnop), Row.X87);
    }

    private static void control(TableBuilder t) {
        t.exact(0xdb, 0xe3, "fninit", "", Control::fninit, Row.X87);
        t.exact(0xdb, 0xe2, "fnclex", "", Control::fnclex, Row.X87);
        t.grp(0xd9, 5, "fldcw", "Mw", w(Control::fldcw), MEM);
        t.grp(0xd9, 7, "fnstcw", "Mw", Control::fnstcw, MEM);
        t.grp(0xdd, 7, "fnstsw", "Mw", Control::fnstsw, MEM);
        t.exact(0xdf, 0xe0, "fnstsw", "AX", Control::fnstsw, Row.X87);
        t.grp(0xd9, 4, "fldenv", "M", w(EnvironmentImage::fldenv), MEM);
        t.grp(0xd9, 6, "fnstenv", "M", EnvironmentImage::fnstenv, MEM);
        t.grp(0xdd, 4, "frstor", "M", w(EnvironmentImage::frstor), MEM);
        t.grp(0xdd, 6, "fnsave", "M", EnvironmentImage::fnsave, MEM);
        t.exact(0xdb, 0xe0, "fneni(8087 only)", "", Control::legacyNop, Row.X87);
        t.exact(0xdb, 0xe1, "fndisi(8087 only)", "", Control::legacyNop, Row.X87);
        t.exact(0xdb, 0xe4, "fnsetpm(287 only)", "", Control::legacyNop, Row.X87);
        // FWAIT is no x87 instruction for CR0.EM (it checks MP and TS itself).
        t.op(0x9b, "fwait", "", ErrorReporting::fwait, 0);
    }
}

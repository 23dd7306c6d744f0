package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.Debug;
import dev.multiverse.cpu.exec.FastSystemCall;
import dev.multiverse.cpu.exec.FlagOps;
import dev.multiverse.cpu.exec.Interrupts;
import dev.multiverse.cpu.exec.PagingExtensions;
import dev.multiverse.cpu.exec.SystemSegments;
import dev.multiverse.cpu.exec.SystemOps;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of the system families ({@link SystemOps}, {@link Interrupts}, {@link FastSystemCall}, {@link SystemSegments}, {@link Debug}, {@link PagingExtensions}) and {@link FlagOps}. */
public final class SystemRows {
    private SystemRows() {
    }

    public static void register(TableBuilder t) {
        int ends = Row.ENDS_BLOCK;
        t.op(0xf4, "hlt", "", SystemOps::hlt, ends);
        t.op(0xfa, "cli", "", SystemOps::cli);
        t.op(0xfb, "sti", "", SystemOps::sti, ends);
        t.op(0xe4, "in", "AL,Ib", SystemOps::in, ends);
        t.op(0xe5, "in", "eAX,Ib", SystemOps::in, ends);
        t.op(0xec, "in", "AL,DX", SystemOps::in, ends);
        t.op(0xed, "in", "eAX,DX", SystemOps::in, ends);
        t.op(0xe6, "out", "Ib,AL", SystemOps::out, ends);
        t.op(0xe7, "out", "Ib,eAX", SystemOps::out, ends);
        t.op(0xee, "out", "DX,AL", SystemOps::out, ends);
        t.op(0xef, "out", "DX,eAX", SystemOps::out, ends);
        t.op(0x0f20, "mov", "Ry,Cd", SystemOps::movFromCr, Row.DEF64 | Row.NO66);
        t.op(0x0f22, "mov", "Cd,Ry", SystemOps::movToCr, Row.DEF64 | Row.NO66 | ends);
        t.op(0x0f32, "rdmsr", "", SystemOps::rdmsr);
        t.op(0x0f30, "wrmsr", "", SystemOps::wrmsr, ends);
        t.op(0x0f31, "rdtsc", "", SystemOps::rdtsc);
        t.op(0x0fa2, "cpuid", "", SystemOps::cpuid);
        t.grp(0x0f01, 2, "lgdt", "M", SystemOps::lgdt, Row.MEMONLY);
        t.grp(0x0f01, 3, "lidt", "M", SystemOps::lidt, Row.MEMONLY);
        t.op(0x8e, "mov", "Sw,Ew", SystemOps::movToSreg, ends);
        t.op(0x8c, "mov", "Ev,Sw", SystemOps::movFromSreg);
        t.op(0xea, "ljmp", "Ap", SystemOps::jmpFarImmediate, ends | Row.NO64);
        t.grp(0xff, 5, "ljmp", "Mp", SystemOps::jmpFarIndirect, ends | Row.MEMONLY);
        t.op(0x9a, "lcall", "Ap", SystemOps::callFarImmediate, ends | Row.NO64);
        t.grp(0xff, 3, "lcall", "Mp", SystemOps::callFarIndirect, ends | Row.MEMONLY);
        t.op(0xcb, "lret", "", SystemOps::retFar, ends);
        t.op(0xca, "lret", "Iw", SystemOps::retFar, ends);

        t.op(0xcd, "int", "Ib", Interrupts::intN, ends);
        t.op(0xcc, "int3", "", Interrupts::int3, ends);
        t.op(0xce, "into", "", Interrupts::into, ends | Row.NO64);
        t.op(0xf1, "int1", "", Interrupts::int1, ends);
        t.op(0xcf, "iret", "", Interrupts::iret, ends);

        t.op(0x0f05, "syscall", "", FastSystemCall::syscall, ends);
        t.op(0x0f07, "sysret", "", FastSystemCall::sysret, ends);
        t.op(0x0f34, "sysenter", "", FastSystemCall::sysenter, ends);
        t.op(0x0f35, "sysexit", "", FastSystemCall::sysexit, ends);
        t.exact(0x0f01, 0xf8, "swapgs", "", FastSystemCall::swapgs, 0);

        t.grp(0x0f01, 0, "sgdt", "M", SystemSegments::sgdt, Row.MEMONLY);
        t.grp(0x0f01, 1, "sidt", "M", SystemSegments::sidt, Row.MEMONLY);
        t.grp(0x0f00, 0, "sldt", "Ev", SystemSegments::sldt, 0);
        t.grp(0x0f00, 1, "str", "Ev", SystemSegments::str, 0);
        t.grp(0x0f00, 2, "lldt", "Ew", SystemSegments::lldt, 0);
        t.grp(0x0f00, 3, "ltr", "Ew", SystemSegments::ltr, 0);
        t.grp(0x0f00, 4, "verr", "Ew", SystemSegments::verr, 0);
        t.grp(0x0f00, 5, "verw", "Ew", SystemSegments::verw, 0);
        t.op(0x0f02, "lar", "Gv,Ew", SystemSegments::lar, 0);
        t.op(0x0f03, "lsl", "Gv,Ew", SystemSegments::lsl, 0);
        t.op(0x63, "arpl", "Ew,Gw", SystemSegments::arpl, Row.NO64);

        t.grp(0x0f01, 4, "smsw", "Ev", SystemOps::smsw, 0);
        t.grp(0x0f01, 6, "lmsw", "Ew", SystemOps::lmsw, ends);
        t.op(0x0f06, "clts", "", SystemOps::clts, 0);
        t.op(0x0f08, "invd", "", SystemOps::invalidateCaches, 0);
        t.op(0x0f09, "wbinvd", "", SystemOps::invalidateCaches, 0);
        t.grp(0x0fae, 7, "clflush", "Mb", SystemOps::clflush, Row.MEMONLY);
        t.grp(0x0fae, 5, "lfence", "", SystemOps::fence, Row.REGONLY);
        t.grp(0x0fae, 6, "mfence", "", SystemOps::fence, Row.REGONLY);
        t.grp(0x0fae, 7, "sfence", "", SystemOps::fence, Row.REGONLY);
        t.grp(0x0f01, 7, "invlpg", "M", SystemOps::invlpg, Row.MEMONLY | ends);
        t.exact(0x0f01, 0xf9, "rdtscp", "", SystemOps::rdtscp, 0);
        t.add(0xf3, 0x0fc7, 7, -1, "rdpid", "Ry", SystemOps::rdpid, Row.REGONLY | Row.DEF64);
        t.exact(0x0f01, 0xc1, "vmcall", "", SystemOps::hypercall, ends);
        t.exact(0x0f01, 0xd9, "vmmcall", "", SystemOps::hypercall, ends);
        t.exact(0x0f01, 0xcb, "stac", "", PagingExtensions::stac, 0);
        t.exact(0x0f01, 0xca, "clac", "", PagingExtensions::clac, 0);
        t.prefixed(0x66, 0x0f3882, "invpcid", "Gy,M", PagingExtensions::invpcid, Row.DEF64 | Row.MEMONLY | ends);
        t.op(0x0f21, "mov", "Ry,Dd", Debug::movFromDr, Row.DEF64 | Row.NO66);
        t.op(0x0f23, "mov", "Dd,Ry", Debug::movToDr, Row.DEF64 | Row.NO66 | ends);

        t.op(0xf8, "clc", "", FlagOps::clc);
        t.op(0xf9, "stc", "", FlagOps::stc);
        t.op(0xf5, "cmc", "", FlagOps::cmc);
        t.op(0xfc, "cld", "", FlagOps::cld);
        t.op(0xfd, "std", "", FlagOps::std);
        t.op(0x9f, "lahf", "", FlagOps::lahf);
        t.op(0x9e, "sahf", "", FlagOps::sahf);
    }
}

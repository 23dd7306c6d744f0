package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.ControlFlow;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link ControlFlow}. Near branches use 64-bit operands in 64-bit mode, as on Intel CPUs. */
public final class ControlRows {
    private ControlRows() {
    }

    public static void register(TableBuilder t) {
        int branch = Row.ENDS_BLOCK | Row.FORCE64;
        t.op(0xeb, "jmp", "Jb", ControlFlow::jmpRel, branch);
        t.op(0xe9, "jmp", "Jz", ControlFlow::jmpRel, branch);
        t.opCc(0x70, "j", "Jb", ControlFlow::jcc, branch);
        t.opCc(0x0f80, "j", "Jz", ControlFlow::jcc, branch);
        t.op(0xe8, "call", "Jz", ControlFlow::callRel, branch);
        t.grp(0xff, 2, "call", "Ev", ControlFlow::callIndirect, branch);
        t.grp(0xff, 4, "jmp", "Ev", ControlFlow::jmpIndirect, branch);
        t.op(0xc3, "ret", "", ControlFlow::ret, branch);
        t.op(0xc2, "ret", "Iw", ControlFlow::retImm, branch);
        t.op(0xe0, "loopne", "Jb", ControlFlow::loopne, branch);
        t.op(0xe1, "loope", "Jb", ControlFlow::loope, branch);
        t.op(0xe2, "loop", "Jb", ControlFlow::loop, branch);
        t.op(0xe3, "jrcxz", "Jb", ControlFlow::jrcxz, branch);
    }
}

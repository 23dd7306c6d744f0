package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.x87.ErrorReporting;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.insn.Semantic;

/**
 * The checks the CPU makes before an x87, MMX or SSE instruction, from CR0 and CR4 (SDM vol. 3, 13.1 and
 * table 2-2): CR0.EM emulates the FPU (#NM for x87, #UD for MMX and SSE), CR0.TS lets an operating system
 * switch FPU state lazily (#NM), and SSE needs the OS to declare FXSAVE support in CR4.OSFXSR. MMX also
 * reports a pending unmasked x87 exception (#MF) first, as a waiting x87 instruction would.
 */
public final class SimdAvailability {
    private SimdAvailability() {
    }

    /** The row's semantic, preceded by the availability check its flags ask for. */
    public static Semantic guard(Semantic s, int rowFlags) {
        if ((rowFlags & Row.SSE) != 0) return (c, i) -> {
            checkSse(c);
            s.execute(c, i);
        };
        if ((rowFlags & Row.MMX) != 0) return (c, i) -> {
            if (checkMmx(c)) s.execute(c, i);
        };
        if ((rowFlags & Row.X87) != 0) return (c, i) -> {
            checkX87(c);
            s.execute(c, i);
        };
        return s;
    }

    public static void checkSse(Cpu c) {
        if ((c.cr0 & Cpu.CR0_EM) != 0 || (c.cr4 & Cpu.CR4_OSFXSR) == 0) throw CpuException.ud();
        if ((c.cr0 & Cpu.CR0_TS) != 0) throw CpuException.of(CpuException.NM);
    }

    /**
     * The MMX checks; a pending x87 exception is reported as before a waiting x87 instruction (#MF, or with
     * CR0.NE clear FERR# and a freeze until an interrupt). Returns false when the core froze: the
     * instruction must then do nothing, as it runs again after the interrupt.
     */
    public static boolean checkMmx(Cpu c) {
        if ((c.cr0 & Cpu.CR0_EM) != 0) throw CpuException.ud();
        if ((c.cr0 & Cpu.CR0_TS) != 0) throw CpuException.of(CpuException.NM);
        return ErrorReporting.proceed(c);
    }

    public static void checkX87(Cpu c) {
        if ((c.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) throw CpuException.of(CpuException.NM);
    }
}

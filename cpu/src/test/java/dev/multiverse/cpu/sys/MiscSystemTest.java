package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Msrs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LMSW/SMSW/CLTS, cache and fence instructions, RDTSCP/RDPID, INVLPG, VMCALL/VMMCALL, I/O permission, reset. */
class MiscSystemTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private void halts(int... code) {
        int[] all = java.util.Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, f.run(all));
        assertEquals(-1, f.handlerVector(), "no exception");
    }

    @Test
    void lmswSetsTsButCannotClearPeAndCltsClearsTs() {
        cpu.gpr[Cpu.RAX] = Cpu.CR0_TS;
        halts(0x0f, 0x01, 0xf0, 0x0f, 0x01, 0xe3);   // lmsw %ax; smsw %ebx
        assertEquals(Cpu.CR0_TS | Cpu.CR0_PE, cpu.cr0 & 0xf);
        assertEquals(cpu.cr0 & 0xffff_ffffL, cpu.gpr[Cpu.RBX]);
        halts(0x0f, 0x06);
        assertEquals(0, cpu.cr0 & Cpu.CR0_TS);
    }

    @Test
    void smswToMemoryStoresSixteenBits() {
        cpu.gpr[Cpu.RAX] = SysFixture.DATA;
        f.poke(SysFixture.DATA, 4, 0xffff_ffffL);
        halts(0x0f, 0x01, 0x20);
        assertEquals(0xffff_0000L | (cpu.cr0 & 0xffff), f.peek(SysFixture.DATA, 4));
    }

    @Test
    void cr4BitsOfFeaturesNotImplementedAreReserved() {
        cpu.cr4 = Cpu.CR4_PAE;   // long mode requires PAE: only the bit under test may make the write fault
        long before = cpu.cr4;
        // mov %rax,%cr4 with VME, DE, MCE or PCE set: #GP(0), CR4 unchanged
        for (long bit : new long[]{1, 1 << 3, 1 << 6, 1 << 8}) {
            cpu.gpr[Cpu.RAX] = before | bit;
            f.runToHandler(13, 0x0f, 0x22, 0xe0);
            assertEquals(before, cpu.cr4);
        }
        cpu.gpr[Cpu.RAX] = before | Cpu.CR4_PGE | Cpu.CR4_OSFXSR;   // implemented bits are accepted
        halts(0x0f, 0x22, 0xe0);
        assertEquals(before | Cpu.CR4_PGE | Cpu.CR4_OSFXSR, cpu.cr4);
    }

    @Test
    void privilegedCacheInstructionsFaultInRing3() {
        f.enterUser();
        f.runToHandler(13, 0x0f, 0x09);
    }

    @Test
    void fencesAndClflushRun() {
        cpu.gpr[Cpu.RAX] = SysFixture.DATA;
        halts(0x0f, 0xae, 0xe8, 0x0f, 0xae, 0xf0, 0x0f, 0xae, 0xf8, 0x0f, 0xae, 0x38, 0x0f, 0x09, 0x0f, 0x08);
    }

    @Test
    void clflushOfANonCanonicalAddressFaults() {
        cpu.gpr[Cpu.RAX] = 0x0000_8000_0000_0000L;
        f.runToHandler(13, 0x0f, 0xae, 0x38);
    }

    @Test
    void rdtscpAndRdpidReadTscAux() {
        cpu.msrs.write(Msrs.TSC_AUX, 0x42);
        cpu.msrs.write(Msrs.TSC, 500);
        halts(0x0f, 0x01, 0xf9, 0xf3, 0x0f, 0xc7, 0xfb);   // rdtscp; rdpid %rbx
        assertEquals(0x42, cpu.gpr[Cpu.RCX]);
        assertEquals(0x42, cpu.gpr[Cpu.RBX]);
        assertEquals(500, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void invlpgMakesANewMappingVisible() {
        long pml4 = 0x70000, pdpt = 0x71000, pd = 0x72000, pt = 0x73000;
        f.poke(pml4, 8, pdpt | 3);
        f.poke(pdpt, 8, pd | 3);
        f.poke(pd, 8, pt | 3);
        for (long page = 0; page < 256; page++) f.poke(pt + page * 8, 8, page << 12 | 3);
        cpu.cr3 = pml4;
        cpu.cr4 |= Cpu.CR4_PAE;
        cpu.cr0 |= Cpu.CR0_PG;
        cpu.updatePaging();
        f.poke(SysFixture.DATA, 4, 0x1111);
        f.poke(0x5000, 4, 0x2222);
        cpu.gpr[Cpu.RBX] = SysFixture.DATA;
        cpu.gpr[Cpu.RDI] = pt + (SysFixture.DATA >>> 12) * 8;
        cpu.gpr[Cpu.RDX] = 0x5000 | 3;
        // mov (%rbx),%eax; mov %rdx,(%rdi); invlpg (%rbx); mov (%rbx),%ecx
        halts(0x8b, 0x03, 0x48, 0x89, 0x17, 0x0f, 0x01, 0x3b, 0x8b, 0x0b);
        assertEquals(0x1111, cpu.gpr[Cpu.RAX]);
        assertEquals(0x2222, cpu.gpr[Cpu.RCX]);
    }

    @Test
    void vmcallReachesTheHypercallHandlerFromRing3() {
        cpu.hypercalls = c -> {
            c.gpr[Cpu.RAX] = c.gpr[Cpu.RCX] + 1;
            return true;
        };
        f.enterUser();
        cpu.gpr[Cpu.RCX] = 41;
        f.runToHandler(13, 0x0f, 0x01, 0xc1, 0xf4);   // vmcall; then HLT faults in ring 3
        assertEquals(42, cpu.gpr[Cpu.RAX]);
        assertEquals(SysFixture.CODE + 3, f.frame(1));
    }

    @Test
    void vmmcallWorksToo() {
        cpu.hypercalls = c -> {
            c.gpr[Cpu.RAX] = 7;
            return true;
        };
        halts(0x0f, 0x01, 0xd9);
        assertEquals(7, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void hypercallsWithoutAHandlerOrDeclinedAreUndefined() {
        f.runToHandler(6, 0x0f, 0x01, 0xc1);
        cpu.hypercalls = c -> false;
        f.runToHandler(6, 0x0f, 0x01, 0xd9);
    }

    /** A TSS whose I/O bitmap (at TSS+0x68) denies port 0x81 and allows the rest of 0x00-0xff. */
    private void ioBitmap() {
        f.poke(SysFixture.TSS + 0x66, 2, 0x68);
        for (int b = 0; b < 33; b++) f.poke(SysFixture.TSS + 0x68 + b, 1, b == 32 ? 0xff : 0);
        f.poke(SysFixture.TSS + 0x68 + (0x81 >>> 3), 1, 1 << (0x81 & 7));
        cpu.tr.limit = 0x68 + 32;
        f.enterUser();
    }

    @Test
    void ring3PortAccessFollowsTheIoBitmap() {
        ioBitmap();
        cpu.ports.register(0x80, 1, new dev.multiverse.mmu.PortHandler() {
            public int in(int port, int size) {
                return 0x5a;
            }

            public void out(int port, int size, int value) {
            }
        });
        f.runToHandler(13, 0xe4, 0x80, 0xf4);   // in $0x80,%al succeeds; HLT then faults
        assertEquals(0x5a, cpu.gpr[Cpu.RAX] & 0xff);
        assertEquals(SysFixture.CODE + 2, f.frame(1));
    }

    @Test
    void ring3PortAccessToADeniedPortFaults() {
        ioBitmap();
        f.runToHandler(13, 0xe4, 0x81);
        assertEquals(SysFixture.CODE, f.frame(1));
    }

    @Test
    void aWordAccessNeedsEveryPortItTouches() {
        ioBitmap();
        cpu.gpr[Cpu.RDX] = 0x80;
        f.runToHandler(13, 0x66, 0xed);   // in (%dx),%ax reads 0x80 and 0x81
        assertEquals(SysFixture.CODE, f.frame(1));
    }

    @Test
    void outsideTheTssLimitEveryPortIsDenied() {
        ioBitmap();
        cpu.tr.limit = 0x67;
        f.runToHandler(13, 0xe4, 0x10);
    }

    @Test
    void resetPutsTheArchitecturalPowerUpState() {
        cpu.gpr[Cpu.RAX] = 5;
        cpu.dr[7] = 0x7ff;
        cpu.msrs.write(Msrs.STAR, 1);
        cpu.reset();
        assertEquals(0, cpu.gpr[Cpu.RAX]);
        assertEquals(Cpu.RESET_EDX, cpu.gpr[Cpu.RDX]);
        assertEquals(0xfff0, cpu.rip);
        assertEquals(0xf000, cpu.seg[Insn.CS].selector);
        assertEquals(0xffff_0000L, cpu.seg[Insn.CS].base);
        assertEquals(0x6000_0010L, cpu.cr0);
        assertEquals(0, cpu.efer);
        assertEquals(2, cpu.flags.get());
        assertEquals(0xffff, cpu.idtLimit);
        assertEquals(0x400, cpu.dr[7]);
        assertEquals(0xffff_0ff0L, cpu.dr[6]);
        assertEquals(0, cpu.msrs.read(Msrs.STAR));
        assertEquals(Decoder.CODE16, cpu.codeSize);
        assertEquals(0, cpu.cpl);
    }
}

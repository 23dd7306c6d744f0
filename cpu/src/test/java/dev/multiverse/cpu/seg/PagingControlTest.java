package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.PageFault;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CPU side of PAE PDPTE loading (#GP on MOV to CR3/CR0) and of SMAP's RFLAGS.AC override. */
class PagingControlTest {
    private static final long PDPT = 0x20000, PD = 0x21000, PT = 0x22000, BAD_PDPT = 0x23000;

    @Test
    void movToCr3WithAReservedPdpteBitRaisesGpAndKeepsCr3() {
        TestCpu t = new TestCpu(2);
        Cpu c = t.cpu;
        t.memory.write(PDPT, 8, PD | 1);
        t.memory.write(PD, 8, 0x83);                        // 2 MiB identity page, writable
        t.memory.write(BAD_PDPT, 8, PD | 1 | 1L << 5);      // bit 5 is reserved in a PDPTE
        c.cr3 = PDPT;
        c.setPagingControl(c.cr0, c.cr4 | Cpu.CR4_PAE, c.efer);
        c.setPagingControl(c.cr0 | Cpu.CR0_PG, c.cr4, c.efer);
        c.idtLimit = 0;
        c.gpr[Cpu.RAX] = BAD_PDPT;
        // mov cr3, eax
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x5000, TestCpu.bytes(0x0f, 0x22, 0xd8), 1));
        assertEquals(PDPT, c.cr3);
        assertEquals(0x5000, c.rip, "the faulting MOV is where the #GP points");
        // Enabling paging with the bad table fails the same way and leaves CR0.PG clear.
        c.setPagingControl(c.cr0 & ~Cpu.CR0_PG, c.cr4, c.efer);
        c.cr3 = BAD_PDPT;
        CpuException e = assertThrows(CpuException.class, () -> c.setPagingControl(c.cr0 | Cpu.CR0_PG, c.cr4, c.efer));
        assertEquals("#GP(0x0)", e.getMessage());
        assertEquals(0, c.cr0 & Cpu.CR0_PG);
    }

    @Test
    void smapLetsRing0ReachUserPagesOnlyWithAc() {
        TestCpu t = new TestCpu(3);
        Cpu c = t.cpu;
        long pml4 = 0x30000, pdpt = 0x31000, pd = 0x32000;
        t.memory.write(pml4, 8, pdpt | 7);
        t.memory.write(pdpt, 8, pd | 7);
        t.memory.write(pd, 8, 0x87);                        // 2 MiB identity user page
        t.memory.write(0x8000, 4, 0x600d);
        c.cr3 = pml4;
        c.setPagingControl(c.cr0 | Cpu.CR0_PG, c.cr4 | Cpu.CR4_PAE | Cpu.CR4_SMAP, c.efer);
        PageFault pf = assertThrows(PageFault.class, () -> c.readMem(Insn.DS, 0x8000, 4));
        assertEquals(PageFault.PRESENT, pf.errorCode());
        c.flags.setBit(Flags.AC, true);
        assertEquals(0x600d, c.readMem(Insn.DS, 0x8000, 4));
        c.writeMem(Insn.DS, 0x8004, 4, 1);
        c.flags.setBit(Flags.AC, false);
        assertThrows(PageFault.class, () -> c.writeMem(Insn.DS, 0x8004, 4, 2));
        c.cpl = 3;
        assertEquals(1, c.readMem(Insn.DS, 0x8004, 4));
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.TestCpu.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A fetch fault on a later instruction of a block must come only after the earlier ones have run. */
class BlockFetchFaultTest {
    @Test
    void instructionsBeforeAnUnmappedPageRunBeforeTheFault() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, 0x3000);
        t.cpu.idtLimit = 0;   // no IDT: the #PF escalates to a triple fault, leaving RIP at the faulting fetch
        // inc eax (ff c0) at 0x2ffc, then mov ecx, imm32 (b9 ..) whose immediate lies on the unmapped page.
        t.memory.load(0x2ffc, bytes(0xff, 0xc0, 0xb9, 0x11));
        t.cpu.rip = 0x2ffc;
        StopReason r = t.interpreter.run(100);
        assertEquals(StopReason.TRIPLE_FAULT, r);
        assertEquals(1, t.cpu.gpr[Cpu.RAX]);
        assertEquals(1, t.cpu.instructions);
        assertEquals(0x2ffe, t.cpu.rip);
        assertEquals(0x3000, t.cpu.cr2);
    }
}

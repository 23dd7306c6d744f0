package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.PagingMode;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.seg.Gdt.CODE;
import static dev.multiverse.cpu.seg.Gdt.DATA;
import static dev.multiverse.cpu.seg.Gdt.DB;
import static dev.multiverse.cpu.seg.Gdt.G;
import static dev.multiverse.cpu.seg.Gdt.L;
import static dev.multiverse.cpu.seg.Gdt.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guest's own instructions take the core real → protected (32-bit) → long (64-bit) → compatibility
 * → protected with paging off → 16-bit protected → real mode, as a boot loader or a kernel's reboot path
 * does (SDM vol. 3, 9.9 and 10.8).
 */
class ModeTransitionTest {
    private static final long PML4 = 0x20000, PDPT = 0x21000, PD = 0x22000;

    private final TestCpu t = new TestCpu(1);

    ModeTransitionTest() {
        Gdt.install(t, 0x1000,
                0,
                segment(0, 0xfffff, CODE, G | DB),      // 0x08 32-bit code
                segment(0, 0xfffff, DATA, G | DB),      // 0x10 data
                segment(0, 0xfffff, CODE, G | L),       // 0x18 64-bit code
                segment(0, 0xffff, CODE, 0),            // 0x20 16-bit code
                segment(0, 0xffff, DATA, 0));           // 0x28 16-bit data
        t.memory.write(PML4, 8, PDPT | 3);
        t.memory.write(PDPT, 8, PD | 3);
        t.memory.write(PD, 8, 0x83);                    // 2 MiB identity page
        t.cpu.idtLimit = 0;                             // any exception ends the run as a triple fault
        t.cpu.gpr[Cpu.RSP] = 0x9000;
    }

    private void runAt(long address, int... code) {
        t.memory.load(address, TestCpu.bytes(code));
    }

    private void go(long rip) {
        t.cpu.rip = rip;
        t.cpu.halted = false;
        StopReason r = t.interpreter.run(100);
        assertEquals(StopReason.HALTED, r, () -> String.format("stopped at %x, cr0 %x cr4 %x efer %x", t.cpu.rip, t.cpu.cr0, t.cpu.cr4, t.cpu.efer));
    }

    @Test
    void roundTripThroughEveryMode() {
        // real mode: set CR0.PE, far jump to 32-bit code
        runAt(0x7000, 0x0f, 0x20, 0xc0, 0x0c, 0x01, 0x0f, 0x22, 0xc0, 0x66, 0xea, 0x00, 0x71, 0x00, 0x00, 0x08, 0x00);
        // 32-bit protected: load DS/SS, enable PAE, CR3, EFER.LME, paging, far jump to 64-bit code
        runAt(0x7100, 0x66, 0xb8, 0x10, 0x00, 0x8e, 0xd8, 0x8e, 0xd0, 0xf4,
                0x0f, 0x20, 0xe0, 0x83, 0xc8, 0x20, 0x0f, 0x22, 0xe0,
                0xb8, 0x00, 0x00, 0x02, 0x00, 0x0f, 0x22, 0xd8,
                0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0x0d, 0x00, 0x01, 0x00, 0x00, 0x0f, 0x30,
                0x0f, 0x20, 0xc0, 0x0d, 0x00, 0x00, 0x00, 0x80, 0x0f, 0x22, 0xc0, 0xf4,
                0xea, 0x00, 0x72, 0x00, 0x00, 0x18, 0x00);
        // 64-bit: hlt, then RETFQ to 32-bit compatibility-mode code
        runAt(0x7200, 0xf4, 0x6a, 0x08, 0x68, 0x00, 0x73, 0x00, 0x00, 0x48, 0xcb);
        // compatibility: paging off (leaves long mode), EFER.LME off, far jump to 16-bit protected code
        runAt(0x7300, 0xf4, 0x0f, 0x20, 0xc0, 0x25, 0xff, 0xff, 0xff, 0x7f, 0x0f, 0x22, 0xc0,
                0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0x25, 0xff, 0xfe, 0xff, 0xff, 0x0f, 0x30, 0xf4,
                0xea, 0x00, 0x74, 0x00, 0x00, 0x20, 0x00);
        // 16-bit protected: 64 KiB data segments, clear CR0.PE, far jump to real mode
        runAt(0x7400, 0xb8, 0x28, 0x00, 0x8e, 0xd8, 0x8e, 0xd0, 0x0f, 0x20, 0xc0, 0x24, 0xfe, 0x0f, 0x22, 0xc0,
                0xea, 0x00, 0x75, 0x00, 0x00);
        // real mode again: a segment load is base = selector * 16
        runAt(0x7500, 0xb8, 0x00, 0x08, 0x8e, 0xd8, 0xf4);

        Cpu c = t.cpu;
        go(0x7000);
        assertEquals(Decoder.CODE32, c.codeSize);
        assertEquals(0x10, c.seg[Insn.SS].selector);
        go(c.rip);
        assertTrue((c.efer & Cpu.EFER_LMA) != 0, "paging with LME activates long mode");
        assertEquals(Decoder.CODE32, c.codeSize, "still in 32-bit code: compatibility mode");
        assertEquals(PagingMode.LONG4, c.mmu.mode());
        go(c.rip);
        assertEquals(Decoder.CODE64, c.codeSize);
        assertEquals(0x7201, c.rip);
        go(c.rip);
        assertEquals(Decoder.CODE32, c.codeSize);
        assertEquals(0x08, c.seg[Insn.CS].selector);
        assertTrue((c.efer & Cpu.EFER_LMA) != 0);
        go(c.rip);
        assertFalse((c.efer & (Cpu.EFER_LMA | Cpu.EFER_LME)) != 0);
        assertEquals(PagingMode.NONE, c.mmu.mode());
        assertEquals(Decoder.CODE32, c.codeSize);
        go(c.rip);
        assertEquals(Decoder.CODE16, c.codeSize);
        assertEquals(0, c.cr0 & Cpu.CR0_PE);
        assertEquals(0, c.seg[Insn.CS].selector);
        assertEquals(0x8000, c.seg[Insn.DS].base);
        assertEquals(0x7506, c.rip);
    }

    @Test
    void realModeAddressesAreSegmentTimesSixteenPlusOffset() {
        t.memory.write(0x12345 + 0x10, 2, 0xbeef);
        // mov ax, 0x1234; mov ds, ax; mov ax, [0x0015]; hlt
        runAt(0x7000, 0xb8, 0x34, 0x12, 0x8e, 0xd8, 0xa1, 0x15, 0x00, 0xf4);
        go(0x7000);
        assertEquals(0xbeef, t.cpu.gpr[Cpu.RAX] & 0xffff);
    }

    @Test
    void realModeWordAccessPastTheSegmentLimitFaults() {
        // mov ax, [0xffff] straddles the 64 KiB limit: #GP, here with no IVT entry of use -> not a plain read
        t.cpu.idtLimit = 0x3ff;
        t.memory.write(13 * 4, 4, 0x0000_7100);          // IVT[13] -> 0000:7100
        runAt(0x7100, 0xf4);
        runAt(0x7000, 0xa1, 0xff, 0xff, 0xf4);
        go(0x7000);
        assertEquals(0x7101, t.cpu.rip, "the #GP handler ran");
    }
}

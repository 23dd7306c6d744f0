package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PEXTR*, PINSR*, EXTRACTPS, INSERTPS and the sign-mask moves: which element, and which bytes are written. */
class ElementMoveTest {
    /** Bytes 11 22 33 44 55 66 77 88 88 99 aa bb cc dd ee ff. */
    private static final long LOW = 0x8877_6655_4433_2211L, HIGH = 0xffee_ddcc_bbaa_9988L;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    ElementMoveTest() {
        f.xmm(1, LOW, HIGH);
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.poke(SimdFixture.DATA, 8, -1L);
    }

    @Test
    void pextrbZeroExtendsIntoTheWholeRegisterAndUsesFourIndexBits() {
        cpu.gpr[Cpu.RCX] = -1;
        f.run("66 0f 3a 14 c9 09");                 // pextrb $9,%xmm1,%ecx
        assertEquals(0x99, cpu.gpr[Cpu.RCX]);
        f.run("66 0f 3a 14 c9 1f");                 // index 0x1f: byte 15
        assertEquals(0xff, cpu.gpr[Cpu.RCX]);
    }

    @Test
    void extractionsToMemoryWriteOnlyTheElement() {
        f.run("66 0f 3a 14 08 03");                 // pextrb $3,%xmm1,(%rax)
        assertEquals(0xffff_ffff_ffff_ff44L, f.peek(SimdFixture.DATA, 8));
        f.run("66 0f 3a 15 48 02 06");              // pextrw $6,%xmm1,0x2(%rax)
        assertEquals(0xffff_ffff_ddcc_ff44L, f.peek(SimdFixture.DATA, 8));
        f.run("66 0f 3a 17 48 04 01");              // extractps $1,%xmm1,0x4(%rax)
        assertEquals(0x8877_6655_ddcc_ff44L, f.peek(SimdFixture.DATA, 8));
    }

    @Test
    void pextrwFromXmmAndMmx() {
        cpu.gpr[Cpu.RDX] = -1;
        f.run("66 0f c5 d1 05");                    // pextrw $5,%xmm1,%edx
        assertEquals(0xbbaa, cpu.gpr[Cpu.RDX]);
        f.run("66 0f 3a 15 ca 0f");                 // pextrw $15,%xmm1,%edx (index 7)
        assertEquals(0xffee, cpu.gpr[Cpu.RDX]);
        f.mm(3, LOW);
        f.run("0f c5 d3 06");                       // pextrw $6,%mm3,%edx (index 2)
        assertEquals(0x6655, cpu.gpr[Cpu.RDX]);
    }

    @Test
    void pextrdAndPextrqAndExtractpsWithRexW() {
        f.run("66 0f 3a 16 ca 03");                 // pextrd $3,%xmm1,%edx
        assertEquals(0xffee_ddccL, cpu.gpr[Cpu.RDX]);
        f.run("66 48 0f 3a 16 ca 01");              // pextrq $1,%xmm1,%rdx
        assertEquals(HIGH, cpu.gpr[Cpu.RDX]);
        f.run("66 48 0f 3a 17 ca 02");              // extractps $2,%xmm1,%rdx: the dword zero-extended
        assertEquals(0xbbaa_9988L, cpu.gpr[Cpu.RDX]);
    }

    @Test
    void insertionsReplaceOneElement() {
        cpu.gpr[Cpu.RDX] = 0x1234_5678_9abc_def0L;
        f.run("66 0f 3a 20 ca 0f");                 // pinsrb $15,%edx,%xmm1
        assertEquals(LOW, f.low(1));
        assertEquals(0xf0ee_ddcc_bbaa_9988L, f.high(1));
        f.run("66 0f c4 ca 01");                    // pinsrw $1,%edx,%xmm1
        assertEquals(0x8877_6655_def0_2211L, f.low(1));
        f.run("66 0f 3a 22 ca 02");                 // pinsrd $2,%edx,%xmm1
        assertEquals(0xf0ee_ddcc_9abc_def0L, f.high(1));
        f.run("66 48 0f 3a 22 ca 00");              // pinsrq $0,%rdx,%xmm1
        assertEquals(0x1234_5678_9abc_def0L, f.low(1));
        f.mm(2, 0);
        f.run("0f c4 d2 07");                       // pinsrw $7,%edx,%mm2 (index 3)
        assertEquals(0xdef0_0000_0000_0000L, f.mm(2));
    }

    @Test
    void insertionsFromMemoryReadTheElementSize() {
        f.poke(SimdFixture.DATA, 8, 0x0807_0605_0403_0201L);
        f.run("66 0f 3a 20 08 00");                 // pinsrb $0,(%rax),%xmm1
        assertEquals(0x8877_6655_4433_2201L, f.low(1));
        f.run("66 0f c4 48 01 09");                 // pinsrw $9,0x1(%rax),%xmm1 (index 1)
        assertEquals(0x8877_6655_0302_2201L, f.low(1));
    }

    @Test
    void insertpsTakesTheSelectedSourceDwordOrMemoryAndZeroes() {
        f.xmm(2, 0x2222_2222_1111_1111L, 0x4444_4444_3333_3333L);
        f.run("66 0f 3a 21 d1 d4");                 // insertps $0xd4: xmm1 dword 3 into dword 1, zero dword 2
        assertEquals(0xffee_ddcc_1111_1111L, f.low(2));
        assertEquals(0x4444_4444_0000_0000L, f.high(2));
        f.poke(SimdFixture.DATA, 8, 0x7777_7777_6666_6666L);
        f.run("66 0f 3a 21 10 e9");                 // insertps $0xe9,(%rax): the memory dword into dword 2, zero 0 and 3
        assertEquals(0xffee_ddcc_0000_0000L, f.low(2));
        assertEquals(0x6666_6666L, f.high(2));
    }

    @Test
    void signMasks() {
        cpu.gpr[Cpu.RAX] = -1;
        f.run("66 0f d7 c1");                       // pmovmskb %xmm1,%eax
        assertEquals(0xff80, cpu.gpr[Cpu.RAX]);
        f.run("0f 50 c1");                          // movmskps %xmm1,%eax
        assertEquals(0b1110, cpu.gpr[Cpu.RAX]);
        f.run("66 48 0f 50 c1");                    // movmskpd %xmm1,%rax
        assertEquals(0b11, cpu.gpr[Cpu.RAX]);
        f.mm(4, 0x0080_7f00_ff01_8000L);
        f.run("0f d7 c4");                          // pmovmskb %mm4,%eax
        assertEquals(0b0100_1010, cpu.gpr[Cpu.RAX]);
    }
}

package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.CpuidModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STAC/CLAC, INVPCID and the PCID rule for leaving IA-32e mode, and the CPUID bits that advertise them with SMEP. */
class PagingExtensionsTest {
    private static final long PML4 = 0x70000, PDPT = 0x71000, PD = 0x72000, PT = 0x73000;
    /** An INVPCID descriptor: PCID (bits 63:12 reserved) then a linear address. */
    private static final long DESC = SysFixture.DATA + 0x800;
    private static final int[] STAC = {0x0f, 0x01, 0xcb}, CLAC = {0x0f, 0x01, 0xca};
    /** invpcid (%rdi),%rax */
    private static final int[] INVPCID = {0x66, 0x0f, 0x38, 0x82, 0x07};

    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private static int[] then(int[] first, int... rest) {
        int[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private void halts(int... code) {
        assertEquals(StopReason.HALTED, f.run(then(code, 0xf4)));
        assertEquals(-1, f.handlerVector(), "no exception");
    }

    /** 4-level paging identity-mapping the first 1 MiB, supervisor-only but for the DATA page (user). */
    private void identityPaging() {
        f.poke(PML4, 8, PDPT | 7);
        f.poke(PDPT, 8, PD | 7);
        f.poke(PD, 8, PT | 7);
        for (long page = 0; page < 256; page++) f.poke(PT + page * 8, 8, page << 12 | 3);
        f.poke(PT + (SysFixture.DATA >>> 12) * 8, 8, SysFixture.DATA | 7);
        cpu.cr3 = PML4;
        cpu.cr4 |= Cpu.CR4_PAE;
        cpu.cr0 |= Cpu.CR0_PG;
        cpu.updatePaging();
    }

    private void descriptor(long pcid, long linear) {
        f.poke(DESC, 8, pcid);
        f.poke(DESC + 8, 8, linear);
        cpu.gpr[Cpu.RDI] = DESC;
    }

    @Test
    void cpuidAdvertisesSmepSmapPcidAndInvpcid() {
        int leaf7Ebx = CpuidModel.query(7, 0, 0)[1];
        assertEquals(1 << 7 | 1 << 10 | 1 << 20, leaf7Ebx & (1 << 7 | 1 << 10 | 1 << 20), "SMEP, INVPCID, SMAP");
        assertTrue((CpuidModel.query(1, 0, 0)[2] >>> 17 & 1) != 0, "PCID");
        assertEquals(0, CpuidModel.query(7, 1, 0)[1], "sub-leaf 1 is empty");
    }

    @Test
    void stacSetsAndClacClearsAc() {
        halts(STAC);
        assertTrue(cpu.flags.bit(Flags.AC));
        halts(CLAC);
        assertFalse(cpu.flags.bit(Flags.AC));
    }

    @Test
    void stacAndClacAreUndefinedOutsideRing0() {
        f.enterUser();
        f.runToHandler(6, STAC);
        f.enterUser();
        f.runToHandler(6, CLAC);
    }

    @Test
    void stacOpensUserPagesToSupervisorReadsUnderSmap() {
        identityPaging();
        cpu.cr4 |= Cpu.CR4_SMAP;
        cpu.updatePaging();
        f.poke(SysFixture.DATA, 4, 0x1234);
        cpu.gpr[Cpu.RBX] = SysFixture.DATA;
        f.runToHandler(14, 0x8b, 0x03);                          // mov (%rbx),%eax
        assertEquals(SysFixture.DATA, cpu.cr2);
        assertEquals(1, f.frame(0), "error code: present, read, supervisor");
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        halts(then(STAC, 0x8b, 0x03, 0x0f, 0x01, 0xca));        // stac; mov (%rbx),%eax; clac
        assertEquals(0x1234, cpu.gpr[Cpu.RAX]);
        assertFalse(cpu.flags.bit(Flags.AC));
    }

    /** Every type drops a stale translation of a non-global page (types 0 and 1 may drop more than they name). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void invpcidMakesANewMappingVisible(int type) {
        identityPaging();
        f.poke(SysFixture.DATA, 4, 0x1111);
        f.poke(0x5000, 4, 0x2222);
        descriptor(0, SysFixture.DATA);
        cpu.gpr[Cpu.RAX] = type;
        cpu.gpr[Cpu.RBX] = SysFixture.DATA;
        cpu.gpr[Cpu.RSI] = PT + (SysFixture.DATA >>> 12) * 8;
        cpu.gpr[Cpu.RDX] = 0x5000 | 7;
        // mov (%rbx),%ecx; mov %rdx,(%rsi); invpcid (%rdi),%rax; mov (%rbx),%edx
        halts(then(then(new int[]{0x8b, 0x0b, 0x48, 0x89, 0x16}, INVPCID), 0x8b, 0x13));
        assertEquals(0x1111, cpu.gpr[Cpu.RCX]);
        assertEquals(0x2222, cpu.gpr[Cpu.RDX]);
    }

    @Test
    void invpcidTypeTwoDropsGlobalTranslationsAndTypeThreeKeepsThem() {
        identityPaging();
        cpu.cr4 |= Cpu.CR4_PGE;
        cpu.updatePaging();
        long pte = PT + (SysFixture.DATA >>> 12) * 8;
        f.poke(pte, 8, SysFixture.DATA | 0x100 | 7);
        f.poke(SysFixture.DATA, 4, 0x1111);
        f.poke(0x5000, 4, 0x2222);
        descriptor(0, 0);
        cpu.gpr[Cpu.RBX] = SysFixture.DATA;
        cpu.gpr[Cpu.RSI] = pte;
        cpu.gpr[Cpu.RDX] = 0x5000 | 0x100 | 7;
        cpu.gpr[Cpu.RAX] = 3;
        // mov (%rbx),%ecx; mov %rdx,(%rsi); invpcid (%rdi),%rax; mov (%rbx),%edx
        halts(then(then(new int[]{0x8b, 0x0b, 0x48, 0x89, 0x16}, INVPCID), 0x8b, 0x13));
        assertEquals(0x1111, cpu.gpr[Cpu.RDX], "type 3 keeps the global translation");
        cpu.gpr[Cpu.RAX] = 2;
        halts(then(INVPCID, 0x8b, 0x13));
        assertEquals(0x2222, cpu.gpr[Cpu.RDX], "type 2 drops it");
    }

    @Test
    void invpcidRejectsInvalidTypesAndDescriptorsWithGp() {
        descriptor(0, 0);
        cpu.gpr[Cpu.RAX] = 4;
        f.runToHandler(13, INVPCID);
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        cpu.gpr[Cpu.RAX] = 1L << 32;                            // the whole 64-bit register is the type
        f.runToHandler(13, INVPCID);
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        descriptor(0x1000, 0);                                  // reserved descriptor bit 12
        cpu.gpr[Cpu.RAX] = 2;
        f.runToHandler(13, INVPCID);
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        descriptor(1, 0);                                       // a PCID other than 0 while CR4.PCIDE is clear
        cpu.gpr[Cpu.RAX] = 1;
        f.runToHandler(13, INVPCID);
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        descriptor(0, 0x0000_8000_0000_0000L);                  // type 0 with a non-canonical address
        cpu.gpr[Cpu.RAX] = 0;
        f.runToHandler(13, INVPCID);
        assertEquals(0, f.frame(0), "error code");
    }

    @Test
    void invpcidAcceptsAPcidOnceCr4PcideIsSet() {
        identityPaging();
        cpu.cr4 |= Cpu.CR4_PCIDE;
        cpu.updatePaging();
        descriptor(0xfff, SysFixture.DATA);
        cpu.gpr[Cpu.RAX] = 0;
        halts(INVPCID);
    }

    /** From compatibility mode, MOV to CR0 clearing PG leaves IA-32e mode, but not while CR4.PCIDE is set. */
    @Test
    void pagingCannotBeTurnedOffWithPcidsOn() {
        identityPaging();
        cpu.cr4 |= Cpu.CR4_PCIDE;
        cpu.updatePaging();
        cpu.seg[Insn.CS].loadDescriptor(SysFixture.KERNEL_CS, 0x00cf_9a00_0000_ffffL);
        cpu.updateCodeSize();
        cpu.gpr[Cpu.RAX] = cpu.cr0 & ~Cpu.CR0_PG & 0xffff_ffffL;
        f.runToHandler(13, 0x0f, 0x22, 0xc0);                   // mov %eax,%cr0
        assertTrue((cpu.efer & Cpu.EFER_LMA) != 0, "still in IA-32e mode");
        cpu.cr4 &= ~Cpu.CR4_PCIDE;
        cpu.updatePaging();
        cpu.gpr[Cpu.RSP] = SysFixture.STACK;
        cpu.seg[Insn.CS].loadDescriptor(SysFixture.KERNEL_CS, 0x00cf_9a00_0000_ffffL);
        cpu.updateCodeSize();
        halts(0x0f, 0x22, 0xc0);
        assertEquals(0, cpu.efer & Cpu.EFER_LMA, "left IA-32e mode");
    }

    @Test
    void invpcidIsPrivilegedAndNeedsAMemoryOperand() {
        f.runToHandler(6, 0x66, 0x0f, 0x38, 0x82, 0xc0);        // register form
        f.enterUser();
        descriptor(0, 0);
        f.runToHandler(13, INVPCID);
    }
}

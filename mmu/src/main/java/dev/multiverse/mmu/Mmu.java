package dev.multiverse.mmu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One core's view of memory through paging: linear-address reads, writes and fetch translation with a
 * software {@link Tlb} in front of the page walker. Segmentation is the CPU's business; this class sees
 * linear addresses only. Accesses that cross a page boundary are translated page by page before any
 * byte is written, so a fault leaves memory untouched.
 */
public final class Mmu {
    /** Physical address width we model (CPUID 0x80000008 reports the same). */
    public static final int MAX_PHYS_BITS = 40;
    static final long ADDR_MASK = ((1L << MAX_PHYS_BITS) - 1) & ~0xfffL;
    static final long RSVD_HIGH = ((1L << 52) - 1) & ~((1L << MAX_PHYS_BITS) - 1);

    static final long P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100, NX = 1L << 63;
    /** Reserved bits of a present PAE PDPTE: 2:1, 8:5, NX and above the physical address width. */
    static final long PDPTE_RESERVED = RSVD_HIGH | NX | 0x1e6;

    static final long CR0_CD = 1L << 30, CR0_NW = 1L << 29, CR0_PG = 1L << 31;
    static final long CR4_PSE = 1 << 4, CR4_PAE = 1 << 5, CR4_PGE = 1 << 7, CR4_PCIDE = 1 << 17,
            CR4_SMEP = 1 << 20, CR4_SMAP = 1 << 21;
    /** CR3 bit 63 with CR4.PCIDE: the write need not invalidate the new PCID's translations (never stored). */
    public static final long CR3_NO_FLUSH = 1L << 63;
    private static final long A20 = 1L << 20;

    private final PhysicalMemory pm;
    private final MemorySegment ram;
    private final Tlb tlb = new Tlb();
    private final PageFault fault = new PageFault();
    private MemoryEventSink events = MemoryEventSink.NONE;

    private PagingMode mode = PagingMode.NONE;
    private long cr0, cr3, cr4;
    private boolean wp, pse, pge, nxe, pcide, smep, smap;
    /** The PAE PDPTE registers, loaded from memory only at the moments SDM 4.4.1 names. */
    private final long[] pdpte = new long[4];
    /** Clears physical address bit 20 while the A20 gate is disabled. */
    private long a20Mask = -1L;

    public Mmu(PhysicalMemory pm) {
        this.pm = pm;
        this.ram = pm.ram();
        pm.attach(tlb);
    }

    /** Reports this core's page walks to {@code sink} from now on. */
    public void setEventSink(MemoryEventSink sink) {
        events = sink;
    }

    public PhysicalMemory physical() {
        return pm;
    }

    public PagingMode mode() {
        return mode;
    }

    public Tlb tlb() {
        return tlb;
    }

    /**
     * Takes the paging-related control state after a MOV to CR0 or CR4 or a WRMSR to EFER; any change
     * flushes the whole TLB, as the manuals allow. When PAE paging results and the write changed CR0.CD,
     * NW or PG, or CR4.PAE, PGE, PSE or SMEP, the PDPTE registers are loaded first; a PDPTE with reserved
     * bits throws {@link InvalidPdpte} and leaves this MMU unchanged, so the CPU can raise #GP(0).
     */
    public void setControl(long cr0, long cr3, long cr4, long efer) {
        boolean pg = (cr0 & CR0_PG) != 0;
        boolean pae = (cr4 & CR4_PAE) != 0;
        boolean lma = (efer & (1 << 10)) != 0;
        PagingMode next = !pg ? PagingMode.NONE : lma ? PagingMode.LONG4 : pae ? PagingMode.PAE : PagingMode.LEGACY;
        boolean reload = next == PagingMode.PAE && (mode != PagingMode.PAE
                || ((cr0 ^ this.cr0) & (CR0_CD | CR0_NW | CR0_PG)) != 0
                || ((cr4 ^ this.cr4) & (CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP)) != 0);
        if (reload) {
            loadPdptes(cr3);
        }
        mode = next;
        this.cr0 = cr0;
        this.cr3 = cr3;
        this.cr4 = cr4;
        wp = (cr0 & (1 << 16)) != 0;
        pse = (cr4 & CR4_PSE) != 0;
        pge = (cr4 & CR4_PGE) != 0;
        pcide = (cr4 & CR4_PCIDE) != 0;
        smep = (cr4 & CR4_SMEP) != 0;
        smap = (cr4 & CR4_SMAP) != 0;
        nxe = (efer & (1 << 11)) != 0;
        tlb.flushAll();
    }

    /**
     * A MOV to CR3: loads the PDPTE registers under PAE paging (throwing {@link InvalidPdpte}, with nothing
     * changed, if one has reserved bits) and drops all but global translations when CR4.PGE is set. With
     * CR4.PCIDE, bits 11:0 are the PCID and bit 63 asks not to flush; the TLB is not tagged by PCID, so
     * a switch always flushes (the SDM allows flushing more than asked). Returns the value CR3 then holds.
     */
    public long setCr3(long value) {
        long stored = pcide ? value & ~CR3_NO_FLUSH : value;
        if (mode == PagingMode.PAE) {
            loadPdptes(stored);
        }
        this.cr3 = stored;
        if (pge) {
            tlb.flushNonGlobal();
        } else {
            tlb.flushAll();
        }
        return stored;
    }

    /** Loads the four PDPTE registers from the 32-byte table CR3 points to, or throws {@link InvalidPdpte}. */
    private void loadPdptes(long cr3) {
        long table = cr3 & 0xffff_ffe0L;
        long e0 = pdpteAt(table), e1 = pdpteAt(table + 8), e2 = pdpteAt(table + 16), e3 = pdpteAt(table + 24);
        pdpte[0] = e0;
        pdpte[1] = e1;
        pdpte[2] = e2;
        pdpte[3] = e3;
    }

    private long pdpteAt(long pa) {
        long e = pm.read(pa & a20Mask, 8);
        if ((e & P) != 0 && (e & PDPTE_RESERVED) != 0) {
            throw InvalidPdpte.INSTANCE;
        }
        return e;
    }

    /** The PDPTE register {@code n} (0-3), as last loaded. */
    public long pdpte(int n) {
        return pdpte[n];
    }

    /** INVLPG: drops the translations of the page containing {@code linear} (of whatever page size). */
    public void invlpg(long linear) {
        tlb.flushPage(linear);
    }

    /**
     * INVPCID (SDM vol. 2): type 0 one address in one PCID, 1 one PCID, 2 everything including globals,
     * 3 everything but globals. Returns false, having done nothing, when the operands are invalid and the
     * instruction must raise #GP(0): a type above 3, a PCID above 0xfff, a non-canonical address for type
     * 0, or a nonzero PCID for types 0 and 1 while CR4.PCIDE is clear. The TLB is not tagged by PCID, so
     * types 0 and 1 invalidate more than they name, which the architecture permits.
     */
    public boolean invpcid(int type, long pcid, long linear) {
        if (type < 0 || type > 3 || (pcid & ~0xfffL) != 0) return false;
        if (type <= 1 && !pcide && pcid != 0) return false;
        switch (type) {
            case 0 -> {
                if ((linear << 16 >> 16) != linear) return false;
                tlb.flushPage(linear);
            }
            case 2 -> tlb.flushAll();
            default -> tlb.flushNonGlobal();
        }
        return true;
    }

    /**
     * The A20 gate (port 0x92 or the keyboard controller drive it): while disabled, physical address
     * bit 20 reads as zero for every access, page walks included, so addresses wrap at 1 MiB as on an 8086.
     */
    public void setA20(boolean enabled) {
        long next = enabled ? -1L : ~A20;
        if (next != a20Mask) {
            a20Mask = next;
            tlb.flushAll();
        }
    }

    public boolean a20Enabled() {
        return a20Mask == -1L;
    }

    // ---- reads (privilege: a Privilege constant) ----

    public int read8(long linear, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, privilege)) {
            return ram.get(ValueLayout.JAVA_BYTE, tlb.readPage[i] + (linear & 0xfff)) & 0xff;
        }
        return (int) pm.read(translate(linear, Access.READ, privilege), 1);
    }

    public int read16(long linear, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xffe) {
            return ram.get(PhysicalMemory.SHORT, tlb.readPage[i] + (linear & 0xfff)) & 0xffff;
        }
        return (int) readSlow(linear, 2, privilege);
    }

    public int read32(long linear, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xffc) {
            return ram.get(PhysicalMemory.INT, tlb.readPage[i] + (linear & 0xfff));
        }
        return (int) readSlow(linear, 4, privilege);
    }

    public long read64(long linear, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xff8) {
            return ram.get(PhysicalMemory.LONG, tlb.readPage[i] + (linear & 0xfff));
        }
        return readSlow(linear, 8, privilege);
    }

    /** Reads 1, 2, 4 or 8 bytes, zero-extended. */
    public long read(long linear, int size, int privilege) {
        return switch (size) {
            case 1 -> read8(linear, privilege);
            case 2 -> read16(linear, privilege);
            case 4 -> read32(linear, privilege) & 0xffff_ffffL;
            default -> read64(linear, privilege);
        };
    }

    private long readSlow(long linear, int size, int privilege) {
        long first = translate(linear, Access.READ, privilege);
        int inPage = (int) (PhysicalMemory.PAGE_SIZE - (linear & 0xfff));
        if (inPage >= size) {
            return pm.read(first, size);
        }
        long second = translate(linear + inPage, Access.READ, privilege);
        long v = 0;
        for (int b = 0; b < size; b++) {
            long pa = b < inPage ? first + b : second + (b - inPage);
            v |= pm.read(pa, 1) << (8 * b);
        }
        return v;
    }

    /**
     * Reads for a read-modify-write: the access is checked (and the dirty bit set) as a write, so a
     * read-only page faults here with the error code the CPU reports (W set) before anything changes.
     */
    public long readForWrite(long linear, int size, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= PhysicalMemory.PAGE_SIZE - size) {
            return pm.read(tlb.writePage[i] + (linear & 0xfff), size);
        }
        probeWrite(linear, size, privilege);
        return read(linear, size, privilege);
    }

    // ---- writes ----

    public void write8(long linear, int value, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, privilege)) {
            ram.set(ValueLayout.JAVA_BYTE, tlb.writePage[i] + (linear & 0xfff), (byte) value);
            return;
        }
        pm.write(translate(linear, Access.WRITE, privilege), 1, value);
    }

    public void write16(long linear, int value, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xffe) {
            ram.set(PhysicalMemory.SHORT, tlb.writePage[i] + (linear & 0xfff), (short) value);
            return;
        }
        writeSlow(linear, 2, value, privilege);
    }

    public void write32(long linear, int value, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xffc) {
            ram.set(PhysicalMemory.INT, tlb.writePage[i] + (linear & 0xfff), value);
            return;
        }
        writeSlow(linear, 4, value, privilege);
    }

    public void write64(long linear, long value, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, privilege) && (linear & 0xfff) <= 0xff8) {
            ram.set(PhysicalMemory.LONG, tlb.writePage[i] + (linear & 0xfff), value);
            return;
        }
        writeSlow(linear, 8, value, privilege);
    }

    /** Writes the low 1, 2, 4 or 8 bytes of {@code value}. */
    public void write(long linear, int size, long value, int privilege) {
        switch (size) {
            case 1 -> write8(linear, (int) value, privilege);
            case 2 -> write16(linear, (int) value, privilege);
            case 4 -> write32(linear, (int) value, privilege);
            default -> write64(linear, value, privilege);
        }
    }

    private void writeSlow(long linear, int size, long value, int privilege) {
        long first = translate(linear, Access.WRITE, privilege);
        int inPage = (int) (PhysicalMemory.PAGE_SIZE - (linear & 0xfff));
        if (inPage >= size) {
            pm.write(first, size, value);
            return;
        }
        long second = translate(linear + inPage, Access.WRITE, privilege);
        for (int b = 0; b < size; b++) {
            long pa = b < inPage ? first + b : second + (b - inPage);
            pm.write(pa, 1, value >>> (8 * b));
        }
    }

    /** Checks that a write of {@code size} bytes at {@code linear} would not fault, without writing. */
    public void probeWrite(long linear, int size, int privilege) {
        translate(linear, Access.WRITE, privilege);
        if ((linear & 0xfff) + size > PhysicalMemory.PAGE_SIZE) {
            // CR2 of a fault on the second page is its first byte, as the CPU reports it.
            translate((linear + size - 1) & ~(PhysicalMemory.PAGE_SIZE - 1), Access.WRITE, privilege);
        }
    }

    // ---- fetch ----

    /** Physical address of the instruction byte at {@code linear}; fills the execute TLB. */
    public long translateFetch(long linear, int privilege) {
        int i = Tlb.index(linear);
        if (tlb.execTag[i] == Tlb.tag(linear, privilege)) {
            return tlb.execPage[i] + (linear & 0xfff);
        }
        return translate(linear, Access.EXECUTE, privilege);
    }

    // ---- boolean forms: user (CPL 3) or supervisor without the SMAP override ----

    public int read8(long linear, boolean user) {
        return read8(linear, Privilege.of(user));
    }

    public int read16(long linear, boolean user) {
        return read16(linear, Privilege.of(user));
    }

    public int read32(long linear, boolean user) {
        return read32(linear, Privilege.of(user));
    }

    public long read64(long linear, boolean user) {
        return read64(linear, Privilege.of(user));
    }

    public long read(long linear, int size, boolean user) {
        return read(linear, size, Privilege.of(user));
    }

    public long readForWrite(long linear, int size, boolean user) {
        return readForWrite(linear, size, Privilege.of(user));
    }

    public void write8(long linear, int value, boolean user) {
        write8(linear, value, Privilege.of(user));
    }

    public void write16(long linear, int value, boolean user) {
        write16(linear, value, Privilege.of(user));
    }

    public void write32(long linear, int value, boolean user) {
        write32(linear, value, Privilege.of(user));
    }

    public void write64(long linear, long value, boolean user) {
        write64(linear, value, Privilege.of(user));
    }

    public void write(long linear, int size, long value, boolean user) {
        write(linear, size, value, Privilege.of(user));
    }

    public void probeWrite(long linear, int size, boolean user) {
        probeWrite(linear, size, Privilege.of(user));
    }

    public long translateFetch(long linear, boolean user) {
        return translateFetch(linear, Privilege.of(user));
    }

    // ---- the page walk ----

    /**
     * Translates {@code linear} for one access, setting accessed/dirty bits, and caches the result when
     * the page is plain RAM. Throws {@link PageFault} with the architectural error code.
     */
    public long translate(long linear, int access, int privilege) {
        walkGlobal = false;
        walkShift = PhysicalMemory.PAGE_SHIFT;
        long pageBase;
        try {
            pageBase = switch (mode) {
                case NONE -> linear & ~0xfffL & 0xffff_ffffL;
                case LONG4 -> walkLong(linear, access, privilege);
                case PAE -> walkPae(linear, access, privilege);
                default -> walkLegacy(linear, access, privilege);
            } & a20Mask;
        } catch (PageFault pf) {
            events.pageWalkFault(pf.address(), access, privilege, pf.errorCode());
            throw pf;
        }
        boolean fill = pm.isRamPage(pageBase) && !(access == Access.WRITE && pm.isCode(pageBase));
        if (fill) {
            tlb.insert(access, linear, privilege, pageBase, walkGlobal && pge, walkShift);
        }
        if (mode != PagingMode.NONE) events.pageWalk(linear, access, privilege, pageBase | (linear & 0xfff), walkShift, fill);
        return pageBase | (linear & 0xfff);
    }

    public long translate(long linear, int access, boolean user) {
        return translate(linear, access, Privilege.of(user));
    }

    /** Side results of the last walk: whether the leaf was global, and log2 of its page size. */
    private boolean walkGlobal;
    private int walkShift;

    private PageFault fault(long linear, int access, int privilege, long bits) {
        int code = (int) bits;
        if (access == Access.WRITE) code |= PageFault.WRITE;
        if (privilege == Privilege.USER) code |= PageFault.USER;
        // I/D is reported where execute-disable exists (PAE and 4-level paging with EFER.NXE) or SMEP is on.
        if (access == Access.EXECUTE && (smep || (nxe && mode != PagingMode.LEGACY))) code |= PageFault.FETCH;
        return fault.set(linear, code);
    }

    private long entry8(long pa) {
        return pm.read(pa & a20Mask, 8);
    }

    /**
     * Checks the permissions accumulated over the walk (SDM vol. 3, 4.6); returns normally if the access
     * is allowed. {@code us} means every level allowed user mode: such a page is a "user page" for SMEP
     * (no supervisor fetch) and SMAP (no supervisor data access unless explicit with RFLAGS.AC set).
     */
    private void check(long linear, int access, int privilege, boolean rw, boolean us, boolean nx) {
        boolean user = privilege == Privilege.USER;
        if (user && !us) throw fault(linear, access, privilege, PageFault.PRESENT);
        if (!user && us) {
            if (access == Access.EXECUTE ? smep : smap && privilege != Privilege.SUPERVISOR_AC) {
                throw fault(linear, access, privilege, PageFault.PRESENT);
            }
        }
        if (access == Access.WRITE && !rw && (user || wp)) throw fault(linear, access, privilege, PageFault.PRESENT);
        if (access == Access.EXECUTE && nx && nxe) throw fault(linear, access, privilege, PageFault.PRESENT);
    }

    /** Sets A on the walked entries and D on the leaf for writes (8-byte entries). */
    private void markAccessed8(long[] entryAddr, long[] entries, int count, int access) {
        for (int k = 0; k < count; k++) {
            long set = A | (k == count - 1 && access == Access.WRITE ? D : 0);
            if ((entries[k] & set) != set) {
                pm.write(entryAddr[k] & a20Mask, 8, entries[k] | set);
            }
        }
    }

    private final long[] walkAddr = new long[4];
    private final long[] walkEntry = new long[4];

    /** 4-level walk; returns the page base. */
    private long walkLong(long linear, int access, int privilege) {
        long table = cr3 & ADDR_MASK;
        boolean rw = true, us = true, nx = false;
        for (int level = 0; level < 4; level++) {
            int shift = 39 - 9 * level;
            long addr = table + ((linear >>> shift) & 0x1ff) * 8;
            long e = entry8(addr);
            walkAddr[level] = addr;
            walkEntry[level] = e;
            if ((e & P) == 0) throw fault(linear, access, privilege, 0);
            long reserved = RSVD_HIGH | (nxe ? 0 : NX);
            boolean leaf = level == 3 || (level > 0 && (e & PS) != 0);
            if (level == 0) reserved |= PS;
            if (leaf && level == 1) reserved |= 0x3fffe000L;      // 1 GiB page: bits 29:13
            if (leaf && level == 2) reserved |= 0x1fe000L;        // 2 MiB page: bits 20:13
            if ((e & reserved) != 0) throw fault(linear, access, privilege, PageFault.PRESENT | PageFault.RESERVED);
            rw &= (e & RW) != 0;
            us &= (e & US) != 0;
            nx |= (e & NX) != 0;
            if (leaf) {
                check(linear, access, privilege, rw, us, nx);
                markAccessed8(walkAddr, walkEntry, level + 1, access);
                long pageMask = (1L << shift) - 1;
                walkGlobal = (e & G) != 0;
                walkShift = shift;
                return (e & ADDR_MASK & ~pageMask) | (linear & pageMask & ~0xfffL);
            }
            table = e & ADDR_MASK;
        }
        throw new AssertionError("unreachable");
    }

    /** PAE walk: a PDPTE register (loaded at CR3/CR0/CR4 writes), then PD and PT with 8-byte entries. */
    private long walkPae(long linear, int access, int privilege) {
        linear &= 0xffff_ffffL;
        long pdpte = this.pdpte[(int) (linear >>> 30) & 3];
        if ((pdpte & P) == 0) throw fault(linear, access, privilege, 0);
        long table = pdpte & ADDR_MASK;
        boolean rw = true, us = true, nx = false;
        for (int level = 0; level < 2; level++) {
            int shift = 21 - 9 * level;
            long addr = table + ((linear >>> shift) & 0x1ff) * 8;
            long e = entry8(addr);
            walkAddr[level] = addr;
            walkEntry[level] = e;
            if ((e & P) == 0) throw fault(linear, access, privilege, 0);
            boolean leaf = level == 1 || (e & PS) != 0;
            long reserved = RSVD_HIGH | (nxe ? 0 : NX) | (leaf && level == 0 ? 0x1fe000L : 0);
            if ((e & reserved) != 0) throw fault(linear, access, privilege, PageFault.PRESENT | PageFault.RESERVED);
            rw &= (e & RW) != 0;
            us &= (e & US) != 0;
            nx |= (e & NX) != 0;
            if (leaf) {
                check(linear, access, privilege, rw, us, nx);
                markAccessed8(walkAddr, walkEntry, level + 1, access);
                long pageMask = (1L << shift) - 1;
                walkGlobal = (e & G) != 0;
                walkShift = shift;
                return (e & ADDR_MASK & ~pageMask) | (linear & pageMask & ~0xfffL);
            }
            table = e & ADDR_MASK;
        }
        throw new AssertionError("unreachable");
    }

    /** 32-bit paging: PD and PT with 4-byte entries; 4 MiB pages (PSE-36) when CR4.PSE is set. */
    private long walkLegacy(long linear, int access, int privilege) {
        linear &= 0xffff_ffffL;
        long pdeAddr = ((cr3 & 0xffff_f000L) + (linear >>> 22) * 4) & a20Mask;
        long pde = pm.read(pdeAddr, 4);
        if ((pde & P) == 0) throw fault(linear, access, privilege, 0);
        if (pse && (pde & PS) != 0) {
            if ((pde & (1L << 21)) != 0) throw fault(linear, access, privilege, PageFault.PRESENT | PageFault.RESERVED);
            check(linear, access, privilege, (pde & RW) != 0, (pde & US) != 0, false);
            long set = A | (access == Access.WRITE ? D : 0);
            if ((pde & set) != set) pm.write(pdeAddr, 4, pde | set);
            walkGlobal = (pde & G) != 0;
            walkShift = 22;
            long base = (pde & 0xffc0_0000L) | ((pde >>> 13) & 0xffL) << 32;
            return base | (linear & 0x3f_f000L);
        }
        long pteAddr = ((pde & 0xffff_f000L) + ((linear >>> 12) & 0x3ff) * 4) & a20Mask;
        long pte = pm.read(pteAddr, 4);
        if ((pte & P) == 0) throw fault(linear, access, privilege, 0);
        check(linear, access, privilege, (pde & pte & RW) != 0, (pde & pte & US) != 0, false);
        if ((pde & A) == 0) pm.write(pdeAddr, 4, pde | A);
        long set = A | (access == Access.WRITE ? D : 0);
        if ((pte & set) != set) pm.write(pteAddr, 4, pte | set);
        walkGlobal = (pte & G) != 0;
        return pte & 0xffff_f000L;
    }
}

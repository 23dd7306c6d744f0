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

    private final PhysicalMemory pm;
    private final MemorySegment ram;
    private final Tlb tlb = new Tlb();
    private final PageFault fault = new PageFault();

    private PagingMode mode = PagingMode.NONE;
    private long cr3;
    private boolean wp, pse, pge, nxe;

    public Mmu(PhysicalMemory pm) {
        this.pm = pm;
        this.ram = pm.ram();
        pm.attach(tlb);
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

    /** Takes the paging-related control state; any change flushes the whole TLB, as the manuals allow. */
    public void setControl(long cr0, long cr3, long cr4, long efer) {
        boolean pg = (cr0 & (1L << 31)) != 0;
        boolean pae = (cr4 & (1 << 5)) != 0;
        boolean lma = (efer & (1 << 10)) != 0;
        mode = !pg ? PagingMode.NONE : lma ? PagingMode.LONG4 : pae ? PagingMode.PAE : PagingMode.LEGACY;
        this.cr3 = cr3;
        wp = (cr0 & (1 << 16)) != 0;
        pse = (cr4 & (1 << 4)) != 0;
        pge = (cr4 & (1 << 7)) != 0;
        nxe = (efer & (1 << 11)) != 0;
        tlb.flushAll();
    }

    /** A MOV to CR3: keeps global entries when CR4.PGE is set. */
    public void setCr3(long cr3) {
        this.cr3 = cr3;
        if (pge) {
            tlb.flushNonGlobal();
        } else {
            tlb.flushAll();
        }
    }

    public void invlpg(long linear) {
        tlb.flushPage(linear);
    }

    // ---- reads ----

    public int read8(long linear, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, user)) {
            return ram.get(ValueLayout.JAVA_BYTE, tlb.readPage[i] + (linear & 0xfff)) & 0xff;
        }
        return (int) pm.read(translate(linear, Access.READ, user), 1);
    }

    public int read16(long linear, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xffe) {
            return ram.get(PhysicalMemory.SHORT, tlb.readPage[i] + (linear & 0xfff)) & 0xffff;
        }
        return (int) readSlow(linear, 2, user);
    }

    public int read32(long linear, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xffc) {
            return ram.get(PhysicalMemory.INT, tlb.readPage[i] + (linear & 0xfff));
        }
        return (int) readSlow(linear, 4, user);
    }

    public long read64(long linear, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.readTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xff8) {
            return ram.get(PhysicalMemory.LONG, tlb.readPage[i] + (linear & 0xfff));
        }
        return readSlow(linear, 8, user);
    }

    /** Reads 1, 2, 4 or 8 bytes, zero-extended. */
    public long read(long linear, int size, boolean user) {
        return switch (size) {
            case 1 -> read8(linear, user);
            case 2 -> read16(linear, user);
            case 4 -> read32(linear, user) & 0xffff_ffffL;
            default -> read64(linear, user);
        };
    }

    private long readSlow(long linear, int size, boolean user) {
        long first = translate(linear, Access.READ, user);
        int inPage = (int) (PhysicalMemory.PAGE_SIZE - (linear & 0xfff));
        if (inPage >= size) {
            return pm.read(first, size);
        }
        long second = translate(linear + inPage, Access.READ, user);
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
    public long readForWrite(long linear, int size, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= PhysicalMemory.PAGE_SIZE - size) {
            return pm.read(tlb.writePage[i] + (linear & 0xfff), size);
        }
        probeWrite(linear, size, user);
        return read(linear, size, user);
    }

    // ---- writes ----

    public void write8(long linear, int value, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, user)) {
            ram.set(ValueLayout.JAVA_BYTE, tlb.writePage[i] + (linear & 0xfff), (byte) value);
            return;
        }
        pm.write(translate(linear, Access.WRITE, user), 1, value);
    }

    public void write16(long linear, int value, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xffe) {
            ram.set(PhysicalMemory.SHORT, tlb.writePage[i] + (linear & 0xfff), (short) value);
            return;
        }
        writeSlow(linear, 2, value, user);
    }

    public void write32(long linear, int value, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xffc) {
            ram.set(PhysicalMemory.INT, tlb.writePage[i] + (linear & 0xfff), value);
            return;
        }
        writeSlow(linear, 4, value, user);
    }

    public void write64(long linear, long value, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.writeTag[i] == Tlb.tag(linear, user) && (linear & 0xfff) <= 0xff8) {
            ram.set(PhysicalMemory.LONG, tlb.writePage[i] + (linear & 0xfff), value);
            return;
        }
        writeSlow(linear, 8, value, user);
    }

    /** Writes the low 1, 2, 4 or 8 bytes of {@code value}. */
    public void write(long linear, int size, long value, boolean user) {
        switch (size) {
            case 1 -> write8(linear, (int) value, user);
            case 2 -> write16(linear, (int) value, user);
            case 4 -> write32(linear, (int) value, user);
            default -> write64(linear, value, user);
        }
    }

    private void writeSlow(long linear, int size, long value, boolean user) {
        long first = translate(linear, Access.WRITE, user);
        int inPage = (int) (PhysicalMemory.PAGE_SIZE - (linear & 0xfff));
        if (inPage >= size) {
            pm.write(first, size, value);
            return;
        }
        long second = translate(linear + inPage, Access.WRITE, user);
        for (int b = 0; b < size; b++) {
            long pa = b < inPage ? first + b : second + (b - inPage);
            pm.write(pa, 1, value >>> (8 * b));
        }
    }

    /** Checks that a write of {@code size} bytes at {@code linear} would not fault, without writing. */
    public void probeWrite(long linear, int size, boolean user) {
        translate(linear, Access.WRITE, user);
        if ((linear & 0xfff) + size > PhysicalMemory.PAGE_SIZE) {
            // CR2 of a fault on the second page is its first byte, as the CPU reports it.
            translate((linear + size - 1) & ~(PhysicalMemory.PAGE_SIZE - 1), Access.WRITE, user);
        }
    }

    // ---- fetch ----

    /** Physical address of the instruction byte at {@code linear}; fills the execute TLB. */
    public long translateFetch(long linear, boolean user) {
        int i = Tlb.index(linear);
        if (tlb.execTag[i] == Tlb.tag(linear, user)) {
            return tlb.execPage[i] + (linear & 0xfff);
        }
        return translate(linear, Access.EXECUTE, user);
    }

    // ---- the page walk ----

    /**
     * Translates {@code linear} for one access, setting accessed/dirty bits, and caches the result when
     * the page is plain RAM. Throws {@link PageFault} with the architectural error code.
     */
    public long translate(long linear, int access, boolean user) {
        long walk = switch (mode) {
            case NONE -> linear & ~0xfffL & 0xffff_ffffL;
            case LONG4 -> walkLong(linear, access, user);
            case PAE -> walkPae(linear, access, user);
            default -> walkLegacy(linear, access, user);
        };
        long pageBase = walk & ~(GLOBAL_BIT | LARGE_BIT);
        if (pm.isRamPage(pageBase) && !(access == Access.WRITE && pm.isCode(pageBase))) {
            tlb.insert(access, linear, user, pageBase, (walk & GLOBAL_BIT) != 0 && pge, (walk & LARGE_BIT) != 0);
        }
        return pageBase | (linear & 0xfff);
    }

    /** Walk results carry two flags in the low bits of the page base: a global page and a large page. */
    private static final long GLOBAL_BIT = 1, LARGE_BIT = 2;

    private PageFault fault(long linear, int access, boolean user, long bits) {
        int code = (int) bits;
        if (access == Access.WRITE) code |= PageFault.WRITE;
        if (user) code |= PageFault.USER;
        // I/D is reported only where execute-disable exists: PAE and 4-level paging with EFER.NXE.
        if (access == Access.EXECUTE && nxe && mode != PagingMode.LEGACY) code |= PageFault.FETCH;
        return fault.set(linear, code);
    }

    private long entry8(long pa) {
        return pm.read(pa, 8);
    }

    /** Checks the permissions accumulated over the walk; returns normally if the access is allowed. */
    private void check(long linear, int access, boolean user, boolean rw, boolean us, boolean nx) {
        if (user && !us) throw fault(linear, access, user, PageFault.PRESENT);
        if (access == Access.WRITE && !rw && (user || wp)) throw fault(linear, access, user, PageFault.PRESENT);
        if (access == Access.EXECUTE && nx && nxe) throw fault(linear, access, user, PageFault.PRESENT);
    }

    /** Sets A on the walked entries and D on the leaf for writes (8-byte entries). */
    private void markAccessed8(long[] entryAddr, long[] entries, int count, int access) {
        for (int k = 0; k < count; k++) {
            long set = A | (k == count - 1 && access == Access.WRITE ? D : 0);
            if ((entries[k] & set) != set) {
                pm.write(entryAddr[k], 8, entries[k] | set);
            }
        }
    }

    private final long[] walkAddr = new long[4];
    private final long[] walkEntry = new long[4];

    /** 4-level walk; returns the page base with {@link #GLOBAL_BIT} and {@link #LARGE_BIT} flags. */
    private long walkLong(long linear, int access, boolean user) {
        long table = cr3 & ADDR_MASK;
        boolean rw = true, us = true, nx = false;
        for (int level = 0; level < 4; level++) {
            int shift = 39 - 9 * level;
            long addr = table + ((linear >>> shift) & 0x1ff) * 8;
            long e = entry8(addr);
            walkAddr[level] = addr;
            walkEntry[level] = e;
            if ((e & P) == 0) throw fault(linear, access, user, 0);
            long reserved = RSVD_HIGH | (nxe ? 0 : NX);
            boolean leaf = level == 3 || (level > 0 && (e & PS) != 0);
            if (level == 0) reserved |= PS;
            if (leaf && level == 1) reserved |= 0x3fffe000L;      // 1 GiB page: bits 29:13
            if (leaf && level == 2) reserved |= 0x1fe000L;        // 2 MiB page: bits 20:13
            if ((e & reserved) != 0) throw fault(linear, access, user, PageFault.PRESENT | PageFault.RESERVED);
            rw &= (e & RW) != 0;
            us &= (e & US) != 0;
            nx |= (e & NX) != 0;
            if (leaf) {
                check(linear, access, user, rw, us, nx);
                markAccessed8(walkAddr, walkEntry, level + 1, access);
                long pageMask = (1L << shift) - 1;
                long base = (e & ADDR_MASK & ~pageMask) | (linear & pageMask & ~0xfffL);
                return base | ((e & G) != 0 ? GLOBAL_BIT : 0) | (level < 3 ? LARGE_BIT : 0);
            }
            table = e & ADDR_MASK;
        }
        throw new AssertionError("unreachable");
    }

    /** PAE walk: PDPTE, PD, PT with 8-byte entries. */
    private long walkPae(long linear, int access, boolean user) {
        linear &= 0xffff_ffffL;
        long pdpteAddr = (cr3 & 0xffff_ffe0L) + ((linear >>> 30) & 3) * 8;
        long pdpte = entry8(pdpteAddr);
        if ((pdpte & P) == 0) throw fault(linear, access, user, 0);
        if ((pdpte & (RSVD_HIGH | NX | 0x1e6)) != 0) throw fault(linear, access, user, PageFault.PRESENT | PageFault.RESERVED);
        long table = pdpte & ADDR_MASK;
        boolean rw = true, us = true, nx = false;
        for (int level = 0; level < 2; level++) {
            int shift = 21 - 9 * level;
            long addr = table + ((linear >>> shift) & 0x1ff) * 8;
            long e = entry8(addr);
            walkAddr[level] = addr;
            walkEntry[level] = e;
            if ((e & P) == 0) throw fault(linear, access, user, 0);
            boolean leaf = level == 1 || (e & PS) != 0;
            long reserved = RSVD_HIGH | (nxe ? 0 : NX) | (leaf && level == 0 ? 0x1fe000L : 0);
            if ((e & reserved) != 0) throw fault(linear, access, user, PageFault.PRESENT | PageFault.RESERVED);
            rw &= (e & RW) != 0;
            us &= (e & US) != 0;
            nx |= (e & NX) != 0;
            if (leaf) {
                check(linear, access, user, rw, us, nx);
                markAccessed8(walkAddr, walkEntry, level + 1, access);
                long pageMask = (1L << shift) - 1;
                return (e & ADDR_MASK & ~pageMask) | (linear & pageMask & ~0xfffL) | ((e & G) != 0 ? GLOBAL_BIT : 0)
                        | (level == 0 ? LARGE_BIT : 0);
            }
            table = e & ADDR_MASK;
        }
        throw new AssertionError("unreachable");
    }

    /** 32-bit paging: PD and PT with 4-byte entries; 4 MiB pages (PSE-36) when CR4.PSE is set. */
    private long walkLegacy(long linear, int access, boolean user) {
        linear &= 0xffff_ffffL;
        long pdeAddr = (cr3 & 0xffff_f000L) + (linear >>> 22) * 4;
        long pde = pm.read(pdeAddr, 4);
        if ((pde & P) == 0) throw fault(linear, access, user, 0);
        if (pse && (pde & PS) != 0) {
            if ((pde & (1L << 21)) != 0) throw fault(linear, access, user, PageFault.PRESENT | PageFault.RESERVED);
            check(linear, access, user, (pde & RW) != 0, (pde & US) != 0, false);
            long set = A | (access == Access.WRITE ? D : 0);
            if ((pde & set) != set) pm.write(pdeAddr, 4, pde | set);
            long base = (pde & 0xffc0_0000L) | ((pde >>> 13) & 0xffL) << 32;
            return base | (linear & 0x3f_f000L) | ((pde & G) != 0 ? GLOBAL_BIT : 0) | LARGE_BIT;
        }
        long pteAddr = (pde & 0xffff_f000L) + ((linear >>> 12) & 0x3ff) * 4;
        long pte = pm.read(pteAddr, 4);
        if ((pte & P) == 0) throw fault(linear, access, user, 0);
        check(linear, access, user, (pde & pte & RW) != 0, (pde & pte & US) != 0, false);
        if ((pde & A) == 0) pm.write(pdeAddr, 4, pde | A);
        long set = A | (access == Access.WRITE ? D : 0);
        if ((pte & set) != set) pm.write(pteAddr, 4, pte | set);
        return (pte & 0xffff_f000L) | ((pte & G) != 0 ? GLOBAL_BIT : 0);
    }
}

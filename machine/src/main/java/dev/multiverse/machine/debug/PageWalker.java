package dev.multiverse.machine.debug;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a core's page tables for a debugger: reads the entries as the MMU would, but sets no accessed or
 * dirty bit, fills no TLB entry and raises no page fault, so looking changes nothing the guest can see.
 * Reserved-bit checks are not made (the MMU's own walk makes them when the guest accesses the page).
 */
final class PageWalker {
    private static final long ADDRESS_64 = 0x000f_ffff_ffff_f000L;

    private PageWalker() {
    }

    static PageWalk walk(Cpu cpu, long linear) {
        PhysicalMemory pm = cpu.mmu.physical();
        long a20 = cpu.mmu.a20Enabled() ? -1L : ~(1L << 20);
        return switch (cpu.mmu.mode()) {
            case NONE -> new PageWalk(linear, "none", List.of(), linear & 0xffff_ffffL & a20, 4096, true, true, false, null);
            case LONG4 -> walkLong(cpu, pm, linear, a20);
            case PAE -> walkPae(cpu, pm, linear, a20);
            case LEGACY -> walkLegacy(cpu, pm, linear, a20);
        };
    }

    private static PageWalk walkLong(Cpu cpu, PhysicalMemory pm, long linear, long a20) {
        String[] names = {"PML4E", "PDPTE", "PDE", "PTE"};
        boolean nxe = (cpu.efer & Cpu.EFER_NXE) != 0;
        List<PageWalk.Level> levels = new ArrayList<>();
        long table = cpu.cr3 & ADDRESS_64;
        boolean writable = true, user = true, nx = false;
        for (int level = 0; level < 4; level++) {
            int shift = 39 - 9 * level;
            int index = (int) (linear >>> shift) & 511;
            long address = (table + 8L * index) & a20;
            long entry = pm.read(address, 8);
            levels.add(new PageWalk.Level(names[level], index, address, entry));
            if ((entry & 1) == 0) return unmapped(linear, "4-level", levels, names[level]);
            writable &= (entry & 2) != 0;
            user &= (entry & 4) != 0;
            nx |= nxe && entry < 0;
            boolean large = (level == 1 || level == 2) && (entry & 0x80) != 0;
            if (large || level == 3) {
                long size = 1L << shift;
                long base = entry & ADDRESS_64 & -size;
                return new PageWalk(linear, "4-level", levels, (base | (linear & (size - 1))) & a20, size, writable, user,
                        nx, null);
            }
            table = entry & ADDRESS_64;
        }
        throw new AssertionError("a 4-level walk ends at its PTE");
    }

    private static PageWalk walkPae(Cpu cpu, PhysicalMemory pm, long linear, long a20) {
        boolean nxe = (cpu.efer & Cpu.EFER_NXE) != 0;
        List<PageWalk.Level> levels = new ArrayList<>();
        int pdpIndex = (int) (linear >>> 30) & 3;
        long pdpte = cpu.mmu.pdpte(pdpIndex);
        levels.add(new PageWalk.Level("PDPTE", pdpIndex, (cpu.cr3 & 0xffff_ffe0L) + 8L * pdpIndex, pdpte));
        if ((pdpte & 1) == 0) return unmapped(linear, "PAE", levels, "PDPTE");
        long pdeAddress = ((pdpte & ADDRESS_64) + 8 * ((linear >>> 21) & 511)) & a20;
        long pde = pm.read(pdeAddress, 8);
        levels.add(new PageWalk.Level("PDE", (int) (linear >>> 21) & 511, pdeAddress, pde));
        if ((pde & 1) == 0) return unmapped(linear, "PAE", levels, "PDE");
        boolean writable = (pde & 2) != 0, user = (pde & 4) != 0, nx = nxe && pde < 0;
        if ((pde & 0x80) != 0) {
            long base = pde & ADDRESS_64 & -(1L << 21);
            return new PageWalk(linear, "PAE", levels, (base | (linear & 0x1f_ffff)) & a20, 1L << 21, writable, user, nx, null);
        }
        long pteAddress = ((pde & ADDRESS_64) + 8 * ((linear >>> 12) & 511)) & a20;
        long pte = pm.read(pteAddress, 8);
        levels.add(new PageWalk.Level("PTE", (int) (linear >>> 12) & 511, pteAddress, pte));
        if ((pte & 1) == 0) return unmapped(linear, "PAE", levels, "PTE");
        return new PageWalk(linear, "PAE", levels, ((pte & ADDRESS_64) | (linear & 0xfff)) & a20, 4096,
                writable && (pte & 2) != 0, user && (pte & 4) != 0, nx || (nxe && pte < 0), null);
    }

    private static PageWalk walkLegacy(Cpu cpu, PhysicalMemory pm, long linear, long a20) {
        List<PageWalk.Level> levels = new ArrayList<>();
        long pdeAddress = ((cpu.cr3 & 0xffff_f000L) + 4 * ((linear >>> 22) & 1023)) & a20;
        long pde = pm.read(pdeAddress, 4);
        levels.add(new PageWalk.Level("PDE", (int) (linear >>> 22) & 1023, pdeAddress, pde));
        if ((pde & 1) == 0) return unmapped(linear, "32-bit", levels, "PDE");
        boolean writable = (pde & 2) != 0, user = (pde & 4) != 0;
        if ((pde & 0x80) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
            // PSE-36: PDE bits 13-20 are physical address bits 32-39.
            long base = (pde & 0xffc0_0000L) | ((pde >>> 13) & 0xff) << 32;
            return new PageWalk(linear, "32-bit", levels, (base | (linear & 0x3f_ffff)) & a20, 1L << 22, writable, user,
                    false, null);
        }
        long pteAddress = ((pde & 0xffff_f000L) + 4 * ((linear >>> 12) & 1023)) & a20;
        long pte = pm.read(pteAddress, 4);
        levels.add(new PageWalk.Level("PTE", (int) (linear >>> 12) & 1023, pteAddress, pte));
        if ((pte & 1) == 0) return unmapped(linear, "32-bit", levels, "PTE");
        return new PageWalk(linear, "32-bit", levels, ((pte & 0xffff_f000L) | (linear & 0xfff)) & a20, 4096,
                writable && (pte & 2) != 0, user && (pte & 4) != 0, false, null);
    }

    private static PageWalk unmapped(long linear, String mode, List<PageWalk.Level> levels, String level) {
        return new PageWalk(linear, mode, levels, -1, 0, false, false, false, level + " not present");
    }
}

package dev.multiverse.cpu;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Block;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.mmu.CodeWriteListener;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PageFault;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoded blocks of one core, keyed by (physical address, code size), with a direct-mapped front array
 * for the hot path. A write to a physical page holding decoded code drops every block from that page.
 * Blocks from pages that are not plain RAM (MMIO, open bus) are decoded afresh every time.
 *
 * <p>Outside 64-bit mode instruction fetch is checked against the CS limit: a block never runs past it,
 * and an instruction with a byte beyond it raises #GP(0) at its start (before any page fault, since the
 * limit is checked before paging). The key does not include the limit, so a cached block that would run
 * past the current one is decoded again, shorter.
 */
final class BlockCache implements CodeWriteListener {
    static final int MAX_BLOCK = 64;
    private static final int FRONT_BITS = 12;

    private final Cpu cpu;
    private final Map<Long, Block> blocks = new HashMap<>();
    private final Map<Long, List<Long>> keysByPage = new HashMap<>();
    private final long[] frontKey = new long[1 << FRONT_BITS];
    private final Block[] frontBlock = new Block[1 << FRONT_BITS];

    BlockCache(Cpu cpu) {
        this.cpu = cpu;
        java.util.Arrays.fill(frontKey, -1);
        cpu.mmu.physical().addCodeWriteListener(this);
    }

    /** Stands for "no CS limit" (64-bit mode). */
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** The block starting at the current RIP, decoding it if needed. May throw a page fault or #GP (fetch). */
    Block lookup() {
        long limit = NO_LIMIT;
        if (cpu.codeSize != Decoder.CODE64) {
            limit = cpu.seg[Insn.CS].limit;
            if (cpu.rip > limit) {
                throw CpuException.gp(0);
            }
        }
        long linear = cpu.linear(Insn.CS, cpu.rip);
        long pa = cpu.mmu.translateFetch(linear, cpu.user());
        long key = pa << 2 | cpu.codeSize;
        int slot = (int) (key ^ (key >>> FRONT_BITS)) & ((1 << FRONT_BITS) - 1);
        Block b;
        if (frontKey[slot] == key) {
            b = frontBlock[slot];
        } else {
            b = blocks.get(key);
            if (b == null) {
                b = decode(linear, pa, key, limit);
                if (!blocks.containsKey(key)) {
                    return b;   // decoded from outside RAM: used once, never cached
                }
            }
            frontKey[slot] = key;
            frontBlock[slot] = b;
        }
        if (b.crossLinear() >= 0
                && cpu.mmu.translateFetch(b.crossLinear(), cpu.user()) >>> PhysicalMemory.PAGE_SHIFT != b.physicalPages()[1]) {
            // The second page is mapped elsewhere now: decode afresh for this mapping.
            drop(key);
            b = decode(linear, pa, key, limit);
            if (!blocks.containsKey(key)) {
                return b;
            }
            frontKey[slot] = key;
            frontBlock[slot] = b;
        }
        if (limit != NO_LIMIT && runsPast(b, limit)) {
            // Decoded under a larger CS limit: decode again, ending before the limit.
            drop(key);
            b = decode(linear, pa, key, limit);
            if (!blocks.containsKey(key)) {
                return b;
            }
            frontKey[slot] = key;
            frontBlock[slot] = b;
        }
        return b;
    }

    /** True if {@code b}, starting at the current RIP, has a byte beyond CS offset {@code limit}. */
    private boolean runsPast(Block b, long limit) {
        long room = limit - cpu.rip;
        if (room >= PhysicalMemory.PAGE_SIZE + Decoder.MAX_LENGTH) {
            return false;   // a block ends within its page, or 14 bytes into the next
        }
        long bytes = 0;
        for (Insn insn : b.insns()) {
            bytes += insn.length;
        }
        return bytes - 1 > room;
    }

    /** Decodes the block at {@code startLinear} (the current RIP); outside 64-bit mode {@code limit} is the CS limit. */
    private Block decode(long startLinear, long startPa, long key, long limit) {
        Mmu mmu = cpu.mmu;
        boolean user = cpu.user();
        List<Insn> insns = new ArrayList<>();
        long page = startPa >>> PhysicalMemory.PAGE_SHIFT;
        long secondPage = -1, crossLinear = -1;
        long at = startLinear;
        while (true) {
            final long insnLinear = at;
            Decoder.ByteSource bytes = off -> (int) mmu.physical().read(
                    mmu.translateFetch(truncate(insnLinear + off), user), 1);
            if (limit != NO_LIMIT) {
                long insnOffset = cpu.rip + (insnLinear - startLinear);
                Decoder.ByteSource paged = bytes;
                bytes = off -> {
                    if (insnOffset + off > limit) {
                        throw CpuException.gp(0);
                    }
                    return paged.byteAt(off);
                };
            }
            Insn insn;
            try {
                insn = Decoder.decode(bytes, cpu.codeSize);
            } catch (PageFault | CpuException fault) {
                if (insns.isEmpty()) {
                    throw fault;
                }
                // The earlier instructions must run first: end the block here; the fault comes when this one is fetched.
                break;
            }
            long end = insnLinear + insn.length;
            if ((end - 1) >>> PhysicalMemory.PAGE_SHIFT != insnLinear >>> PhysicalMemory.PAGE_SHIFT) {
                insns.add(insn);
                crossLinear = truncate((end - 1) & ~(PhysicalMemory.PAGE_SIZE - 1));
                secondPage = mmu.translateFetch(crossLinear, user) >>> PhysicalMemory.PAGE_SHIFT;
                break;
            }
            insns.add(insn);
            if (insn.row.has(Row.ENDS_BLOCK) || insns.size() >= MAX_BLOCK
                    || end >>> PhysicalMemory.PAGE_SHIFT != insnLinear >>> PhysicalMemory.PAGE_SHIFT) {
                break;
            }
            at = end;
        }
        long[] pages = secondPage >= 0 ? new long[]{page, secondPage} : new long[]{page};
        Block b = new Block(insns.toArray(new Insn[0]), pages, crossLinear);
        for (long p : pages) {
            if (!mmu.physical().isRamPage(p << PhysicalMemory.PAGE_SHIFT)) {
                // Writes to MMIO or open bus are not tracked, so a decoded copy could go stale: don't keep one.
                return b;
            }
        }
        blocks.put(key, b);
        for (long p : pages) {
            keysByPage.computeIfAbsent(p, k -> new ArrayList<>()).add(key);
            mmu.physical().markCode(p << PhysicalMemory.PAGE_SHIFT);
        }
        return b;
    }

    private long truncate(long linear) {
        return cpu.codeSize == Decoder.CODE64 ? linear : linear & 0xffff_ffffL;
    }

    private void drop(long key) {
        blocks.remove(key);
        int slot = (int) (key ^ (key >>> FRONT_BITS)) & ((1 << FRONT_BITS) - 1);
        if (frontKey[slot] == key) {
            frontKey[slot] = -1;
            frontBlock[slot] = null;
        }
    }

    @Override
    public void codePageWritten(long physicalPage) {
        List<Long> keys = keysByPage.remove(physicalPage >>> PhysicalMemory.PAGE_SHIFT);
        if (keys != null) {
            for (long key : keys) {
                drop(key);
            }
            // The running block may have just rewritten itself: finish the current instruction, then refetch.
            cpu.exitBlock = true;
        }
    }

    /** Drops everything (e.g. after loading a new image). */
    void clear() {
        blocks.clear();
        keysByPage.clear();
        java.util.Arrays.fill(frontKey, -1);
        java.util.Arrays.fill(frontBlock, null);
    }
}

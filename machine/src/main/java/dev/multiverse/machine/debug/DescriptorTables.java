package dev.multiverse.machine.debug;

import dev.multiverse.cpu.Cpu;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes a core's GDT and IDT (Intel SDM vol. 3 §3.4.5, §6.11, §6.14) for a debugger. All-zero entries
 * are left out; reading stops at the table's limit or at memory that is not mapped.
 */
final class DescriptorTables {
    /** Reads guest memory by linear address (throws {@link DebugException} when unmapped). */
    interface Reader {
        byte[] read(long linear, int length);
    }

    private static final String[] SYSTEM_TYPES = {"reserved", "TSS16 available", "LDT", "TSS16 busy", "call gate 16",
            "task gate", "interrupt gate 16", "trap gate 16", "reserved", "TSS available", "reserved", "TSS busy",
            "call gate", "reserved", "interrupt gate", "trap gate"};

    private DescriptorTables() {
    }

    static List<TableEntry> gdt(Cpu c, Reader memory) {
        boolean longMode = (c.efer & Cpu.EFER_LMA) != 0;
        List<TableEntry> out = new ArrayList<>();
        for (long off = 0; off + 7 <= c.gdtLimit; ) {
            long linear = c.gdtBase + off;
            long low;
            try {
                low = quad(memory.read(linear, 8));
            } catch (DebugException unmapped) {
                break;
            }
            boolean system = (low >>> 44 & 1) == 0;
            int type = (int) (low >>> 40) & 0xf;
            boolean wide = longMode && system && (type == 2 || type == 9 || type == 11 || type == 12);
            long high = 0;
            if (wide && off + 15 <= c.gdtLimit) {
                try {
                    high = quad(memory.read(linear + 8, 8));
                } catch (DebugException unmapped) {
                    wide = false;
                }
            }
            if (low != 0 || high != 0) {
                out.add(new TableEntry((int) (off >>> 3), linear, wide ? hex(high) + hex(low) : hex(low),
                        describeSegment(low, high, wide)));
            }
            off += wide ? 16 : 8;
        }
        return out;
    }

    static List<TableEntry> idt(Cpu c, Reader memory) {
        List<TableEntry> out = new ArrayList<>();
        if ((c.cr0 & Cpu.CR0_PE) == 0) {
            for (int v = 0; v < 256 && 4L * v + 3 <= c.idtLimit; v++) {
                long linear = c.idtBase + 4L * v;
                long entry;
                try {
                    entry = quad(memory.read(linear, 4)) & 0xffff_ffffL;
                } catch (DebugException unmapped) {
                    break;
                }
                if (entry == 0) continue;
                out.add(new TableEntry(v, linear, String.format("%08x", entry),
                        String.format("real-mode vector %04x:%04x", entry >>> 16, entry & 0xffff)));
            }
            return out;
        }
        boolean longMode = (c.efer & Cpu.EFER_LMA) != 0;
        int size = longMode ? 16 : 8;
        for (int v = 0; v < 256 && (long) size * v + size - 1 <= c.idtLimit; v++) {
            long linear = c.idtBase + (long) size * v;
            long low, high = 0;
            try {
                low = quad(memory.read(linear, 8));
                if (longMode) high = quad(memory.read(linear + 8, 8));
            } catch (DebugException unmapped) {
                break;
            }
            if (low == 0 && high == 0) continue;
            out.add(new TableEntry(v, linear, longMode ? hex(high) + hex(low) : hex(low), describeGate(low, high, longMode)));
        }
        return out;
    }

    private static String describeSegment(long low, long high, boolean wide) {
        long base = (low >>> 16 & 0xff_ffffL) | (low >>> 56 & 0xff) << 24 | (wide ? (high & 0xffff_ffffL) << 32 : 0);
        long limit = (low & 0xffff) | (low >>> 48 & 0xf) << 16;
        boolean granular = (low >>> 55 & 1) != 0;
        if (granular) limit = limit << 12 | 0xfff;
        int type = (int) (low >>> 40) & 0xf;
        int dpl = (int) (low >>> 45) & 3;
        boolean present = (low >>> 47 & 1) != 0;
        StringBuilder b = new StringBuilder();
        if ((low >>> 44 & 1) != 0) {
            boolean code = (type & 8) != 0;
            b.append(code ? "code" : "data");
            if ((low >>> 53 & 1) != 0 && code) b.append(" 64-bit");
            else b.append((low >>> 54 & 1) != 0 ? " 32-bit" : " 16-bit");
            if (code) {
                b.append((type & 2) != 0 ? " exec/read" : " exec-only");
                if ((type & 4) != 0) b.append(" conforming");
            } else {
                b.append((type & 2) != 0 ? " read/write" : " read-only");
                if ((type & 4) != 0) b.append(" expand-down");
            }
            if ((type & 1) != 0) b.append(" accessed");
        } else {
            b.append(SYSTEM_TYPES[type]);
        }
        b.append(String.format(" base 0x%x limit 0x%x DPL%d", base, limit, dpl));
        b.append(present ? " present" : " not present");
        return b.toString();
    }

    private static String describeGate(long low, long high, boolean longMode) {
        int type = (int) (low >>> 40) & 0xf;
        int dpl = (int) (low >>> 45) & 3;
        boolean present = (low >>> 47 & 1) != 0;
        int selector = (int) (low >>> 16) & 0xffff;
        String kind = SYSTEM_TYPES[type];
        if (type == 5) {
            return String.format("task gate TSS selector 0x%x DPL%d%s", selector, dpl, present ? " present" : " not present");
        }
        long offset = low & 0xffff;
        if (type != 6 && type != 7) offset |= (low >>> 48 & 0xffff) << 16;
        if (longMode) offset |= (high & 0xffff_ffffL) << 32;
        String s = String.format("%s 0x%x:0x%x DPL%d%s", kind, selector, offset, dpl, present ? " present" : " not present");
        if (longMode) s += " IST" + ((low >>> 32) & 7);
        return s;
    }

    private static long quad(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    private static String hex(long v) {
        return HexFormat.of().toHexDigits(v);
    }
}

package dev.multiverse.cli;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Msrs;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.debug.Breakpoint;
import dev.multiverse.machine.debug.CoreStatus;
import dev.multiverse.machine.debug.DebugException;
import dev.multiverse.machine.debug.DebugSession;
import dev.multiverse.machine.debug.PageWalk;
import dev.multiverse.machine.debug.TableEntry;
import dev.multiverse.machine.debug.Watchpoint;
import dev.multiverse.mmu.Access;
import dev.multiverse.mmu.Privilege;
import dev.multiverse.mmu.Tlb;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link DebugSession}'s state as the {@code debug} commands show it. */
final class StateReport {
    private static final String[] GPR = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] SEGMENTS = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] FLAG_NAMES = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF",
            "", "", "NT", "", "RF", "VM", "AC", "VIF", "VIP", "ID"};
    private static final Map<Integer, String> APIC_NAMES = Map.ofEntries(Map.entry(0x20, "ID"), Map.entry(0x30, "version"),
            Map.entry(0x80, "TPR"), Map.entry(0x90, "APR"), Map.entry(0xa0, "PPR"), Map.entry(0xd0, "LDR"),
            Map.entry(0xe0, "DFR"), Map.entry(0xf0, "SVR"), Map.entry(0x280, "ESR"), Map.entry(0x300, "ICR low"),
            Map.entry(0x310, "ICR high"), Map.entry(0x320, "LVT timer"), Map.entry(0x330, "LVT thermal"),
            Map.entry(0x340, "LVT perf"), Map.entry(0x350, "LVT LINT0"), Map.entry(0x360, "LVT LINT1"),
            Map.entry(0x370, "LVT error"), Map.entry(0x380, "timer initial"), Map.entry(0x390, "timer current"),
            Map.entry(0x3e0, "timer divide"));
    private static final String[] DELIVERY = {"fixed", "lowest", "SMI", "reserved", "NMI", "INIT", "reserved", "ExtINT"};

    private final DebugSession session;
    private final PrintStream out;

    StateReport(DebugSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    /** "core 0 at 0x... <sym>: bytes  instruction" for the core's next instruction. */
    void where(int core) {
        Cpu c = session.cpu(core);
        long linear = DebugSession.linearRip(c);
        List<DebugSession.Disassembly> d = session.disassemble(core, linear, 1);
        String insn = d.isEmpty() ? "(not mapped)" : hexBytes(d.getFirst().bytes()) + "  " + d.getFirst().text();
        out.println(String.format("core %d at %s: %s", core, address(linear), insn));
    }

    String describe(Breakpoint bp) {
        return String.format("%s %d at %s%s", bp.temporary() ? "temporary breakpoint" : "breakpoint", bp.id(),
                address(bp.address()), bp.core() < 0 ? "" : " on core " + bp.core());
    }

    String describe(Watchpoint wp) {
        return String.format("watchpoint %d: %s %d bytes at %s", wp.id(), wp.kind().name().toLowerCase(Locale.ROOT),
                wp.length(), address(wp.address()));
    }

    /** "0x1234 <symbol+0x4>", or just the hex without a symbol. */
    String address(long linear) {
        String s = session.symbolize(linear);
        return "0x" + Long.toHexString(linear) + (s == null ? "" : " <" + s + ">");
    }

    void registers(int core) {
        Cpu c = session.cpu(core);
        out.println(String.format("core %d, %s", core, Machine.mode(c)));
        for (int i = 0; i < 16; i += 4) {
            StringBuilder line = new StringBuilder();
            for (int j = i; j < i + 4; j++) {
                line.append(String.format("%-4s %016x  ", GPR[j], session.register(core, GPR[j])));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(String.format("rip  %016x %s", c.rip, bracket(session.symbolize(DebugSession.linearRip(c)))).stripTrailing());
        long flags = c.flags.get();
        out.println(String.format("rflags %08x [%s] IOPL %d", flags, flagNames(flags), (flags >> 12) & 3));
        for (int s = 0; s < 6; s++) out.println(segment(SEGMENTS[s], c.seg[s]));
        out.println(segment("ldtr", c.ldtr));
        out.println(segment("tr", c.tr));
        out.println(String.format("gdtr base %016x limit %04x   idtr base %016x limit %04x", c.gdtBase, c.gdtLimit,
                c.idtBase, c.idtLimit));
        out.println(String.format("cr0 %016x  cr2 %016x  cr3 %016x", c.cr0, c.cr2, c.cr3));
        out.println(String.format("cr4 %016x  cr8 %016x  efer %016x", c.cr4, session.register(core, "cr8"), c.efer));
        out.println(String.format("fs_base %016x  gs_base %016x  kernel_gs_base %016x", c.seg[Insn.FS].base,
                c.seg[Insn.GS].base, c.msrs.kernelGsBase));
        out.println(String.format("apic_base %016x  pat %016x  tsc %016x", msr(core, 0x1b), msr(core, 0x277),
                msr(core, 0x10)));
        out.println(String.format("star %016x  lstar %016x  cstar %016x  sfmask %016x", c.msrs.star, c.msrs.lstar,
                c.msrs.cstar, c.msrs.sfmask));
        out.println(String.format("sysenter_cs %04x  sysenter_esp %016x  sysenter_eip %016x", c.msrs.sysenterCs,
                c.msrs.sysenterEsp, c.msrs.sysenterEip));
        out.println(String.format("fcw %04x  fsw %04x (top %d)  ftw %04x  fop %03x  fip %04x:%016x  fdp %04x:%016x",
                c.x87.control, c.x87.status, c.x87.top(), c.x87.tag, c.x87.opcode, c.x87.instructionSelector,
                c.x87.instructionPointer, c.x87.dataSelector, c.x87.dataPointer));
        for (int i = 0; i < 8; i++) {
            Float80 v = c.x87.st(i);
            out.println(String.format("st%d %04x %016x  %s%s", i, v.signExponent(), v.significand(), value(v),
                    c.x87.isEmpty(i) ? " (empty)" : ""));
        }
        for (int i = 0; i < 16; i++) {
            long[] x = session.xmm(core, i);
            out.print(String.format("xmm%-2d %016x%016x%s", i, x[1], x[0], i % 2 == 1 ? "\n" : "  "));
        }
        out.println(String.format("mxcsr %08x", c.mxcsr));
    }

    private long msr(int core, int index) {
        try {
            return session.msr(core, index);
        } catch (DebugException e) {
            return 0;
        }
    }

    private static String segment(String name, Segment s) {
        return String.format("%-4s %04x base %016x limit %08x attr %04x %s", name, s.selector, s.base, s.limit,
                s.attributes, attributes(s.attributes));
    }

    /** The cached attributes spelled out: type, size, DPL, present. */
    private static String attributes(int a) {
        if ((a & Segment.P) == 0) return "(not present)";
        int type = a & 0xf;
        StringBuilder b = new StringBuilder();
        if ((a & Segment.S) == 0) {
            b.append(switch (type) {
                case 2 -> "LDT";
                case 1, 9 -> "TSS available";
                case 3, 11 -> "TSS busy";
                default -> "system type " + type;
            });
        } else if ((type & 8) != 0) {
            b.append((a & Segment.L) != 0 ? "code 64-bit" : (a & Segment.DB) != 0 ? "code 32-bit" : "code 16-bit");
            b.append((type & 2) != 0 ? " exec/read" : " exec-only");
            if ((type & 4) != 0) b.append(" conforming");
        } else {
            b.append((a & Segment.DB) != 0 ? "data 32-bit" : "data 16-bit");
            b.append((type & 2) != 0 ? " read/write" : " read-only");
            if ((type & 4) != 0) b.append(" expand-down");
        }
        b.append(" DPL").append((a >> 5) & 3);
        if ((a & Segment.G) != 0) b.append(" G");
        return b.toString();
    }

    private static String flagNames(long flags) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (!FLAG_NAMES[i].isEmpty() && (flags >> i & 1) != 0) b.append(b.isEmpty() ? "" : " ").append(FLAG_NAMES[i]);
        }
        return b.toString();
    }

    /** An 80-bit value as a decimal approximation (to double precision). */
    static String value(Float80 v) {
        int e = v.signExponent() & 0x7fff;
        String sign = v.negative() ? "-" : "";
        if (e == 0x7fff) return (v.significand() << 1) == 0 ? sign + "inf" : "nan";
        if (e == 0 && v.significand() == 0) return sign + "0";
        double d = Math.scalb((double) (v.significand() >>> 11), (e == 0 ? 1 : e) - 16383 - 52);
        return sign + d;
    }

    void dump(long address, byte[] data) {
        for (int off = 0; off < data.length; off += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (int i = off; i < off + 16; i++) {
                if (i < data.length) {
                    int b = data[i] & 0xff;
                    hex.append(String.format("%02x ", b));
                    text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
                if (i == off + 7) hex.append(' ');
            }
            out.println(String.format("%016x  %s |%s|", address + off, hex, text));
        }
    }

    void disassembly(int core, long address, int count) {
        List<DebugSession.Disassembly> lines = session.disassemble(core, address, count);
        if (lines.isEmpty()) throw new DebugException(String.format("0x%x is not mapped", address));
        for (DebugSession.Disassembly d : lines) {
            if (d.symbol() != null && !d.symbol().contains("+")) out.println(String.format("<%s>:", d.symbol()));
            out.println(String.format("  %8x:  %-24s %s", d.address(), hexBytes(d.bytes()), d.text()));
        }
        if (lines.size() < count) out.println(String.format("  %8x:  (not mapped)", address + totalLength(lines)));
    }

    private static long totalLength(List<DebugSession.Disassembly> lines) {
        long n = 0;
        for (DebugSession.Disassembly d : lines) n += d.bytes().length;
        return n;
    }

    void pageWalk(int core, long linear) {
        Cpu c = session.cpu(core);
        PageWalk w = session.pageWalk(core, linear);
        out.println(String.format("page walk of 0x%x on core %d: %s paging%s", linear, core, w.mode(),
                w.mode().equals("none") ? "" : String.format(", CR3 0x%x", c.cr3)));
        for (PageWalk.Level l : w.levels()) {
            out.println(String.format("  %-5s [%3d] at 0x%09x: %016x  %s", l.name(), l.index(), l.address(), l.entry(),
                    l.flags()));
        }
        if (!w.mapped()) {
            out.println("  not mapped: " + w.fault());
            return;
        }
        out.println(String.format("  -> physical 0x%x (%s page, %s, %s%s)", w.physical(), size(w.pageSize()),
                w.writable() ? "writable" : "read-only", w.user() ? "user" : "supervisor",
                w.noExecute() ? ", no-execute" : ""));
    }

    private static String size(long bytes) {
        return bytes >= 1 << 30 ? (bytes >> 30) + " GiB" : bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    void tlb(int core) {
        List<Tlb.Entry> entries = session.tlb(core);
        out.println(String.format("core %d TLB: %d entries", core, entries.size()));
        for (Tlb.Entry e : entries) {
            String access = switch (e.access()) {
                case Access.READ -> "read ";
                case Access.WRITE -> "write";
                default -> "fetch";
            };
            String who = switch (e.privilege()) {
                case Privilege.USER -> "user";
                case Privilege.SUPERVISOR_AC -> "supervisor+AC";
                default -> "supervisor";
            };
            out.println(String.format("  %s %016x -> %09x  %s page%s, %s", access, e.linear(), e.physical(),
                    size(1L << e.pageShift()), e.global() ? ", global" : "", who));
        }
    }

    void table(String name, int core, List<TableEntry> entries) {
        Cpu c = session.cpu(core);
        boolean gdt = name.equals("GDT");
        out.println(String.format("core %d %s base 0x%x limit 0x%x: %d entries in use", core, name,
                gdt ? c.gdtBase : c.idtBase, gdt ? c.gdtLimit : c.idtLimit, entries.size()));
        for (TableEntry e : entries) {
            out.println(String.format("  %s %3d (0x%02x)  %s  %s", gdt ? "sel " + String.format("%04x", e.index() * 8) : "vec",
                    e.index(), e.index(), e.raw(), e.description()));
        }
    }

    void localApic(int core) {
        out.println(String.format("core %d local APIC (base MSR %016x):", core, msr(core, Msrs.APIC_BASE)));
        for (int[] r : session.localApicRegisters(core)) {
            String n = APIC_NAMES.get(r[0]);
            if (n == null) {
                n = r[0] < 0x180 ? "ISR" + ((r[0] - 0x100) >> 4) : r[0] < 0x200 ? "TMR" + ((r[0] - 0x180) >> 4)
                        : "IRR" + ((r[0] - 0x200) >> 4);
            }
            out.println(String.format("  %03x %-14s %08x", r[0], n, r[1]));
        }
    }

    void ioApic() {
        long[] r = session.ioApicRegisters();
        out.println(String.format("IOAPIC ID %08x  version %08x", r[0], r[1]));
        for (int p = 0; p < r.length - 2; p++) {
            long e = r[2 + p];
            out.println(String.format("  pin %2d: %016x vector 0x%02x %s %s dest 0x%x %s %s%s%s%s", p, e, e & 0xff,
                    DELIVERY[(int) (e >> 8) & 7], (e >> 11 & 1) != 0 ? "logical" : "physical", e >>> 56,
                    (e >> 15 & 1) != 0 ? "level" : "edge", (e >> 13 & 1) != 0 ? "active-low" : "active-high",
                    (e >> 16 & 1) != 0 ? " masked" : "", (e >> 14 & 1) != 0 ? " remote-IRR" : "",
                    session.ioApicInput(p) ? " input-asserted" : ""));
        }
    }

    void cores(int current) {
        for (CoreStatus s : session.cores()) {
            out.println(String.format("%s core %d  %-34s rip %s  %s  %d instructions  %d cycles",
                    s.core() == current ? "*" : " ", s.core(), s.mode(), address(s.linear()), s.state(),
                    s.instructions(), s.cycles()));
        }
    }

    void cycles() {
        for (CoreStatus s : session.cores()) {
            out.println(String.format("core %d: %d cycles, %d instructions", s.core(), s.cycles(), s.instructions()));
        }
    }

    private static String bracket(String symbol) {
        return symbol == null ? "" : "<" + symbol + ">";
    }

    static String hexBytes(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) b.append(String.format("%02x ", x & 0xff));
        return b.toString().strip();
    }
}

package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Mismatches grouped by mnemonic, with counts of what differed and a few reproducible examples each. XMM
 * registers print as four 32-bit lanes, highest first; x87/MMX registers as sign-exponent:significand.
 */
final class DiffReport {
    private static final int EXAMPLES = 3;
    /** Instructions that read XMM0 without naming it. */
    private static final Set<String> IMPLICIT_XMM0 = Set.of("blendvps", "blendvpd", "pblendvb", "pcmpistrm", "pcmpestrm");

    record Mismatch(DiffCase c, Outcome nativeOutcome, Outcome emulated, List<String> differences) {
    }

    private final Map<String, Integer> casesByMnemonic;
    /** Cases per mnemonic that ran to completion natively (the rest raised an exception). */
    private final Map<String, Integer> completedByMnemonic = new LinkedHashMap<>();
    /** How the native cases that did not complete stopped, for the integer and the x87/MMX/SSE rows. */
    private final Map<String, Integer> integerFaults = new TreeMap<>(), vectorFaults = new TreeMap<>();
    private final Map<String, List<Mismatch>> byMnemonic = new LinkedHashMap<>();
    private int total;

    DiffReport(List<DiffCase> cases, List<Outcome> nativeOutcomes, List<Outcome> emulated) {
        casesByMnemonic = CaseGenerator.countByMnemonic(cases);
        for (int i = 0; i < cases.size(); i++) {
            DiffCase c = cases.get(i);
            Outcome n = nativeOutcomes.get(i);
            if (n.completed()) completedByMnemonic.merge(c.row().mnemonic(), 1, Integer::sum);
            else (c.fpu() != null ? vectorFaults : integerFaults).merge(n.describeStop().split("[( ]")[0], 1, Integer::sum);
            List<String> d = Comparison.differences(c, nativeOutcomes.get(i), emulated.get(i));
            if (!d.isEmpty()) {
                byMnemonic.computeIfAbsent(c.row().mnemonic(), k -> new ArrayList<>()).add(new Mismatch(c, nativeOutcomes.get(i), emulated.get(i), d));
                total++;
            }
        }
    }

    int mismatchCount() {
        return total;
    }

    /** One line per mnemonic: cases run, how many completed natively (the rest faulted), and mismatches. */
    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("native exceptions, integer rows: ").append(integerFaults).append('\n');
        s.append("native exceptions, x87/MMX/SSE rows: ").append(vectorFaults).append('\n');
        s.append(String.format("%-12s %8s %10s %10s%n", "mnemonic", "cases", "completed", "mismatches"));
        for (Map.Entry<String, Integer> e : casesByMnemonic.entrySet()) {
            int bad = byMnemonic.getOrDefault(e.getKey(), List.of()).size();
            s.append(String.format("%-12s %8d %10d %10s%n", e.getKey(), e.getValue(), completedByMnemonic.getOrDefault(e.getKey(), 0),
                    bad == 0 ? "" : Integer.toString(bad)));
        }
        return s.toString();
    }

    /** One line per mnemonic with mismatches: how many, and which items differed how often. */
    String overview() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<Mismatch>> e : byMnemonic.entrySet()) {
            Map<String, Integer> items = new TreeMap<>();
            for (Mismatch m : e.getValue()) {
                for (String d : m.differences()) items.merge(d, 1, Integer::sum);
            }
            s.append(String.format("  %-10s %5d of %5d differ: %s%n", e.getKey(), e.getValue().size(), casesByMnemonic.get(e.getKey()), items));
        }
        return s.toString();
    }

    /** Every mnemonic with mismatches: which items differed how often, per form, and the first examples. */
    String details() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<Mismatch>> e : byMnemonic.entrySet()) {
            List<Mismatch> list = e.getValue();
            s.append(String.format("== %s: %d of %d cases differ%n", e.getKey(), list.size(), casesByMnemonic.get(e.getKey())));
            Map<String, Integer> forms = new TreeMap<>();
            Map<String, Integer> items = new TreeMap<>();
            for (Mismatch m : list) {
                forms.merge(m.c().form(), 1, Integer::sum);
                for (String d : m.differences()) items.merge(d, 1, Integer::sum);
            }
            s.append("   forms: ").append(forms).append('\n');
            s.append("   differing: ").append(items).append('\n');
            for (Mismatch m : list.subList(0, Math.min(EXAMPLES, list.size()))) example(s, m);
        }
        return s.toString();
    }

    /** Every mismatch, one line each: case, form, bytes, what differs, and both stops. */
    String allMismatches() {
        StringBuilder s = new StringBuilder();
        for (List<Mismatch> list : byMnemonic.values()) {
            for (Mismatch m : list) {
                s.append(String.format("#%d %s [%s] %s | native %s | emulated %s%n", m.c().id(), m.c().form(), m.c().hex(),
                        m.differences(), m.nativeOutcome().describeStop(), m.emulated().describeStop()));
            }
        }
        return s.toString();
    }

    /** The first {@code limit} mismatches of each mnemonic in the example format, with their inputs and results. */
    String examples(int limit) {
        StringBuilder s = new StringBuilder();
        for (List<Mismatch> list : byMnemonic.values()) {
            for (Mismatch m : list.subList(0, Math.min(limit, list.size()))) example(s, m);
        }
        return s.toString();
    }

    private static void example(StringBuilder s, Mismatch m) {
        DiffCase c = m.c();
        s.append(String.format("   case #%d %s  [%s]  (%s)%n", c.id(), c.form(), c.hex(), RowNames.opcode(c.row())));
        s.append("     in:  ").append(registers(c.gpr())).append(String.format(" rflags=%x", c.rflags()));
        for (DiffCase.Patch p : c.patches()) {
            s.append(String.format(" mem[%x]=", p.address()));
            for (byte b : p.bytes()) s.append(String.format("%02x", b & 0xff));
        }
        s.append('\n');
        if (c.fpu() != null) {
            boolean mmx = RowKinds.usesMmx(c.row());
            s.append("     in:  mxcsr=").append(String.format("%04x", FxsaveImage.get(c.fpu(), FxsaveImage.MXCSR, 4)));
            if (mmx) {
                for (String item : List.of("fcw", "fsw", "ftw")) s.append(' ').append(FxsaveImage.describe(c.fpu(), item, true, c.fpu()));
            }
            byte[] reference = m.nativeOutcome().fpu() != null ? m.nativeOutcome().fpu() : c.fpu();
            for (String item : vectorItems(m)) s.append(' ').append(FxsaveImage.describe(c.fpu(), item, mmx, reference));
            s.append('\n');
        }
        s.append("     differs: ").append(m.differences()).append('\n');
        outcome(s, "native  ", m.nativeOutcome(), m);
        outcome(s, "emulated", m.emulated(), m);
    }

    private static void outcome(StringBuilder s, String side, Outcome o, Mismatch m) {
        s.append("     ").append(side).append(": ").append(o.describeStop());
        for (int r = 0; r < 16; r++) {
            if (m.differences().contains(Comparison.register(r))) s.append(String.format(" %s=%x", Comparison.register(r), o.gpr()[r]));
        }
        s.append(String.format(" rflags=%x", o.rflags()));
        if (m.differences().contains("memory")) {
            List<Outcome.Change> ch = o.changes();
            s.append(" changed ").append(ch.size() > 12 ? ch.subList(0, 12) + "..." : ch);
        }
        if (o.fpu() != null) {
            boolean mmx = RowKinds.usesMmx(m.c().row());
            byte[] reference = m.nativeOutcome().fpu() != null ? m.nativeOutcome().fpu() : o.fpu();
            for (String item : m.differences()) {
                String value = FxsaveImage.describe(o.fpu(), item, mmx, reference);
                if (!value.equals(item)) s.append(' ').append(value);
            }
        }
        s.append('\n');
    }

    /** The XMM and MMX registers the instruction names (or reads implicitly), then any other that differs. */
    private static Set<String> vectorItems(Mismatch m) {
        Set<String> items = new LinkedHashSet<>();
        byte[] code = m.c().code();
        Insn insn = Decoder.decode(off -> off < code.length ? code[off] & 0xff : 0xf4, Decoder.CODE64);
        if (insn.row == m.c().row()) {
            for (int n = 0; n < Math.min(3, insn.row.operands().size()); n++) {
                OperandKind k = insn.row.operands().get(n);
                if (!k.simd() || insn.loc(n) == Insn.MEM) continue;
                boolean xmm = k.source == OperandKind.Source.XMM_REG || k.source == OperandKind.Source.XMM_RM;
                items.add((xmm ? "xmm" : "mm") + insn.loc(n));
            }
        }
        if (IMPLICIT_XMM0.contains(m.c().row().mnemonic())) items.add("xmm0");
        for (String d : m.differences()) {
            if (d.matches("(xmm|mm|st)[0-9]+")) items.add(d);
        }
        return items;
    }

    private static String registers(long[] gpr) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < 16; r++) {
            if (r > 0) s.append(' ');
            s.append(Comparison.register(r)).append('=').append(Long.toHexString(gpr[r]));
        }
        return s.toString();
    }
}

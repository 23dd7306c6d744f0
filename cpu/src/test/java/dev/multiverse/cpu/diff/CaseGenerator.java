package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.decode.OpcodeTable;
import dev.multiverse.cpu.insn.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Enumerates every row of the opcode table, keeps those that can run natively in user mode, and draws
 * cases for each: the integer rows share one budget and the x87/MMX/SSE rows another, evenly within each.
 * Every row has its own random stream, seeded from the run seed and the row's opcode and form, so adding
 * rows elsewhere in the table does not change another row's cases.
 */
final class CaseGenerator {
    /** A row left out, and why. */
    record Skipped(Row row, String reason) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    CaseGenerator() {
        for (Row row : OpcodeTable.allRows()) {
            String why = NativeEligibility.whyNot(row);
            if (why == null) rows.add(row);
            else skipped.add(new Skipped(row, why));
        }
    }

    List<Row> rows() {
        return rows;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    List<Row> integerRows() {
        return rows.stream().filter(r -> !RowKinds.usesFpu(r)).toList();
    }

    List<Row> vectorRows() {
        return rows.stream().filter(RowKinds::usesFpu).toList();
    }

    /**
     * At least {@code integerMinimum} cases over the integer rows and {@code vectorMinimum} over the
     * x87/MMX/SSE rows (when there are any), each spread evenly over its rows.
     */
    List<DiffCase> generate(long seed, int integerMinimum, int vectorMinimum) {
        List<DiffCase> cases = new ArrayList<>(integerMinimum + vectorMinimum);
        generate(seed, integerRows(), integerMinimum, cases);
        generate(seed, vectorRows(), vectorMinimum, cases);
        return cases;
    }

    private static void generate(long seed, List<Row> rows, int minimum, List<DiffCase> cases) {
        int perRow = Math.max(200, (minimum + rows.size() - 1) / Math.max(rows.size(), 1));
        for (Row row : rows) {
            String key = RowNames.opcode(row) + " " + RowNames.form(row) + " " + row.flags();
            SplittableRandom random = new SplittableRandom(seed ^ (long) key.hashCode() * 0x9e37_79b9_7f4a_7c15L);
            int made = 0, draws = 0;
            while (made < perRow) {
                if (++draws > perRow * 20) {
                    throw new IllegalStateException("cannot draw safe cases for " + key);
                }
                DiffCase c = CaseBuilder.build(cases.size(), row, random);
                if (c != null) {
                    cases.add(c);
                    made++;
                }
            }
        }
    }

    /** Case counts per mnemonic, in table order. */
    static Map<String, Integer> countByMnemonic(List<DiffCase> cases) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DiffCase c : cases) counts.merge(c.row().mnemonic(), 1, Integer::sum);
        return counts;
    }
}

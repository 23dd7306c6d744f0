package dev.multiverse.cli.gdb;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The target description gdb reads with {@code qXfer:features:read:target.xml}: the architecture and every
 * register of {@link X86Registers} with its number, grouped by feature, plus the flag and vector types
 * the features use.
 */
final class TargetDescription {
    static final String ANNEX = "target.xml";

    private static final String[][] EFLAGS = {{"CF", "0"}, {"", "1"}, {"PF", "2"}, {"AF", "4"}, {"ZF", "6"},
            {"SF", "7"}, {"TF", "8"}, {"IF", "9"}, {"DF", "10"}, {"OF", "11"}, {"NT", "14"}, {"RF", "16"},
            {"VM", "17"}, {"AC", "18"}, {"VIF", "19"}, {"VIP", "20"}, {"ID", "21"}};
    private static final String[][] MXCSR = {{"IE", "0"}, {"DE", "1"}, {"ZE", "2"}, {"OE", "3"}, {"UE", "4"},
            {"PE", "5"}, {"DAZ", "6"}, {"IM", "7"}, {"DM", "8"}, {"ZM", "9"}, {"OM", "10"}, {"UM", "11"},
            {"PM", "12"}, {"FZ", "15"}};

    private TargetDescription() {
    }

    static final String XML = build();

    private static String build() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.append("  <architecture>i386:x86-64</architecture>\n");
        Set<String> features = new LinkedHashSet<>();
        X86Registers.ALL.forEach(r -> features.add(r.feature()));
        for (String feature : features) {
            x.append("  <feature name=\"").append(feature).append("\">\n");
            if (feature.equals(X86Registers.CORE)) {
                flags(x, "i386_eflags", EFLAGS);
            } else if (feature.equals(X86Registers.SSE)) {
                vec128(x);
                flags(x, "i386_mxcsr", MXCSR);
            }
            for (X86Registers.Register r : X86Registers.ALL) {
                if (r.feature().equals(feature)) {
                    x.append("    <reg name=\"").append(r.name()).append("\" bitsize=\"").append(r.bits())
                            .append("\" type=\"").append(r.type()).append("\" group=\"").append(r.group())
                            .append("\" regnum=\"").append(r.number()).append("\"/>\n");
                }
            }
            x.append("  </feature>\n");
        }
        return x.append("</target>\n").toString();
    }

    private static void flags(StringBuilder x, String id, String[][] fields) {
        x.append("    <flags id=\"").append(id).append("\" size=\"4\">\n");
        for (String[] f : fields) {
            x.append("      <field name=\"").append(f[0]).append("\" start=\"").append(f[1])
                    .append("\" end=\"").append(f[1]).append("\"/>\n");
        }
        x.append("    </flags>\n");
    }

    private static void vec128(StringBuilder x) {
        x.append("""
                    <vector id="v4f" type="ieee_single" count="4"/>
                    <vector id="v2d" type="ieee_double" count="2"/>
                    <vector id="v16i8" type="int8" count="16"/>
                    <vector id="v8i16" type="int16" count="8"/>
                    <vector id="v4i32" type="int32" count="4"/>
                    <vector id="v2i64" type="int64" count="2"/>
                    <union id="vec128">
                      <field name="v4_float" type="v4f"/>
                      <field name="v2_double" type="v2d"/>
                      <field name="v16_int8" type="v16i8"/>
                      <field name="v8_int16" type="v8i16"/>
                      <field name="v4_int32" type="v4i32"/>
                      <field name="v2_int64" type="v2i64"/>
                      <field name="uint128" type="uint128"/>
                    </union>
                """);
    }
}

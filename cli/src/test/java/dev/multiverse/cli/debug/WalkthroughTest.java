package dev.multiverse.cli.debug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/walkthrough-real-to-long.md shows one debugger session in its {@code mv-session} blocks: running the
 * commands after its prompts again must print the same session. Addresses, byte values and counts are
 * compared only as "a number here", so that a change to the ROM runtime's layout does not outdate the
 * text; everything else (each command's answer, modes, symbols, the guest's output) must match.
 */
class WalkthroughTest {
    private static final Path DOC = Path.of("..", "docs", "walkthrough-real-to-long.md");
    private static final String DOC_ROM = "test-roms/target/roms/modes.elf";
    private static final Pattern SESSION = Pattern.compile("```mv-session\n(.*?)```\n", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theSessionInTheWalkthroughIsWhatTheDebuggerPrints() throws Exception {
        String doc = Files.readString(DOC);
        StringBuilder expected = new StringBuilder();
        Matcher m = SESSION.matcher(doc);
        while (m.find()) expected.append(m.group(1));
        assertTrue(expected.length() > 0, "no mv-session blocks in " + DOC);
        Path rom = DebugScript.rom("modes", dir);
        StringBuilder script = new StringBuilder();
        for (String line : expected.toString().lines().toList()) {
            if (line.startsWith("(mv) ")) script.append(line.substring(5).replace(DOC_ROM, rom.toString())).append('\n');
        }
        Path file = Files.writeString(dir.resolve("walkthrough.script"), script);
        DebugScript s = DebugScript.main("debug", "--kernel", rom.toString(), "--script", file.toString());
        String actual = s.out().replace(rom.toString(), DOC_ROM);
        assertEquals(1, s.status(), "the ROM passes and exits as under run:\n" + s.err());
        List<String> want = expected.toString().lines().map(WalkthroughTest::masked).toList();
        List<String> got = actual.lines().map(WalkthroughTest::masked).toList();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertEquals(want.get(i), got.get(i), "line " + (i + 1) + " of the session differs from " + DOC
                    + "; the session now reads:\n" + actual);
        }
        assertEquals(want.size(), got.size(), "the session's length differs from " + DOC + "; it now reads:\n" + actual);
    }

    /** The line with every hex or decimal number (a word of hex digits with a digit in it) replaced by '#'. */
    static String masked(String line) {
        return line.replaceAll("\\b(0x)?[0-9a-f]*[0-9][0-9a-f]*\\b", "#");
    }
}

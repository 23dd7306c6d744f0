package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Multiboot 2 and PVH test ROMs booted through {@code run --kernel}, with a command line and modules. */
class BootProtocolRomTest {
    @TempDir
    Path dir;

    private static void assertPassed(Cli r) {
        List<String> failures = r.out().lines().filter(l -> l.startsWith("FAIL") || l.startsWith("EXCEPTION")).toList();
        assertEquals(List.of(), failures, r.out());
        assertTrue(r.out().lines().anyMatch("ALL PASS"::equals), r.out() + r.err());
        assertEquals(1, r.status(), r.err());
    }

    @Test
    void multiboot2RomSeesItsTagsAndVerboseNamesTheProtocol() throws Exception {
        Path mb2 = Cli.rom("mb2", dir);
        Path text = Files.writeString(dir.resolve("one.txt"), "first module\n");
        Path bin = Files.write(dir.resolve("two.bin"), new byte[]{'s', 'e', 'c', 0, (byte) 0xFF});
        Cli r = Cli.run("run", "--kernel", mb2.toString(), "--append", "check=1 console=ttyS0", "--initrd",
                text + " arg1 arg2", "--initrd", bin.toString(), "--verbose", "--max-instructions", Cli.LIMIT);
        assertPassed(r);
        assertEquals(List.of("multiverse: booting " + mb2 + " with the Multiboot 2 protocol"), r.errLines());
        String out = r.out();
        assertTrue(out.contains("mb2: magic=0x36d76289\n"), out);
        assertTrue(out.contains("cmdline=\"check=1 console=ttyS0\"\n"), "the command line is --append alone: " + out);
        assertTrue(out.contains("boot_loader_name=\"multiverse\"\n"), out);
        assertTrue(out.contains("mod[0]: size=13 fnv1a=0xe2f4384f\nmod[0]: string=\"arg1 arg2\"\n"
                + "mod[0]: head=\"first module\\n\"\n"), out);
        assertTrue(out.contains("mod[1]: size=5 fnv1a=0x3e76816b\nmod[1]: string=\"\"\nmod[1]: head=\"sec\\x00\\xff\"\n"), out);
        assertTrue(out.contains("mem_lower=639 KiB mem_upper=130048 KiB\n"), out);
        assertTrue(out.contains("mmap[2]: base=0x0000000000100000 length=0x0000000007f00000 type=1\n"), out);
        assertTrue(out.contains("mods_count=2\n"), out);
    }

    @Test
    void pvhRomSeesStartInfoAndVerboseNamesTheProtocol() throws Exception {
        Path pvh = Cli.rom("pvh", dir);
        Path text = Files.writeString(dir.resolve("one.txt"), "first module\n");
        Path bin = Files.write(dir.resolve("two.bin"), new byte[]{'s', 'e', 'c', 0, (byte) 0xFF});
        Cli r = Cli.run("run", "--kernel", pvh.toString(), "--append", "root=/dev/vda", "--initrd", text.toString(),
                "--initrd", bin + " rd args", "--verbose", "--max-instructions", Cli.LIMIT);
        assertPassed(r);
        assertEquals(List.of("multiverse: booting " + pvh + " with the PVH protocol"), r.errLines());
        String out = r.out();
        assertTrue(out.contains("version=1 flags=0x0\ncmdline=\"root=/dev/vda\"\nnr_modules=2\n"), out);
        assertTrue(out.contains("mod[0]: size=13 fnv1a=0xe2f4384f\nmod[0]: string=(none)\n"), out);
        assertTrue(out.contains("mod[1]: size=5 fnv1a=0x3e76816b\nmod[1]: string=\"rd args\"\n"), out);
        assertTrue(out.contains("mmap[1]: base=0x000000000009fc00 length=0x0000000000060400 type=2\n"), out);
    }

    @Test
    void withoutVerboseNothingIsSaidAboutTheProtocol() {
        Cli r = Cli.run("run", "--kernel", Cli.rom("pvh", dir).toString(), "--max-instructions", Cli.LIMIT);
        assertPassed(r);
        assertEquals("", r.err());
    }
}

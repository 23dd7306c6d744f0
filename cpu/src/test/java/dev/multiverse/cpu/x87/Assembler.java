package dev.multiverse.cpu.x87;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Assembles AT&T snippets (instructions separated by ';') with GNU as into 64-bit machine code, one array each. */
final class Assembler {
    private Assembler() {
    }

    static List<byte[]> assemble(Path dir, List<String> snippets) throws IOException, InterruptedException {
        StringBuilder source = new StringBuilder(".text\n");
        for (int n = 0; n < snippets.size(); n++) {
            source.append("s").append(n).append(":\n");
            for (String insn : snippets.get(n).split(";")) source.append("  ").append(insn.strip()).append('\n');
        }
        source.append("s").append(snippets.size()).append(":\n");
        Path asm = dir.resolve("snippets.s"), object = dir.resolve("snippets.o"), binary = dir.resolve("snippets.bin");
        Files.writeString(asm, source);
        run(dir, "as", "--64", "-o", object.toString(), asm.toString());
        run(dir, "objcopy", "-O", "binary", "-j", ".text", object.toString(), binary.toString());
        Map<String, Integer> labels = new HashMap<>();
        for (String line : run(dir, "nm", object.toString()).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) labels.put(parts[2], Integer.parseInt(parts[0], 16));
        }
        byte[] code = Files.readAllBytes(binary);
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < snippets.size(); n++) {
            int from = labels.get("s" + n), to = labels.get("s" + (n + 1));
            out.add(java.util.Arrays.copyOfRange(code, from, to));
        }
        return out;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("tool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }
}

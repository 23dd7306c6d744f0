package dev.multiverse.cpu.disasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GNU binutils as the reference: runs objdump (and as, nm, objcopy) and parses the listing. */
final class Objdump {
    /** One instruction of a listing: address, bytes and the text after the bytes column. */
    record Line(long address, byte[] bytes, String text) {
        String hex() {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(.*)$");

    private Objdump() {
    }

    /**
     * Disassembles a file's code with objdump {@code -d} plus {@code options}, on a copy without symbols
     * so that branch targets and RIP-relative comments print as plain {@code 0x} addresses. {@code -w}
     * keeps each instruction on one line and {@code -z} shows runs of zero bytes instead of "...".
     */
    static List<Line> disassemble(Path file, Path scratch, String... options) throws IOException {
        Path stripped = scratch.resolve(file.getFileName() + ".stripped");
        run("objcopy", "--strip-all", file.toString(), stripped.toString());
        List<String> command = new ArrayList<>(List.of("objdump", "-d", "-w", "-z"));
        command.addAll(List.of(options));
        command.add(stripped.toString());
        List<Line> lines = new ArrayList<>();
        for (String s : run(command.toArray(String[]::new)).split("\n")) {
            Matcher m = LINE.matcher(s);
            if (m.matches()) {
                String[] hex = m.group(2).trim().split(" ");
                byte[] bytes = new byte[hex.length];
                for (int i = 0; i < hex.length; i++) {
                    bytes[i] = (byte) Integer.parseInt(hex[i], 16);
                }
                lines.add(new Line(Long.parseLong(m.group(1), 16), bytes, m.group(3)));
            }
        }
        return lines;
    }

    /** The bytes of a contiguous listing, from its first address. */
    static byte[] code(List<Line> lines) {
        int size = 0;
        for (Line l : lines) size += l.bytes().length;
        byte[] code = new byte[size];
        long start = lines.isEmpty() ? 0 : lines.getFirst().address();
        for (Line l : lines) {
            System.arraycopy(l.bytes(), 0, code, (int) (l.address() - start), l.bytes().length);
        }
        return code;
    }

    /** Whitespace collapsed, as the comparison sees objdump's column padding. */
    static String normalize(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }

    static String run(String... command) throws IOException {
        // Diagnostics share stdout (no pipe can fill up unread); they never match a listing line.
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }
}

package dev.multiverse.cpu.diff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The binary files exchanged with the native harness; the format is described in diffharness.c. */
final class CaseFile {
    private static final byte[] MAGIC = "MVDIFF02".getBytes(StandardCharsets.US_ASCII);

    private CaseFile() {
    }

    static void writeCases(Path file, List<DiffCase> cases) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).putLong(DiffLayout.CODE_PAGE).putLong(DiffLayout.INSN).putInt(DiffLayout.AREAS.size());
            flush(b, out);
            for (Area a : DiffLayout.AREAS) {
                b.putLong(a.base()).putInt(a.size());
                flush(b, out);
                out.write(DiffLayout.initialContents(a));
            }
            b.putInt(cases.size());
            for (DiffCase c : cases) {
                b.put((byte) c.code().length).put(c.code()).put(new byte[DiffLayout.MAX_INSN - c.code().length]);
                for (long r : c.gpr()) b.putLong(r);
                b.putLong(c.rflags());
                b.put((byte) (c.fpu() != null ? 1 : 0));
                if (c.fpu() != null) b.put(c.fpu());
                b.putShort((short) c.patches().size());
                for (DiffCase.Patch p : c.patches()) {
                    b.putLong(p.address()).putShort((short) p.bytes().length).put(p.bytes());
                }
                flush(b, out);
            }
        }
    }

    private static void flush(ByteBuffer b, OutputStream out) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }

    static List<Outcome> readOutcomes(Path file, int count) throws IOException {
        List<Outcome> outcomes = new ArrayList<>(count);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            byte[] fixed = new byte[4 + 4 + 8 + 8 + 16 * 8 + 8 + 4];
            for (int i = 0; i < count; i++) {
                in.readFully(fixed);
                ByteBuffer b = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
                int vector = b.getInt(), error = b.getInt();
                long rip = b.getLong(), cr2 = b.getLong();
                long[] gpr = new long[16];
                for (int r = 0; r < 16; r++) gpr[r] = b.getLong();
                long rflags = b.getLong();
                int changeCount = b.getInt();
                List<Outcome.Change> changes = new ArrayList<>(changeCount);
                byte[] change = new byte[9];
                for (int k = 0; k < changeCount; k++) {
                    in.readFully(change);
                    ByteBuffer cb = ByteBuffer.wrap(change).order(ByteOrder.LITTLE_ENDIAN);
                    changes.add(new Outcome.Change(cb.getLong(), cb.get() & 0xff));
                }
                byte[] fpu = null;
                if (in.readUnsignedByte() != 0) {
                    fpu = new byte[FxsaveImage.SIZE];
                    in.readFully(fpu);
                }
                outcomes.add(new Outcome(vector, error, rip, cr2, gpr, rflags, changes, fpu, null));
            }
            if (in.read() != -1) throw new IOException(file + ": more outcomes than cases");
        }
        return outcomes;
    }
}

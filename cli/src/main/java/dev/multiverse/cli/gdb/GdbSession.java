package dev.multiverse.cli.gdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The command side of the GDB remote protocol: reads packets from a {@link PacketChannel}, runs them
 * against a {@link GdbTarget} and answers. All-stop mode: while the target runs, the only thing gdb
 * sends is the interrupt byte, which the channel turns into {@link GdbTarget#interrupt()}.
 *
 * <p>Threads are cores: gdb's thread id N is core N-1 (gdb reserves 0 for "any" and -1 for "all").
 */
final class GdbSession {
    /** How the session ended. */
    enum End { DETACHED, KILLED, EXITED, DISCONNECTED }

    static final int PACKET_SIZE = 0x4000;
    /** Signal numbers of stop replies (gdb's own numbering): SIGINT for Ctrl-C, SIGTRAP for everything else. */
    private static final int SIGINT = 2, SIGTRAP = 5;
    /** errno values gdb expects in E replies: EPERM for what cannot be done, EFAULT for bad memory, EINVAL. */
    private static final String EPERM = "E01", EFAULT = "E0e", EINVAL = "E16";

    private final GdbTarget target;
    private final PacketChannel channel;
    private TargetStop lastStop;
    /** The core {@code g}/{@code m} and friends act on ({@code Hg}); and the one {@code s}/{@code c} act on ({@code Hc}). */
    private int generalCore, continueCore;

    GdbSession(GdbTarget target, PacketChannel channel) {
        this.target = target;
        this.channel = channel;
        this.lastStop = TargetStop.of(TargetStop.Reason.STEPPED, 0);
    }

    /** Serves packets until gdb detaches, kills the run or goes away, or the guest's run ends. */
    End serve() throws InterruptedException {
        try {
            return serveUntilEnd();
        } catch (IOException e) {
            return End.DISCONNECTED; // a reply could not be sent: gdb is gone
        }
    }

    private End serveUntilEnd() throws IOException, InterruptedException {
        String packet;
        while ((packet = channel.receive()) != null) {
            switch (packet.isEmpty() ? ' ' : packet.charAt(0)) {
                case 'D' -> {
                    channel.send("OK");
                    target.detach();
                    return End.DETACHED;
                }
                case 'k' -> {
                    return End.KILLED;
                }
                default -> {
                    String reply = handle(packet);
                    channel.send(reply);
                    if (packet.equals("QStartNoAckMode")) {
                        channel.startNoAckMode();
                    }
                    if (lastStop.reason() == TargetStop.Reason.EXITED) {
                        return End.EXITED;
                    }
                }
            }
        }
        return End.DISCONNECTED;
    }

    /** The reply to one packet (other than D and k). */
    String handle(String p) {
        try {
            return dispatch(p);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return EINVAL; // a malformed packet
        }
    }

    private String dispatch(String p) {
        char c = p.isEmpty() ? ' ' : p.charAt(0);
        return switch (c) {
            case '?' -> stopReply(lastStop);
            case 'q' -> query(p);
            case 'Q' -> p.equals("QStartNoAckMode") ? "OK" : "";
            case 'H' -> setThread(p);
            case 'T' -> alive(threadId(p.substring(1))) ? "OK" : EPERM;
            case 'g' -> readAllRegisters();
            case 'G' -> writeAllRegisters(p.substring(1));
            case 'p' -> readRegister(p.substring(1));
            case 'P' -> writeRegister(p.substring(1));
            case 'm' -> readMemory(p.substring(1));
            case 'M' -> writeMemory(p.substring(1), false);
            case 'X' -> writeMemory(p.substring(1), true);
            case 'Z', 'z' -> point(c == 'Z', p.substring(1));
            case 'c' -> resumeFrom(p.substring(1), false);
            case 's' -> resumeFrom(p.substring(1), true);
            case 'v' -> verbose(p);
            default -> "";
        };
    }

    private String query(String p) {
        if (p.startsWith("qSupported")) {
            return "PacketSize=" + Integer.toHexString(PACKET_SIZE)
                    + ";qXfer:features:read+;qXfer:threads:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+";
        }
        if (p.startsWith("qXfer:features:read:")) {
            return transfer(p.substring("qXfer:features:read:".length()), annex -> annex.equals(TargetDescription.ANNEX)
                    ? TargetDescription.XML : null);
        }
        if (p.startsWith("qXfer:threads:read:")) {
            return transfer(p.substring("qXfer:threads:read:".length()), annex -> annex.isEmpty() ? threadsXml() : null);
        }
        return switch (p) {
            case "qAttached" -> "1"; // gdb detaches rather than kills when it quits
            case "qC" -> "QC" + Hex.number(generalCore + 1);
            case "qfThreadInfo" -> {
                StringBuilder s = new StringBuilder("m");
                for (int i = 0; i < target.cores(); i++) {
                    s.append(i == 0 ? "" : ",").append(Hex.number(i + 1));
                }
                yield s.toString();
            }
            case "qsThreadInfo" -> "l";
            default -> "";
        };
    }

    /** {@code annex:offset,length}: a window of an XML document, "m" if more follows, "l" if it is the last. */
    private String transfer(String args, java.util.function.Function<String, String> documents) {
        int colon = args.lastIndexOf(':');
        String doc = documents.apply(args.substring(0, colon));
        if (doc == null) {
            return "E00";
        }
        String[] window = args.substring(colon + 1).split(",");
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        long offset = Hex.number(window[0]), length = Hex.number(window[1]);
        if (offset >= bytes.length) {
            return "l";
        }
        int end = (int) Math.min(bytes.length, offset + Math.min(length, PACKET_SIZE / 2));
        String chunk = new String(bytes, (int) offset, end - (int) offset, StandardCharsets.ISO_8859_1);
        return (end < bytes.length ? "m" : "l") + chunk;
    }

    private String threadsXml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
        for (int i = 0; i < target.cores(); i++) {
            x.append("  <thread id=\"").append(Hex.number(i + 1)).append("\" core=\"").append(i)
                    .append("\" name=\"").append(xmlEscape(target.coreName(i))).append("\"/>\n");
        }
        return x.append("</threads>\n").toString();
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String setThread(String p) {
        if (p.length() < 3) {
            return EINVAL;
        }
        long id = threadId(p.substring(2));
        if (id != 0 && id != -1 && !alive(id)) {
            return EPERM;
        }
        int core = id <= 0 ? (p.charAt(1) == 'g' ? generalCore : -1) : (int) id - 1;
        switch (p.charAt(1)) {
            case 'g' -> generalCore = core;
            case 'c' -> continueCore = core;
            default -> {
                return EINVAL;
            }
        }
        return "OK";
    }

    /** A thread id: hex, or -1 for all threads. */
    private static long threadId(String s) {
        return s.equals("-1") ? -1 : Hex.number(s);
    }

    private boolean alive(long id) {
        return id >= 1 && id <= target.cores();
    }

    private String readAllRegisters() {
        StringBuilder s = new StringBuilder(2 * X86Registers.totalBytes());
        for (X86Registers.Register r : X86Registers.ALL) {
            s.append(Hex.encode(target.readRegister(generalCore, r.number())));
        }
        return s.toString();
    }

    private String writeAllRegisters(String hex) {
        byte[] all = Hex.decode(hex);
        if (all.length != X86Registers.totalBytes()) {
            return EINVAL;
        }
        int at = 0;
        boolean ok = true;
        for (X86Registers.Register r : X86Registers.ALL) {
            byte[] value = java.util.Arrays.copyOfRange(all, at, at + r.bytes());
            at += r.bytes();
            // G carries every register, unchanged ones too: only the changed ones need to be writable.
            if (!java.util.Arrays.equals(value, target.readRegister(generalCore, r.number()))) {
                ok &= target.writeRegister(generalCore, r.number(), value);
            }
        }
        return ok ? "OK" : EPERM;
    }

    private String readRegister(String args) {
        X86Registers.Register r = X86Registers.get((int) Hex.number(args));
        return r == null ? EINVAL : Hex.encode(target.readRegister(generalCore, r.number()));
    }

    private String writeRegister(String args) {
        int eq = args.indexOf('=');
        X86Registers.Register r = X86Registers.get((int) Hex.number(args.substring(0, eq)));
        byte[] value = Hex.decode(args.substring(eq + 1));
        if (r == null || value.length != r.bytes()) {
            return EINVAL;
        }
        return target.writeRegister(generalCore, r.number(), value) ? "OK" : EPERM;
    }

    private String readMemory(String args) {
        String[] a = args.split(",");
        long address = Hex.number(a[0]);
        int length = (int) Math.min(Hex.number(a[1]), PACKET_SIZE / 2);
        if (length == 0) {
            return "";
        }
        byte[] bytes = target.readMemory(generalCore, address, length);
        return bytes.length == 0 ? EFAULT : Hex.encode(bytes);
    }

    /** {@code addr,length:data}, the data in hex (M) or escaped binary (X). */
    private String writeMemory(String args, boolean binary) {
        int colon = args.indexOf(':');
        String[] a = args.substring(0, colon).split(",");
        long address = Hex.number(a[0]);
        long length = Hex.number(a[1]);
        String data = args.substring(colon + 1);
        byte[] bytes = binary ? data.getBytes(StandardCharsets.ISO_8859_1) : Hex.decode(data);
        if (bytes.length != length) {
            return EINVAL;
        }
        if (length == 0) {
            return "OK";
        }
        return target.writeMemory(generalCore, address, bytes) ? "OK" : EFAULT;
    }

    /** {@code Ztype,addr,kind}: kind is the breakpoint's instruction length or the watched length. */
    private String point(boolean insert, String args) {
        String[] a = args.split("[,;]");
        int type = Integer.parseInt(a[0]);
        if (type < 0 || type > 4) {
            return "";
        }
        GdbTarget.PointKind kind = GdbTarget.PointKind.values()[type];
        long address = Hex.number(a[1]);
        int length = (int) Hex.number(a[2]);
        boolean done = insert ? target.insertPoint(kind, address, length) : target.removePoint(kind, address, length);
        if (done) {
            return "OK";
        }
        // An insert the target cannot do is "unsupported" (empty) for gdb; removing what is not there is an error.
        return insert ? "" : EPERM;
    }

    /** {@code c[addr]} / {@code s[addr]}: the optional address is where to resume. */
    private String resumeFrom(String address, boolean step) {
        int core = continueCore >= 0 ? continueCore : generalCore;
        if (!address.isEmpty() && !setRip(core, Hex.number(address))) {
            return EPERM;
        }
        return run(step ? core : -1);
    }

    private boolean setRip(int core, long rip) {
        byte[] value = new byte[8];
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (rip >>> (8 * i));
        }
        return target.writeRegister(core, X86Registers.RIP, value);
    }

    private String verbose(String p) {
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S;t";
        }
        if (p.startsWith("vCont;")) {
            return vCont(p.substring("vCont;".length()));
        }
        return ""; // vMustReplyEmpty and every v packet we do not offer
    }

    /**
     * {@code vCont;action[:thread];...}: in all-stop mode one core steps (the machine stops after its one
     * instruction) if any action is a step; else a continue runs every core. C and S carry a signal, which
     * has no meaning on bare metal and is dropped. A lone t (stop) reports the already stopped thread.
     */
    private String vCont(String actions) {
        int stepCore = -2;
        boolean resume = false;
        for (String action : actions.split(";")) {
            int colon = action.indexOf(':');
            String verb = colon < 0 ? action : action.substring(0, colon);
            long id = colon < 0 ? -1 : threadId(action.substring(colon + 1));
            if (id > 0 && !alive(id)) {
                return EPERM;
            }
            switch (verb.charAt(0)) {
                case 's', 'S' -> {
                    if (stepCore == -2) {
                        stepCore = id > 0 ? (int) id - 1 : generalCore;
                    }
                }
                case 'c', 'C' -> resume = true;
                case 't' -> { }
                default -> {
                    return EINVAL;
                }
            }
        }
        if (stepCore >= 0) {
            return run(stepCore);
        }
        if (resume) {
            return run(-1);
        }
        return "T00thread:" + Hex.number(generalCore + 1) + ";";
    }

    /** Steps {@code core}, or resumes every core if it is -1, and answers with the stop reply. */
    private String run(int core) {
        lastStop = core >= 0 ? target.step(core) : target.resume();
        if (lastStop.reason() != TargetStop.Reason.EXITED) {
            generalCore = lastStop.core();
        }
        return stopReply(lastStop);
    }

    static String stopReply(TargetStop e) {
        if (e.reason() == TargetStop.Reason.EXITED) {
            return "W" + Hex.byteValue(e.status() & 0xff);
        }
        int signal = e.reason() == TargetStop.Reason.INTERRUPTED ? SIGINT : SIGTRAP;
        String reply = "T" + Hex.byteValue(signal) + "thread:" + Hex.number(e.core() + 1) + ";";
        return reply + switch (e.reason()) {
            case SOFTWARE_BREAKPOINT -> "swbreak:;";
            case HARDWARE_BREAKPOINT -> "hwbreak:;";
            case WATCHPOINT -> switch (e.kind()) {
                case READ -> "rwatch:";
                case ACCESS -> "awatch:";
                default -> "watch:";
            } + Hex.number(e.address()) + ";";
            default -> "";
        };
    }
}

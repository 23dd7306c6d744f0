package dev.multiverse.cli.gdb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol layer against {@link FakeTarget} over a real socket, as gdb would speak it. */
class GdbSessionTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CompletableFuture<GdbSession.End> served;
    private RemoteClient gdb;

    private FakeTarget start(int cores) throws IOException {
        FakeTarget target = new FakeTarget(cores);
        GdbServer server = new GdbServer(0, new PrintStream(err, true, StandardCharsets.UTF_8));
        served = CompletableFuture.supplyAsync(() -> {
            try {
                return server.serve(target);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        gdb = new RemoteClient(server.port());
        return target;
    }

    @AfterEach
    void close() throws IOException {
        if (gdb != null) {
            gdb.close();
        }
    }

    private GdbSession.End end() throws Exception {
        return served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void announcesWhatItSupportsAndReportsTheInitialStop() throws Exception {
        start(1);
        String supported = gdb.request("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+");
        for (String feature : new String[] {"PacketSize=4000", "qXfer:features:read+", "qXfer:threads:read+",
                "swbreak+", "hwbreak+", "vContSupported+", "QStartNoAckMode+"}) {
            assertTrue(supported.contains(feature), supported);
        }
        assertEquals("OK", gdb.request("QStartNoAckMode"));
        gdb.noAck();
        assertEquals("vCont;c;C;s;S;t", gdb.request("vCont?"));
        assertEquals("", gdb.request("vMustReplyEmpty"));
        assertEquals("T05thread:1;", gdb.request("?"));
        assertEquals("QC1", gdb.request("qC"));
        assertEquals("1", gdb.request("qAttached"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("multiverse: waiting for gdb on 127.0.0.1:"));
    }

    @Test
    void servesTheTargetDescriptionInChunksThatReassembleToValidXml() throws Exception {
        start(1);
        StringBuilder xml = new StringBuilder();
        String chunk;
        int requests = 0;
        do {
            chunk = gdb.request("qXfer:features:read:target.xml:" + Integer.toHexString(xml.length()) + ",100");
            assertTrue(chunk.length() <= 0x101, "a chunk is at most the requested length");
            xml.append(chunk, 1, chunk.length());
            requests++;
        } while (chunk.charAt(0) == 'm');
        assertTrue(requests > 5);
        assertEquals(TargetDescription.XML, xml.toString());
        assertEquals("E00", gdb.request("qXfer:features:read:other.xml:0,100"));

        javax.xml.parsers.DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        // gdb knows gdb-target.dtd itself; the parser need not fetch it.
        parser.setEntityResolver((publicId, systemId) -> new org.xml.sax.InputSource(new java.io.StringReader("")));
        Document doc = parser.parse(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("i386:x86-64", doc.getElementsByTagName("architecture").item(0).getTextContent());
        NodeList regs = doc.getElementsByTagName("reg");
        assertEquals(X86Registers.ALL.size(), regs.getLength());
        int bytes = 0;
        for (int i = 0; i < regs.getLength(); i++) {
            Element r = (Element) regs.item(i);
            assertEquals(i, Integer.parseInt(r.getAttribute("regnum")));
            bytes += Integer.parseInt(r.getAttribute("bitsize")) / 8;
        }
        assertEquals("rip", ((Element) regs.item(X86Registers.RIP)).getAttribute("name"));
        assertEquals("st0", ((Element) regs.item(X86Registers.ST0)).getAttribute("name"));
        assertEquals("80", ((Element) regs.item(X86Registers.ST0)).getAttribute("bitsize"));
        assertEquals("cr3", ((Element) regs.item(X86Registers.CR3)).getAttribute("name"));
        assertEquals(X86Registers.totalBytes(), bytes);
    }

    @Test
    void readsAndWritesRegistersAsLittleEndianHex() throws Exception {
        FakeTarget t = start(2);
        t.setReg(0, X86Registers.RAX, 0x1122334455667788L);
        t.setReg(1, X86Registers.RIP, 0x2000);
        String all = gdb.request("g");
        assertEquals(2 * X86Registers.totalBytes(), all.length());
        assertTrue(all.startsWith("8877665544332211"));
        assertEquals("8877665544332211", gdb.request("p0"));
        assertEquals("OK", gdb.request("Hg2"));
        assertEquals("0020000000000000", gdb.request("p10"));
        assertEquals("OK", gdb.request("P0=efbeadde00000000"));
        assertEquals(0xdeadbeefL, t.reg(1, X86Registers.RAX));
        // st0 is 10 bytes: 80-bit extended precision travels whole.
        assertEquals("OK", gdb.request("P18=0000000000000080ff3f"));
        assertEquals("0000000000000080ff3f", gdb.request("p18"));
        assertEquals("E16", gdb.request("P18=00"), "wrong width");
        assertEquals("E16", gdb.request("p99"), "no such register");
        assertEquals("E01", gdb.request("P12=10000000"), "the target refuses a selector");
        // G writes everything; only what changed must be writable (the selectors here are not).
        String changed = "0100000000000000" + gdb.request("g").substring(16);
        assertEquals("OK", gdb.request("G" + changed));
        assertEquals(1, t.reg(1, X86Registers.RAX));
        assertEquals("E01", gdb.request("Hg3"));
    }

    @Test
    void readsAndWritesMemoryAndReportsFaults() throws Exception {
        FakeTarget t = start(1);
        assertEquals("OK", gdb.request("M1000,4:deadbeef"));
        assertEquals("deadbeef", gdb.request("m1000,4"));
        assertEquals("OK", gdb.request("X1004,3:}#$"));
        // The three reserved bytes travel escaped (}] }\u0003 }\u0004) and arrive as themselves.
        assertEquals("7d2324", Hex.encode(java.util.Arrays.copyOfRange(t.memory, 4, 7)));
        assertEquals("OK", gdb.request("X1000,0:"), "gdb probes X support with an empty write");
        assertEquals("E0e", gdb.request("m0,4"), "unmapped");
        assertEquals("0000", gdb.request("m1ffe,10"), "a read stops at the first unmapped byte");
        assertEquals("E0e", gdb.request("M1ffe,4:00000000"));
        assertEquals("E16", gdb.request("M1000,4:00"), "length mismatch");
    }

    @Test
    void stopsAtBreakpointsAndWatchpointsWithTheReasonsGdbUnderstands() throws Exception {
        FakeTarget t = start(1);
        t.setReg(0, X86Registers.RIP, 0x1000);
        t.setReg(0, X86Registers.RAX, 0x2a);
        t.setReg(0, 1, 0x1800);
        t.memory[0x10] = (byte) 0xa2;
        t.memory[0x20] = (byte) 0xf4;
        assertEquals("OK", gdb.request("Z0,1008,1"));
        assertEquals("OK", gdb.request("Z1,100c,1"));
        assertEquals("OK", gdb.request("Z2,1800,1"));
        assertEquals("T05thread:1;swbreak:;", gdb.request("vCont;c"));
        assertEquals("T05thread:1;hwbreak:;", gdb.request("c"));
        assertEquals("T05thread:1;watch:1800;", gdb.request("vCont;c:1"));
        assertEquals(0x2a, t.memory[0x800]);
        assertEquals("T05thread:1;", gdb.request("s"));
        assertEquals(0x1012, t.reg(0, X86Registers.RIP));
        assertEquals("OK", gdb.request("z0,1008,1"));
        assertEquals("E01", gdb.request("z0,1008,1"), "already removed");
        assertEquals("", gdb.request("Z9,1008,1"), "unknown kinds are unsupported");
        assertEquals("W2a", gdb.request("c"));
        assertEquals(GdbSession.End.EXITED, end());
    }

    @Test
    void stepsTheThreadVContNames() throws Exception {
        FakeTarget t = start(2);
        t.setReg(1, X86Registers.RIP, 0x1000);
        assertEquals("m1,2", gdb.request("qfThreadInfo"));
        assertEquals("l", gdb.request("qsThreadInfo"));
        assertEquals("OK", gdb.request("T2"));
        assertEquals("E01", gdb.request("T3"));
        assertEquals("T05thread:2;", gdb.request("vCont;s:2;c"));
        assertEquals(0x1001, t.reg(1, X86Registers.RIP));
        assertEquals(0, t.reg(0, X86Registers.RIP));
        assertEquals("QC2", gdb.request("qC"), "the stopped thread becomes current");
        assertEquals("E01", gdb.request("vCont;s:5"));
        String threads = gdb.request("qXfer:threads:read::0,1000");
        assertTrue(threads.startsWith("l<?xml"), threads);
        assertTrue(threads.contains("<thread id=\"2\" core=\"1\" name=\"core 1 &lt;fake&gt;\"/>"), threads);
    }

    @Test
    void ctrlCStopsARunningTargetWithSigint() throws Exception {
        FakeTarget t = start(1);
        t.setReg(0, X86Registers.RIP, 0x1000);
        t.memory[0] = (byte) 0xeb;
        gdb.send("vCont;c");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!t.spinning && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        gdb.sendRaw(new byte[] {PacketChannel.INTERRUPT});
        assertEquals("T02thread:1;", gdb.reply());
    }

    @Test
    void detachLetsTheGuestRunOnAndKillEndsIt() throws Exception {
        FakeTarget t = start(1);
        assertEquals("OK", gdb.request("D"));
        assertEquals(GdbSession.End.DETACHED, end());
        assertTrue(t.detached);

        start(1);
        gdb.send("k");
        assertEquals(GdbSession.End.KILLED, end());
    }

    @Test
    void answersMalformedPacketsWithAnErrorAndUnknownOnesWithNothing() throws Exception {
        start(1);
        assertEquals("E16", gdb.request("mzz,4"));
        assertEquals("E16", gdb.request("P0"));
        assertEquals("", gdb.request("qTStatus"));
        assertEquals("", gdb.request("bc"));
    }
}

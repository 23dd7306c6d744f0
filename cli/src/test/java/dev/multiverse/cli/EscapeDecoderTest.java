package dev.multiverse.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The console's Ctrl-A commands: what each key sequence gives the guest or asks of the host. */
class EscapeDecoderTest {
    private static List<Integer> feed(int... keys) {
        EscapeDecoder decoder = new EscapeDecoder();
        List<Integer> meanings = new ArrayList<>();
        for (int k : keys) meanings.add(decoder.feed(k));
        return meanings;
    }

    @Test
    void everyOtherByteGoesToTheGuestUnchanged() {
        int[] keys = {'l', 's', '\r', 0x03, 0x04, 0x1b, '[', 'A', '\t', 0x00, 0x7f, 0xff, 'x'};
        List<Integer> expected = new ArrayList<>();
        for (int k : keys) expected.add(k);
        assertEquals(expected, feed(keys));
    }

    @Test
    void ctrlAThenXQuits() {
        assertEquals(List.of(EscapeDecoder.NOTHING, EscapeDecoder.QUIT), feed(0x01, 'x'));
        assertEquals(List.of(EscapeDecoder.NOTHING, EscapeDecoder.QUIT), feed(0x01, 'X'));
    }

    @Test
    void ctrlATwiceSendsOneCtrlA() {
        assertEquals(List.of((int) 'a', EscapeDecoder.NOTHING, 0x01, EscapeDecoder.NOTHING, 0x01, (int) 'b'),
                feed('a', 0x01, 0x01, 0x01, 0x01, 'b'));
    }

    @Test
    void ctrlAThenHAsksForHelp() {
        assertEquals(List.of(EscapeDecoder.NOTHING, EscapeDecoder.HELP, (int) 'h'), feed(0x01, 'h', 'h'));
    }

    @Test
    void anUnknownCommandIsDroppedAndTheNextKeyPassesAgain() {
        assertEquals(List.of(EscapeDecoder.NOTHING, EscapeDecoder.NOTHING, (int) 'q', (int) 'x'),
                feed(0x01, 'q', 'q', 'x'));
    }
}

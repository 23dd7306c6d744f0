package dev.multiverse.cli.gdb;

import dev.multiverse.cpu.fpu.Float80;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegisterBytesTest {
    @Test
    void numbersAreLittleEndianAndCutToTheRegisterWidth() {
        assertEquals("0807060504030201", Hex.encode(RegisterBytes.of(0x0102030405060708L, 8)));
        assertEquals("46020000", Hex.encode(RegisterBytes.of(0x246, 4)));
        assertEquals(0xdeadbeefL, RegisterBytes.value(Hex.decode("efbeadde"), 0, 4));
        assertEquals(-1L, RegisterBytes.value(Hex.decode("ffffffffffffffff"), 0, 8));
    }

    @Test
    void x87ValuesAreTenBytesSignificandFirst() {
        Float80 minusThree = new Float80(0xc000, 0xc000_0000_0000_0000L);
        assertEquals("00000000000000c000c0", Hex.encode(RegisterBytes.of(minusThree)));
        assertEquals(minusThree, RegisterBytes.float80(Hex.decode("00000000000000c000c0")));
    }

    @Test
    void xmmRegistersAreSixteenBytesLowQuadwordFirst() {
        assertEquals("44443333222211118888777766665555",
                Hex.encode(RegisterBytes.of(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L)));
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The 8042 PS/2 keyboard controller: data port 0x60 and status/command port 0x64.
 *
 * <p>Modelled: the status register, the controller's 32 bytes of RAM (byte 0 is the command byte, read with
 * 0x20-0x3F and written with 0x60-0x7F), self-test (0xAA answers 0x55), the keyboard and auxiliary interface
 * tests (0xAB, 0xA9 answer 0x00), enabling and disabling either interface, the output port (0xD0 reads, 0xD1
 * writes: bit 1 drives the A20 line, bit 0 low resets the machine), 0xDD/0xDF (A20 off/on), 0xD2/0xD3 (a byte
 * into the output buffer as if the keyboard or mouse sent it) and the pulse commands 0xF0-0xFF (a pulse of
 * output bit 0, as in 0xFE, resets the machine).
 *
 * <p>The keyboard behind the controller answers its commands (reset with 0xFA 0xAA, identify, echo, LEDs,
 * typematic rate, scanning on/off, defaults; anything else 0xFE "resend") but never sends a key: the machine has
 * no host keyboard input yet. There is no mouse: 0xD4 (a byte for the mouse) is answered with a time-out.
 *
 * <p>IRQ 1 (keyboard) and IRQ 12 (mouse) are high while a byte from that device waits in the output buffer and
 * the command byte enables its interrupt.
 */
public final class I8042 implements PortHandler {
    public static final int DATA_PORT = 0x60;
    public static final int COMMAND_PORT = 0x64;

    // Status register bits.
    public static final int STATUS_OUTPUT_FULL = 1 << 0;
    public static final int STATUS_SYSTEM = 1 << 2;
    public static final int STATUS_COMMAND = 1 << 3;
    public static final int STATUS_UNLOCKED = 1 << 4;
    public static final int STATUS_AUX_DATA = 1 << 5;
    public static final int STATUS_TIMEOUT = 1 << 6;

    // Command byte bits.
    public static final int CMD_KBD_INT = 1 << 0;
    public static final int CMD_AUX_INT = 1 << 1;
    public static final int CMD_SYSTEM = 1 << 2;
    public static final int CMD_KBD_DISABLE = 1 << 4;
    public static final int CMD_AUX_DISABLE = 1 << 5;
    public static final int CMD_TRANSLATE = 1 << 6;

    // Output port bits.
    public static final int OUT_RESET = 1 << 0;
    public static final int OUT_A20 = 1 << 1;
    public static final int OUT_KBD_FULL = 1 << 4;
    public static final int OUT_AUX_FULL = 1 << 5;
    /** Keyboard clock and data lines, idle high. */
    private static final int OUT_LINES_IDLE = 0xC0;

    /** What firmware leaves behind: translation on, system flag set (POST passed), keyboard interrupt on. */
    static final int RESET_COMMAND_BYTE = CMD_TRANSLATE | CMD_SYSTEM | CMD_KBD_INT;

    /** A byte waiting in the output buffer, with the device it came from. */
    private record Output(int value, boolean aux) { }

    private final A20Line a20Line;
    private final Runnable resetRequest;
    private final IrqLine keyboardIrq, auxIrq;
    private final byte[] ram = new byte[32];
    private final ArrayDeque<Output> output = new ArrayDeque<>();
    private int lastRead;
    private boolean a20;
    private boolean systemFlag;
    private boolean timeout;
    /** The last write went to the command port. */
    private boolean commandWritten;
    /** A controller command waiting for its data byte on port 0x60, or 0. */
    private int pendingCommand;
    /** A keyboard command waiting for its parameter byte, or 0. */
    private int pendingKeyboardCommand;
    private boolean irq1, irq12;

    /** {@code a20Line} and {@code resetRequest} are the machine's, shared with port 0x92. */
    public I8042(A20Line a20Line, Runnable resetRequest, IrqLine keyboardIrq, IrqLine auxIrq) {
        this.a20Line = a20Line;
        this.resetRequest = resetRequest;
        this.keyboardIrq = keyboardIrq;
        this.auxIrq = auxIrq;
        powerOn();
    }

    /** The state firmware leaves, driven onto the A20 line: A20 enabled, the keyboard enabled, nothing buffered. */
    public void reset() {
        powerOn();
        a20Line.set(true);
    }

    /** The machine starts with A20 enabled, so power-on needs no change on the line. */
    private void powerOn() {
        Arrays.fill(ram, (byte) 0);
        ram[0] = (byte) RESET_COMMAND_BYTE;
        output.clear();
        lastRead = 0;
        systemFlag = true;
        timeout = false;
        commandWritten = false;
        pendingCommand = 0;
        pendingKeyboardCommand = 0;
        a20 = true;
        updateIrqs();
    }

    public int commandByte() {
        return ram[0] & 0xFF;
    }

    public boolean a20Enabled() {
        return a20;
    }

    @Override
    public int in(int port, int size) {
        int value = port == DATA_PORT ? readData() : status();
        return size == 1 ? value : value | (size == 4 ? 0xFFFF_FF00 : 0xFF00);
    }

    @Override
    public void out(int port, int size, int value) {
        value &= 0xFF;
        if (port == COMMAND_PORT) {
            commandWritten = true;
            command(value);
        } else {
            commandWritten = false;
            data(value);
        }
    }

    private int status() {
        int s = STATUS_UNLOCKED;
        if (!output.isEmpty()) {
            s |= STATUS_OUTPUT_FULL | (output.peek().aux() ? STATUS_AUX_DATA : 0);
        }
        if (systemFlag) {
            s |= STATUS_SYSTEM;
        }
        if (commandWritten) {
            s |= STATUS_COMMAND;
        }
        if (timeout) {
            s |= STATUS_TIMEOUT;
        }
        return s;
    }

    /** An empty buffer reads back the last byte again, as the real latch does. */
    private int readData() {
        Output o = output.poll();
        if (o != null) {
            lastRead = o.value();
            updateIrqs();
        }
        return lastRead;
    }

    private void command(int cmd) {
        pendingCommand = 0;
        if (cmd >= 0x20 && cmd <= 0x3F) {
            reply(ram[cmd - 0x20] & 0xFF);
        } else if (cmd >= 0x60 && cmd <= 0x7F) {
            pendingCommand = cmd;
        } else if (cmd >= 0xF0) {
            // Pulse the output port bits whose command bit is 0; only bit 0 (reset) is wired.
            if ((cmd & 1) == 0) {
                resetRequest.run();
            }
        } else {
            switch (cmd) {
                case 0xA7 -> setCommandByte(commandByte() | CMD_AUX_DISABLE);
                case 0xA8 -> setCommandByte(commandByte() & ~CMD_AUX_DISABLE);
                case 0xA9, 0xAB -> reply(0x00);
                case 0xAA -> {
                    systemFlag = true;
                    reply(0x55);
                }
                case 0xAD -> setCommandByte(commandByte() | CMD_KBD_DISABLE);
                case 0xAE -> setCommandByte(commandByte() & ~CMD_KBD_DISABLE);
                case 0xD0 -> reply(outputPort());
                case 0xD1, 0xD2, 0xD3, 0xD4 -> pendingCommand = cmd;
                case 0xDD -> setA20(false);
                case 0xDF -> setA20(true);
                default -> { } // Vendor-specific and undefined commands do nothing.
            }
        }
    }

    private void data(int value) {
        int cmd = pendingCommand;
        pendingCommand = 0;
        if (cmd >= 0x60 && cmd <= 0x7F) {
            if (cmd == 0x60) {
                setCommandByte(value);
            } else {
                ram[cmd - 0x60] = (byte) value;
            }
            return;
        }
        switch (cmd) {
            case 0xD1 -> writeOutputPort(value);
            case 0xD2 -> push(value, false);
            case 0xD3 -> push(value, true);
            case 0xD4 -> timeout = true; // no mouse to send it to
            default -> keyboard(value);
        }
    }

    private int outputPort() {
        int v = OUT_LINES_IDLE | OUT_RESET | (a20 ? OUT_A20 : 0);
        if (irq1) {
            v |= OUT_KBD_FULL;
        }
        if (irq12) {
            v |= OUT_AUX_FULL;
        }
        return v;
    }

    private void writeOutputPort(int value) {
        setA20((value & OUT_A20) != 0);
        if ((value & OUT_RESET) == 0) {
            resetRequest.run();
        }
    }

    private void setA20(boolean enable) {
        if (enable != a20) {
            a20 = enable;
            a20Line.set(enable);
        }
    }

    private void setCommandByte(int value) {
        ram[0] = (byte) value;
        systemFlag = (value & CMD_SYSTEM) != 0;
        updateIrqs();
    }

    /** A byte sent to the keyboard: a parameter of the previous command, or a new command. */
    private void keyboard(int value) {
        timeout = false;
        // Sending to the keyboard enables its interface, as on the real controller.
        if ((commandByte() & CMD_KBD_DISABLE) != 0) {
            setCommandByte(commandByte() & ~CMD_KBD_DISABLE);
        }
        if (pendingKeyboardCommand != 0) {
            pendingKeyboardCommand = 0;
            reply(0xFA);
            return;
        }
        switch (value) {
            case 0xED, 0xF3 -> { // set LEDs, set typematic rate: a parameter byte follows
                pendingKeyboardCommand = value;
                reply(0xFA);
            }
            case 0xEE -> reply(0xEE); // echo
            case 0xF2 -> { // identify: an MF2 keyboard, AB 83, whose 83 the controller translates to 41
                reply(0xFA);
                reply(0xAB);
                reply((commandByte() & CMD_TRANSLATE) != 0 ? 0x41 : 0x83);
            }
            case 0xF4, 0xF5, 0xF6 -> reply(0xFA); // enable/disable scanning, defaults: no keys to scan
            case 0xFF -> { // reset: acknowledge, then the basic assurance test passed
                reply(0xFA);
                reply(0xAA);
            }
            default -> reply(0xFE);
        }
    }

    /** A byte from the controller or the keyboard (both arrive as keyboard data). */
    private void reply(int value) {
        push(value, false);
    }

    private void push(int value, boolean aux) {
        output.add(new Output(value & 0xFF, aux));
        updateIrqs();
    }

    private void updateIrqs() {
        Output head = output.peek();
        boolean kbd = head != null && !head.aux() && (commandByte() & CMD_KBD_INT) != 0;
        boolean aux = head != null && head.aux() && (commandByte() & CMD_AUX_INT) != 0;
        if (kbd != irq1) {
            irq1 = kbd;
            keyboardIrq.set(kbd);
        }
        if (aux != irq12) {
            irq12 = aux;
            auxIrq.set(aux);
        }
    }
}

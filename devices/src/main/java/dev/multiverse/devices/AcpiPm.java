package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

/**
 * The ACPI fixed power-management registers a full (not hardware-reduced) FADT points an OS at: the PM1a
 * event block (PM1_STS, write 1 to clear, and PM1_EN, 16 bits each) and the PM1a control block (PM1_CNT).
 * The machine is in ACPI mode from power-on (the FADT has no SMI command port), so PM1_CNT.SCI_EN reads as
 * set. Writing SLP_EN with the sleeping type of the S5 soft-off state ({@link #SLP_TYP_S5}, the value the
 * DSDT's {@code \_S5} object gives) powers the machine off; other sleep states are not modelled and
 * leave the machine running. No event ever sets a status bit: there is no power button, PM timer or SCI
 * source.
 */
public final class AcpiPm implements PortHandler {
    /** PM1a_EVT_BLK: 4 bytes; PM1a_CNT_BLK follows it: 2 bytes. */
    public static final int EVENT_BLOCK = 0x600, EVENT_LENGTH = 4, CONTROL_BLOCK = 0x604, CONTROL_LENGTH = 2;
    public static final int PORT_COUNT = EVENT_LENGTH + CONTROL_LENGTH;
    /** The SLP_TYP value of S5 (soft off) in this machine's DSDT. */
    public static final int SLP_TYP_S5 = 5;
    private static final int SCI_EN = 1, SLP_TYP_SHIFT = 10, SLP_TYP_MASK = 7 << SLP_TYP_SHIFT, SLP_EN = 1 << 13;
    /** PM1_EN bits that exist: TMR_EN (0), GBL_EN (5), PWRBTN_EN (8), SLPBTN_EN (9), RTC_EN (10). */
    private static final int ENABLE_BITS = 1 | 1 << 5 | 1 << 8 | 1 << 9 | 1 << 10;

    private final Runnable powerOff;
    private int enable, control;

    /** {@code powerOff} runs when the guest enters S5. */
    public AcpiPm(Runnable powerOff) {
        this.powerOff = powerOff;
        reset();
    }

    public void reset() {
        enable = 0;
        control = SCI_EN;
    }

    @Override
    public int in(int port, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) v |= readByte(port + i) << (8 * i);
        return v;
    }

    private int readByte(int port) {
        int register = switch (port - EVENT_BLOCK) {
            case 0, 1 -> 0;             // PM1_STS: nothing ever happens
            case 2, 3 -> enable;
            case 4, 5 -> control;       // SLP_EN is write-only and reads as 0
            default -> 0xffff;
        };
        return (register >> (8 * ((port - EVENT_BLOCK) & 1))) & 0xff;
    }

    @Override
    public void out(int port, int size, int value) {
        int offset = port - EVENT_BLOCK;
        if (offset == 2 || (offset == 0 && size == 4)) {
            int v = offset == 0 ? value >>> 16 : value;
            enable = (size == 1 ? (enable & 0xff00) | (v & 0xff) : v & 0xffff) & ENABLE_BITS;
        } else if (offset == 4) {
            writeControl(size == 1 ? (control & 0xff00) | (value & 0xff) : value & 0xffff);
        } else if (offset == 5) {
            writeControl((control & 0xff) | (value & 0xff) << 8);
        }
    }

    private void writeControl(int v) {
        control = (v & ~SLP_EN) | SCI_EN;
        if ((v & SLP_EN) != 0 && (v & SLP_TYP_MASK) >> SLP_TYP_SHIFT == SLP_TYP_S5) powerOff.run();
    }
}

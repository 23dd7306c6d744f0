package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.Year;

/**
 * The MC146818-compatible CMOS real-time clock and its 128 bytes of battery-backed RAM: index port 0x70 (bits
 * 6-0 select the register, bit 7 disables NMI) and data port 0x71.
 *
 * <p>The clock starts at the time it is given and then advances on the machine's virtual clock, one update
 * cycle per virtual second, never on host time, so a run with a fixed start time is repeatable. Like QEMU's
 * RTC, the time is kept as numbers and shown in the format register B selects at the time of each access
 * (BCD or binary, 24-hour or 12-hour with bit 7 of the hour as PM), so switching the format converts the
 * registers. SET in register B and a divider in reset (register A bits 6-4 = 11x) stop the updates; leaving
 * divider reset makes the first update come half a second later, as the datasheet says. UIP (register A bit 7)
 * is high for the 244 µs before each update. Register D reads VRT=1 (the battery is good).
 *
 * <p>Register C holds the periodic (PF, at the rate register A selects while the divider runs), alarm (AF, an
 * update cycle reaching the time in registers 1, 3 and 5, whose values 0xC0-0xFF match anything) and
 * update-ended (UF) flags; IRQF and the IRQ 8 output are high while a flag is set whose enable (PIE, AIE, UIE
 * in register B) is on, and reading register C clears them all. Flags are worked out from virtual time when
 * the guest looks; a device timer is armed only for the next instant an enabled flag would raise IRQ 8.
 *
 * <p>Not modelled: daylight saving (register B bit 0) is stored but never applied, and the square-wave output
 * (SQWE) goes nowhere. {@link #reset} is the chip's RESET pin, which the machine reset drives: it clears the
 * interrupt enables and flags but leaves the time and the NVRAM alone, which run on the battery.
 */
public final class CmosRtc implements PortHandler {
    public static final int INDEX_PORT = 0x70;
    public static final int DATA_PORT = 0x71;

    public static final int SECONDS = 0x00, MINUTES = 0x02, HOURS = 0x04, DAY_OF_WEEK = 0x06, DAY_OF_MONTH = 0x07,
            MONTH = 0x08, YEAR = 0x09, REG_A = 0x0A, REG_B = 0x0B, REG_C = 0x0C, REG_D = 0x0D, CENTURY = 0x32;

    public static final int A_UIP = 0x80;
    /** Divider bits 6-4 = 010: the 32.768 kHz time base, running. */
    private static final int A_DIVIDER_NORMAL = 0x20;
    private static final int A_DIVIDER_MASK = 0x70;
    /** Divider in reset: bits 6-5 both set. */
    private static final int A_DIVIDER_RESET = 0x60;
    public static final int B_SET = 0x80;
    public static final int B_PIE = 0x40;
    public static final int B_AIE = 0x20;
    public static final int B_UIE = 0x10;
    public static final int B_SQWE = 0x08;
    public static final int B_BINARY = 0x04;
    public static final int B_24H = 0x02;
    public static final int D_VRT = 0x80;
    public static final int C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10;
    /** The alarm registers; a value with both top bits set matches every value. */
    private static final int SECONDS_ALARM = 0x01, MINUTES_ALARM = 0x03, HOURS_ALARM = 0x05;
    /** The divider chain's time base: periodic rates are powers of two of it. */
    private static final long BASE_HZ = 32_768;

    static final long SECOND_NS = 1_000_000_000L;
    /** UIP rises this long before an update (MC146818 datasheet, 32.768 kHz time base). */
    static final long UIP_LEAD_NS = 244_000L;

    private final byte[] ram = new byte[128];
    private final VirtualClock clock;
    private final IrqLine irq;
    private final VirtualClock.Timer timer;
    /** PF, AF and UF as register C will show them. */
    private int flags;
    private boolean irqHigh;
    /** The instant the divider chain last started: periodic ticks come at whole periods after it. */
    private long dividerStart;
    /** The instant up to which periodic ticks have been counted into PF. */
    private long periodicCheckedAt;
    private int index;
    private boolean nmiDisabled;
    /** The time, always binary and 24-hour; {@code year} is 0-99 within {@code century}. */
    private int second, minute, hour, dayOfWeek, dayOfMonth, month, year, century;
    /** The virtual time of the last update cycle; the next one is a second later. */
    private long lastUpdate;

    /**
     * A clock showing {@code start} at the present of {@code clock}, with register A at 0x26 (running, 1024 Hz
     * rate), register B at 0x02 (24-hour, BCD) as firmware leaves them; {@code irq} is its IRQ 8 output.
     */
    public CmosRtc(LocalDateTime start, VirtualClock clock, IrqLine irq) {
        this.clock = clock;
        this.irq = irq;
        this.timer = clock.timer(this::timerExpired);
        ram[REG_A] = 0x26;
        ram[REG_B] = B_24H;
        second = start.getSecond();
        minute = start.getMinute();
        hour = start.getHour();
        dayOfWeek = start.getDayOfWeek().getValue() % 7 + 1; // Sunday is 1
        dayOfMonth = start.getDayOfMonth();
        month = start.getMonthValue();
        year = Math.floorMod(start.getYear(), 100);
        century = Math.floorDiv(start.getYear(), 100);
        lastUpdate = clock.nanos();
        dividerStart = lastUpdate;
        periodicCheckedAt = lastUpdate;
    }

    /** The RESET pin: interrupt enables, the square wave and the flags clear; time and NVRAM stay. */
    public void reset() {
        advance();
        ram[REG_B] &= (byte) ~(B_PIE | B_AIE | B_UIE | B_SQWE);
        flags = 0;
        updateIrq();
    }

    /**
     * Writes the memory size bytes firmware keeps for a PC with {@code ramBytes} of RAM from address 0 up:
     * base memory (0x15-0x16, 640 KiB), extended memory above 1 MiB in KiB (0x17-0x18 and 0x30-0x31, at most
     * 0xFFFF), memory from 16 MiB to 4 GiB in 64 KiB units (0x34-0x35) and above 4 GiB in 64 KiB units
     * (0x5B-0x5D), then the checksum of 0x10-0x2D at 0x2E-0x2F. The equipment byte (0x14) stays 0: no floppy,
     * no numeric coprocessor, a display with its own BIOS.
     */
    public void recordMemorySize(long ramBytes) {
        put16(0x15, 640);
        int extendedKib = (int) Math.min(0xFFFF, Math.max(0, ramBytes / 1024 - 1024));
        put16(0x17, extendedKib);
        put16(0x30, extendedKib);
        long below4g = Math.min(ramBytes, 1L << 32);
        put16(0x34, (int) Math.min(0xFFFF, Math.max(0, (below4g - (16L << 20)) >> 16)));
        long above4g = Math.max(0, ramBytes - (1L << 32)) >> 16;
        put16(0x5B, (int) Math.min(0xFFFF, above4g));
        ram[0x5D] = (byte) Math.min(0xFF, above4g >> 16);
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) {
            sum += ram[i] & 0xFF;
        }
        ram[0x2E] = (byte) (sum >> 8);
        ram[0x2F] = (byte) sum;
    }

    private void put16(int register, int value) {
        ram[register] = (byte) value;
        ram[register + 1] = (byte) (value >> 8);
    }

    /** Bit 7 of the last index written: the guest asked for NMIs to be masked. */
    public boolean nmiDisabled() {
        return nmiDisabled;
    }

    @Override
    public int in(int port, int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            int b = port + i == DATA_PORT ? readData() : 0xFF; // the index port is write-only
            value |= b << (8 * i);
        }
        return value;
    }

    @Override
    public void out(int port, int size, int value) {
        for (int i = 0; i < size; i++) {
            int b = (value >>> (8 * i)) & 0xFF;
            if (port + i == INDEX_PORT) {
                index = b & 0x7F;
                nmiDisabled = (b & 0x80) != 0;
            } else if (port + i == DATA_PORT) {
                writeData(b);
            }
        }
    }

    private int readData() {
        advance();
        int value = read(index);
        updateIrq();
        return value;
    }

    private int read(int register) {
        return switch (register) {
            case SECONDS -> encode(second);
            case MINUTES -> encode(minute);
            case HOURS -> encodeHour();
            case DAY_OF_WEEK -> encode(dayOfWeek);
            case DAY_OF_MONTH -> encode(dayOfMonth);
            case MONTH -> encode(month);
            case YEAR -> encode(year);
            case CENTURY -> encode(century);
            case REG_A -> (ram[REG_A] & 0x7F) | (updateInProgress() ? A_UIP : 0);
            case REG_C -> readRegisterC();
            case REG_D -> D_VRT;
            default -> ram[register] & 0xFF;
        };
    }

    /** The flags and IRQF; reading clears them and lowers IRQ 8. */
    private int readRegisterC() {
        int value = flags | (irqHigh ? C_IRQF : 0);
        flags = 0;
        updateIrq();
        return value;
    }

    private void writeData(int value) {
        advance();
        writeRegister(value);
        updateIrq();
    }

    private void writeRegister(int value) {
        switch (index) {
            case SECONDS -> second = decode(value);
            case MINUTES -> minute = decode(value);
            case HOURS -> hour = decodeHour(value);
            case DAY_OF_WEEK -> dayOfWeek = decode(value);
            case DAY_OF_MONTH -> dayOfMonth = decode(value);
            case MONTH -> month = decode(value);
            case YEAR -> year = decode(value);
            case CENTURY -> century = decode(value);
            case REG_A -> writeRegisterA(value);
            case REG_B -> writeRegisterB(value);
            case REG_C, REG_D -> { } // read-only
            default -> ram[index] = (byte) value;
        }
    }

    private void writeRegisterA(int value) {
        boolean wasReset = (ram[REG_A] & A_DIVIDER_RESET) == A_DIVIDER_RESET;
        ram[REG_A] = (byte) (value & 0x7F);
        if (wasReset && (value & A_DIVIDER_MASK) == A_DIVIDER_NORMAL) {
            long now = clock.nanos();
            lastUpdate = now - SECOND_NS / 2;
            dividerStart = now;
            periodicCheckedAt = now;
        }
    }

    private void writeRegisterB(int value) {
        boolean wasSet = (ram[REG_B] & B_SET) != 0;
        if ((value & B_SET) != 0) {
            value &= ~B_UIE; // the datasheet: setting SET clears UIE
        } else if (wasSet) {
            lastUpdate = clock.nanos();
        }
        ram[REG_B] = (byte) value;
    }

    private boolean dividerRunning() {
        return (ram[REG_A] & A_DIVIDER_MASK) == A_DIVIDER_NORMAL;
    }

    private boolean running() {
        return dividerRunning() && (ram[REG_B] & B_SET) == 0;
    }

    /** The periodic interrupt's period in ticks of the 32.768 kHz base, or 0 for none (rate 0). */
    private long periodTicks() {
        int rate = ram[REG_A] & 0x0F;
        return switch (rate) {
            case 0 -> 0;
            case 1 -> 128;  // rates 1 and 2 repeat rates 8 and 9 with this time base
            case 2 -> 256;
            default -> 1L << (rate - 1);
        };
    }

    /** Whole 32.768 kHz ticks from the divider's start to {@code nanos}. */
    private long ticksAt(long nanos) {
        long d = nanos - dividerStart;
        return d / SECOND_NS * BASE_HZ + d % SECOND_NS * BASE_HZ / SECOND_NS;
    }

    /** The first instant at which {@code ticks} base ticks have passed since the divider's start. */
    private long instantOfTicks(long ticks) {
        long rest = ticks % BASE_HZ;
        return dividerStart + ticks / BASE_HZ * SECOND_NS + (rest * SECOND_NS + BASE_HZ - 1) / BASE_HZ;
    }

    private boolean updateInProgress() {
        return running() && clock.nanos() - lastUpdate >= SECOND_NS - UIP_LEAD_NS;
    }

    /** Sets PF for the periodic ticks and performs the update cycles (UF, AF) due since the last look. */
    private void advance() {
        long now = clock.nanos();
        long period = periodTicks();
        if (period > 0 && dividerRunning() && ticksAt(now) / period > ticksAt(periodicCheckedAt) / period) {
            flags |= C_PF;
        }
        periodicCheckedAt = now;
        if (!running()) {
            return;
        }
        long seconds = (now - lastUpdate) / SECOND_NS;
        if (seconds > 0) {
            lastUpdate += seconds * SECOND_NS;
            if (alarmWithin(seconds)) {
                flags |= C_AF;
            }
            addSeconds(seconds);
            flags |= C_UF;
        }
    }

    /** Whether one of the next {@code seconds} update cycles (at most a day's worth matter) reaches the alarm. */
    private boolean alarmWithin(long seconds) {
        int alarmSecond = ram[SECONDS_ALARM] & 0xFF, alarmMinute = ram[MINUTES_ALARM] & 0xFF;
        int alarmHour = ram[HOURS_ALARM] & 0xFF;
        int startOfDay = Math.floorMod(hour * 3600 + minute * 60 + second, 86_400);
        for (long i = 1; i <= Math.min(seconds, 86_400); i++) {
            int t = (int) ((startOfDay + i) % 86_400);
            if (alarmMatches(alarmSecond, encode(t % 60)) && alarmMatches(alarmMinute, encode(t / 60 % 60))
                    && alarmMatches(alarmHour, encodeHour(t / 3600))) {
                return true;
            }
        }
        return false;
    }

    private static boolean alarmMatches(int alarm, int value) {
        return (alarm & 0xC0) == 0xC0 || alarm == value;
    }

    /** Drives IRQ 8 from the flags and their enables, and arms the timer for the next rise while it is low. */
    private void updateIrq() {
        boolean high = (flags & ram[REG_B] & (C_PF | C_AF | C_UF)) != 0;
        if (high != irqHigh) {
            irqHigh = high;
            irq.set(high);
        }
        long next = Long.MAX_VALUE;
        if (!high) {
            long period = periodTicks();
            if ((ram[REG_B] & B_PIE) != 0 && period > 0 && dividerRunning()) {
                next = instantOfTicks((ticksAt(clock.nanos()) / period + 1) * period);
            }
            if ((ram[REG_B] & (B_AIE | B_UIE)) != 0 && running()) {
                next = Math.min(next, lastUpdate + SECOND_NS);
            }
        }
        if (next == Long.MAX_VALUE) {
            timer.cancel();
        } else {
            timer.arm(next);
        }
    }

    private void timerExpired() {
        advance();
        updateIrq();
    }

    private void addSeconds(long seconds) {
        // A guest may have written values no calendar has; step those one second at a time until they are
        // valid again, as the chip's counters would.
        while (seconds > 0 && !validTime()) {
            tick();
            seconds--;
        }
        if (seconds == 0) {
            return;
        }
        LocalDateTime now = LocalDateTime.of(century * 100 + year, month, dayOfMonth, hour, minute, second);
        LocalDateTime then = now.plusSeconds(seconds);
        long days = then.toLocalDate().toEpochDay() - now.toLocalDate().toEpochDay();
        dayOfWeek = (int) Math.floorMod(dayOfWeek - 1 + days, 7) + 1;
        second = then.getSecond();
        minute = then.getMinute();
        hour = then.getHour();
        dayOfMonth = then.getDayOfMonth();
        month = then.getMonthValue();
        year = then.getYear() % 100;
        century = then.getYear() / 100;
    }

    private boolean validTime() {
        if (dayOfWeek < 1 || dayOfWeek > 7 || year > 99 || century > 99) {
            return false;
        }
        try {
            LocalDateTime.of(century * 100 + year, month, dayOfMonth, hour, minute, second);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** One update cycle on counters that may hold out-of-range values. */
    private void tick() {
        if (++second < 60) {
            return;
        }
        second = 0;
        if (++minute < 60) {
            return;
        }
        minute = 0;
        if (++hour < 24) {
            return;
        }
        hour = 0;
        dayOfWeek = dayOfWeek >= 7 ? 1 : dayOfWeek + 1;
        if (++dayOfMonth <= daysInMonth()) {
            return;
        }
        dayOfMonth = 1;
        if (++month <= 12) {
            return;
        }
        month = 1;
        if (++year <= 99) {
            return;
        }
        year = 0;
        century = (century + 1) % 100;
    }

    private int daysInMonth() {
        return switch (month) {
            case 4, 6, 9, 11 -> 30;
            case 2 -> Year.isLeap(century * 100L + year) ? 29 : 28;
            default -> 31;
        };
    }

    private boolean binary() {
        return (ram[REG_B] & B_BINARY) != 0;
    }

    private int encode(int v) {
        return binary() ? v & 0xFF : ((v / 10 % 10) << 4 | v % 10) & 0xFF;
    }

    private int decode(int v) {
        return binary() ? v : (v >> 4) * 10 + (v & 0xF);
    }

    private int encodeHour() {
        return encodeHour(hour);
    }

    private int encodeHour(int hour) {
        if ((ram[REG_B] & B_24H) != 0) {
            return encode(hour);
        }
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        return encode(h12) | (hour >= 12 ? 0x80 : 0);
    }

    private int decodeHour(int v) {
        if ((ram[REG_B] & B_24H) != 0) {
            return decode(v);
        }
        int h = decode(v & 0x7F);
        return h % 12 + ((v & 0x80) != 0 ? 12 : 0);
    }
}

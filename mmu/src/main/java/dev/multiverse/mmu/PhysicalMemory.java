package dev.multiverse.mmu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest physical address space: RAM from address 0 in one {@link MemorySegment}, and MMIO windows.
 * Addresses outside RAM and outside every window read as all ones and ignore writes (open bus).
 *
 * <p>It also tracks which RAM pages hold decoded code: a write to such a page (through the slow
 * path, since TLBs never cache write access to code pages) tells the {@link CodeWriteListener}s.
 */
public final class PhysicalMemory {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private record MmioWindow(long base, long length, MmioHandler handler) {
        boolean contains(long pa) {
            return pa - base >= 0 && pa - base < length;
        }
    }

    private final MemorySegment ram;
    private final long ramSize;
    private final List<MmioWindow> mmio = new ArrayList<>();
    private final byte[] codePages;
    private final List<CodeWriteListener> codeListeners = new ArrayList<>();
    private final List<Tlb> tlbs = new ArrayList<>();
    private MemoryEventSink events = MemoryEventSink.NONE;

    public PhysicalMemory(long ramSize) {
        if (ramSize <= 0 || (ramSize & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramSize);
        }
        this.ramSize = ramSize;
        // An automatic arena: RAM is released when the machine is unreachable (tests and benchmarks boot many).
        this.ram = Arena.ofAuto().allocate(ramSize, PAGE_SIZE);
        this.codePages = new byte[(int) (ramSize >>> PAGE_SHIFT)];
    }

    public long ramSize() {
        return ramSize;
    }

    /** The RAM backing store; guest physical address {@code pa < ramSize()} lives at offset {@code pa}. */
    public MemorySegment ram() {
        return ram;
    }

    public boolean isRam(long pa) {
        return pa >= 0 && pa < ramSize;
    }

    /** True if the whole 4 KiB page at {@code pa} is plain RAM (no MMIO window overlaps it). */
    public boolean isRamPage(long pa) {
        long page = pa & ~(PAGE_SIZE - 1);
        if (!isRam(page)) {
            return false;
        }
        for (MmioWindow w : mmio) {
            if (w.base() < page + PAGE_SIZE && page < w.base() + w.length()) {
                return false;
            }
        }
        return true;
    }

    public void mapMmio(long base, long length, MmioHandler handler) {
        for (MmioWindow w : mmio) {
            if (w.base() < base + length && base < w.base() + w.length()) {
                throw new IllegalStateException("MMIO window at 0x" + Long.toHexString(base) + " overlaps another");
            }
        }
        mmio.add(new MmioWindow(base, length, handler));
        for (Tlb tlb : tlbs) {
            tlb.flushAll();
        }
    }

    /** Removes the windows {@code handler} serves (a relocatable device register window moving away). */
    public void unmapMmio(MmioHandler handler) {
        if (mmio.removeIf(w -> w.handler() == handler)) {
            for (Tlb tlb : tlbs) {
                tlb.flushAll();
            }
        }
    }

    /** Reports every MMIO access to {@code sink} from now on. */
    public void setEventSink(MemoryEventSink sink) {
        events = sink;
    }

    public void addCodeWriteListener(CodeWriteListener listener) {
        codeListeners.add(listener);
    }

    void attach(Tlb tlb) {
        tlbs.add(tlb);
    }

    /** Marks a RAM page as holding decoded code: writes to it will be reported, and no TLB may cache write access to it. */
    public void markCode(long pa) {
        if (!isRam(pa)) {
            return;   // only RAM pages are tracked; code outside RAM is never cached (see the CPU's block cache)
        }
        int page = (int) (pa >>> PAGE_SHIFT);
        if (codePages[page] == 0) {
            codePages[page] = 1;
            for (Tlb tlb : tlbs) {
                tlb.dropWritesTo(pa & ~(PAGE_SIZE - 1));
            }
        }
    }

    public boolean isCode(long pa) {
        return isRam(pa) && codePages[(int) (pa >>> PAGE_SHIFT)] != 0;
    }

    private void noteWrite(long pa, int size) {
        long first = pa >>> PAGE_SHIFT;
        long last = (pa + size - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last && page < codePages.length; page++) {
            if (codePages[(int) page] != 0) {
                codePages[(int) page] = 0;
                for (CodeWriteListener l : codeListeners) {
                    l.codePageWritten(page << PAGE_SHIFT);
                }
            }
        }
    }

    private MmioWindow window(long pa) {
        for (MmioWindow w : mmio) {
            if (w.contains(pa)) {
                return w;
            }
        }
        return null;
    }

    /** Reads {@code size} (1, 2, 4, 8) bytes, little-endian, zero-extended. Never faults. */
    public long read(long pa, int size) {
        MmioWindow w = window(pa);
        if (w != null) {
            long value = w.handler().read(pa - w.base(), size);
            events.mmio(pa, size, value, false, w.handler());
            return value;
        }
        if (pa >= 0 && pa + size <= ramSize) {
            return switch (size) {
                case 1 -> ram.get(ValueLayout.JAVA_BYTE, pa) & 0xffL;
                case 2 -> ram.get(SHORT, pa) & 0xffffL;
                case 4 -> ram.get(INT, pa) & 0xffff_ffffL;
                default -> ram.get(LONG, pa);
            };
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            long b = isRam(pa + i) ? ram.get(ValueLayout.JAVA_BYTE, pa + i) & 0xffL : 0xffL;
            v |= b << (8 * i);
        }
        return v;
    }

    /** Writes the low {@code size} bytes of {@code value}, little-endian. Never faults. */
    public void write(long pa, int size, long value) {
        MmioWindow w = window(pa);
        if (w != null) {
            events.mmio(pa, size, value, true, w.handler());
            w.handler().write(pa - w.base(), size, value);
            return;
        }
        if (pa >= 0 && pa + size <= ramSize) {
            switch (size) {
                case 1 -> ram.set(ValueLayout.JAVA_BYTE, pa, (byte) value);
                case 2 -> ram.set(SHORT, pa, (short) value);
                case 4 -> ram.set(INT, pa, (int) value);
                default -> ram.set(LONG, pa, value);
            }
        } else {
            for (int i = 0; i < size; i++) {
                if (isRam(pa + i)) {
                    ram.set(ValueLayout.JAVA_BYTE, pa + i, (byte) (value >>> (8 * i)));
                }
            }
        }
        noteWrite(pa, size);
    }

    /** Zeroes all of RAM (a machine reset re-runs the boot as at power-on); every page holding code is reported written. */
    public void clear() {
        ram.fill((byte) 0);
        for (long page = 0; page < codePages.length; page++) {
            noteWrite(page << PAGE_SHIFT, 1);
        }
    }

    /** Copies host bytes into guest RAM (loaders). */
    public void load(long pa, byte[] data, int offset, int length) {
        if (pa < 0 || pa + length > ramSize) {
            throw new IllegalArgumentException(String.format(
                    "image range 0x%x..0x%x lies outside guest RAM (0x%x bytes)", pa, pa + length, ramSize));
        }
        MemorySegment.copy(data, offset, ram, ValueLayout.JAVA_BYTE, pa, length);
        noteWrite(pa, length);
    }

    public void load(long pa, byte[] data) {
        load(pa, data, 0, data.length);
    }

    /** Copies guest RAM out to the host (debugger, tests). Bytes outside RAM read as 0xff. */
    public byte[] dump(long pa, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) read(pa + i, 1);
        }
        return out;
    }
}

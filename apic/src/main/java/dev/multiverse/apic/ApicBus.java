package dev.multiverse.apic;

import dev.multiverse.mmu.MmioHandler;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The system bus the local APICs share: it routes interprocessor interrupts to every APIC an ICR addresses
 * (SDM §10.6) and decodes the xAPIC register pages. Every core sees its own APIC at the same physical
 * address, but physical memory is shared, so the bus maps one window per base address in use and hands an
 * access to the APIC of the core that is running ({@link #setCurrent}, set by the machine's scheduler,
 * which runs one core at a time); a core whose APIC has moved elsewhere or is disabled sees open bus there.
 */
public final class ApicBus {
    private final PhysicalMemory memory;
    private final List<LocalApic> apics = new ArrayList<>();
    private final List<MmioHandler> windows = new ArrayList<>();
    private LocalApic current;
    private ApicEventSink events = ApicEventSink.NONE;
    private Route route = (from, to) -> true;
    /** Cycles an IPI costs its sender and each core it reaches (a hypervisor's exit and injection); none on a PC. */
    private long sendCost, receiveCost;

    /** Which cores' APICs an IPI from a core can reach at all, by core index. */
    @FunctionalInterface
    public interface Route {
        boolean reaches(int fromCore, int toCore);
    }

    public ApicBus(PhysicalMemory memory) {
        this.memory = memory;
    }

    /** Reports IPIs and the application processors' start-up to {@code sink} from now on. */
    public void setEventSink(ApicEventSink sink) {
        events = sink;
    }

    /**
     * Limits every IPI (fixed, NMI, INIT, SIPI..., by any shorthand or destination) to the APICs
     * {@code route} lets it reach, as an HVM keeps ROS cores from interrupting HRT cores; the others
     * never see it. Every APIC reaches every other by default.
     */
    public void setRoute(Route route) {
        this.route = route;
    }

    /**
     * Charges every IPI sent through an ICR from now on: the sending core pays {@code send} cycles for the
     * ICR write, each core the IPI reaches {@code receive} cycles for its delivery (an HVM's exit and
     * injection costs). Both are 0 by default, so a plain machine's cycles stay one per instruction.
     */
    public void setIpiCosts(long send, long receive) {
        if (send < 0 || receive < 0) throw new IllegalArgumentException("IPI costs must not be negative");
        sendCost = send;
        receiveCost = receive;
    }

    ApicEventSink events() {
        return events;
    }

    void attach(LocalApic apic) {
        apics.add(apic);
        if (current == null) current = apic;
    }

    /** Every APIC on the bus, in the order they were attached (core order). */
    public List<LocalApic> apics() {
        return List.copyOf(apics);
    }

    /** The APIC whose core is executing: the one its memory accesses to an xAPIC page reach. */
    public void setCurrent(LocalApic apic) {
        current = apic;
    }

    /** Maps one window for each base address an APIC decodes (called when an APIC's base or mode changes). */
    void remap() {
        for (MmioHandler w : windows) memory.unmapMmio(w);
        windows.clear();
        Set<Long> bases = new LinkedHashSet<>();
        for (LocalApic apic : apics) {
            if (apic.mappedBase() >= 0) bases.add(apic.mappedBase());
        }
        for (long base : bases) {
            MmioHandler window = new Window(base);
            memory.mapMmio(base, PhysicalMemory.PAGE_SIZE, window);
            windows.add(window);
        }
    }

    /** One xAPIC page address: the running core's APIC if it decodes this address, else open bus. */
    private final class Window implements MmioHandler {
        private final long base;

        Window(long base) {
            this.base = base;
        }

        @Override
        public long read(long offset, int size) {
            if (current != null && current.mappedBase() == base) return current.read(offset, size);
            return size == 8 ? -1L : (1L << (8 * size)) - 1;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (current != null && current.mappedBase() == base) current.write(offset, size, value);
        }

        @Override
        public String deviceName() {
            return "LocalApic";
        }
    }

    /**
     * Delivers the IPI {@code source}'s ICR describes: to every APIC its shorthand or destination selects,
     * or for lowest priority to the selected APIC with the lowest processor priority (the lowest ID on a
     * tie, so the choice is deterministic). Delivery is instant, so the ICR's delivery status stays idle.
     */
    void deliver(LocalApic source, int icrLow, long destination, boolean x2apic) {
        int mode = icrLow >> 8 & 7;
        List<LocalApic> targets = new ArrayList<>();
        for (LocalApic apic : apics) {
            if (route.reaches(source.core(), apic.core()) && selects(source, apic, icrLow, destination, x2apic)) {
                targets.add(apic);
            }
        }
        if (mode == LocalApic.MODE_LOWEST_PRIORITY && !targets.isEmpty()) {
            LocalApic lowest = targets.getFirst();
            for (LocalApic apic : targets) {
                if (apic.processorPriority() < lowest.processorPriority()) lowest = apic;
            }
            targets = List.of(lowest);
        }
        int vector = icrLow & 0xff;
        source.charge(sendCost);
        if (targets.isEmpty()) events.ipi(source.core(), -1, mode, vector);
        for (LocalApic apic : targets) {
            events.ipi(source.core(), apic.core(), mode, vector);
            apic.charge(receiveCost);
            apic.receiveIpi(icrLow);
        }
    }

    private static boolean selects(LocalApic source, LocalApic apic, int icrLow, long destination, boolean x2apic) {
        return switch (icrLow >> 18 & 3) {
            case LocalApic.SHORTHAND_SELF -> apic == source;
            case LocalApic.SHORTHAND_ALL_INCLUDING_SELF -> true;
            case LocalApic.SHORTHAND_ALL_EXCLUDING_SELF -> apic != source;
            default -> destination == (x2apic ? 0xffff_ffffL : 0xff)
                    || apic.matches(destination, (icrLow & LocalApic.DEST_LOGICAL) != 0);
        };
    }
}

package dev.multiverse.machine;

import dev.multiverse.apic.IoApic;
import dev.multiverse.apic.LocalApic;
import dev.multiverse.devices.A20Line;
import dev.multiverse.devices.AcpiPm;
import dev.multiverse.devices.CmosRtc;
import dev.multiverse.devices.DebugExit;
import dev.multiverse.devices.I8042;
import dev.multiverse.devices.IrqLine;
import dev.multiverse.devices.PostCodePort;
import dev.multiverse.devices.SystemControlPortA;
import dev.multiverse.devices.SystemControlPortB;
import dev.multiverse.devices.Uart16550;
import dev.multiverse.devices.VirtualClock;
import dev.multiverse.devices.irq.DualPic;
import dev.multiverse.devices.irq.SplitLine;
import dev.multiverse.devices.pci.PciHostBridge;
import dev.multiverse.devices.timer.Pit8254;
import dev.multiverse.machine.firmware.Platform;
import dev.multiverse.mmu.PortBus;

import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The PC's legacy platform devices on the port bus: COM1, the POST port, System Control Port A (port 0x92:
 * an A20 gate and the guest's fast reset), the 8259 PIC pair, the 8254 PIT and port 0x61 on virtual time,
 * the i8042 keyboard controller (a second A20 gate and reset line, IRQ 1 and 12), PCI configuration
 * mechanism 1 with a host bridge, the CMOS RTC on IRQ 8 (starting at {@link MachineConfig#rtcStart()} or the
 * host's present, then on virtual time) with the memory size in its NVRAM, the ACPI PM1 registers and
 * isa-debug-exit. Their ISA interrupt wires reach both the PIC's inputs and the IOAPIC pins the firmware
 * tables give them (PIT counter 0 on IRQ 0, so pin 2; COM1 on IRQ 4; the others on their own pin).
 */
final class PcDevices {
    private final Platform platform;
    private final IoApic ioapic;
    private final Uart16550 serial;
    private final SystemControlPortA systemControl;
    private final DualPic pic;
    private final Pit8254 pit;
    private final SystemControlPortB systemControlB;
    /** The i8042 keyboard controller: its output port is a second A20 gate and its reset line a second reset. */
    private final I8042 keyboardController;
    private final PciHostBridge pci;
    /** Battery-backed: a machine reset drives its RESET pin but leaves its time and NVRAM alone. */
    private final CmosRtc rtc;
    /** The ACPI PM1 registers; entering S5 through them powers the machine off. */
    private final AcpiPm acpiPm;

    /**
     * Creates the devices and registers them on {@code ports}. {@code listed} are the local APICs the device
     * interrupts reach (every core's, or an HVM's ROS cores'); {@code a20} is the A20 line both gates drive,
     * {@code resetRequest} hears who asked for a reset, {@code powerOff} the guest entering S5 and
     * {@code debugExit} the status written to isa-debug-exit.
     */
    PcDevices(MachineConfig config, PortBus ports, OutputStream serialOut, Platform platform, VirtualClock clock,
              IoApic ioapic, List<LocalApic> listed, A20Line a20, Consumer<String> resetRequest, Runnable powerOff,
              IntConsumer debugExit) throws BootException {
        this.platform = platform;
        this.ioapic = ioapic;
        serial = new Uart16550(Uart16550.COM1, serialOut);
        ports.register(Uart16550.COM1, Uart16550.PORT_COUNT, serial);
        ports.register(PostCodePort.PORT, 1, new PostCodePort());
        systemControl = new SystemControlPortA(a20, () -> resetRequest.accept("port 0x92"));
        ports.register(SystemControlPortA.PORT, 1, systemControl);
        // The 8259's INTR reaches every listed core's LINT0, as multiprocessor PCs wire it; only the BSP's is
        // programmed ExtINT at power-on. Any of their local APICs may take an ExtINT vector from it.
        pic = new DualPic(level -> listed.forEach(a -> a.lint0(level)));
        for (LocalApic a : listed) a.connectExtInt(pic::acknowledge);
        ports.register(DualPic.MASTER, DualPic.PORT_COUNT, pic);
        ports.register(DualPic.SLAVE, DualPic.PORT_COUNT, pic);
        ports.register(DualPic.ELCR, DualPic.PORT_COUNT, pic);
        pit = new Pit8254(clock, isaIrq(0));
        ports.register(Pit8254.PORT, Pit8254.PORT_COUNT, pit);
        systemControlB = new SystemControlPortB(pit, clock);
        ports.register(SystemControlPortB.PORT, 1, systemControlB);
        serial.connectInterrupt(isaIrq(4));
        keyboardController = new I8042(a20, () -> resetRequest.accept("the i8042 keyboard controller"),
                isaIrq(1), isaIrq(12));
        ports.register(I8042.DATA_PORT, 1, keyboardController);
        ports.register(I8042.COMMAND_PORT, 1, keyboardController);
        pci = new PciHostBridge();
        ports.register(PciHostBridge.ADDRESS_PORT, 4, pci);
        ports.register(PciHostBridge.DATA_PORT, 4, pci);
        rtc = new CmosRtc(config.rtcStart() != null ? config.rtcStart() : LocalDateTime.now(Clock.systemUTC()),
                clock, isaIrq(8));
        rtc.recordMemorySize(config.kernelMemory());
        ports.register(CmosRtc.INDEX_PORT, 2, rtc);
        acpiPm = new AcpiPm(powerOff);
        ports.register(AcpiPm.EVENT_BLOCK, AcpiPm.PORT_COUNT, acpiPm);
        try {
            // Last, so a port chosen with --debug-exit-port that a platform device uses is reported here.
            ports.register(config.debugExitPort(), DebugExit.PORT_COUNT, new DebugExit(debugExit));
        } catch (IllegalStateException taken) {
            throw new BootException(String.format("the debug-exit port 0x%x overlaps another device: %s",
                    config.debugExitPort(), taken.getMessage()));
        }
    }

    /** The wire of ISA interrupt {@code irq}: to the PIC's input and the IOAPIC pin the firmware tables give it. */
    IrqLine isaIrq(int irq) {
        int gsi = platform.isaGsi(irq);
        return new SplitLine(pic.line(irq), high -> ioapic.setPin(gsi, high));
    }

    /** COM1, whose output the machine flushes between rounds and whose receive line host input may drive. */
    Uart16550 serial() {
        return serial;
    }

    /** A machine (or an HVM's ROS) reset: every device to its reset state; each disarms its own timers. */
    void reset() {
        serial.reset();
        systemControl.reset();
        keyboardController.reset();
        acpiPm.reset();
        pci.reset();
        rtc.reset();
        pic.reset();
        pit.reset();
        systemControlB.reset();
    }
}

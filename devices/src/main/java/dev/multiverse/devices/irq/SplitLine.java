package dev.multiverse.devices.irq;

import dev.multiverse.devices.IrqLine;

import java.util.List;

/** One device's interrupt wire reaching several controller inputs: on a PC an ISA IRQ drives both the 8259 and the IOAPIC. */
public final class SplitLine implements IrqLine {
    private final List<IrqLine> inputs;

    public SplitLine(IrqLine... inputs) {
        this.inputs = List.of(inputs);
    }

    @Override
    public void set(boolean high) {
        for (IrqLine input : inputs) {
            input.set(high);
        }
    }
}

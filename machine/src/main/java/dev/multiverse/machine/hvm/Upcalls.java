package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.List;

/**
 * ROS-to-HRT requests (docs/hvm-abi.md, "Upcalls and the comm page"): the request goes into the comm page
 * as 64-bit words (its type, then its arguments), then each target HRT core is interrupted at its next
 * instruction boundary, whatever RFLAGS.IF says, with the image's upcall vector, or with #GP and error code
 * {@link #GP_ERROR_CODE} when the image asks for none. Each receiving core pays {@link HvmCosts#inject()}.
 */
public final class Upcalls {
    public static final int GP_ERROR_CODE = 0xf00df00d;

    private final List<Cpu> cores;
    private final PhysicalMemory memory;
    private final HrtPartition partition;
    private final HvmCosts costs;
    private HvmEventSink sink = HvmEventSink.NONE;

    public Upcalls(List<Cpu> cores, PhysicalMemory memory, HrtPartition partition, HvmCosts costs) {
        this.cores = cores;
        this.memory = memory;
        this.partition = partition;
        this.costs = costs;
    }

    void setEventSink(HvmEventSink sink) {
        this.sink = sink;
    }

    /** Writes {@code request} into the comm page and interrupts the first HRT core, or every one with {@code allCores}. */
    public void send(boolean allCores, long... request) {
        long page = partition.commPageGpa();
        for (int i = 0; i < request.length; i++) memory.write(page + 8L * i, 8, request[i]);
        if (!allCores) {
            interrupt(cores.get(partition.firstHrtCore()), request[0]);
            return;
        }
        for (Cpu core : cores) {
            if (partition.isHrtCore(core.id)) interrupt(core, request[0]);
        }
    }

    private void interrupt(Cpu core, long request) {
        int vector = partition.upcallVector();
        if (vector == 0) core.inject(CpuException.GP, GP_ERROR_CODE);
        else core.inject(vector, -1);
        core.cycles += costs.inject();
        sink.upcall(core, request, vector == 0 ? CpuException.GP : vector, vector == 0 ? GP_ERROR_CODE : -1);
    }
}

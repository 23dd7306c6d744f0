/* Start-up of every core, in both boots: standalone (Multiboot 2, this kernel starts the other cores)
 * and as the HRT (the HVM starts every HRT core at entry64). */
#include "kernel.h"

int selftest_run(void);
int hvm_ros_test_run(void);
void trap_load_start(void);

static volatile bool shared_state_ready;   /* HRT mode: core 0 has set up what all cores share */

/* What every core sets up for itself, once the shared state exists: descriptor tables, its APIC. */
static void core_init_cpu(int index) {
    struct cpu *c = &cpus[index];
    c->self = c;
    c->index = index;
    gdt_init_core(c);
    idt_load();
    apic_init_core();
    if (index != 0 && apic_id() != c->apic_id) panic("core %d has APIC ID %u, expected %u\n", index, apic_id(), c->apic_id);
    c->apic_id = apic_id();
}

/* Then its scheduler and timer: from here on it takes interrupts. */
static void core_start(int index) {
    struct cpu *c = &cpus[index];
    sched_init_core();
    timer_start_core();
    WRITE_ONCE(c->online, true);
    enable_irq();
}

/* Start-up is over: the boot thread ends, and the core's scheduler runs its threads, or its idle thread
 * when none is runnable (so an idle core halts only then). */
static void boot_thread_end(void) __attribute__((noreturn));
static void boot_thread_end(void) {
    thread_exit(0);
}

/* Standalone application processors, from the trampoline. */
void ap_main(u64 index) {
    core_init_cpu((int)index);
    core_start((int)index);
    boot_thread_end();
}

/* HRT cores after the first: the HVM started them at entry64 on its own page tables and stacks. */
static void hrt_secondary(u64 index) {
    while (!READ_ONCE(shared_state_ready)) cpu_relax();
    paging_load();
    core_init_cpu((int)index);
    core_start((int)index);
    boot_thread_end();
}

/* rcx (the APIC ID the HVM passes) is not needed: each core reads its own. */
void kernel_entry(const void *mbi, u64 apic, u64 index, u64 bias) {
    (void)apic;
    if (index != 0) hrt_secondary(index);
    struct cpu *c = &cpus[0];
    c->self = c;
    wrmsr(MSR_GS_BASE, (u64)c);
    multiboot_parse(mbi, bias);
    if (boot.hrt) console_init_debugcon();
    else console_init_serial();
    kprintf("AeroKernel: %s boot, load bias 0x%lx, command line \"%s\"\n", boot.hrt ? "HRT" : "standalone",
            bias, boot.cmdline);
    paging_init();
    idt_build();
    if (boot.hrt) {
        interrupt_set_upcall_vector(boot.upcall_vector);
        cpu_count = (int)(boot.total_apics - boot.first_hrt_apic);
        if (cpu_count > MAX_CPUS) cpu_count = MAX_CPUS;
        for (int i = 0; i < cpu_count; i++) cpus[i].apic_id = boot.first_hrt_apic + (u32)i;
    }
    core_init_cpu(0);
    timer_calibrate();
    page_alloc_init();
    core_start(0);
    if (boot.hrt) {
        WRITE_ONCE(shared_state_ready, true);
        smp_wait_hrt_cores();
        kprintf("AeroKernel: %d HRT cores up (APIC IDs %u-%u), upcall %s 0x%x, comm page 0x%lx\n", cpu_count,
                cpus[0].apic_id, cpus[cpu_count - 1].apic_id, boot.upcall_vector ? "vector" : "#GP error",
                boot.upcall_vector ? boot.upcall_vector : 0xf00df00d, boot.comm_page_gpa);
        if (hvm_ready() < 0) kprintf("AeroKernel: the HVM refused the ready hypercall\n");
    } else {
        smp_boot_standalone();
        kprintf("AeroKernel: %d cores up\n", cpu_count);
    }
    if (cmdline_has(boot.cmdline, "traps")) trap_load_start();
    if (cmdline_has(boot.cmdline, "selftest")) machine_exit(selftest_run() == 0 ? 0 : 1);
    if (!boot.hrt && cmdline_has(boot.cmdline, "hvmtest")) machine_exit(hvm_ros_test_run() == 0 ? 0 : 1);
    if (cmdline_has(boot.cmdline, "fault")) {
        /* shows what an unexpected exception reports: selector 0x100 lies past the GDT's end, #GP(0x100) */
        __asm__ volatile("mov %0, %%ds" : : "r"(0x100) : "memory");
    }
    boot_thread_end();
}

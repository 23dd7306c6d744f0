/* The other cores. Standalone: the ACPI MADT lists them; each is started with INIT and start-up IPIs into
 * the real-mode trampoline, one at a time. As the HRT: the HVM starts every HRT core at the 64-bit entry
 * itself, and the HRT information tag says how many there are. */
#include "kernel.h"

#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_ASSERT 0x4000

struct cpu cpus[MAX_CPUS];
int cpu_count = 1;

extern char trampoline_start[], trampoline_end[], trampoline_cr3[], trampoline_stack[], trampoline_target[],
    trampoline_arg[];
extern char ap_entry64[];
static u8 ap_stacks[MAX_CPUS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

struct acpi_header {
    char signature[4];
    u32 length;
    u8 revision, checksum;
    char oem[6], oem_table[8];
    u32 oem_revision, creator, creator_revision;
} __attribute__((packed));

static bool checksum_ok(const void *p, size_t n) {
    u8 sum = 0;
    for (size_t i = 0; i < n; i++) sum += ((const u8 *)p)[i];
    return sum == 0;
}

static const struct acpi_header *find_madt(void) {
    for (u64 pa = 0xe0000; pa < 0x100000; pa += 16) {
        const u8 *rsdp = phys_to_virt(pa);
        if (memcmp(rsdp, "RSD PTR ", 8) != 0 || !checksum_ok(rsdp, 20)) continue;
        u32 rsdt_pa = *(const u32 *)(rsdp + 16);
        const struct acpi_header *rsdt = phys_to_virt(rsdt_pa);
        int entries = (rsdt->length - sizeof *rsdt) / 4;
        const u32 *table = (const u32 *)(rsdt + 1);
        for (int i = 0; i < entries; i++) {
            const struct acpi_header *h = phys_to_virt(table[i]);
            if (memcmp(h->signature, "APIC", 4) == 0 && checksum_ok(h, h->length)) return h;
        }
    }
    return NULL;
}

/* Appends the APIC ID of every enabled processor in the MADT, the BSP's first. */
static void list_cores(u32 bsp) {
    cpus[0].apic_id = bsp;
    const struct acpi_header *madt = find_madt();
    if (!madt) {
        kprintf("smp: no ACPI MADT: one core\n");
        return;
    }
    for (const u8 *e = (const u8 *)madt + 44; e < (const u8 *)madt + madt->length && e[1]; e += e[1]) {
        u32 id, flags;
        if (e[0] == 0) id = e[3], flags = *(const u32 *)(e + 4);              /* processor local APIC */
        else if (e[0] == 9) id = *(const u32 *)(e + 4), flags = *(const u32 *)(e + 8);   /* local x2APIC */
        else continue;
        if (!(flags & 1) || id == bsp) continue;
        if (cpu_count == MAX_CPUS) break;
        cpus[cpu_count++].apic_id = id;
    }
}

void smp_boot_standalone(void) {
    list_cores(cpus[0].apic_id);
    u8 *tramp = phys_to_virt(TRAMPOLINE_BASE);
    memcpy(tramp, trampoline_start, trampoline_end - trampoline_start);
    *(u64 *)(tramp + (trampoline_cr3 - trampoline_start)) = read_cr3();
    *(u64 *)(tramp + (trampoline_target - trampoline_start)) = (u64)ap_entry64;
    for (int i = 1; i < cpu_count; i++) {
        *(u64 *)(tramp + (trampoline_stack - trampoline_start)) = (u64)&ap_stacks[i][KERNEL_STACK_SIZE];
        *(u64 *)(tramp + (trampoline_arg - trampoline_start)) = i;
        cpus[i].index = i;
        apic_send_ipi(cpus[i].apic_id, ICR_INIT | ICR_ASSERT);
        delay_us(10000);
        for (int attempt = 0; attempt < 2 && !READ_ONCE(cpus[i].online); attempt++) {
            apic_send_ipi(cpus[i].apic_id, ICR_STARTUP | TRAMPOLINE_BASE >> 12);
            for (int waited = 0; waited < 1000 && !READ_ONCE(cpus[i].online); waited++) delay_us(100);
        }
        if (!READ_ONCE(cpus[i].online)) panic("smp: core %d (APIC ID %u) did not start\n", i, cpus[i].apic_id);
    }
}

/* Core 0 of the HRT: the HVM started the others at the same entry; wait until every one is up. */
void smp_wait_hrt_cores(void) {
    for (int i = 1; i < cpu_count; i++) {
        while (!READ_ONCE(cpus[i].online)) cpu_relax();
    }
}

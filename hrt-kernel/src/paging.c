/* The kernel's page tables, shared by all its cores: GPA [0, 4 GiB) in 2 MiB pages, identity-mapped in
 * the lower half (PML4 entries 0-255, which a merge replaces with the ROS process's) and at KERNEL_OFFSET
 * in the upper half, where the kernel runs. The tables are those the standalone 32-bit entry built. */
#include "kernel.h"

extern u64 boot_pml4[512], boot_pdpt[512], boot_pd[4 * 512];

#define PTE_PRESENT 1UL
#define PTE_WRITE 2UL
#define PTE_LARGE 0x80UL

void paging_init(void) {
    for (u64 i = 0; i < 4 * 512; i++) boot_pd[i] = i << 21 | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
    for (u64 i = 0; i < 4; i++) boot_pdpt[i] = virt_to_phys(&boot_pd[i * 512]) | PTE_PRESENT | PTE_WRITE;
    for (int i = 4; i < 512; i++) boot_pdpt[i] = 0;
    /* entry by entry: in a standalone boot these tables are live, and an entry cleared even for a moment
     * could unmap the code doing it */
    u64 top = virt_to_phys(boot_pdpt) | PTE_PRESENT | PTE_WRITE;
    for (int i = 0; i < 512; i++) boot_pml4[i] = i == 0 || i == 256 ? top : 0;
    paging_load();
}

void paging_load(void) {
    write_cr3(virt_to_phys(boot_pml4));
}

/* Every entry of this core's TLB (a CR3 reload keeps global pages; the kernel maps none). */
void paging_flush_tlb(void) {
    write_cr3(read_cr3());
}

/* Takes the lower half of the ROS process whose PML4 is at ros_cr3: its lower-level tables are shared. */
void paging_merge(u64 ros_cr3) {
    const u64 *ros = phys_to_virt(ros_cr3 & 0x000ffffffffff000UL);
    for (int i = 0; i < 256; i++) boot_pml4[i] = ros[i];
}

void paging_unmerge(void) {
    boot_pml4[0] = virt_to_phys(boot_pdpt) | PTE_PRESENT | PTE_WRITE;
    for (int i = 1; i < 256; i++) boot_pml4[i] = 0;
}

/*
 * More than one core: the BSP counts the processors in the ACPI MADT, starts
 * every AP with INIT-SIPI-SIPI (all-excluding-self shorthand), and each AP goes
 * real mode -> 32-bit protected mode -> long mode through a trampoline copied to
 * 0x8000 (the SIPI vector 0x08), using the BSP's GDT and page tables and a
 * stack chosen by its APIC ID; in C it loads the BSP's IDT, software-enables its
 * APIC, takes a slot with LOCK XADD, records its APIC ID there and waits for
 * interrupts.  The BSP waits (bounded) for the others, checks the IDs are
 * 1..N-1, then plays IPI ping-pong with core 1: a fixed IPI to APIC ID 1 whose
 * handler answers with a fixed IPI to APIC ID 0.  Then broadcasts: every core
 * counts the IPIs it receives by APIC ID, and the BSP checks the counts after
 * an all-including-self IPI, an all-excluding-self IPI and a logical-destination
 * IPI to the odd APIC IDs (flat model: each core set LDR bit 24 + its ID, so
 * the first 8 cores).  On one processor the AP part
 * is skipped, and the ROM prints the same whatever the core count.  The
 * trampoline sits in a data section: the ROM disassembler test decodes code
 * sections as 64-bit.
 *
 * With idle=SECONDS on the command line every core then idles in STI;HLT for
 * that many seconds of PIT time: IRQ 0 at 100 Hz through the master PIC wakes
 * the BSP only, which counts ticks; the APs see no interrupt at all.  This
 * measures what an idle guest costs the host (the default, idle=0, skips it).
 */
#include "sys.h"
#include "pcdev.h"

#define APIC 0xFEE00000ul
#define ID 0x20
#define EOI 0xB0
#define SVR 0xF0
#define ICR_LOW 0x300
#define ICR_HIGH 0x310
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)
#define ICR_ALL (2u << 18)
#define ICR_LOGICAL (1u << 11)
#define LDR 0xD0
#define DFR 0xE0
#define FLAT_CORES 8 /* the flat model's 8-bit logical destination */
#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)
#define TRAMPOLINE 0x8000 /* 4 KiB-aligned, below 1 MiB: SIPI vector 0x08 */
#define MAX_CORES 64
#define AP_STACK 4096
#define V_PING 0x41
#define V_PONG 0x42
#define V_COUNT 0x43
#define PINGS 5
#define WAIT_POLLS 10000000u
#define IDLE_HZ 100
#define PIT_HZ 1193182u

__asm__(".pushsection .rodata.smp, \"a\"\n"
        ".globl ap_blob, ap_blob_end, ap_params\n"
        ".set BLOB, 0x8000\n"
        "ap_blob:\n"
        ".code16\n"
        "  cli\n"
        "  movw %cs, %ax\n"
        "  movw %ax, %ds\n"
        "  lgdtl ap_gdtr - ap_blob\n"
        "  movl %cr0, %eax\n"
        "  orl $1, %eax\n"                  /* CR0.PE */
        "  movl %eax, %cr0\n"
        "  ljmpl $0x18, $(ap_pm32 - ap_blob + BLOB)\n"
        ".code32\n"
        "ap_pm32: movl $0x10, %eax\n"
        "  movl %eax, %ds\n"
        "  movl %eax, %es\n"
        "  movl %eax, %ss\n"
        "  movl ap_cr3 - ap_blob + BLOB, %eax\n"
        "  movl %eax, %cr3\n"
        "  movl %cr4, %eax\n"
        "  orl $0x20, %eax\n"               /* CR4.PAE */
        "  movl %eax, %cr4\n"
        "  movl $0xc0000080, %ecx\n"
        "  rdmsr\n"
        "  orl $0x100, %eax\n"              /* EFER.LME */
        "  wrmsr\n"
        "  movl %cr0, %eax\n"
        "  orl $0x80000000, %eax\n"         /* CR0.PG: long mode */
        "  movl %eax, %cr0\n"
        "  ljmpl $0x08, $(ap_lm64 - ap_blob + BLOB)\n"
        ".code64\n"
        "ap_lm64: movl $0xfee00020, %ecx\n"  /* this core's APIC ID picks its stack */
        "  movl (%rcx), %eax\n"
        "  shrl $24, %eax\n"
        "  incl %eax\n"
        "  imull $4096, %eax, %eax\n"
        "  addq ap_stacks_addr - ap_blob + BLOB, %rax\n"
        "  movq %rax, %rsp\n"
        "  movq ap_entry - ap_blob + BLOB, %rax\n"
        "  callq *%rax\n"
        "1: cli\n"
        "  hlt\n"
        "  jmp 1b\n"
        ".balign 8\n"
        "ap_params:\n"
        "ap_gdtr: .word 0\n"
        "  .long 0\n"
        "  .word 0\n"
        "ap_cr3: .quad 0\n"
        "ap_stacks_addr: .quad 0\n"
        "ap_entry: .quad 0\n"
        "ap_blob_end:\n"
        ".popsection\n");

extern const u8 ap_blob[], ap_blob_end[], ap_params[];

/* The trampoline's parameters, filled in by the BSP in its copy below 1 MiB. */
struct ap_params {
    u16 gdt_limit;
    u32 gdt_base;
    u16 pad;
    u64 cr3, stacks, entry;
} __attribute__((packed));

static u8 ap_stacks[MAX_CORES][AP_STACK] __attribute__((aligned(16)));
static volatile u32 aps_started;
static volatile u32 ap_ids[MAX_CORES];
static volatile u32 pongs, pings_seen;
static volatile u32 ticks;
static volatile u32 received[MAX_CORES]; /* V_COUNT IPIs, by APIC ID */

static u32 rd(u32 reg) { return *(volatile u32 *)(APIC + reg); }
static void wr(u32 reg, u32 v) { *(volatile u32 *)(APIC + reg) = v; }

static void send_ipi(u32 dest, u32 low)
{
    wr(ICR_HIGH, dest << 24);
    wr(ICR_LOW, low);
    for (u32 i = 0; i < WAIT_POLLS && (rd(ICR_LOW) & ICR_PENDING); i++)
        __asm__ volatile("pause");
}

/* Flat logical destination model; from the ninth core on no LDR bit is left. */
static void set_logical_id(u32 id)
{
    wr(DFR, 0xFFFFFFFF);
    wr(LDR, id < FLAT_CORES ? 1u << (24 + id) : 0);
}

static void delay(u32 polls)
{
    for (u32 i = 0; i < polls; i++)
        __asm__ volatile("pause" ::: "memory");
}

/* An AP in long mode on its own stack. */
static void ap_main(void)
{
    sys_load_idt();
    wr(SVR, 0x1FF);
    set_logical_id(rd(ID) >> 24);
    u32 slot = 1; /* becomes the count before this AP's increment */
    __asm__ volatile("lock xaddl %0, %1" : "+r"(slot), "+m"(aps_started) : : "memory");
    ap_ids[slot] = rd(ID) >> 24;
    for (;;)
        __asm__ volatile("sti\n\thlt" ::: "memory");
}

/* On core 1: a ping, answered with a pong to the BSP. */
static int ping_hook(struct sys_frame *f)
{
    (void)f;
    pings_seen++;
    wr(EOI, 0);
    send_ipi(0, V_PONG);
    return 1;
}

static int count_hook(struct sys_frame *f)
{
    (void)f;
    received[rd(ID) >> 24]++; /* each core writes only its own counter */
    wr(EOI, 0);
    return 1;
}

/* Sends one V_COUNT IPI, waits (bounded) until `more` receipts arrived, and returns the per-core counts
 * that differ from expected(id) as a mask of APIC IDs (0 when every core counted as it should). */
static u64 broadcast(u32 cores, u32 dest, u32 low, u32 more, u32 (*expected)(u32 id))
{
    u32 before = 0;
    for (u32 id = 0; id < cores; id++) before += received[id];
    send_ipi(dest, low | V_COUNT);
    for (u32 i = 0; i < WAIT_POLLS; i++) {
        u32 total = 0;
        for (u32 id = 0; id < cores; id++) total += received[id];
        if (total >= before + more) break;
        __asm__ volatile("pause" ::: "memory");
    }
    delay(10000); /* a stray extra receipt would show up in the counts */
    u64 wrong = 0;
    for (u32 id = 0; id < cores; id++)
        if (received[id] != expected(id)) wrong |= 1ull << id;
    return wrong;
}

static u32 after_all(u32 id) { (void)id; return 1; }
static u32 after_all_but_self(u32 id) { return id == 0 ? 1 : 2; }
static int odd_flat(u32 id) { return id < FLAT_CORES && (id & 1); }
static u32 after_logical(u32 id) { return after_all_but_self(id) + (u32)odd_flat(id); }

static void broadcasts(u32 cores)
{
    sys_hooks[V_COUNT] = count_hook;
    u32 odd = 0, odd_count = 0;
    for (u32 id = 0; id < cores; id++)
        if (odd_flat(id)) {
            odd |= 1u << id;
            odd_count++;
        }
    __asm__ volatile("sti" ::: "memory");
    CHECK_EQ(broadcast(cores, 0, ICR_ALL, cores, after_all), 0,
             "all-including-self IPI: every core counted one");
    CHECK_EQ(broadcast(cores, 0, ICR_ALL_BUT_SELF, cores - 1, after_all_but_self), 0,
             "all-excluding-self IPI: every AP counted one more, the BSP none");
    CHECK_EQ(broadcast(cores, odd, ICR_LOGICAL, odd_count, after_logical), 0,
             "flat logical-destination IPI: exactly the odd APIC IDs counted one more");
    __asm__ volatile("cli" ::: "memory");
}

static int pong_hook(struct sys_frame *f)
{
    (void)f;
    pongs++;
    wr(EOI, 0);
    return 1;
}

static u32 rd32(const u8 *p) { return *(const u32 *)p; }

static int sums_to_zero(const u8 *p, u32 len)
{
    u8 s = 0;
    for (u32 i = 0; i < len; i++) s += p[i];
    return s == 0;
}

/* Enabled processors in the ACPI MADT (through the RSDP's RSDT), or 0 when the tables are not found. */
static u32 madt_processors(void)
{
    const u8 *rsdp = 0;
    for (u64 a = 0xE0000; a < 0x100000 && !rsdp; a += 16)
        if (memcmp((const void *)(uintptr_t)a, "RSD PTR ", 8) == 0 && sums_to_zero((const u8 *)(uintptr_t)a, 20))
            rsdp = (const u8 *)(uintptr_t)a;
    if (!rsdp) return 0;
    const u8 *rsdt = (const u8 *)(uintptr_t)rd32(rsdp + 16);
    for (u32 i = 0; i < (rd32(rsdt + 4) - 36) / 4; i++) {
        const u8 *t = (const u8 *)(uintptr_t)rd32(rsdt + 36 + 4 * i);
        if (memcmp(t, "APIC", 4) != 0 || !sums_to_zero(t, rd32(t + 4))) continue;
        u32 n = 0;
        for (const u8 *e = t + 44; e < t + rd32(t + 4) && e[1]; e += e[1])
            if (e[0] == 0 && (rd32(e + 4) & 1)) n++;
        return n;
    }
    return 0;
}

static void start_aps(u32 cores)
{
    memcpy((void *)(uintptr_t)TRAMPOLINE, ap_blob, (size_t)(ap_blob_end - ap_blob));
    struct ap_params *p = (struct ap_params *)(uintptr_t)(TRAMPOLINE + (ap_params - ap_blob));
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) gdtr;
    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    p->gdt_limit = gdtr.limit;
    p->gdt_base = (u32)gdtr.base;
    p->cr3 = READ_CR(3);
    p->stacks = (u64)(uintptr_t)ap_stacks;
    p->entry = (u64)(uintptr_t)ap_main;

    send_ipi(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_INIT);
    delay(100000);
    for (int i = 0; i < 2; i++) {
        send_ipi(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_STARTUP | (TRAMPOLINE >> 12));
        delay(10000);
    }
    for (u32 i = 0; i < WAIT_POLLS && aps_started < cores - 1; i++)
        __asm__ volatile("pause" ::: "memory");
    CHECK_EQ(aps_started, cores - 1, "every AP started and took a slot with LOCK XADD");
    u64 mask = 0;
    for (u32 slot = 0; slot < cores - 1; slot++)
        if (ap_ids[slot] >= 1 && ap_ids[slot] < cores) mask |= 1ull << ap_ids[slot];
    CHECK_EQ(mask, ((cores == 64 ? 0 : 1ull << cores) - 2), "the APs' APIC IDs are 1..N-1, each once");

    sys_hooks[V_PING] = ping_hook;
    sys_hooks[V_PONG] = pong_hook;
    __asm__ volatile("sti" ::: "memory");
    u32 round_trips = 0;
    for (u32 n = 1; n <= PINGS; n++) {
        send_ipi(1, V_PING);
        for (u32 i = 0; i < WAIT_POLLS && pongs < n; i++)
            __asm__ volatile("pause" ::: "memory");
        if (pongs == n && pings_seen == n) round_trips++;
    }
    __asm__ volatile("cli" ::: "memory");
    CHECK_EQ(round_trips, PINGS, "IPI ping-pong with core 1: every ping answered once");
    broadcasts(cores);
}

static int tick_hook(struct sys_frame *f)
{
    (void)f;
    ticks++;
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

/* The BSP halts until IRQ 0 has fired seconds * IDLE_HZ times; every wakeup must be a tick. */
static void idle(u64 seconds)
{
    sys_hooks[IRQ_BASE] = tick_hook;
    pic_remap();
    pit_periodic((PIT_HZ + IDLE_HZ / 2) / IDLE_HZ);
    outb(PIC1_DATA, 0xFE);
    u64 wakeups = 0;
    while (ticks < seconds * IDLE_HZ) {
        __asm__ volatile("sti; hlt; cli" ::: "memory");
        wakeups++;
    }
    outb(PIC1_DATA, 0xFF);
    rt_printf("smp: idled %u s: %u timer ticks\n", (u32)seconds, ticks);
    CHECK_EQ(wakeups, ticks, "idle: every wakeup from HLT was a timer tick");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    u64 idle_seconds = rt_cmdline_u64(mb_info, "idle", 0);
    sys_init();
    /* Under QEMU, SeaBIOS has left the PIT ticking on IRQ 0 and the 8259 delivering it as vector 8:
     * masked, so that no timer tick lands in the IPI tests while interrupts are on (seen as a stray
     * "vector 8" when a loaded host made QEMU's run slow). */
    pic_remap();
    if (!CHECK(sys_has(1, 3, 9), "CPUID has an APIC"))
        return rom_finish();
    wr(SVR, 0x1FF);
    CHECK_EQ(rd(ID) >> 24, 0, "the BSP's APIC ID is 0");
    set_logical_id(0);
    u32 cores = madt_processors();
    if (!CHECK(cores >= 1 && cores <= MAX_CORES, "the MADT lists 1 to 64 processors"))
        return rom_finish();
    if (cores == 1) {
        rt_puts("smp: one processor, no APs to start\n");
    } else {
        rt_printf("smp: %u processors\n", cores);
        start_aps(cores);
    }
    if (idle_seconds)
        idle(idle_seconds);
    return rom_finish();
}

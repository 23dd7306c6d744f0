/*
 * System instructions in 64-bit mode: the MSR model (PAT, base and syscall MSR
 * round trips, FS/GS bases, SWAPGS, TSC_AUX with RDTSCP and RDPID), CPUID
 * coherence (limits, vendor, brand, address sizes, and each advertised feature
 * the ROM can try works while unadvertised instructions #UD), the TSS I/O
 * permission bitmap at ring 3, VMCALL/VMMCALL without a hypercall handler,
 * SGDT/SIDT/SLDT/STR, SMSW/LMSW/CLTS, CR8, INVLPG of a non-canonical address,
 * fences and cache instructions.  The #GP rules QEMU does not implement (unknown
 * MSRs, invalid MSR values, reserved CR4 and CR8 bits) and TSC writes are in
 * sysfaults.
 */
#include "sys.h"

#define SEL_IOTSS SEL_FREE /* 16 bytes: a 64-bit TSS with an I/O bitmap */
#define MSR_PAT 0x277
#define MSR_CSTAR 0xC0000083
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_TSC_AUX 0xC0000103
#define NONCANONICAL 0x8000000000000000ull
#define PORT_ALLOWED 0x80
#define PORT_DENIED 0x81

/* Ring-3 code: one page of user-accessible text; each stub ends with INT 0x80. */
__asm__(".pushsection .text.user, \"ax\"\n"
        ".balign 4096\n"
        "u_page:\n"
        "u_inb_allowed: inb $0x80, %al\n"
        "  int $0x80\n"
        "u_inb_denied: inb $0x81, %al\n"
        "  int $0x80\n"
        "u_inw_straddle: inw $0x80, %ax\n"
        "  int $0x80\n"
        "u_clts: clts\n"
        "  int $0x80\n"
        ".balign 4096\n"
        "u_page_end:\n"
        ".popsection\n");
extern const u8 u_page[], u_page_end[], u_inb_allowed[], u_inb_denied[], u_inw_straddle[], u_clts[];

static struct {
    struct sys_tss tss;
    u8 iomap[8192 + 1]; /* one bit per port, then the 0xFF byte the CPU may read past the last */
} __attribute__((packed, aligned(16))) iotss;

static u8 fsbuf[64] __attribute__((aligned(64))), gsbuf[64] __attribute__((aligned(64)));

static u64 A(const void *p) { return (u64)(uintptr_t)p; }

static int try_rdmsr(u32 msr, u64 *out)
{
    *out = 0;
    return SYS_TRY(*out = rdmsr(msr));
}

static int try_wrmsr(u32 msr, u64 v) { return SYS_TRY(wrmsr(msr, v)); }


static void roundtrip(u32 msr, u64 v, const char *name)
{
    u64 old = rdmsr(msr), got = 0;
    int t = try_wrmsr(msr, v);
    if (!t)
        t = try_rdmsr(msr, &got);
    CHECK_EQ((u64)(u32)t << 32 ^ got, v, "%s round trip", name);
    wrmsr(msr, old);
}

static void msr_model(void)
{
    u64 pat = rdmsr(MSR_PAT);
    CHECK_EQ(pat, 0x0007040600070406ull, "PAT power-on value");
    roundtrip(MSR_PAT, 0x0001050600070406ull, "PAT (WC, WP types)");

    roundtrip(MSR_STAR, 0x0023001000000000ull | 0x12345678, "STAR");
    roundtrip(MSR_LSTAR, 0xFFFF800012345678ull, "LSTAR");
    roundtrip(MSR_CSTAR, 0x00007FFF87654321ull, "CSTAR");
    roundtrip(MSR_FMASK, 0x47700, "SFMASK");
    roundtrip(MSR_KERNEL_GS_BASE, 0xFFFFFFFF80000000ull, "KERNEL_GS_BASE");

    for (int i = 0; i < 64; i++) {
        fsbuf[i] = (u8)(0x10 + i);
        gsbuf[i] = (u8)(0x80 + i);
    }
    wrmsr(MSR_FS_BASE, A(fsbuf));
    wrmsr(MSR_GS_BASE, A(gsbuf) - 8);
    wrmsr(MSR_KERNEL_GS_BASE, A(fsbuf) + 16);
    u64 f = 0, g = 0;
    __asm__ volatile("movq %%fs:8, %0\n\tmovq %%gs:8, %1" : "=r"(f), "=r"(g) : : "memory");
    CHECK_EQ(f, *(u64 *)(fsbuf + 8), "FS_BASE: fs-relative read");
    CHECK_EQ(g, *(u64 *)gsbuf, "GS_BASE: gs-relative read");
    CHECK_EQ(rdmsr(MSR_FS_BASE), A(fsbuf), "FS_BASE round trip");
    __asm__ volatile("swapgs\n\tmovq %%gs:8, %0" : "=r"(g) : : "memory");
    CHECK_EQ(g, *(u64 *)(fsbuf + 24), "swapgs: gs-relative read uses the old KERNEL_GS_BASE");
    CHECK_EQ(rdmsr(MSR_GS_BASE), A(fsbuf) + 16, "swapgs: GS_BASE");
    CHECK_EQ(rdmsr(MSR_KERNEL_GS_BASE), A(gsbuf) - 8, "swapgs: KERNEL_GS_BASE");
    __asm__ volatile("swapgs");
    CHECK_EQ(rdmsr(MSR_GS_BASE), A(gsbuf) - 8, "second swapgs swaps back");
    wrmsr(MSR_FS_BASE, 0);
    wrmsr(MSR_GS_BASE, 0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);

    u64 t1 = rdtsc(), t2 = rdtsc();
    CHECK(t2 > t1, "rdtsc counts up");
}

static void rdtscp_rdpid(void)
{
    int has_rdtscp = sys_has(0x80000001, 3, 27), has_rdpid = sys_has(7, 2, 22);
    u64 t0 = rdtsc();
    if (has_rdtscp || has_rdpid)
        roundtrip(MSR_TSC_AUX, 0x5A5A, "TSC_AUX");
    if (has_rdtscp || has_rdpid)
        wrmsr(MSR_TSC_AUX, 0x1234);
    u32 lo = 0, hi = 0, aux = 0;
    int v = SYS_TRY(__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux)));
    if (has_rdtscp) {
        check_trap(v, 0, 0, "rdtscp (advertised) executes");
        CHECK_EQ(aux, 0x1234, "rdtscp: ECX = TSC_AUX");
        CHECK(((u64)hi << 32 | lo) > t0, "rdtscp: TSC after an earlier rdtsc");
    } else {
        check_trap(v, TRAPPED(6), 0, "rdtscp (not advertised): #UD");
    }
    /* One line either way: QEMU's TCG has no RDPID, so its CPUID leaves the bit clear (cli QemuReferenceTest). */
    static u64 id;
    v = SYS_TRY(__asm__ volatile("rdpid %0" : "=r"(id)));
    if (has_rdpid)
        CHECK(v == 0 && id == 0x1234, "rdpid as CPUID says: reads TSC_AUX if advertised, else #UD");
    else
        CHECK(v == TRAPPED(6), "rdpid as CPUID says: reads TSC_AUX if advertised, else #UD");
    if (has_rdtscp || has_rdpid)
        wrmsr(MSR_TSC_AUX, 0);
}

static int printable(u8 c) { return c >= 0x20 && c < 0x7F; }

static void cpuid_model(void)
{
    u32 a, b, c, d;
    cpuid(0, 0, &a, &b, &c, &d);
    u32 vendor[3] = {b, d, c};
    const u8 *vs = (const u8 *)vendor;
    int ok = 1;
    for (int i = 0; i < 12; i++)
        ok &= printable(vs[i]);
    CHECK(a >= 7, "cpuid 0: max basic leaf >= 7");
    CHECK(ok, "cpuid 0: vendor is 12 printable characters");
    cpuid(0x80000000, 0, &a, &b, &c, &d);
    CHECK(a >= 0x80000008 && a < 0x80000100, "cpuid 0x80000000: max extended leaf >= 0x80000008");

    u32 brand[12];
    for (int i = 0; i < 3; i++)
        cpuid(0x80000002 + i, 0, &brand[4 * i], &brand[4 * i + 1], &brand[4 * i + 2], &brand[4 * i + 3]);
    const u8 *bs = (const u8 *)brand;
    int len = 0;
    while (len < 48 && bs[len])
        len++;
    ok = len > 0 && len < 48;
    for (int i = 0; i < len; i++)
        ok &= printable(bs[i]);
    CHECK(ok, "cpuid 0x80000002-4: brand string of printable characters, NUL-terminated");

    cpuid(0x80000008, 0, &a, &b, &c, &d);
    u32 phys = a & 0xFF, lin = (a >> 8) & 0xFF;
    CHECK(phys >= 36 && phys <= 52, "cpuid 0x80000008: physical address bits in 36..52");
    CHECK_EQ(lin, sys_has(7, 2, 16) ? 57 : 48, "cpuid 0x80000008: linear address bits");

    /* Features this ROM and its runtime use must be advertised. */
    cpuid(1, 0, &a, &b, &c, &d);
    CHECK_EQ(d & 0x1B178, 0x1B178, "cpuid 1 EDX: PSE TSC MSR PAE CX8 PGE CMOV PAT");
    cpuid(0x80000001, 0, &a, &b, &c, &d);
    CHECK_EQ(d & 0x20100800, 0x20100800, "cpuid 0x80000001 EDX: SYSCALL NX LM");
    if (sys_has(1, 3, 19)) {
        cpuid(1, 0, &a, &b, &c, &d);
        CHECK_EQ((b >> 8) & 0xFF, 8, "cpuid 1 EBX: CLFLUSH line size 64 bytes");
        check_trap(SYS_TRY(__asm__ volatile("clflush %0" : : "m"(fsbuf[0]) : "memory")), 0, 0,
               "clflush (advertised) executes");
    } else {
        check_skip("clflush (no CLFSH in CPUID)");
    }
    if (sys_has(1, 2, 13)) {
        static u64 pair[2] __attribute__((aligned(16))) = {1, 2};
        u64 lo = 1, hi = 2;
        u8 z;
        __asm__ volatile("lock cmpxchg16b %0\n\tsetz %1"
                         : "+m"(pair), "=r"(z), "+a"(lo), "+d"(hi)
                         : "b"(3ull), "c"(4ull)
                         : "cc", "memory");
        CHECK(z && pair[0] == 3 && pair[1] == 4, "cmpxchg16b (CX16 advertised) executes");
    } else {
        check_skip("cmpxchg16b (no CX16 in CPUID)");
    }

}

static void io_bitmap(void)
{
    iotss.tss = sys_tss;
    iotss.tss.iomap_base = sizeof(iotss.tss);
    memset(iotss.iomap, 0xFF, sizeof(iotss.iomap));
    iotss.iomap[PORT_ALLOWED / 8] &= (u8) ~(1u << (PORT_ALLOWED % 8));
    u64 base = A(&iotss), limit = sizeof(iotss) - 1;
    sys_gdt[SEL_IOTSS / 8] = (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 | 0x89ull << 40 |
                             ((limit >> 16) & 0xF) << 48 | ((base >> 24) & 0xFF) << 56;
    sys_gdt[SEL_IOTSS / 8 + 1] = base >> 32;
    __asm__ volatile("ltr %w0" : : "r"(SEL_IOTSS) : "memory");

    check_trap(sys_run_user(A(u_inb_allowed), 0, 0), TRAPPED(SYS_VEC_RETURN), 0,
           "ring 3, IOPL 0: inb from a port the bitmap allows");
    check_trap(sys_run_user(A(u_inb_denied), 0, 0), TRAPPED(13), 0, "ring 3, IOPL 0: inb from a denied port: #GP(0)");
    CHECK_EQ(sys_last.rip, A(u_inb_denied), "#GP frame: RIP of the IN");
    check_trap(sys_run_user(A(u_inw_straddle), 0, 0), TRAPPED(13), 0,
           "ring 3: inw needs both ports' bits clear: #GP(0)");
    check_trap(sys_run_user(A(u_inb_denied), 0, 3u << 12), TRAPPED(SYS_VEC_RETURN), 0,
           "ring 3, IOPL 3: denied port allowed without the bitmap");
    iotss.tss.iomap_base = sizeof(iotss);
    check_trap(sys_run_user(A(u_inb_allowed), 0, 0), TRAPPED(13), 0, "I/O bitmap base beyond the TSS limit: #GP(0)");
    iotss.tss.iomap_base = sizeof(iotss.tss);
    check_trap(sys_run_user(A(u_clts), 0, 0), TRAPPED(13), 0, "clts at ring 3: #GP(0)");
}

static void hypercalls(void)
{
    check_trap(SYS_TRY(__asm__ volatile("vmcall" : : : "memory")), TRAPPED(6), 0, "vmcall without a hypercall handler: #UD");
    check_trap(SYS_TRY(__asm__ volatile("vmmcall" : : : "memory")), TRAPPED(6), 0,
           "vmmcall without a hypercall handler: #UD");
}

static void descriptor_registers(void)
{
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) gdtr = {0, 0}, idtr = {0, 0};
    __asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdtr), "=m"(idtr));
    CHECK_EQ((u64)gdtr.limit << 48 ^ gdtr.base, (u64)(GDT_ENTRIES * 8 - 1) << 48 ^ A(sys_gdt), "sgdt: limit and base");
    CHECK_EQ(idtr.limit, 256 * 16 - 1, "sidt: limit of 256 16-byte gates");
    const u64 *gate0 = (const u64 *)(uintptr_t)idtr.base;
    u64 handler = (gate0[0] & 0xFFFF) | ((gate0[0] >> 48) << 16) | (gate0[1] << 32);
    CHECK_EQ(handler, sys_isr_address(0), "sidt: base holds the IDT (gate 0 handler)");
    u64 sel = ~0ull;
    __asm__ volatile("lldt %w1\n\tsldt %0" : "+r"(sel) : "r"(0) : "memory");
    CHECK_EQ(sel, 0, "sldt r64 after lldt 0: zero-extended null selector");
    sel = ~0ull;
    __asm__ volatile("str %0" : "+r"(sel));
    CHECK_EQ(sel, SEL_IOTSS, "str r64: TR selector zero-extended");
    u16 m[4] = {0xAAAA, 0xAAAA, 0xAAAA, 0xAAAA};
    __asm__ volatile("str %0" : "=m"(m[1]));
    CHECK_EQ(m[1] | (u64)m[2] << 16, SEL_IOTSS | 0xAAAAull << 16, "str m16 stores two bytes");
}

static void cr0_and_cr8(void)
{
    u64 cr0 = READ_CR(0), m = ~0ull;
    __asm__ volatile("smsw %0" : "+r"(m));
    CHECK_EQ(m, cr0, "smsw r64: CR0");
    u16 mm[2] = {0xAAAA, 0xAAAA};
    __asm__ volatile("smsw %0" : "=m"(mm[0]));
    CHECK_EQ(mm[0] | (u32)mm[1] << 16, (cr0 & 0xFFFF) | 0xAAAAu << 16, "smsw m16: low word of CR0");

    __asm__ volatile("lmsw %w0" : : "r"((u16)(cr0 | 8)) : "memory");
    CHECK_EQ(READ_CR(0), cr0 | 8, "lmsw sets CR0.TS");
    __asm__ volatile("clts" : : : "memory");
    CHECK_EQ(READ_CR(0), cr0 & ~8ull, "clts clears CR0.TS");
    __asm__ volatile("lmsw %w0" : : "r"((u16)0xFFF0) : "memory");
    CHECK_EQ(READ_CR(0), cr0 & ~8ull, "lmsw cannot clear PE nor touch bits above 3");
    __asm__ volatile("lmsw %w0" : : "r"((u16)0x000E) : "memory");
    CHECK_EQ(READ_CR(0), cr0 | 0xE, "lmsw sets MP EM TS, PE stays set");
    WRITE_CR(0, cr0);

    /* CR8 is the local APIC's task-priority register: QEMU drops it without an APIC. */
    if (sys_has(1, 3, 9)) {
        WRITE_CR(8, 9);
        CHECK_EQ(READ_CR(8), 9, "mov cr8 round trip (TPR 9)");
        WRITE_CR(8, 0);
        CHECK_EQ(READ_CR(8), 0, "mov cr8 back to 0");
    } else {
        check_skip("mov cr8 round trip (no APIC in CPUID)");
    }
}

static void cache_and_fences(void)
{
    check_trap(SYS_TRY(__asm__ volatile("invlpg (%0)" : : "r"(NONCANONICAL) : "memory")), 0, 0,
           "invlpg of a non-canonical address: no fault");
    check_trap(SYS_TRY(__asm__ volatile("wbinvd\n\tpause" : : : "memory")), 0, 0, "wbinvd and pause execute");
    if (sys_has(1, 3, 26)) {
        check_trap(SYS_TRY(__asm__ volatile("lfence\n\tmfence" : : : "memory")), 0, 0,
               "lfence and mfence (SSE2 advertised) execute");
    } else {
        check_skip("lfence and mfence (no SSE2 in CPUID)");
    }
    if (sys_has(1, 3, 25))
        check_trap(SYS_TRY(__asm__ volatile("sfence" : : : "memory")), 0, 0, "sfence (SSE advertised) executes");
    else
        check_skip("sfence (no SSE in CPUID)");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_split_2m(0);
    sys_set_user(A(u_page), A(u_page_end) - A(u_page));
    sys_set_user(A(sys_user_stack), sizeof(sys_user_stack));
    msr_model();
    rdtscp_rdpid();
    cpuid_model();
    io_bitmap();
    hypercalls();
    descriptor_registers();
    cr0_and_cr8();
    cache_and_fences();
    return rom_finish();
}

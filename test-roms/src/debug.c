/*
 * Debug exceptions: RFLAGS.TF single-stepping, DR0-DR3 instruction breakpoints
 * and data watchpoints with the DR6 status bits, RFLAGS.RF to resume after an
 * instruction breakpoint, INT3, and INTO (invalid in 64-bit mode, a trap in
 * compatibility mode).
 */
#include "sys.h"

#define DR6_B(n) (1u << (n))
#define DR6_BS (1u << 14)
#define DR6_RESET 0xFFFF0FF0ull
#define DR6_STATUS (DR6_BS | 0xF)

/* Single-step: TF is set by the first POPFQ and cleared by the second one. */
__asm__(".text\n"
        "step_seq: pushfq\n"
        "  orq $0x100, (%rsp)\n"
        "  popfq\n"
        "ss_1: nop\n"
        "ss_2: mov $1, %eax\n"
        "ss_3: add %eax, %eax\n"
        "ss_4: pushfq\n"
        "ss_5: andq $~0x100, (%rsp)\n"
        "ss_6: popfq\n"
        "ss_7: ret\n"
        /* instruction breakpoint target */
        "bp_target: mov $0x77, %eax\n"
        "  ret\n"
        /* int3 and its return address */
        "do_int3: int3\n"
        "int3_ret: ret\n"
        "do_into64: .byte 0xce\n" /* INTO: #UD in 64-bit mode */
        "  ret\n");
extern const u8 step_seq[], ss_1[], ss_2[], ss_3[], ss_4[], ss_5[], ss_6[], ss_7[], bp_target[], do_int3[],
    int3_ret[], do_into64[];

/* Compatibility-mode code (a 32-bit code segment in long mode), kept out of the 64-bit .text. */
__asm__(".pushsection .rodata.compat, \"a\"\n"
        ".code32\n"
        "compat_into: movb $0x7f, %al\n"
        "  addb $1, %al\n" /* OF = 1 */
        "compat_into_insn: into\n"
        "compat_into_ret: xorb %al, %al\n" /* OF = 0: no trap */
        "  into\n"
        "  lret\n"
        ".code64\n"
        ".popsection\n");
extern const u8 compat_into[], compat_into_insn[], compat_into_ret[];

static u64 A(const volatile void *p) { return (u64)(uintptr_t)p; }

#define MAX_DB 16
static volatile u64 db_count, db_rip[MAX_DB], db_dr6[MAX_DB], db_rflags[MAX_DB];
static volatile int db_set_rf;

static u64 read_dr6(void)
{
    u64 v;
    __asm__ volatile("mov %%dr6, %0" : "=r"(v));
    return v;
}
static void write_dr6(u64 v) { __asm__ volatile("mov %0, %%dr6" : : "r"(v)); }
static void write_dr7(u64 v) { __asm__ volatile("mov %0, %%dr7" : : "r"(v)); }
#define WRITE_DR(n, v) __asm__ volatile("mov %0, %%dr" #n : : "r"((u64)(v)))

static int db_hook(struct sys_frame *f)
{
    u64 n = db_count++;
    if (n < MAX_DB) {
        db_rip[n] = f->rip;
        db_dr6[n] = read_dr6();
        db_rflags[n] = f->rflags;
    }
    write_dr6(DR6_RESET);
    if (db_set_rf)
        f->rflags |= F_RF;
    return 1;
}

static volatile u64 resumed_rip, resumed_cs;
static int resume_hook(struct sys_frame *f)
{
    resumed_rip = f->rip;
    resumed_cs = f->cs;
    return 1;
}

static void reset_db(void)
{
    db_count = 0;
    db_set_rf = 0;
    write_dr6(DR6_RESET);
}

static void single_step(void)
{
    reset_db();
    ((void (*)(void))(uintptr_t)step_seq)();
    const u8 *expect[] = {ss_2, ss_3, ss_4, ss_5, ss_6, ss_7};
    CHECK_EQ(db_count, ARRAY_SIZE(expect), "tf: one #DB per instruction from the one after TF is set "
                                           "to the POPF that clears it");
    for (unsigned i = 0; i < ARRAY_SIZE(expect) && i < db_count; i++) {
        CHECK_EQ(db_rip[i], A(expect[i]), "tf: #DB %u RIP (trap: next instruction)", i);
        CHECK_EQ(db_dr6[i] & DR6_STATUS, DR6_BS, "tf: #DB %u DR6.BS", i);
    }
    CHECK_EQ(read_rflags() & F_TF, 0, "tf: clear after the sequence");
}

static void instruction_breakpoint(void)
{
    reset_db();
    db_set_rf = 1;
    WRITE_DR(0, A(bp_target));
    write_dr7(1u << 0); /* L0, RW0 = 00 (execute), LEN0 = 00 */
    u64 r = ((u64(*)(void))(uintptr_t)bp_target)();
    write_dr7(0);
    CHECK_EQ(db_count, 1, "dr0 execute breakpoint: one #DB");
    CHECK_EQ(db_rip[0], A(bp_target), "dr0 execute breakpoint: fault, RIP of the instruction");
    CHECK_EQ(db_dr6[0] & DR6_STATUS, DR6_B(0), "dr0 execute breakpoint: DR6.B0");
    CHECK_EQ(r, 0x77, "dr0 execute breakpoint: RF set by the handler lets the instruction run");
}

static volatile u32 watched[4] __attribute__((aligned(16)));

static void data_breakpoints(void)
{
    reset_db();
    WRITE_DR(1, A(&watched[1]));
    write_dr7(1u << 2 | 1u << 20 | 3u << 22); /* L1, RW1 = 01 (write), LEN1 = 11 (4 bytes) */
    u32 x = watched[1];
    CHECK_EQ(db_count, 0, "dr1 write watchpoint: a read does not trigger");
    u64 after_write;
    __asm__ volatile("movl $5, (%1)\n\t"
                     "1: leaq 1b(%%rip), %0"
                     : "=r"(after_write)
                     : "r"(&watched[1])
                     : "memory");
    CHECK_EQ(db_count, 1, "dr1 write watchpoint: one #DB");
    CHECK_EQ(db_rip[0], after_write, "dr1 write watchpoint: trap, RIP after the write");
    CHECK_EQ(db_dr6[0] & DR6_STATUS, DR6_B(1), "dr1 write watchpoint: DR6.B1");
    CHECK_EQ(watched[1], 5, "dr1 write watchpoint: the write happened");
    watched[2] = 1;
    CHECK_EQ(db_count, 1, "dr1 write watchpoint: the next dword does not trigger");

    reset_db();
    WRITE_DR(2, A(&watched[2]));
    write_dr7(1u << 4 | 3u << 24 | 1u << 26); /* L2, RW2 = 11 (read/write), LEN2 = 01 (2 bytes) */
    x = *(volatile u8 *)((u8 *)&watched[2] + 1);
    write_dr7(0);
    CHECK_EQ(db_count, 1, "dr2 read/write watchpoint: a 1-byte read inside the range triggers");
    CHECK_EQ(db_dr6[0] & DR6_STATUS, DR6_B(2), "dr2 read/write watchpoint: DR6.B2");
    (void)x;

    reset_db();
    WRITE_DR(3, A(&watched[3]));
    write_dr7(1u << 6 | 1u << 28 | 3u << 30); /* L3, RW3 = 01, LEN3 = 11 */
    CHECK_EQ(db_count, 0, "dr3: no #DB before the access");
    watched[3] = 9;
    write_dr7(0);
    CHECK_EQ(db_count, 1, "dr3 write watchpoint: one #DB");
    CHECK_EQ(db_dr6[0] & DR6_STATUS, DR6_B(3), "dr3 write watchpoint: DR6.B3");
    watched[3] = 10;
    CHECK_EQ(db_count, 1, "dr7 cleared: no more #DB");
}

static void int3_and_into(void)
{
    sys_hooks[3] = resume_hook;
    resumed_rip = 0;
    ((void (*)(void))(uintptr_t)do_int3)();
    CHECK_EQ(resumed_rip, A(int3_ret), "int3: #BP trap, RIP after the INT3");
    sys_hooks[3] = 0;

    int v = SYS_TRY(((void (*)(void))(uintptr_t)do_into64)());
    CHECK_EQ(v, TRAPPED(6), "into in 64-bit mode: #UD");

    sys_hooks[4] = resume_hook;
    resumed_rip = 0;
    struct {
        u32 off;
        u16 sel;
    } __attribute__((packed)) far = {(u32)A(compat_into), SEL_KCODE32};
    __asm__ volatile("lcall *%0" : : "m"(far) : "rax", "memory", "cc");
    CHECK_EQ(resumed_rip, A(compat_into_ret), "into in compatibility mode with OF=1: #OF trap, RIP after INTO");
    CHECK_EQ(resumed_cs, SEL_KCODE32, "into: #OF frame CS is the 32-bit code segment");
    sys_hooks[4] = 0;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[1] = db_hook;
    single_step();
    instruction_breakpoint();
    data_breakpoints();
    int3_and_into();
    return rom_finish();
}

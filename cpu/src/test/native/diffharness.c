/*
 * Native side of the differential test (dev.multiverse.cpu.diff).
 *
 * Usage: diffharness CASES OUTCOMES
 *
 * Runs each case's instruction bytes on this machine's CPU in 64-bit user mode and writes where it
 * stopped. The layout (code page, instruction address, data areas and their initial contents) comes from
 * the case file header, so the Java side is the single source of truth for it. Every byte of the code
 * page other than the instruction is HLT: an instruction that completes reaches a HLT, which raises
 * #GP(0) at user level, so every case ends in a signal whose context holds the final registers, the
 * exception vector (REG_TRAPNO), its error code and CR2. The emulator runs the same bytes at CPL 3 and
 * therefore stops the same way.
 *
 * A case may carry x87/MMX/SSE state as an FXSAVE image (64-bit format, the first 416 bytes: control,
 * status and abridged tag words, FOP, FIP, FDP, MXCSR, ST0-ST7 and XMM0-XMM15). It is loaded with
 * FXRSTOR64 just before the jump to the instruction; the state where the case stopped is the image the
 * kernel saved (with XSAVE, whose first 512 bytes are the FXSAVE layout) in the signal frame, copied
 * from uc_mcontext.fpregs. Cases without it run in whatever state the previous signal left, and report
 * none.
 *
 * File formats (little-endian):
 *   cases:    "MVDIFF02", u64 codePage, u64 insnAddress, u32 areaCount,
 *             areaCount x { u64 base, u32 size, size bytes of initial contents },
 *             u32 caseCount, caseCount x { u8 length, u8 code[15], u64 gpr[16], u64 rflags,
 *                                          u8 hasFpu, hasFpu ? u8 fxsave[416],
 *                                          u16 patchCount, patchCount x { u64 address, u16 length, bytes } }
 *   outcomes: caseCount x { u32 vector, u32 error, u64 rip, u64 cr2, u64 gpr[16], u64 rflags,
 *                           u32 changeCount, changeCount x { u64 address, u8 value },
 *                           u8 hasFpu, hasFpu ? u8 fxsave[416] }
 * gpr[] is in encoding order: RAX RCX RDX RBX RSP RBP RSI RDI R8..R15. Vector 0xffffffff means the case
 * did not stop within the watchdog period.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

enum { GPRS = 16, CODE_BYTES = 15, MAX_AREAS = 8, PAGE = 4096, FXSAVE_BYTES = 416 };
#define HLT 0xf4
#define TIMEOUT_VECTOR 0xffffffffu

/* Loaded into the CPU by enter_case; referenced from the assembly below. */
struct entry_state {
    uint64_t gpr[GPRS];
    uint64_t rflags;
};
__attribute__((visibility("hidden"))) struct entry_state g_entry;
__attribute__((visibility("hidden"))) uint64_t g_entry_rip;
/* The FXSAVE image enter_case loads when g_entry_has_fpu is set (FXRSTOR needs 16-byte alignment). */
__attribute__((visibility("hidden"), aligned(16))) uint8_t g_entry_fpu[512];
__attribute__((visibility("hidden"))) uint64_t g_entry_has_fpu;

/* Loads the x87/SSE state (if the case has one), RFLAGS and all sixteen registers (RSP last) from g_entry
 * and jumps to the instruction. It never returns: the case ends in a signal, and the handler jumps back
 * into run_case. */
void enter_case(void) __attribute__((noreturn));
__asm__(
    ".text\n"
    ".globl enter_case\n"
    ".hidden enter_case\n"
    "enter_case:\n"
    "  cmpq $0, g_entry_has_fpu(%rip)\n"
    "  je 1f\n"
    "  fxrstor64 g_entry_fpu(%rip)\n"
    "1:\n"
    "  pushq g_entry+128(%rip)\n"
    "  popfq\n"
    "  movq g_entry+0(%rip), %rax\n"
    "  movq g_entry+8(%rip), %rcx\n"
    "  movq g_entry+16(%rip), %rdx\n"
    "  movq g_entry+24(%rip), %rbx\n"
    "  movq g_entry+40(%rip), %rbp\n"
    "  movq g_entry+48(%rip), %rsi\n"
    "  movq g_entry+56(%rip), %rdi\n"
    "  movq g_entry+64(%rip), %r8\n"
    "  movq g_entry+72(%rip), %r9\n"
    "  movq g_entry+80(%rip), %r10\n"
    "  movq g_entry+88(%rip), %r11\n"
    "  movq g_entry+96(%rip), %r12\n"
    "  movq g_entry+104(%rip), %r13\n"
    "  movq g_entry+112(%rip), %r14\n"
    "  movq g_entry+120(%rip), %r15\n"
    "  movq g_entry+32(%rip), %rsp\n"
    "  jmp *g_entry_rip(%rip)\n");

/* Where a case stopped, filled by the signal handler. */
struct stop {
    uint32_t vector, error;
    uint64_t rip, cr2;
    uint64_t gpr[GPRS];
    uint64_t rflags;
    uint8_t fpu[FXSAVE_BYTES];
};
static struct stop g_stop;
static sigjmp_buf g_back;
/* Set while the CPU runs case code: a signal outside that window is a harness failure. */
static volatile sig_atomic_t g_running;
/* Advances with every case; the watchdog sees whether it moved between two ticks. */
static volatile sig_atomic_t g_sequence;

/* ucontext register slots in encoding order. */
static const int GREG_OF[GPRS] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

static void die(const char *what) {
    fprintf(stderr, "diffharness: %s\n", what);
    exit(2);
}

static void die_errno(const char *what) {
    fprintf(stderr, "diffharness: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void on_signal(int sig, siginfo_t *info, void *context) {
    static sig_atomic_t last_tick_sequence = -1;
    (void) info;
    const mcontext_t *m = &((ucontext_t *) context)->uc_mcontext;
    const greg_t *g = m->gregs;
    if (sig == SIGALRM) {
        /* A case still running after a whole tick (e.g. a loop that never exits) is stopped. */
        int stuck = g_running && last_tick_sequence == g_sequence;
        last_tick_sequence = g_sequence;
        if (!stuck) return;
    } else if (!g_running) {
        static const char msg[] = "diffharness: fault outside the case code\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void) ignored;
        _exit(3);
    }
    for (int r = 0; r < GPRS; r++) g_stop.gpr[r] = (uint64_t) g[GREG_OF[r]];
    g_stop.rip = (uint64_t) g[REG_RIP];
    g_stop.rflags = (uint64_t) g[REG_EFL];
    if (g_entry_has_fpu) {
        if (!m->fpregs) {
            static const char msg[] = "diffharness: no FPU state in the signal frame\n";
            ssize_t ignored = write(2, msg, sizeof msg - 1);
            (void) ignored;
            _exit(3);
        }
        memcpy(g_stop.fpu, m->fpregs, FXSAVE_BYTES);
    }
    if (sig == SIGALRM) {
        g_stop.vector = TIMEOUT_VECTOR;
        g_stop.error = 0;
        g_stop.cr2 = 0;
    } else {
        g_stop.vector = (uint32_t) g[REG_TRAPNO];
        g_stop.error = (uint32_t) g[REG_ERR];
        g_stop.cr2 = g_stop.vector == 14 ? (uint64_t) g[REG_CR2] : 0;
    }
    g_running = 0;
    siglongjmp(g_back, 1);
}

static void install_handlers(void) {
    static char alt_stack[1 << 16];
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) die_errno("sigaltstack");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    /* The case's RSP points into a data area, so the handler must not push onto it; NODEFER because
     * the handler leaves with siglongjmp, which does not restore the signal mask. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGALRM};
    for (size_t s = 0; s < sizeof signals / sizeof signals[0]; s++) {
        if (sigaction(signals[s], &sa, NULL) != 0) die_errno("sigaction");
    }
    struct itimerval tick = {.it_interval = {1, 0}, .it_value = {1, 0}};
    if (setitimer(ITIMER_REAL, &tick, NULL) != 0) die_errno("setitimer");
}

/* ---- input ---- */

struct reader {
    const uint8_t *p, *end;
};

static const uint8_t *take(struct reader *r, size_t n) {
    if ((size_t) (r->end - r->p) < n) die("truncated case file");
    const uint8_t *at = r->p;
    r->p += n;
    return at;
}

static uint64_t u64(struct reader *r) {
    uint64_t v;
    memcpy(&v, take(r, 8), 8);
    return v;
}

static uint32_t u32(struct reader *r) {
    uint32_t v;
    memcpy(&v, take(r, 4), 4);
    return v;
}

static uint16_t u16(struct reader *r) {
    uint16_t v;
    memcpy(&v, take(r, 2), 2);
    return v;
}

static uint8_t *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) die_errno(path);
    if (fseek(f, 0, SEEK_END) != 0) die_errno(path);
    long size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) die_errno(path);
    uint8_t *data = malloc((size_t) size + 1);
    if (!data || fread(data, 1, (size_t) size, f) != (size_t) size) die_errno(path);
    fclose(f);
    *length = (size_t) size;
    return data;
}

/* ---- memory areas ---- */

struct area {
    uint64_t base;
    uint32_t size;
    uint8_t *live;           /* the mapping the case sees */
    const uint8_t *initial;  /* contents every case starts from */
    uint8_t *expected;       /* initial plus this case's patches: what "unchanged" means */
};

static struct area g_areas[MAX_AREAS];
static uint32_t g_area_count;

static void *map_fixed(uint64_t base, size_t size, int prot) {
    void *p = mmap((void *) base, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED || (uint64_t) p != base) die_errno("cannot map a fixed test area");
    return p;
}

static struct area *area_of(uint64_t address, size_t length) {
    for (uint32_t a = 0; a < g_area_count; a++) {
        struct area *ar = &g_areas[a];
        if (address >= ar->base && address - ar->base + length <= ar->size) return ar;
    }
    die("patch outside the data areas");
    return NULL;
}

/* ---- output ---- */

static void put(FILE *out, const void *p, size_t n) {
    if (fwrite(p, 1, n, out) != n) die_errno("write outcome");
}

/* Writes the bytes that differ from what the case started with, then restores the initial contents. */
static void write_changes_and_restore(FILE *out) {
    uint32_t count = 0;
    for (uint32_t a = 0; a < g_area_count; a++) {
        const struct area *ar = &g_areas[a];
        for (uint32_t i = 0; i < ar->size; i += 8) {
            uint64_t x, y;
            memcpy(&x, ar->live + i, 8);
            memcpy(&y, ar->expected + i, 8);
            if (x != y) {
                for (uint32_t b = i; b < i + 8; b++) count += ar->live[b] != ar->expected[b];
            }
        }
    }
    put(out, &count, 4);
    for (uint32_t a = 0; a < g_area_count; a++) {
        struct area *ar = &g_areas[a];
        for (uint32_t i = 0; i < ar->size; i += 8) {
            uint64_t x, y, z;
            memcpy(&x, ar->live + i, 8);
            memcpy(&y, ar->expected + i, 8);
            memcpy(&z, ar->initial + i, 8);
            for (uint32_t b = i; x != y && b < i + 8; b++) {
                if (ar->live[b] != ar->expected[b]) {
                    uint64_t address = ar->base + b;
                    put(out, &address, 8);
                    put(out, &ar->live[b], 1);
                }
            }
            if (x != z || y != z) {
                memcpy(ar->live + i, ar->initial + i, 8);
                memcpy(ar->expected + i, ar->initial + i, 8);
            }
        }
    }
}

/* Runs one case whose state is in g_entry/g_entry_rip; returns with g_stop filled. */
static void run_case(void) {
    g_sequence++;
    if (sigsetjmp(g_back, 0) == 0) {
        g_running = 1;
        enter_case();
    }
    /* Back from the handler: give the C code a clean RFLAGS (the case may have left AC or ID set). */
    __asm__ volatile("pushq $0x202\n\tpopfq" ::: "cc", "memory");
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: diffharness CASES OUTCOMES\n");
        return 2;
    }
    size_t length;
    uint8_t *data = read_file(argv[1], &length);
    struct reader r = {data, data + length};
    if (memcmp(take(&r, 8), "MVDIFF02", 8) != 0) die("not a case file");
    uint64_t code_page = u64(&r);
    uint64_t insn_address = u64(&r);
    g_area_count = u32(&r);
    if (g_area_count > MAX_AREAS) die("too many areas");
    for (uint32_t a = 0; a < g_area_count; a++) {
        struct area *ar = &g_areas[a];
        ar->base = u64(&r);
        ar->size = u32(&r);
        if (ar->size % PAGE != 0 || ar->base % PAGE != 0) die("areas must be whole pages");
        ar->initial = take(&r, ar->size);
        ar->live = map_fixed(ar->base, ar->size, PROT_READ | PROT_WRITE);
        ar->expected = malloc(ar->size);
        if (!ar->expected) die_errno("malloc");
        memcpy(ar->live, ar->initial, ar->size);
        memcpy(ar->expected, ar->initial, ar->size);
    }
    if (insn_address < code_page || insn_address + CODE_BYTES > code_page + PAGE) die("instruction outside the code page");
    uint8_t *code = map_fixed(code_page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    memset(code, HLT, PAGE);
    uint8_t *insn = code + (insn_address - code_page);

    FILE *out = fopen(argv[2], "wb");
    if (!out) die_errno(argv[2]);
    static char out_buffer[1 << 20];
    setvbuf(out, out_buffer, _IOFBF, sizeof out_buffer);
    install_handlers();

    uint32_t cases = u32(&r);
    for (uint32_t c = 0; c < cases; c++) {
        uint8_t insn_length = *take(&r, 1);
        const uint8_t *bytes = take(&r, CODE_BYTES);
        if (insn_length > CODE_BYTES) die("instruction too long");
        memset(insn, HLT, CODE_BYTES);
        memcpy(insn, bytes, insn_length);
        for (int i = 0; i < GPRS; i++) g_entry.gpr[i] = u64(&r);
        g_entry.rflags = u64(&r);
        g_entry_rip = insn_address;
        g_entry_has_fpu = *take(&r, 1);
        if (g_entry_has_fpu) memcpy(g_entry_fpu, take(&r, FXSAVE_BYTES), FXSAVE_BYTES);
        uint16_t patches = u16(&r);
        for (uint16_t p = 0; p < patches; p++) {
            uint64_t address = u64(&r);
            uint16_t n = u16(&r);
            const uint8_t *value = take(&r, n);
            struct area *ar = area_of(address, n);
            memcpy(ar->live + (address - ar->base), value, n);
            memcpy(ar->expected + (address - ar->base), value, n);
        }

        run_case();

        put(out, &g_stop.vector, 4);
        put(out, &g_stop.error, 4);
        put(out, &g_stop.rip, 8);
        put(out, &g_stop.cr2, 8);
        put(out, g_stop.gpr, sizeof g_stop.gpr);
        put(out, &g_stop.rflags, 8);
        write_changes_and_restore(out);
        uint8_t has_fpu = g_entry_has_fpu != 0;
        put(out, &has_fpu, 1);
        if (has_fpu) put(out, g_stop.fpu, FXSAVE_BYTES);
    }
    if (fclose(out) != 0) die_errno("close outcome file");
    return 0;
}

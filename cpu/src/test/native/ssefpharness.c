/*
 * Native side of the SSE floating-point host comparison (dev.multiverse.cpu.ssefp.HostComparisonTest).
 *
 * Usage: ssefpharness CASES OUTCOMES
 *
 * Each case is one instruction (up to 15 bytes) and the machine state it starts from: XMM0-2, MM0-2, RAX,
 * RCX, RDX, RFLAGS, MXCSR and 16 bytes of memory that RSI points at. The MMX registers are loaded and then
 * FNINIT empties the x87 tags, so the abridged tag word afterwards shows whether the instruction switched
 * the x87 unit to MMX mode. The instruction runs on this machine's CPU with exactly that state and the state
 * after it is written out in the same layout. When it raises an exception (#XM for an unmasked SIMD
 * floating-point exception is SIGFPE), the signal handler takes the state the exception left from the
 * signal context, records the signal number and resumes with the next case.
 *
 * File formats (little-endian): cases: count x { u8 code[16] (code[0] = length), u8 state[STATE] };
 * outcomes: count x { u8 state[STATE] }. state = xmm0 xmm1 xmm2 (16 bytes each), mm0 mm1 mm2, rax, rcx,
 * rdx, rflags (8 bytes each), u32 mxcsr, u32 signal (0 if the instruction completed), u32 abridged tag
 * word, u32 padding, memory[16].
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

enum { CODE = 16, STATE = 144 };

struct state {
    uint8_t xmm[3][16];
    uint64_t mm[3];
    uint64_t rax, rcx, rdx, rflags;
    uint32_t mxcsr, signal, tags, pad;
    uint8_t memory[16];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct state) == STATE, "state layout");

/* FXSAVE area the harness reads the abridged tag word from. */
uint8_t fxsave_area[512] __attribute__((aligned(16), used));

/* run_case(state, code): loads the state, calls the instruction (followed by RET), stores the state. */
void run_case(struct state *s, void *code);
__asm__(
    ".text\n"
    ".globl run_case\n"
    "run_case:\n"
    "  push %rbx\n"
    "  mov %rsi, %r11\n"
    "  push %rdi\n"
    "  movq 48(%rdi), %mm0\n"
    "  movq 56(%rdi), %mm1\n"
    "  movq 64(%rdi), %mm2\n"
    "  fninit\n"
    "  movdqu 0(%rdi), %xmm0\n"
    "  movdqu 16(%rdi), %xmm1\n"
    "  movdqu 32(%rdi), %xmm2\n"
    "  mov 72(%rdi), %rax\n"
    "  mov 80(%rdi), %rcx\n"
    "  mov 88(%rdi), %rdx\n"
    "  ldmxcsr 104(%rdi)\n"
    "  lea 128(%rdi), %rsi\n"
    "  pushq 96(%rdi)\n"
    "  popfq\n"
    "  call *%r11\n"
    "  pushfq\n"
    "  mov 8(%rsp), %rdi\n"
    "  popq 96(%rdi)\n"
    "  stmxcsr 104(%rdi)\n"
    "  fxsave fxsave_area(%rip)\n"
    "  movdqu %xmm0, 0(%rdi)\n"
    "  movdqu %xmm1, 16(%rdi)\n"
    "  movdqu %xmm2, 32(%rdi)\n"
    "  movq %mm0, 48(%rdi)\n"
    "  movq %mm1, 56(%rdi)\n"
    "  movq %mm2, 64(%rdi)\n"
    "  mov %rax, 72(%rdi)\n"
    "  mov %rcx, 80(%rdi)\n"
    "  mov %rdx, 88(%rdi)\n"
    "  movzbl fxsave_area+4(%rip), %eax\n"
    "  mov %eax, 112(%rdi)\n"
    "  movl $0, 108(%rdi)\n"
    "  pop %rdi\n"
    "  emms\n"
    "  pop %rbx\n"
    "  ret\n");

static struct state *current;
static sigjmp_buf resume;

/* The instruction raised an exception: its state as the exception left it, from the signal context. */
static void on_exception(int sig, siginfo_t *info, void *context) {
    (void)info;
    const ucontext_t *uc = context;
    const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    for (int x = 0; x < 3; x++) memcpy(current->xmm[x], &fp->_xmm[x], 16);
    for (int m = 0; m < 3; m++) memcpy(&current->mm[m], &fp->_st[m], 8);
    current->rax = (uint64_t)uc->uc_mcontext.gregs[REG_RAX];
    current->rcx = (uint64_t)uc->uc_mcontext.gregs[REG_RCX];
    current->rdx = (uint64_t)uc->uc_mcontext.gregs[REG_RDX];
    current->rflags = (uint64_t)uc->uc_mcontext.gregs[REG_EFL];
    current->mxcsr = fp->mxcsr;
    current->tags = fp->ftw & 0xff;
    current->signal = (uint32_t)sig;
    siglongjmp(resume, 1);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s CASES OUTCOMES\n", argv[0]);
        return 2;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_exception;
    action.sa_flags = SA_SIGINFO | SA_NODEFER; /* the handler leaves by siglongjmp: keep the signals unblocked */
    if (sigaction(SIGFPE, &action, NULL) != 0 || sigaction(SIGILL, &action, NULL) != 0
        || sigaction(SIGSEGV, &action, NULL) != 0) {
        perror("sigaction");
        return 1;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror("open");
        return 1;
    }
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    uint8_t code[CODE];
    static struct state s;
    current = &s;
    while (fread(code, CODE, 1, in) == 1) {
        if (fread(&s, STATE, 1, in) != 1 || code[0] == 0 || code[0] > 15) {
            fprintf(stderr, "bad case file\n");
            return 1;
        }
        memcpy(page, code + 1, code[0]);
        page[code[0]] = 0xc3; /* ret */
        __builtin___clear_cache((char *)page, (char *)page + CODE);
        if (sigsetjmp(resume, 0) == 0) run_case(&s, page);
        else __asm__ volatile("emms"); /* the handler's x87 state: leave it usable */
        if (fwrite(&s, STATE, 1, out) != 1) {
            perror("write");
            return 1;
        }
    }
    return fclose(out) == 0 ? 0 : 1;
}

/*
 * Runs x87 code snippets on the host CPU for the x87 host agreement test (cpu/src/test/.../x87). Each case
 * loads an FXSAVE image with FXRSTOR64, sets RAX and RFLAGS, points RDI at a 256-byte memory buffer and
 * calls the snippet (which the harness ends with a RET), then saves RAX, RFLAGS and the FXSAVE image. A
 * pending unmasked exception that a later instruction reports arrives as SIGFPE (#MF): the case then
 * records the snippet offset of the reporting instruction and the FXSAVE image the kernel saved.
 *
 * Input file: cases of IN_BYTES: code length (u32), code (60 bytes), RAX (u64), RFLAGS (u64), memory (256),
 * FXSAVE image (512). Output file: per case OUT_BYTES: fault offset (u32, 0xffffffff if none), pad (u32),
 * RAX, RFLAGS, memory (256), FXSAVE image (512), with FIP and FDP (unless zero) made relative to the code
 * and the memory.
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

#define CODE_BYTES 60
#define IN_BYTES (4 + CODE_BYTES + 16 + 256 + 512)
#define OUT_BYTES (8 + 16 + 256 + 512)

struct context {
    uint8_t in[512];
    uint8_t out[512];
    uint64_t rax, rflags;
    uint64_t code;
    uint8_t memory[256];
} __attribute__((aligned(64)));

static struct context ctx;
static uint8_t *code_page;
static sigjmp_buf reported;
static uint32_t fault_offset;

void x87_run(struct context *c);

__asm__(
    ".pushsection .text\n"
    ".globl x87_run\n"
    "x87_run:\n"
    "  push %rbx\n"
    "  mov %rdi, %rbx\n"
    "  fxrstor64 (%rbx)\n"
    "  mov 1024(%rbx), %rax\n"
    "  pushq 1032(%rbx)\n"
    "  popfq\n"
    "  lea 1048(%rbx), %rdi\n"
    "  call *1040(%rbx)\n"
    "  mov %rax, 1024(%rbx)\n"
    "  pushfq\n"
    "  popq 1032(%rbx)\n"
    "  fxsave64 512(%rbx)\n"
    "  pop %rbx\n"
    "  ret\n"
    ".popsection\n");

static void on_sigfpe(int sig, siginfo_t *info, void *uc_) {
    (void) sig;
    (void) info;
    ucontext_t *uc = uc_;
    fault_offset = (uint32_t) (uc->uc_mcontext.gregs[REG_RIP] - (uint64_t) code_page);
    memcpy(ctx.out, uc->uc_mcontext.fpregs, 512);
    siglongjmp(reported, 1);
}

static void relative(uint8_t *image, int offset, uint64_t base) {
    uint64_t v;
    memcpy(&v, image + offset, 8);
    if (v != 0) v -= base;
    memcpy(image + offset, &v, 8);
}

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) return 2;
    code_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_page == MAP_FAILED) return 2;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigfpe;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    uint8_t record[IN_BYTES];
    while (fread(record, 1, IN_BYTES, in) == IN_BYTES) {
        uint32_t length;
        memcpy(&length, record, 4);
        if (length > CODE_BYTES) return 3;
        memcpy(code_page, record + 4, length);
        code_page[length] = 0xc3;
        memcpy(&ctx.rax, record + 4 + CODE_BYTES, 8);
        memcpy(&ctx.rflags, record + 12 + CODE_BYTES, 8);
        memcpy(ctx.memory, record + 20 + CODE_BYTES, 256);
        memcpy(ctx.in, record + 276 + CODE_BYTES, 512);
        ctx.code = (uint64_t) code_page;
        fault_offset = 0xffffffff;
        if (!sigsetjmp(reported, 1)) x87_run(&ctx);
        else __asm__ volatile("fninit");
        relative(ctx.out, 8, (uint64_t) code_page);
        relative(ctx.out, 16, (uint64_t) ctx.memory);
        uint32_t pad = 0;
        fwrite(&fault_offset, 4, 1, out);
        fwrite(&pad, 4, 1, out);
        fwrite(&ctx.rax, 8, 1, out);
        fwrite(&ctx.rflags, 8, 1, out);
        fwrite(ctx.memory, 1, 256, out);
        fwrite(ctx.out, 1, 512, out);
    }
    fclose(out);
    return 0;
}

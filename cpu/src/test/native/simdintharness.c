/*
 * Native side of the SIMD integer host comparison (dev.multiverse.cpu.simdint.HostComparisonTest).
 *
 * Usage: simdintharness CASES OUTCOMES
 *
 * Each case is one instruction (up to 15 bytes) and the machine state it starts from: XMM0-2, MM0-2, RAX,
 * RCX, RDX, RFLAGS and 16 bytes of memory that RSI points at. The instruction runs on this machine's CPU
 * with exactly that state and the state after it is written out in the same layout, so the Java side can
 * run the same bytes in the emulator and compare everything.
 *
 * File formats (little-endian): cases: count x { u8 code[16] (code[0] = length), u8 state[STATE] };
 * outcomes: count x { u8 state[STATE] }. state = xmm0 xmm1 xmm2 (16 bytes each), mm0 mm1 mm2, rax, rcx,
 * rdx, rflags (8 bytes each), 8 bytes padding, memory[16].
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { CODE = 16, STATE = 128 };

struct state {
    uint8_t xmm[3][16];
    uint64_t mm[3];
    uint64_t rax, rcx, rdx, rflags, pad;
    uint8_t memory[16];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct state) == STATE, "state layout");

/* run_case(state, code): loads the state, calls the instruction (followed by RET), stores the state. */
void run_case(struct state *s, void *code);
__asm__(
    ".text\n"
    ".globl run_case\n"
    "run_case:\n"
    "  push %rbx\n"
    "  mov %rsi, %r11\n"
    "  push %rdi\n"
    "  movdqu 0(%rdi), %xmm0\n"
    "  movdqu 16(%rdi), %xmm1\n"
    "  movdqu 32(%rdi), %xmm2\n"
    "  movq 48(%rdi), %mm0\n"
    "  movq 56(%rdi), %mm1\n"
    "  movq 64(%rdi), %mm2\n"
    "  mov 72(%rdi), %rax\n"
    "  mov 80(%rdi), %rcx\n"
    "  mov 88(%rdi), %rdx\n"
    "  lea 112(%rdi), %rsi\n"
    "  pushq 96(%rdi)\n"
    "  popfq\n"
    "  call *%r11\n"
    "  pushfq\n"
    "  mov 8(%rsp), %rdi\n"
    "  popq 96(%rdi)\n"
    "  movdqu %xmm0, 0(%rdi)\n"
    "  movdqu %xmm1, 16(%rdi)\n"
    "  movdqu %xmm2, 32(%rdi)\n"
    "  movq %mm0, 48(%rdi)\n"
    "  movq %mm1, 56(%rdi)\n"
    "  movq %mm2, 64(%rdi)\n"
    "  mov %rax, 72(%rdi)\n"
    "  mov %rcx, 80(%rdi)\n"
    "  mov %rdx, 88(%rdi)\n"
    "  pop %rdi\n"
    "  emms\n"
    "  pop %rbx\n"
    "  ret\n");

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s CASES OUTCOMES\n", argv[0]);
        return 2;
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
    while (fread(code, CODE, 1, in) == 1) {
        if (fread(&s, STATE, 1, in) != 1 || code[0] == 0 || code[0] > 15) {
            fprintf(stderr, "bad case file\n");
            return 1;
        }
        memcpy(page, code + 1, code[0]);
        page[code[0]] = 0xc3; /* ret */
        __builtin___clear_cache((char *) page, (char *) page + CODE);
        run_case(&s, page);
        if (fwrite(&s, STATE, 1, out) != 1) {
            perror("write");
            return 1;
        }
    }
    return fclose(out) == 0 ? 0 : 1;
}

/*
 * Runs the BCD instructions (DAA, DAS, AAA, AAS, AAM, AAD), which exist only outside 64-bit mode, on
 * the host CPU for the BCD host test. A 64-bit process far-returns into Linux's 32-bit user code
 * segment (selector 0x23, compatibility mode), runs one instruction there with the given EAX and
 * EFLAGS, and far-jumps back to the 64-bit segment (0x33). Code, data and the stack used in
 * compatibility mode are below 4 GiB (non-PIE executable, static buffers).
 *
 * Input on stdin, one case a line: "<op> <imm> <eax> <eflags>" in hex, op 0=DAA 1=DAS 2=AAA 3=AAS
 * 4=AAM 5=AAD. Output: "<eax> <eflags>" in hex, one line per case; a #DE (AAM 0) prints "DE".
 */
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct state {
    uint32_t eax, eflags;
};

struct state bcd_state;
uint64_t bcd_saved_rsp;
uint8_t bcd_stack[65536] __attribute__((aligned(16)));
/* The instruction under test is patched into this writable-executable page (see main). */
extern uint8_t bcd_insn[];
void bcd_call32(void);

__asm__(
    ".pushsection .text\n"
    ".globl bcd_call32\n"
    "bcd_call32:\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  mov %rsp, bcd_saved_rsp(%rip)\n"
    "  lea bcd_stack+65536(%rip), %rsp\n"
    "  pushq $0x23\n"
    "  lea bcd_enter32(%rip), %rax\n"
    "  push %rax\n"
    "  lretq\n"
    "bcd_back64:\n"
    "  mov bcd_saved_rsp(%rip), %rsp\n"
    "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
    "  ret\n"
    ".popsection\n"
    ".pushsection .data\n"
    "bcd_far_back: .long bcd_back64\n .word 0x33\n"
    ".popsection\n"
    ".pushsection .bcdcode,\"awx\"\n"
    ".code32\n"
    "bcd_enter32:\n"
    "  mov %ss, %ax\n"
    "  mov %ax, %ds\n"
    "  mov %ax, %es\n"
    "  pushl bcd_state+4\n"
    "  mov bcd_state, %eax\n"
    "  popf\n"
    ".globl bcd_insn\n"
    "bcd_insn: .byte 0x90, 0x90\n"
    "  pushf\n"
    "  mov %eax, bcd_state\n"
    "  popl bcd_state+4\n"
    "  ljmp *bcd_far_back\n"
    ".code64\n"
    ".popsection\n");

static sigjmp_buf divide_error;

static void on_sigfpe(int sig) {
    (void) sig;
    siglongjmp(divide_error, 1);
}

int main(void) {
    static const uint8_t opcodes[] = {0x27, 0x2f, 0x37, 0x3f, 0xd4, 0xd5};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigfpe;
    sigaction(SIGFPE, &sa, NULL);
    unsigned op, imm, eax, eflags;
    while (scanf("%x %x %x %x", &op, &imm, &eax, &eflags) == 4) {
        if (op >= sizeof opcodes) return 2;
        bcd_insn[0] = opcodes[op];
        bcd_insn[1] = op >= 4 ? (uint8_t) imm : 0x90;
        bcd_state.eax = eax;
        bcd_state.eflags = eflags;
        if (sigsetjmp(divide_error, 1)) {
            puts("DE");
            continue;
        }
        bcd_call32();
        printf("%x %x\n", bcd_state.eax, bcd_state.eflags);
    }
    return 0;
}

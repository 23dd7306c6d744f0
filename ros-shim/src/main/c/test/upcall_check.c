/*
 * Checks the signal entry (upcall.S) on the host, delivered as the HVM delivers it (an interrupt-style
 * frame, test/deliver.S): the interrupted registers, flags (DF set included), SSE registers and rsp come
 * back unchanged whatever the stack's alignment, and the C handler gets the code from the frame, with DF
 * clear, even though it clobbers every caller-saved register and the flags. Exit status 0 when all hold.
 */
#include <stdint.h>
#include <stdio.h>

#define SLOTS 49
#define RFLAGS 15
#define RSP_DELTA 16
#define DF (1u << 10)
#define IF (1u << 9)
#define CF 1u

void deliver_signal(const uint64_t *in, uint64_t *out, uint64_t code, uint64_t misalign);

static uint64_t handled_code, handled_rflags, handled_calls;

void hvmctl_upcall(uint64_t code);
void hvmctl_upcall(uint64_t code)
{
    uint64_t rflags;
    __asm__ volatile("pushfq; pop %0" : "=r"(rflags));
    handled_code = code;
    handled_rflags = rflags;
    handled_calls++;
    /* What any C code may do: every caller-saved register and all SSE registers change. */
    __asm__ volatile("mov $-1, %%rax; mov $-1, %%rcx; mov $-1, %%rdx; mov $-1, %%rsi; mov $-1, %%rdi;"
                     "mov $-1, %%r8; mov $-1, %%r9; mov $-1, %%r10; mov $-1, %%r11;"
                     "pcmpeqd %%xmm0, %%xmm0; pcmpeqd %%xmm1, %%xmm1; pcmpeqd %%xmm7, %%xmm7;"
                     "pcmpeqd %%xmm8, %%xmm8; pcmpeqd %%xmm15, %%xmm15; stc"
                     : : : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0", "xmm1", "xmm7",
                       "xmm8", "xmm15", "cc");
}

int main(void)
{
    int failures = 0;
    for (uint64_t misalign = 0; misalign < 64; misalign += 8) {
        uint64_t in[SLOTS], out[SLOTS] = {0};
        for (int i = 0; i < SLOTS; i++) in[i] = 0x0101010101010101ull * (uint64_t)(i + 1) + misalign;
        in[RFLAGS] = 0x2 | IF | DF;   /* reserved bit 1, IF as at CPL 3, DF set, CF clear */
        in[RSP_DELTA] = 0;
        uint64_t code = 0xc0de0000 + misalign;
        handled_calls = 0;
        deliver_signal(in, out, code, misalign);
        for (int i = 0; i < SLOTS; i++) {
            uint64_t expected = in[i];
            uint64_t got = i == RFLAGS ? out[i] & (DF | IF | CF | 0x2) : out[i];
            if (got != expected) {
                printf("misalign %llu: slot %d is %#llx after the signal, was %#llx\n", (unsigned long long)misalign, i,
                       (unsigned long long)got, (unsigned long long)expected);
                failures++;
            }
        }
        if (handled_calls != 1 || handled_code != code || (handled_rflags & DF)) {
            printf("misalign %llu: handler calls %llu, code %#llx (expected %#llx), DF %s in the handler\n",
                   (unsigned long long)misalign, (unsigned long long)handled_calls, (unsigned long long)handled_code,
                   (unsigned long long)code, handled_rflags & DF ? "set" : "clear");
            failures++;
        }
    }
    printf("upcall_check: %s\n", failures ? "FAIL" : "pass");
    return failures != 0;
}

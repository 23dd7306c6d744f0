/*
 * Native side of the soft-float host test (dev.multiverse.cpu.fpu.HostAgreementTest).
 *
 * Usage: fpharness CASES RESULTS
 *
 * Runs each case's x87 or SSE operation on this machine's FPU and writes the result and the status the
 * hardware reports. x87 cases start from FNINIT, load the control word, load the operands and run the
 * operation; the status word is read with FNSTSW and the registers with FNSAVE (both non-waiting, so an
 * unmasked exception stays pending instead of trapping and the bias-adjusted result of an unmasked
 * overflow or underflow can be seen; an empty ST0, left by a load that an unmasked exception stopped,
 * reads as zero). SSE cases load MXCSR, run the operation on XMM registers and read MXCSR back; an
 * unmasked exception traps at once, and the SIGFPE handler reports MXCSR and the destination as the
 * trap left them.
 *
 * File formats (little-endian), one record per case:
 *   cases:   u32 op, u32 control (x87 FCW or MXCSR), u32 imm, u32 reserved, u64 a[2], u64 b[2]
 *   results: u64 value[2], u32 status (x87 FSW or MXCSR), u32 eflags (ZF, PF, CF of a compare, or
 *            0xffffffff when an SSE operation trapped)
 * Operands and memory results are the bytes of the memory operand (80-bit values: significand in
 * a[0], sign and exponent in the low 16 bits of a[1]); register results are ST0 or the low quadword of
 * the destination XMM register or the 64-bit general register.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

/* Operation numbers, shared with HostOp.java. */
enum {
    FADD = 1, FSUB, FSUBR, FMUL, FDIV, FDIVR, FSQRT, FRNDINT,
    FLD_M32, FLD_M64, FST_M32, FST_M64,
    FIST_M16, FIST_M32, FIST_M64, FISTTP_M16, FISTTP_M32, FISTTP_M64,
    FCOMI, FUCOMI, FADD_M32, FADD_M64, FDIV_M32, FCOM_M32,
    FBLD, FBSTP, FILD_M64, FSUBR_M32, FDIVR_M64, FMUL_M64, FSUB_M64, FCOM_M64,
    ADDSS = 64, SUBSS, MULSS, DIVSS, SQRTSS, ADDSD, SUBSD, MULSD, DIVSD, SQRTSD,
    ROUNDSS, ROUNDSD, CVTSS2SD, CVTSD2SS,
    CVTSI2SS32, CVTSI2SS64, CVTSI2SD32, CVTSI2SD64,
    CVTSS2SI32, CVTSS2SI64, CVTTSS2SI32, CVTTSS2SI64,
    CVTSD2SI32, CVTSD2SI64, CVTTSD2SI32, CVTTSD2SI64,
    COMISS, UCOMISS, COMISD, UCOMISD,
};

struct fp_case {
    uint32_t op, control, imm, reserved;
    uint64_t a[2], b[2];
};

/* The eflags of a result whose SSE operation trapped (an unmasked exception): nothing was delivered. */
#define TRAPPED 0xffffffffu

struct fp_result {
    uint64_t value[2];
    uint32_t status, eflags;
};

/* FNSAVE image in the 32-bit protected-mode layout: 28 bytes of environment, then ST0..ST7. */
struct x87_save {
    uint8_t environment[28];
    uint8_t st[8][10];
};

static uint32_t compare_flags(uint8_t zf, uint8_t pf, uint8_t cf) {
    return (uint32_t)zf << 6 | (uint32_t)pf << 2 | cf;
}

/* Runs one x87 body between FNINIT+FLDCW and FNSTSW+FNSAVE. The operands are memory: a, b (inputs), out. */
#define X87(body)                                                                                       \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\t" body "\n\tfnstsw %[sw]\n\tfnsave %[save]"               \
                     : [sw] "=m"(sw), [save] "=m"(save), [out] "+m"(out), [zf] "=m"(zf), [pf] "=m"(pf),  \
                       [cf] "=m"(cf)                                                                     \
                     : [cw] "m"(cw), [a] "m"(a), [b] "m"(b)                                              \
                     : "memory", "cc")

static void run_x87(const struct fp_case *c, struct fp_result *res) {
    uint16_t cw = (uint16_t)c->control, sw = 0;
    struct x87_save save;
    uint64_t a[2] = {c->a[0], c->a[1]}, b[2] = {c->b[0], c->b[1]}, out[2] = {0, 0};
    uint8_t zf = 0, pf = 0, cf = 0;
    int register_result = 1;
    switch (c->op) {
    /* ST0 op ST1 with a in ST0 and b in ST1; the byte forms avoid AT&T's reversed fsub/fdiv mnemonics */
    case FADD: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xc1"); break;
    case FSUB: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xe1"); break;
    case FSUBR: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xe9"); break;
    case FMUL: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xc9"); break;
    case FDIV: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xf1"); break;
    case FDIVR: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xd8, 0xf9"); break;
    case FSQRT: X87("fldt %[a]\n\tfsqrt"); break;
    case FRNDINT: X87("fldt %[a]\n\tfrndint"); break;
    case FLD_M32: X87("flds %[a]"); break;
    case FLD_M64: X87("fldl %[a]"); break;
    case FILD_M64: X87("fildll %[a]"); break;
    case FBLD: X87("fbld %[a]"); break;
    case FADD_M32: X87("fldt %[a]\n\tfadds %[b]"); break;
    case FADD_M64: X87("fldt %[a]\n\tfaddl %[b]"); break;
    case FDIV_M32: X87("fldt %[a]\n\tfdivs %[b]"); break;
    case FSUBR_M32: X87("fldt %[a]\n\tfsubrs %[b]"); break;
    case FDIVR_M64: X87("fldt %[a]\n\tfdivrl %[b]"); break;
    case FMUL_M64: X87("fldt %[a]\n\tfmull %[b]"); break;
    case FSUB_M64: X87("fldt %[a]\n\tfsubl %[b]"); break;
    default:
        register_result = 0;
        switch (c->op) {
        case FST_M32: X87("fldt %[a]\n\tfsts %[out]"); break;
        case FST_M64: X87("fldt %[a]\n\tfstl %[out]"); break;
        case FIST_M16: X87("fldt %[a]\n\tfistps %[out]"); break;
        case FIST_M32: X87("fldt %[a]\n\tfistpl %[out]"); break;
        case FIST_M64: X87("fldt %[a]\n\tfistpll %[out]"); break;
        case FISTTP_M16: X87("fldt %[a]\n\tfisttps %[out]"); break;
        case FISTTP_M32: X87("fldt %[a]\n\tfisttpl %[out]"); break;
        case FISTTP_M64: X87("fldt %[a]\n\tfisttpll %[out]"); break;
        case FBSTP: X87("fldt %[a]\n\tfbstp %[out]"); break;
        case FCOMI: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xdb, 0xf1\n\tsetz %[zf]\n\tsetp %[pf]\n\tsetc %[cf]"); break;
        case FUCOMI: X87("fldt %[b]\n\tfldt %[a]\n\t.byte 0xdb, 0xe9\n\tsetz %[zf]\n\tsetp %[pf]\n\tsetc %[cf]"); break;
        case FCOM_M32: X87("fldt %[a]\n\tfcoms %[b]"); break;
        case FCOM_M64: X87("fldt %[a]\n\tfcoml %[b]"); break;
        default: fprintf(stderr, "unknown x87 operation %u\n", c->op); exit(2);
        }
    }
    unsigned top = (sw >> 11) & 7;
    uint16_t tags;
    memcpy(&tags, save.environment + 8, 2);
    if (register_result && ((tags >> (2 * top)) & 3) == 3) {
        res->value[0] = res->value[1] = 0; /* ST0 empty: an unmasked exception stopped a load */
    } else if (register_result) {
        memcpy(&res->value[0], save.st[0], 8);
        uint16_t se;
        memcpy(&se, save.st[0] + 8, 2);
        res->value[1] = se;
    } else {
        res->value[0] = out[0];
        res->value[1] = out[1];
    }
    res->status = sw;
    res->eflags = compare_flags(zf, pf, cf);
}

/*
 * SSE cases run in fixed registers (a in XMM0 and RAX, b in XMM1; the result in XMM0 or RAX) so that when an
 * unmasked exception traps, the SIGFPE handler can read MXCSR and the untouched destination from the
 * signal context and jump back.
 */
static sigjmp_buf sse_trap;
static struct fp_result sse_trapped;

static void on_sigfpe(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)info;
    const ucontext_t *uc = context;
    const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    sse_trapped.status = fp->mxcsr;
    memcpy(&sse_trapped.value[0], &fp->_xmm[0], 8);
    sse_trapped.value[1] = (uint64_t)uc->uc_mcontext.gregs[REG_RAX];
    siglongjmp(sse_trap, 1);
}

#define SSE(body)                                                                                        \
    __asm__ volatile("movq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\tmovq %[a], %%rax\n\t"                    \
                     "ldmxcsr %[mx]\n\t" body "\n\tstmxcsr %[mxout]\n\tldmxcsr %[dflt]\n\t"              \
                     "movq %%xmm0, %[xout]\n\tmovq %%rax, %[rout]"                                       \
                     : [xout] "=m"(xout), [rout] "=m"(rout), [mxout] "=m"(mxout), [zf] "=m"(zf),         \
                       [pf] "=m"(pf), [cf] "=m"(cf)                                                      \
                     : [a] "m"(c->a[0]), [b] "m"(c->b[0]), [mx] "m"(mx), [dflt] "m"(dflt)                \
                     : "xmm0", "xmm1", "rax", "cc")
#define COMPARE "\n\tsetz %[zf]\n\tsetp %[pf]\n\tsetc %[cf]"
#define ROUND16(insn)                                                                                    \
    switch (c->imm & 15) {                                                                               \
    case 0: SSE(insn " $0, %%xmm0, %%xmm0"); break;  case 1: SSE(insn " $1, %%xmm0, %%xmm0"); break;      \
    case 2: SSE(insn " $2, %%xmm0, %%xmm0"); break;  case 3: SSE(insn " $3, %%xmm0, %%xmm0"); break;      \
    case 4: SSE(insn " $4, %%xmm0, %%xmm0"); break;  case 5: SSE(insn " $5, %%xmm0, %%xmm0"); break;      \
    case 6: SSE(insn " $6, %%xmm0, %%xmm0"); break;  case 7: SSE(insn " $7, %%xmm0, %%xmm0"); break;      \
    case 8: SSE(insn " $8, %%xmm0, %%xmm0"); break;  case 9: SSE(insn " $9, %%xmm0, %%xmm0"); break;      \
    case 10: SSE(insn " $10, %%xmm0, %%xmm0"); break; case 11: SSE(insn " $11, %%xmm0, %%xmm0"); break;   \
    case 12: SSE(insn " $12, %%xmm0, %%xmm0"); break; case 13: SSE(insn " $13, %%xmm0, %%xmm0"); break;   \
    case 14: SSE(insn " $14, %%xmm0, %%xmm0"); break; default: SSE(insn " $15, %%xmm0, %%xmm0"); break;   \
    }

static int gpr_result(uint32_t op) {
    return op >= CVTSS2SI32 && op <= CVTTSD2SI64;
}

static void run_sse(const struct fp_case *c, struct fp_result *res) {
    uint64_t xout = 0, rout = 0;
    uint32_t mx = c->control, mxout = 0, dflt = 0x1f80;
    uint8_t zf = 0, pf = 0, cf = 0;
    if (sigsetjmp(sse_trap, 0)) {
        /* trapped: the destination kept its operand; the handler ran with the default MXCSR */
        res->value[0] = gpr_result(c->op) ? sse_trapped.value[1] : sse_trapped.value[0];
        res->status = sse_trapped.status;
        res->eflags = TRAPPED;
        return;
    }
    switch (c->op) {
    case ADDSS: SSE("addss %%xmm1, %%xmm0"); break;
    case SUBSS: SSE("subss %%xmm1, %%xmm0"); break;
    case MULSS: SSE("mulss %%xmm1, %%xmm0"); break;
    case DIVSS: SSE("divss %%xmm1, %%xmm0"); break;
    case SQRTSS: SSE("sqrtss %%xmm0, %%xmm0"); break;
    case ADDSD: SSE("addsd %%xmm1, %%xmm0"); break;
    case SUBSD: SSE("subsd %%xmm1, %%xmm0"); break;
    case MULSD: SSE("mulsd %%xmm1, %%xmm0"); break;
    case DIVSD: SSE("divsd %%xmm1, %%xmm0"); break;
    case SQRTSD: SSE("sqrtsd %%xmm0, %%xmm0"); break;
    case ROUNDSS: ROUND16("roundss"); break;
    case ROUNDSD: ROUND16("roundsd"); break;
    case CVTSS2SD: SSE("cvtss2sd %%xmm0, %%xmm0"); break;
    case CVTSD2SS: SSE("cvtsd2ss %%xmm0, %%xmm0"); break;
    case CVTSI2SS32: SSE("cvtsi2ssl %%eax, %%xmm0"); break;
    case CVTSI2SS64: SSE("cvtsi2ssq %%rax, %%xmm0"); break;
    case CVTSI2SD32: SSE("cvtsi2sdl %%eax, %%xmm0"); break;
    case CVTSI2SD64: SSE("cvtsi2sdq %%rax, %%xmm0"); break;
    case CVTSS2SI32: SSE("cvtss2si %%xmm0, %%eax"); break;
    case CVTSS2SI64: SSE("cvtss2si %%xmm0, %%rax"); break;
    case CVTTSS2SI32: SSE("cvttss2si %%xmm0, %%eax"); break;
    case CVTTSS2SI64: SSE("cvttss2si %%xmm0, %%rax"); break;
    case CVTSD2SI32: SSE("cvtsd2si %%xmm0, %%eax"); break;
    case CVTSD2SI64: SSE("cvtsd2si %%xmm0, %%rax"); break;
    case CVTTSD2SI32: SSE("cvttsd2si %%xmm0, %%eax"); break;
    case CVTTSD2SI64: SSE("cvttsd2si %%xmm0, %%rax"); break;
    case COMISS: SSE("comiss %%xmm1, %%xmm0" COMPARE); break;
    case UCOMISS: SSE("ucomiss %%xmm1, %%xmm0" COMPARE); break;
    case COMISD: SSE("comisd %%xmm1, %%xmm0" COMPARE); break;
    case UCOMISD: SSE("ucomisd %%xmm1, %%xmm0" COMPARE); break;
    default: fprintf(stderr, "unknown SSE operation %u\n", c->op); exit(2);
    }
    res->value[0] = gpr_result(c->op) ? rout : xout;
    res->status = mxout;
    res->eflags = compare_flags(zf, pf, cf);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: fpharness CASES RESULTS\n");
        return 2;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigfpe;
    action.sa_flags = SA_SIGINFO | SA_NODEFER; /* the handler leaves by siglongjmp: keep SIGFPE unblocked */
    if (sigaction(SIGFPE, &action, NULL) != 0) {
        perror("fpharness");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror("fpharness");
        return 2;
    }
    struct fp_case c;
    while (fread(&c, sizeof c, 1, in) == 1) {
        struct fp_result res;
        memset(&res, 0, sizeof res);
        if (c.op < ADDSS) run_x87(&c, &res);
        else run_sse(&c, &res);
        if (fwrite(&res, sizeof res, 1, out) != 1) {
            perror("fpharness");
            return 2;
        }
    }
    if (ferror(in) || fclose(out) != 0) {
        perror("fpharness");
        return 2;
    }
    return 0;
}

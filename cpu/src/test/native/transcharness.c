/*
 * Native side of the x87 transcendental host test (dev.multiverse.cpu.fpu.TranscendentalHostTest).
 *
 * Usage: transcharness CASES RESULTS
 *
 * Each case starts from FNINIT, loads the control word, loads b into ST1 and a into ST0 (b only for the
 * operations that read ST1), runs one instruction and reads the status word with FNSTSW and the register
 * file with FNSAVE (both non-waiting, so an unmasked exception stays pending instead of trapping).
 *
 * File formats (little-endian), one record per case:
 *   cases:   u32 op, u32 control (FCW), u32 reserved[2], u64 a[2], u64 b[2]
 *   results: u64 st0[2], u64 st1[2], u32 status (FSW), u32 tags (the full tag word)
 * 80-bit values have the significand in word 0 and sign and exponent in the low 16 bits of word 1; an empty
 * register reads as zero.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Operation numbers, shared with TranscendentalHostTest.java. */
enum {
    FSIN = 1, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1, FSCALE, FPREM, FPREM1, FXTRACT,
};

struct case_record {
    uint32_t op, control, reserved[2];
    uint64_t a[2], b[2];
};

struct result_record {
    uint64_t st0[2], st1[2];
    uint32_t status, tags;
};

/* FNSAVE image in the 32-bit protected-mode layout: 28 bytes of environment, then ST0..ST7. */
struct x87_save {
    uint8_t environment[28];
    uint8_t st[8][10];
};

#define ONE(body)                                                                                       \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" body "\n\tfnstsw %[sw]\n\tfnsave %[save]"  \
                     : [sw] "=m"(sw), [save] "=m"(save)                                                 \
                     : [cw] "m"(cw), [a] "m"(a)                                                         \
                     : "memory")
#define TWO(body)                                                                                       \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" body                         \
                     "\n\tfnstsw %[sw]\n\tfnsave %[save]"                                               \
                     : [sw] "=m"(sw), [save] "=m"(save)                                                 \
                     : [cw] "m"(cw), [a] "m"(a), [b] "m"(b)                                             \
                     : "memory")

static void copy_register(uint64_t out[2], const struct x87_save *save, uint16_t tags, unsigned top, unsigned i) {
    out[0] = out[1] = 0;
    if (((tags >> (2 * ((top + i) & 7))) & 3) == 3) return;
    memcpy(&out[0], save->st[i], 8);
    uint16_t se;
    memcpy(&se, save->st[i] + 8, 2);
    out[1] = se;
}

static void run(const struct case_record *c, struct result_record *res) {
    uint16_t cw = (uint16_t)c->control, sw = 0;
    struct x87_save save;
    uint64_t a[2] = {c->a[0], c->a[1]}, b[2] = {c->b[0], c->b[1]};
    switch (c->op) {
    case FSIN: ONE("fsin"); break;
    case FCOS: ONE("fcos"); break;
    case FSINCOS: ONE("fsincos"); break;
    case FPTAN: ONE("fptan"); break;
    case F2XM1: ONE("f2xm1"); break;
    case FXTRACT: ONE("fxtract"); break;
    case FPATAN: TWO("fpatan"); break;
    case FYL2X: TWO("fyl2x"); break;
    case FYL2XP1: TWO("fyl2xp1"); break;
    case FSCALE: TWO("fscale"); break;
    case FPREM: TWO("fprem"); break;
    case FPREM1: TWO("fprem1"); break;
    default: fprintf(stderr, "unknown operation %u\n", c->op); exit(2);
    }
    uint16_t tags;
    memcpy(&tags, save.environment + 8, 2);
    unsigned top = (sw >> 11) & 7;
    copy_register(res->st0, &save, tags, top, 0);
    copy_register(res->st1, &save, tags, top, 1);
    res->status = sw;
    res->tags = tags;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: transcharness CASES RESULTS\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror("transcharness");
        return 2;
    }
    struct case_record c;
    while (fread(&c, sizeof c, 1, in) == 1) {
        struct result_record res;
        memset(&res, 0, sizeof res);
        run(&c, &res);
        if (fwrite(&res, sizeof res, 1, out) != 1) {
            perror("transcharness");
            return 2;
        }
    }
    if (ferror(in) || fclose(out) != 0) {
        perror("transcharness");
        return 2;
    }
    return 0;
}

/*
 * Runtime interface shared by all test ROMs.
 *
 * A ROM provides rom_main(); the runtime (runtime/boot.S + runtime/rt.c) enters
 * it in 64-bit long mode with the first 4 GiB identity-mapped, prints through
 * COM1 and exits through isa-debug-exit (port 0xf4).  The same ROM sources can
 * also be linked against runtime/host.c to run as a Linux process (make hostcheck),
 * which checks the hard-coded expectations against the build machine's CPU.
 */
#ifndef ROM_H
#define ROM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t i8;
typedef int16_t i16;
typedef int32_t i32;
typedef int64_t i64;

/* Exit codes (the emulator and QEMU report (code << 1) | 1 as the process status). */
#define ROM_EXIT_PASS 0      /* every check passed: status 1 */
#define ROM_EXIT_FAIL 1      /* at least one check failed: status 3 */
#define ROM_EXIT_EXCEPTION 2 /* unexpected CPU exception: status 5 */

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

/* Entry point every ROM defines; the return value is the exit code. */
int rom_main(u32 mb_magic, u32 mb_info);

/* Console (COM1) */
void rt_putc(char c);
void rt_puts(const char *s); /* no newline added */
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vprintf(const char *fmt, va_list ap);

__attribute__((noreturn)) void rt_exit(int code);

/*
 * Checks.  Each prints one line, "PASS: <name>" or
 * "FAIL: <name> (got X expected Y)".  rom_finish() prints
 * "SUMMARY: <n> checks passed" and "ALL PASS", or "SUMMARY: <f> of <n> checks
 * failed" and "FAILED", and returns the exit code for rom_main to return.
 */
int check_eq(u64 got, u64 expected, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int check_true(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares only the RFLAGS bits in mask and prints them as letters. */
int check_flags(u64 got, u64 expected, u64 mask, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A result and the RFLAGS bits in mask, as one check. */
int check_rf(u64 got, u64 expected, u64 got_flags, u64 exp_flags, u64 mask, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void check_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rom_finish(void);
extern unsigned rt_checks, rt_failures;

#define CHECK_EQ(got, expected, ...) check_eq((u64)(got), (u64)(expected), __VA_ARGS__)
#define CHECK(cond, ...) check_true(!!(cond), __VA_ARGS__)

/* Freestanding helpers (gcc may also emit calls to the mem* ones). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* FNV-1a, 32-bit, of n bytes (module contents are hashed so host tests can compare). */
u32 fnv1a(const u8 *p, u32 n);
/* Prints s quoted, with non-printable bytes as \xNN (and \n, \t, \", \\). */
void put_quoted(const u8 *s, u32 n);

/* Multiboot command line lookup: value of "key=" as a number, or def if absent. */
u64 rt_cmdline_u64(u32 mb_info, const char *key, u64 def);

/* RFLAGS bits */
#define F_CF 0x0001u
#define F_PF 0x0004u
#define F_AF 0x0010u
#define F_ZF 0x0040u
#define F_SF 0x0080u
#define F_DF 0x0400u
#define F_OF 0x0800u
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_FIXED 0x0002u /* bit 1 reads as one */

static inline u64 read_rflags(void)
{
    u64 f;
    __asm__ volatile("pushfq\n\tpopq %0" : "=r"(f));
    return f;
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port)
{
    u8 v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/*
 * Run `insn` with RFLAGS preset to `fin` and capture RFLAGS afterwards in `fout`.
 * Operands are %[d] (read/write) and %[s] (read); both must be registers because
 * the pushes move rsp.  IF stays clear: fin never has it set.
 */
#define ASM_FLAGS2(insn, dst, src, fin, fout)                                            \
    __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[fo]"           \
                     : [d] "+&r"(dst), [fo] "=&r"(fout)                                   \
                     : [s] "r"(src), [fi] "r"((u64)(fin) | F_FIXED)                       \
                     : "cc", "memory")

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Keeps the compiler from constant-folding a value through an asm test. */
#define OPAQUE(x) ({ __typeof__(x) o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })

#endif

/* Printing, checks and freestanding helpers; shared by the bare-metal and host runtimes. */
#include "multiboot.h"
#include "rom.h"

unsigned rt_checks, rt_failures;

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

/* --- printf subset: %c %s %d %i %u %x %X %p %%, flags '0' '-', width, h/l/ll/z --- */

static int emit_padded(const char *s, int len, int width, int left, char pad)
{
    int n = 0;
    if (!left)
        for (; len + n < width; n++)
            rt_putc(pad);
    for (int i = 0; i < len; i++)
        rt_putc(s[i]);
    for (int k = len + n; k < width; k++, n++)
        rt_putc(' ');
    return len + n;
}

int rt_vprintf(const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            rt_putc(*fmt);
            out++;
            continue;
        }
        fmt++;
        int left = 0, width = 0, lng = 0;
        char pad = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '0')
                pad = '0';
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
            if (*fmt != 'h')
                lng = 1;
            fmt++;
        }
        char buf[24];
        int len = 0;
        switch (*fmt) {
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            out += emit_padded(buf, 1, width, left, ' ');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            out += emit_padded(s, (int)strlen(s), width, left, ' ');
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'p': {
            int base = (*fmt == 'd' || *fmt == 'i' || *fmt == 'u') ? 10 : 16;
            const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            u64 v;
            int neg = 0;
            if (*fmt == 'p')
                v = (u64)(uintptr_t)va_arg(ap, void *);
            else if (*fmt == 'd' || *fmt == 'i') {
                i64 sv = lng ? va_arg(ap, i64) : va_arg(ap, int);
                neg = sv < 0;
                v = neg ? -(u64)sv : (u64)sv;
            } else
                v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned);
            char tmp[24];
            int t = 0;
            do {
                tmp[t++] = digits[v % (unsigned)base];
                v /= (unsigned)base;
            } while (v);
            if (*fmt == 'p') {
                tmp[t++] = 'x';
                tmp[t++] = '0';
            }
            if (neg && pad == '0' && width > 0) {
                rt_putc('-');
                out++;
                width--;
            } else if (neg)
                tmp[t++] = '-';
            while (t)
                buf[len++] = tmp[--t];
            out += emit_padded(buf, len, width, left, left ? ' ' : pad);
            break;
        }
        case '%':
            rt_putc('%');
            out++;
            break;
        default: /* unknown conversion: show it verbatim */
            rt_putc('%');
            if (*fmt)
                rt_putc(*fmt);
            else
                fmt--;
            out += 2;
            break;
        }
    }
    return out;
}

int rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = rt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* --- checks ------------------------------------------------------------------ */

static void check_head(int ok, const char *fmt, va_list ap)
{
    rt_checks++;
    if (!ok)
        rt_failures++;
    rt_puts(ok ? "PASS: " : "FAIL: ");
    rt_vprintf(fmt, ap);
}

int check_eq(u64 got, u64 expected, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_head(got == expected, fmt, ap);
    va_end(ap);
    if (got != expected)
        rt_printf(" (got 0x%lx expected 0x%lx)", got, expected);
    rt_putc('\n');
    return got == expected;
}

int check_true(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_head(cond, fmt, ap);
    va_end(ap);
    rt_putc('\n');
    return cond;
}

static void put_flags(u64 f, u64 mask)
{
    static const struct {
        u64 bit;
        char name;
    } names[] = {{F_OF, 'O'}, {F_SF, 'S'}, {F_ZF, 'Z'}, {F_AF, 'A'}, {F_PF, 'P'}, {F_CF, 'C'}};
    for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
        if (mask & names[i].bit)
            rt_putc((f & names[i].bit) ? names[i].name : '-');
}

int check_flags(u64 got, u64 expected, u64 mask, const char *fmt, ...)
{
    int ok = ((got ^ expected) & mask) == 0;
    va_list ap;
    va_start(ap, fmt);
    check_head(ok, fmt, ap);
    va_end(ap);
    if (!ok) {
        rt_puts(" (got ");
        put_flags(got, mask);
        rt_puts(" expected ");
        put_flags(expected, mask);
        rt_putc(')');
    }
    rt_putc('\n');
    return ok;
}

int check_rf(u64 got, u64 expected, u64 got_flags, u64 exp_flags, u64 mask, const char *fmt, ...)
{
    int ok = got == expected && ((got_flags ^ exp_flags) & mask) == 0;
    va_list ap;
    va_start(ap, fmt);
    check_head(ok, fmt, ap);
    va_end(ap);
    if (!ok) {
        rt_printf(" (got 0x%lx ", got);
        put_flags(got_flags, mask);
        rt_printf(" expected 0x%lx ", expected);
        put_flags(exp_flags, mask);
        rt_putc(')');
    }
    rt_putc('\n');
    return ok;
}

void check_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_puts("SKIP: ");
    rt_vprintf(fmt, ap);
    va_end(ap);
    rt_putc('\n');
}

int rom_finish(void)
{
    if (rt_failures == 0) {
        rt_printf("SUMMARY: %u checks passed\nALL PASS\n", rt_checks);
        return ROM_EXIT_PASS;
    }
    rt_printf("SUMMARY: %u of %u checks failed\nFAILED\n", rt_failures, rt_checks);
    return ROM_EXIT_FAIL;
}

/* --- command line ------------------------------------------------------------ */

/* FNV-1a, 32-bit: easy to recompute on the host side. */
u32 fnv1a(const u8 *p, u32 n)
{
    u32 h = 0x811C9DC5u;
    while (n--) {
        h ^= *p++;
        h *= 0x01000193u;
    }
    return h;
}

void put_quoted(const u8 *s, u32 n)
{
    rt_putc('"');
    for (u32 i = 0; i < n; i++) {
        u8 c = s[i];
        if (c == '\n')
            rt_puts("\\n");
        else if (c == '\t')
            rt_puts("\\t");
        else if (c == '"' || c == '\\')
            rt_printf("\\%c", c);
        else if (c >= 0x20 && c < 0x7F)
            rt_putc((char)c);
        else
            rt_printf("\\x%02x", c);
    }
    rt_putc('"');
}

u64 rt_cmdline_u64(u32 mb_info, const char *key, u64 def)
{
    const struct mb_info *mbi = MB_PTR(const struct mb_info, mb_info);
    if (!mbi || !(mbi->flags & MB_INFO_CMDLINE) || !mbi->cmdline)
        return def;
    size_t klen = strlen(key);
    const char *p = MB_PTR(const char, mbi->cmdline);
    /* Match "key=" at the start of a word; loaders put the image path first. */
    for (const char *w = p; *w; w++) {
        if ((w == p || w[-1] == ' ') && memcmp(w, key, klen) == 0 && w[klen] == '=') {
            const char *d = w + klen + 1;
            u64 v = 0;
            if (*d < '0' || *d > '9')
                return def;
            while (*d >= '0' && *d <= '9')
                v = v * 10 + (u64)(*d++ - '0');
            return v;
        }
    }
    return def;
}

/* --- freestanding mem* (only built into the bare-metal image) ------------------ */
#ifndef ROM_HOST
void *memcpy(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    if (d < s)
        while (n--)
            *d++ = *s++;
    else
        while (n--)
            d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    u8 *d = dst;
    while (n--)
        *d++ = (u8)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
#endif

/* The few C library functions a freestanding kernel needs (gcc may emit calls to the mem* ones). */
#include "kernel.h"

void *memset(void *d, int c, size_t n) {
    u8 *p = d;
    while (n--) *p++ = (u8)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    u8 *p = d;
    const u8 *q = s;
    while (n--) *p++ = *q++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const u8 *p = a, *q = b;
    for (; n; n--, p++, q++) {
        if (*p != *q) return *p - *q;
    }
    return 0;
}

size_t strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* Whether the space-separated command line holds exactly this word. */
bool cmdline_has(const char *cmdline, const char *word) {
    size_t n = strlen(word);
    for (const char *p = cmdline; *p;) {
        while (*p == ' ') p++;
        const char *start = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - start) == n && memcmp(start, word, n) == 0) return true;
    }
    return false;
}

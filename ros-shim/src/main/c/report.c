#include "report.h"

#include <stdarg.h>
#include <stdio.h>

#define MAX_VALUES 64

static struct {
    const char *name;
    uint64_t value;
} values[MAX_VALUES];
static int count;
static char message[512];

void report(const char *name, uint64_t value)
{
    if (count == MAX_VALUES) report_print("");   /* never lose a value: flush early */
    values[count].name = name;
    values[count].value = value;
    count++;
}

void report_print(const char *prefix)
{
    for (int i = 0; i < count; i++) printf("%s%s=%llu\n", prefix, values[i].name, (unsigned long long)values[i].value);
    count = 0;
    fflush(stdout);
}

int fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    return -1;
}

const char *failure(void)
{
    return message;
}

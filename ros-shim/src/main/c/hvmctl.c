/*
 * hvmctl: the ROS side of the Multiverse HVM from a Linux shell. Each subcommand issues hypercalls from
 * ring 3, times them with the TSC and prints what it measured as `name=value` lines (cycles unless the
 * name says otherwise); selfcheck runs them all and prefixes every line with "HVMCHECK ".
 * Exit status: 0 success, 1 failure (one line on stderr; also when the HVM has not answered within
 * PATIENCE seconds), 2 usage.
 */
#include "hvm.h"
#include "ops.h"
#include "report.h"
#include "services.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_IMAGE "/hrt/aerokernel.elf"

/*
 * A bound on every command, in guest seconds: a request with the wait flag returns only once the HRT is
 * IDLE again, so an HRT that never answers would hold this process, and a boot script, forever. The
 * alarm reaches the process even while its core waits in that hypercall: the waiting core takes
 * interrupts, and the vmcall is executed again only after the kernel returns to it.
 */
#define PATIENCE "120"
#define TIMED_OUT "the HVM did not answer within " PATIENCE " s"

static volatile sig_atomic_t checking;   /* selfcheck: the timeout also ends its HVMCHECK lines */

static void on_timeout(int signal)
{
    (void)signal;
    static const char check[] = "HVMCHECK error=" TIMED_OUT "\nHVMCHECK status=fail\n";
    static const char message[] = "hvmctl: " TIMED_OUT "\n";
    if (checking && write(STDOUT_FILENO, check, sizeof check - 1) < 0) _exit(1);
    if (write(STDERR_FILENO, message, sizeof message - 1) < 0) _exit(1);
    _exit(1);
}

static const char USAGE[] =
    "usage: hvmctl null [N]                      N null hypercalls (default 1000): min and median cycles\n"
    "       hvmctl install FILE                  install the AeroKernel image FILE (0x8)\n"
    "       hvmctl reset-hrt [--wait]            reset the HRT (0x2); --wait: until it reports ready\n"
    "       hvmctl invoke first|all FUNCTION ARG [--wait]\n"
    "                                            call FUNCTION (echo, count, or a number: a service\n"
    "                                            number below 0x1000 or a function GVA) with ARG\n"
    "       hvmctl merge-test                    merge, HRT access to a process buffer, unmerge\n"
    "       hvmctl event-test                    an HRT event taken, completed and acked; a ROS signal\n"
    "       hvmctl selfcheck [FILE]              all of the above (FILE default " DEFAULT_IMAGE ")\n";

static int usage(void)
{
    fputs(USAGE, stderr);
    return 2;
}

static int parse_number(const char *text, uint64_t *value)
{
    char *end;
    *value = strtoull(text, &end, 0);
    return *text != '\0' && *end == '\0';
}

static int parse_function(const char *text, uint64_t *function)
{
    if (strcmp(text, "echo") == 0) *function = HRT_SERVICE_ECHO;
    else if (strcmp(text, "count") == 0) *function = HRT_SERVICE_COUNT;
    else return parse_number(text, function);
    return 1;
}

/* Prints a failed operation's message; returns the failure status. */
static int failed(void)
{
    fprintf(stderr, "hvmctl: %s\n", failure());
    return 1;
}

static int finish(int status)
{
    if (status != 0) return failed();
    report_print("");
    return 0;
}

/* Every operation in order, one HVMCHECK line per value; stops at the first failure. */
static int selfcheck(const char *image)
{
    const uint64_t echo = 0x600dcafe;
    uint64_t result;
    checking = 1;
    int status = op_linux();
    report_print("HVMCHECK ");
    if (status == 0) status = hvm_probe();
    if (status == 0) status = op_null(1000);
    if (status == 0) status = op_install(image);
    if (status == 0) status = op_reset_hrt(1);
    if (status == 0) status = op_invoke(0, HRT_SERVICE_ECHO, echo, 1, &result);
    if (status == 0 && result != echo) {
        status = fail("the echo service returned %#llx for %#llx", (unsigned long long)result, (unsigned long long)echo);
    }
    if (status == 0) status = op_invoke(1, HRT_SERVICE_COUNT, 0, 1, &result);
    if (status == 0 && result == 0) status = fail("the count service on all HRT cores counted none");
    if (status == 0) status = op_merge_test();
    if (status == 0) status = op_event_test();
    report_print("HVMCHECK ");
    if (status != 0) {
        printf("HVMCHECK error=%s\nHVMCHECK status=fail\n", failure());
        fflush(stdout);
        return failed();
    }
    printf("HVMCHECK status=pass\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage();
    const char *command = argv[1];
    int wait = argc > 2 && strcmp(argv[argc - 1], "--wait") == 0;
    int args = argc - 2 - wait;   /* operands after the command, --wait aside */
    signal(SIGALRM, on_timeout);
    alarm(atoi(PATIENCE));

    if (strcmp(command, "selfcheck") == 0 && args <= 1) return selfcheck(args == 1 ? argv[2] : DEFAULT_IMAGE);
    if (strcmp(command, "null") == 0 && args <= 1 && !wait) {
        uint64_t n = 1000;
        if (args == 1 && (!parse_number(argv[2], &n) || n == 0 || n > 10000000)) return usage();
        return finish(hvm_probe() == 0 ? op_null((unsigned)n) : -1);
    }
    if (strcmp(command, "install") == 0 && args == 1 && !wait) {
        return finish(hvm_probe() == 0 ? op_install(argv[2]) : -1);
    }
    if (strcmp(command, "reset-hrt") == 0 && args == 0) {
        return finish(hvm_probe() == 0 ? op_reset_hrt(wait) : -1);
    }
    if (strcmp(command, "invoke") == 0 && args == 3) {
        int all = strcmp(argv[2], "all") == 0;
        uint64_t function, argument, result;
        if ((!all && strcmp(argv[2], "first") != 0) || !parse_function(argv[3], &function) || !parse_number(argv[4], &argument)) {
            return usage();
        }
        return finish(hvm_probe() == 0 ? op_invoke(all, function, argument, wait, &result) : -1);
    }
    if (strcmp(command, "merge-test") == 0 && args == 0 && !wait) {
        return finish(hvm_probe() == 0 ? op_merge_test() : -1);
    }
    if (strcmp(command, "event-test") == 0 && args == 0 && !wait) {
        return finish(hvm_probe() == 0 ? op_event_test() : -1);
    }
    return usage();
}

/* Threads and the per-core round-robin scheduler (thread.c). */
#ifndef THREAD_H
#define THREAD_H

enum thread_state { THREAD_READY, THREAD_DEAD };

struct thread {
    struct frame *context;    /* saved while not running */
    struct thread *next;      /* circular list of the threads of one core */
    enum thread_state state;
    int core;
    u64 wake_tick;            /* runnable again once the core's tick count reaches this */
    volatile bool done;       /* exited, and its core no longer runs on its stack */
    void *stack;
    u64 (*fn)(u64);
    u64 arg, result;
    u64 id;
};

void sched_init_core(void);
struct thread *thread_create(int core, u64 (*fn)(u64), u64 arg);
void thread_yield(void);
void thread_exit(u64 result) __attribute__((noreturn));
u64 thread_join(struct thread *t);
void thread_sleep(u64 ticks);
struct frame *sched_tick(struct frame *f);
struct frame *sched_switch(struct frame *f);

#endif

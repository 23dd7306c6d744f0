/* Threads and the scheduler of each core: a circular list of the core's threads, run round robin, one
 * timer tick per turn (preemptive), plus an idle thread for when none is runnable. Every switch happens
 * in an interrupt (the tick, or the VEC_YIELD software interrupt): a thread's saved context is the
 * interrupt frame on its own stack. A thread that exits stays a zombie until its core has switched to
 * another stack; then it is done and thread_join may free it. */
#include "kernel.h"

static struct thread boot_threads[MAX_CPUS];
static u64 next_id = 1;

static void thread_start(struct thread *t) {
    thread_exit(t->fn(t->arg));
}

static __attribute__((noreturn)) u64 idle_loop(u64 unused) {
    (void)unused;
    for (;;) __asm__ volatile("sti; hlt" : : : "memory");
}

/* Makes the code now running on this core its first thread, and adds the idle thread. */
void sched_init_core(void) {
    struct cpu *c = this_cpu();
    struct thread *t = &boot_threads[c->index];
    t->state = THREAD_READY;
    t->core = c->index;
    t->next = t;
    t->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
    c->current = t;
    c->idle = thread_create(c->index, idle_loop, 0);
}

struct thread *thread_create(int core, u64 (*fn)(u64), u64 arg) {
    struct thread *t = kmalloc(sizeof *t);
    u8 *stack = page_alloc(KERNEL_STACK_SIZE / PAGE_SIZE);
    if (!t || !stack) panic("thread_create: out of memory\n");
    memset(t, 0, sizeof *t);
    t->stack = stack;
    t->fn = fn;
    t->arg = arg;
    t->core = core;
    t->state = THREAD_READY;
    t->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
    u64 top = (u64)stack + KERNEL_STACK_SIZE;
    struct frame *f = (struct frame *)ALIGN_DOWN(top - 64 - sizeof *f, 16);
    memset(f, 0, sizeof *f);
    f->rip = (u64)thread_start;
    f->cs = 0x08;
    f->rflags = 0x202;   /* IF */
    f->rsp = top - 8;    /* as if thread_start had been called */
    f->ss = 0x10;
    f->rdi = (u64)t;
    t->context = f;

    struct cpu *c = &cpus[core];
    u64 flags = spin_lock_irqsave(&c->run_lock);
    t->next = c->current->next;
    c->current->next = t;
    spin_unlock_irqrestore(&c->run_lock, flags);
    return t;
}

void thread_yield(void) {
    __asm__ volatile("int %0" : : "i"(VEC_YIELD) : "memory");
}

void thread_exit(u64 result) {
    struct thread *t = this_cpu()->current;
    t->result = result;
    t->state = THREAD_DEAD;
    thread_yield();
    panic("thread %lu ran after its exit\n", t->id);
}

u64 thread_join(struct thread *t) {
    while (!READ_ONCE(t->done)) thread_yield();
    u64 result = t->result;
    page_free(t->stack, KERNEL_STACK_SIZE / PAGE_SIZE);
    kfree(t);
    return result;
}

void thread_sleep(u64 ticks) {
    struct cpu *c = this_cpu();
    c->current->wake_tick = c->ticks + ticks;
    thread_yield();
}

static bool runnable(const struct cpu *c, const struct thread *t) {
    return t->state == THREAD_READY && t->wake_tick <= c->ticks && t != c->idle;
}

struct frame *sched_switch(struct frame *f) {
    struct cpu *c = this_cpu();
    spin_lock(&c->run_lock);
    if (c->zombie) {
        WRITE_ONCE(c->zombie->done, true);   /* this code runs on another stack now */
        c->zombie = NULL;
    }
    struct thread *cur = c->current, *pick = NULL;
    cur->context = f;
    for (struct thread *t = cur->next;; t = t->next) {
        if (runnable(c, t)) {
            pick = t;
            break;
        }
        if (t == cur) break;
    }
    if (!pick) pick = c->idle;
    if (cur->state == THREAD_DEAD) {
        struct thread *prev = cur;
        while (prev->next != cur) prev = prev->next;
        prev->next = cur->next;
        c->zombie = cur;
    }
    c->current = pick;
    spin_unlock(&c->run_lock);
    return pick->context;
}

struct frame *sched_tick(struct frame *f) {
    this_cpu()->ticks++;
    return sched_switch(f);
}

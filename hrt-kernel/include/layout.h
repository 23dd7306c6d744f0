/* Addresses and numbers shared by the assembly and the C code. */
#ifndef LAYOUT_H
#define LAYOUT_H

/* Link address of the image (its first byte, the Multiboot 2 header); the code is position independent. */
#define LINK_BASE 0x200000
/* The kernel runs in the upper half: GVA = GPA + KERNEL_OFFSET (the HRT tag's gva_offset). */
#define KERNEL_OFFSET 0xffff800000000000
#define MB2_BOOT_MAGIC 0x36d76289
/* Real-mode start-up code for application processors (standalone boot only), below 1 MiB. */
#define TRAMPOLINE_BASE 0x8000

#define MAX_CPUS 16
#define KERNEL_STACK_SIZE 16384
#define IST_STACK_SIZE 8192

/* The TSS's interrupt stacks (IST1-7, one set per core); every IDT gate names one (interrupt.c). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3
#define IST_DEBUG 4       /* #DB, #BP */
#define IST_EXCEPTION 5   /* every other exception */
#define IST_INTERRUPT 6   /* external and software interrupts: timer, IPIs, yield, spurious */
#define IST_UPCALL 7      /* the HVM's upcall: its vector, or #GP when upcalls arrive as #GP */
#define IST_COUNT 7
/* Bytes below an interrupted RSP that the entry leaves alone: the SysV ABI's red zone, which code of the
 * merged ROS process (compiled without -mno-red-zone) may use when an invoked function traps. */
#define RED_ZONE 128

/* Interrupt vectors the kernel uses. */
#define VEC_TIMER 0x30
#define VEC_CALL 0x31
#define VEC_YIELD 0x32
#define VEC_SPURIOUS 0xff

#endif

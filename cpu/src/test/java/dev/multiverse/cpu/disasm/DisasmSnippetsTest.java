package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;


/**
 * Hand-picked encodings for every operand kind, addressing form and prefix form, in 64-, 32- and 16-bit
 * code. They are assembled with {@code as} and disassembled with {@code objdump} when the test runs, and
 * each instruction must come out of our decoder and disassembler as objdump prints it. An instruction
 * the opcode table does not have yet is reported as skipped. Raw {@code .byte} lines spell forms an
 * assembler would not choose: unused prefixes objdump names ({@code data16}, {@code rex.W}, {@code cs}),
 * zero displacements, {@code %riz}, branch hints.
 */
class DisasmSnippetsTest {
    @TempDir
    Path scratch;

    private static final String CODE64 = """
            add %al,%bl; add %ax,%bx; add %eax,%ebx; add %rax,%rbx; add %r8b,%r9b; add %r10w,%r11w; add %r12d,%r13d; add %r14,%r15
            mov %ah,%bh; mov %spl,%dil; mov %sil,%bpl; or (%rax),%cl; sub %rdx,(%rcx); adc %eax,(%rax); sbb (%rax),%eax; and %al,(%rbx); cmp %r9,%r10
            .byte 0x40,0x88,0xc0
            .byte 0x48,0x88,0xc0
            .byte 0x40,0x89,0xc0
            .byte 0x41,0x88,0xc0
            add $0x12,%al; add $0x1234,%ax; add $0x12345678,%eax; add $-1,%rax; add $0x7f,%ecx; add $-1,%cx; add $0x100,%rax; add $-1,%r9
            addb $1,(%rax); addw $0x100,(%rax); addl $-2,(%rax); addq $3,(%rax); cmpb $0,0x10(%rip); orl $0x80000000,(%rdx); xorq $-0x80,(%rsi)
            .byte 0x48,0x83,0xc0,0xff
            .byte 0x66,0x83,0xc0,0xff
            .byte 0x83,0xc0,0xff
            .byte 0x80,0xc0,0xff
            mov $0x1122334455667788,%r10; movabs $1,%rax; mov $5,%r11d; mov $1,%r8b; mov $0x80,%ah; mov $-1,%rax; movq $-1,(%rax); movl $1,(%rax); movw $1,(%rax); movb $1,(%rax)
            test $1,%al; test $1,%ax; test $0x10000,%eax; test $-1,%rax; testb $1,(%rax); testw $1,(%rax); testq $1,(%rdx); test %eax,(%rax); test %r8,%r9
            .byte 0xf6,0xc8,0x05
            .byte 0xf7,0xc8,0x05,0,0,0
            mov (%rax),%ecx; mov 0x7f(%rax),%ecx; mov -0x80(%rax),%ecx; mov 0x12345678(%rax),%ecx; mov -0x80000000(%rax),%ecx
            mov (%rsp),%eax; mov 8(%rsp),%eax; mov (%rbp),%eax; mov (%r12),%eax; mov (%r13),%eax; mov 8(%r12),%eax
            mov (%rax,%rbx),%eax; mov (%rax,%rbx,2),%eax; mov 4(%rax,%rbx,4),%eax; mov -4(%r8,%r9,8),%eax; mov (,%rbx,8),%eax; mov 0x10(,%r15,2),%eax; mov (%rsp,%r12),%eax
            mov 0x10(%rip),%eax; mov -0x10(%rip),%rax; lea 0(%rip),%rax; movl $5,0x10(%rip); incl 0x10(%rip); shlq 0x10(%rip)
            mov 0x1000,%eax; mov (%eax),%ecx; mov 0x10(%esp,%ecx,4),%ecx; lea 0x10(%eip),%eax; mov (%r8d),%eax; mov -0x10(%eax),%eax
            .byte 0x8b,0x04,0x20
            .byte 0x8b,0x44,0x20,0x00
            .byte 0x8b,0x04,0x65,0,0,0,0
            .byte 0x8b,0x04,0x05,0,0,0,0
            .byte 0x67,0x8b,0x04,0x25,0xf0,0xff,0xff,0xff
            .byte 0x8b,0x04,0x25,0xf0,0xff,0xff,0xff
            .byte 0x8b,0x80,0x00,0x00,0x00,0x80
            .byte 0x42,0x8b,0x00
            .byte 0x41,0x8b,0x04,0x25,0,0,0,0
            .byte 0x41,0x8b,0x05,0,0,0,0
            .byte 0x43,0x8b,0x04,0x24
            mov %fs:0x28,%rax; mov %gs:(%rax),%eax; mov %fs:(%rax,%rbx,4),%eax; mov %eax,%gs:0x10(%rip)
            .byte 0x2e,0x8b,0x00
            .byte 0x26,0x8b,0x00
            .byte 0x36,0x8b,0x00
            .byte 0x3e,0x8b,0x00
            .byte 0x26,0x64,0x8b,0x00
            movabs 0x1122334455667788,%al; movabs 0x1122334455667788,%eax; movabs %rax,0x1122334455667788; movabs %ax,0x8000000000000000
            .byte 0x64,0xa1,0,0,0,0,0,0,0,0
            .byte 0x67,0xa1,0,0,0,0x80
            movzbl %al,%eax; movzbw %al,%ax; movzbq %r8b,%rax; movzwl (%rax),%eax; movzwq %ax,%r9; movzbl %ah,%eax; movzbl %sil,%eax
            movsbl %ah,%eax; movsbw (%rax),%ax; movsbq %al,%rax; movswl %ax,%eax; movswq (%rax),%rax; movslq %eax,%rax; movslq (%rax),%r8
            .byte 0x63,0xc0
            .byte 0x66,0x63,0xc0
            .byte 0x66,0x48,0x63,0x00
            .byte 0x66,0x0f,0xb7,0xc0
            cbw; cwde; cdqe; cwd; cdq; cqo
            movsb; movsw; movsl; movsq; cmpsb; cmpsw; cmpsq; stosb; stosw; stosl; stosq; lodsb; lodsw; lodsq; scasb; scasl; scasq; insb; insw; insl; outsb; outsw; outsl
            rep movsb; rep movsq; rep stosb; rep stosq; repe cmpsb; repne cmpsq; repne scasb; repe scasq; rep lodsb; rep insb; rep outsl
            .byte 0x67,0xa4
            .byte 0x67,0xaa
            .byte 0x64,0xa4
            .byte 0x26,0xa4
            .byte 0x2e,0xac
            .byte 0x2e,0xaa
            .byte 0x65,0xaa
            .byte 0x66,0xa4
            .byte 0x66,0x48,0xa5
            .byte 0xf2,0xa4
            .byte 0xf3,0x48,0xa5
            .byte 0x48,0x6d
            .byte 0x48,0xaf
            .byte 0x66,0xf3,0xa5
            xlat; xlat %fs:(%rbx)
            .byte 0x67,0xd7
            .byte 0x26,0xd7
            shl %al; shl %eax; shl $3,%rax; shl %cl,%bx; shlb (%rax); shlw $2,(%rax); shll %cl,(%rax); shlq (%rax); sar %cl,%r9; rol $1,%eax; rcr $4,%dx; rcl %al; ror %cl,%eax; shr $0xff,%r8b; sarw $3,(%rbx); rclb %cl,(%rax); rorq $7,(%rax)
            .byte 0xd1,0xf0
            .byte 0xc0,0xf0,0x03
            .byte 0xd3,0x30
            shld $3,%eax,%ebx; shld %cl,%rax,(%rbx); shrd $5,%ax,%bx; shrd %cl,%eax,%ecx; shld $0xff,%r8,%r9
            mul %cl; mulw (%rax); mull (%rax); mulq (%rax); imul %ecx; imulb (%rax); imul %ecx,%eax; imul (%rax),%rax; imul $3,%ecx,%eax; imul $300,(%rax),%eax; imul $-1,%ax,%ax
            div %rcx; divb (%rax); idiv %r8; idivl (%rax); neg %eax; negq (%rax); not %al; notw (%rax); inc %r8; incl (%rax); decb (%rax); dec %ax
            .byte 0x6b,0xc0,0xff
            .byte 0x48,0x69,0xc0,0xff,0xff,0xff,0xff
            bt %eax,%ebx; bt %rax,(%rbx); bts $3,%eax; btsl $3,(%rax); btr $1,%ax; btrq $63,(%rax); btc %ecx,(%rdx); btcw $1,(%rax); btl $0,(%rax)
            bsf %eax,%ebx; bsr (%rax),%rcx; bsf %ax,%cx; tzcnt %eax,%ebx; lzcnt %rax,%rbx; popcnt (%rax),%ecx; popcnt %ax,%dx; bswap %eax; bswap %r9; bswap %rdx
            cmove %eax,%ebx; cmovne (%rax),%rbx; cmovb %ax,%cx; cmovo %r8,%r9; cmovle (%rip),%eax; sete %al; setne (%rax); setg %r8b; seta %sil; setbe %ah; setp 0x10(%rsp)
            jo .; jno .+2; jb .+10; jae .-10; je .+0x100; jne .-0x100; jbe .; ja .; js .; jns .; jp .; jnp .; jl .; jge .; jle .; jg .
            jecxz .; jrcxz .; loop .; loope .; loopne .+0x10
            .byte 0x67,0xe2,0x00
            .byte 0x2e,0x74,0x00
            .byte 0x3e,0x0f,0x84,0,0,0,0
            .byte 0x2e,0xe3,0x00
            .byte 0x3e,0xe2,0x00
            call .; jmp .+0x1000; jmp .; call *%rax; call *(%rax); call *0x10(%rip); jmp *%r11; jmp *(%rax,%rbx,8); ret; ret $8; lretl; lretl $16
            .byte 0xf2,0xc3
            .byte 0xf3,0xc3
            .byte 0xf2,0xe8,0,0,0,0
            .byte 0xf2,0x74,0x00
            .byte 0xf2,0xff,0xd0
            .byte 0x3e,0xff,0xd0
            .byte 0x3e,0xff,0x20
            .byte 0x2e,0xeb,0x00
            .byte 0x3e,0xe8,0,0,0,0
            .byte 0x3e,0xc3
            .byte 0x48,0xff,0xd0
            .byte 0x48,0xff,0x10
            .byte 0x41,0xff,0xd0
            .byte 0x44,0xff,0xd0
            .byte 0x48,0xc3
            .byte 0x48,0xcb
            .byte 0x66,0xcb
            .byte 0x48,0xca,0x08,0x00
            .byte 0xff,0x28
            .byte 0xff,0x18
            .byte 0x66,0xff,0x18
            .byte 0x48,0xff,0x28
            .byte 0x67,0xe8,0,0,0,0
            push %rax; push %r15; pop %rbx; pop %r8; push $1; push $0x1000; push $-1; pushw $1; push %ax; pop %ax; pushq (%rax); pushw (%rax); popq (%rax); popw (%rax)
            push %fs; pop %fs; push %gs; pop %gs; pushw %fs; popw %gs; pushf; popf; pushfw; popfw; enter $8,$1; enter $0x10,$0; enter $0xffff,$0xff; leave
            .byte 0x48,0x50
            .byte 0x49,0x50
            .byte 0x48,0x9c
            .byte 0x66,0xc9
            .byte 0x48,0xc9
            .byte 0x66,0xc8,0x10,0,0
            .byte 0x48,0x6a,0x01
            .byte 0x66,0x6a,0xff
            .byte 0x66,0x68,0xff,0xff
            .byte 0x48,0xff,0x30
            .byte 0x48,0x8f,0x00
            mov %eax,%ebx; mov %rax,(%rbx); mov (%rbx),%al; mov %ds,%eax; mov %eax,%ds; mov %ds,(%rax); mov (%rax),%es; mov %fs,%rax; mov %ax,%ss; mov %gs,%ax
            .byte 0x66,0x8c,0xd8
            .byte 0x48,0x8e,0xd8
            .byte 0x66,0x8e,0xd8
            .byte 0x66,0x8e,0x00
            .byte 0x48,0x8c,0x18
            .byte 0x66,0x8c,0x18
            lea (%rax,%rbx,2),%rcx; lea 0x10(%rip),%rdi; lea (%eax),%ecx; lea (%rax),%cx; lea -8(%rbp),%rsp
            xchg %eax,%ebx; xchg %rax,%r8; xchg %ax,%cx; xchg %al,(%rbx); xchg %rax,(%rbx); xchg %ecx,%eax; xchg %rbp,%rax; nop; xchg %ax,%ax; pause
            .byte 0x41,0x90
            .byte 0x48,0x90
            .byte 0x49,0x90
            .byte 0x48,0x95
            .byte 0x66,0x90
            nopw 0x0(%rax,%rax,1); nopl 0x0(%rax); nopl (%rax); nop %eax; nopw %ax; nopq (%rax)
            .byte 0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0
            .byte 0x66,0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0
            .byte 0x66,0x66,0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0
            .byte 0x0f,0x1f,0x44,0,0
            .byte 0x0f,0x1f,0x40,0
            .byte 0x0f,0x1f,0x80,0,0,0,0
            .byte 0x0f,0x1f,0x84,0,0,0,0,0
            .byte 0x66,0x0f,0x1f,0x44,0,0
            lock add %eax,(%rbx); lock addq $1,(%rax); lock incl (%rax); lock cmpxchg %ecx,(%rdi); cmpxchg %al,%bl; cmpxchg %rax,(%rbx); lock xadd %rax,(%rbx); xadd %al,%bl
            cmpxchg8b (%rax); lock cmpxchg16b (%rdi); lock xchg %eax,(%rax); lock bts %eax,(%rax); lock btsl $1,(%rax); lock notl (%rax); lock negb (%rax); lock decw (%rax); lock sbb %al,(%rdx)
            .byte 0xf2,0xf0,0x01,0x00
            .byte 0xf3,0xf0,0x01,0x00
            .byte 0xf0,0xf2,0x01,0x00
            .byte 0xf2,0x87,0x00
            .byte 0xf3,0x86,0x00
            .byte 0xf3,0x88,0x00
            .byte 0xf3,0xc7,0x00,0,0,0,0
            .byte 0xf3,0x89,0xc0
            .byte 0xf2,0x89,0xc0
            .byte 0xf3,0xf0,0x0f,0xc1,0x00
            .byte 0xf3,0xff,0x00
            hlt; cli; sti; clc; stc; cmc; cld; std; lahf; sahf; rdmsr; wrmsr; rdtsc; cpuid; ud2
            in $0x60,%al; in $0x60,%eax; in $0x60,%ax; in (%dx),%al; in (%dx),%ax; in (%dx),%eax; out %al,$0x80; out %eax,$0x80; out %ax,$0xff; out %al,(%dx); out %ax,(%dx); out %eax,(%dx)
            mov %cr0,%rax; mov %rax,%cr3; mov %cr4,%r8; mov %r9,%cr8; mov %cr2,%rdx; lgdt (%rax); lidt 0x10(%rip); lgdt 0x1000
            .byte 0x66,0x0f,0x01,0x10
            .byte 0x48,0x0f,0x01,0x18
            .byte 0x48,0x0f,0x20,0xc0
            .byte 0x66,0x0f,0x20,0xc0
            .byte 0x0f,0x20,0x00
            .byte 0x41,0x0f,0x22,0xd8
            .byte 0x66,0xf4
            .byte 0x67,0x90
            .byte 0x2e,0x90
            .byte 0x64,0x90
            .byte 0x66,0x0f,0x94,0xc0
            .byte 0x48,0x0f,0x94,0xc0
            .byte 0x40,0x0f,0x94,0xc4
            .byte 0x66,0xe4,0x00
            .byte 0x48,0xe5,0x10
            .byte 0x48,0xed
            .byte 0x66,0xef
            .byte 0x66,0x9e
            .byte 0x66,0xf8
            .byte 0x66,0x98
            .byte 0x48,0x98
            .byte 0x66,0x99
            .byte 0x48,0x99
            .byte 0x66,0xeb,0x00
            .byte 0x66,0x70,0x00
            .byte 0x67,0x01,0x00
            .byte 0x67,0x8d,0x04,0x40
            int $0x80; int3; int1; int $3; iretl; iretq; iretw; syscall; sysretl; sysretq; sysenter; sysexitl; sysexitq; swapgs; rdtscp; rdpmc; wbinvd; invd; clts
            invlpg (%rax); sgdt (%rax); sidt 0x10(%rip); sldt %eax; sldt %ax; sldt (%rax); str %eax; str (%rax); ltr %ax; ltr (%rax); lldt %ax; lldt (%rbx); verr %ax; verw (%rax)
            smsw %eax; smsw %rax; smsw (%rax); lmsw %ax; lmsw (%rax); lar %ax,%eax; lar (%rax),%rcx; lsl %ax,%eax; lsl (%rax),%eax
            monitor %rax,%ecx,%edx; mwait %eax,%ecx; xgetbv; xsetbv; clac; stac; vmcall; vmmcall; hlt; fwait; endbr64; ud0 (%rax),%eax; ud1 %eax,%eax
            invpcid (%rax),%rax; invpcid 0x10(%rsp),%r9
            lfence; mfence; sfence; clflush (%rax); prefetcht0 (%rax); prefetchnta 8(%rsp); prefetchw (%rax); rdrand %eax; rdrand %rax; rdseed %ecx; rdpid %rax
            movbe (%rax),%eax; movbe %ax,(%rax); movbe %rcx,(%rdx); crc32b %al,%eax; crc32l %eax,%eax; crc32q %rax,%rax; crc32w (%rax),%eax
            lss (%rax),%eax; lfs (%rax),%ecx; lgs (%rax),%dx; rdfsbase %rax; wrgsbase %rdx; mov %dr7,%rax; mov %rax,%dr0; mov %dr6,%r8
            .byte 0x66,0xcf
            .byte 0x48,0x0f,0x07
            .byte 0x66,0x0f,0x00,0xc0
            .byte 0x66,0x0f,0x01,0xe0
            .byte 0x67,0x0f,0x01,0xc8
            .byte 0x2e,0x36,0x73,0x00
            .byte 0x2e,0x3e,0x74,0x00
            .byte 0x2e,0x64,0x75,0x00
            .byte 0x3e,0x26,0xff,0xd0
            .byte 0x26,0x3e,0xff,0x10
            .byte 0xf3,0xf3,0xa4
            .byte 0xf3,0xf2,0xa4
            .byte 0xf2,0xf3,0xc3
            .byte 0xf2,0xf2,0xf0,0x01,0x00
            .byte 0xf2,0xf3,0xf0,0x01,0x00
            .byte 0xf3,0xf2,0x89,0x00
            .byte 0xf2,0xf3,0x89,0x00
            .byte 0xf2,0xf3,0x90
            .byte 0x66,0x49,0x9c
            .byte 0x66,0x48,0x89,0xc0
            .byte 0x66,0x4a,0xe5,0xab
            .byte 0x67,0x12,0x2d,0x41,0xad,0x2f,0xa1
            .byte 0x2e,0x26,0xa4
            .byte 0x64,0x64,0x45,0x8c,0xcf
            .byte 0x44,0x8e,0xd8
            fxsave (%rax); fxsave64 (%rax); fxrstor (%rcx); fxrstor64 8(%rsp); ldmxcsr (%rax); stmxcsr -4(%rbp)
            xsave (%rdi); xsave64 (%rdi); xrstor (%rdi); xrstor64 (%r8); xsaveopt (%rsi); xsaveopt64 (%rsi); xgetbv; xsetbv
            """;

    private static final String CODE32 = """
            add %al,%bl; add %ax,%bx; add %eax,%ebx; mov %ah,%ch; add $-1,%eax; add $-1,%ax; addb $1,(%eax); addw $1,(%eax); addl $1,(%eax); test $0x10,%eax
            inc %eax; dec %cx; inc %esi; dec %edi
            .byte 0x66,0x40
            push %eax; pop %ebx; push %ax; pop %cx; pushw $1; push $1; push $-1; push $0x1000; pushl (%eax); pushw (%eax); popl (%eax); popw (%eax)
            push %es; push %cs; push %ss; push %ds; pop %es; pop %ss; pop %ds; push %fs; pop %gs; pushw %es; popw %ds
            pusha; popa; pushaw; popaw; pushf; popf; pushfw; popfw; enter $8,$0; leave
            .byte 0x66,0xc9
            .byte 0x66,0xc8,0x10,0,0
            mov (%eax),%ecx; mov 0x10(%ebp),%eax; mov -0x10(%ebp),%eax; mov 0x12345678(%eax,%ebx,4),%eax; mov (,%eax,2),%eax; mov 0x1000,%eax; mov 0xfffffff0,%eax
            mov %es:(%eax),%eax; mov %cs:0x10,%eax; mov %ss:(%ebp),%eax; mov %fs:(%esp),%eax; mov (%esp),%eax; mov 8(%esp),%eax; mov (%ebp),%eax
            .byte 0x3e,0x8b,0x00
            .byte 0x26,0x2e,0x8b,0x00
            .byte 0x8b,0x04,0x25,0,0,0,0
            .byte 0x8b,0x04,0x20
            .byte 0x8b,0x44,0x25,0x00
            .byte 0x8b,0x04,0x65,0,0,0,0
            .byte 0x8b,0x0c,0x85,0xf0,0xff,0xff,0xff
            .byte 0x67,0x8b,0x00
            .byte 0x67,0x8b,0x46,0x01
            .byte 0x67,0x8b,0x06,0x01,0x00
            .byte 0x67,0x8b,0x40,0xf0
            .byte 0x67,0x8b,0x80,0xf0,0xff
            .byte 0x67,0x26,0x8b,0x02
            mov 0x1000,%al; mov 0x1000,%eax; mov %ax,0x1000; mov %eax,%fs:0x1000; mov %al,%es:0x10
            .byte 0x67,0xa1,0,0
            movsb; movsl; movsw; rep movsb; rep stosl; repe cmpsb; repne scasw; lodsl; insb; outsw; xlat; xlat %es:(%ebx)
            .byte 0x26,0xa4
            .byte 0xf3,0x26,0xa4
            .byte 0x67,0xa4
            .byte 0x67,0xf3,0xaa
            .byte 0x2e,0xaa
            .byte 0x66,0xa5
            .byte 0x67,0xd7
            jmp .; jmp .+0x1000; call .; call .+0x100; call *%eax; call *(%eax); call *%ax; jmp *0x1000; jmp *(%eax,%ecx,4)
            ljmp $0x8,$0x1000; lcall $0x10,$0x2000; ljmpw $8,$0x10; lcallw $8,$0x10; ljmp *(%eax); lcall *(%eax); ljmpw *(%eax); lcallw *(%ebx)
            ret; ret $4; lret; lret $8; lretw; iret; iretw; loop .; loope .; loopne .; jecxz .; jcxz .; je .+0x100; jl .-0x100
            .byte 0x66,0xe8,0,0
            .byte 0x66,0xe9,0,0
            .byte 0x66,0x0f,0x84,0,0
            .byte 0x66,0xc3
            .byte 0x66,0xc2,0x04,0x00
            .byte 0x3e,0xff,0x10
            .byte 0x3e,0xff,0xd0
            .byte 0x2e,0x74,0x00
            .byte 0x3e,0x75,0x00
            .byte 0x67,0xe2,0x00
            .byte 0x66,0xe3,0x00
            .byte 0x66,0x70,0x00
            mov %cr0,%eax; mov %eax,%cr3; mov %cr4,%ecx; mov %dr7,%eax; mov %eax,%dr0; lgdt (%eax); lgdtw (%eax); lidt 0x1000; lidtw 0x10(%ebx)
            mov %ds,%eax; mov %ax,%ds; mov %es,(%eax); mov (%eax),%ss; mov %eax,%fs; mov %gs,%ax; mov %cs,%ebx
            .byte 0x66,0x8c,0x00
            .byte 0x66,0x8e,0x00
            cbw; cwde; cwd; cdq; movzbl %al,%eax; movzwl (%eax),%eax; movzbw %al,%ax; movsbl %ah,%edx; movswl %ax,%eax; movsbw (%ecx),%dx
            in $0x60,%al; in (%dx),%ax; out %eax,(%dx); out %al,$0x80
            lock addl $1,(%eax); lock cmpxchg %ecx,(%edx); lock cmpxchg8b (%esi); lock xadd %eax,(%ebx); xchg %eax,%ecx; xchg %ax,%dx
            nop; xchg %ax,%ax; pause; nopw 0x0(%eax,%eax,1); nopl 0x0(%eax)
            .byte 0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0
            .byte 0x2e,0x0f,0x1f,0x84,0,0,0,0,0
            int $0x80; int3; into; iret; sysenter; sysexit; invlpg (%eax); sgdt (%eax); sidtw (%eax); sldt %eax; str (%eax); ltr %ax; lldt (%eax); smsw %eax; lmsw %ax
            lar %ax,%eax; lsl (%eax),%eax; lss (%eax),%esp; les (%eax),%eax; lds (%ebx),%ecx; bound %eax,(%ebx); arpl %ax,%bx; aam; aad; aam $0x10; daa; das; aaa; aas
            monitor %eax,%ecx,%edx; mwait %eax,%ecx; cmpxchg8b (%eax); rdtscp; wbinvd; clts; ud2
            invpcid (%eax),%eax; invpcid 8(%esp,%ebx,2),%edx; clac; stac
            .byte 0x66,0x0f,0x00,0xc0
            .byte 0x67,0x0f,0x01,0xc8
            .byte 0x67,0x8b,0x06,0x00,0x88
            .byte 0x67,0x8b,0x86,0x00,0x88
            .byte 0x2e,0x26,0x72,0x00
            .byte 0x3e,0x2e,0x72,0x00
            .byte 0x66,0x3e,0xff,0x10
            .byte 0x66,0x67,0xe9,0x00,0x00
            .byte 0x67,0xeb,0x00
            .byte 0xf3,0xf3,0x90
            """;

    private static final String CODE16 = """
            add %al,%bl; add %ax,%bx; add %eax,%ebx; add $1,%ax; add $-1,%eax; mov $0x1234,%ax; mov $0x12345678,%ecx; add $-1,%bx
            mov (%bx,%si),%ax; mov (%bx,%di),%ax; mov (%bp,%si),%ax; mov (%bp,%di),%ax; mov (%si),%ax; mov (%di),%ax; mov 0x10(%bp),%ax; mov (%bx),%ax
            mov 0x1234,%ax; mov -0x10(%bx,%si),%ax; mov 0x1234(%bp,%di),%ax; mov -0x1234(%si),%ax; mov 0x7fff(%di),%ax; mov %es:(%bx),%ax; mov %ss:2(%bp),%eax
            movw $1,(%bx); movl $1,(%bx); addb $1,(%bx,%si); incw (%di); shll (%si); notb (%bx)
            .byte 0x8b,0x46,0x00
            .byte 0x8b,0x86,0x00,0x80
            .byte 0x8b,0x80,0xff,0xff
            mov (%eax),%ax; mov 0x10(%esp),%ax; mov (%eax,%ebx,4),%eax; lea 0x10(%ebx),%ax; addr32 mov 0x12345678,%eax
            mov 0x1000,%al; mov %ax,0x10; mov 0x10,%eax
            push %ax; push %eax; push $1; pushl $1; pushw (%bx); pushl (%bx); popw (%bx); popl (%bx); push %cs; pushl %ds; pop %es
            pushf; pushfl; popf; popfl; pusha; pushal; popa; popal; ret; retl; ret $2; iret; iretl; lret; lretl; lret $4; enter $2,$0; enterl $2,$0; leave; leavel
            jmp .; jmp .+0x1000; call .; call *%ax; call *(%bx); calll *(%bx); call *%eax; ljmp $0x1000,$0x10; lcall $0x1000,$0x20; ljmpl $0x8,$0x100000; ljmp *(%bx); ljmpl *(%bx)
            loop .; jcxz .; jecxz .; je .+0x100; jne .-0x100; ja .+0x10
            .byte 0x66,0xe8,0,0,0,0
            .byte 0x66,0x0f,0x84,0,0,0,0
            .byte 0x67,0xe2,0x00
            movsb; movsw; movsl; rep stosw; rep movsl; lodsb; cmpsw; scasl; insb; outsw; xlat
            .byte 0x67,0xa5
            .byte 0x26,0xac
            cbw; cwde; cwd; cdq; movzbw %al,%ax; movzbl %al,%eax; movswl (%bx),%eax; movsbw %ah,%dx
            lgdt (%bx); lgdtl (%bx); lidt 0x10; mov %cr0,%eax; mov %eax,%cr0; mov %ax,%ds; mov %ds,%ax; mov %es,(%bx); mov %eax,%ss; mov %ds,%eax
            in $0x60,%al; in (%dx),%eax; out %ax,(%dx); cli; hlt; nop; xchg %eax,%eax; xchg %ax,%bx
            int $0x10; iret; iretl; into; lss (%bx),%sp; les (%bx),%ax; bound %ax,(%bx); aam; sgdt (%bx); sgdtl (%bx); smsw %ax; lmsw %ax
            .byte 0x66,0xf4
            .byte 0x66,0xeb,0x00
            .byte 0x67,0xeb,0x00
            .byte 0x67,0xe9,0x00,0x00
            .byte 0x67,0x8b,0x05,0,0,0,0
            .byte 0x67,0x8b,0x04,0x25,0,0,0,0
            .byte 0x67,0x8b,0x04,0x05,0,0,0,0
            .byte 0x67,0x8b,0x44,0x24,0x08
            fxsave (%eax); fxrstor 0x10(%esp); xsave (%edi); xrstor (%edi); stmxcsr (%ebx)
            """;

    @TestFactory
    Stream<DynamicTest> code64() throws IOException {
        return Snippets.compare(scratch, "64", ".code64", CODE64, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> code32() throws IOException {
        return Snippets.compare(scratch, "32", ".code32", CODE32, Decoder.CODE32, "--32");
    }

    @TestFactory
    Stream<DynamicTest> code16() throws IOException {
        return Snippets.compare(scratch, "16", ".code16", CODE16, Decoder.CODE16, "--32", "-M", "i8086");
    }
}

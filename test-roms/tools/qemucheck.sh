#!/bin/sh
# Runs each ROM named on the command line under QEMU (TCG) and expects exit
# status 1 (the ROM wrote 0 to isa-debug-exit) and an "ALL PASS" line.
# mboot gets a command line and two modules.  Pending ROMs are under $OUT/pending;
# ROMs with an outcome of their own under $OUT/outcome (triple: QEMU -no-reboot
# ends a triple fault with status 0 after the ROM's first line).  Environment: OUT, QEMU.
OUT=${OUT:-build}
QEMU=${QEMU:-qemu-system-x86_64}
fail=0
for rom in "$@"; do
    log="$OUT/obj/$rom.qemu.log"
    elf="$OUT/$rom.elf"
    for dir in pending outcome; do
        [ -f "$OUT/$dir/$rom.elf" ] && elf="$OUT/$dir/$rom.elf"
    done
    set -- -accel tcg -kernel "$elf" -device isa-debug-exit,iobase=0xf4,iosize=4 \
        -serial stdio -display none -nodefaults -no-reboot
    if [ "$rom" = mboot ]; then
        printf 'first module\n' > "$OUT/obj/mod1.txt"
        printf 'second' > "$OUT/obj/mod2.bin"
        set -- "$@" -append "check=1" -initrd "$OUT/obj/mod1.txt arg1 arg2,$OUT/obj/mod2.bin"
    fi
    timeout 120 "$QEMU" "$@" > "$log" 2>&1 < /dev/null
    status=$?
    if [ "$rom" = triple ]; then
        if [ "$status" -eq 0 ] && grep -qx 'triple: loading an empty IDT and executing UD2' "$log" \
            && ! grep -q '^FAIL' "$log"; then
            echo "qemu $rom: ok (shutdown)"
        else
            echo "qemu $rom: FAILED (status $status, log $log)"
            fail=1
        fi
    elif [ "$status" -eq 1 ] && grep -qx 'ALL PASS' "$log"; then
        echo "qemu $rom: ok"
    else
        echo "qemu $rom: FAILED (status $status, log $log)"
        grep -E '^(FAIL|EXCEPTION)' "$log" | head -20
        fail=1
    fi
done
exit $fail

/*
 * What the boot-protocol ROMs (mb2, pvh) share: the 32-bit entry state their entry stubs record
 * (runtime/entrystate.S) and helpers that print what a loader passed (runtime/bootinfo.c).
 */
#ifndef BOOTENTRY_H
#define BOOTENTRY_H

#include "rom.h"

/* rom_entry_marker values: which entry stub ran (each protocol names its own entry point). */
#define ENTRY_MB2_TAG 0x4D423254u  /* "MB2T": the Multiboot 2 entry address tag's target */
#define ENTRY_PVH_NOTE 0x50564845u /* "PVHE": the PVH note's entry */

extern u32 rom_entry_cr0, rom_entry_eflags, rom_entry_marker;

/* Checks the marker and the state both protocols promise: CR0.PE set, CR0.PG clear, EFLAGS.IF and VM clear. */
void check_entry_state(u32 marker, const char *entry_name);

/* Prints "label=" and the quoted string at phys, or "(none)" when phys is 0; then a newline. */
void put_cstring_line(const char *label, u64 phys);
/*
 * Prints module i (size, FNV-1a, command line, first bytes) and checks it lies outside the ROM
 * image; addresses are not printed, since they are the loader's choice.
 */
void report_module(u32 i, u64 start, u64 size, u64 cmdline_phys);
/* True if [base, base + length) of available RAM (type 1) covers the ROM image. */
int covers_image(u64 base, u64 length, u32 type);

#endif

/*
 * The CMOS RTC (index 0x70, data 0x71) as firmware and kernels use it: the
 * registers A/B/D firmware leaves, the time read twice with the UIP protocol
 * (wait for UIP clear, read until two reads agree) in valid BCD ranges and not
 * going backwards, the same time in binary and in 12-hour format through
 * register B, a time set under SET read back, the century register, a free
 * NVRAM byte written and read back, and the memory size bytes against the
 * Multiboot memory size.  It prints only checks, never the time, so its output
 * does not depend on when it runs.
 */
#include "multiboot.h"
#include "pcdev.h"
#include "rom.h"

#define REG_A 0x0A
#define REG_B 0x0B
#define REG_D 0x0D
#define CENTURY 0x32
#define B_SET 0x80
#define B_BINARY 0x04
#define B_24H 0x02
#define FREE_NVRAM 0x50 /* no firmware field on either machine */

struct rtc_time {
    u8 sec, min, hour, dow, dom, mon, year, cent;
};

static void read_once(struct rtc_time *t)
{
    while (cmos(REG_A) & 0x80)
        ;
    t->sec = cmos(0x00);
    t->min = cmos(0x02);
    t->hour = cmos(0x04);
    t->dow = cmos(0x06);
    t->dom = cmos(0x07);
    t->mon = cmos(0x08);
    t->year = cmos(0x09);
    t->cent = cmos(CENTURY);
}

/* The UIP protocol: read until two consecutive reads agree. */
static void read_time(struct rtc_time *t)
{
    struct rtc_time again;
    read_once(t);
    for (;;) {
        read_once(&again);
        if (memcmp(t, &again, sizeof again) == 0)
            return;
        *t = again;
    }
}

static int bcd_ok(u8 v, u8 lo, u8 hi)
{
    if ((v & 0x0F) > 9 || (v >> 4) > 9)
        return 0;
    u8 b = (u8)((v >> 4) * 10 + (v & 0x0F));
    return b >= lo && b <= hi;
}

static u32 bcd(u8 v) { return (u32)(v >> 4) * 10 + (v & 0x0F); }

/* Seconds since 0000-03-01 of a binary date and time (days from the civil calendar). */
static i64 seconds_of(u32 year, u32 mon, u32 dom, u32 hour, u32 min, u32 sec)
{
    i64 y = (i64)year - (mon <= 2);
    i64 era = y / 400;
    i64 yoe = y - era * 400;
    i64 doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + dom - 1;
    i64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64 days = era * 146097 + doe;
    return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

static i64 bcd_seconds(const struct rtc_time *t)
{
    return seconds_of(bcd(t->cent) * 100 + bcd(t->year), bcd(t->mon), bcd(t->dom), bcd(t->hour), bcd(t->min),
                      bcd(t->sec));
}

static i64 binary_seconds(const struct rtc_time *t)
{
    return seconds_of((u32)t->cent * 100 + t->year, t->mon, t->dom, t->hour, t->min, t->sec);
}

static void check_bcd_ranges(const struct rtc_time *t, const char *when)
{
    CHECK(bcd_ok(t->sec, 0, 59), "%s: seconds BCD 00-59", when);
    CHECK(bcd_ok(t->min, 0, 59), "%s: minutes BCD 00-59", when);
    CHECK(bcd_ok(t->hour, 0, 23), "%s: hours BCD 00-23", when);
    CHECK(bcd_ok(t->dow, 1, 7), "%s: day of week 1-7", when);
    CHECK(bcd_ok(t->dom, 1, 31), "%s: day of month BCD 01-31", when);
    CHECK(bcd_ok(t->mon, 1, 12), "%s: month BCD 01-12", when);
    CHECK(bcd_ok(t->year, 0, 99), "%s: year BCD 00-99", when);
    CHECK(bcd_ok(t->cent, 19, 21), "%s: century BCD 19-21", when);
}

/* The register B format changes only how the time reads: b is read between before and after. */
static int between(i64 before, i64 v, i64 after) { return before <= v && v <= after; }

int rom_main(u32 mb_magic, u32 mb_info)
{
    rt_puts("rtc: CMOS clock and NVRAM\n");
    CHECK_EQ(cmos(REG_A) & 0x7F, 0x26, "register A: 32.768 kHz divider, 1024 Hz rate");
    CHECK_EQ(cmos(REG_B) & 0x86, B_24H, "register B: updating, BCD, 24-hour");
    CHECK_EQ(cmos(REG_D), 0x80, "register D: VRT (battery good)");

    struct rtc_time t1, t2, tb, t3;
    read_time(&t1);
    check_bcd_ranges(&t1, "first read");
    read_time(&t2);
    check_bcd_ranges(&t2, "second read");
    i64 d = bcd_seconds(&t2) - bcd_seconds(&t1);
    CHECK(d >= 0 && d <= 2, "second read is 0-2 s after the first");

    u8 b = cmos(REG_B);
    cmos_write(REG_B, b | B_BINARY);
    CHECK_EQ(cmos(REG_B) & B_BINARY, B_BINARY, "register B: binary mode reads back");
    read_time(&tb);
    cmos_write(REG_B, b);
    read_time(&t3);
    CHECK(tb.sec < 60 && tb.min < 60 && tb.hour < 24 && tb.mon >= 1 && tb.mon <= 12 && tb.year < 100,
          "binary mode: values in binary ranges");
    CHECK(between(bcd_seconds(&t2), binary_seconds(&tb), bcd_seconds(&t3)), "binary mode: the same time");
    CHECK_EQ(tb.cent, bcd(t2.cent), "binary mode: century");

    /* 12-hour mode: bit 7 of the hour is PM, hours run 12, 1, ..., 11. */
    cmos_write(REG_B, b & ~B_24H);
    u8 h12 = cmos(0x04);
    cmos_write(REG_B, b);
    read_time(&t3);
    u32 h24 = bcd(t3.hour), h24_before = bcd(t2.hour);
    int pm = (h12 & 0x80) != 0;
    u32 h = bcd(h12 & 0x7F);
    int matches = 0;
    for (int i = 0; i < 2; i++) {
        u32 want = i ? h24 : h24_before;
        if (h == (want % 12 ? want % 12 : 12) && pm == (want >= 12))
            matches = 1;
    }
    CHECK(matches, "12-hour mode: hour and PM bit");

    /* Set the clock under SET: 2099-06-15 10:20:30, binary. */
    cmos_write(REG_B, b | B_SET | B_BINARY);
    CHECK_EQ(cmos(REG_B) & (B_SET | B_BINARY), B_SET | B_BINARY, "register B: SET reads back");
    cmos_write(0x00, 30);
    cmos_write(0x02, 20);
    cmos_write(0x04, 10);
    cmos_write(0x07, 15);
    cmos_write(0x08, 6);
    cmos_write(0x09, 99);
    cmos_write(CENTURY, 20);
    cmos_write(REG_B, b | B_BINARY);
    read_time(&tb);
    CHECK(tb.year == 99 && tb.cent == 20 && tb.mon == 6 && tb.dom == 15, "time set under SET: date 2099-06-15");
    CHECK(tb.hour == 10 && tb.min == 20 && tb.sec >= 30 && tb.sec <= 32, "time set under SET: 10:20:30");
    cmos_write(REG_B, b);
    read_time(&t3);
    CHECK(t3.year == 0x99 && t3.cent == 0x20 && t3.hour == 0x10, "time set under SET reads in BCD");

    u8 saved = cmos(FREE_NVRAM);
    cmos_write(FREE_NVRAM, 0xA5);
    u8 r1 = cmos(FREE_NVRAM);
    cmos_write(FREE_NVRAM, 0x5A);
    u8 r2 = cmos(FREE_NVRAM);
    cmos_write(FREE_NVRAM, saved);
    CHECK_EQ(r1 << 8 | r2, 0xA55A, "NVRAM byte 0x%x reads back", FREE_NVRAM);
    CHECK_EQ(cmos(FREE_NVRAM), saved, "NVRAM byte 0x%x restored", FREE_NVRAM);

    CHECK_EQ(cmos(0x15) | cmos(0x16) << 8, 640, "base memory 640 KiB (0x15-0x16)");
    u32 ext = cmos(0x17) | cmos(0x18) << 8;
    CHECK_EQ(cmos(0x30) | cmos(0x31) << 8, ext, "extended memory 0x30-0x31 = 0x17-0x18");
    if (mb_magic == MULTIBOOT_BOOTLOADER_MAGIC && (((struct mb_info *)(u64)mb_info)->flags & 1)) {
        u64 upper = ((struct mb_info *)(u64)mb_info)->mem_upper;
        CHECK_EQ(ext, upper > 0xFFFF ? 0xFFFF : upper, "extended memory = Multiboot mem_upper (at most 0xFFFF)");
        u64 above16m = upper > 15 * 1024 ? ((upper + 1024) * 1024 - (16u << 20)) >> 16 : 0;
        /* The RAM size: firmware may keep the top of RAM out of mem_upper (SeaBIOS keeps 128 KiB). */
        u64 cmos16m = cmos(0x34) | cmos(0x35) << 8;
        CHECK(cmos16m >= above16m && cmos16m <= above16m + 16,
              "memory above 16 MiB in 64 KiB units (0x34-0x35): mem_upper's, within 1 MiB");
    } else {
        check_skip("no Multiboot memory size");
    }
    CHECK_EQ(cmos(0x5B) | cmos(0x5C) << 8 | cmos(0x5D) << 16, 0, "no memory above 4 GiB (0x5B-0x5D)");
    return rom_finish();
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcStartOptionTest {
    @Test
    void aTimeWithoutOffsetIsUtcAndOffsetsAreConverted() {
        assertEquals(LocalDateTime.of(2024, 5, 1, 12, 0), RunCommand.parseRtcStart("2024-05-01T12:00:00"));
        assertEquals(LocalDateTime.of(2024, 5, 1, 12, 0), RunCommand.parseRtcStart("2024-05-01T14:00:00+02:00"));
        assertEquals(LocalDateTime.of(2024, 5, 1, 23, 30), RunCommand.parseRtcStart("2024-05-01T23:30Z"));
        assertThrows(DateTimeParseException.class, () -> RunCommand.parseRtcStart("yesterday"));
    }

    @Test
    void aBadStartTimeIsAUsageError() {
        Cli r = Cli.run("run", "--kernel", "x.elf", "--rtc-start", "yesterday");
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--rtc-start must be an ISO-8601 date and time"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }
}

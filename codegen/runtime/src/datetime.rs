//! The date and time formats Twilio uses, read and written here rather than with `time`'s
//! `parsing` and `formatting` features, which take longer to build than the rest of `time`
//! (docs/decisions/025): RFC 3339 (`2015-07-30T20:00:00Z`), RFC 2822 (`Thu, 30 Jul 2015 20:00:00
//! +0000`, also the HTTP date of `Retry-After`), and `YYYY-MM-DD`.
//!
//! What is written is byte for byte what `time`'s `Rfc3339` and `Rfc2822` write (the tests compare
//! them). What is read is the formats as Twilio and HTTP servers send them; a value that is not one
//! of them is `None`, which lenient decoding reports as a misfit.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// `2015-07-30T20:00:00Z`, `2015-07-30T22:00:00.5+02:00`, as `time` reads them: any one byte
/// between date and time (`T`, or the space RFC 3339 allows), an optional fraction of a second (digits
/// past the ninth are dropped), `Z`, `z` or `±HH:MM`; a leap second (`23:59:60` at the end of a month,
/// UTC) is the nanosecond before it.
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    let mut c = Cursor::new(text);
    let date = c.date()?;
    c.any()?;
    let hour = c.digits(2)?;
    c.byte(b':')?;
    let minute = c.digits(2)?;
    c.byte(b':')?;
    let mut second = c.digits(2)?;
    let mut nanosecond = 0;
    if c.byte(b'.').is_some() {
        let digits = c.take_while(|b| b.is_ascii_digit());
        if digits.is_empty() {
            return None;
        }
        for (i, digit) in digits.iter().take(9).enumerate() {
            nanosecond += u32::from(digit - b'0') * 10u32.pow(8 - i as u32);
        }
    }
    let offset = match c.one_of(b"Zz+-")? {
        b'Z' | b'z' => UtcOffset::UTC,
        sign => {
            let hours = c.digits(2)?;
            c.byte(b':')?;
            let minutes = c.digits(2)?;
            offset(sign, hours, minutes)?
        }
    };
    c.end()?;
    let leap_second = second == 60;
    if leap_second {
        (second, nanosecond) = (59, 999_999_999);
    }
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanosecond,
    )
    .ok()?;
    let at = date.with_time(time).assume_offset(offset);
    if leap_second {
        let utc = at.to_offset(UtcOffset::UTC);
        let last_of_month = utc.day() == utc.month().length(utc.year());
        if !(utc.hour() == 23 && utc.minute() == 59 && last_of_month) {
            return None;
        }
    }
    Some(at)
}

/// RFC 3339 as `time` writes it: `Z` for UTC, the fraction of a second without trailing zeros.
/// `None` for what RFC 3339 cannot say: a year outside 0–9999, an offset of more than 23 hours or
/// with seconds.
pub fn format_rfc3339(value: OffsetDateTime) -> Option<String> {
    let year = value.year();
    let offset = value.offset();
    if !(0..=9999).contains(&year)
        || offset.whole_hours().unsigned_abs() > 23
        || offset.seconds_past_minute() != 0
    {
        return None;
    }
    let mut out = format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        u8::from(value.month()),
        value.day(),
        value.hour(),
        value.minute(),
        value.second()
    );
    let nanosecond = value.nanosecond();
    if nanosecond != 0 {
        let digits = format!("{nanosecond:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    if offset.is_utc() {
        out.push('Z');
    } else {
        out.push_str(&offset_text(offset, ":"));
    }
    Some(out)
}

/// `±HH` `separator` `MM`.
fn offset_text(offset: UtcOffset, separator: &str) -> String {
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "{sign}{:02}{separator}{:02}",
        offset.whole_hours().unsigned_abs(),
        offset.minutes_past_hour().unsigned_abs()
    )
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Thu, 30 Jul 2015 20:00:00 +0000`: the day of the week optional (checked when given), names in any
/// case, seconds optional, a year from 1900, the zone as `±HHMM` or one of RFC 2822's names (`GMT`
/// and `UT` as in HTTP dates, the North American ones, `Z`), spaces or tabs between the parts.
pub fn parse_rfc2822(text: &str) -> Option<OffsetDateTime> {
    let mut c = Cursor::new(text.trim_matches([' ', '\t']));
    let mut weekday = None;
    if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        weekday = Some(c.name(&WEEKDAYS)?);
        c.byte(b',')?;
        c.spaces();
    }
    let day = c.digits_between(1, 2)?;
    c.space()?;
    let month = c.name(&MONTHS)? as u32 + 1;
    c.space()?;
    let year = c.digits(4)?;
    c.space()?;
    let hour = c.digits(2)?;
    c.byte(b':')?;
    let minute = c.digits(2)?;
    let second = if c.byte(b':').is_some() {
        c.digits(2)?
    } else {
        0
    };
    c.space()?;
    let offset = match c.peek()? {
        sign @ (b'+' | b'-') => {
            c.byte(sign)?;
            let hours = c.digits(2)?;
            let minutes = c.digits(2)?;
            offset(sign, hours, minutes)?
        }
        _ => {
            let zone = c.take_while(|b| b.is_ascii_alphabetic());
            zone_offset(zone)?
        }
    };
    c.end()?;
    if year < 1900 {
        return None;
    }
    let date = calendar_date(year, month, day)?;
    if weekday.is_some_and(|w| w != date.weekday().number_days_from_monday() as usize) {
        return None;
    }
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    Some(date.with_time(time).assume_offset(offset))
}

/// RFC 2822 as `time` writes it: `Thu, 30 Jul 2015 20:00:00 +0000`, whole seconds. `None` for what
/// RFC 2822 cannot say: a year before 1900 or after 9999, an offset with seconds.
pub fn format_rfc2822(value: OffsetDateTime) -> Option<String> {
    let year = value.year();
    let offset = value.offset();
    if !(1900..=9999).contains(&year) || offset.seconds_past_minute() != 0 {
        return None;
    }
    let weekday = WEEKDAYS[value.weekday().number_days_from_monday() as usize];
    let month = MONTHS[usize::from(u8::from(value.month())) - 1];
    Some(format!(
        "{weekday}, {:02} {month} {year:04} {:02}:{:02}:{:02} {}",
        value.day(),
        value.hour(),
        value.minute(),
        value.second(),
        offset_text(offset, "")
    ))
}

/// `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut c = Cursor::new(text);
    let date = c.date()?;
    c.end()?;
    Some(date)
}

/// `YYYY-MM-DD`, as `Date` displays itself (`-0005-01-01` before year 0).
pub fn format_date(value: Date) -> String {
    let year = value.year();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(value.month()),
        value.day()
    )
}

fn calendar_date(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// `±HH:MM` or `±HHMM` as an offset: hours up to 23, minutes up to 59.
fn offset(sign: u8, hours: u32, minutes: u32) -> Option<UtcOffset> {
    if hours > 23 || minutes > 59 {
        return None;
    }
    let (hours, minutes) = (i8::try_from(hours).ok()?, i8::try_from(minutes).ok()?);
    match sign {
        b'-' => UtcOffset::from_hms(-hours, -minutes, 0).ok(),
        _ => UtcOffset::from_hms(hours, minutes, 0).ok(),
    }
}

/// RFC 2822's zone names (section 4.3): universal time, and the North American zones.
fn zone_offset(zone: &[u8]) -> Option<UtcOffset> {
    let hours = match zone.to_ascii_uppercase().as_slice() {
        b"UT" | b"GMT" | b"Z" => 0,
        b"EDT" => -4,
        b"EST" | b"CDT" => -5,
        b"CST" | b"MDT" => -6,
        b"MST" | b"PDT" => -7,
        b"PST" => -8,
        _ => return None,
    };
    UtcOffset::from_hms(hours, 0, 0).ok()
}

/// A reader over ASCII text that fails (`None`) at the first byte that is not what it expects.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            rest: text.as_bytes(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn byte(&mut self, expected: u8) -> Option<()> {
        let all: &'a [u8] = self.rest;
        let (&first, rest) = all.split_first()?;
        (first == expected).then(|| self.rest = rest)
    }

    fn any(&mut self) -> Option<u8> {
        let all: &'a [u8] = self.rest;
        let (&first, rest) = all.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let all: &'a [u8] = self.rest;
        let (&first, rest) = all.split_first()?;
        set.contains(&first).then(|| {
            self.rest = rest;
            first
        })
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let end = self
            .rest
            .iter()
            .position(|&b| !keep(b))
            .unwrap_or(self.rest.len());
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        taken
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize) -> Option<u32> {
        self.digits_between(count, count)
    }

    /// `min` to `max` ASCII digits, as many as there are.
    fn digits_between(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self
            .rest
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
    }

    /// One or more spaces or tabs.
    fn space(&mut self) -> Option<()> {
        (!self.spaces().is_empty()).then_some(())
    }

    fn spaces(&mut self) -> &'a [u8] {
        self.take_while(|b| b == b' ' || b == b'\t')
    }

    /// One of `names` in any ASCII case: its index.
    fn name(&mut self, names: &[&str]) -> Option<usize> {
        let word = self.take_while(|b| b.is_ascii_alphabetic());
        names
            .iter()
            .position(|name| name.as_bytes().eq_ignore_ascii_case(word))
    }

    /// `YYYY-MM-DD`, a date of the calendar.
    fn date(&mut self) -> Option<Date> {
        let year = self.digits(4)?;
        self.byte(b'-')?;
        let month = self.digits(2)?;
        self.byte(b'-')?;
        let day = self.digits(2)?;
        calendar_date(year, month, day)
    }

    fn end(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};

    /// Timestamps spread over years 1900–9999, with and without fractions, in several offsets.
    fn samples() -> Vec<OffsetDateTime> {
        let offsets = [
            (0, 0),
            (2, 0),
            (-5, 0),
            (5, 30),
            (-9, -30),
            (14, 0),
            (-12, 0),
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let first = OffsetDateTime::new_utc(
            Date::from_calendar_date(1900, Month::January, 1).unwrap(),
            Time::MIDNIGHT,
        )
        .unix_timestamp();
        let last = OffsetDateTime::new_utc(
            Date::from_calendar_date(9998, Month::December, 31).unwrap(),
            Time::MIDNIGHT,
        )
        .unix_timestamp();
        let span = (last - first) as u64;
        (0..3000)
            .map(|i| {
                let seconds = first + (next() % span) as i64;
                let nanos = match i % 4 {
                    0 => 0,
                    1 => (next() % 1_000) as u32 * 1_000_000,
                    2 => (next() % 1_000_000_000) as u32,
                    _ => 500_000_000,
                };
                let (h, m) = offsets[i % offsets.len()];
                OffsetDateTime::from_unix_timestamp(seconds)
                    .unwrap()
                    .replace_nanosecond(nanos)
                    .unwrap()
                    .to_offset(UtcOffset::from_hms(h, m, 0).unwrap())
            })
            .collect()
    }

    #[test]
    fn writes_what_time_writes_and_reads_it_back() {
        for at in samples() {
            if (1900..=9999).contains(&at.year()) {
                let rfc3339 = format_rfc3339(at).unwrap();
                assert_eq!(rfc3339, at.format(&Rfc3339).unwrap());
                assert_eq!(parse_rfc3339(&rfc3339), Some(at), "{rfc3339}");
                let whole = at.replace_nanosecond(0).unwrap();
                let rfc2822 = format_rfc2822(at).unwrap();
                assert_eq!(rfc2822, at.format(&Rfc2822).unwrap());
                assert_eq!(parse_rfc2822(&rfc2822), Some(whole), "{rfc2822}");
                let date = format_date(at.date());
                assert_eq!(parse_date(&date), Some(at.date()), "{date}");
                assert_eq!(
                    Date::parse(&date, &Iso8601::DATE).ok(),
                    Some(at.date()),
                    "{date}"
                );
            }
        }
    }

    #[test]
    fn reads_what_time_reads_of_the_usual_spellings() {
        for text in [
            "2015-07-30T20:00:00Z",
            "2015-07-30t20:00:00z",
            "2015-07-30T20:00:00.000Z",
            "2015-07-30T20:00:00.123456789Z",
            "2015-07-30T20:00:00+00:00",
            "2015-07-30T20:00:00-00:00",
            "2016-02-29T23:59:59+14:00",
            "2030-01-02T05:04:05.678+02:00",
            "2015-07-30 20:00:00Z",
            "2016-12-31T23:59:60Z",
            "2016-12-31T18:59:60.5-05:00",
        ] {
            let expected = OffsetDateTime::parse(text, &Rfc3339).ok();
            assert!(expected.is_some(), "{text}");
            assert_eq!(parse_rfc3339(text), expected, "{text}");
        }
        for text in [
            "Thu, 30 Jul 2015 20:00:00 +0000",
            "30 Jul 2015 20:00:00 +0000",
            "Thu, 30 Jul 2015 20:00 +0000",
            "Thu,  30 Jul 2015 20:00:00 -0530",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 UT",
            "Wed, 02 Jan 2030 03:04:05 +0000",
        ] {
            let expected = OffsetDateTime::parse(text, &Rfc2822).ok();
            assert!(expected.is_some(), "{text}");
            assert_eq!(parse_rfc2822(text), expected, "{text}");
        }
        assert_eq!(
            parse_rfc2822("sun, 06 nov 1994 08:49:37 gmt"),
            parse_rfc2822("Sun, 06 Nov 1994 08:49:37 GMT")
        );
        assert_eq!(
            parse_rfc2822("Thu, 30 Jul 2015 16:00:00 EDT"),
            parse_rfc2822("Thu, 30 Jul 2015 20:00:00 +0000")
        );
    }

    #[test]
    fn refuses_what_is_not_the_format() {
        for text in [
            "",
            "2015-07-30",
            "2015-07-3020:00:00Z",
            "2015-07-30T20:00:00",
            "2015-07-30T23:59:60Z",
            "2016-12-31T23:58:60Z",
            "2015-07-30T20:00Z",
            "2015-07-30T20:00:00.Z",
            "2015-07-30T24:00:00Z",
            "2015-07-30T20:60:00Z",
            "2015-02-30T20:00:00Z",
            "2015-13-30T20:00:00Z",
            "2015-07-30T20:00:00+24:00",
            "2015-07-30T20:00:00+02:60",
            "2015-07-30T20:00:00+0200",
            "2015-07-30T20:00:00Z ",
            "15-07-30T20:00:00Z",
            "2015-7-30T20:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text:?}");
            assert!(OffsetDateTime::parse(text, &Rfc3339).is_err(), "{text:?}");
        }
        for text in [
            "",
            "Fri, 30 Jul 2015 20:00:00 +0000",
            "Thu 30 Jul 2015 20:00:00 +0000",
            "Thu, 30 July 2015 20:00:00 +0000",
            "Thu, 30 Jul 15 20:00:00 +0000",
            "Thu, 31 Jun 2015 20:00:00 +0000",
            "Thu, 30 Jul 2015 20:00:00",
            "Thu, 30 Jul 2015 20:00:00 +00:00",
            "Thu, 30 Jul 2015 20:00:00 CET",
            "Mon, 01 Jan 1800 00:00:00 +0000",
            "Thu, 30 Jul 2015 20:00:00 +0000 x",
            "2015-07-30T20:00:00Z",
        ] {
            assert_eq!(parse_rfc2822(text), None, "{text:?}");
        }
        for text in [
            "",
            "2015-07-30T00:00:00Z",
            "2015-7-30",
            "2015-02-29",
            "20150730",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn what_the_formats_cannot_say_is_not_written() {
        let odd_offset =
            OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(1, 2, 3).unwrap());
        assert_eq!(format_rfc3339(odd_offset), None);
        assert_eq!(format_rfc2822(odd_offset), None);
        let far_offset =
            OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(24, 0, 0).unwrap());
        assert_eq!(format_rfc3339(far_offset), None);
        assert!(far_offset.format(&Rfc3339).is_err());
        let before_zero = Date::from_calendar_date(-5, Month::January, 1).unwrap();
        assert_eq!(format_date(before_zero), before_zero.to_string());
        assert_eq!(format_date(before_zero), "-0005-01-01");
        let early = OffsetDateTime::new_utc(
            Date::from_calendar_date(1850, Month::March, 1).unwrap(),
            Time::MIDNIGHT,
        );
        assert_eq!(
            format_rfc3339(early).as_deref(),
            Some("1850-03-01T00:00:00Z")
        );
        assert_eq!(format_rfc2822(early), None);
        assert_eq!(early.format(&Rfc2822).ok(), None);
    }
}

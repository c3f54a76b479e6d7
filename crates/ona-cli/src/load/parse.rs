//! Field parsers: integer ids, weights, timestamps, and the header guess.

/// `s` as a canonical unsigned integer id: ASCII digits, no sign, no leading
/// zero (so `"007"` stays the string id it was written as).
pub fn int_id(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 20 || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    s.parse().ok()
}

/// Whether `s` reads as a number (of any kind).
pub fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

/// Whether `s` is a timestamp: a number (epoch seconds or similar) or an ISO
/// 8601 date, optionally with a time (`T` or space), fraction and zone.
pub fn is_timestamp(s: &str) -> bool {
    if s.parse::<f64>().is_ok_and(f64::is_finite) {
        return true;
    }
    let (date, rest) = s.split_at(s.len().min(10));
    if !is_date(date) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else { return false };
    is_time_and_zone(time)
}

/// A timestamp (as [`is_timestamp`] accepts it) in seconds since the Unix
/// epoch: numbers as they are, ISO 8601 dates at their zone (UTC when none
/// is written); `None` for anything else, including impossible dates
/// (2024-02-30).
pub fn timestamp_seconds(s: &str) -> Option<f64> {
    if let Ok(x) = s.parse::<f64>() {
        return x.is_finite().then_some(x);
    }
    if !is_timestamp(s) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let num = |t: &str| t.parse::<u32>().ok();
    let (y, m, d) = (date[..4].parse::<i32>().ok()?, num(&date[5..7])?, num(&date[8..10])?);
    let day = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    let Some(time) = rest.get(1..) else {
        return Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64);
    };
    // Validated by `is_time_and_zone`: HH:MM[:SS][.frac][zone].
    let (clock, zone) = time.split_at(time.find(['Z', 'z', '+', '-']).unwrap_or(time.len()));
    let (hms, frac) = clock.split_once(['.', ',']).unwrap_or((clock, ""));
    let mut parts = hms.split(':').map(num);
    let (h, mi, sec) = (parts.next()??, parts.next()??, parts.next().flatten().unwrap_or(0));
    let fraction = if frac.is_empty() { 0.0 } else { format!("0.{frac}").parse::<f64>().ok()? };
    let offset = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            let (zh, zm) = (num(&digits[..2])?, digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), num)?);
            sign * i64::from(zh * 3600 + zm * 60)
        }
    };
    // A leap second (:60) counts as the next second's start.
    let local = day.and_hms_opt(h, mi, sec.min(59))?.and_utc().timestamp() + i64::from(sec / 60);
    Some((local - offset) as f64 + fraction)
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!((digits(y, 4), digits(m, 2), digits(d, 2)), (Some(_), Some(1..=12), Some(1..=31)))
}

fn is_time_and_zone(s: &str) -> bool {
    // Split off the zone: Z, or +hh[:mm] / -hh[:mm].
    let (time, zone) = match s.find(['Z', 'z', '+', '-']) {
        Some(k) => s.split_at(k),
        None => (s, ""),
    };
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => {
            let z = &z[1..];
            let (h, m) = if z.len() == 5 { (&z[..2], z.get(3..).unwrap_or("")) } else { z.split_at(z.len().min(2)) };
            let sep_ok = z.len() != 5 || z.as_bytes()[2] == b':';
            sep_ok && matches!(digits(h, 2), Some(0..=23)) && (m.is_empty() || matches!(digits(m, 2), Some(0..=59)))
        }
    };
    let (hms, frac) = match time.split_once(['.', ',']) {
        Some((a, f)) => (a, Some(f)),
        None => (time, None),
    };
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let mut parts = hms.split(':');
    let (h, m, sec) = (parts.next(), parts.next(), parts.next());
    let hm_ok = matches!(h.and_then(|h| digits(h, 2)), Some(0..=23)) && matches!(m.and_then(|m| digits(m, 2)), Some(0..=59));
    let s_ok = sec.is_none_or(|s| matches!(digits(s, 2), Some(0..=60))) && (sec.is_some() || frac.is_none());
    zone_ok && frac_ok && hm_ok && s_ok && parts.next().is_none()
}

/// Column names that mark a header row and say what a column holds.
pub const SOURCE_NAMES: &[&str] = &["source", "src", "from", "sender", "node1", "node_1", "u", "source_id", "from_id", "id1", "ego"];
/// Names of target columns.
pub const TARGET_NAMES: &[&str] = &["target", "dst", "to", "receiver", "recipient", "node2", "node_2", "v", "target_id", "to_id", "id2", "alter"];
/// Names of weight columns.
pub const WEIGHT_NAMES: &[&str] = &["weight", "weights", "w", "count", "value", "strength"];
/// Names of timestamp columns.
pub const TIME_NAMES: &[&str] = &["time", "timestamp", "ts", "date", "datetime", "t", "created", "created_at"];
/// Names of node id columns in node files.
pub const NODE_NAMES: &[&str] = &["id", "node", "node_id", "name", "person", "person_id", "employee", "employee_id", "key", "label"];

/// Whether `field` is one of `names`, ignoring case.
pub fn is_one_of(field: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_seconds() {
        assert_eq!(timestamp_seconds("1700000000"), Some(1.7e9));
        assert_eq!(timestamp_seconds("1970-01-02"), Some(86_400.0));
        assert_eq!(timestamp_seconds("2024-03-01T12:30"), Some(1_709_296_200.0));
        assert_eq!(timestamp_seconds("2024-03-01 12:30:15.5Z"), Some(1_709_296_215.5));
        assert_eq!(timestamp_seconds("2024-03-01T14:30:15+02:00"), Some(1_709_296_215.0));
        assert_eq!(timestamp_seconds("2024-03-01T10:00:15-0230"), Some(1_709_296_215.0));
        assert_eq!(timestamp_seconds("2024-03-01T14:30:15+02"), Some(1_709_296_215.0));
        for bad in ["2024-02-30", "yesterday", "2024-03-01T25:00", "inf", ""] {
            assert_eq!(timestamp_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids() {
        assert_eq!(int_id("0"), Some(0));
        assert_eq!(int_id("123"), Some(123));
        assert_eq!(int_id("007"), None);
        assert_eq!(int_id("-1"), None);
        assert_eq!(int_id("+1"), None);
        assert_eq!(int_id("1.0"), None);
        assert_eq!(int_id("99999999999999999999999"), None);
    }

    #[test]
    fn timestamps() {
        for ok in ["1700000000", "1.5e9", "2024-03-01", "2024-03-01T12:30", "2024-03-01 12:30:59", "2024-03-01T12:30:59.123Z", "2024-03-01T12:30:59+02:00", "2024-03-01T00:00:00-0530"] {
            assert!(is_timestamp(ok), "{ok}");
        }
        for bad in ["", "abc", "2024-13-01", "2024-03-1", "2024-03-01T25:00", "2024-03-01T12", "2024-03-01X12:00", "2024-03-01T12:00+99", "nan", "inf"] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }
}

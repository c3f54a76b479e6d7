//! The event log: every applied event, kept for time windows and persisted
//! as segment files next to the graph's snapshots.
//!
//! Segment file (little endian): magic `ONAEVT01`, key kind (u8: 0 integer,
//! 1 string) and 7 zero bytes, row count (u64), then the columns src, dst
//! (u64 each, or u32 length + UTF-8 bytes each), weight (f64), ts (i64), op
//! (u8), event id (u64, `u64::MAX` = none), and a CRC-32C of everything
//! before it. Readers check every length and the checksum before use.

use std::path::Path;

use crate::error::{Error, Result};
use crate::event::KeyKind;
use crate::keys::KeyCol;
use crate::levels::Part;

/// Events in the order they were applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LogChunk {
    pub(crate) src: KeyCol,
    pub(crate) dst: KeyCol,
    pub(crate) weight: Vec<f64>,
    pub(crate) ts: Vec<i64>,
    pub(crate) op: Vec<u8>,
    pub(crate) id: Vec<u64>,
}

impl LogChunk {
    pub(crate) fn bytes(&self) -> usize {
        self.src.bytes() + self.dst.bytes() + self.weight.len() * 25
    }
    /// No rows, keys of `kind`.
    #[cfg(test)]
    pub(crate) fn empty(kind: KeyKind) -> Self {
        Self { src: KeyCol::empty(kind), dst: KeyCol::empty(kind), weight: Vec::new(), ts: Vec::new(), op: Vec::new(), id: Vec::new() }
    }
    /// Rows `from..` of the chunk.
    pub(crate) fn tail(&self, from: usize) -> Self {
        let cut = |c: &KeyCol| match c {
            KeyCol::U64(k) => KeyCol::U64(k[from.min(k.len())..].to_vec()),
            KeyCol::Str(k) => KeyCol::Str(k[from.min(k.len())..].to_vec()),
        };
        let from = from.min(self.weight.len());
        Self {
            src: cut(&self.src),
            dst: cut(&self.dst),
            weight: self.weight[from..].to_vec(),
            ts: self.ts[from..].to_vec(),
            op: self.op[from..].to_vec(),
            id: self.id[from..].to_vec(),
        }
    }
}

impl Part for LogChunk {
    fn len(&self) -> usize {
        self.weight.len()
    }
    fn merge(a: &Self, b: &Self) -> Self {
        Self {
            src: KeyCol::concat(&a.src, &b.src),
            dst: KeyCol::concat(&a.dst, &b.dst),
            weight: a.weight.iter().chain(&b.weight).copied().collect(),
            ts: a.ts.iter().chain(&b.ts).copied().collect(),
            op: a.op.iter().chain(&b.op).copied().collect(),
            id: a.id.iter().chain(&b.id).copied().collect(),
        }
    }
}

const MAGIC: &[u8; 8] = b"ONAEVT01";

#[cfg(test)]
pub(crate) fn encode(c: &LogChunk) -> Vec<u8> {
    encode_rows(&[(c, 0)], c.src.kind())
}

/// Rows `from..` of each piece, in order, as one segment: the bytes
/// `encode` of their concatenation would write, without building it.
pub(crate) fn encode_rows(pieces: &[(&LogChunk, usize)], kind: KeyKind) -> Vec<u8> {
    let rows: usize = pieces.iter().map(|(c, from)| c.weight.len().saturating_sub(*from)).sum();
    let bytes: usize = pieces.iter().map(|(c, _)| c.bytes()).sum();
    let mut out = Vec::with_capacity(32 + bytes);
    out.extend_from_slice(MAGIC);
    out.push(match kind {
        KeyKind::U64 => 0,
        KeyKind::Str => 1,
    });
    out.extend_from_slice(&[0; 7]);
    out.extend_from_slice(&(rows as u64).to_le_bytes());
    for side in 0..2 {
        for &(c, from) in pieces {
            match if side == 0 { &c.src } else { &c.dst } {
                KeyCol::U64(k) => k.get(from..).unwrap_or_default().iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
                KeyCol::Str(k) => k.get(from..).unwrap_or_default().iter().for_each(|s| {
                    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }),
            }
        }
    }
    let tail = |c: &LogChunk, from: usize| from.min(c.weight.len());
    pieces.iter().for_each(|&(c, f)| c.weight[tail(c, f)..].iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes())));
    pieces.iter().for_each(|&(c, f)| c.ts[tail(c, f)..].iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes())));
    pieces.iter().for_each(|&(c, f)| out.extend_from_slice(&c.op[tail(c, f)..]));
    pieces.iter().for_each(|&(c, f)| c.id[tail(c, f)..].iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes())));
    let crc = crc32c::crc32c(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Little-endian fields of a checksummed file body (event-log segments,
/// the journal); `None` past the end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    /// Whether every byte was read.
    pub(crate) fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn keys(&mut self, kind: u8, n: usize) -> Option<KeyCol> {
        if kind == 0 {
            return (0..n).map(|_| self.u64()).collect::<Option<Vec<_>>>().map(KeyCol::U64);
        }
        let mut out = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            let len = u32::from_le_bytes(self.take(4)?.try_into().ok()?);
            let s = std::str::from_utf8(self.take(usize::try_from(len).ok()?)?).ok()?;
            out.push(Box::from(s));
        }
        Some(KeyCol::Str(out))
    }
}

pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<LogChunk> {
    let corrupt = |reason: &str| Error::Corrupt { path: path.to_owned(), reason: format!("event segment: {reason}") };
    let body_len = bytes.len().checked_sub(4).ok_or_else(|| corrupt("shorter than its checksum"))?;
    let (body, crc) = bytes.split_at(body_len);
    let stored = u32::from_le_bytes(crc.try_into().map_err(|_| corrupt("checksum"))?);
    if crc32c::crc32c(body) != stored {
        return Err(corrupt("checksum mismatch"));
    }
    let mut r = Reader::new(body);
    if r.take(8) != Some(MAGIC.as_slice()) {
        return Err(corrupt("bad magic"));
    }
    let kind = r.take(8).ok_or_else(|| corrupt("truncated header"))?[0];
    if kind > 1 {
        return Err(corrupt("unknown key kind"));
    }
    let n = r.u64().ok_or_else(|| corrupt("truncated header"))?;
    // Each row takes at least 33 bytes: a count beyond that is a lie.
    let n = usize::try_from(n).ok().filter(|&n| n <= body.len() / 33).ok_or_else(|| corrupt("row count exceeds the file"))?;
    let src = r.keys(kind, n).ok_or_else(|| corrupt("truncated src"))?;
    let dst = r.keys(kind, n).ok_or_else(|| corrupt("truncated dst"))?;
    let weight: Vec<f64> = (0..n).map(|_| r.u64().map(f64::from_bits)).collect::<Option<_>>().ok_or_else(|| corrupt("truncated weight"))?;
    let ts: Vec<i64> = (0..n)
        .map(|_| r.take(8).and_then(|b| b.try_into().ok()).map(i64::from_le_bytes))
        .collect::<Option<_>>()
        .ok_or_else(|| corrupt("truncated ts"))?;
    let op = r.take(n).ok_or_else(|| corrupt("truncated op"))?.to_vec();
    let id: Vec<u64> = (0..n).map(|_| r.u64()).collect::<Option<_>>().ok_or_else(|| corrupt("truncated id"))?;
    if r.at != body.len() {
        return Err(corrupt("trailing bytes"));
    }
    if weight.iter().any(|w| !w.is_finite()) || op.iter().any(|&o| o > 2) {
        return Err(corrupt("invalid weight or op"));
    }
    Ok(LogChunk { src, dst, weight, ts, op, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_flip_detected() {
        let c = LogChunk {
            src: KeyCol::Str(vec!["ana".into(), "bo".into()]),
            dst: KeyCol::Str(vec!["bo".into(), "cy".into()]),
            weight: vec![1.0, 2.5],
            ts: vec![-5, 7],
            op: vec![0, 2],
            id: vec![3, u64::MAX],
        };
        let bytes = encode(&c);
        let p = Path::new("x.seg");
        assert_eq!(decode(&bytes, p).ok(), Some(c.clone()));
        // Pieces encode as their concatenation.
        let merged = <LogChunk as Part>::merge(&c.tail(1), &c);
        assert_eq!(encode_rows(&[(&c, 1), (&c, 0)], KeyKind::Str), encode(&merged));
        assert_eq!(encode_rows(&[(&c, 2)], KeyKind::Str), encode(&LogChunk::empty(KeyKind::Str)));
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x20;
            assert!(decode(&b, p).is_err(), "flip at {i}");
            assert!(decode(&bytes[..i], p).is_err(), "truncated at {i}");
        }
    }
}

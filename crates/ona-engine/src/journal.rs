//! The engine journal: incremental checkpoints of many graphs in one file.
//!
//! [`crate::Engine::checkpoint`] makes every changed graph durable without
//! rewriting its graph file: it writes the events each graph applied since
//! it was last persisted, with its new version and source offsets, as one
//! entry of one journal file, published by one rename (so one fsync per
//! checkpoint, whatever the number of graphs). A graph's full snapshot
//! ([`crate::persist`]) is written only when its journaled events since the
//! last one reach `EngineConfig::full_snapshot_rows` and the size of its
//! graph, or when it pins the oldest of [`MAX_FILES`] journal files.
//!
//! ```text
//! <root>/journal/<seq, 20 digits>.jnl
//! ```
//! File (little endian): magic `ONAJRN01`, entry count (u64), then per entry
//! tenant id and graph name (u32 length + UTF-8 each), version (u64), log
//! rows before the entry (u64), offset count (u32) and per offset source
//! (u32 length + UTF-8), partition (u32) and next offset (u64), then the
//! events as an event-log segment ([`crate::log`], u64 length + bytes), and
//! a CRC-32C of everything before it.
//!
//! Recovery loads each graph's latest snapshot, then replays the journal
//! files in order: an entry whose version the graph already has (its full
//! snapshot is newer) is skipped, the others must continue the graph's log
//! exactly. A file is deleted once a full snapshot supersedes each of its
//! entries; a crash before that leaves entries that recovery skips.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ona_store::snapshot::write_bytes;

use crate::error::{Error, Result};
use crate::log::{self, LogChunk, Reader};
use crate::name::{GraphName, TenantId};
use crate::version::Offsets;

const MAGIC: &[u8; 8] = b"ONAJRN01";
const SUFFIX: &str = ".jnl";

/// Journal files kept at most: a graph with an entry in the oldest file is
/// snapshotted in full at the next checkpoint once there are this many.
pub(crate) const MAX_FILES: usize = 64;

/// One graph's events since it was last persisted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) tenant: TenantId,
    pub(crate) graph: GraphName,
    /// The graph's version after these events.
    pub(crate) version: u64,
    /// Log rows the graph held before them.
    pub(crate) from: u64,
    pub(crate) offsets: Offsets,
    pub(crate) chunk: LogChunk,
}

/// An entry as written: the events already encoded as a segment.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) tenant: TenantId,
    pub(crate) graph: GraphName,
    pub(crate) version: u64,
    pub(crate) from: u64,
    pub(crate) offsets: Offsets,
    /// The events as a segment ([`log::encode_rows`]).
    pub(crate) segment: Vec<u8>,
}

/// The journal directory and, per file, the entries no full snapshot has
/// superseded yet.
#[derive(Debug)]
pub(crate) struct Journal {
    dir: PathBuf,
    next_seq: u64,
    pending: BTreeMap<u64, Vec<Pending>>,
}

/// An entry not superseded yet: tenant, graph and the version it holds.
pub(crate) type Pending = (TenantId, GraphName, u64);

/// Journal files read back at open: sequence number and entries, oldest first.
pub(crate) type Files = Vec<(u64, Vec<Entry>)>;

fn corrupt(path: &Path, reason: impl Into<String>) -> Error {
    Error::Corrupt { path: path.to_owned(), reason: format!("journal: {}", reason.into()) }
}

/// A length as stored (names, sources and counts are far below `u32::MAX`;
/// a larger one would fail the reader's checks, never be misread).
fn len32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes()
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&len32(s.len()));
    out.extend_from_slice(s.as_bytes());
}

pub(crate) fn encode(entries: &[Record]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.segment.len() + 64).sum());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for e in entries {
        put_str(&mut out, e.tenant.as_str());
        put_str(&mut out, e.graph.as_str());
        out.extend_from_slice(&e.version.to_le_bytes());
        out.extend_from_slice(&e.from.to_le_bytes());
        out.extend_from_slice(&len32(e.offsets.len()));
        for ((source, partition), next) in &e.offsets {
            put_str(&mut out, source);
            out.extend_from_slice(&partition.to_le_bytes());
            out.extend_from_slice(&next.to_le_bytes());
        }
        out.extend_from_slice(&(e.segment.len() as u64).to_le_bytes());
        out.extend_from_slice(&e.segment);
    }
    let crc = crc32c::crc32c(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<Vec<Entry>> {
    let body_len = bytes.len().checked_sub(4).ok_or_else(|| corrupt(path, "shorter than its checksum"))?;
    let (body, crc) = bytes.split_at(body_len);
    let stored = u32::from_le_bytes(crc.try_into().map_err(|_| corrupt(path, "checksum"))?);
    if crc32c::crc32c(body) != stored {
        return Err(corrupt(path, "checksum mismatch"));
    }
    let mut r = Reader::new(body);
    if r.take(8) != Some(MAGIC.as_slice()) {
        return Err(corrupt(path, "bad magic"));
    }
    let truncated = || corrupt(path, "truncated entry");
    let n = r.u64().ok_or_else(truncated)?;
    // Each entry takes at least 32 bytes: a count beyond that is a lie.
    let n = usize::try_from(n).ok().filter(|&n| n <= body.len() / 32).ok_or_else(|| corrupt(path, "entry count exceeds the file"))?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let tenant = TenantId::new(r.str().ok_or_else(truncated)?).map_err(|e| corrupt(path, e.to_string()))?;
        let graph = GraphName::new(r.str().ok_or_else(truncated)?).map_err(|e| corrupt(path, e.to_string()))?;
        let version = r.u64().ok_or_else(truncated)?;
        let from = r.u64().ok_or_else(truncated)?;
        let mut offsets = Offsets::new();
        for _ in 0..r.u32().ok_or_else(truncated)? {
            let source = r.str().ok_or_else(truncated)?.to_owned();
            let partition = r.u32().ok_or_else(truncated)?;
            let next = r.u64().ok_or_else(truncated)?;
            offsets.insert((source, partition), next);
        }
        let len = r.u64().and_then(|l| usize::try_from(l).ok()).ok_or_else(truncated)?;
        let chunk = log::decode(r.take(len).ok_or_else(truncated)?, path)?;
        out.push(Entry { tenant, graph, version, from, offsets, chunk });
    }
    if !r.done() {
        return Err(corrupt(path, "trailing bytes"));
    }
    Ok(out)
}

fn parse_seq(name: &str) -> Option<u64> {
    let digits = name.strip_suffix(SUFFIX)?;
    (digits.len() == 20 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

impl Journal {
    /// Open `dir` (if it exists): removes temporaries of an
    /// interrupted write and returns the journal with every file's entries,
    /// oldest first, for recovery to replay.
    pub(crate) fn open(dir: &Path) -> Result<(Self, Files)> {
        let mut files = Vec::new();
        let listing = match fs::read_dir(dir) {
            Ok(l) => Some(l),
            // Created by the first checkpoint.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("listing", dir)(e)),
        };
        for entry in listing.into_iter().flatten() {
            let entry = entry.map_err(Error::io("listing", dir))?;
            let name = entry.file_name();
            match name.to_str().and_then(parse_seq) {
                Some(seq) => files.push((seq, entry.path())),
                None => {
                    // A temporary left by a write that never got renamed.
                    let p = entry.path();
                    fs::remove_file(&p).map_err(Error::io("removing an unpublished journal file", &p))?;
                }
            }
        }
        files.sort_unstable_by_key(|f| f.0);
        let mut out = Vec::with_capacity(files.len());
        for (seq, p) in files {
            let bytes = fs::read(&p).map_err(Error::io("reading", &p))?;
            out.push((seq, decode(&bytes, &p)?));
        }
        let next_seq = out.last().map_or(1, |f| f.0 + 1);
        Ok((Self { dir: dir.to_owned(), next_seq, pending: BTreeMap::new() }, out))
    }

    /// Record that file `seq` still holds these unsuperseded entries.
    pub(crate) fn keep(&mut self, seq: u64, entries: Vec<Pending>) {
        self.pending.insert(seq, entries);
    }

    /// Files on disk.
    pub(crate) fn files(&self) -> usize {
        self.pending.len()
    }

    /// The graphs with an entry in the oldest file.
    pub(crate) fn oldest(&self) -> Vec<(TenantId, GraphName)> {
        self.pending.values().next().map(|e| e.iter().map(|(t, g, _)| (t.clone(), g.clone())).collect()).unwrap_or_default()
    }

    /// Write `entries` as the next file, durably.
    pub(crate) fn write(&mut self, entries: &[Record]) -> Result<()> {
        let seq = self.next_seq;
        fs::create_dir_all(&self.dir).map_err(Error::io("creating", &self.dir))?;
        write_bytes(&self.dir.join(format!("{seq:020}{SUFFIX}")), &encode(entries))?;
        self.next_seq += 1;
        self.pending.insert(seq, entries.iter().map(|e| (e.tenant.clone(), e.graph.clone(), e.version)).collect());
        Ok(())
    }

    /// Drop the entries whose graph has a full snapshot at or above their
    /// version (`published` says which version that is) and delete the
    /// files left with none.
    pub(crate) fn collect(&mut self, published: impl Fn(&TenantId, &GraphName) -> u64) -> Result<()> {
        let mut done = Vec::new();
        for (&seq, entries) in &mut self.pending {
            entries.retain(|(t, g, v)| published(t, g) < *v);
            if entries.is_empty() {
                done.push(seq);
            }
        }
        for seq in done {
            let p = self.dir.join(format!("{seq:020}{SUFFIX}"));
            fs::remove_file(&p).map_err(Error::io("removing a superseded journal file", &p))?;
            self.pending.remove(&seq);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyCol;

    #[test]
    fn round_trip_and_every_flip_detected() {
        let mut offsets = Offsets::new();
        offsets.insert(("kafka:t".to_owned(), 3), 42);
        let chunk = LogChunk {
            src: KeyCol::Str(vec!["ana".into()]),
            dst: KeyCol::Str(vec!["bo".into()]),
            weight: vec![1.5],
            ts: vec![9],
            op: vec![0],
            id: vec![7],
        };
        let e = Entry {
            tenant: TenantId::new("acme").expect("valid"),
            graph: GraphName::new("email").expect("valid"),
            version: 5,
            from: 12,
            offsets,
            chunk,
        };
        let r = Record {
            tenant: e.tenant.clone(),
            graph: e.graph.clone(),
            version: e.version,
            from: e.from,
            offsets: e.offsets.clone(),
            segment: log::encode(&e.chunk),
        };
        let bytes = encode(&[r]);
        let p = Path::new("x.jnl");
        assert_eq!(decode(&bytes, p).ok(), Some(vec![e]));
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x20;
            assert!(decode(&b, p).is_err(), "flip at {i}");
            assert!(decode(&bytes[..i], p).is_err(), "truncated at {i}");
        }
    }
}

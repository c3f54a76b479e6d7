//! A graph's files: options, snapshots with offsets, event segments.
//!
//! ```text
//! <graph dir>/graph.txt                     directed=true|false (written once)
//! <graph dir>/graph@<version>.ona           snapshots (ona-store), newest two kept
//! <graph dir>/events/<from>-<to>.seg        event log segments (crate::log)
//! ```
//! A snapshot's manifest lists the segments that hold its events and the
//! next offset of every source partition, so the graph, its log and its
//! offsets are published by one rename. Segments written for a snapshot
//! that never got published are deleted when the graph is opened.
//!
//! Between full snapshots a graph's newer events, version and offsets may
//! live in the engine journal ([`crate::journal`]); `Persisted` tracks both.

use std::fs;
use std::path::{Path, PathBuf};

use ona_core::{Exec, Graph};
use ona_store::snapshot::{Manifest, Meta, SnapshotDir, write_bytes};

use crate::error::{Error, Result};
use crate::event::KeyKind;
use crate::journal::Record;
use crate::levels::{Levels, Part};
use crate::log::{self, LogChunk};
use crate::name::{GraphName, TenantId};
use crate::version::{Offsets, Version};

const NAME: &str = "graph";
const EVENTS: &str = "events";
const OPTIONS: &str = "graph.txt";

#[derive(Debug)]
pub(crate) struct Persisted {
    dir: SnapshotDir,
    segments: Vec<String>,
    /// Log rows in the last full snapshot.
    rows: usize,
    /// Version of the last full snapshot.
    published: u64,
    /// Version and log rows made durable by the journal (at least the full snapshot's).
    journaled: u64,
    journaled_rows: usize,
}

pub(crate) struct Recovered {
    pub(crate) directed: bool,
    pub(crate) kind: Option<KeyKind>,
    pub(crate) graph: Option<Graph>,
    pub(crate) log: Levels<LogChunk>,
    pub(crate) offsets: Offsets,
    pub(crate) version: u64,
    pub(crate) persisted: Persisted,
}

fn corrupt(path: &Path, reason: impl Into<String>) -> Error {
    Error::Corrupt { path: path.to_owned(), reason: reason.into() }
}

impl Persisted {
    pub(crate) fn create(dir: &Path, directed: bool) -> Result<Self> {
        fs::create_dir_all(dir.join(EVENTS)).map_err(Error::io("creating", dir))?;
        write_bytes(&dir.join(OPTIONS), format!("directed={directed}\n").as_bytes())?;
        Ok(Self { dir: SnapshotDir::open(dir)?, segments: Vec::new(), rows: 0, published: 0, journaled: 0, journaled_rows: 0 })
    }

    /// Version of the last full snapshot.
    pub(crate) fn published(&self) -> u64 {
        self.published
    }

    /// The newest version on disk, in a full snapshot or the journal.
    pub(crate) fn durable(&self) -> u64 {
        self.published.max(self.journaled)
    }

    /// Log rows of `v` not in the last full snapshot.
    pub(crate) fn rows_since_full(&self, v: &Version) -> usize {
        v.log.len().saturating_sub(self.rows)
    }

    /// The journal entry that makes `v` durable: its events since the
    /// newest version on disk, its version and offsets.
    pub(crate) fn journal_entry(&self, tenant: &TenantId, graph: &GraphName, v: &Version) -> Result<Record> {
        let from = self.journaled_rows.max(self.rows);
        if v.log.len() < from {
            return Err(corrupt(self.dir.path(), "event log shorter than persisted"));
        }
        let segment = log::encode_rows(&log_pieces(&v.log, from), v.kind);
        let offsets = (*v.offsets).clone();
        Ok(Record { tenant: tenant.clone(), graph: graph.clone(), version: v.number, from: from as u64, offsets, segment })
    }

    /// `version` (with `rows` log rows) is durable in the journal.
    pub(crate) fn mark_journaled(&mut self, version: u64, rows: usize) {
        self.journaled = self.journaled.max(version);
        self.journaled_rows = self.journaled_rows.max(rows);
    }

    /// Publish `v` unless it is already on disk; returns the version written.
    pub(crate) fn publish(&mut self, v: &Version, directed: bool, exec: &Exec) -> Result<Option<u64>> {
        if v.number <= self.published {
            return Ok(None);
        }
        let mut segments = self.segments.clone();
        let end = v.log.len();
        if end > self.rows {
            let name = format!("{:020}-{end:020}.seg", self.rows);
            write_bytes(&self.dir.path().join(EVENTS).join(&name), &log::encode_rows(&log_pieces(&v.log, self.rows), v.kind))?;
            segments.push(name);
        }
        let graph = v.merged(exec)?.graph.compress(exec);
        let mut manifest = Manifest::new();
        manifest.insert("engine.directed".into(), directed.to_string());
        manifest.insert("engine.keys".into(), v.kind.as_str().into());
        manifest.insert("engine.segments".into(), segments.join(","));
        for ((source, partition), next) in v.offsets.iter() {
            manifest.insert(format!("engine.offset:{partition}:{source}"), next.to_string());
        }
        self.dir.publish(NAME, &graph, &Meta { graph_id: None, version: v.number, manifest }, exec)?;
        self.segments = segments;
        self.rows = end;
        self.published = v.number;
        self.mark_journaled(v.number, end);
        self.dir.prune(NAME, 2)?;
        Ok(Some(v.number))
    }
}

/// The parts of the log holding rows `from..`, each with its first row to take.
fn log_pieces(log: &Levels<LogChunk>, from: usize) -> Vec<(&LogChunk, usize)> {
    let mut at = 0;
    let mut out = Vec::new();
    for part in log.parts() {
        let len = part.len();
        if at + len > from {
            out.push((&**part, from.saturating_sub(at)));
        }
        at += len;
    }
    out
}

/// Read back the graph in `dir`; `None` (and the directory removed) if its
/// creation never finished: no options file and so no snapshot either.
pub(crate) fn recover(dir: &Path, exec: &Exec) -> Result<Option<Recovered>> {
    let options = dir.join(OPTIONS);
    if !options.exists() {
        let snapshots =
            fs::read_dir(dir).map_err(Error::io("listing", dir))?.flatten().any(|e| e.file_name().to_string_lossy().starts_with("graph@"));
        if snapshots {
            return Err(corrupt(&options, "missing beside published snapshots"));
        }
        fs::remove_dir_all(dir).map_err(Error::io("removing the unfinished graph", dir))?;
        return Ok(None);
    }
    let text = fs::read_to_string(&options).map_err(Error::io("reading", &options))?;
    let directed = match text.trim() {
        "directed=true" => true,
        "directed=false" => false,
        _ => return Err(corrupt(&options, "expected directed=true or directed=false")),
    };
    let sdir = SnapshotDir::open(dir)?;
    let events = dir.join(EVENTS);
    fs::create_dir_all(&events).map_err(Error::io("creating", &events))?;
    let Some(snap) = sdir.open_latest(NAME, exec)? else {
        remove_unlisted(&events, &[])?;
        let persisted = Persisted { dir: sdir, segments: Vec::new(), rows: 0, published: 0, journaled: 0, journaled_rows: 0 };
        return Ok(Some(Recovered {
            directed,
            kind: None,
            graph: None,
            log: Levels::default(),
            offsets: Offsets::new(),
            version: 0,
            persisted,
        }));
    };
    let m = snap.manifest();
    let path = sdir.file(NAME, snap.version())?;
    let get = |k: &str| m.get(k).ok_or_else(|| corrupt(&path, format!("manifest has no {k}")));
    if get("engine.directed")? != &directed.to_string() || snap.graph().is_directed() != directed {
        return Err(corrupt(&path, "direction differs from graph.txt"));
    }
    let kind = match get("engine.keys")?.as_str() {
        "u64" => KeyKind::U64,
        "str" => KeyKind::Str,
        other => return Err(corrupt(&path, format!("unknown key kind {other:?}"))),
    };
    let segments: Vec<String> = get("engine.segments")?.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let mut offsets = Offsets::new();
    for (k, v) in m.iter() {
        if let Some(rest) = k.strip_prefix("engine.offset:") {
            let (partition, source) = rest.split_once(':').ok_or_else(|| corrupt(&path, format!("bad offset key {k:?}")))?;
            let partition = partition.parse().map_err(|_| corrupt(&path, format!("bad partition in {k:?}")))?;
            let next = v.parse().map_err(|_| corrupt(&path, format!("bad offset {v:?}")))?;
            offsets.insert((source.to_owned(), partition), next);
        }
    }
    let mut log = Levels::default();
    for s in &segments {
        if s.contains(['/', '\\']) || s.starts_with('.') {
            return Err(corrupt(&path, format!("bad segment name {s:?}")));
        }
        let p = events.join(s);
        let bytes = fs::read(&p).map_err(Error::io("reading", &p))?;
        let chunk = log::decode(&bytes, &p)?;
        if chunk.src.kind() != kind {
            return Err(corrupt(&p, "segment key kind differs from the snapshot's"));
        }
        log.push(chunk, usize::MAX);
    }
    remove_unlisted(&events, &segments)?;
    let graph = snap.graph().decompress(exec);
    let version = snap.version();
    let rows = log.len();
    let persisted = Persisted { dir: sdir, segments, rows, published: version, journaled: version, journaled_rows: rows };
    Ok(Some(Recovered { directed, kind: Some(kind), graph: Some(graph), log, offsets, version, persisted }))
}

/// Delete segment files (and temporaries) no published snapshot lists.
fn remove_unlisted(events: &PathBuf, keep: &[String]) -> Result<()> {
    for entry in fs::read_dir(events).map_err(Error::io("listing", events))? {
        let entry = entry.map_err(Error::io("listing", events))?;
        let name = entry.file_name();
        if !keep.iter().any(|k| name.to_str() == Some(k)) {
            let p = entry.path();
            fs::remove_file(&p).map_err(Error::io("removing unpublished segment", &p))?;
        }
    }
    Ok(())
}

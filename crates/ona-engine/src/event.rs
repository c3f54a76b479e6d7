//! Edge events as callers hand them in: columns, one row per event.

use crate::error::{Error, Result};

/// What an event does to the edge `src -> dst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Op {
    /// Add `weight` to the edge, creating it (from 0) if absent: one more
    /// email, one more meeting.
    Add = 0,
    /// Delete the edge (a no-op if absent). Its nodes stay.
    Remove = 1,
    /// Set the edge's weight to `weight`, creating it if absent.
    Set = 2,
}

impl Op {
    /// Parse `"add"`, `"remove"` or `"set"`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "add" => Some(Self::Add),
            "remove" => Some(Self::Remove),
            "set" => Some(Self::Set),
            _ => None,
        }
    }
    /// The op with code `c` (0 add, 1 remove, 2 set).
    pub fn from_code(c: u8) -> Option<Self> {
        match c {
            0 => Some(Self::Add),
            1 => Some(Self::Remove),
            2 => Some(Self::Set),
            _ => None,
        }
    }
}

/// A column of node keys: integers or strings. A graph takes the kind of its
/// first batch and refuses the other kind afterwards.
#[derive(Debug, Clone, Copy)]
pub enum Keys<'a> {
    /// Integer ids (employee numbers).
    U64(&'a [u64]),
    /// String ids (e-mail addresses, HR ids).
    Str(&'a [&'a str]),
}

impl Keys<'_> {
    /// Rows in the column.
    pub fn len(&self) -> usize {
        match self {
            Self::U64(k) => k.len(),
            Self::Str(k) => k.len(),
        }
    }
    /// Whether the column is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub(crate) fn kind(&self) -> KeyKind {
        match self {
            Self::U64(_) => KeyKind::U64,
            Self::Str(_) => KeyKind::Str,
        }
    }
}

/// The kind of a graph's node keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Integers.
    U64,
    /// Strings.
    Str,
}

impl KeyKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::U64 => "u64",
            Self::Str => "str",
        }
    }
}

/// Where a batch came from: the source (e.g. `"kafka:collab-events"`), its
/// partition and the offset of the batch's first event; event `i` has offset
/// `offset + i`. The engine stores the next offset per (source, partition)
/// with each graph version, skips events below it, and publishes it
/// atomically with the graph, so a restarted consumer resumes exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePosition<'a> {
    /// Source name (any text up to 256 bytes).
    pub source: &'a str,
    /// Partition.
    pub partition: u32,
    /// Offset of row 0.
    pub offset: u64,
}

/// Reserved: the "no event id" marker in logs.
pub(crate) const NO_ID: u64 = u64::MAX;

/// A batch of edge events, as columns of equal length.
///
/// ```
/// use ona_engine::{EventBatch, Keys};
/// let (src, dst, w) = ([1u64, 2], [2u64, 3], [1.0, 2.5]);
/// let batch = EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).weights(&w);
/// assert_eq!(batch.len(), 2);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EventBatch<'a> {
    /// Sources.
    pub src: Keys<'a>,
    /// Targets.
    pub dst: Keys<'a>,
    /// Weights (default 1.0 each); finite.
    pub weight: Option<&'a [f64]>,
    /// Event times (default 0), in the host's unit; windows use the same
    /// unit. Kafka hosts pass milliseconds since the epoch.
    pub ts: Option<&'a [i64]>,
    /// Operations (default [`Op::Add`]).
    pub op: Option<&'a [Op]>,
    /// Event ids (any `u64` but `u64::MAX`); an id seen before is skipped.
    pub event_id: Option<&'a [u64]>,
    /// Source position of row 0.
    pub position: Option<SourcePosition<'a>>,
}

impl<'a> EventBatch<'a> {
    /// A batch of `Add` events of weight 1.
    pub fn new(src: Keys<'a>, dst: Keys<'a>) -> Self {
        Self { src, dst, weight: None, ts: None, op: None, event_id: None, position: None }
    }
    /// Set the weights.
    #[must_use]
    pub fn weights(mut self, w: &'a [f64]) -> Self {
        self.weight = Some(w);
        self
    }
    /// Set the event times.
    #[must_use]
    pub fn times(mut self, ts: &'a [i64]) -> Self {
        self.ts = Some(ts);
        self
    }
    /// Set the operations.
    #[must_use]
    pub fn ops(mut self, op: &'a [Op]) -> Self {
        self.op = Some(op);
        self
    }
    /// Set the event ids.
    #[must_use]
    pub fn event_ids(mut self, ids: &'a [u64]) -> Self {
        self.event_id = Some(ids);
        self
    }
    /// Set the source position.
    #[must_use]
    pub fn position(mut self, source: &'a str, partition: u32, offset: u64) -> Self {
        self.position = Some(SourcePosition { source, partition, offset });
        self
    }
    /// Rows.
    pub fn len(&self) -> usize {
        self.src.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Check every column before anything is touched.
    pub(crate) fn validate(&self, graph: &str) -> Result<()> {
        let n = self.len();
        let bad = |row: usize, reason: String| Error::InvalidEvent { graph: graph.to_owned(), row: row as u64, reason };
        if u32::try_from(n).is_err() {
            return Err(bad(0, format!("{n} rows: a batch holds at most {} events", u32::MAX)));
        }
        let check_len = |what: &str, len: usize| {
            if len == n { Ok(()) } else { Err(bad(0, format!("column {what} has {len} rows, src has {n}"))) }
        };
        check_len("dst", self.dst.len())?;
        if self.src.kind() != self.dst.kind() {
            return Err(bad(0, "src and dst keys are of different kinds".into()));
        }
        if let Some(w) = self.weight {
            check_len("weight", w.len())?;
            if let Some(i) = w.iter().position(|x| !x.is_finite()) {
                return Err(bad(i, format!("weight {} is not finite", w[i])));
            }
        }
        if let Some(t) = self.ts {
            check_len("ts", t.len())?;
        }
        if let Some(o) = self.op {
            check_len("op", o.len())?;
        }
        if let Some(ids) = self.event_id {
            check_len("event_id", ids.len())?;
            if let Some(i) = ids.iter().position(|&x| x == NO_ID) {
                return Err(bad(i, "event id u64::MAX is reserved".into()));
            }
        }
        for keys in [self.src, self.dst] {
            if let Keys::Str(k) = keys {
                if let Some(i) = k.iter().position(|s| s.is_empty() || s.len() > 4096) {
                    return Err(bad(i, "string node keys must be 1 to 4096 bytes".into()));
                }
            }
        }
        if let Some(p) = self.position {
            if p.source.is_empty() || p.source.len() > 256 || p.source.contains(['\0', '\n', '=']) {
                return Err(bad(0, "source name must be 1 to 256 bytes without NUL, newline or '='".into()));
            }
            if p.offset.checked_add(n as u64).is_none() {
                return Err(bad(0, "source offset overflows".into()));
            }
        }
        Ok(())
    }
}

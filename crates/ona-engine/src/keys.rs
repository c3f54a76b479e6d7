//! Owned node-key columns and the writer's key → stable index table.
//!
//! Every node gets a *stable index* the first time an event names it; stable
//! indices never change. Graph versions order nodes differently (integer ids
//! ascending, string ids by first appearance), and each version maps
//! between the two.

use rustc_hash::FxHashMap;

use crate::event::{KeyKind, Keys};

/// An owned column of node keys.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyCol {
    U64(Vec<u64>),
    Str(Vec<Box<str>>),
}

impl KeyCol {
    pub(crate) fn empty(kind: KeyKind) -> Self {
        match kind {
            KeyKind::U64 => Self::U64(Vec::new()),
            KeyKind::Str => Self::Str(Vec::new()),
        }
    }
    /// The keys of `ids` in node order, as `kind` (a graph's ids are of its kind).
    pub(crate) fn of_ids(ids: &ona_core::IdMap, kind: KeyKind) -> Self {
        use ona_core::graph::ExternalId;
        if let (ona_core::IdMap::U64(v), KeyKind::U64) = (ids, kind) {
            return Self::U64(v.clone());
        }
        let ext = (0..ids.len()).map(|i| ids.external(ona_core::NodeId(i as u32)));
        match kind {
            KeyKind::U64 => Self::U64(ext.map(|e| if let Some(ExternalId::U64(x)) = e { x } else { 0 }).collect()),
            KeyKind::Str => Self::Str(ext.map(|e| e.map_or_else(|| Box::from(""), |e| Box::from(e.to_string()))).collect()),
        }
    }
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::U64(k) => k.len(),
            Self::Str(k) => k.len(),
        }
    }
    pub(crate) fn kind(&self) -> KeyKind {
        match self {
            Self::U64(_) => KeyKind::U64,
            Self::Str(_) => KeyKind::Str,
        }
    }
    /// Rows `rows` of `keys` (of the same kind).
    pub(crate) fn gather(keys: Keys<'_>, rows: &[u32]) -> Self {
        match keys {
            Keys::U64(k) => Self::U64(rows.iter().map(|&r| k[r as usize]).collect()),
            Keys::Str(k) => Self::Str(rows.iter().map(|&r| Box::from(k[r as usize])).collect()),
        }
    }
    /// Append `other` (of the same kind; a different kind is ignored, which
    /// the graph's kind check rules out).
    pub(crate) fn extend(&mut self, other: &Self) {
        match (self, other) {
            (Self::U64(a), Self::U64(b)) => a.extend_from_slice(b),
            (Self::Str(a), Self::Str(b)) => a.extend(b.iter().cloned()),
            _ => {}
        }
    }
    pub(crate) fn concat(a: &Self, b: &Self) -> Self {
        let mut out = a.clone();
        out.extend(b);
        out
    }
    pub(crate) fn bytes(&self) -> usize {
        match self {
            Self::U64(k) => k.len() * 8,
            Self::Str(k) => k.iter().map(|s| s.len() + 16).sum(),
        }
    }
}

/// Key → stable index, owned by a graph's writer.
#[derive(Debug)]
pub(crate) enum NodeTable {
    U64(FxHashMap<u64, u32>),
    Str(FxHashMap<Box<str>, u32>),
}

impl NodeTable {
    /// A table of `keys`, stable index = position.
    pub(crate) fn from_keys(keys: &KeyCol) -> Self {
        match keys {
            KeyCol::U64(k) => Self::U64(k.iter().enumerate().map(|(i, &x)| (x, i as u32)).collect()),
            KeyCol::Str(k) => Self::Str(k.iter().enumerate().map(|(i, x)| (x.clone(), i as u32)).collect()),
        }
    }
    pub(crate) fn kind(&self) -> KeyKind {
        match self {
            Self::U64(_) => KeyKind::U64,
            Self::Str(_) => KeyKind::Str,
        }
    }
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::U64(m) => m.len(),
            Self::Str(m) => m.len(),
        }
    }
    pub(crate) fn bytes(&self) -> usize {
        match self {
            Self::U64(m) => m.capacity() * 16,
            Self::Str(m) => m.capacity() * 24 + m.keys().map(|k| k.len()).sum::<usize>(),
        }
    }

    /// Keys of `rows` (in `src`/`dst`) not yet in the table, distinct, in
    /// order of first appearance. Does not change the table.
    pub(crate) fn unseen(&self, src: Keys<'_>, dst: Keys<'_>, rows: &[u32]) -> KeyCol {
        match (self, src, dst) {
            (Self::U64(m), Keys::U64(s), Keys::U64(d)) => {
                let mut seen = rustc_hash::FxHashSet::default();
                let mut out = Vec::new();
                for &r in rows {
                    for k in [s[r as usize], d[r as usize]] {
                        if !m.contains_key(&k) && seen.insert(k) {
                            out.push(k);
                        }
                    }
                }
                KeyCol::U64(out)
            }
            (Self::Str(m), Keys::Str(s), Keys::Str(d)) => {
                let mut seen = rustc_hash::FxHashSet::default();
                let mut out = Vec::new();
                for &r in rows {
                    for k in [s[r as usize], d[r as usize]] {
                        if !m.contains_key(k) && seen.insert(k) {
                            out.push(Box::from(k));
                        }
                    }
                }
                KeyCol::Str(out)
            }
            _ => KeyCol::empty(self.kind()),
        }
    }

    /// Add `new` (from [`NodeTable::unseen`]) with the next stable indices.
    pub(crate) fn insert_all(&mut self, new: &KeyCol) {
        let mut next = self.len() as u32;
        match (self, new) {
            (Self::U64(m), KeyCol::U64(k)) => {
                for &x in k {
                    m.insert(x, next);
                    next += 1;
                }
            }
            (Self::Str(m), KeyCol::Str(k)) => {
                for x in k {
                    m.insert(x.clone(), next);
                    next += 1;
                }
            }
            _ => {}
        }
    }

    /// Stable indices of `rows`' endpoints (all present after `insert_all`).
    pub(crate) fn lookup(&self, src: Keys<'_>, dst: Keys<'_>, rows: &[u32]) -> Vec<(u32, u32)> {
        let get64 = |m: &FxHashMap<u64, u32>, k: u64| m.get(&k).copied().unwrap_or(u32::MAX);
        match (self, src, dst) {
            (Self::U64(m), Keys::U64(s), Keys::U64(d)) => {
                rows.iter().map(|&r| (get64(m, s[r as usize]), get64(m, d[r as usize]))).collect()
            }
            (Self::Str(m), Keys::Str(s), Keys::Str(d)) => rows
                .iter()
                .map(|&r| {
                    let g = |k: &str| m.get(k).copied().unwrap_or(u32::MAX);
                    (g(s[r as usize]), g(d[r as usize]))
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl crate::levels::Part for KeyCol {
    fn len(&self) -> usize {
        KeyCol::len(self)
    }
    fn merge(older: &Self, newer: &Self) -> Self {
        Self::concat(older, newer)
    }
}

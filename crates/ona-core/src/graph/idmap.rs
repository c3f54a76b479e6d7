//! External node ids, mapped both ways to dense indices.

use rustc_hash::FxHashMap;

use crate::ids::NodeId;

/// How a graph's nodes are named outside ona.
#[derive(Debug, Clone, PartialEq)]
pub enum IdMap {
    /// Node `i` is called `i`.
    Dense(u32),
    /// Integer ids, sorted ascending: node `i` is `ids[i]`.
    U64(Vec<u64>),
    /// String ids in first-seen order, with a reverse index.
    Str {
        /// Node `i` is `names[i]`.
        names: Vec<Box<str>>,
        /// Name to index.
        index: FxHashMap<Box<str>, u32>,
    },
}

/// One external id, borrowed from an [`IdMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternalId<'a> {
    /// An integer id.
    U64(u64),
    /// A string id.
    Str(&'a str),
}

impl std::fmt::Display for ExternalId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::U64(x) => write!(f, "{x}"),
            Self::Str(s) => f.write_str(s),
        }
    }
}

impl IdMap {
    /// Build a string map from names (which must be distinct; later
    /// duplicates are ignored by the reverse index).
    pub fn from_names(names: Vec<Box<str>>) -> Self {
        let mut index = FxHashMap::default();
        index.reserve(names.len());
        for (i, s) in names.iter().enumerate() {
            index.entry(s.clone()).or_insert(i as u32);
        }
        Self::Str { names, index }
    }

    /// Nodes named.
    pub fn len(&self) -> usize {
        match self {
            Self::Dense(n) => *n as usize,
            Self::U64(ids) => ids.len(),
            Self::Str { names, .. } => names.len(),
        }
    }

    /// Whether no node is named.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// External id of `v` (`None` if out of range).
    pub fn external(&self, v: NodeId) -> Option<ExternalId<'_>> {
        let i = v.index();
        match self {
            Self::Dense(n) => (v.0 < *n).then_some(ExternalId::U64(u64::from(v.0))),
            Self::U64(ids) => ids.get(i).map(|&x| ExternalId::U64(x)),
            Self::Str { names, .. } => names.get(i).map(|s| ExternalId::Str(s)),
        }
    }

    /// Node with integer id `id`. For a string map, looks up the id's decimal text.
    pub fn lookup_u64(&self, id: u64) -> Option<NodeId> {
        match self {
            Self::Dense(n) => (id < u64::from(*n)).then_some(NodeId(id as u32)),
            Self::U64(ids) => ids.binary_search(&id).ok().map(|i| NodeId(i as u32)),
            Self::Str { index, .. } => index.get(id.to_string().as_str()).map(|&i| NodeId(i)),
        }
    }

    /// Node named `name` (integer maps parse it as a decimal number).
    pub fn lookup_str(&self, name: &str) -> Option<NodeId> {
        match self {
            Self::Str { index, .. } => index.get(name).map(|&i| NodeId(i)),
            _ => name.trim().parse::<u64>().ok().and_then(|x| self.lookup_u64(x)),
        }
    }

    /// Heap bytes (approximate for strings).
    pub fn memory_bytes(&self) -> usize {
        match self {
            Self::Dense(_) => 0,
            Self::U64(ids) => ids.len() * 8,
            Self::Str { names, index } => {
                let text: usize = names.iter().map(|s| s.len()).sum();
                2 * text + names.len() * 16 + index.capacity() * 24
            }
        }
    }
}

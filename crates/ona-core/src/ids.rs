//! Typed node indices.

use crate::error::{Error, Result};

/// A dense node index into a graph: `0..graph.node_count()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index as `usize`, for slicing per-node arrays.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Checked conversion from a `usize` index.
    pub fn try_from_index(i: usize) -> Result<Self> {
        u32::try_from(i)
            .map(NodeId)
            .map_err(|_| Error::TooLarge { what: "node index", count: i as u64, limit: u32::MAX as u64 })
    }
}

impl From<NodeId> for u32 {
    fn from(n: NodeId) -> u32 {
        n.0
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Largest number of nodes a graph can hold (indices are `u32`; `u32::MAX`
/// is kept free as a sentinel).
pub const MAX_NODES: u64 = u32::MAX as u64;

//! The one neighbour-access trait every algorithm is generic over.
//!
//! Two implementations: [`Csr`](super::Csr) (plain `u32` targets) and
//! [`CompressedCsr`](super::CompressedCsr) (delta + variable-byte). An
//! algorithm written against [`Adjacency`] runs on both and gives identical
//! results, because both yield each node's neighbours in ascending order.

/// Read access to one direction of a graph's adjacency.
///
/// Node arguments are dense indices below [`Adjacency::node_count`]; callers
/// inside the crate guarantee this (public entry points validate user input
/// first), so implementations may index without further checks.
pub trait Adjacency: Send + Sync {
    /// Nodes.
    fn node_count(&self) -> usize;
    /// Stored arcs (an undirected edge is two arcs, a self loop one).
    fn arc_count(&self) -> u64;
    /// Stored arcs leaving `v`.
    fn degree(&self, v: u32) -> u32;
    /// Whether arcs carry weights (otherwise every weight reads as 1).
    fn is_weighted(&self) -> bool;
    /// Calls `f(u)` for each neighbour `u` of `v`, ascending.
    fn for_each_neighbor<F: FnMut(u32)>(&self, v: u32, f: F);
    /// Calls `f(u, w)` for each neighbour with the arc's weight (1.0 if unweighted).
    fn for_each_weighted<F: FnMut(u32, f64)>(&self, v: u32, f: F);
    /// Calls `f(u, arc)` with the arc's global index in `0..arc_count()`.
    /// Arc indices are the same for plain and compressed storage.
    fn for_each_arc<F: FnMut(u32, u64)>(&self, v: u32, f: F);
    /// Calls `f(u)` for neighbours until it returns `true`; returns whether it did.
    fn any_neighbor<F: FnMut(u32) -> bool>(&self, v: u32, f: F) -> bool;
    /// The neighbours of `v` as a sorted slice: borrowed from storage when
    /// possible, otherwise decoded into `buf`.
    fn neighbors<'a>(&'a self, v: u32, buf: &'a mut Vec<u32>) -> &'a [u32];
    /// Weight of arc `arc` (1.0 if unweighted).
    fn arc_weight(&self, arc: u64) -> f64;
    /// Heap bytes used by the structure (targets, offsets, index, weights).
    fn memory_bytes(&self) -> usize;
    /// Heap bytes used by the topology alone (no weights).
    fn topology_bytes(&self) -> usize;
}

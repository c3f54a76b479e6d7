//! Matching the people of two graphs by external id: one index space
//! ([`PersonId`]) over everyone present in either graph.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{ExternalId, IdMap};
use crate::ids::NodeId;

/// Nodes per parallel block of id look-ups.
const CHUNK: usize = 4096;
const NONE: u32 = u32::MAX;

/// A person of the union of two graphs: `0..before_count()` are the nodes of
/// the earlier graph (same numbers as their [`NodeId`]s there), then the
/// people who joined, in the later graph's node order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(pub u32);

impl PersonId {
    /// As a `usize` index.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Who is who across two graphs whose dense node indices differ.
///
/// A node of the earlier graph is the same person as the node of the later
/// graph with the same external id. Ids of different kinds still match
/// through their text: an integer id `7` matches the string id `"7"`
/// ([`IdMap::lookup_u64`] / [`IdMap::lookup_str`]). If two earlier nodes find
/// the same later node (possible only across kinds, e.g. `"7"` and `" 7"`),
/// the lower-numbered one keeps it and the other counts as having left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleMatch {
    before_n: u32,
    /// Later node of each earlier node (`NONE`: left).
    to_after: Vec<u32>,
    /// Person of each later node.
    person_of_after: Vec<u32>,
    /// Later node of each joined person (`p - before_n`).
    joined: Vec<u32>,
    left: u32,
}

fn count_u32(what: &'static str, n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::TooLarge { what, count: n as u64, limit: u64::from(u32::MAX - 1) })
}

impl PeopleMatch {
    /// Match the people of `before` and `after` by external id.
    ///
    /// **Complexity** `O(n)` hash look-ups (binary searches for integer
    /// ids) plus `O(n)` sequential bookkeeping. **Parallelism**: the
    /// look-ups run in node blocks on `exec`'s pool; the result does not
    /// depend on the thread count. **Errors**:
    /// [`Error::TooLarge`] when the union has `u32::MAX` people or more;
    /// cancellation / deadline.
    ///
    /// ```
    /// use ona_core::{Exec, IdMap, NodeId};
    /// use ona_core::ona::diff::{PeopleMatch, PersonId};
    /// let exec = Exec::sequential()?;
    /// let before = IdMap::U64(vec![10, 20, 30]);
    /// let after = IdMap::U64(vec![20, 30, 40]);
    /// let m = PeopleMatch::new(&before, &after, &exec)?;
    /// assert_eq!(m.left(), vec![PersonId(0)]); // 10
    /// assert_eq!(m.joined(), vec![PersonId(3)]); // 40
    /// assert_eq!(m.after(PersonId(1)), Some(NodeId(0))); // 20
    /// # Ok::<(), ona_core::Error>(())
    /// ```
    pub fn new(before: &IdMap, after: &IdMap, exec: &Exec) -> Result<Self> {
        let before_n = count_u32("people before", before.len())?;
        count_u32("people after", after.len())?;
        let tracker = exec.tracker("match people", u64::from(before_n));
        let mut to_after = vec![NONE; before.len()];
        exec.install(|| {
            to_after.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
                for (slot, v) in chunk.iter_mut().zip(c * CHUNK..) {
                    let found = u32::try_from(v).ok().and_then(|v| before.external(NodeId(v))).and_then(|id| match id {
                        ExternalId::U64(x) => after.lookup_u64(x),
                        ExternalId::Str(s) => after.lookup_str(s),
                    });
                    *slot = found.map_or(NONE, |x| x.0);
                }
                tracker.advance(chunk.len() as u64)
            })
        })?;
        let mut person_of_after = vec![NONE; after.len()];
        let mut left = 0u32;
        for (v, x) in to_after.iter_mut().enumerate() {
            match person_of_after.get_mut(*x as usize) {
                Some(p) if *p == NONE => *p = count_u32("people", v)?,
                _ => {
                    *x = NONE;
                    left += 1;
                }
            }
        }
        let mut joined = Vec::new();
        for (x, p) in person_of_after.iter_mut().enumerate() {
            if *p == NONE {
                *p = count_u32("people", before.len() + joined.len())?;
                joined.push(count_u32("people", x)?);
            }
        }
        Ok(Self { before_n, to_after, person_of_after, joined, left })
    }

    /// People in either graph.
    pub fn len(&self) -> usize {
        self.before_n as usize + self.joined.len()
    }
    /// Whether neither graph has a node.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Nodes of the earlier graph.
    pub fn before_count(&self) -> usize {
        self.before_n as usize
    }
    /// Nodes of the later graph.
    pub fn after_count(&self) -> usize {
        self.person_of_after.len()
    }
    /// People in both graphs.
    pub fn stayed_count(&self) -> usize {
        self.before_count() - self.left as usize
    }
    /// People only in the earlier graph.
    pub fn left_count(&self) -> usize {
        self.left as usize
    }
    /// People only in the later graph.
    pub fn joined_count(&self) -> usize {
        self.joined.len()
    }
    /// Node of `p` in the earlier graph, if there.
    #[inline]
    pub fn before(&self, p: PersonId) -> Option<NodeId> {
        (p.0 < self.before_n).then_some(NodeId(p.0))
    }
    /// Node of `p` in the later graph, if there.
    #[inline]
    pub fn after(&self, p: PersonId) -> Option<NodeId> {
        if p.0 < self.before_n {
            let x = self.to_after[p.index()];
            (x != NONE).then_some(NodeId(x))
        } else {
            self.joined.get((p.0 - self.before_n) as usize).map(|&x| NodeId(x))
        }
    }
    /// The person of the earlier graph's node `v`.
    pub fn of_before(&self, v: NodeId) -> Option<PersonId> {
        (v.0 < self.before_n).then_some(PersonId(v.0))
    }
    /// The person of the later graph's node `x`.
    #[inline]
    pub fn of_after(&self, x: NodeId) -> Option<PersonId> {
        self.person_of_after.get(x.index()).map(|&p| PersonId(p))
    }
    /// People only in the earlier graph, ascending.
    pub fn left(&self) -> Vec<PersonId> {
        (0..self.before_n).filter(|&v| self.to_after[v as usize] == NONE).map(PersonId).collect()
    }
    /// People only in the later graph, ascending.
    pub fn joined(&self) -> Vec<PersonId> {
        #[allow(clippy::cast_possible_truncation)] // before_n + k < u32::MAX, checked in `new`
        (0..self.joined.len()).map(|k| PersonId(self.before_n + k as u32)).collect()
    }
    /// People in both graphs with their two nodes, ascending.
    pub fn stayed(&self) -> impl Iterator<Item = (PersonId, NodeId, NodeId)> + '_ {
        self.to_after.iter().enumerate().filter(|(_, x)| **x != NONE).map(|(v, &x)| {
            #[allow(clippy::cast_possible_truncation)] // v < before_n: u32
            let v = v as u32;
            (PersonId(v), NodeId(v), NodeId(x))
        })
    }
    /// External id of `p`, from the earlier graph's ids if there, else the
    /// later graph's (pass the maps the match was built from).
    pub fn external<'a>(&self, p: PersonId, before: &'a IdMap, after: &'a IdMap) -> Option<ExternalId<'a>> {
        match self.before(p) {
            Some(v) => before.external(v),
            None => self.after(p).and_then(|x| after.external(x)),
        }
    }
}

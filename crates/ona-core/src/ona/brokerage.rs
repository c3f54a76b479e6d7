//! Gould & Fernandez brokerage roles: for every person, how often they
//! stand between two others on an open two-path, by the groups of the three.
//!
//! **Two-paths counted.** Person `b` brokers the two-path `a -> b -> c`
//! when `a`, `b`, `c` are three distinct people, the arcs `a -> b` and
//! `b -> c` exist, and the arc `a -> c` does **not** (the path is open: `a`
//! does not need `b` to reach `c`). This is the definition of Gould &
//! Fernandez (1989) as implemented by statnet's `sna::brokerage` ("`v` is a
//! broker for distinct `a` and `b` iff `a -> v -> b` and not `a -> b`")
//! and UCINET. Only the arc `a -> c` closes a path; an arc `c -> a` does
//! not. A reciprocated pair `a <-> b` gives no path `a -> b -> a` (`a = c`).
//! Self loops never matter; weights are ignored. Two-paths with a person of
//! [`MISSING`] group anywhere on them are not counted.
//!
//! **Roles**, by the groups `A`, `B`, `C` of `a`, `b`, `c` (the names of
//! `sna::brokerage`):
//! - *coordinator* (`w_I`): `A = B = C`, all in the broker's group;
//! - *itinerant* (consultant, `w_O`): `A = C ≠ B`, the broker outside the
//!   group of both;
//! - *representative* (`b_IO`): `A = B ≠ C`, the broker passes its group's
//!   contact out;
//! - *gatekeeper* (`b_OI`): `A ≠ B = C`, the broker lets an outsider in;
//! - *liaison* (`b_O`): `A`, `B`, `C` all different.
//!
//! Directed graphs only; NetworkX has no brokerage measure. The raw counts
//! are returned; `sna`'s expected values and z-scores are not computed.

use rayon::prelude::*;

use super::groups::{Groups, MAX_GROUPS};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph, MISSING};

/// Brokers per parallel work item and progress step.
const CHUNK: usize = 256;
/// Merge steps between cancellation checks.
const CHECK_EVERY: u64 = 1 << 16;

/// Options of [`brokerage`] (none yet; kept for forward-compatible
/// signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BrokerageConfig {}

/// Gould–Fernandez role counts per person, indexed by node.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Brokerage {
    /// `A -> A -> A`.
    pub coordinator: Vec<u64>,
    /// `A -> B -> A` (itinerant or consultant).
    pub itinerant: Vec<u64>,
    /// `A -> A -> B`.
    pub representative: Vec<u64>,
    /// `A -> B -> B`.
    pub gatekeeper: Vec<u64>,
    /// `A -> B -> C`.
    pub liaison: Vec<u64>,
}

impl Brokerage {
    /// All open two-paths each person brokers (the sum of the five roles).
    pub fn total(&self) -> Vec<u64> {
        (0..self.coordinator.len())
            .map(|v| self.coordinator[v] + self.itinerant[v] + self.representative[v] + self.gatekeeper[v] + self.liaison[v])
            .collect()
    }
}

/// Role slots in a per-node `[u64; 5]`.
const COORDINATOR: usize = 0;
const ITINERANT: usize = 1;
const REPRESENTATIVE: usize = 2;
const GATEKEEPER: usize = 3;
const LIAISON: usize = 4;

#[inline]
fn role(ga: u32, gb: u32, gc: u32) -> usize {
    match (ga == gb, gb == gc) {
        (true, true) => COORDINATOR,
        (true, false) => REPRESENTATIVE,
        (false, true) => GATEKEEPER,
        (false, false) if ga == gc => ITINERANT,
        (false, false) => LIAISON,
    }
}

/// Gould & Fernandez brokerage role counts of every person of a directed
/// graph; definitions in the [module docs](self).
///
/// No NetworkX equivalent; the counts are `sna::brokerage(g, cl)$raw.nli`.
/// **Complexity** `O(Σ_b Σ_{a -> b} min(out(a) + out(b), out(b) log out(a)))`:
/// each in-neighbour's sorted out-list is merged with (or, when much longer,
/// searched by) the broker's. **Parallelism**: brokers in node blocks on
/// `exec`'s pool; exact integer counts, identical for any thread count.
/// **Errors**: [`Error::Unsupported`] for undirected graphs;
/// [`Error::LengthMismatch`] unless one group code per node;
/// [`Error::TooLarge`] above [`MAX_GROUPS`] groups; cancellation / deadline.
///
/// Reference: R. V. Gould, R. M. Fernandez, "Structures of mediation: a
/// formal approach to brokerage in transaction networks", Sociological
/// Methodology 19, 1989.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{brokerage, BrokerageConfig, Groups};
/// let exec = Exec::sequential()?;
/// // The cycle 0 -> 1 -> 2 -> 0; person 0 in group 0, persons 1 and 2 in group 1.
/// let g = GraphBuilder::directed().build(3, &[0, 1, 2], &[1, 2, 0], None, &exec)?;
/// let b = brokerage(&g, Groups::new(&[0, 1, 1]), &BrokerageConfig::default(), &exec)?;
/// assert_eq!(b.itinerant, vec![1, 0, 0]); // 2 -> 0 -> 1
/// assert_eq!(b.gatekeeper, vec![0, 1, 0]); // 0 -> 1 -> 2
/// assert_eq!(b.representative, vec![0, 0, 1]); // 1 -> 2 -> 0
/// assert_eq!(b.total(), vec![1, 1, 1]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn brokerage<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, _cfg: &BrokerageConfig, exec: &Exec) -> Result<Brokerage> {
    if !g.is_directed() {
        return Err(Error::Unsupported { operation: "brokerage", graph_kind: "undirected" });
    }
    let n = g.node_count();
    groups.check(n, MAX_GROUPS)?;
    let tracker = exec.tracker("brokerage", n as u64);
    let mut roles = vec![[0u64; 5]; n];
    exec.install(|| {
        roles.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
            let mut scratch = Scratch::default();
            for (slot, b) in chunk.iter_mut().zip(c * CHUNK..) {
                #[allow(clippy::cast_possible_truncation)] // b < n <= MAX_NODES
                let b = b as u32;
                *slot = roles_of(g, groups, b, &mut scratch, exec)?;
            }
            tracker.advance(chunk.len() as u64)
        })
    })?;
    let column = |r: usize| roles.iter().map(|x| x[r]).collect();
    Ok(Brokerage {
        coordinator: column(COORDINATOR),
        itinerant: column(ITINERANT),
        representative: column(REPRESENTATIVE),
        gatekeeper: column(GATEKEEPER),
        liaison: column(LIAISON),
    })
}

/// Per-task neighbour buffers (compressed storage decodes into them) and
/// the work done since the last cancellation check.
#[derive(Default)]
struct Scratch {
    out_b: Vec<u32>,
    in_b: Vec<u32>,
    out_a: Vec<u32>,
    steps: u64,
}

/// Role counts of broker `b`.
fn roles_of<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, b: u32, s: &mut Scratch, exec: &Exec) -> Result<[u64; 5]> {
    let mut r = [0u64; 5];
    let gb = groups.of(b);
    if gb == MISSING {
        return Ok(r);
    }
    let outs = g.out_adj().neighbors(b, &mut s.out_b);
    let ins = g.in_adj().neighbors(b, &mut s.in_b);
    for &a in ins {
        let ga = groups.of(a);
        if a == b || ga == MISSING {
            continue;
        }
        let oa = g.out_adj().neighbors(a, &mut s.out_a);
        // `a -> c` closes the path: find c in a's sorted out-list, by a
        // merge walk, or by binary search when that list is far longer.
        let search = oa.len() > 8 * outs.len();
        let mut j = 0;
        for &c in outs {
            let gc = groups.of(c);
            if c == b || c == a || gc == MISSING {
                continue;
            }
            let closed = if search {
                oa.binary_search(&c).is_ok()
            } else {
                while j < oa.len() && oa[j] < c {
                    j += 1;
                }
                j < oa.len() && oa[j] == c
            };
            if !closed {
                r[role(ga, gb, gc)] += 1;
            }
        }
        s.steps += (outs.len() + if search { 0 } else { oa.len() }) as u64 + 1;
        if s.steps >= CHECK_EVERY {
            s.steps = 0;
            exec.check()?;
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    #[test]
    fn roles_by_groups() {
        assert_eq!(role(0, 0, 0), COORDINATOR);
        assert_eq!(role(0, 1, 0), ITINERANT);
        assert_eq!(role(0, 0, 1), REPRESENTATIVE);
        assert_eq!(role(0, 1, 1), GATEKEEPER);
        assert_eq!(role(0, 1, 2), LIAISON);
    }

    #[test]
    fn closed_and_reciprocated_paths_do_not_count() {
        let e = exec(1);
        // 0 -> 1 -> 2 closed by 0 -> 2; 0 <-> 1 gives no 0 -> 1 -> 0; 2 -> 1 -> 0
        // is open (only 2 -> 0 would close it; 0 -> 2 does not).
        let g = GraphBuilder::directed().build(3, &[0, 1, 0, 1, 2], &[1, 2, 2, 0, 1], None, &e).expect("g");
        let b = brokerage(&g, Groups::new(&[0, 0, 0]), &BrokerageConfig::default(), &e).expect("b");
        assert_eq!(b.coordinator, vec![0, 1, 0]);
        assert_eq!(b.total(), vec![0, 1, 0]);
    }

    #[test]
    fn errors() {
        let e = exec(1);
        let g = GraphBuilder::undirected().build(3, &[0], &[1], None, &e).expect("g");
        let r = brokerage(&g, Groups::new(&[0, 0, 0]), &BrokerageConfig::default(), &e);
        assert!(matches!(r, Err(Error::Unsupported { operation: "brokerage", graph_kind: "undirected" })));
        let g = GraphBuilder::directed().build(3, &[0], &[1], None, &e).expect("g");
        let r = brokerage(&g, Groups::new(&[0]), &BrokerageConfig::default(), &e);
        assert!(matches!(r, Err(Error::LengthMismatch { .. })));
        let c = exec(1);
        c.token().cancel();
        assert_eq!(brokerage(&g, Groups::new(&[0, 0, 0]), &BrokerageConfig::default(), &c), Err(Error::Cancelled));
    }

    #[test]
    fn threads_and_storage_agree() {
        let (e1, e4) = (exec(1), exec(4));
        let n = 2000u32;
        // A hub (node 0) with a long out-list exercises the binary-search path.
        let mut src: Vec<u32> = (0..20_000u32).map(|i| (i * 7919) % n).collect();
        let mut dst: Vec<u32> = (0..20_000u32).map(|i| (i * 104_729 + 13) % n).collect();
        src.extend(std::iter::repeat_n(0, 1500));
        dst.extend(1..1501);
        let codes: Vec<u32> = (0..n).map(|v| if v % 13 == 0 { MISSING } else { v % 4 }).collect();
        let g = GraphBuilder::directed().build(n as usize, &src, &dst, None, &e1).expect("g");
        let cfg = BrokerageConfig::default();
        let a = brokerage(&g, Groups::new(&codes), &cfg, &e1).expect("b");
        assert_eq!(a, brokerage(&g, Groups::new(&codes), &cfg, &e4).expect("b"));
        assert_eq!(a, brokerage(&g.compress(&e1), Groups::new(&codes), &cfg, &e4).expect("b"));
        assert!(a.total().iter().sum::<u64>() > 0);
    }
}

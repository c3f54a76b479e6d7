//! Ties formed, lost and reweighted between two graphs of the same people.

use rayon::prelude::*;

use super::people::{PeopleMatch, PersonId};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};

/// People per parallel block.
const CHUNK: usize = 1024;

/// Options of [`graph_diff`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DiffConfig {
    /// Compare weights (default). When `false` every tie weighs 1 and none
    /// is ever reweighted.
    pub weighted: bool,
    /// A tie in both graphs is reweighted when its weights differ by more
    /// than this (default 0: any difference).
    pub weight_tolerance: f64,
}

impl Default for DiffConfig {
    fn default() -> Self {
        Self { weighted: true, weight_tolerance: 0.0 }
    }
}

impl DiffConfig {
    /// Compare weights (default `true`).
    #[must_use]
    pub fn weighted(mut self, on: bool) -> Self {
        self.weighted = on;
        self
    }
    /// Smallest weight change that counts (default 0; must be finite, ≥ 0).
    #[must_use]
    pub fn weight_tolerance(mut self, tol: f64) -> Self {
        self.weight_tolerance = tol;
        self
    }
}

/// A tie present in one graph only. Directed: `a -> b`; undirected: the
/// unordered pair with `a <= b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tie {
    /// Source (or lower) person.
    pub a: PersonId,
    /// Target (or higher) person.
    pub b: PersonId,
    /// Its weight in the graph that has it (1 if unweighted).
    pub weight: f64,
}

/// A tie present in both graphs whose weight changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reweight {
    /// Source (or lower) person.
    pub a: PersonId,
    /// Target (or higher) person.
    pub b: PersonId,
    /// Weight in the earlier graph.
    pub before: f64,
    /// Weight in the later graph.
    pub after: f64,
}

impl Reweight {
    /// `after - before`.
    pub fn delta(&self) -> f64 {
        self.after - self.before
    }
}

/// Counts of a [`GraphDiff`]. Always `kept + lost = ties_before` and
/// `kept + formed = ties_after`, `stayed + left = people_before`,
/// `stayed + joined = people_after`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct DiffSummary {
    /// Nodes of the earlier graph.
    pub people_before: u64,
    /// Nodes of the later graph.
    pub people_after: u64,
    /// People in both.
    pub stayed: u64,
    /// People only in the later graph.
    pub joined: u64,
    /// People only in the earlier graph.
    pub left: u64,
    /// Ties of the earlier graph (its `edge_count`).
    pub ties_before: u64,
    /// Ties of the later graph.
    pub ties_after: u64,
    /// Ties in both.
    pub kept: u64,
    /// Ties only in the later graph.
    pub formed: u64,
    /// Ties only in the earlier graph.
    pub lost: u64,
    /// Kept ties whose weight changed beyond the tolerance.
    pub reweighted: u64,
    /// Total tie weight of the earlier graph.
    pub weight_before: f64,
    /// Total tie weight of the later graph.
    pub weight_after: f64,
}

/// What changed between two graphs: see [`graph_diff`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphDiff {
    /// Who is who across the two graphs.
    pub people: PeopleMatch,
    /// Whether ties are directed.
    pub directed: bool,
    /// Ties only in the later graph, sorted by `(a, b)`.
    pub formed: Vec<Tie>,
    /// Ties only in the earlier graph, sorted by `(a, b)`.
    pub lost: Vec<Tie>,
    /// Ties in both with a changed weight, sorted by `(a, b)`.
    pub reweighted: Vec<Reweight>,
    /// Counts.
    pub summary: DiffSummary,
}

/// One block's findings.
#[derive(Default)]
struct Block {
    formed: Vec<Tie>,
    lost: Vec<Tie>,
    reweighted: Vec<Reweight>,
    kept: u64,
    weight_before: f64,
    weight_after: f64,
}

/// Ties formed, lost and reweighted between `before` and `after`, with the
/// people who joined and left, matched by external id ([`PeopleMatch`]).
///
/// A tie is an arc (directed graphs) or an unordered pair (undirected; a
/// self loop is a tie of a person with themselves). A tie is formed when
/// its two people are tied in `after` but not in `before` (including ties
/// of people who joined), lost in the opposite case (including ties of
/// people who left), and reweighted when tied in both with weights
/// differing by more than `cfg.weight_tolerance` (NaN weights never count
/// as changed).
///
/// **Complexity** `O(n + m log d)`: each person's two neighbour lists are
/// merged after sorting the later one by person. **Parallelism**: blocks of
/// people on `exec`'s pool; exact and identical for any thread count.
/// **Errors**: [`Error::InvalidParameter`] when one graph is directed and the
/// other not, or for a negative / non-finite tolerance;
/// [`Error::TooLarge`] beyond `u32::MAX - 1` people in all; cancellation /
/// deadline.
///
/// ```
/// use ona_core::{EdgeWeights, Exec, GraphBuilder};
/// use ona_core::ona::diff::{graph_diff, DiffConfig};
/// let exec = Exec::sequential()?;
/// let ub = GraphBuilder::undirected();
/// // ann-bob (1), bob-cy (1)  →  bob-ann (3), cy-dee (1)
/// let before = ub.build_str(&["ann", "bob", "cy"], &["ann", "bob"], &["bob", "cy"], None, &exec)?;
/// let w = [3.0, 1.0];
/// let after = ub.build_str(&["bob", "ann", "cy", "dee"], &["bob", "cy"], &["ann", "dee"], Some(EdgeWeights::F64(&w)), &exec)?;
/// let d = graph_diff(&before, &after, &DiffConfig::default(), &exec)?;
/// let s = d.summary;
/// assert_eq!((s.kept, s.formed, s.lost, s.reweighted, s.joined, s.left), (1, 1, 1, 1, 1, 0));
/// assert_eq!(d.reweighted[0].delta(), 2.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn graph_diff<A: Adjacency, B: Adjacency>(before: &Graph<A>, after: &Graph<B>, cfg: &DiffConfig, exec: &Exec) -> Result<GraphDiff> {
    let directed = before.is_directed();
    if after.is_directed() != directed {
        let kind = if after.is_directed() { "directed" } else { "undirected" };
        return Err(Error::invalid_param("after", kind, "a graph with the same direction as before"));
    }
    let tol = cfg.weight_tolerance;
    if !(tol >= 0.0 && tol.is_finite()) {
        return Err(Error::invalid_param("weight_tolerance", tol, "a finite number >= 0"));
    }
    let people = PeopleMatch::new(before.ids(), after.ids(), exec)?;
    let total = people.len();
    let tracker = exec.tracker("graph diff", total as u64);
    let blocks: Vec<Block> = exec.install(|| {
        (0..total.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let mut out = Block::default();
                let (mut bl, mut al) = (Vec::new(), Vec::new());
                for p in c * CHUNK..total.min((c + 1) * CHUNK) {
                    #[allow(clippy::cast_possible_truncation)] // people < u32::MAX, checked by PeopleMatch
                    let p = PersonId(p as u32);
                    lists(before, after, &people, p, cfg.weighted, &mut bl, &mut al);
                    merge(p, &bl, &al, tol, &mut out);
                }
                tracker.advance((total.min((c + 1) * CHUNK) - c * CHUNK) as u64)?;
                Ok(out)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut d =
        GraphDiff { people, directed, formed: Vec::new(), lost: Vec::new(), reweighted: Vec::new(), summary: DiffSummary::default() };
    let (mut kept, mut wb, mut wa) = (0u64, 0.0, 0.0);
    for b in blocks {
        d.formed.extend(b.formed);
        d.lost.extend(b.lost);
        d.reweighted.extend(b.reweighted);
        kept += b.kept;
        wb += b.weight_before;
        wa += b.weight_after;
    }
    let p = &d.people;
    d.summary = DiffSummary {
        people_before: p.before_count() as u64,
        people_after: p.after_count() as u64,
        stayed: p.stayed_count() as u64,
        joined: p.joined_count() as u64,
        left: p.left_count() as u64,
        ties_before: before.edge_count(),
        ties_after: after.edge_count(),
        kept,
        formed: d.formed.len() as u64,
        lost: d.lost.len() as u64,
        reweighted: d.reweighted.len() as u64,
        weight_before: wb,
        weight_after: wa,
    };
    Ok(d)
}

/// `p`'s ties in each graph as `(person, weight)` ascending by person:
/// all out-ties when directed, else those to people `>= p` (so each
/// undirected tie is seen once, at its lower person).
fn lists<A: Adjacency, B: Adjacency>(
    before: &Graph<A>,
    after: &Graph<B>,
    people: &PeopleMatch,
    p: PersonId,
    weighted: bool,
    bl: &mut Vec<(u32, f64)>,
    al: &mut Vec<(u32, f64)>,
) {
    let directed = before.is_directed();
    bl.clear();
    al.clear();
    let w = |x: f64| if weighted { x } else { 1.0 };
    if let Some(v) = people.before(p) {
        // Before-graph nodes are their own person ids: already ascending.
        before.out_adj().for_each_weighted(v.0, |u, x| {
            if directed || u >= p.0 {
                bl.push((u, w(x)));
            }
        });
    }
    if let Some(x) = people.after(p) {
        after.out_adj().for_each_weighted(x.0, |y, wt| {
            if let Some(q) = people.of_after(crate::ids::NodeId(y))
                && (directed || q.0 >= p.0)
            {
                al.push((q.0, w(wt)));
            }
        });
        al.sort_unstable_by_key(|e| e.0);
    }
}

/// Merge `p`'s two sorted tie lists into `out`.
fn merge(p: PersonId, bl: &[(u32, f64)], al: &[(u32, f64)], tol: f64, out: &mut Block) {
    let (mut i, mut j) = (0, 0);
    out.weight_before += bl.iter().map(|e| e.1).sum::<f64>();
    out.weight_after += al.iter().map(|e| e.1).sum::<f64>();
    loop {
        match (bl.get(i), al.get(j)) {
            (None, None) => break,
            (Some(&(u, wb)), Some(&(v, wa))) if u == v => {
                out.kept += 1;
                if (wa - wb).abs() > tol {
                    out.reweighted.push(Reweight { a: p, b: PersonId(u), before: wb, after: wa });
                }
                i += 1;
                j += 1;
            }
            (Some(&(u, wb)), None) => {
                out.lost.push(Tie { a: p, b: PersonId(u), weight: wb });
                i += 1;
            }
            (Some(&(u, wb)), Some(&(v, _))) if u < v => {
                out.lost.push(Tie { a: p, b: PersonId(u), weight: wb });
                i += 1;
            }
            (_, Some(&(v, wa))) => {
                out.formed.push(Tie { a: p, b: PersonId(v), weight: wa });
                j += 1;
            }
        }
    }
}

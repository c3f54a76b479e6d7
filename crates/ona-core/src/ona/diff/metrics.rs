//! Per-person metric deltas between two graphs, and the largest changes.

use std::cmp::Ordering;

use super::people::{PeopleMatch, PersonId};
use crate::error::{Error, Result};
use crate::scores::Scores;

/// One metric of the people in both graphs; `before[i]`, `after[i]` and
/// `delta[i]` belong to [`MetricDeltas::people`]`[i]`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MetricDelta {
    /// The metric's name, as given.
    pub name: String,
    /// Values in the earlier graph.
    pub before: Vec<f64>,
    /// Values in the later graph.
    pub after: Vec<f64>,
    /// `after - before` (NaN when either is NaN, or both are the same infinity).
    pub delta: Vec<f64>,
}

/// One person's change in one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Who.
    pub person: PersonId,
    /// Value before.
    pub before: f64,
    /// Value after.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
}

/// The largest increases and decreases of one metric.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct TopChanges {
    /// Largest positive deltas, largest first.
    pub increases: Vec<Change>,
    /// Most negative deltas, most negative first.
    pub decreases: Vec<Change>,
}

/// Metric deltas of the people present in both graphs: see [`metric_deltas`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct MetricDeltas {
    /// The people in both graphs, ascending.
    pub people: Vec<PersonId>,
    /// One entry per metric named on both sides, in the earlier side's order.
    pub metrics: Vec<MetricDelta>,
    /// Names given on one side only (earlier side's first), not compared.
    pub unmatched: Vec<String>,
}

impl MetricDeltas {
    /// The metric called `name`.
    pub fn metric(&self, name: &str) -> Option<&MetricDelta> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// The `k` largest increases and the `k` largest decreases of metric
    /// `name`. Zero and NaN deltas are in neither list; equal deltas are
    /// ordered by person.
    ///
    /// **Complexity** `O(s log s)` for `s` people in both graphs.
    /// **Errors**: [`Error::InvalidParameter`] for a metric not compared.
    pub fn top_changes(&self, name: &str, k: usize) -> Result<TopChanges> {
        let m = self.metric(name).ok_or_else(|| Error::invalid_param("metric", name, "a metric named in both inputs"))?;
        let change = |i: usize| Change { person: self.people[i], before: m.before[i], after: m.after[i], delta: m.delta[i] };
        let pick = |keep: fn(f64) -> bool, order: fn(f64, f64) -> Ordering| {
            let mut idx: Vec<usize> = (0..m.delta.len()).filter(|&i| keep(m.delta[i])).collect();
            idx.sort_by(|&i, &j| order(m.delta[i], m.delta[j]).then(i.cmp(&j)));
            idx.truncate(k);
            idx.into_iter().map(change).collect()
        };
        Ok(TopChanges { increases: pick(|d| d > 0.0, |a, b| b.total_cmp(&a)), decreases: pick(|d| d < 0.0, |a, b| a.total_cmp(&b)) })
    }
}

/// Per-person changes of named metrics between two graphs.
///
/// `before` holds named columns over the earlier graph's nodes (`Scores`
/// indexed by its [`NodeId`](crate::NodeId)s), `after` over the later
/// graph's; `people` says who is who. Metrics are matched by name; a name
/// given on one side only is listed in [`MetricDeltas::unmatched`]. Only
/// people in both graphs get a delta (joiners and leavers have no
/// "before" or "after"). Values are copied as they are: a NaN (undefined,
/// e.g. reciprocity of an isolated person) gives a NaN delta, which
/// [`MetricDeltas::top_changes`] skips.
///
/// **Complexity** `O(s · c)` for `s` people in both and `c` metrics.
/// **Errors**: [`Error::LengthMismatch`] when a column's length is not its
/// graph's node count; [`Error::InvalidParameter`] for a name repeated on
/// one side.
///
/// ```
/// use ona_core::{Exec, IdMap, Scores};
/// use ona_core::ona::diff::{metric_deltas, PeopleMatch};
/// let exec = Exec::sequential()?;
/// let m = PeopleMatch::new(&IdMap::U64(vec![1, 2]), &IdMap::U64(vec![2, 3]), &exec)?;
/// let (b, a) = (Scores(vec![0.5, 0.25]), Scores(vec![1.0, 0.0]));
/// let d = metric_deltas(&m, &[("degree", &b)], &[("degree", &a)])?;
/// assert_eq!(d.metric("degree").unwrap().delta, vec![0.75]); // person 2
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn metric_deltas(people: &PeopleMatch, before: &[(&str, &Scores)], after: &[(&str, &Scores)]) -> Result<MetricDeltas> {
    check_columns(before, people.before_count(), "metric column (before)")?;
    check_columns(after, people.after_count(), "metric column (after)")?;
    let stayed: Vec<_> = people.stayed().collect();
    let mut out = MetricDeltas { people: stayed.iter().map(|s| s.0).collect(), ..MetricDeltas::default() };
    for &(name, b) in before {
        let Some(&(_, a)) = after.iter().find(|c| c.0 == name) else {
            out.unmatched.push(name.to_owned());
            continue;
        };
        let bv: Vec<f64> = stayed.iter().map(|s| b[s.1.index()]).collect();
        let av: Vec<f64> = stayed.iter().map(|s| a[s.2.index()]).collect();
        let delta = bv.iter().zip(&av).map(|(x, y)| y - x).collect();
        out.metrics.push(MetricDelta { name: name.to_owned(), before: bv, after: av, delta });
    }
    out.unmatched.extend(after.iter().filter(|c| !before.iter().any(|b| b.0 == c.0)).map(|c| c.0.to_owned()));
    Ok(out)
}

fn check_columns(cols: &[(&str, &Scores)], n: usize, what: &'static str) -> Result<()> {
    for (i, &(name, s)) in cols.iter().enumerate() {
        if s.len() != n {
            return Err(Error::LengthMismatch { what, expected: n as u64, found: s.len() as u64 });
        }
        if cols[..i].iter().any(|c| c.0 == name) {
            return Err(Error::invalid_param("metric", name, "distinct metric names on each side"));
        }
    }
    Ok(())
}

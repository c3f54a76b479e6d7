//! Community drift: how the communities of two graphs correspond, which
//! split, merged, appeared or vanished, and NMI / ARI on the people in both.

use rayon::prelude::*;

use super::people::PeopleMatch;
use crate::Partition;
use crate::algo::community::{adjusted_rand_index, normalized_mutual_information, variation_of_information};
use crate::error::{Error, Result};
use crate::exec::Exec;

/// Options of [`community_drift`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DriftConfig {
    /// A community counts as split into (or merged from) every community
    /// holding at least this share of its people present in both graphs
    /// (default 0.25; in `(0, 1]`).
    pub min_share: f64,
    /// Pairs with a Jaccard overlap below this are never matched (default
    /// 0: any common person; in `[0, 1]`).
    pub min_jaccard: f64,
}

impl Default for DriftConfig {
    fn default() -> Self {
        Self { min_share: 0.25, min_jaccard: 0.0 }
    }
}

impl DriftConfig {
    /// Share that makes a piece of a split or merge (default 0.25).
    #[must_use]
    pub fn min_share(mut self, share: f64) -> Self {
        self.min_share = share;
        self
    }
    /// Smallest Jaccard overlap of a match (default 0).
    #[must_use]
    pub fn min_jaccard(mut self, j: f64) -> Self {
        self.min_jaccard = j;
        self
    }
}

/// A community of the earlier graph matched to one of the later graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommunityMatch {
    /// Label in the earlier partition.
    pub before: u32,
    /// Label in the later partition.
    pub after: u32,
    /// People in both communities.
    pub overlap: u64,
    /// `overlap / (size_before + size_after - overlap)`.
    pub jaccard: f64,
    /// People of `before` (in the earlier graph, leavers included).
    pub size_before: u64,
    /// People of `after` (in the later graph, joiners included).
    pub size_after: u64,
}

/// An earlier community whose people went to several later ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Label in the earlier partition.
    pub before: u32,
    /// Later labels that each received at least `min_share` of its staying people, ascending.
    pub into: Vec<u32>,
}

/// A later community drawn from several earlier ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// Label in the later partition.
    pub after: u32,
    /// Earlier labels that each gave at least `min_share` of its staying people, ascending.
    pub from: Vec<u32>,
}

/// How communities changed: see [`community_drift`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CommunityDrift {
    /// People in both graphs (those NMI, ARI and VI are computed on).
    pub common: u64,
    /// Normalized mutual information of the two partitions restricted to
    /// the common people (NaN when there are none).
    pub nmi: f64,
    /// Adjusted Rand index on the common people (NaN when there are none).
    pub ari: f64,
    /// Variation of information (nats) on the common people (NaN when none).
    pub vi: f64,
    /// One-to-one matches, greedy by Jaccard overlap; sorted by `before`.
    pub matches: Vec<CommunityMatch>,
    /// Earlier communities split over several later ones, by `before`.
    pub splits: Vec<Split>,
    /// Later communities merged from several earlier ones, by `after`.
    pub merges: Vec<Merge>,
    /// Later communities neither matched nor part of a split, ascending.
    pub new: Vec<u32>,
    /// Earlier communities neither matched nor part of a merge, ascending.
    pub vanished: Vec<u32>,
}

/// Compare the communities of two graphs of (partly) the same people.
///
/// `before` labels the earlier graph's nodes, `after` the later graph's
/// (any `u32` labels); `people` says who is who.
///
/// - **Agreement**: NMI, ARI and VI ([`crate::algo::community`]'s
///   `normalized_mutual_information` etc.) of the two partitions
///   restricted to the people present in both.
/// - **Matching**: every pair of communities sharing a person has a
///   Jaccard overlap `|C ∩ D| / |C ∪ D|` over all their people (leavers
///   and joiners enlarge the union). Pairs are matched one-to-one
///   **greedily**, highest Jaccard first (ties: lower `before` label, then
///   lower `after` label), skipping pairs below `min_jaccard`. Greedy
///   matching is at least half the weight of an optimal (Hungarian) one
///   and, unlike it, is `O(p log p)` in the `p` overlapping pairs.
/// - **Splits / merges**: an earlier community is split when at least two
///   later communities each hold at least `min_share` of its people present
///   in both graphs; symmetrically for merges.
/// - **Vanished / new**: unmatched earlier communities that are not among a
///   merge's sources; unmatched later ones that are not among a split's
///   parts.
///
/// **Complexity** `O(n log n)` (sorts of labels and label pairs).
/// **Parallelism**: the sorts run on `exec`'s pool; exact.
/// **Errors**: [`Error::LengthMismatch`] when a partition's length is not
/// its graph's node count; [`Error::InvalidParameter`] for `min_share`
/// outside `(0, 1]` or `min_jaccard` outside `[0, 1]`.
///
/// ```
/// use ona_core::{Exec, IdMap, Partition};
/// use ona_core::ona::diff::{community_drift, DriftConfig, PeopleMatch};
/// let exec = Exec::sequential()?;
/// let ids = IdMap::U64(vec![1, 2, 3, 4]);
/// let m = PeopleMatch::new(&ids, &ids, &exec)?;
/// // {1,2,3,4} splits into {1,2} and {3,4}
/// let d = community_drift(&m, &Partition(vec![0, 0, 0, 0]), &Partition(vec![0, 0, 1, 1]), &DriftConfig::default(), &exec)?;
/// assert_eq!(d.splits[0].into, vec![0, 1]);
/// assert_eq!((d.matches.len(), d.matches[0].jaccard), (1, 0.5));
/// assert!(d.new.is_empty() && d.vanished.is_empty());
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn community_drift(
    people: &PeopleMatch,
    before: &Partition,
    after: &Partition,
    cfg: &DriftConfig,
    exec: &Exec,
) -> Result<CommunityDrift> {
    check(before, people.before_count(), "partition (before)")?;
    check(after, people.after_count(), "partition (after)")?;
    if !(cfg.min_share > 0.0 && cfg.min_share <= 1.0) {
        return Err(Error::invalid_param("min_share", cfg.min_share, "a share in (0, 1]"));
    }
    if !(cfg.min_jaccard >= 0.0 && cfg.min_jaccard <= 1.0) {
        return Err(Error::invalid_param("min_jaccard", cfg.min_jaccard, "a value in [0, 1]"));
    }
    let (rb, ra): (Vec<u32>, Vec<u32>) = people.stayed().map(|(_, v, x)| (before.0[v.index()], after.0[x.index()])).unzip();
    let common = rb.len() as u64;
    let (rb, ra) = (Partition(rb), Partition(ra));
    let (nmi, ari, vi) = if common == 0 {
        (f64::NAN, f64::NAN, f64::NAN)
    } else {
        (normalized_mutual_information(&rb, &ra)?, adjusted_rand_index(&rb, &ra)?, variation_of_information(&rb, &ra)?)
    };
    let sizes_b = sizes(&before.0, exec);
    let sizes_a = sizes(&after.0, exec);
    exec.check()?;
    // (before label, after label, overlap), sorted by the pair.
    let mut keys: Vec<u64> = rb.0.iter().zip(&ra.0).map(|(&p, &q)| (u64::from(p) << 32) | u64::from(q)).collect();
    exec.install(|| keys.par_sort_unstable());
    let mut joint: Vec<(u32, u32, u64)> = Vec::new();
    for k in keys {
        #[allow(clippy::cast_possible_truncation)] // the two halves of a u64
        let (p, q) = ((k >> 32) as u32, k as u32);
        match joint.last_mut() {
            Some(last) if last.0 == p && last.1 == q => last.2 += 1,
            _ => joint.push((p, q, 1)),
        }
    }
    let size = |s: &[(u32, u64)], l: u32| s.binary_search_by_key(&l, |e| e.0).map_or(0, |i| s[i].1);
    let jaccard = |&(p, q, o): &(u32, u32, u64)| {
        let union = size(&sizes_b, p) + size(&sizes_a, q) - o;
        o as f64 / union as f64
    };
    // Greedy one-to-one matching.
    let mut order: Vec<usize> = (0..joint.len()).filter(|&i| jaccard(&joint[i]) >= cfg.min_jaccard).collect();
    order.sort_by(|&i, &j| jaccard(&joint[j]).total_cmp(&jaccard(&joint[i])).then(i.cmp(&j)));
    let (mut used_b, mut used_a) = (vec![false; sizes_b.len()], vec![false; sizes_a.len()]);
    let pos = |s: &[(u32, u64)], l: u32| s.binary_search_by_key(&l, |e| e.0).unwrap_or(0);
    let mut matches = Vec::new();
    for i in order {
        let (p, q, o) = joint[i];
        let (ib, ia) = (pos(&sizes_b, p), pos(&sizes_a, q));
        if used_b[ib] || used_a[ia] {
            continue;
        }
        used_b[ib] = true;
        used_a[ia] = true;
        matches.push(CommunityMatch {
            before: p,
            after: q,
            overlap: o,
            jaccard: jaccard(&joint[i]),
            size_before: sizes_b[ib].1,
            size_after: sizes_a[ia].1,
        });
    }
    matches.sort_by_key(|m| m.before);
    // Splits: joint is grouped by before label.
    let mut splits = Vec::new();
    for group in joint.chunk_by(|x, y| x.0 == y.0) {
        let staying: u64 = group.iter().map(|e| e.2).sum();
        let into: Vec<u32> = group.iter().filter(|e| e.2 as f64 >= cfg.min_share * staying as f64).map(|e| e.1).collect();
        if into.len() >= 2 {
            splits.push(Split { before: group[0].0, into });
        }
    }
    joint.sort_unstable_by_key(|e| (e.1, e.0));
    let mut merges = Vec::new();
    for group in joint.chunk_by(|x, y| x.1 == y.1) {
        let staying: u64 = group.iter().map(|e| e.2).sum();
        let from: Vec<u32> = group.iter().filter(|e| e.2 as f64 >= cfg.min_share * staying as f64).map(|e| e.0).collect();
        if from.len() >= 2 {
            merges.push(Merge { after: group[0].1, from });
        }
    }
    let mut in_merge = vec![false; sizes_b.len()];
    merges.iter().flat_map(|m| &m.from).for_each(|&l| in_merge[pos(&sizes_b, l)] = true);
    let mut in_split = vec![false; sizes_a.len()];
    splits.iter().flat_map(|s| &s.into).for_each(|&l| in_split[pos(&sizes_a, l)] = true);
    let unclaimed = |s: &[(u32, u64)], used: &[bool], part: &[bool]| -> Vec<u32> {
        s.iter().zip(used.iter().zip(part)).filter(|(_, (u, p))| !**u && !**p).map(|(e, _)| e.0).collect()
    };
    let vanished = unclaimed(&sizes_b, &used_b, &in_merge);
    let new = unclaimed(&sizes_a, &used_a, &in_split);
    Ok(CommunityDrift { common, nmi, ari, vi, matches, splits, merges, new, vanished })
}

fn check(p: &Partition, n: usize, what: &'static str) -> Result<()> {
    if p.0.len() == n { Ok(()) } else { Err(Error::LengthMismatch { what, expected: n as u64, found: p.0.len() as u64 }) }
}

/// `(label, count)` ascending by label.
fn sizes(labels: &[u32], exec: &Exec) -> Vec<(u32, u64)> {
    let mut l = labels.to_vec();
    exec.install(|| l.par_sort_unstable());
    let mut out: Vec<(u32, u64)> = Vec::new();
    for x in l {
        match out.last_mut() {
            Some(last) if last.0 == x => last.1 += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

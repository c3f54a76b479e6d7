//! What changed between two graphs of the same organisation (two time
//! windows, or two exports): people who joined or left, ties added and
//! removed, headline numbers side by side, the people whose brokerage moved
//! most, and each group's E-I index before and after. People are matched by
//! their external id.

use std::collections::{HashMap, HashSet};

use ona_core::NodeId;

use super::analyze::{Analysis, ties};

/// A headline number: label, value, decimals.
pub type Figure = (&'static str, f64, usize);

/// The headline numbers of one analysis, in display order.
pub fn figures(a: &Analysis<'_>) -> Vec<Figure> {
    let g = a.graph;
    let n = g.node_count() as f64;
    let largest = a.component_sizes.iter().copied().max().unwrap_or(0) as f64;
    let mut out = vec![
        ("people", n, 0),
        ("ties", (g.edge_count() - g.self_loop_count()) as f64, 0),
        ("ties per person", if n > 0.0 { a.degree.sum() / n } else { f64::NAN }, 1),
        ("density", a.density(), 4),
        ("components", a.component_sizes.len() as f64, 0),
        ("share in the largest component", if n > 0.0 { largest / n } else { f64::NAN }, 3),
        ("isolated people", a.isolates() as f64, 0),
        ("average clustering", a.clustering, 3),
        ("communities", a.communities.count() as f64, 0),
        ("modularity", a.modularity, 3),
        ("single points of failure", a.cut.points.len() as f64, 0),
        ("bridges", a.bridges.len() as f64, 0),
    ];
    if let Some(r) = a.reciprocity {
        out.push(("reciprocity", r, 3));
    }
    if let Some(gf) = &a.groups {
        out.push(("E-I index between groups", gf.ei.network, 3));
    }
    out
}

/// A person present in both graphs whose brokerage changed.
#[derive(Debug, Clone)]
pub struct Mover {
    /// Node in the later graph.
    pub after: NodeId,
    /// Betweenness before and after.
    pub betweenness: (f64, f64),
    /// Ties before and after.
    pub degree: (f64, f64),
}

/// A group's E-I index before and after.
#[derive(Debug, Clone)]
pub struct GroupChange {
    /// The group's label.
    pub label: String,
    /// Members before and after.
    pub size: (u64, u64),
    /// E-I index before and after.
    pub ei: (f64, f64),
}

/// The difference between an earlier and a later graph.
#[derive(Debug, Clone)]
pub struct Change {
    /// Headline numbers before and after (same labels, same order where both have them).
    pub figures: Vec<(&'static str, f64, f64, usize)>,
    /// People only in the later graph.
    pub joined: u64,
    /// People only in the earlier graph.
    pub left: u64,
    /// People in both.
    pub stayed: u64,
    /// Ties only in the later graph.
    pub ties_added: u64,
    /// Ties only in the earlier graph.
    pub ties_removed: u64,
    /// Ties in both.
    pub ties_kept: u64,
    /// People in both, by the largest change in betweenness first.
    pub movers: Vec<Mover>,
    /// Groups shown in both graphs (at least the minimum size in each),
    /// by label.
    pub groups: Vec<GroupChange>,
    /// Groups in either graph left out for being small in one of them.
    pub groups_suppressed: usize,
}

/// Compare `before` with `after`, keeping the `top` largest movers.
///
/// **Complexity** `O((n + m) log)` over both graphs (hash maps of ids and
/// ties). Sequential.
pub fn compare(before: &Analysis<'_>, after: &Analysis<'_>, top: usize) -> Change {
    let (gb, ga) = (before.graph, after.graph);
    let id = |g: &ona_core::Graph, v: u32| g.ids().external(NodeId(v)).map(|x| x.to_string()).unwrap_or_default();
    let index: HashMap<String, u32> = (0u32..).take(gb.node_count()).map(|v| (id(gb, v), v)).collect();
    // Node of the earlier graph for each node of the later one.
    let map: Vec<Option<u32>> = (0u32..).take(ga.node_count()).map(|v| index.get(&id(ga, v)).copied()).collect();
    let stayed = map.iter().flatten().count() as u64;
    let directed = gb.is_directed() || ga.is_directed();
    let key = |u: u32, v: u32| if directed || u <= v { (u, v) } else { (v, u) };
    let old: HashSet<(u32, u32)> = ties(gb).into_iter().map(|(u, v, _)| key(u, v)).collect();
    let new = ties(ga);
    let kept = new
        .iter()
        .filter(|(u, v, _)| matches!((map[*u as usize], map[*v as usize]), (Some(x), Some(y)) if old.contains(&key(x, y))))
        .count() as u64;

    let mut movers: Vec<Mover> = map
        .iter()
        .enumerate()
        .filter_map(|(v, b)| {
            let b = (*b)? as usize;
            Some(Mover {
                after: NodeId(u32::try_from(v).ok()?),
                betweenness: (before.betweenness[b], after.betweenness[v]),
                degree: (before.degree[b], after.degree[v]),
            })
        })
        .collect();
    let delta = |m: &Mover| {
        let d = (m.betweenness.1 - m.betweenness.0).abs();
        if d.is_finite() { d } else { 0.0 }
    };
    movers.sort_by(|x, y| delta(y).partial_cmp(&delta(x)).unwrap_or(std::cmp::Ordering::Equal).then(x.after.cmp(&y.after)));
    movers.truncate(top);

    let fb = figures(before);
    let figures =
        figures(after).into_iter().filter_map(|(label, a, prec)| fb.iter().find(|f| f.0 == label).map(|f| (label, f.1, a, prec))).collect();
    let (groups, groups_suppressed) = group_changes(before, after);
    Change {
        figures,
        joined: ga.node_count() as u64 - stayed,
        left: gb.node_count() as u64 - stayed,
        stayed,
        ties_added: new.len() as u64 - kept,
        ties_removed: old.len() as u64 - kept,
        ties_kept: kept,
        movers,
        groups,
        groups_suppressed,
    }
}

fn group_changes(before: &Analysis<'_>, after: &Analysis<'_>) -> (Vec<GroupChange>, usize) {
    let (Some(b), Some(a)) = (&before.groups, &after.groups) else { return (Vec::new(), 0) };
    let of = |gf: &super::analyze::GroupFacts, label: &str| gf.labels.iter().position(|l| l == label).filter(|&c| gf.sizes[c] > 0);
    let mut labels: Vec<&String> = a.labels.iter().chain(&b.labels).collect();
    labels.sort();
    labels.dedup();
    let mut out = Vec::new();
    let mut suppressed = 0;
    for label in labels {
        let (cb, ca) = (of(b, label), of(a, label));
        if cb.is_none() && ca.is_none() {
            continue;
        }
        let shown = |gf: &super::analyze::GroupFacts, c: Option<usize>| c.is_none_or(|c| gf.shown[c]);
        if !(shown(b, cb) && shown(a, ca)) {
            suppressed += 1;
            continue;
        }
        let size = |gf: &super::analyze::GroupFacts, c: Option<usize>| c.map_or(0, |c| gf.sizes[c]);
        let ei = |gf: &super::analyze::GroupFacts, c: Option<usize>| c.map_or(f64::NAN, |c| gf.ei.group[c]);
        out.push(GroupChange { label: label.clone(), size: (size(b, cb), size(a, ca)), ei: (ei(b, cb), ei(a, ca)) });
    }
    (out, suppressed)
}

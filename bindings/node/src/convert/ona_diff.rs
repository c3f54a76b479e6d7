//! Options and results of the temporal diff, the view simplification and
//! the privacy helpers. People of a diff are *person* indices
//! (`ona_core::ona::diff::PersonId`): `0..beforeCount` are the earlier
//! graph's nodes, the rest the joiners, whose later node is
//! `joinedAfter[p - beforeCount]`; the facade maps them to ids.

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::Scores;
use ona_core::algo::centrality::{self as c, Direction};
use ona_core::ona::diff::{Change, DiffConfig, DriftConfig, PersonId, TemporalConfig, TemporalDiff, Tie};
use ona_core::ona::{LayoutConfig, PackConfig, PrivacyConfig, Quotient, View, ViewConfig};
use ona_core::{Exec, Graph};

use super::{count, size};
use crate::error::{self, Result};

/// Options of `temporalDiff`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Categorical attribute (on both graphs) giving the pack's groups.
    pub group_by: Option<String>,
    /// Compute the whole metric pack and the role changes (default `false`).
    pub pack: Option<bool>,
    /// Compare weights (default `true`).
    pub weight: Option<bool>,
    /// Smallest weight change that counts (0).
    pub weight_tolerance: Option<f64>,
    /// Share of a community that makes a piece of a split or merge (0.25).
    pub min_share: Option<f64>,
    /// Smallest Jaccard overlap of a match (0).
    pub min_jaccard: Option<f64>,
    /// Groups below this size are suppressed in the pack (5).
    pub min_group_size: Option<f64>,
    /// Changes listed per metric in `topChanges` (10).
    pub top_k: Option<f64>,
}

impl DiffOptions {
    /// The core configuration and the `k` of the top changes.
    pub fn config(&self) -> Result<(TemporalConfig, usize)> {
        let (dd, dr) = (DiffConfig::default(), DriftConfig::default());
        let diff = DiffConfig::default()
            .weighted(self.weight.unwrap_or(dd.weighted))
            .weight_tolerance(self.weight_tolerance.unwrap_or(dd.weight_tolerance));
        let drift = DriftConfig::default()
            .min_share(self.min_share.unwrap_or(dr.min_share))
            .min_jaccard(self.min_jaccard.unwrap_or(dr.min_jaccard));
        let mut cfg = TemporalConfig::default().diff(diff).drift(drift);
        let pack = self.pack.unwrap_or(false);
        if pack {
            let min = self.min_group_size.map_or(Ok(PrivacyConfig::default().min_group_size), |x| size("minGroupSize", x))?;
            cfg = cfg.pack(PackConfig::default().privacy(PrivacyConfig::default().min_group_size(min)));
        }
        if let Some(name) = &self.group_by {
            if !pack {
                return Err(error::invalid("groupBy", name, "pack: true (groups are used by the metric pack and its roles)"));
            }
            cfg = cfg.groups(name);
        }
        let k = self.top_k.map_or(Ok(10), |x| size("topK", x))?;
        if k == 0 {
            return Err(error::invalid("topK", k, "at least 1"));
        }
        Ok((cfg, k))
    }
}

/// Counts of the diff (JS numbers).
#[napi(object)]
pub struct DiffSummaryOut {
    pub people_before: f64,
    pub people_after: f64,
    pub stayed: f64,
    pub joined: f64,
    pub left: f64,
    pub ties_before: f64,
    pub ties_after: f64,
    pub kept: f64,
    pub formed: f64,
    pub lost: f64,
    pub reweighted: f64,
    pub weight_before: f64,
    pub weight_after: f64,
}

/// Ties present in one graph only, as person columns.
#[napi(object)]
pub struct TieListOut {
    pub a: Uint32Array,
    pub b: Uint32Array,
    pub weight: Float64Array,
}

/// Ties in both graphs whose weight changed.
#[napi(object)]
pub struct ReweightOut {
    pub a: Uint32Array,
    pub b: Uint32Array,
    pub before: Float64Array,
    pub after: Float64Array,
}

/// One metric of the people in both graphs, aligned with `stayed`.
#[napi(object)]
pub struct MetricDeltaOut {
    pub name: String,
    pub before: Float64Array,
    pub after: Float64Array,
    pub delta: Float64Array,
}

/// Changes of one metric, as columns (person, before, after, delta).
#[napi(object)]
pub struct ChangesOut {
    pub person: Uint32Array,
    pub before: Float64Array,
    pub after: Float64Array,
    pub delta: Float64Array,
}

/// The largest increases and decreases of one metric.
#[napi(object)]
pub struct TopChangesOut {
    pub metric: String,
    pub increases: ChangesOut,
    pub decreases: ChangesOut,
}

/// Who became or stopped being one role.
#[napi(object)]
pub struct RoleChangeOut {
    pub role: String,
    pub count_before: f64,
    pub count_after: f64,
    pub became: Uint32Array,
    pub stopped: Uint32Array,
    pub kept: Uint32Array,
    pub joined_as: Uint32Array,
    pub left_as: Uint32Array,
}

/// A matched pair of communities.
#[napi(object)]
pub struct CommunityMatchOut {
    pub before: u32,
    pub after: u32,
    pub overlap: f64,
    pub jaccard: f64,
    pub size_before: f64,
    pub size_after: f64,
}

/// An earlier community split over later ones.
#[napi(object)]
pub struct SplitOut {
    pub before: u32,
    pub into: Vec<u32>,
}

/// A later community merged from earlier ones.
#[napi(object)]
pub struct MergeOut {
    pub after: u32,
    pub from: Vec<u32>,
}

/// How the communities changed.
#[napi(object)]
pub struct DriftOut {
    pub common: f64,
    pub nmi: f64,
    pub ari: f64,
    pub vi: f64,
    pub matches: Vec<CommunityMatchOut>,
    pub splits: Vec<SplitOut>,
    pub merges: Vec<MergeOut>,
    pub new: Vec<u32>,
    pub vanished: Vec<u32>,
}

/// The whole temporal diff, people as person indices.
#[napi(object)]
pub struct TemporalDiffOut {
    pub directed: bool,
    /// Persons below this are the earlier graph's nodes.
    pub before_count: u32,
    /// Later node of each joined person (`p - beforeCount`).
    pub joined_after: Uint32Array,
    pub summary: DiffSummaryOut,
    pub joined: Uint32Array,
    pub left: Uint32Array,
    pub formed: TieListOut,
    pub lost: TieListOut,
    pub reweighted: ReweightOut,
    /// People in both graphs: the order of every metric column.
    pub stayed: Uint32Array,
    pub metrics: Vec<MetricDeltaOut>,
    pub top_changes: Vec<TopChangesOut>,
    pub roles: Option<Vec<RoleChangeOut>>,
    pub communities_before: Uint32Array,
    pub communities_after: Uint32Array,
    pub drift: DriftOut,
}

fn persons(p: &[PersonId]) -> Uint32Array {
    Uint32Array::new(p.iter().map(|x| x.0).collect())
}

fn ties(t: &[Tie]) -> TieListOut {
    TieListOut {
        a: Uint32Array::new(t.iter().map(|x| x.a.0).collect()),
        b: Uint32Array::new(t.iter().map(|x| x.b.0).collect()),
        weight: Float64Array::new(t.iter().map(|x| x.weight).collect()),
    }
}

fn changes(c: &[Change]) -> ChangesOut {
    ChangesOut {
        person: Uint32Array::new(c.iter().map(|x| x.person.0).collect()),
        before: Float64Array::new(c.iter().map(|x| x.before).collect()),
        after: Float64Array::new(c.iter().map(|x| x.after).collect()),
        delta: Float64Array::new(c.iter().map(|x| x.delta).collect()),
    }
}

/// Counts as JS numbers (exact below 2^53, which any count of people or ties is).
#[allow(clippy::cast_precision_loss)]
fn num(x: u64) -> f64 {
    x as f64
}

#[allow(clippy::cast_precision_loss)] // role counts are far below 2^53
pub fn temporal_diff((d, k): (TemporalDiff, usize)) -> Result<TemporalDiffOut> {
    let g = &d.graph;
    let s = g.summary;
    let joined = g.people.joined();
    let joined_after = joined.iter().filter_map(|&p| g.people.after(p)).map(|x| x.0).collect();
    let top_changes = d
        .metrics
        .metrics
        .iter()
        .map(|m| {
            let t = d.metrics.top_changes(&m.name, k).map_err(error::core)?;
            Ok(TopChangesOut { metric: m.name.clone(), increases: changes(&t.increases), decreases: changes(&t.decreases) })
        })
        .collect::<Result<Vec<_>>>()?;
    let roles = d.roles.as_ref().map(|r| {
        r.roles
            .iter()
            .map(|c| RoleChangeOut {
                role: c.role.clone(),
                count_before: c.count_before as f64,
                count_after: c.count_after as f64,
                became: persons(&c.became),
                stopped: persons(&c.stopped),
                kept: persons(&c.kept),
                joined_as: persons(&c.joined_as),
                left_as: persons(&c.left_as),
            })
            .collect()
    });
    let dr = &d.drift;
    let drift = DriftOut {
        common: num(dr.common),
        nmi: dr.nmi,
        ari: dr.ari,
        vi: dr.vi,
        matches: dr
            .matches
            .iter()
            .map(|m| CommunityMatchOut {
                before: m.before,
                after: m.after,
                overlap: num(m.overlap),
                jaccard: m.jaccard,
                size_before: num(m.size_before),
                size_after: num(m.size_after),
            })
            .collect(),
        splits: dr.splits.iter().map(|x| SplitOut { before: x.before, into: x.into.clone() }).collect(),
        merges: dr.merges.iter().map(|x| MergeOut { after: x.after, from: x.from.clone() }).collect(),
        new: dr.new.clone(),
        vanished: dr.vanished.clone(),
    };
    Ok(TemporalDiffOut {
        directed: g.directed,
        before_count: u32::try_from(g.people.before_count()).map_err(|_| error::invalid("before", "graph", "fewer than 2^32 people"))?,
        joined_after: Uint32Array::new(joined_after),
        summary: DiffSummaryOut {
            people_before: num(s.people_before),
            people_after: num(s.people_after),
            stayed: num(s.stayed),
            joined: num(s.joined),
            left: num(s.left),
            ties_before: num(s.ties_before),
            ties_after: num(s.ties_after),
            kept: num(s.kept),
            formed: num(s.formed),
            lost: num(s.lost),
            reweighted: num(s.reweighted),
            weight_before: s.weight_before,
            weight_after: s.weight_after,
        },
        joined: persons(&joined),
        left: persons(&g.people.left()),
        formed: ties(&g.formed),
        lost: ties(&g.lost),
        reweighted: ReweightOut {
            a: Uint32Array::new(g.reweighted.iter().map(|x| x.a.0).collect()),
            b: Uint32Array::new(g.reweighted.iter().map(|x| x.b.0).collect()),
            before: Float64Array::new(g.reweighted.iter().map(|x| x.before).collect()),
            after: Float64Array::new(g.reweighted.iter().map(|x| x.after).collect()),
        },
        stayed: persons(&d.metrics.people),
        metrics: d
            .metrics
            .metrics
            .iter()
            .map(|m| MetricDeltaOut {
                name: m.name.clone(),
                before: Float64Array::new(m.before.clone()),
                after: Float64Array::new(m.after.clone()),
                delta: Float64Array::new(m.delta.clone()),
            })
            .collect(),
        top_changes,
        roles,
        communities_before: Uint32Array::new(d.communities_before.0.clone()),
        communities_after: Uint32Array::new(d.communities_after.0.clone()),
        drift,
    })
}

// ------------------------------------------------------------------ view

/// `scores` of `simplifyForView`: one of `name` (`"pagerank"`,
/// `"betweenness"`, `"degree"`) or `values` (one per node); neither is PageRank.
#[napi(object)]
pub struct RankingIn {
    pub name: Option<String>,
    pub values: Option<Float64Array>,
}

/// Where the backbone's ranking comes from (the named centralities are computed by core).
pub enum Ranking {
    Given(Scores),
    PageRank,
    Betweenness,
    Degree,
}

impl RankingIn {
    pub fn ranking(self) -> Result<Ranking> {
        match (self.name.as_deref(), self.values) {
            (None | Some("pagerank"), None) => Ok(Ranking::PageRank),
            (Some("betweenness"), None) => Ok(Ranking::Betweenness),
            (Some("degree"), None) => Ok(Ranking::Degree),
            (None, Some(v)) => Ok(Ranking::Given(Scores(v.to_vec()))),
            (Some(other), None) => Err(error::invalid("scores", other, "\"pagerank\", \"betweenness\", \"degree\" or one value per node")),
            (Some(_), Some(_)) => Err(error::invalid("scores", "both a name and values", "a centrality name or one value per node")),
        }
    }
}

impl Ranking {
    pub fn scores(self, g: &Graph, exec: &Exec) -> ona_core::Result<Scores> {
        match self {
            Self::Given(s) => Ok(s),
            Self::PageRank => c::pagerank(g, &c::PageRankConfig::default(), exec),
            Self::Betweenness => c::betweenness_centrality(g, &c::BetweennessConfig::default(), exec),
            Self::Degree => c::degree(g, &c::DegreeConfig::default().direction(Direction::Both), exec),
        }
    }
}

/// Options of `simplifyForView`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// Nodes kept in the backbone (5000; at least 1).
    pub max_nodes: Option<f64>,
    /// Layout iterations (50).
    pub iterations: Option<f64>,
    /// Layout by edge weights (default `true`).
    pub weight: Option<bool>,
    /// Barnes–Hut opening angle (0.9).
    pub theta: Option<f64>,
}

impl ViewOptions {
    pub fn config(&self) -> Result<ViewConfig> {
        let (d, l) = (ViewConfig::default(), LayoutConfig::default());
        let max_nodes = self.max_nodes.map_or(Ok(d.max_nodes), |x| size("maxNodes", x))?;
        if max_nodes == 0 {
            return Err(error::invalid("maxNodes", 0, "at least 1"));
        }
        let layout = LayoutConfig::default()
            .iterations(self.iterations.map_or(Ok(l.iterations), |x| count("iterations", x))?)
            .weighted(self.weight.unwrap_or(l.weighted))
            .theta(self.theta.unwrap_or(l.theta));
        Ok(ViewConfig::default().max_nodes(max_nodes).layout(layout))
    }
}

/// Edges as node (or community) index columns with weights.
#[napi(object)]
pub struct WeightedEdgesOut {
    pub source: Uint32Array,
    pub target: Uint32Array,
    pub weight: Float64Array,
}

/// The community quotient graph, laid out.
#[napi(object)]
pub struct QuotientOut {
    /// The input label of each community.
    pub labels: Uint32Array,
    pub sizes: Float64Array,
    pub intra_weight: Float64Array,
    pub inter_weight: Float64Array,
    /// Community of every node of the graph.
    pub community: Uint32Array,
    /// Community index pairs.
    pub edges: WeightedEdgesOut,
    /// `[x0, y0, x1, y1, ...]`.
    pub layout: Float64Array,
}

/// The backbone (node indices of the original graph) and the quotient.
#[napi(object)]
pub struct ViewOut {
    pub nodes: Uint32Array,
    pub edges: WeightedEdgesOut,
    pub layout: Float64Array,
    pub community: Option<Uint32Array>,
    pub quotient: Option<QuotientOut>,
}

fn weighted_edges(e: impl Iterator<Item = (u32, u32, f64)>) -> WeightedEdgesOut {
    let (mut s, mut t, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for (a, b, x) in e {
        s.push(a);
        t.push(b);
        w.push(x);
    }
    WeightedEdgesOut { source: Uint32Array::new(s), target: Uint32Array::new(t), weight: Float64Array::new(w) }
}

fn quotient(q: Quotient, layout: Vec<[f64; 2]>) -> QuotientOut {
    QuotientOut {
        edges: weighted_edges(q.edges().into_iter()),
        labels: Uint32Array::new(q.labels),
        sizes: Float64Array::new(q.sizes.into_iter().map(num).collect()),
        intra_weight: Float64Array::new(q.intra_weight),
        inter_weight: Float64Array::new(q.inter_weight),
        community: Uint32Array::new(q.community.0),
        layout: Float64Array::new(layout.into_iter().flatten().collect()),
    }
}

pub fn view(v: View) -> Result<ViewOut> {
    let community = v.quotient.is_some().then(|| Uint32Array::new(v.backbone_community));
    Ok(ViewOut {
        nodes: Uint32Array::new(v.backbone.original.iter().map(|x| x.0).collect()),
        edges: weighted_edges(v.backbone.edges().into_iter().map(|(a, b, w)| (a.0, b.0, w))),
        layout: Float64Array::new(v.backbone_layout.into_iter().flatten().collect()),
        community,
        quotient: v.quotient.map(|q| quotient(q, v.quotient_layout)),
    })
}

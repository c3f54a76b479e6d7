//! The ONA layer's options and results: a `groups` argument (an attribute
//! name or per-node labels) into a categorical column, options into core
//! configs, and multi-part results (E-I index, mixing matrix, brokerage)
//! into objects of typed arrays.

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::algo::centrality::Direction;
use ona_core::graph::{Categorical, MISSING};
use ona_core::ona::{
    ArticulationPoints, Brokerage, ColumnRef, EgoSummaries, EiConfig, EiIndex, GroupMixing, GroupOverload, HolesConfig, LayoutConfig,
    MetricPack, Overload, OverloadConfig, PackConfig, PrivacyConfig, ReachConfig, TieKind, TieProfile, Ties, TiesConfig,
};
use ona_core::{Graph, NodeId};

use super::count;
use crate::error::{self, Code, Result};

/// Code of an attribute name the graph does not have (the engine's "not
/// found" code; Python raises `ona.UnknownAttribute`, a `KeyError`, with it).
pub const NOT_FOUND: Code = Code::new("ONA_NOT_FOUND");

/// `groups`: exactly one of `name` (a categorical attribute of the graph)
/// or `values` (one label per node, `null` = no group).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct GroupsIn {
    pub name: Option<String>,
    pub values: Option<Vec<Option<String>>>,
}

impl GroupsIn {
    /// The column, copied out of the graph (or encoded from the labels).
    pub fn column(self, g: &Graph) -> Result<Categorical> {
        match (self.name, self.values) {
            (Some(name), None) => g.attributes().get(&name).cloned().ok_or_else(|| {
                let known: Vec<&str> = g.attributes().names().collect();
                error::Error::new(NOT_FOUND, format!("the graph has no node attribute {name:?} (it has {known:?})"))
            }),
            (None, Some(values)) => labels(g, &values),
            _ => Err(error::invalid("groups", "both or neither of name and values", "an attribute name or one label per node")),
        }
    }
}

/// Per-node labels (one per node) as a categorical column.
pub fn labels(g: &Graph, values: &[Option<String>]) -> Result<Categorical> {
    if values.len() != g.node_count() {
        return Err(error::core(ona_core::Error::LengthMismatch {
            what: "per-node labels",
            expected: g.node_count() as u64,
            found: values.len() as u64,
        }));
    }
    Categorical::from_values(values).map_err(error::core)
}

/// `weight` of the structural-hole measures.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct HolesOptions {
    /// Use edge weights (default `false`).
    pub weight: Option<bool>,
}

impl HolesOptions {
    pub fn config(&self) -> HolesConfig {
        HolesConfig::default().weighted(self.weight.unwrap_or(false))
    }
}

/// Options of `eiIndex` and `crossGroupShare`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EiOptions {
    /// `"both"` (default), `"out"` or `"in"` (directed graphs only).
    pub direction: Option<String>,
    /// Sum tie weights instead of counting ties (default `false`).
    pub weight: Option<bool>,
}

impl EiOptions {
    pub fn config(&self) -> Result<EiConfig> {
        let d = match self.direction.as_deref().unwrap_or("both") {
            "both" => Direction::Both,
            "out" => Direction::Out,
            "in" => Direction::In,
            other => return Err(error::invalid("direction", other, "\"both\", \"out\" or \"in\"")),
        };
        Ok(EiConfig::default().direction(d).weighted(self.weight.unwrap_or(false)))
    }
}

/// Options of `springLayout` (NetworkX's names and defaults).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    pub k: Option<f64>,
    /// Default 50.
    pub iterations: Option<f64>,
    /// Default 1e-4.
    pub threshold: Option<f64>,
    /// Default `true`.
    pub weight: Option<bool>,
    /// Barnes–Hut opening angle (0.9; 0 = exact).
    pub theta: Option<f64>,
}

impl LayoutOptions {
    pub fn config(&self) -> Result<LayoutConfig> {
        let d = LayoutConfig::default();
        Ok(LayoutConfig::default()
            .k(self.k)
            .iterations(self.iterations.map_or(Ok(d.iterations), |x| count("iterations", x))?)
            .threshold(self.threshold.unwrap_or(d.threshold))
            .weighted(self.weight.unwrap_or(d.weighted))
            .theta(self.theta.unwrap_or(d.theta)))
    }
}

/// The four structural-hole measures.
#[napi(object)]
pub struct StructuralHolesOut {
    pub constraint: Float64Array,
    pub effective_size: Float64Array,
    pub efficiency: Float64Array,
    pub hierarchy: Float64Array,
}

/// Edges as two aligned columns of node indices.
#[napi(object)]
pub struct EdgeListOut {
    pub source: Uint32Array,
    pub target: Uint32Array,
}

/// Articulation points and the people each node's departure cuts off.
#[napi(object)]
pub struct ArticulationOut {
    /// Node indices, ascending.
    pub points: Uint32Array,
    /// Per node.
    pub cut_off: Uint32Array,
}

/// E-I index per person, group and network.
#[napi(object)]
pub struct EiIndexOut {
    pub node: Float64Array,
    pub node_external: Float64Array,
    pub node_internal: Float64Array,
    /// Group names: the order of `group*`.
    pub groups: Vec<String>,
    pub group: Float64Array,
    pub group_external: Float64Array,
    pub group_internal: Float64Array,
    pub network: f64,
    pub network_external: f64,
    pub network_internal: f64,
}

/// The group mixing matrix, `k × k` row-major.
#[napi(object)]
pub struct GroupMixingOut {
    pub groups: Vec<String>,
    pub sizes: Float64Array,
    pub counts: Float64Array,
    pub weights: Float64Array,
    pub density: Float64Array,
}

/// Gould–Fernandez role counts per person.
#[napi(object)]
pub struct BrokerageOut {
    pub total: Float64Array,
    pub coordinator: Float64Array,
    pub itinerant: Float64Array,
    pub representative: Float64Array,
    pub gatekeeper: Float64Array,
    pub liaison: Float64Array,
}

fn names(c: &Categorical) -> Vec<String> {
    c.dictionary().iter().map(|s| s.to_string()).collect()
}

/// Counts as JS numbers (exact below 2^53, which any count of ties is).
#[allow(clippy::cast_precision_loss)]
fn numbers(v: Vec<u64>) -> Float64Array {
    Float64Array::new(v.into_iter().map(|x| x as f64).collect())
}

pub fn holes(h: ona_core::ona::StructuralHoles) -> Result<StructuralHolesOut> {
    Ok(StructuralHolesOut {
        constraint: Float64Array::new(h.constraint.into_vec()),
        effective_size: Float64Array::new(h.effective_size.into_vec()),
        efficiency: Float64Array::new(h.efficiency.into_vec()),
        hierarchy: Float64Array::new(h.hierarchy.into_vec()),
    })
}

pub fn edge_list(e: Vec<(NodeId, NodeId)>) -> Result<EdgeListOut> {
    let (s, t): (Vec<u32>, Vec<u32>) = e.into_iter().map(|(u, v)| (u.0, v.0)).unzip();
    Ok(EdgeListOut { source: Uint32Array::new(s), target: Uint32Array::new(t) })
}

pub fn articulation(a: ArticulationPoints) -> Result<ArticulationOut> {
    Ok(ArticulationOut { points: Uint32Array::new(a.points.into_iter().map(|v| v.0).collect()), cut_off: Uint32Array::new(a.cut_off) })
}

pub fn ei((e, c): (EiIndex, Categorical)) -> Result<EiIndexOut> {
    Ok(EiIndexOut {
        node: Float64Array::new(e.node.into_vec()),
        node_external: Float64Array::new(e.node_external),
        node_internal: Float64Array::new(e.node_internal),
        groups: names(&c),
        group: Float64Array::new(e.group),
        group_external: Float64Array::new(e.group_external),
        group_internal: Float64Array::new(e.group_internal),
        network: e.network,
        network_external: e.network_external,
        network_internal: e.network_internal,
    })
}

pub fn mixing((m, c): (GroupMixing, Categorical)) -> Result<GroupMixingOut> {
    Ok(GroupMixingOut {
        groups: names(&c),
        sizes: numbers(m.sizes),
        counts: numbers(m.counts),
        weights: Float64Array::new(m.weights),
        density: Float64Array::new(m.density),
    })
}

pub fn brokerage(b: Brokerage) -> Result<BrokerageOut> {
    Ok(BrokerageOut {
        total: numbers(b.total()),
        coordinator: numbers(b.coordinator),
        itinerant: numbers(b.itinerant),
        representative: numbers(b.representative),
        gatekeeper: numbers(b.gatekeeper),
        liaison: numbers(b.liaison),
    })
}

/// Positions interleaved `[x0, y0, x1, y1, ...]`.
pub fn positions(p: Vec<[f64; 2]>) -> Result<Float64Array> {
    Ok(Float64Array::new(p.into_iter().flatten().collect()))
}

/// Options of `ties` and `tieProfile`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TiesOptions {
    /// Weight quantile a strong tie reaches (0.5).
    pub strong_weight_quantile: Option<f64>,
    /// Overlap at or above which a tie is embedded (0.1).
    pub embedded_overlap: Option<f64>,
    /// Use weights (default `true`).
    pub weight: Option<bool>,
}

impl TiesOptions {
    pub fn config(&self) -> TiesConfig {
        let d = TiesConfig::default();
        TiesConfig::default()
            .strong_weight_quantile(self.strong_weight_quantile.unwrap_or(d.strong_weight_quantile))
            .embedded_overlap(self.embedded_overlap.unwrap_or(d.embedded_overlap))
            .weighted(self.weight.unwrap_or(d.weighted))
    }
}

/// Every tie of the undirected simple view, columnar.
#[napi(object)]
pub struct TiesOut {
    pub source: Uint32Array,
    pub target: Uint32Array,
    pub weight: Float64Array,
    pub overlap: Float64Array,
    pub score: Float64Array,
    /// `"strong"`, `"diverse"` or `"other"` per tie.
    pub kind: Vec<String>,
    pub strong_weight: f64,
}

pub fn ties(t: Ties) -> Result<TiesOut> {
    let (s, d): (Vec<u32>, Vec<u32>) = t.edges.into_iter().map(|(u, v)| (u.0, v.0)).unzip();
    let kind = t
        .kind
        .iter()
        .map(|k| match k {
            TieKind::Strong => "strong",
            TieKind::Diverse => "diverse",
            TieKind::Other => "other",
        })
        .map(str::to_owned)
        .collect();
    Ok(TiesOut {
        source: Uint32Array::new(s),
        target: Uint32Array::new(d),
        weight: Float64Array::new(t.weight),
        overlap: Float64Array::new(t.overlap),
        score: Float64Array::new(t.score),
        kind,
        strong_weight: t.strong_weight,
    })
}

/// Strong and diverse ties per person.
#[napi(object)]
pub struct TieProfileOut {
    pub strong: Uint32Array,
    pub diverse: Uint32Array,
    pub diverse_share: Float64Array,
}

pub fn tie_profile(p: TieProfile) -> Result<TieProfileOut> {
    Ok(TieProfileOut {
        strong: Uint32Array::new(p.strong),
        diverse: Uint32Array::new(p.diverse),
        diverse_share: Float64Array::new(p.diverse_share.into_vec()),
    })
}

/// `direction` of the reach measures: `"out"` (default), `"in"` or `"both"`.
pub fn reach(direction: Option<&str>) -> Result<ReachConfig> {
    let d = match direction.unwrap_or("out") {
        "both" => Direction::Both,
        "out" => Direction::Out,
        "in" => Direction::In,
        other => return Err(error::invalid("direction", other, "\"out\", \"in\" or \"both\"")),
    };
    Ok(ReachConfig::default().direction(d))
}

/// Ego-network summaries per person.
#[napi(object)]
pub struct EgoOut {
    pub size: Uint32Array,
    pub ties_among_alters: Float64Array,
    pub density: Float64Array,
    pub strength: Float64Array,
    /// With groups only.
    pub groups_reached: Option<Uint32Array>,
}

pub fn ego(e: EgoSummaries) -> Result<EgoOut> {
    Ok(EgoOut {
        size: Uint32Array::new(e.size),
        ties_among_alters: numbers(e.ties_among_alters),
        density: Float64Array::new(e.density.into_vec()),
        strength: Float64Array::new(e.strength.into_vec()),
        groups_reached: e.groups_reached.map(Uint32Array::new),
    })
}

/// Options of `collaborationOverload`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct OverloadOptions {
    /// Share of a group counted as its top (0.1).
    pub top_fraction: Option<f64>,
    /// Most loaded people listed per group (3).
    pub top_people: Option<f64>,
    /// Sum weights (default `true`).
    pub weight: Option<bool>,
    /// Groups below this size are suppressed (5).
    pub min_group_size: Option<f64>,
}

impl OverloadOptions {
    pub fn config(&self) -> Result<OverloadConfig> {
        let d = OverloadConfig::default();
        Ok(OverloadConfig::default()
            .top_fraction(self.top_fraction.unwrap_or(d.top_fraction))
            .top_people(self.top_people.map_or(Ok(d.top_people), |x| super::size("topPeople", x))?)
            .weighted(self.weight.unwrap_or(d.weighted))
            .min_group_size(self.min_group_size.map_or(Ok(d.min_group_size), |x| super::size("minGroupSize", x))?))
    }
}

/// Overload figures of one group or of the network.
#[napi(object)]
pub struct GroupOverloadOut {
    /// The group's name; `null` for the network.
    pub group: Option<String>,
    pub size: f64,
    pub total: f64,
    pub top_share: f64,
    pub gini: f64,
    /// Node indices, heaviest first.
    pub top: Uint32Array,
    pub suppressed: bool,
    pub suppressed_reason: Option<String>,
}

/// Collaboration overload.
#[napi(object)]
pub struct OverloadOut {
    pub load: Float64Array,
    pub network: GroupOverloadOut,
    pub groups: Vec<GroupOverloadOut>,
}

#[allow(clippy::cast_precision_loss)] // group sizes are far below 2^53
fn overload_row(r: GroupOverload, names: &[Box<str>]) -> GroupOverloadOut {
    GroupOverloadOut {
        group: r.group.and_then(|c| usize::try_from(c).ok()).and_then(|c| names.get(c)).map(|s| s.to_string()),
        size: r.size as f64,
        total: r.total,
        top_share: r.top_share,
        gini: r.gini,
        top: Uint32Array::new(r.top.into_iter().map(|v| v.0).collect()),
        suppressed: r.suppressed,
        suppressed_reason: r.suppressed_reason,
    }
}

pub fn overload((o, c): (Overload, Categorical)) -> Result<OverloadOut> {
    let names = c.dictionary();
    Ok(OverloadOut {
        load: Float64Array::new(o.load.into_vec()),
        network: overload_row(o.network, names),
        groups: o.groups.into_iter().map(|r| overload_row(r, names)).collect(),
    })
}

/// Options of `metricPack`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// Exact betweenness up to this many people, sampled above.
    pub exact_betweenness_max_nodes: Option<f64>,
    /// Sampled betweenness: additive error bound.
    pub betweenness_epsilon: Option<f64>,
    /// Sampled betweenness: failure probability.
    pub betweenness_delta: Option<f64>,
    /// Groups below this size are suppressed (5).
    pub min_group_size: Option<f64>,
}

impl PackOptions {
    pub fn config(&self) -> Result<PackConfig> {
        let d = PackConfig::default();
        Ok(PackConfig::default()
            .exact_betweenness_max_nodes(
                self.exact_betweenness_max_nodes
                    .map_or(Ok(d.exact_betweenness_max_nodes), |x| super::size("exactBetweennessMaxNodes", x))?,
            )
            .betweenness_epsilon(self.betweenness_epsilon.unwrap_or(d.betweenness_epsilon))
            .betweenness_delta(self.betweenness_delta.unwrap_or(d.betweenness_delta))
            .privacy(
                PrivacyConfig::default()
                    .min_group_size(self.min_group_size.map_or(Ok(d.privacy.min_group_size), |x| super::size("minGroupSize", x))?),
            ))
    }
}

/// One named column: exactly one of `numbers`, `counts` or `strings`.
#[napi(object)]
pub struct PackColumnOut {
    pub name: String,
    pub numbers: Option<Float64Array>,
    pub counts: Option<Uint32Array>,
    /// Names (`null` where a person has no group).
    pub strings: Option<Vec<Option<String>>>,
}

/// The metric pack as columns.
#[napi(object)]
pub struct PackOut {
    /// People, in node order.
    pub people: Vec<PackColumnOut>,
    /// Groups shown (at least `minGroupSize` members); absent without groups.
    pub groups: Option<Vec<PackColumnOut>>,
    pub suppressed_groups: Vec<String>,
    pub betweenness_exact: bool,
    pub network_ei_index: Option<f64>,
}

fn name_of(c: u32, names: &[Box<str>]) -> Option<String> {
    usize::try_from(c).ok().and_then(|i| names.get(i)).map(|s| s.to_string())
}

fn pack_column(name: &str, c: ColumnRef<'_>, names: &[Box<str>]) -> PackColumnOut {
    let mut out = PackColumnOut { name: name.to_owned(), numbers: None, counts: None, strings: None };
    match c {
        ColumnRef::U32(v) if name == "group" => {
            out.strings = Some(v.iter().map(|&x| if x == MISSING { None } else { name_of(x, names) }).collect())
        }
        ColumnRef::F64(v) => out.numbers = Some(Float64Array::new(v.to_vec())),
        ColumnRef::U32(v) => out.counts = Some(Uint32Array::new(v.to_vec())),
        ColumnRef::U64(v) => out.numbers = Some(numbers(v.to_vec())),
        ColumnRef::Str(v) => out.strings = Some(v.iter().map(|s| Some((*s).to_owned())).collect()),
    }
    out
}

pub fn pack((p, c): (MetricPack, Option<Categorical>)) -> Result<PackOut> {
    let names = c.as_ref().map_or(&[][..], Categorical::dictionary);
    let people = p.columns().into_iter().map(|(n, col)| pack_column(n, col, names)).collect();
    let groups = p.groups.as_ref().map(|t| t.columns().into_iter().map(|(n, col)| pack_column(n, col, names)).collect());
    let suppressed_groups = p.groups.as_ref().map_or_else(Vec::new, |t| t.suppressed.iter().filter_map(|&x| name_of(x, names)).collect());
    Ok(PackOut {
        people,
        groups,
        suppressed_groups,
        betweenness_exact: p.meta.betweenness_exact,
        network_ei_index: p.meta.network_ei_index,
    })
}

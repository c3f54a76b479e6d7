//! The numbers a report shows, computed once per graph: centralities,
//! structural holes, components, communities, cut points and, given a
//! grouping attribute, E-I indices and the mixing matrix.

use ona_core::algo::centrality::{DegreeConfig, PageRankConfig, degree, pagerank};
use ona_core::algo::clustering::{AverageClusteringConfig, average_clustering};
use ona_core::algo::community::{LouvainConfig, louvain};
use ona_core::algo::components::{ComponentsConfig, component_sizes, weakly_connected_components};
use ona_core::graph::MISSING;
use ona_core::ona::{
    ArticulationPoints, CutConfig, EiConfig, EiIndex, GroupMixing, Groups, HolesConfig, ReciprocityConfig, StructuralHoles, View,
    ViewConfig, articulation_points, bridges, ei_index, group_mixing, overall_reciprocity, pseudonymize, simplify_for_view,
    structural_holes,
};
use ona_core::{Adjacency, Exec, Graph, NodeId, Partition, Scores};

use super::pseudo::PseudonymKey;
use crate::error::{Context, Result, UsageError};
use crate::metric::{self, BetweennessMode};

/// Most groups a mixing heat-map draws (the largest ones).
pub const MAX_HEATMAP_GROUPS: usize = 60;
/// Most nodes a community map draws.
pub const MAX_MAP_NODES: usize = 5000;

/// What goes into a report and how it is shown.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReportConfig {
    /// Categorical node attribute that groups people (default: `department`
    /// when the graph has it).
    pub group_by: Option<String>,
    /// Groups with fewer members are left out of every group-level output,
    /// and the report says so (default 5).
    pub min_group_size: usize,
    /// Rows in each top list (default 10).
    pub top: usize,
    /// Nodes drawn in the community map, the best by PageRank (default
    /// 1,000, at most [`MAX_MAP_NODES`]).
    pub max_nodes: usize,
    /// Ties drawn in the community map, the heaviest (default 6,000).
    pub max_edges: usize,
    /// Show people by keyed pseudonym instead of their id.
    pub pseudonym: Option<PseudonymKey>,
    /// The page title.
    pub title: String,
    /// One line saying where the data came from.
    pub source: String,
}

impl Default for ReportConfig {
    fn default() -> Self {
        Self {
            group_by: None,
            min_group_size: 5,
            top: 10,
            max_nodes: 1000,
            max_edges: 6000,
            pseudonym: None,
            title: "Organisational network report".into(),
            source: String::new(),
        }
    }
}

impl ReportConfig {
    /// Set [`ReportConfig::group_by`].
    #[must_use]
    pub fn group_by(mut self, attribute: Option<String>) -> Self {
        self.group_by = attribute;
        self
    }
    /// Set [`ReportConfig::min_group_size`].
    #[must_use]
    pub fn min_group_size(mut self, k: usize) -> Self {
        self.min_group_size = k;
        self
    }
    /// Set [`ReportConfig::top`].
    #[must_use]
    pub fn top(mut self, k: usize) -> Self {
        self.top = k;
        self
    }
    /// Set [`ReportConfig::max_nodes`] (capped at [`MAX_MAP_NODES`]).
    #[must_use]
    pub fn max_nodes(mut self, k: usize) -> Self {
        self.max_nodes = k.min(MAX_MAP_NODES);
        self
    }
    /// Set [`ReportConfig::max_edges`].
    #[must_use]
    pub fn max_edges(mut self, k: usize) -> Self {
        self.max_edges = k;
        self
    }
    /// Set [`ReportConfig::pseudonym`].
    #[must_use]
    pub fn pseudonym(mut self, key: Option<PseudonymKey>) -> Self {
        self.pseudonym = key;
        self
    }
    /// Set [`ReportConfig::title`].
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }
    /// Set [`ReportConfig::source`].
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }
}

/// Group-level facts over the grouping attribute.
#[derive(Debug, Clone)]
pub struct GroupFacts {
    /// The attribute's name.
    pub attribute: String,
    /// Label of each group code.
    pub labels: Vec<String>,
    /// Group code of each node ([`MISSING`] if unknown).
    pub codes: Vec<u32>,
    /// Members of each group.
    pub sizes: Vec<u64>,
    /// Whether each group is large enough to be shown.
    pub shown: Vec<bool>,
    /// E-I indices (ties in both directions).
    pub ei: EiIndex,
    /// The mixing matrix and densities (None above the matrix size limit).
    pub mixing: Option<GroupMixing>,
    /// Distinct groups among each person's contacts (their own included).
    pub reached: Vec<u32>,
}

impl GroupFacts {
    /// Groups left out for being small, and the people in them.
    pub fn suppressed(&self) -> (usize, u64) {
        let hidden = self.shown.iter().zip(&self.sizes).filter(|(s, n)| !**s && **n > 0);
        hidden.fold((0, 0), |(g, p), (_, n)| (g + 1, p + n))
    }
}

/// Everything measured on one graph.
#[derive(Debug, Clone)]
pub struct Analysis<'g> {
    /// The graph.
    pub graph: &'g Graph,
    /// Ties per person (in + out when directed).
    pub degree: Scores,
    /// Summed tie weights per person, when weighted.
    pub strength: Option<Scores>,
    /// PageRank.
    pub pagerank: Scores,
    /// Normalised betweenness (hop counts).
    pub betweenness: Scores,
    /// How betweenness was computed ("exact", "estimated from ...").
    pub betweenness_label: String,
    /// Burt's constraint and effective size.
    pub holes: StructuralHoles,
    /// Weakly connected components.
    pub components: Partition,
    /// Size of each component.
    pub component_sizes: Vec<u64>,
    /// Louvain communities (seeded).
    pub communities: Partition,
    /// Modularity of [`Analysis::communities`].
    pub modularity: f64,
    /// Articulation points and the people each cuts off.
    pub cut: ArticulationPoints,
    /// Bridges.
    pub bridges: Vec<(NodeId, NodeId)>,
    /// Overall reciprocity of a directed graph with arcs.
    pub reciprocity: Option<f64>,
    /// Average clustering (zeros counted).
    pub clustering: f64,
    /// Group facts, if grouped.
    pub groups: Option<GroupFacts>,
    /// Pseudonym of each person, when pseudonymised.
    pseudonyms: Option<Vec<String>>,
}

/// Measure `g` for a report.
///
/// **Complexity**: dominated by betweenness (exact `O(nm)` up to 5,000
/// people, sampled above) and structural holes (`O(Σ d²)` at worst).
/// **Parallelism**: every measure on `exec`'s pool; results identical for
/// any thread count with the same seed. **Errors**: an unknown grouping
/// attribute, engine errors, cancellation.
pub fn analyze<'g>(g: &'g Graph, cfg: &ReportConfig, exec: &Exec) -> Result<Analysis<'g>> {
    let n = g.node_count();
    let degree = degree(g, &DegreeConfig::default(), exec).context("degree")?;
    let strength = if g.is_weighted() {
        Some(ona_core::algo::centrality::degree(g, &DegreeConfig::default().weighted(true), exec).context("strength")?)
    } else {
        None
    };
    let pagerank = pagerank(g, &PageRankConfig::default(), exec).context("pagerank")?;
    let mode = BetweennessMode::choose(g, metric::EXACT_BETWEENNESS_MAX, None, None);
    let betweenness = metric::betweenness(g, mode, exec)?;
    let holes = structural_holes(g, &HolesConfig::default(), exec).context("structural holes")?;
    let components = weakly_connected_components(g, &ComponentsConfig::default(), exec).context("components")?;
    let sizes = component_sizes(&components);
    let lv = louvain(g, &LouvainConfig::default(), exec).context("communities")?;
    let modularity = lv.modularity.last().copied().unwrap_or(0.0);
    let cut = articulation_points(g, &CutConfig::default(), exec).context("articulation points")?;
    let bridges = bridges(g, &CutConfig::default(), exec).context("bridges")?;
    let reciprocity = if g.is_directed() && g.edge_count() > 0 {
        Some(overall_reciprocity(g, &ReciprocityConfig::default(), exec).context("reciprocity")?)
    } else {
        None
    };
    let clustering =
        if n == 0 { f64::NAN } else { average_clustering(g, &AverageClusteringConfig::default(), exec).context("clustering")? };
    let groups = group_facts(g, cfg, exec)?;
    Ok(Analysis {
        graph: g,
        degree,
        strength,
        pagerank,
        betweenness,
        betweenness_label: mode.label(),
        holes,
        components,
        component_sizes: sizes,
        communities: lv.partition,
        modularity,
        cut,
        bridges,
        reciprocity,
        clustering,
        groups,
        pseudonyms: cfg.pseudonym.as_ref().map(|k| pseudonymize(g.ids(), k.bytes())),
    })
}

/// The grouping attribute asked for, else `department` if present.
fn group_facts(g: &Graph, cfg: &ReportConfig, exec: &Exec) -> Result<Option<GroupFacts>> {
    let attrs = g.attributes();
    let (name, column) = match &cfg.group_by {
        Some(name) => match attrs.get(name) {
            Some(c) => (name.clone(), c),
            None => {
                return Err(UsageError::BadValue {
                    option: "group-by",
                    value: format!("{name} (attributes: {})", attrs.names().collect::<Vec<_>>().join(", ")),
                    expected: "a node attribute from --nodes",
                }
                .into());
            }
        },
        None => match attrs.get("department") {
            Some(c) => ("department".to_string(), c),
            None => return Ok(None),
        },
    };
    let groups = Groups::from(column);
    let codes = column.codes().to_vec();
    let labels: Vec<String> = column.dictionary().iter().map(|s| s.to_string()).collect();
    let mut sizes = vec![0u64; labels.len()];
    for &c in codes.iter().filter(|&&c| c != MISSING) {
        sizes[c as usize] += 1;
    }
    let min = u64::try_from(cfg.min_group_size).unwrap_or(u64::MAX);
    let shown = sizes.iter().map(|&s| s >= min).collect();
    let ei = ei_index(g, groups, &EiConfig::default(), exec).context("E-I index")?;
    let mixing = if labels.len() <= ona_core::ona::groups::MAX_MIXING_GROUPS {
        Some(group_mixing(g, groups, exec).context("group mixing")?)
    } else {
        None
    };
    let reached = reached_groups(g, &codes);
    Ok(Some(GroupFacts { attribute: name, labels, codes, sizes, shown, ei, mixing, reached }))
}

/// Distinct known groups among each person's contacts and themself.
fn reached_groups(g: &Graph, codes: &[u32]) -> Vec<u32> {
    let mut seen: Vec<u32> = Vec::new();
    (0u32..)
        .take(g.node_count())
        .map(|v| {
            seen.clear();
            seen.push(codes[v as usize]);
            g.out_adj().for_each_neighbor(v, |u| seen.push(codes[u as usize]));
            if g.is_directed() {
                g.in_adj().for_each_neighbor(v, |u| seen.push(codes[u as usize]));
            }
            seen.retain(|&c| c != MISSING);
            seen.sort_unstable();
            seen.dedup();
            u32::try_from(seen.len()).unwrap_or(u32::MAX)
        })
        .collect()
}

impl Analysis<'_> {
    /// How person `v` is shown: their id, or its pseudonym.
    pub fn name(&self, v: NodeId) -> String {
        match &self.pseudonyms {
            Some(p) => p.get(v.index()).cloned().unwrap_or_default(),
            None => self.graph.ids().external(v).map(|x| x.to_string()).unwrap_or_default(),
        }
    }
    /// Whether ids are pseudonymised.
    pub fn pseudonymised(&self) -> bool {
        self.pseudonyms.is_some()
    }
    /// Person `v`'s group as shown: its label, "(small group)" when
    /// suppressed, "–" if unknown or ungrouped.
    pub fn group_of(&self, v: NodeId) -> String {
        let Some(gf) = &self.groups else { return "–".into() };
        match gf.codes[v.index()] {
            MISSING => "–".into(),
            c if gf.shown[c as usize] => gf.labels[c as usize].clone(),
            _ => "(small group)".into(),
        }
    }
    /// Isolated people (components of one).
    pub fn isolates(&self) -> u64 {
        self.component_sizes.iter().filter(|&&s| s == 1).count() as u64
    }
    /// Ties over possible pairs (directed: ordered pairs), self loops left out.
    pub fn density(&self) -> f64 {
        let g = self.graph;
        let n = g.node_count() as f64;
        let m = (g.edge_count() - g.self_loop_count()) as f64;
        let pairs = if g.is_directed() { n * (n - 1.0) } else { n * (n - 1.0) / 2.0 };
        if pairs > 0.0 { m / pairs } else { f64::NAN }
    }
    /// The `k` people with the fewest ties (isolates first), ties broken by
    /// lower PageRank, then node order.
    pub fn peripheral(&self, k: usize) -> Vec<NodeId> {
        let mut order: Vec<u32> = (0u32..).take(self.graph.node_count()).collect();
        let key = |v: &u32| (self.degree[*v as usize], self.pagerank[*v as usize]);
        order.sort_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(b)));
        order.into_iter().take(k).map(NodeId).collect()
    }
    /// The backbone of the best people by PageRank and the community
    /// quotient, laid out with `exec`'s seed.
    pub fn view(&self, cfg: &ReportConfig, exec: &Exec) -> Result<View> {
        let vc = ViewConfig::default().max_nodes(cfg.max_nodes.min(MAX_MAP_NODES));
        simplify_for_view(self.graph, &self.pagerank, Some(&self.communities), &vc, exec).context("laying out the community map")
    }
}

/// Every tie of `g` once, as node pairs (undirected: `u <= v`), self loops left out.
pub fn ties<A: Adjacency>(g: &Graph<A>) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    for v in (0u32..).take(g.node_count()) {
        g.out_adj().for_each_weighted(v, |u, w| {
            if u != v && (g.is_directed() || v < u) {
                out.push((v, u, w));
            }
        });
    }
    out
}

//! The metric pack: every per-person and per-group ONA measure in one call,
//! as columns ready for Arrow/Parquet ([`MetricPack::columns`],
//! [`GroupTable::columns`]).
//!
//! **People** (one value per node; `Option` columns only where defined):
//! degree, in/out degree, in/out strength (summed weights; 1 per arc when
//! unweighted), betweenness (normalized; exact up to
//! [`PackConfig::exact_betweenness_max_nodes`], Riondato–Kornaropoulos
//! sampling above, with its additive error bound in [`PackMeta`]),
//! harmonic centrality (exact up to [`PackConfig::exact_harmonic_max_nodes`],
//! left out above: it costs `O(n m)` like exact betweenness and no
//! sampled estimate with a guarantee exists here), PageRank, eigenvector
//! centrality (left out when the power iteration does not converge, e.g. on
//! many directed graphs), Burt's constraint and effective size, clustering,
//! core number (left out for graphs with self loops, which NetworkX
//! refuses), reciprocity (directed), and with groups: group code, E-I
//! index, cross-group share, external ties, Gould–Fernandez brokerage total
//! (directed); then two-step reach, strong and diverse ties ([`ties`](super::ties)),
//! and the Cross & Parker roles ([`roles`](super::roles)): primary role and
//! the full set as `|`-joined names.
//!
//! **Groups** (with groups): size, internal density, E-I index,
//! collaboration overload (top share and Gini), people per role and mean
//! constraint, for every group with at least
//! [`PrivacyConfig::min_group_size`] members; smaller groups are left out
//! of the table and listed in [`GroupTable::suppressed`].
//!
//! Every measure uses its own defaults (unweighted, except strength and
//! the overload, which sum weights), so each column equals the stand-alone
//! function's result (the tests check it).

use crate::algo::centrality::{
    BetweennessConfig, DegreeConfig, Direction, EigenvectorConfig, HarmonicConfig, PageRankConfig, RiondatoConfig, betweenness_centrality,
    degree, eigenvector_centrality, harmonic_centrality, pagerank, riondato_betweenness,
};
use crate::algo::clustering::{ClusteringConfig, clustering};
use crate::algo::kcore::{CoreNumberConfig, core_number};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph, MISSING};
use crate::ona::brokerage::{BrokerageConfig, brokerage};
use crate::ona::groups::{EiConfig, Groups, MAX_GROUPS, ei_index};
use crate::ona::holes::{HolesConfig, structural_holes};
use crate::ona::overload::{OverloadConfig, collaboration_overload};
use crate::ona::privacy::{PrivacyConfig, group_sizes};
use crate::ona::reciprocity::{ReciprocityConfig, reciprocity};
use crate::ona::roles::{Role, RoleInputs, Roles, RolesConfig, classify_roles};
use crate::ona::ties::{ReachConfig, TiesConfig, tie_profile, two_step_reach};
use crate::scores::Scores;

/// Configuration of [`metric_pack`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PackConfig {
    /// Exact betweenness up to this many people (default 5 000: `O(n m)`,
    /// a few seconds at 5 000 people with 20 ties each); sampled above.
    pub exact_betweenness_max_nodes: usize,
    /// Additive error bound of sampled betweenness (default 0.02).
    pub betweenness_epsilon: f64,
    /// Failure probability of sampled betweenness (default 0.1).
    pub betweenness_delta: f64,
    /// Harmonic centrality up to this many people (default 5 000); left
    /// out above.
    pub exact_harmonic_max_nodes: usize,
    /// Role thresholds.
    pub roles: RolesConfig,
    /// Strong / diverse tie thresholds.
    pub ties: TiesConfig,
    /// Overload settings (its `min_group_size` is replaced by the privacy one).
    pub overload: OverloadConfig,
    /// The privacy guardrail: smallest group shown in the group table.
    pub privacy: PrivacyConfig,
}

impl Default for PackConfig {
    fn default() -> Self {
        Self {
            exact_betweenness_max_nodes: 5_000,
            betweenness_epsilon: 0.02,
            betweenness_delta: 0.1,
            exact_harmonic_max_nodes: 5_000,
            roles: RolesConfig::default(),
            ties: TiesConfig::default(),
            overload: OverloadConfig::default(),
            privacy: PrivacyConfig::default(),
        }
    }
}

impl PackConfig {
    /// Set [`PackConfig::exact_betweenness_max_nodes`].
    #[must_use]
    pub fn exact_betweenness_max_nodes(mut self, n: usize) -> Self {
        self.exact_betweenness_max_nodes = n;
        self
    }
    /// Set [`PackConfig::betweenness_epsilon`].
    #[must_use]
    pub fn betweenness_epsilon(mut self, eps: f64) -> Self {
        self.betweenness_epsilon = eps;
        self
    }
    /// Set [`PackConfig::betweenness_delta`].
    #[must_use]
    pub fn betweenness_delta(mut self, delta: f64) -> Self {
        self.betweenness_delta = delta;
        self
    }
    /// Set [`PackConfig::exact_harmonic_max_nodes`].
    #[must_use]
    pub fn exact_harmonic_max_nodes(mut self, n: usize) -> Self {
        self.exact_harmonic_max_nodes = n;
        self
    }
    /// Set [`PackConfig::roles`].
    #[must_use]
    pub fn roles(mut self, cfg: RolesConfig) -> Self {
        self.roles = cfg;
        self
    }
    /// Set [`PackConfig::ties`].
    #[must_use]
    pub fn ties(mut self, cfg: TiesConfig) -> Self {
        self.ties = cfg;
        self
    }
    /// Set [`PackConfig::overload`].
    #[must_use]
    pub fn overload(mut self, cfg: OverloadConfig) -> Self {
        self.overload = cfg;
        self
    }
    /// Set [`PackConfig::privacy`].
    #[must_use]
    pub fn privacy(mut self, cfg: PrivacyConfig) -> Self {
        self.privacy = cfg;
        self
    }
}

/// A borrowed column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColumnRef<'a> {
    /// Floats (NaN where undefined).
    F64(&'a [f64]),
    /// Counts or codes ([`MISSING`] for an unknown group).
    U32(&'a [u32]),
    /// Large counts.
    U64(&'a [u64]),
    /// Names.
    Str(&'a [&'static str]),
}

impl ColumnRef<'_> {
    /// Rows.
    pub fn len(&self) -> usize {
        match self {
            Self::F64(x) => x.len(),
            Self::U32(x) => x.len(),
            Self::U64(x) => x.len(),
            Self::Str(x) => x.len(),
        }
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Per-person columns, indexed by node.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct PeopleColumns {
    /// All ties (in + out for directed graphs).
    pub degree: Scores,
    /// Incoming ties (= degree when undirected).
    pub in_degree: Scores,
    /// Outgoing ties (= degree when undirected).
    pub out_degree: Scores,
    /// Summed weight of incoming ties (all ties when undirected).
    pub strength_in: Scores,
    /// Summed weight of outgoing ties (all ties when undirected).
    pub strength_out: Scores,
    /// Normalized betweenness, exact or sampled ([`PackMeta::betweenness_exact`]).
    pub betweenness: Scores,
    /// Harmonic centrality (`None` above [`PackConfig::exact_harmonic_max_nodes`]).
    pub harmonic: Option<Scores>,
    /// PageRank (α = 0.85).
    pub pagerank: Scores,
    /// Eigenvector centrality (`None` when it did not converge).
    pub eigenvector: Option<Scores>,
    /// Burt's constraint.
    pub constraint: Scores,
    /// Burt's effective size.
    pub effective_size: Scores,
    /// Local clustering coefficient.
    pub clustering: Scores,
    /// Core number (`None` with self loops).
    pub core_number: Option<Vec<u32>>,
    /// Share of out-ties returned (directed graphs).
    pub reciprocity: Option<Scores>,
    /// Group code ([`MISSING`] for none), with groups.
    pub group: Option<Vec<u32>>,
    /// Person E-I index, with groups.
    pub ei_index: Option<Scores>,
    /// Share of ties to other groups, with groups.
    pub cross_group_share: Option<Scores>,
    /// Ties to other groups, with groups.
    pub external_ties: Option<Scores>,
    /// Gould–Fernandez brokerage, all five roles summed (directed, with groups).
    pub brokerage: Option<Vec<u64>>,
    /// Distinct people within two steps.
    pub two_step_reach: Vec<u32>,
    /// Strong ties.
    pub strong_ties: Vec<u32>,
    /// Diverse ties.
    pub diverse_ties: Vec<u32>,
    /// Primary role name ([`Role::name`]).
    pub role: Vec<&'static str>,
    /// All roles held, `|`-joined ([`RoleSet::label`](super::RoleSet::label)).
    pub roles: Vec<&'static str>,
}

/// Per-group rows: every group with enough members, in code order.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct GroupTable {
    /// Group code.
    pub group: Vec<u32>,
    /// Members.
    pub size: Vec<u64>,
    /// Ties within the group over possible pairs (self loops left out).
    pub internal_density: Vec<f64>,
    /// Group E-I index.
    pub ei_index: Vec<f64>,
    /// Share of the group's collaboration load carried by its top members.
    pub overload_top_share: Vec<f64>,
    /// Gini coefficient of the members' loads.
    pub overload_gini: Vec<f64>,
    /// Central connectors.
    pub central_connectors: Vec<u32>,
    /// Brokers.
    pub brokers: Vec<u32>,
    /// Boundary spanners.
    pub boundary_spanners: Vec<u32>,
    /// Peripheral specialists.
    pub peripheral_specialists: Vec<u32>,
    /// Isolated people.
    pub isolated: Vec<u32>,
    /// Mean constraint of members with a defined constraint.
    pub mean_constraint: Vec<f64>,
    /// Codes of the groups left out for having fewer than `min_group_size` members.
    pub suppressed: Vec<u32>,
    /// The minimum group size applied.
    pub min_group_size: usize,
}

impl GroupTable {
    /// Rows.
    pub fn len(&self) -> usize {
        self.group.len()
    }
    /// Whether no group is shown.
    pub fn is_empty(&self) -> bool {
        self.group.is_empty()
    }
    /// The columns in a fixed order, named as the fields.
    pub fn columns(&self) -> Vec<(&'static str, ColumnRef<'_>)> {
        vec![
            ("group", ColumnRef::U32(&self.group)),
            ("size", ColumnRef::U64(&self.size)),
            ("internal_density", ColumnRef::F64(&self.internal_density)),
            ("ei_index", ColumnRef::F64(&self.ei_index)),
            ("overload_top_share", ColumnRef::F64(&self.overload_top_share)),
            ("overload_gini", ColumnRef::F64(&self.overload_gini)),
            ("central_connectors", ColumnRef::U32(&self.central_connectors)),
            ("brokers", ColumnRef::U32(&self.brokers)),
            ("boundary_spanners", ColumnRef::U32(&self.boundary_spanners)),
            ("peripheral_specialists", ColumnRef::U32(&self.peripheral_specialists)),
            ("isolated", ColumnRef::U32(&self.isolated)),
            ("mean_constraint", ColumnRef::F64(&self.mean_constraint)),
        ]
    }
}

/// How the pack was computed.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct PackMeta {
    /// People.
    pub nodes: usize,
    /// Edges (arcs when directed).
    pub edges: u64,
    /// Whether the graph is directed.
    pub directed: bool,
    /// Whether betweenness is exact.
    pub betweenness_exact: bool,
    /// Sampled betweenness: additive error bound ε on every value.
    pub betweenness_epsilon: Option<f64>,
    /// Sampled betweenness: probability δ that the bound fails.
    pub betweenness_delta: Option<f64>,
    /// Sampled betweenness: paths sampled.
    pub betweenness_samples: Option<u64>,
    /// Whether harmonic centrality was computed.
    pub harmonic: bool,
    /// Whether eigenvector centrality converged.
    pub eigenvector: bool,
    /// Whether core numbers were computed (not with self loops).
    pub core_number: bool,
    /// Network E-I index, with groups.
    pub network_ei_index: Option<f64>,
    /// Network overload top share, with groups.
    pub network_overload_top_share: Option<f64>,
    /// Network overload Gini, with groups.
    pub network_overload_gini: Option<f64>,
}

/// Everything [`metric_pack`] computes.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct MetricPack {
    /// Per-person columns.
    pub people: PeopleColumns,
    /// Per-group rows (with groups).
    pub groups: Option<GroupTable>,
    /// Role labels with their evidence.
    pub roles: Roles,
    /// How it was computed.
    pub meta: PackMeta,
}

impl MetricPack {
    /// The per-person columns that were computed, in a fixed order, named
    /// as the fields of [`PeopleColumns`]; `Option` columns appear only
    /// when present.
    pub fn columns(&self) -> Vec<(&'static str, ColumnRef<'_>)> {
        let p = &self.people;
        let mut c = vec![
            ("degree", ColumnRef::F64(&p.degree)),
            ("in_degree", ColumnRef::F64(&p.in_degree)),
            ("out_degree", ColumnRef::F64(&p.out_degree)),
            ("strength_in", ColumnRef::F64(&p.strength_in)),
            ("strength_out", ColumnRef::F64(&p.strength_out)),
            ("betweenness", ColumnRef::F64(&p.betweenness)),
        ];
        if let Some(x) = &p.harmonic {
            c.push(("harmonic", ColumnRef::F64(x)));
        }
        c.push(("pagerank", ColumnRef::F64(&p.pagerank)));
        if let Some(x) = &p.eigenvector {
            c.push(("eigenvector", ColumnRef::F64(x)));
        }
        c.push(("constraint", ColumnRef::F64(&p.constraint)));
        c.push(("effective_size", ColumnRef::F64(&p.effective_size)));
        c.push(("clustering", ColumnRef::F64(&p.clustering)));
        if let Some(x) = &p.core_number {
            c.push(("core_number", ColumnRef::U32(x)));
        }
        if let Some(x) = &p.reciprocity {
            c.push(("reciprocity", ColumnRef::F64(x)));
        }
        if let Some(x) = &p.group {
            c.push(("group", ColumnRef::U32(x)));
        }
        for (name, col) in [("ei_index", &p.ei_index), ("cross_group_share", &p.cross_group_share), ("external_ties", &p.external_ties)] {
            if let Some(x) = col {
                c.push((name, ColumnRef::F64(x)));
            }
        }
        if let Some(x) = &p.brokerage {
            c.push(("brokerage", ColumnRef::U64(x)));
        }
        c.push(("two_step_reach", ColumnRef::U32(&p.two_step_reach)));
        c.push(("strong_ties", ColumnRef::U32(&p.strong_ties)));
        c.push(("diverse_ties", ColumnRef::U32(&p.diverse_ties)));
        c.push(("role", ColumnRef::Str(&p.role)));
        c.push(("roles", ColumnRef::Str(&p.roles)));
        c
    }
}

/// Steps of the pack's own progress phase `"metric_pack"`.
const STEPS: u64 = 16;

/// Every ONA measure of every person (and group) in one call; see the
/// [module docs](self) for the columns and when optional ones are left out.
///
/// **Complexity**: dominated by betweenness (`O(n m)` exact; sampled above
/// the threshold: `r` early-stopped searches, `r ≈ (c/ε²)(log₂ VD + 1 +
/// ln 1/δ)`), harmonic centrality (`O(n m)`, only up to its threshold) and
/// constraint (`O(Σ_i d_i²)` at worst); the rest is `O(n + m)` or
/// `O(m^{1.5})` (clustering). **Parallelism**: each measure runs on `exec`'s
/// pool; every measure is identical for any thread count (sampled
/// betweenness too, given `exec`'s seed) except PageRank and eigenvector
/// sums, which may differ in the last bits; roles round to 12 digits first.
/// **Progress**: phase `"metric_pack"`, one unit per measure, besides each
/// measure's own phase. **Errors**: [`Error::EmptyGraph`] without nodes;
/// [`Error::LengthMismatch`] / [`Error::TooLarge`] for the group codes;
/// [`Error::InvalidParameter`] for a bad threshold; [`Error::InvalidWeight`]
/// for a negative weight; cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{Groups, PackConfig, metric_pack};
/// let exec = Exec::sequential()?;
/// // Two triangles joined by the tie 2-3; teams {0, 1, 2} and {3, 4, 5}.
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 2, 3, 3, 4], &[1, 2, 2, 3, 4, 5, 5], None, &exec)?;
/// let codes = [0, 0, 0, 1, 1, 1];
/// let pack = metric_pack(&g, Some(Groups::new(&codes)), &PackConfig::default(), &exec)?;
/// assert_eq!(pack.people.degree.0, vec![2.0, 2.0, 3.0, 3.0, 2.0, 2.0]);
/// assert!((pack.people.betweenness[2] - 0.6).abs() < 1e-12);
/// assert!(pack.meta.betweenness_exact);
/// // Both teams have 3 members, below the privacy minimum of 5.
/// assert_eq!(pack.groups.as_ref().map(|t| t.suppressed.clone()), Some(vec![0, 1]));
/// assert!(pack.columns().iter().any(|(name, _)| *name == "roles"));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn metric_pack<A: Adjacency>(g: &Graph<A>, groups: Option<Groups<'_>>, cfg: &PackConfig, exec: &Exec) -> Result<MetricPack> {
    let n = g.node_count();
    if n == 0 {
        return Err(Error::EmptyGraph { operation: "metric_pack" });
    }
    if let Some(gr) = groups {
        gr.check(n, MAX_GROUPS)?;
    }
    let directed = g.is_directed();
    let tracker = exec.tracker("metric_pack", STEPS);
    let step = || tracker.advance(1);

    // Degrees and strengths.
    let deg = |d: Direction, w: bool| degree(g, &DegreeConfig::default().direction(d).weighted(w), exec);
    let degree_all = deg(Direction::Both, false)?;
    let (in_degree, out_degree, strength_in, strength_out) = if directed {
        (deg(Direction::In, false)?, deg(Direction::Out, false)?, deg(Direction::In, true)?, deg(Direction::Out, true)?)
    } else {
        let s = deg(Direction::Both, true)?;
        (degree_all.clone(), degree_all.clone(), s.clone(), s)
    };
    step()?;

    // Betweenness: exact or sampled.
    let mut meta = PackMeta { nodes: n, edges: g.edge_count(), directed, ..PackMeta::default() };
    let betweenness = if n <= cfg.exact_betweenness_max_nodes {
        meta.betweenness_exact = true;
        betweenness_centrality(g, &BetweennessConfig::default(), exec)?
    } else {
        let rc = RiondatoConfig::default().epsilon(cfg.betweenness_epsilon).delta(cfg.betweenness_delta);
        let est = riondato_betweenness(g, &rc, exec)?;
        meta.betweenness_epsilon = Some(cfg.betweenness_epsilon);
        meta.betweenness_delta = Some(cfg.betweenness_delta);
        meta.betweenness_samples = Some(est.samples);
        est.scores
    };
    step()?;
    let harmonic = if n <= cfg.exact_harmonic_max_nodes {
        meta.harmonic = true;
        Some(harmonic_centrality(g, &HarmonicConfig::default(), exec)?)
    } else {
        None
    };
    step()?;
    let pagerank = pagerank(g, &PageRankConfig::default(), exec)?;
    step()?;
    let eigenvector = match eigenvector_centrality(g, &EigenvectorConfig::default(), exec) {
        Ok(x) => Some(x),
        Err(Error::NotConverged { .. }) => None,
        Err(e) => return Err(e),
    };
    meta.eigenvector = eigenvector.is_some();
    step()?;
    let holes = structural_holes(g, &HolesConfig::default(), exec)?;
    step()?;
    let clustering = clustering(g, &ClusteringConfig::default(), exec)?;
    step()?;
    let core_number = if g.self_loop_count() == 0 { Some(core_number(g, &CoreNumberConfig::default(), exec)?.0) } else { None };
    meta.core_number = core_number.is_some();
    step()?;
    let reciprocity = if directed { Some(reciprocity(g, &ReciprocityConfig::default(), exec)?) } else { None };
    step()?;

    // Groups: E-I, share, external ties, brokerage.
    let ei = match groups {
        Some(gr) => Some(ei_index(g, gr, &EiConfig::default(), exec)?),
        None => None,
    };
    let share = ei.as_ref().map(|ei| {
        Scores(
            ei.node_external
                .iter()
                .zip(&ei.node_internal)
                .map(|(&e, &i)| if e + i == 0.0 || (e + i).is_nan() { f64::NAN } else { e / (e + i) })
                .collect(),
        )
    });
    step()?;
    let brokerage = match groups {
        Some(gr) if directed => Some(brokerage(g, gr, &BrokerageConfig::default(), exec)?.total()),
        _ => None,
    };
    step()?;
    let two_step_reach = two_step_reach(g, &ReachConfig::default(), exec)?;
    step()?;
    let ties = tie_profile(g, &cfg.ties, exec)?;
    step()?;

    // Roles.
    let external = ei.as_ref().map(|e| Scores(e.node_external.clone()));
    let inputs = RoleInputs {
        in_degree: &in_degree,
        betweenness: &betweenness,
        constraint: &holes.constraint,
        cross_group_share: share.as_ref(),
        external_ties: external.as_ref().map(|s| &s.0[..]),
        degree: &degree_all,
    };
    let roles = classify_roles(&inputs, groups, &cfg.roles, exec)?;
    step()?;

    // Group table.
    let table = match (groups, &ei) {
        (Some(gr), Some(ei)) => {
            let min = cfg.privacy.min_group_size;
            let ocfg = cfg.overload.clone().min_group_size(min);
            let overload = collaboration_overload(g, gr, &ocfg, exec)?;
            meta.network_ei_index = Some(ei.network);
            meta.network_overload_top_share = Some(overload.network.top_share);
            meta.network_overload_gini = Some(overload.network.gini);
            let sizes = group_sizes(gr);
            let k = sizes.len();
            let mut counts = vec![[0u32; 5]; k];
            let (mut csum, mut ccount) = (vec![0.0f64; k], vec![0u64; k]);
            for (v, &c) in gr.codes().iter().enumerate() {
                if c == MISSING {
                    continue;
                }
                let c = c as usize;
                for (slot, role) in counts[c].iter_mut().zip(ROLE_ORDER) {
                    *slot += u32::from(roles.roles[v].contains(role));
                }
                let x = holes.constraint[v];
                if !x.is_nan() {
                    csum[c] += x;
                    ccount[c] += 1;
                }
            }
            let mut t = GroupTable { min_group_size: min, ..GroupTable::default() };
            for (c, &size) in sizes.iter().enumerate() {
                let code = u32::try_from(c).map_err(|_| Error::TooLarge { what: "groups", count: k as u64, limit: MAX_GROUPS as u64 })?;
                if size < min {
                    t.suppressed.push(code);
                    continue;
                }
                let s = size as f64;
                let pairs = if directed { s * (s - 1.0) } else { s * (s - 1.0) / 2.0 };
                t.group.push(code);
                t.size.push(size as u64);
                t.internal_density.push(if pairs > 0.0 { ei.group_internal[c] / pairs } else { f64::NAN });
                t.ei_index.push(ei.group[c]);
                t.overload_top_share.push(overload.groups[c].top_share);
                t.overload_gini.push(overload.groups[c].gini);
                let [cc, b, bs, p, iso] = counts[c];
                t.central_connectors.push(cc);
                t.brokers.push(b);
                t.boundary_spanners.push(bs);
                t.peripheral_specialists.push(p);
                t.isolated.push(iso);
                t.mean_constraint.push(if ccount[c] > 0 { csum[c] / ccount[c] as f64 } else { f64::NAN });
            }
            Some(t)
        }
        _ => None,
    };
    step()?;

    let people = PeopleColumns {
        degree: degree_all,
        in_degree,
        out_degree,
        strength_in,
        strength_out,
        betweenness,
        harmonic,
        pagerank,
        eigenvector,
        constraint: holes.constraint,
        effective_size: holes.effective_size,
        clustering,
        core_number,
        reciprocity,
        group: groups.map(|gr| gr.codes().to_vec()),
        ei_index: ei.as_ref().map(|e| e.node.clone()),
        cross_group_share: share,
        external_ties: external,
        brokerage,
        two_step_reach,
        strong_ties: ties.strong,
        diverse_ties: ties.diverse,
        role: roles.roles.iter().map(|r| r.primary().name()).collect(),
        roles: roles.roles.iter().map(|r| r.label()).collect(),
    };
    step()?;
    Ok(MetricPack { people, groups: table, roles, meta })
}

/// Role order of the group table's count columns.
const ROLE_ORDER: [Role; 5] = [Role::CentralConnector, Role::Broker, Role::BoundarySpanner, Role::PeripheralSpecialist, Role::Isolated];

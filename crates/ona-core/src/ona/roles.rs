//! Cross & Parker's network roles: central connectors, brokers, boundary
//! spanners and peripheral specialists, each label backed by evidence.
//!
//! **Roles and tests** (defaults of [`RolesConfig`] in brackets):
//! - *central connector*: many people come to them, in-degree at or above
//!   the [90th] percentile ([`RolesConfig::connector_pct`]);
//! - *broker*: betweenness at or above the [90th] percentile **and**
//!   constraint at or below the [50th] (low constraint: contacts that are
//!   not tied to each other);
//! - *boundary spanner*: cross-group share of ties at or above the [90th]
//!   percentile **and** at least [2] external ties (`min_external_ties`);
//!   only tested when both inputs are given;
//! - *peripheral specialist*: degree at or below the [10th] percentile, with
//!   at least one tie;
//! - *isolated*: degree 0 (no other role is tested);
//! - *none*: connected, no test passed.
//!
//! A person may hold several roles ([`RoleSet`]); [`RoleSet::primary`]
//! picks one by the precedence broker > central connector > boundary
//! spanner > peripheral specialist (the rarer, more structural role first).
//!
//! **Percentiles** are mid-rank percentile ranks, `100 (B + E / 2) / N`,
//! with `B` the people of the scope below the person's value, `E` those
//! equal to it (the person included) and `N` the people of the scope with a
//! value: people with equal values share one rank, and only values are
//! compared, never node indices, so labels do not change when nodes are
//! relabelled. A scope of ten distinct values gives ranks 5, 15, …, 95:
//! exactly one person is at or above the 90th and one at or below the 10th.
//! Before ranking, every value is rounded to 12 significant digits so that
//! the last bits of a float sum (which may differ between thread counts)
//! cannot flip a label.
//!
//! **Scopes.** A person is ranked among the connected members of their own
//! group (e.g. department); people without a group, members of groups with
//! fewer than [`RolesConfig::min_group_size`] people, and everyone when no
//! groups are given are ranked among all connected people of the network.
//! Isolated people are in no population. A NaN value (e.g. the constraint
//! of someone tied only to themself) is in no population and fails its
//! test.

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::MISSING;
use crate::ids::NodeId;
use crate::ona::groups::{Groups, MAX_GROUPS};
use crate::scores::Scores;

/// One of Cross & Parker's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// High in-degree: many people come to them.
    CentralConnector,
    /// High betweenness and low constraint.
    Broker,
    /// High share of ties to other groups.
    BoundarySpanner,
    /// Low degree, but at least one tie.
    PeripheralSpecialist,
    /// No ties at all.
    Isolated,
    /// Connected, no role.
    None,
}

impl Role {
    /// The roles a [`RoleSet`] can hold, in precedence order.
    pub const ALL: [Role; 5] = [Role::Broker, Role::CentralConnector, Role::BoundarySpanner, Role::PeripheralSpecialist, Role::Isolated];

    /// Stable snake-case name: `"central_connector"`, `"broker"`,
    /// `"boundary_spanner"`, `"peripheral_specialist"`, `"isolated"`, `"none"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::CentralConnector => "central_connector",
            Self::Broker => "broker",
            Self::BoundarySpanner => "boundary_spanner",
            Self::PeripheralSpecialist => "peripheral_specialist",
            Self::Isolated => "isolated",
            Self::None => "none",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Self::CentralConnector => 1,
            Self::Broker => 2,
            Self::BoundarySpanner => 4,
            Self::PeripheralSpecialist => 8,
            Self::Isolated => 16,
            Self::None => 0,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of roles (bit flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet(u8);

/// `label()` of every set without `Isolated`, indexed by its four bits.
const LABELS: [&str; 16] = [
    "none",
    "central_connector",
    "broker",
    "broker|central_connector",
    "boundary_spanner",
    "central_connector|boundary_spanner",
    "broker|boundary_spanner",
    "broker|central_connector|boundary_spanner",
    "peripheral_specialist",
    "central_connector|peripheral_specialist",
    "broker|peripheral_specialist",
    "broker|central_connector|peripheral_specialist",
    "boundary_spanner|peripheral_specialist",
    "central_connector|boundary_spanner|peripheral_specialist",
    "broker|boundary_spanner|peripheral_specialist",
    "broker|central_connector|boundary_spanner|peripheral_specialist",
];

impl RoleSet {
    /// No role.
    pub const EMPTY: RoleSet = RoleSet(0);

    /// Whether `role` is in the set (`Role::None` is in the empty set only).
    pub fn contains(self, role: Role) -> bool {
        if role == Role::None { self.0 == 0 } else { self.0 & role.bit() != 0 }
    }
    /// Add `role` (adding `Role::None` does nothing).
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }
    /// Whether no role is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The raw bits (connector 1, broker 2, spanner 4, peripheral 8, isolated 16).
    pub fn bits(self) -> u8 {
        self.0
    }
    /// The roles held, in precedence order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |&r| self.contains(r))
    }
    /// The first role held in precedence order (`Isolated`, `Broker`,
    /// `CentralConnector`, `BoundarySpanner`, `PeripheralSpecialist`), or
    /// `Role::None`. (Isolation excludes every other role.)
    pub fn primary(self) -> Role {
        if self.contains(Role::Isolated) {
            return Role::Isolated;
        }
        self.iter().next().unwrap_or(Role::None)
    }
    /// The role names in precedence order joined by `|` (`"none"` if empty),
    /// e.g. `"broker|central_connector"`; a static string.
    pub fn label(self) -> &'static str {
        if self.contains(Role::Isolated) { "isolated" } else { LABELS[usize::from(self.0 & 15)] }
    }
}

/// The per-person measures roles are decided on, one value per node.
#[derive(Debug, Clone, Copy)]
pub struct RoleInputs<'a> {
    /// In-degree (degree for undirected graphs): central connectors.
    pub in_degree: &'a Scores,
    /// Betweenness (any scale; only ranks matter): brokers.
    pub betweenness: &'a Scores,
    /// Burt's constraint: brokers.
    pub constraint: &'a Scores,
    /// Share of ties to other groups ([`cross_group_share`](super::cross_group_share)):
    /// boundary spanners. Without it nobody is tested as a spanner.
    pub cross_group_share: Option<&'a Scores>,
    /// Ties to other groups (e.g. [`EiIndex::node_external`](super::EiIndex)):
    /// boundary spanners. Without it nobody is tested as a spanner.
    pub external_ties: Option<&'a [f64]>,
    /// Degree (all ties, unweighted): isolated people and peripheral specialists.
    pub degree: &'a Scores,
}

/// Thresholds of [`classify_roles`]; percentiles in `[0, 100]`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RolesConfig {
    /// Central connector: in-degree percentile at least this (default 90).
    pub connector_pct: f64,
    /// Broker: betweenness percentile at least this (default 90).
    pub broker_betweenness_pct: f64,
    /// Broker: constraint percentile at most this (default 50).
    pub broker_constraint_pct: f64,
    /// Boundary spanner: cross-group share percentile at least this (default 90).
    pub spanner_pct: f64,
    /// Boundary spanner: at least this many external ties (default 2).
    pub min_external_ties: f64,
    /// Peripheral specialist: degree percentile at most this (default 10).
    pub peripheral_pct: f64,
    /// Groups with fewer people are ranked network-wide (default 5).
    pub min_group_size: usize,
}

impl Default for RolesConfig {
    fn default() -> Self {
        Self {
            connector_pct: 90.0,
            broker_betweenness_pct: 90.0,
            broker_constraint_pct: 50.0,
            spanner_pct: 90.0,
            min_external_ties: 2.0,
            peripheral_pct: 10.0,
            min_group_size: 5,
        }
    }
}

impl RolesConfig {
    /// Set [`RolesConfig::connector_pct`].
    #[must_use]
    pub fn connector_pct(mut self, p: f64) -> Self {
        self.connector_pct = p;
        self
    }
    /// Set [`RolesConfig::broker_betweenness_pct`].
    #[must_use]
    pub fn broker_betweenness_pct(mut self, p: f64) -> Self {
        self.broker_betweenness_pct = p;
        self
    }
    /// Set [`RolesConfig::broker_constraint_pct`].
    #[must_use]
    pub fn broker_constraint_pct(mut self, p: f64) -> Self {
        self.broker_constraint_pct = p;
        self
    }
    /// Set [`RolesConfig::spanner_pct`].
    #[must_use]
    pub fn spanner_pct(mut self, p: f64) -> Self {
        self.spanner_pct = p;
        self
    }
    /// Set [`RolesConfig::min_external_ties`].
    #[must_use]
    pub fn min_external_ties(mut self, k: f64) -> Self {
        self.min_external_ties = k;
        self
    }
    /// Set [`RolesConfig::peripheral_pct`].
    #[must_use]
    pub fn peripheral_pct(mut self, p: f64) -> Self {
        self.peripheral_pct = p;
        self
    }
    /// Set [`RolesConfig::min_group_size`].
    #[must_use]
    pub fn min_group_size(mut self, k: usize) -> Self {
        self.min_group_size = k;
        self
    }

    fn validate(&self) -> Result<()> {
        let pcts = [
            ("connector_pct", self.connector_pct),
            ("broker_betweenness_pct", self.broker_betweenness_pct),
            ("broker_constraint_pct", self.broker_constraint_pct),
            ("spanner_pct", self.spanner_pct),
            ("peripheral_pct", self.peripheral_pct),
        ];
        for (name, p) in pcts {
            if !(0.0..=100.0).contains(&p) {
                return Err(Error::invalid_param(name, p, "a percentile in [0, 100]"));
            }
        }
        if !(self.min_external_ties.is_finite() && self.min_external_ties >= 0.0) {
            return Err(Error::invalid_param("min_external_ties", self.min_external_ties, "a finite number >= 0"));
        }
        Ok(())
    }
}

/// Where a person's percentile was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Among the connected members of this group.
    Group(u32),
    /// Among all connected people.
    Network,
    /// A fixed threshold, no percentile (external ties, isolation).
    Absolute,
}

impl Scope {
    /// `"group:<name>"` (the group's name from `names`, or its code when
    /// `names` is too short), `"network"` or `"absolute"`.
    pub fn label<S: AsRef<str>>(&self, names: &[S]) -> String {
        match *self {
            Self::Group(c) => match usize::try_from(c).ok().and_then(|i| names.get(i)) {
                Some(s) => format!("group:{}", s.as_ref()),
                None => format!("group:{c}"),
            },
            Self::Network => "network".to_owned(),
            Self::Absolute => "absolute".to_owned(),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label::<&str>(&[]))
    }
}

/// How a value is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Passes at or above the threshold.
    AtLeast,
    /// Passes at or below the threshold.
    AtMost,
}

/// One test behind a role label.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The role tested.
    pub role: Role,
    /// The measure: `"in_degree"`, `"betweenness"`, `"constraint"`,
    /// `"cross_group_share"`, `"external_ties"` or `"degree"`.
    pub metric: &'static str,
    /// The person's value (rounded to 12 significant digits).
    pub value: f64,
    /// The person's percentile rank in `scope` (NaN for absolute tests and
    /// NaN values).
    pub percentile: f64,
    /// The percentile the test asks for (NaN for absolute tests).
    pub threshold_percentile: f64,
    /// The value cut: the smallest value of the scope that passes
    /// (`AtLeast`) or the largest (`AtMost`); NaN if none passes. For
    /// absolute tests, the fixed threshold.
    pub threshold: f64,
    /// Direction of the test.
    pub comparison: Comparison,
    /// Where the percentile was computed.
    pub scope: Scope,
    /// Whether the test passed.
    pub passed: bool,
}

/// Tests, in evidence order.
#[derive(Clone, Copy)]
struct Test {
    role: Role,
    metric: &'static str,
    comparison: Comparison,
}

const TESTS: [Test; 6] = [
    Test { role: Role::CentralConnector, metric: "in_degree", comparison: Comparison::AtLeast },
    Test { role: Role::Broker, metric: "betweenness", comparison: Comparison::AtLeast },
    Test { role: Role::Broker, metric: "constraint", comparison: Comparison::AtMost },
    Test { role: Role::BoundarySpanner, metric: "cross_group_share", comparison: Comparison::AtLeast },
    Test { role: Role::BoundarySpanner, metric: "external_ties", comparison: Comparison::AtLeast },
    Test { role: Role::PeripheralSpecialist, metric: "degree", comparison: Comparison::AtMost },
];
/// Index of the absolute external-ties test.
const EXTERNAL: usize = 4;
const T: usize = TESTS.len();

/// Role labels of every person, with the evidence behind them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Roles {
    /// The roles of each person, indexed by node.
    pub roles: Vec<RoleSet>,
    /// Percentile scope of each person.
    scope: Vec<Scope>,
    /// Rounded value of each test, `[v * T + t]`.
    values: Vec<f64>,
    /// Percentile of each test, `[v * T + t]`.
    pcts: Vec<f64>,
    /// Value cut of each test per scope: groups `0..k`, then the network.
    cuts: Vec<[f64; T]>,
    /// The percentile (or absolute) threshold of each test.
    wanted: [f64; T],
    /// Whether the spanner tests ran.
    spanners: bool,
}

impl Roles {
    /// Number of people.
    pub fn len(&self) -> usize {
        self.roles.len()
    }
    /// Whether there are no people.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }
    /// The primary role of `v` ([`RoleSet::primary`]); `Role::None` for a
    /// node out of range.
    pub fn primary(&self, v: NodeId) -> Role {
        self.roles.get(v.index()).map_or(Role::None, |r| r.primary())
    }
    /// The primary role of every person.
    pub fn primaries(&self) -> Vec<Role> {
        self.roles.iter().map(|r| r.primary()).collect()
    }
    /// Where `v` was ranked (`None` out of range).
    pub fn scope(&self, v: NodeId) -> Option<Scope> {
        self.scope.get(v.index()).copied()
    }
    /// Every test run for `v`, in the order connector, broker (betweenness,
    /// constraint), spanner (share, external ties; when tested), peripheral.
    /// An isolated person has one row (degree at most 0, absolute). Empty
    /// for a node out of range.
    pub fn evidence(&self, v: NodeId) -> Vec<Evidence> {
        let i = v.index();
        let (Some(&set), Some(&scope)) = (self.roles.get(i), self.scope.get(i)) else { return Vec::new() };
        if set.contains(Role::Isolated) {
            return vec![Evidence {
                role: Role::Isolated,
                metric: "degree",
                value: 0.0,
                percentile: f64::NAN,
                threshold_percentile: f64::NAN,
                threshold: 0.0,
                comparison: Comparison::AtMost,
                scope: Scope::Absolute,
                passed: true,
            }];
        }
        let cut_row = match scope {
            Scope::Group(c) => usize::try_from(c).ok().and_then(|c| self.cuts.get(c)),
            _ => self.cuts.last(),
        };
        let Some(cut_row) = cut_row else { return Vec::new() };
        (0..T)
            .filter(|&t| self.spanners || TESTS[t].role != Role::BoundarySpanner)
            .map(|t| {
                let test = TESTS[t];
                let value = self.values[i * T + t];
                let absolute = t == EXTERNAL;
                let percentile = self.pcts[i * T + t];
                Evidence {
                    role: test.role,
                    metric: test.metric,
                    value,
                    percentile,
                    threshold_percentile: if absolute { f64::NAN } else { self.wanted[t] },
                    threshold: if absolute { self.wanted[t] } else { cut_row[t] },
                    comparison: test.comparison,
                    scope: if absolute { Scope::Absolute } else { scope },
                    passed: passes(test.comparison, if absolute { value } else { percentile }, self.wanted[t]),
                }
            })
            .collect()
    }
}

#[inline]
fn passes(c: Comparison, x: f64, threshold: f64) -> bool {
    match c {
        Comparison::AtLeast => x >= threshold,
        Comparison::AtMost => x <= threshold,
    }
}

/// `x` rounded to 12 significant digits (non-finite and zero unchanged).
pub(crate) fn round12(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // Decimal formatting rounds exactly; parsing gives the nearest double.
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Classify every person into Cross & Parker roles (see the
/// [module docs](self) for the tests, percentiles and scopes).
///
/// **Complexity** `O(n log n)` (one sort per measure and scope).
/// **Parallelism**: sequential; the result depends on values only, so it is
/// identical for any thread count and under any relabelling of nodes.
/// **Errors**: [`Error::LengthMismatch`] unless every input (and the group
/// codes) has one entry per node; [`Error::TooLarge`] above
/// [`MAX_GROUPS`] groups; [`Error::InvalidParameter`] for a percentile
/// outside `[0, 100]` or a negative / non-finite `min_external_ties`;
/// cancellation / deadline.
///
/// Reference: R. Cross, A. Parker, *The Hidden Power of Social Networks*,
/// Harvard Business School Press, 2004, ch. 4 (the four roles).
///
/// ```
/// use ona_core::{Exec, NodeId, Scores};
/// use ona_core::ona::{Role, RoleInputs, RolesConfig, classify_roles};
/// let exec = Exec::sequential()?;
/// // Ten people; person 9 has the most ties, person 0 the fewest; nobody is constrained differently.
/// let deg = Scores((1..=10).map(f64::from).collect());
/// let flat = Scores(vec![0.5; 10]);
/// let inputs = RoleInputs { in_degree: &deg, betweenness: &flat, constraint: &flat, cross_group_share: None, external_ties: None, degree: &deg };
/// let roles = classify_roles(&inputs, None, &RolesConfig::default(), &exec)?;
/// assert_eq!(roles.primary(NodeId(9)), Role::CentralConnector);
/// assert_eq!(roles.primary(NodeId(0)), Role::PeripheralSpecialist);
/// assert_eq!(roles.primary(NodeId(5)), Role::None);
/// assert_eq!(roles.evidence(NodeId(9))[0].percentile, 95.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn classify_roles(inputs: &RoleInputs<'_>, groups: Option<Groups<'_>>, cfg: &RolesConfig, exec: &Exec) -> Result<Roles> {
    cfg.validate()?;
    let n = inputs.degree.len();
    let len_check = |what: &'static str, len: usize| {
        if len == n { Ok(()) } else { Err(Error::LengthMismatch { what, expected: n as u64, found: len as u64 }) }
    };
    len_check("in_degree", inputs.in_degree.len())?;
    len_check("betweenness", inputs.betweenness.len())?;
    len_check("constraint", inputs.constraint.len())?;
    let spanners = match (inputs.cross_group_share, inputs.external_ties) {
        (Some(s), Some(e)) => {
            len_check("cross_group_share", s.len())?;
            len_check("external_ties", e.len())?;
            true
        }
        _ => false,
    };
    if let Some(gr) = groups {
        gr.check(n, MAX_GROUPS)?;
    }
    let k = groups.map_or(0, |g| g.count());
    exec.check()?;

    // Scopes: a group with enough members (isolated ones included), else the network.
    let mut sizes = vec![0usize; k];
    if let Some(gr) = groups {
        for &c in gr.codes().iter().filter(|&&c| c != MISSING) {
            sizes[c as usize] += 1;
        }
    }
    let scope_of = |v: usize| -> usize {
        match groups.map(|g| g.codes()[v]) {
            Some(c) if c != MISSING && sizes[c as usize] >= cfg.min_group_size => c as usize,
            _ => k,
        }
    };
    let isolated: Vec<bool> = inputs.degree.iter().map(|&d| d.is_nan() || d <= 0.0).collect();
    let scope_idx: Vec<usize> = (0..n).map(scope_of).collect();

    // Rounded values, `[v * T + t]`.
    let nan = f64::NAN;
    let mut values = vec![nan; n * T];
    for v in 0..n {
        let share = inputs.cross_group_share.map_or(nan, |s| s[v]);
        let ext = inputs.external_ties.map_or(nan, |e| e[v]);
        let row = [inputs.in_degree[v], inputs.betweenness[v], inputs.constraint[v], share, ext, inputs.degree[v]];
        for (slot, x) in values[v * T..(v + 1) * T].iter_mut().zip(row) {
            *slot = round12(x);
        }
    }
    exec.check()?;

    // Members of each scope (connected people only).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k + 1];
    for v in (0..n).filter(|&v| !isolated[v]) {
        members[scope_idx[v]].push(v);
    }
    let wanted = [
        cfg.connector_pct,
        cfg.broker_betweenness_pct,
        cfg.broker_constraint_pct,
        cfg.spanner_pct,
        cfg.min_external_ties,
        cfg.peripheral_pct,
    ];
    let mut pcts = vec![nan; n * T];
    let mut cuts = vec![[nan; T]; k + 1];
    let tracker = exec.tracker("roles", (k + 1) as u64);
    let mut sorted: Vec<f64> = Vec::new();
    for (s, mem) in members.iter().enumerate() {
        for t in (0..T).filter(|&t| t != EXTERNAL) {
            sorted.clear();
            sorted.extend(mem.iter().map(|&v| values[v * T + t]).filter(|x| !x.is_nan()));
            sorted.sort_unstable_by(f64::total_cmp);
            let total = sorted.len() as f64;
            let rank = |x: f64| -> f64 {
                let below = sorted.partition_point(|&y| y < x);
                let upto = sorted.partition_point(|&y| y <= x);
                100.0 * (below as f64 + 0.5 * (upto - below) as f64) / total
            };
            for &v in mem {
                let x = values[v * T + t];
                if !x.is_nan() {
                    pcts[v * T + t] = rank(x);
                }
            }
            // The value cut: the first (AtLeast) / last (AtMost) distinct passing value.
            let comparison = TESTS[t].comparison;
            let mut cut = nan;
            let mut i = 0;
            while i < sorted.len() {
                let x = sorted[i];
                let passed = passes(comparison, rank(x), wanted[t]);
                if passed && (comparison == Comparison::AtLeast || cut.is_nan() || x > cut) {
                    cut = x;
                    if comparison == Comparison::AtLeast {
                        break;
                    }
                }
                i = sorted.partition_point(|&y| y <= x);
            }
            cuts[s][t] = cut;
        }
        tracker.advance(1)?;
    }

    let roles = (0..n)
        .map(|v| {
            let mut set = RoleSet::EMPTY;
            if isolated[v] {
                set.insert(Role::Isolated);
                return set;
            }
            let ok = |t: usize| {
                let x = if t == EXTERNAL { values[v * T + t] } else { pcts[v * T + t] };
                !x.is_nan() && passes(TESTS[t].comparison, x, wanted[t])
            };
            if ok(0) {
                set.insert(Role::CentralConnector);
            }
            if ok(1) && ok(2) {
                set.insert(Role::Broker);
            }
            if spanners && ok(3) && ok(EXTERNAL) {
                set.insert(Role::BoundarySpanner);
            }
            if ok(5) {
                set.insert(Role::PeripheralSpecialist);
            }
            set
        })
        .collect();
    let scope =
        scope_idx.iter().map(|&s| if s == k { Scope::Network } else { Scope::Group(u32::try_from(s).unwrap_or(MISSING)) }).collect();
    Ok(Roles { roles, scope, values, pcts, cuts, wanted, spanners })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_twelve_digits() {
        assert_eq!(round12(0.1 + 0.2), 0.3);
        assert_eq!(round12(1.0 / 3.0), 0.333333333333);
        assert_eq!(round12(-123456.7890123456), -123456.789012);
        assert!(round12(f64::NAN).is_nan());
        assert_eq!(round12(0.0), 0.0);
    }

    #[test]
    fn role_set_labels_follow_precedence() {
        let mut s = RoleSet::EMPTY;
        assert_eq!((s.primary(), s.label()), (Role::None, "none"));
        s.insert(Role::PeripheralSpecialist);
        s.insert(Role::CentralConnector);
        assert_eq!(s.primary(), Role::CentralConnector);
        assert_eq!(s.label(), "central_connector|peripheral_specialist");
        s.insert(Role::Broker);
        assert_eq!(s.primary(), Role::Broker);
        for bits in 0..16u8 {
            let set = RoleSet(bits);
            let joined: Vec<&str> = set.iter().map(Role::name).collect();
            let want = if joined.is_empty() { "none".to_owned() } else { joined.join("|") };
            assert_eq!(set.label(), want);
        }
    }

    #[test]
    fn bad_config_and_lengths_are_errors() {
        let e = Exec::sequential().expect("exec");
        let a = Scores(vec![1.0; 3]);
        let b = Scores(vec![1.0; 2]);
        let ok = RoleInputs { in_degree: &a, betweenness: &a, constraint: &a, cross_group_share: None, external_ties: None, degree: &a };
        let bad = RoleInputs { betweenness: &b, ..ok };
        assert!(matches!(classify_roles(&bad, None, &RolesConfig::default(), &e), Err(Error::LengthMismatch { .. })));
        let cfg = RolesConfig::default().connector_pct(101.0);
        assert!(matches!(classify_roles(&ok, None, &cfg, &e), Err(Error::InvalidParameter { .. })));
        let codes = [0u32, 1];
        assert!(matches!(classify_roles(&ok, Some(Groups::new(&codes)), &RolesConfig::default(), &e), Err(Error::LengthMismatch { .. })));
        assert_eq!(classify_roles(&ok, None, &RolesConfig::default(), &e).map(|r| r.len()), Ok(3));
    }
}

//! A seeded synthetic organisation: people in teams in departments.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Categorical, EdgeWeights, Graph, GraphBuilder, IdMap};
use crate::ids::MAX_NODES;

/// Value of the `role` attribute for the one manager of each team.
pub const ROLE_MANAGER: &str = "manager";
/// Value of the `role` attribute for cross-department liaisons.
pub const ROLE_LIAISON: &str = "liaison";
/// Value of the `role` attribute for everyone else.
pub const ROLE_MEMBER: &str = "member";

const ROLES: [&str; 3] = [ROLE_MANAGER, ROLE_LIAISON, ROLE_MEMBER];
const MANAGER: u8 = 0;
const LIAISON: u8 = 1;
const MEMBER: u8 = 2;

/// Stream of the sequential planning phase (departments use `0..d`).
const PLAN_STREAM: u64 = u64::MAX;
/// Teams under one first-line lead inside a department; department heads
/// under one division head, and so on up to the top.
const SPAN: usize = 6;
/// Largest mean of the Poisson tie counts.
const MAX_MEAN_TIES: f64 = 100.0;

/// Parameters of [`org`]. Ranges are inclusive.
#[derive(Debug, Clone)]
pub struct OrgConfig {
    /// People in the organisation.
    pub people: usize,
    /// People per team (the last team may be smaller).
    pub team_size: (u32, u32),
    /// Teams per department (the last department may be smaller).
    pub teams_per_department: (u32, u32),
    /// Probability that two members of a team collaborate (the manager
    /// collaborates with every member).
    pub team_density: f64,
    /// Mean ties per person to people in other teams of the same department.
    pub department_ties: f64,
    /// Mean ties per person to random people in other departments.
    pub cross_ties: f64,
    /// Liaisons per department (members with many external ties).
    pub liaisons_per_department: u32,
    /// External ties per liaison.
    pub liaison_ties: (u32, u32),
}

impl Default for OrgConfig {
    fn default() -> Self {
        Self {
            people: 1000,
            team_size: (5, 12),
            teams_per_department: (10, 30),
            team_density: 0.8,
            department_ties: 2.0,
            cross_ties: 0.05,
            liaisons_per_department: 2,
            liaison_ties: (15, 40),
        }
    }
}

impl OrgConfig {
    /// The default organisation with `people` people.
    pub fn new(people: usize) -> Self {
        Self { people, ..Self::default() }
    }
    /// Set the head count.
    #[must_use]
    pub fn people(mut self, people: usize) -> Self {
        self.people = people;
        self
    }
    /// Set the team size range.
    #[must_use]
    pub fn team_size(mut self, min: u32, max: u32) -> Self {
        self.team_size = (min, max);
        self
    }
    /// Set the teams-per-department range.
    #[must_use]
    pub fn teams_per_department(mut self, min: u32, max: u32) -> Self {
        self.teams_per_department = (min, max);
        self
    }
    /// Set the within-team tie probability.
    #[must_use]
    pub fn team_density(mut self, p: f64) -> Self {
        self.team_density = p;
        self
    }
    /// Set the mean within-department ties per person.
    #[must_use]
    pub fn department_ties(mut self, mean: f64) -> Self {
        self.department_ties = mean;
        self
    }
    /// Set the mean cross-department ties per person.
    #[must_use]
    pub fn cross_ties(mut self, mean: f64) -> Self {
        self.cross_ties = mean;
        self
    }
    /// Set the liaisons per department.
    #[must_use]
    pub fn liaisons_per_department(mut self, k: u32) -> Self {
        self.liaisons_per_department = k;
        self
    }
    /// Set the external-tie range of liaisons.
    #[must_use]
    pub fn liaison_ties(mut self, min: u32, max: u32) -> Self {
        self.liaison_ties = (min, max);
        self
    }

    fn validate(&self) -> Result<()> {
        if self.people == 0 || self.people as u64 > MAX_NODES {
            return Err(Error::invalid_param("people", self.people, "1..=u32::MAX-1"));
        }
        let ranges = [
            ("team_size", self.team_size),
            ("teams_per_department", self.teams_per_department),
            ("liaison_ties", self.liaison_ties),
        ];
        for (name, (lo, hi)) in ranges {
            if lo == 0 || lo > hi || hi > 10_000 {
                return Err(Error::invalid_param(name, format!("({lo}, {hi})"), "1 <= min <= max <= 10000"));
            }
        }
        if !(0.0..=1.0).contains(&self.team_density) {
            return Err(Error::invalid_param("team_density", self.team_density, "a probability in [0, 1]"));
        }
        for (name, mean) in [("department_ties", self.department_ties), ("cross_ties", self.cross_ties)] {
            if !(0.0..=MAX_MEAN_TIES).contains(&mean) {
                return Err(Error::invalid_param(name, mean, "a mean in [0, 100]"));
            }
        }
        if self.liaisons_per_department > 1000 {
            return Err(Error::invalid_param("liaisons_per_department", self.liaisons_per_department, "at most 1000"));
        }
        Ok(())
    }
}

/// A team: people `start..start + len`; the manager is `start`.
#[derive(Debug, Clone, Copy)]
struct Team {
    start: u32,
    len: u32,
}

/// A department: teams `first..first + count`, people `start..end`.
#[derive(Debug, Clone, Copy)]
struct Dept {
    first: usize,
    count: usize,
    start: u32,
    end: u32,
}

/// The layout drawn before any tie: teams, departments and the reporting
/// lines between department heads.
struct Plan {
    teams: Vec<Team>,
    depts: Vec<Dept>,
    people: u32,
}

/// Edges of one department (or of the plan), in generation order.
#[derive(Default)]
struct Edges {
    src: Vec<u32>,
    dst: Vec<u32>,
    w: Vec<f32>,
}

impl Edges {
    fn push(&mut self, u: u32, v: u32, w: f32) {
        self.src.push(u);
        self.dst.push(v);
        self.w.push(w);
    }
}

/// A synthetic organisation as an undirected, weighted graph of people.
///
/// People sit in teams (`team_size`, default 5–12 people) inside departments
/// (`teams_per_department`, default 10–30 teams). Each team's first person
/// is its manager, tied to every member; other teammates collaborate with
/// probability `team_density`. Managers form a reporting tree: within a
/// department team managers report in spans of six up to the department
/// head, and department heads report in spans of six up to person
/// `p000000`. People also have Poisson-many ties to other teams of their
/// department (mostly neighbouring teams) and rarely to other departments;
/// a few liaisons per department have many external ties.
///
/// Weights are collaboration intensity (messages and meetings per month,
/// `f32`): reporting lines 8–20, teammates 2–32 (skewed low), department
/// ties 1–5, liaison ties 1–6, other cross-department ties 1–3. Repeated
/// pairs add up ([`DuplicatePolicy::Sum`](crate::DuplicatePolicy::Sum)).
///
/// Nodes are named `p000000`, `p000001`, ... in team order and carry the
/// categorical attributes `department` (`d0001`, ...), `team`
/// (`d0001-t01`, ...) and `role` ([`ROLE_MANAGER`], [`ROLE_LIAISON`],
/// [`ROLE_MEMBER`]).
///
/// Complexity `O(people · mean team size + ties)`. Teams and departments are
/// planned sequentially from stream `exec.rng(u64::MAX)`; each department's
/// ties are drawn in parallel from its own stream `exec.rng(department)`,
/// so the graph depends on the seed only, never on the thread count.
///
/// Errors: [`Error::InvalidParameter`] for an empty organisation or ranges
/// out of order, [`Error::Cancelled`] / [`Error::DeadlineExceeded`].
///
/// ```
/// use ona_core::{Exec, generate::{OrgConfig, org}};
/// let exec = Exec::sequential()?.seed(42);
/// let g = org(&OrgConfig::new(200), &exec)?;
/// assert_eq!(g.node_count(), 200);
/// assert!(!g.is_directed() && g.is_weighted());
/// assert_eq!(g.attributes().get("role").and_then(|r| r.value(ona_core::NodeId(0))), Some("manager"));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn org(cfg: &OrgConfig, exec: &Exec) -> Result<Graph> {
    org_edges(cfg, exec)?.build(exec)
}

/// The synthetic organisation of [`org`] as an edge list with per-person
/// attributes, before any graph is built (for writing files, or for timing
/// [`GraphBuilder`] alone).
#[derive(Debug, Clone, PartialEq)]
pub struct OrgEdges {
    /// People; person `i` is named [`OrgEdges::name`]`(i)`.
    pub people: usize,
    /// Edge rows: one endpoint.
    pub src: Vec<u32>,
    /// Edge rows: the other endpoint.
    pub dst: Vec<u32>,
    /// Edge rows: collaboration intensity per month.
    pub weight: Vec<f32>,
    /// Per person: `department`, `team` and `role`, in that order.
    pub attributes: Vec<(&'static str, Categorical)>,
}

impl OrgEdges {
    /// The external id of person `i`: `p` and at least six digits.
    pub fn name(i: u32) -> String {
        format!("p{i:06}")
    }

    /// Every person's name, in index order.
    pub fn names(&self, exec: &Exec) -> Vec<Box<str>> {
        // `org_edges` keeps `people` below u32::MAX.
        let people = u32::try_from(self.people).unwrap_or(u32::MAX);
        exec.install(|| (0..people).into_par_iter().map(|i| Self::name(i).into_boxed_str()).collect())
    }

    /// Build the undirected, weighted graph with named nodes and attributes
    /// (repeated pairs add up).
    pub fn build(&self, exec: &Exec) -> Result<Graph> {
        // Dense build, then names: node `i` is `names[i]`, as `build_str`
        // would number them, without hashing every edge's endpoints.
        let weights = Some(EdgeWeights::F32(&self.weight));
        let mut graph = GraphBuilder::undirected().build(self.people, &self.src, &self.dst, weights, exec)?;
        graph.set_ids(IdMap::from_names(self.names(exec)))?;
        for (name, column) in &self.attributes {
            graph.set_categorical(name, column.clone())?;
        }
        Ok(graph)
    }
}

/// The edge list and attributes of [`org`], without building the graph.
///
/// Same parameters, determinism, parallelism and errors as [`org`].
///
/// ```
/// use ona_core::{Exec, generate::{OrgConfig, org_edges}};
/// let exec = Exec::sequential()?.seed(42);
/// let e = org_edges(&OrgConfig::new(200), &exec)?;
/// assert_eq!((e.people, e.src.len()), (200, e.weight.len()));
/// assert_eq!(e.attributes[0].0, "department");
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn org_edges(cfg: &OrgConfig, exec: &Exec) -> Result<OrgEdges> {
    cfg.validate()?;
    let plan = plan(cfg, exec);
    let tracker = exec.tracker("org", plan.depts.len() as u64);
    let parts: Vec<(Edges, Vec<u8>)> = exec.install(|| {
        plan.depts
            .par_iter()
            .enumerate()
            .map(|(d, dept)| {
                let part = department(cfg, &plan, dept, &mut exec.rng(d as u64));
                tracker.advance(1).map(|()| part)
            })
            .collect::<Result<_>>()
    })?;
    let mut edges = heads(&plan, &mut exec.rng(PLAN_STREAM - 1));
    let total: usize = parts.iter().map(|(e, _)| e.src.len()).sum::<usize>() + edges.src.len();
    edges.src.reserve(total);
    edges.dst.reserve(total);
    edges.w.reserve(total);
    let mut roles = Vec::with_capacity(plan.people as usize);
    for (e, r) in parts {
        edges.src.extend_from_slice(&e.src);
        edges.dst.extend_from_slice(&e.dst);
        edges.w.extend_from_slice(&e.w);
        roles.extend_from_slice(&r);
    }
    exec.check()?;
    let attributes = attributes(&plan, roles)?;
    Ok(OrgEdges { people: plan.people as usize, src: edges.src, dst: edges.dst, weight: edges.w, attributes })
}

fn draw(rng: &mut ChaCha8Rng, (lo, hi): (u32, u32)) -> u32 {
    rng.random_range(lo..=hi)
}

fn plan(cfg: &OrgConfig, exec: &Exec) -> Plan {
    let mut rng = exec.rng(PLAN_STREAM);
    // `validate` keeps people below u32::MAX.
    let people = u32::try_from(cfg.people).unwrap_or(u32::MAX - 1);
    let mut teams = Vec::new();
    let mut start = 0u32;
    while start < people {
        let len = draw(&mut rng, cfg.team_size).min(people - start);
        teams.push(Team { start, len });
        start += len;
    }
    let mut depts = Vec::new();
    let mut first = 0usize;
    while first < teams.len() {
        let count = (draw(&mut rng, cfg.teams_per_department) as usize).min(teams.len() - first);
        let last = teams[first + count - 1];
        depts.push(Dept { first, count, start: teams[first].start, end: last.start + last.len });
        first += count;
    }
    Plan { teams, depts, people }
}

/// Reporting lines between department heads: spans of [`SPAN`], recursively,
/// up to the head of department 0.
fn heads(plan: &Plan, rng: &mut ChaCha8Rng) -> Edges {
    let mut edges = Edges::default();
    let mut level: Vec<u32> = plan.depts.iter().map(|d| plan.teams[d.first].start).collect();
    while level.len() > 1 {
        let mut up = Vec::with_capacity(level.len().div_ceil(SPAN));
        for group in level.chunks(SPAN) {
            up.push(group[0]);
            for &report in &group[1..] {
                edges.push(group[0], report, reporting_weight(rng));
            }
        }
        level = up;
    }
    edges
}

fn reporting_weight(rng: &mut ChaCha8Rng) -> f32 {
    rng.random_range(8.0..=20.0f32)
}

/// Knuth's Poisson sampler; `mean <= MAX_MEAN_TIES`.
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p: f64 = rng.random();
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// A uniform person in `lo..hi` outside `skip` (`None` if there is none).
fn person_outside(rng: &mut ChaCha8Rng, lo: u32, hi: u32, skip: std::ops::Range<u32>) -> Option<u32> {
    let outside = (hi - lo) - (skip.end - skip.start);
    if outside == 0 {
        return None;
    }
    let x = lo + rng.random_range(0..outside);
    Some(if x >= skip.start { x + (skip.end - skip.start) } else { x })
}

/// Ties and roles of department `d`.
fn department(cfg: &OrgConfig, plan: &Plan, dept: &Dept, rng: &mut ChaCha8Rng) -> (Edges, Vec<u8>) {
    let teams = &plan.teams[dept.first..dept.first + dept.count];
    let mut edges = Edges::default();
    let mut roles = vec![MEMBER; (dept.end - dept.start) as usize];
    let role = |roles: &mut Vec<u8>, p: u32, r: u8| roles[(p - dept.start) as usize] = r;
    // Teams and their managers.
    for team in teams {
        let m = team.start;
        role(&mut roles, m, MANAGER);
        for i in team.start..team.start + team.len {
            for j in i + 1..team.start + team.len {
                if i == m {
                    edges.push(i, j, reporting_weight(rng));
                } else if rng.random_bool(cfg.team_density) {
                    let u: f32 = rng.random();
                    edges.push(i, j, 2.0 + 30.0 * u * u);
                }
            }
        }
    }
    // Team managers report to first-line leads, leads to the department head.
    let mut level: Vec<u32> = teams.iter().map(|t| t.start).collect();
    while level.len() > 1 {
        let mut up = Vec::with_capacity(level.len().div_ceil(SPAN));
        for group in level.chunks(SPAN) {
            up.push(group[0]);
            for &report in &group[1..] {
                edges.push(group[0], report, reporting_weight(rng));
            }
        }
        level = up;
    }
    // Ties to other teams of the department: mostly the neighbouring teams
    // (same first-line lead), otherwise anyone in the department.
    let group_of = |t: usize| {
        let g = t / SPAN * SPAN;
        (g, (g + SPAN).min(teams.len()))
    };
    for (t, team) in teams.iter().enumerate() {
        let own = team.start..team.start + team.len;
        let (g0, g1) = group_of(t);
        let group = teams[g0].start..teams[g1 - 1].start + teams[g1 - 1].len;
        for p in own.clone() {
            for _ in 0..poisson(rng, cfg.department_ties / 2.0) {
                let near = rng.random_bool(0.6);
                let (lo, hi) = if near { (group.start, group.end) } else { (dept.start, dept.end) };
                if let Some(q) = person_outside(rng, lo, hi, own.clone()) {
                    let u: f32 = rng.random();
                    edges.push(p, q, 1.0 + 4.0 * u);
                }
            }
            for _ in 0..poisson(rng, cfg.cross_ties / 2.0) {
                if let Some(q) = person_outside(rng, 0, plan.people, dept.start..dept.end) {
                    let u: f32 = rng.random();
                    edges.push(p, q, 1.0 + 2.0 * u);
                }
            }
        }
    }
    // Liaisons: members (never managers) with many ties outside the
    // department, or outside their team when there is one department.
    let size = dept.end - dept.start;
    let mut chosen = 0;
    for _ in 0..cfg.liaisons_per_department.saturating_mul(8) {
        if chosen == cfg.liaisons_per_department {
            break;
        }
        let p = dept.start + rng.random_range(0..size);
        if roles[(p - dept.start) as usize] != MEMBER {
            continue;
        }
        role(&mut roles, p, LIAISON);
        chosen += 1;
        let team = teams.partition_point(|t| t.start <= p) - 1;
        let own = teams[team].start..teams[team].start + teams[team].len;
        let away = if plan.depts.len() > 1 { dept.start..dept.end } else { own };
        for _ in 0..draw(rng, cfg.liaison_ties) {
            if let Some(q) = person_outside(rng, 0, plan.people, away.clone()) {
                let u: f32 = rng.random();
                edges.push(p, q, 1.0 + 5.0 * u);
            }
        }
    }
    (edges, roles)
}

fn attributes(plan: &Plan, roles: Vec<u8>) -> Result<Vec<(&'static str, Categorical)>> {
    let n = plan.people as usize;
    let mut dept_codes = Vec::with_capacity(n);
    let mut team_codes = Vec::with_capacity(n);
    let mut dept_names = Vec::with_capacity(plan.depts.len());
    let mut team_names = Vec::with_capacity(plan.teams.len());
    for (d, dept) in plan.depts.iter().enumerate() {
        dept_names.push(format!("d{:04}", d + 1).into_boxed_str());
        for (t, team) in plan.teams[dept.first..dept.first + dept.count].iter().enumerate() {
            team_names.push(format!("d{:04}-t{:02}", d + 1, t + 1).into_boxed_str());
            // At most u32::MAX - 1 people, so fewer departments and teams.
            let (dc, tc) = (u32::try_from(d).unwrap_or(u32::MAX), u32::try_from(dept.first + t).unwrap_or(u32::MAX));
            for _ in 0..team.len {
                dept_codes.push(dc);
                team_codes.push(tc);
            }
        }
    }
    let roles = roles.into_iter().map(u32::from).collect();
    let role_names = ROLES.iter().map(|&r| Box::<str>::from(r)).collect();
    Ok(vec![
        ("department", Categorical::from_codes(dept_names, dept_codes)?),
        ("team", Categorical::from_codes(team_names, team_codes)?),
        ("role", Categorical::from_codes(role_names, roles)?),
    ])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::graph::Adjacency;
    use crate::ids::NodeId;

    fn build(people: usize, threads: usize, seed: u64) -> Graph {
        org(&OrgConfig::new(people), &Exec::with_threads(threads).unwrap().seed(seed)).unwrap()
    }

    #[test]
    fn identical_for_any_thread_count() {
        let one = build(3000, 1, 7);
        let four = build(3000, 4, 7);
        assert_eq!(one, four);
        assert_ne!(one, build(3000, 1, 8));
    }

    #[test]
    fn sizes_and_shape() {
        let g = build(5000, 2, 1);
        assert_eq!(g.node_count(), 5000);
        assert!(!g.is_directed() && g.is_weighted());
        assert_eq!(g.self_loop_count(), 0);
        let mean_degree = 2.0 * g.edge_count() as f64 / 5000.0;
        assert!((5.0..15.0).contains(&mean_degree), "{mean_degree}");
        // Every team is connected through its manager, and managers through
        // the reporting tree, so nobody is isolated.
        assert!((0..5000).all(|v| g.out_adj().degree(v) > 0));
        assert_eq!(g.ids().external(NodeId(123)).map(|x| x.to_string()), Some("p000123".to_string()));
        assert_eq!(g.ids().lookup_str("p004999"), Some(NodeId(4999)));
    }

    #[test]
    fn attributes_present() {
        let g = build(2000, 2, 3);
        let names: Vec<&str> = g.attributes().names().collect();
        assert_eq!(names, ["department", "team", "role"]);
        let dept = g.attributes().get("department").unwrap();
        let team = g.attributes().get("team").unwrap();
        let role = g.attributes().get("role").unwrap();
        assert!(dept.codes().iter().chain(team.codes()).chain(role.codes()).all(|&c| c != crate::graph::MISSING));
        assert!(dept.dictionary().len() >= 2);
        let count = |r: &str| (0..2000).filter(|&v| role.value(NodeId(v)) == Some(r)).count();
        let (managers, liaisons) = (count(ROLE_MANAGER), count(ROLE_LIAISON));
        assert_eq!(managers, team.dictionary().len());
        assert!((2000 / 12..=2000 / 5 + 1).contains(&managers), "{managers}");
        assert_eq!(liaisons, 2 * dept.dictionary().len());
        // A team's people share a department, and its manager comes first.
        assert_eq!(role.value(NodeId(0)), Some(ROLE_MANAGER));
        assert_eq!(team.value(NodeId(0)), Some("d0001-t01"));
        // Liaisons have more ties outside their department than anyone else on average.
        let external = |v: u32| {
            let mut k = 0;
            g.out_adj().for_each_neighbor(v, |u| k += usize::from(dept.codes()[u as usize] != dept.codes()[v as usize]));
            k
        };
        let liaison_ext: Vec<usize> = (0..2000).filter(|&v| role.value(NodeId(v)) == Some(ROLE_LIAISON)).map(external).collect();
        assert!(liaison_ext.iter().all(|&k| k >= 10), "{liaison_ext:?}");
    }

    #[test]
    fn tiny_and_invalid() {
        let g = build(1, 1, 0);
        assert_eq!((g.node_count(), g.edge_count()), (1, 0));
        let g = build(100, 1, 0);
        assert_eq!(g.node_count(), 100);
        let exec = Exec::sequential().unwrap();
        assert!(org(&OrgConfig::new(0), &exec).is_err());
        assert!(org(&OrgConfig::new(10).team_size(5, 2), &exec).is_err());
        assert!(org(&OrgConfig::new(10).team_density(1.5), &exec).is_err());
        assert!(org(&OrgConfig::new(10).department_ties(f64::NAN), &exec).is_err());
    }
}

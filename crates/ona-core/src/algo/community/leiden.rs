//! Leiden (Traag, Waltman, van Eck 2019): local moving, then a refinement
//! that only merges well-connected nodes inside each community, so every
//! community is connected; aggregation follows the refined partition.

use rand::Rng;
use rayon::prelude::*;

use super::louvain::check_resolution;
use super::moving::{Communities, MAX_SWEEPS, move_nodes, renumber, shuffled};
use super::scratch::Scratch;
use super::work::{Objective, WorkGraph};
use crate::error::{Error, Result};
use crate::{Adjacency, Exec, Graph, Partition};

/// Options of [`leiden`]; defaults follow igraph's `community_leiden`
/// (`beta = 0.01`, `n_iterations = 2`) with modularity as the objective.
#[derive(Debug, Clone)]
pub struct LeidenConfig {
    objective: Objective,
    weighted: bool,
    resolution: f64,
    beta: f64,
    n_iterations: i32,
    initial_membership: Option<Vec<u32>>,
}

impl Default for LeidenConfig {
    fn default() -> Self {
        Self {
            objective: Objective::Modularity,
            weighted: true,
            resolution: 1.0,
            beta: 0.01,
            n_iterations: 2,
            initial_membership: None,
        }
    }
}

impl LeidenConfig {
    /// Modularity (default) or the constant Potts model.
    #[must_use]
    pub fn objective(mut self, o: Objective) -> Self {
        self.objective = o;
        self
    }
    /// Use edge weights (default); `false` counts every edge as 1.
    #[must_use]
    pub fn weighted(mut self, on: bool) -> Self {
        self.weighted = on;
        self
    }
    /// Resolution γ (default 1).
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }
    /// Randomness of the refinement (default 0.01): a node joins a
    /// sub-community with probability ∝ `exp(gain / beta)`.
    #[must_use]
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }
    /// Iterations of the whole algorithm (default 2); a negative number runs
    /// until an iteration changes nothing.
    #[must_use]
    pub fn n_iterations(mut self, n: i32) -> Self {
        self.n_iterations = n;
        self
    }
    /// Start from this membership (one label per node) instead of singletons.
    #[must_use]
    pub fn initial_membership(mut self, labels: Vec<u32>) -> Self {
        self.initial_membership = Some(labels);
        self
    }
}

/// What [`leiden`] found.
#[derive(Debug, Clone)]
pub struct LeidenResult {
    /// Communities, numbered by smallest node; each one connected.
    pub partition: Partition,
    /// Modularity (objective [`Objective::Modularity`]) or CPM quality
    /// `Σ_c (L_c − γ·n_c²/2)` (undirected) / `Σ_c (L_c − γ·n_c²)` (directed).
    pub quality: f64,
    /// Iterations run.
    pub iterations: u32,
}

/// Leiden communities: igraph `community_leiden`, leidenalg
/// `find_partition`, Neo4j GDS `leiden`.
///
/// Each level (1) moves nodes to the neighbouring community with the best
/// gain, (2) refines each community by merging singletons that are
/// well-connected to it, at random with probability ∝ `exp(gain / beta)`,
/// and (3) aggregates the refined communities, starting the next level from
/// the unrefined ones. Communities that still come out disconnected (possible
/// only in the last level) are split into their components, so every
/// community is connected. Directed graphs use directed modularity (or the
/// directed CPM); weights must be non-negative.
///
/// **Determinism**: all randomness comes from `exec`'s seed, keyed by
/// iteration, level and community; identical for any thread count and storage.
/// **Complexity** about `O(m)` per level. **Parallelism**: local moving,
/// refinement (per community) and aggregation. **Errors**: bad parameters,
/// an initial membership of the wrong length, negative weights, cancellation.
///
/// Paper: Traag, Waltman, van Eck, "From Louvain to Leiden: guaranteeing
/// well-connected communities" (Sci. Rep. 2019).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::community::{leiden, LeidenConfig};
/// let exec = Exec::sequential()?.seed(3);
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let r = leiden(&g, &LeidenConfig::default(), &exec)?;
/// assert_eq!(r.partition.0, vec![0, 0, 0, 1, 1, 1]);
/// assert!((r.quality - 5.0 / 14.0).abs() < 1e-12);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn leiden<A: Adjacency>(g: &Graph<A>, cfg: &LeidenConfig, exec: &Exec) -> Result<LeidenResult> {
    // One entry into the pool: every parallel step below runs nested in it
    // instead of waking the workers from outside for each chunk.
    exec.install(|| leiden_in_pool(g, cfg, exec))
}

fn leiden_in_pool<A: Adjacency>(
    g: &Graph<A>,
    cfg: &LeidenConfig,
    exec: &Exec,
) -> Result<LeidenResult> {
    check_resolution(cfg.resolution)?;
    if !(cfg.beta > 0.0 && cfg.beta.is_finite()) {
        return Err(Error::invalid_param(
            "beta",
            cfg.beta,
            "a finite number > 0",
        ));
    }
    let base = WorkGraph::from_graph(g, cfg.weighted, cfg.objective, exec)?;
    let n = base.n();
    let mut membership = match &cfg.initial_membership {
        Some(labels) => {
            if labels.len() != n {
                return Err(Error::LengthMismatch {
                    what: "initial_membership",
                    expected: n as u64,
                    found: labels.len() as u64,
                });
            }
            super::quality::dense(labels)
        }
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        None => (0..n as u32).collect(),
    };
    let tracker = exec.tracker("leiden", n as u64);
    let mut iterations = 0u32;
    if base.total > 0.0 || cfg.objective == Objective::Cpm {
        let until_stable = cfg.n_iterations < 0;
        while until_stable || i64::from(iterations) < i64::from(cfg.n_iterations) {
            let next = one_iteration(&base, &membership, cfg, iterations, exec, &tracker)?;
            iterations += 1;
            let changed = next != membership;
            membership = next;
            if !changed {
                break;
            }
        }
    }
    let membership = split_disconnected(&base, &membership);
    let quality = match cfg.objective {
        Objective::Modularity if base.total > 0.0 => base.modularity(&membership, cfg.resolution),
        Objective::Modularity => 0.0,
        Objective::Cpm => base.objective(&membership, cfg.resolution),
    };
    Ok(LeidenResult {
        partition: Partition(membership),
        quality,
        iterations,
    })
}

/// One run of the multilevel loop from `start` (labels `< n`); returns labels
/// numbered by smallest node.
fn one_iteration(
    base: &WorkGraph,
    start: &[u32],
    cfg: &LeidenConfig,
    iteration: u32,
    exec: &Exec,
    tracker: &crate::Tracker<'_>,
) -> Result<Vec<u32>> {
    let gamma = cfg.resolution;
    let mut owned: Option<WorkGraph> = None;
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut node_of: Vec<u32> = (0..base.n() as u32).collect();
    let mut c = Communities::new(base, start.to_vec());
    for level in 0u32.. {
        let w = owned.as_ref().unwrap_or(base);
        let order = shuffled(w.n(), exec, stream(iteration, level, u32::MAX));
        move_nodes(w, &mut c, gamma, true, &order, MAX_SWEEPS, exec, tracker)?;
        let (comm, k) = renumber(&c.membership);
        if k == w.n() {
            break;
        }
        let refined = refine(w, &comm, k, gamma, cfg.beta, iteration, level, exec);
        let (mut parts, mut kr) = renumber(&refined);
        if kr == w.n() {
            // Nothing merged: aggregate the communities themselves.
            (parts, kr) = (comm.clone(), k);
        }
        // Each aggregate node starts in the community its members were in.
        let mut start_of = vec![0u32; kr];
        for (v, &r) in parts.iter().enumerate() {
            start_of[r as usize] = comm[v];
        }
        let next = w.aggregate(&parts, kr, exec);
        for x in &mut node_of {
            *x = parts[*x as usize];
        }
        c = Communities::new(&next, start_of);
        owned = Some(next);
        exec.check()?;
    }
    let on_input: Vec<u32> = node_of.iter().map(|&x| c.membership[x as usize]).collect();
    Ok(renumber(&on_input).0)
}

/// RNG stream for (iteration, level, community's first node or `u32::MAX`).
fn stream(iteration: u32, level: u32, node: u32) -> u64 {
    (u64::from(iteration & 0xffff) << 48) | (u64::from(level & 0xffff) << 32) | u64::from(node)
}

/// Refined partition of each community of `comm` (labels `0..k`): returns for
/// every node the id of a node of its refined sub-community.
#[allow(clippy::too_many_arguments)]
fn refine(
    w: &WorkGraph,
    comm: &[u32],
    k: usize,
    gamma: f64,
    beta: f64,
    iteration: u32,
    level: u32,
    exec: &Exec,
) -> Vec<u32> {
    let n = w.n();
    let mut start = vec![0usize; k + 1];
    for &c in comm {
        start[c as usize + 1] += 1;
    }
    for c in 0..k {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; n];
    let mut local = vec![0u32; n];
    for (v, &c) in comm.iter().enumerate() {
        let slot = fill[c as usize];
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        {
            members[slot] = v as u32;
            local[v] = (slot - start[c as usize]) as u32;
        }
        fill[c as usize] += 1;
    }
    let per_comm: Vec<Vec<u32>> = exec.install(|| {
        (0..k)
            .into_par_iter()
            .map(|c| {
                let ms = &members[start[c]..start[c + 1]];
                #[allow(clippy::cast_possible_truncation)] // c < k <= n
                let label = c as u32;
                let mut rng = exec.rng(stream(iteration, level, ms[0]));
                refine_one(w, comm, label, ms, &local, gamma, beta, &mut rng)
            })
            .collect()
    });
    let mut refined = vec![0u32; n];
    for (c, reps) in per_comm.into_iter().enumerate() {
        for (&v, r) in members[start[c]..start[c + 1]].iter().zip(reps) {
            refined[v as usize] = r;
        }
    }
    refined
}

/// Refines one community `S` (nodes `ms`, in node order): merges singletons
/// into well-connected sub-communities. Returns, aligned with `ms`, a node id
/// representing each node's sub-community.
#[allow(clippy::too_many_arguments)]
fn refine_one(
    w: &WorkGraph,
    comm: &[u32],
    label: u32,
    ms: &[u32],
    local: &[u32],
    gamma: f64,
    beta: f64,
    rng: &mut impl Rng,
) -> Vec<u32> {
    let size = ms.len();
    if size == 1 {
        return vec![ms[0]];
    }
    let k = gamma / w.scale;
    let (mut sa, mut sb) = (0.0, 0.0);
    let mut ra = Vec::with_capacity(size);
    let mut rb = Vec::with_capacity(size);
    let mut ext = Vec::with_capacity(size);
    for &v in ms {
        let v = v as usize;
        sa += w.a[v];
        sb += w.b[v];
        ra.push(w.a[v]);
        rb.push(w.b[v]);
        ext.push(
            w.links(v)
                .filter(|&(u, _)| comm[u as usize] == label)
                .map(|(_, x)| x)
                .sum::<f64>(),
        );
    }
    // sub-community (local index) of each member, and member counts
    #[allow(clippy::cast_possible_truncation)] // size <= n
    let mut sub: Vec<u32> = (0..size as u32).collect();
    let mut count = vec![1u32; size];
    let mut order: Vec<u32> = sub.clone();
    {
        use rand::seq::SliceRandom;
        order.shuffle(rng);
    }
    let mut acc = Scratch::new(size);
    let mut cand: Vec<(u32, f64)> = Vec::new();
    for &i in &order {
        let iu = i as usize;
        if count[iu] != 1 || sub[iu] != i {
            continue; // no longer a singleton
        }
        let v = ms[iu] as usize;
        let (a, b) = (w.a[v], w.b[v]);
        if ext[iu] < k * (a * (sb - b) + b * (sa - a)) {
            continue; // not well connected to its community
        }
        for (u, x) in w.links(v) {
            if comm[u as usize] == label {
                acc.add(sub[local[u as usize] as usize], x);
            }
        }
        cand.clear();
        cand.push((i, 0.0)); // staying alone gains nothing
        for &d in acc.touched() {
            let du = d as usize;
            if d == i || ext[du] < k * (ra[du] * (sb - rb[du]) + rb[du] * (sa - ra[du])) {
                continue;
            }
            let gain = acc.get(d) - k * (a * rb[du] + b * ra[du]);
            if gain >= 0.0 {
                cand.push((d, gain));
            }
        }
        let to = choose(&cand, beta, rng);
        if to != i {
            let tu = to as usize;
            ext[tu] += ext[iu] - 2.0 * acc.get(to);
            ra[tu] += a;
            rb[tu] += b;
            count[tu] += 1;
            count[iu] = 0;
            sub[iu] = to;
        }
        acc.clear();
    }
    sub.iter().map(|&s| ms[s as usize]).collect()
}

/// Picks a candidate with probability ∝ `exp((gain − max gain) / beta)`.
fn choose(cand: &[(u32, f64)], beta: f64, rng: &mut impl Rng) -> u32 {
    let max = cand.iter().map(|c| c.1).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = cand.iter().map(|c| ((c.1 - max) / beta).exp()).sum();
    let mut r = rng.random::<f64>() * total;
    for &(d, gain) in cand {
        r -= ((gain - max) / beta).exp();
        if r <= 0.0 {
            return d;
        }
    }
    cand[cand.len() - 1].0
}

/// Splits every community into its connected components (within the
/// community); labels numbered by smallest node.
pub(crate) fn split_disconnected(w: &WorkGraph, membership: &[u32]) -> Vec<u32> {
    let n = w.n();
    let mut out = vec![u32::MAX; n];
    let mut next = 0u32;
    let mut stack = Vec::new();
    for s in 0..n {
        if out[s] != u32::MAX {
            continue;
        }
        out[s] = next;
        stack.push(s);
        while let Some(v) = stack.pop() {
            for (u, _) in w.links(v) {
                let u = u as usize;
                if out[u] == u32::MAX && membership[u] == membership[v] {
                    out[u] = next;
                    stack.push(u);
                }
            }
        }
        next += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use crate::algo::community::testutil::{disconnected_communities, planted, threads};

    #[test]
    fn connected_deterministic_and_at_least_louvain_quality() {
        for directed in [false, true] {
            let run = |t: usize| {
                let exec = Exec::with_threads(t).expect("pool").seed(11);
                let g = planted(6400, 32, 10.0, 0.3, directed, &exec);
                let r = leiden(&g, &LeidenConfig::default(), &exec).expect("leiden");
                (g, r)
            };
            let (g, one) = run(1);
            for t in threads() {
                assert_eq!(
                    run(t).1.partition,
                    one.partition,
                    "threads {t} directed {directed}"
                );
            }
            let exec = Exec::sequential().expect("pool");
            assert_eq!(disconnected_communities(&g, &one.partition), 0);
            let truth = Partition((0..6400).map(|v| v / 200).collect());
            let nmi = crate::algo::community::normalized_mutual_information(&one.partition, &truth)
                .expect("nmi");
            let qt = crate::algo::community::modularity(&g, &truth, &Default::default(), &exec)
                .expect("q");
            assert!(nmi > 0.95, "directed {directed}: nmi {nmi}");
            assert!(one.quality > qt - 0.01, "directed {directed}: Q {} vs planted {qt}", one.quality);
            let q =
                crate::algo::community::modularity(&g, &one.partition, &Default::default(), &exec)
                    .expect("q");
            assert!((q - one.quality).abs() < 1e-12);
        }
    }

    #[test]
    fn cpm_with_high_resolution_gives_cliques_only() {
        let exec = Exec::sequential().expect("pool").seed(2);
        // two triangles joined by a bridge: at γ = 1 CPM keeps the triangles
        let g = GraphBuilder::undirected()
            .build(
                6,
                &[0, 0, 1, 3, 3, 4, 2],
                &[1, 2, 2, 4, 5, 5, 3],
                None,
                &exec,
            )
            .expect("g");
        let r = leiden(
            &g,
            &LeidenConfig::default()
                .objective(Objective::Cpm)
                .resolution(0.9),
            &exec,
        )
        .expect("cpm");
        assert_eq!(r.partition.0, vec![0, 0, 0, 1, 1, 1]);
        // each triangle: 3 edges − 0.9·3²/2
        assert!((r.quality - 2.0 * (3.0 - 0.9 * 4.5)).abs() < 1e-12);
        let r = leiden(
            &g,
            &LeidenConfig::default()
                .objective(Objective::Cpm)
                .resolution(5.0),
            &exec,
        )
        .expect("cpm");
        assert_eq!(r.partition.count(), 6);
    }

    #[test]
    fn initial_membership_and_parameters() {
        let exec = Exec::sequential().expect("pool");
        let g = GraphBuilder::undirected()
            .build(
                6,
                &[0, 0, 1, 3, 3, 4, 2],
                &[1, 2, 2, 4, 5, 5, 3],
                None,
                &exec,
            )
            .expect("g");
        let r = leiden(
            &g,
            &LeidenConfig::default()
                .initial_membership(vec![9, 9, 9, 4, 4, 4])
                .n_iterations(-1),
            &exec,
        )
        .expect("leiden");
        assert_eq!(r.partition.0, vec![0, 0, 0, 1, 1, 1]);
        assert!(matches!(
            leiden(
                &g,
                &LeidenConfig::default().initial_membership(vec![0; 5]),
                &exec
            ),
            Err(Error::LengthMismatch { .. })
        ));
        assert!(leiden(&g, &LeidenConfig::default().beta(0.0), &exec).is_err());
        assert!(leiden(&g, &LeidenConfig::default().resolution(-1.0), &exec).is_err());
    }

    #[test]
    fn split_makes_components() {
        let exec = Exec::sequential().expect("pool");
        let g = GraphBuilder::undirected()
            .build(4, &[0, 2], &[1, 3], None, &exec)
            .expect("g");
        let w = WorkGraph::from_graph(&g, true, Objective::Modularity, &exec).expect("w");
        assert_eq!(split_disconnected(&w, &[0, 0, 0, 0]), vec![0, 0, 1, 1]);
    }
}

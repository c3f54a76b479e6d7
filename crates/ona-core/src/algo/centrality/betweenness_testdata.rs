//! Fixtures for the betweenness family's tests: NetworkX 3.6.1 values
//! (each constant names the call that produced it) and a seeded random graph.

#![allow(clippy::unreadable_literal, clippy::excessive_precision)]

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::exec::Exec;
use crate::graph::{DuplicatePolicy, EdgeWeights, Graph, GraphBuilder, SelfLoopPolicy};
use reference::Tiny;

/// `m` random edge rows on `n` nodes (duplicates keep the first, self loops
/// kept), integer weights 1..=4 when `weighted`.
pub(crate) fn random_graph(n: u32, m: usize, directed: bool, weighted: bool, seed: u64, exec: &Exec) -> Graph {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let src: Vec<u32> = (0..m).map(|_| rng.random_range(0..n)).collect();
    let dst: Vec<u32> = (0..m).map(|_| rng.random_range(0..n)).collect();
    let w: Vec<f64> = (0..m).map(|_| f64::from(rng.random_range(1u32..=4))).collect();
    GraphBuilder::with_direction(directed)
        .duplicates(DuplicatePolicy::First)
        .self_loops(SelfLoopPolicy::Keep)
        .build(n as usize, &src, &dst, weighted.then_some(EdgeWeights::F64(&w)), exec)
        .expect("valid random graph")
}

/// A random tiny graph: 1..9 nodes, directed or not, integer weights 1..=3,
/// occasional self loops.
pub(crate) fn tiny_graph() -> impl Strategy<Value = Tiny> {
    (1u32..9, any::<bool>(), 0.1f64..0.7).prop_flat_map(|(n, directed, p)| {
        let pairs: Vec<(u32, u32)> = (0..n)
            .flat_map(|u| (0..n).map(move |v| (u, v)))
            .filter(|&(u, v)| if directed { true } else { u <= v })
            .collect();
        let m = pairs.len();
        (proptest::collection::vec((0.0f64..1.0, 1u32..4), m), Just((n, directed, p, pairs)))
    })
    .prop_map(|(coins, (n, directed, p, pairs))| {
        let edges = pairs
            .iter()
            .zip(coins)
            // Self loops rarer than other edges, but present.
            .filter(|&(&(u, v), (c, _))| c < if u == v { p / 3.0 } else { p })
            .map(|(&(u, v), (_, w))| (u, v, f64::from(w)))
            .collect();
        Tiny { n: n as usize, directed, edges }
    })
}

/// `t` as a graph (weights attached).
pub(crate) fn build(t: &Tiny, exec: &Exec) -> Graph {
    let src: Vec<u32> = t.edges.iter().map(|e| e.0).collect();
    let dst: Vec<u32> = t.edges.iter().map(|e| e.1).collect();
    let w: Vec<f64> = t.edges.iter().map(|e| e.2).collect();
    GraphBuilder::with_direction(t.directed)
        .duplicates(DuplicatePolicy::Error)
        .build(t.n, &src, &dst, Some(EdgeWeights::F64(&w)), exec)
        .expect("valid tiny graph")
}

/// Zachary's karate club, with NetworkX's `weight` attribute or all ones.
pub(crate) fn karate(weighted_attr: bool, exec: &Exec) -> Graph {
    let (src, dst, w): (Vec<u32>, Vec<u32>, Vec<f64>) = KARATE
        .iter()
        .map(|&(u, v, w)| (u, v, if weighted_attr { w } else { 1.0 }))
        .fold((vec![], vec![], vec![]), |(mut a, mut b, mut c), (u, v, w)| {
            a.push(u);
            b.push(v);
            c.push(w);
            (a, b, c)
        });
    GraphBuilder::undirected().build(34, &src, &dst, Some(EdgeWeights::F64(&w)), exec).expect("karate")
}

// Values below: Python, `import networkx as nx` (3.6.1), `K = nx.karate_club_graph()`;
// dict results listed by node (or by edge in `G.edges()` order).
// nx.karate_club_graph() edges (u, v, data['weight']).
pub(crate) const KARATE: [(u32, u32, f64); 78] = [
    (0, 1, 4.0), (0, 2, 5.0), (0, 3, 3.0), (0, 4, 3.0), (0, 5, 3.0), (0, 6, 3.0), (0, 7, 2.0), (0, 8, 2.0), (0, 10, 2.0), (0, 11, 3.0), (0, 12, 1.0), (0, 13, 3.0), (0, 17, 2.0), (0, 19, 2.0), (0, 21, 2.0), (0, 31, 2.0), (1, 2, 6.0), (1, 3, 3.0), (1, 7, 4.0), (1, 13, 5.0), (1, 17, 1.0), (1, 19, 2.0), (1, 21, 2.0), (1, 30, 2.0), (2, 3, 3.0), (2, 7, 4.0), (2, 8, 5.0), (2, 9, 1.0), (2, 13, 3.0), (2, 27, 2.0), (2, 28, 2.0), (2, 32, 2.0), (3, 7, 3.0), (3, 12, 3.0), (3, 13, 3.0), (4, 6, 2.0), (4, 10, 3.0), (5, 6, 5.0), (5, 10, 3.0), (5, 16, 3.0), (6, 16, 3.0), (8, 30, 3.0), (8, 32, 3.0), (8, 33, 4.0), (9, 33, 2.0), (13, 33, 3.0), (14, 32, 3.0), (14, 33, 2.0), (15, 32, 3.0), (15, 33, 4.0), (18, 32, 1.0), (18, 33, 2.0), (19, 33, 1.0), (20, 32, 3.0), (20, 33, 1.0), (22, 32, 2.0), (22, 33, 3.0), (23, 25, 5.0), (23, 27, 4.0), (23, 29, 3.0), (23, 32, 5.0), (23, 33, 4.0), (24, 25, 2.0), (24, 27, 3.0), (24, 31, 2.0), (25, 31, 7.0), (26, 29, 4.0), (26, 33, 2.0), (27, 33, 4.0), (28, 31, 2.0), (28, 33, 2.0), (29, 32, 4.0), (29, 33, 2.0), (30, 32, 3.0), (30, 33, 3.0), (31, 32, 4.0), (31, 33, 4.0), (32, 33, 5.0),
];
// nx.betweenness_centrality(K)
pub(crate) const KARATE_BC: [f64; 34] = [
    0.43763528138528146, 0.053936688311688304, 0.14365680615680618, 0.011909271284271283, 0.0006313131313131313, 0.02998737373737374, 0.029987373737373736, 0.0, 0.05592682780182781, 0.0008477633477633478, 0.0006313131313131313, 0.0, 0.0, 0.04586339586339586, 0.0, 0.0, 0.0, 0.0, 0.0, 0.03247504810004811, 0.0, 0.0, 0.0, 0.017613636363636363, 0.0022095959595959595, 0.0038404882154882154, 0.0, 0.02233345358345358, 0.0017947330447330447, 0.0029220779220779218, 0.014411976911976909, 0.13827561327561325, 0.145247113997114, 0.30407497594997596,
];
// nx.betweenness_centrality(K, weight='weight')
pub(crate) const KARATE_BC_WEIGHTED: [f64; 34] = [
    0.4737689393939393, 0.06401515151515152, 0.0694128787878788, 0.0025252525252525255, 0.000946969696969697, 0.029356060606060608, 0.029356060606060608, 0.0, 0.02481060606060606, 0.01379419191919192, 0.000946969696969697, 0.0, 0.0, 0.0022727272727272726, 0.0, 0.0, 0.0, 0.030492424242424244, 0.005681818181818182, 0.24065656565656565, 0.0, 0.0, 0.0, 0.001893939393939394, 0.06407828282828282, 0.000946969696969697, 0.0, 0.01231060606060606, 0.019128787878787877, 0.0, 0.005681818181818182, 0.12563131313131315, 0.07222222222222223, 0.3967803030303029,
];
// nx.betweenness_centrality(K, normalized=False, endpoints=True)
pub(crate) const KARATE_BC_RAW_ENDPOINTS: [f64; 34] = [
    264.0714285714286, 61.47857142857141, 108.85079365079368, 39.28809523809524, 33.333333333333336, 48.833333333333336, 48.83333333333333, 33.0, 62.529365079365085, 33.44761904761905, 33.33333333333333, 33.0, 33.0, 57.21587301587303, 33.0, 33.0, 33.0, 33.0, 33.0, 50.146825396825406, 33.0, 33.0, 33.0, 42.3, 34.16666666666667, 35.02777777777778, 33.0, 44.79206349206349, 33.94761904761905, 34.542857142857144, 40.609523809523814, 106.00952380952381, 109.69047619047619, 193.5515873015873,
];
// nx.krackhardt_kite_graph() edges
pub(crate) const KITE: [(u32, u32); 18] = [(0, 1), (0, 2), (0, 3), (0, 5), (1, 3), (1, 4), (1, 6), (2, 3), (2, 5), (3, 4), (3, 5), (3, 6), (4, 6), (5, 6), (5, 7), (6, 7), (7, 8), (8, 9)];
// nx.betweenness_centrality(nx.krackhardt_kite_graph())
pub(crate) const KITE_BC: [f64; 10] = [
    0.023148148148148143, 0.023148148148148143, 0.0, 0.10185185185185183, 0.0, 0.23148148148148148, 0.23148148148148148, 0.38888888888888884, 0.2222222222222222, 0.0,
];
// D = nx.DiGraph(DIGRAPH) on nodes 0..8 (self loop at 2)
pub(crate) const DIGRAPH: [(u32, u32); 12] = [(0, 1), (0, 2), (1, 3), (1, 6), (2, 3), (2, 2), (3, 4), (4, 5), (4, 6), (5, 3), (6, 4), (7, 0)];
// nx.betweenness_centrality(D)
pub(crate) const DIGRAPH_BC: [f64; 8] = [
    0.14285714285714285, 0.13492063492063489, 0.055555555555555546, 0.2063492063492063, 0.23809523809523808, 0.047619047619047616, 0.055555555555555546, 0.0,
];
// nx.betweenness_centrality(D, endpoints=True, normalized=False)
pub(crate) const DIGRAPH_BC_ENDPOINTS: [f64; 8] = [
    13.0, 11.666666666666666, 8.333333333333332, 18.666666666666664, 20.0, 12.0, 12.333333333333332, 7.0,
];
// nx.edge_betweenness_centrality(K), in K.edges() order (u < v)
pub(crate) const KARATE_EB: [f64; 78] = [
    0.025252525252525245, 0.0777876807288572, 0.02049910873440285, 0.0522875816993464, 0.07813428401663694, 0.07813428401663695, 0.0228206434088787, 0.07423959482783014, 0.0522875816993464, 0.058823529411764705, 0.04652406417112298, 0.04237189825425121, 0.04012392835922248, 0.045936960642843, 0.040123928359222474, 0.1272599949070537, 0.023232323232323233, 0.0077243018419489, 0.007422969187675069, 0.01240556828792123, 0.01869960105254222, 0.014633732280791102, 0.01869960105254222, 0.032280791104320514, 0.022430184194890075, 0.025214328155504617, 0.009175791528732704, 0.030803836686189627, 0.007630931160342923, 0.04119203236850296, 0.02278244631185807, 0.06898678663384543, 0.003365588659706307, 0.012299465240641705, 0.01492233256939139, 0.0047534165181224, 0.0029708853238265, 0.0029708853238265003, 0.0047534165181224, 0.029411764705882353, 0.029411764705882353, 0.00980392156862745, 0.0304416716181422, 0.04043657867187279, 0.029615482556659026, 0.06782389723566191, 0.024083977025153497, 0.03473955238661121, 0.024083977025153497, 0.03473955238661121, 0.024083977025153497, 0.03473955238661121, 0.05938233879410351, 0.024083977025153497, 0.03473955238661121, 0.024083977025153493, 0.03473955238661121, 0.019776193305605066, 0.010536739948504653, 0.00665478312537136, 0.022341057635175278, 0.03266983561101209, 0.0042186571598336305, 0.018657159833630418, 0.040106951871657755, 0.04205783323430383, 0.004532722179781003, 0.0542908072319837, 0.030477039300568713, 0.0148544266191325, 0.024564977506153975, 0.023328523328523323, 0.029807882749059215, 0.01705288175876411, 0.02681436210847975, 0.04143394731630026, 0.05339388280564752, 0.008225108225108224,
];
// nx.edge_betweenness_centrality(K, weight='weight', normalized=False)
pub(crate) const KARATE_EB_WEIGHTED_RAW: [f64; 78] = [
    0.0, 11.583333333333334, 13.2, 29.5, 44.0, 44.0, 24.0, 31.100000000000005, 29.5, 33.0, 31.25, 15.0, 30.850000000000005, 110.53333333333333, 23.25, 62.53333333333333, 0.5833333333333334, 5.783333333333333, 2.0, 1.0, 34.35, 34.03333333333333, 9.75, 13.1, 11.733333333333334, 6.0, 1.3333333333333333, 19.45, 4.5, 20.583333333333336, 8.0, 22.53333333333333, 1.0, 1.75, 2.2, 2.5, 2.0, 1.0, 2.5, 16.5, 16.5, 6.1, 14.833333333333332, 5.833333333333334, 28.116666666666667, 12.7, 3.7, 29.299999999999997, 13.0, 20.0, 16.0, 23.0, 142.56666666666666, 1.0, 32.0, 13.0, 20.0, 2.5, 3.5, 2.0, 3.0, 24.0, 31.5, 10.333333333333332, 58.83333333333333, 0.0, 0.5, 32.5, 11.583333333333332, 23.6, 21.6, 1.0, 29.5, 8.6, 11.2, 12.6, 8.1, 0.0,
];
// nx.edge_betweenness_centrality(D), in D.edges() order
pub(crate) const DIGRAPH_EB: [f64; 12] = [
    0.1369047619047619, 0.07738095238095237, 0.07738095238095237, 0.09523809523809523, 0.11309523809523807, 0.0, 0.20833333333333331, 0.1607142857142857, 0.07142857142857142, 0.08928571428571427, 0.09523809523809523, 0.125,
];
// sources [3, 17, 0, 33, 25]: nx.betweenness_centrality(K, k=5, seed=Fixed(sources)) where Fixed.sample returns sources
pub(crate) const KARATE_K5: [f64; 34] = [
    0.4161830357142857, 0.08476190476190476, 0.1083829365079365, 0.0021205357142857146, 0.0, 0.015625, 0.015625, 0.0, 0.04646329365079365, 0.0014880952380952382, 0.0, 0.0, 0.0, 0.08133432539682539, 0.0, 0.0, 0.0, 0.0, 0.0, 0.03856646825396825, 0.0, 0.0, 0.0, 0.05354166666666667, 0.004166666666666667, 0.0013888888888888887, 0.0, 0.013432539682539683, 0.002529761904761905, 0.0020833333333333333, 0.014434523809523809, 0.22171130952380952, 0.08151785714285714, 0.16072668650793648,
];
// same, normalized=False
pub(crate) const KARATE_K5_RAW: [f64; 34] = [
    219.74464285714285, 44.75428571428571, 57.22619047619046, 1.1196428571428574, 0.0, 8.25, 8.25, 0.0, 24.532619047619043, 0.7857142857142857, 0.0, 0.0, 0.0, 42.9445238095238, 0.0, 0.0, 0.0, 0.0, 0.0, 20.363095238095234, 0.0, 0.0, 0.0, 28.269999999999996, 2.1999999999999997, 0.7333333333333333, 0.0, 7.092380952380951, 1.3357142857142856, 1.0999999999999999, 7.62142857142857, 117.06357142857141, 43.04142857142856, 84.86369047619046,
];
// same, endpoints=True, weight='weight'
pub(crate) const KARATE_K5_ENDPOINTS_W: [f64; 34] = [
    0.5278787878787878, 0.17515151515151514, 0.09686868686868687, 0.22575757575757577, 0.030303030303030304, 0.045454545454545456, 0.045454545454545456, 0.030303030303030304, 0.040606060606060604, 0.04666666666666667, 0.030303030303030304, 0.030303030303030304, 0.030303030303030304, 0.03909090909090909, 0.030303030303030304, 0.030303030303030304, 0.030303030303030304, 0.24060606060606063, 0.03636363636363636, 0.2544444444444445, 0.030303030303030304, 0.030303030303030304, 0.030303030303030304, 0.03636363636363636, 0.23838383838383836, 0.22424242424242424, 0.030303030303030304, 0.048484848484848485, 0.05272727272727272, 0.030303030303030304, 0.03636363636363636, 0.24747474747474746, 0.06909090909090909, 0.3895959595959596,
];
// directed D, sources [2], k=1: the source gets NaN
pub(crate) const DIGRAPH_K1: [f64; 8] = [
    0.0, 0.0, f64::NAN, 0.5, 0.3333333333333333, 0.0, 0.0, 0.0,
];

pub(crate) mod reference {
    //! Betweenness from the definition, for tiny graphs: Floyd–Warshall
    //! distances, path counts by dynamic programming, then
    //! `sum over ordered (s, t) of sigma(s, t | x) / sigma(s, t)`.

    /// A tiny graph as arc lists with weights (both directions for
    /// undirected edges).
    #[derive(Debug, Clone)]
    pub(crate) struct Tiny {
        pub(crate) n: usize,
        pub(crate) directed: bool,
        /// `(u, v, w)` with `u -> v`; for undirected graphs each edge once.
        pub(crate) edges: Vec<(u32, u32, f64)>,
    }

    pub(crate) struct Paths {
        pub(crate) dist: Vec<Vec<f64>>,
        pub(crate) sigma: Vec<Vec<f64>>,
    }

    impl Tiny {
        pub(crate) fn arcs(&self, weighted: bool) -> Vec<(usize, usize, f64)> {
            let mut a = Vec::new();
            for &(u, v, w) in &self.edges {
                let w = if weighted { w } else { 1.0 };
                a.push((u as usize, v as usize, w));
                if !self.directed && u != v {
                    a.push((v as usize, u as usize, w));
                }
            }
            a
        }

        pub(crate) fn paths(&self, weighted: bool) -> Paths {
            let n = self.n;
            let arcs = self.arcs(weighted);
            let mut dist = vec![vec![f64::INFINITY; n]; n];
            for (i, row) in dist.iter_mut().enumerate() {
                row[i] = 0.0;
            }
            for &(u, v, w) in &arcs {
                if u != v && w < dist[u][v] {
                    dist[u][v] = w;
                }
            }
            for k in 0..n {
                for i in 0..n {
                    for j in 0..n {
                        let d = dist[i][k] + dist[k][j];
                        if d < dist[i][j] {
                            dist[i][j] = d;
                        }
                    }
                }
            }
            let mut sigma = vec![vec![0.0; n]; n];
            for s in 0..n {
                let mut by_dist: Vec<usize> = (0..n).filter(|&t| dist[s][t].is_finite()).collect();
                by_dist.sort_by(|&a, &b| dist[s][a].total_cmp(&dist[s][b]));
                sigma[s][s] = 1.0;
                for &t in &by_dist {
                    if t == s {
                        continue;
                    }
                    sigma[s][t] = arcs
                        .iter()
                        .filter(|&&(u, v, w)| v == t && u != t && dist[s][u] + w == dist[s][t])
                        .map(|&(u, _, _)| sigma[s][u])
                        .sum();
                }
            }
            Paths { dist, sigma }
        }

        /// Raw (ordered-pair) node betweenness, NetworkX's accumulation
        /// before `_rescale`.
        pub(crate) fn node_raw(&self, weighted: bool, endpoints: bool) -> Vec<f64> {
            let n = self.n;
            let p = self.paths(weighted);
            let mut bc = vec![0.0; n];
            for s in 0..n {
                for t in 0..n {
                    if s == t || !p.dist[s][t].is_finite() {
                        continue;
                    }
                    if endpoints {
                        bc[s] += 1.0;
                        bc[t] += 1.0;
                    }
                    for (x, b) in bc.iter_mut().enumerate() {
                        if x != s && x != t && p.dist[s][x] + p.dist[x][t] == p.dist[s][t] {
                            *b += p.sigma[s][x] * p.sigma[x][t] / p.sigma[s][t];
                        }
                    }
                }
            }
            bc
        }

        /// Raw edge betweenness per edge of `self.edges`, summed over
        /// ordered pairs (and both directions for undirected edges).
        pub(crate) fn edge_raw(&self, weighted: bool) -> Vec<f64> {
            let n = self.n;
            let p = self.paths(weighted);
            self.edges
                .iter()
                .map(|&(u, v, w)| {
                    let w = if weighted { w } else { 1.0 };
                    let (u, v) = (u as usize, v as usize);
                    let mut dirs = vec![(u, v)];
                    if !self.directed {
                        dirs.push((v, u));
                    }
                    let mut total = 0.0;
                    for s in 0..n {
                        for t in 0..n {
                            if s == t || !p.dist[s][t].is_finite() || u == v {
                                continue;
                            }
                            for &(a, b) in &dirs {
                                if p.dist[s][a] + w + p.dist[b][t] == p.dist[s][t] {
                                    total += p.sigma[s][a] * p.sigma[b][t] / p.sigma[s][t];
                                }
                            }
                        }
                    }
                    total
                })
                .collect()
        }
    }
}

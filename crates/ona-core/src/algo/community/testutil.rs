//! Test graphs with planted communities, shared by this module's tests.

use rand::Rng;

use crate::{Adjacency, Exec, Graph, GraphBuilder, Partition};

/// Thread counts compared against one thread.
pub(crate) fn threads() -> [usize; 2] {
    [2, 8]
}

/// `n` nodes in `k` equal contiguous groups; each node draws `deg / 2` edges
/// (`deg` arcs when directed), a share `mu` of them to random nodes and the
/// rest inside its group.
pub(crate) fn planted(n: u32, k: u32, deg: f64, mu: f64, directed: bool, exec: &Exec) -> Graph {
    let mut rng = exec.rng(0xC0FFEE);
    let per = if directed { deg } else { deg / 2.0 };
    let size = n / k;
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for v in 0..n {
        let group = v / size;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small positive
        let draws = per.round() as u32;
        for _ in 0..draws {
            let u = if rng.random::<f64>() < mu {
                rng.random_range(0..n)
            } else {
                group * size + rng.random_range(0..size)
            };
            if u != v {
                src.push(v);
                dst.push(u);
            }
        }
    }
    GraphBuilder::with_direction(directed)
        .build(n as usize, &src, &dst, None, exec)
        .expect("planted graph")
}

/// Communities of `p` whose nodes are not connected inside the community
/// (edge directions ignored).
pub(crate) fn disconnected_communities<A: Adjacency>(g: &Graph<A>, p: &Partition) -> usize {
    let n = g.node_count();
    let mut comp = vec![u32::MAX; n];
    let mut pieces = vec![0usize; p.count()];
    for s in 0..n {
        if comp[s] != u32::MAX {
            continue;
        }
        pieces[p.0[s] as usize] += 1;
        comp[s] = 0;
        let mut stack = vec![u32::try_from(s).expect("node")];
        while let Some(v) = stack.pop() {
            let mut visit = |u: u32| {
                if comp[u as usize] == u32::MAX && p.0[u as usize] == p.0[v as usize] {
                    comp[u as usize] = 0;
                    stack.push(u);
                }
            };
            let mut buf = Vec::new();
            for &u in g.out_adj().neighbors(v, &mut buf) {
                visit(u);
            }
            if g.is_directed() {
                let mut buf = Vec::new();
                for &u in g.in_adj().neighbors(v, &mut buf) {
                    visit(u);
                }
            }
        }
    }
    pieces.iter().filter(|&&c| c > 1).count()
}

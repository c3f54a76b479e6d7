//! Time windows: the graph of the events with `t0 <= ts < t1` only.
//!
//! ONA is always "as of" a period: who e-mailed whom in the last 30 days.
//! A window replays the version's event log from an empty graph (so a
//! `remove` inside the window removes only what the window added) and keeps
//! the people who appear in it. Cost: one pass over the log plus a build of
//! the window's edges.

use std::sync::Arc;

use ona_core::{EdgeWeights, Exec, GraphBuilder};
use rustc_hash::FxHashMap;

use crate::delta::{EdgeOp, Run};
use crate::error::{Error, Result};
use crate::event::Op;
use crate::keys::KeyCol;
use crate::version::{GraphView, Version};

pub(crate) fn window(v: &Version, directed: bool, t0: i64, t1: i64, exec: &Exec) -> Result<GraphView> {
    if t0 > t1 {
        return Err(ona_core::Error::invalid_param("window", format!("[{t0}, {t1})"), "t0 <= t1").into());
    }
    let mut local: FxHashMap<Key<'_>, u32> = FxHashMap::default();
    let mut keys: Vec<Key<'_>> = Vec::new();
    fn intern<'a>(local: &mut FxHashMap<Key<'a>, u32>, keys: &mut Vec<Key<'a>>, k: Key<'a>) -> u32 {
        *local.entry(k).or_insert_with(|| {
            keys.push(k);
            keys.len() as u32 - 1
        })
    }
    let mut events = Vec::new();
    for part in v.log.parts() {
        for r in 0..part.ts.len() {
            if part.ts[r] < t0 || part.ts[r] >= t1 {
                continue;
            }
            let u = intern(&mut local, &mut keys, key(&part.src, r));
            let v = intern(&mut local, &mut keys, key(&part.dst, r));
            let op = match Op::from_code(part.op[r]) {
                Some(Op::Add) => EdgeOp::Add(part.weight[r]),
                Some(Op::Set) => EdgeOp::Set(part.weight[r]),
                _ => EdgeOp::Remove,
            };
            events.push((if directed || u <= v { (u, v) } else { (v, u) }, op));
        }
    }
    let run = Run::from_events(events, Some(exec));
    let (mut src, mut dst, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for (&(a, b), op) in run.keys.iter().zip(&run.ops) {
        if let Some(x) = op.apply(None) {
            src.push(a);
            dst.push(b);
            w.push(x);
        }
    }
    let builder = GraphBuilder::with_direction(directed);
    let weights = Some(EdgeWeights::F64(&w));
    let graph = match keys.first() {
        Some(Key::Str(_)) => {
            let nodes: Vec<&str> = keys.iter().map(|k| if let Key::Str(s) = *k { s } else { "" }).collect();
            let (s, d): (Vec<&str>, Vec<&str>) = src.iter().zip(&dst).map(|(&a, &b)| (nodes[a as usize], nodes[b as usize])).unzip();
            builder.build_str(&nodes, &s, &d, weights, exec)?
        }
        _ => {
            let num = |k: &Key<'_>| if let Key::U64(x) = k { *x } else { 0 };
            let nodes: Vec<u64> = keys.iter().map(num).collect();
            let (s, d): (Vec<u64>, Vec<u64>) = src.iter().zip(&dst).map(|(&a, &b)| (nodes[a as usize], nodes[b as usize])).unzip();
            builder.build_u64(&nodes, &s, &d, weights, exec)?
        }
    };
    Ok(GraphView::new(Arc::new(graph), v.number, Some((t0, t1))))
}

/// Windows of `width` ending at `end`, `end - step`, ..., oldest first.
pub(crate) fn rolling(v: &Version, directed: bool, end: i64, width: i64, step: i64, count: usize, exec: &Exec) -> Result<Vec<GraphView>> {
    if width <= 0 || step <= 0 || count == 0 || count > 10_000 {
        return Err(Error::Core(ona_core::Error::invalid_param(
            "rolling",
            format!("width {width}, step {step}, count {count}"),
            "width > 0, step > 0, 1 <= count <= 10000",
        )));
    }
    (0..count as i64)
        .rev()
        .map(|i| {
            let t1 = end.saturating_sub(i.saturating_mul(step));
            window(v, directed, t1.saturating_sub(width), t1, exec)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    U64(u64),
    Str(&'a str),
}

fn key(col: &KeyCol, r: usize) -> Key<'_> {
    match col {
        KeyCol::U64(k) => Key::U64(k[r]),
        KeyCol::Str(k) => Key::Str(&k[r]),
    }
}

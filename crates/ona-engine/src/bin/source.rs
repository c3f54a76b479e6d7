//! A deterministic event source standing in for a Kafka partition (used by
//! `ona-ingest-loop` and the crash test): event `offset` is a pure function
//! of its offset; about one in ten is a redelivery of an earlier event with
//! the same id. Weights are small integers, so sums are exact in any order.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

/// Events in the source.
pub const TOTAL: u64 = 20_000;

/// One event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub id: u64,
    pub src: u64,
    pub dst: u64,
    pub weight: f64,
    /// 0 add, 1 remove, 2 set.
    pub op: u8,
}

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The event at `offset`.
pub fn event(offset: u64) -> Event {
    let h = mix(offset);
    if h.is_multiple_of(10) && offset > 0 {
        return event(offset - 1 - (h >> 8) % offset.min(50));
    }
    let op = match (h >> 16) % 20 {
        0 => 1,
        1 => 2,
        _ => 0,
    };
    Event { id: offset, src: (h >> 24) % 400, dst: (h >> 40) % 400, weight: ((h >> 56) % 4 + 1) as f64, op }
}

/// Size of the batch starting at `offset`.
pub fn batch_len(offset: u64) -> u64 {
    (1 + mix(offset ^ 0xABCD) % 300).min(TOTAL - offset)
}

/// The graph the unique events (first delivery of each id) make.
pub fn model() -> BTreeMap<(u64, u64), f64> {
    let mut seen = BTreeSet::new();
    let mut m = BTreeMap::new();
    for o in 0..TOTAL {
        let e = event(o);
        if !seen.insert(e.id) {
            continue;
        }
        match e.op {
            1 => {
                m.remove(&(e.src, e.dst));
            }
            2 => {
                m.insert((e.src, e.dst), e.weight);
            }
            _ => *m.entry((e.src, e.dst)).or_insert(0.0) += e.weight,
        }
    }
    m
}

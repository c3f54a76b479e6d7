//! `ona-ingest-loop DIR [--to-end]`: consume the deterministic test source
//! (`source.rs`) into tenant `crash`, graph `g` of the engine in `DIR`,
//! resuming from the stored offset, with background compaction, making
//! progress durable every third batch: mostly by incremental checkpoints
//! (journal, a full rewrite past 1,500 journaled events), every fourth time
//! by a full snapshot. The crash test kills it with SIGKILL at random
//! points; `--to-end` runs to the end of the source and exits 0.

use ona_engine::{Engine, EngineConfig, EventBatch, Keys, Op, Tier};

mod source;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: ona-ingest-loop DIR [--to-end]")?;
    let mut config = EngineConfig::default().threads(2).compact_when(2_000, 0.0).full_snapshot_rows(1_500);
    let mut unlimited = config.limits(Tier::Enterprise).clone();
    unlimited.max_events_per_second = None;
    config = config.tier(Tier::Enterprise, unlimited);
    let engine = Engine::open(&dir, config)?;
    let t = engine.tenant("crash", Tier::Enterprise)?;
    let mut next = t.offsets("g").ok().and_then(|o| o.first().map(|x| x.2)).unwrap_or(0);
    let mut batches = 0u64;
    while next < source::TOTAL {
        let len = source::batch_len(next);
        let events: Vec<_> = (next..next + len).map(source::event).collect();
        let src: Vec<u64> = events.iter().map(|e| e.src).collect();
        let dst: Vec<u64> = events.iter().map(|e| e.dst).collect();
        let w: Vec<f64> = events.iter().map(|e| e.weight).collect();
        let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
        let ops: Vec<Op> = events.iter().map(|e| Op::from_code(e.op).unwrap_or(Op::Add)).collect();
        let batch = EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).weights(&w).event_ids(&ids).ops(&ops).position("src", 0, next);
        t.apply("g", &batch)?;
        next += len;
        batches += 1;
        if batches.is_multiple_of(12) {
            engine.snapshot()?;
        } else if batches.is_multiple_of(3) {
            engine.checkpoint()?;
        }
    }
    engine.wait_for_compactions();
    engine.snapshot()?;
    Ok(())
}

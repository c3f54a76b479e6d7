//! kill -9 during ingestion, 200 times: after each restart from snapshot +
//! stored offsets the graph equals the model built from the unique events.
//!
//! The child (`ona-ingest-loop`) consumes a deterministic source (events
//! with integer weights, ~10% redelivered duplicates with the same event
//! id) in batches carrying source offsets, checkpoints every few batches
//! (journal files, full rewrites past a threshold, every fourth time a full
//! snapshot) and compacts in the background, until killed. Each run resumes from the
//! engine's stored offset, like a Kafka consumer.

use std::process::{Command, Stdio};
use std::time::Duration;

use ona_engine::{Engine, Tier};
use rand::{Rng, SeedableRng};

use crate::common::{config, edges, ok};

#[path = "../../src/bin/source.rs"]
mod source;

#[test]
fn kill_9_during_ingest_200_times() {
    let kills: usize = std::env::var("ONA_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let dir = ok(tempfile::tempdir());
    let bin = env!("CARGO_BIN_EXE_ona-ingest-loop");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(99);
    let total = source::TOTAL;
    for i in 0..kills {
        let mut child = ok(Command::new(bin).arg(dir.path()).stdout(Stdio::null()).stderr(Stdio::inherit()).spawn());
        std::thread::sleep(Duration::from_millis(rng.random_range(5..60)));
        if i + 1 < kills {
            let _ = child.kill(); // SIGKILL
        }
        let _ = child.wait();
    }
    // Last run: let it finish the source.
    let status = ok(Command::new(bin).arg(dir.path()).arg("--to-end").status());
    assert!(status.success());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("crash", Tier::Enterprise));
    assert_eq!(ok(t.offsets("g")), vec![("src".to_owned(), 0, total)]);
    let g = ok(t.graph("g"));
    assert_eq!(edges(&g), source::model(), "graph after {kills} kills differs from the unique events");
    let stats = ok(t.stats("g"));
    assert_eq!(stats.edges, g.edge_count());
}

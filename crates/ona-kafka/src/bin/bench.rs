//! `ona-kafka-bench`: end-to-end throughput from a Kafka topic into applied
//! graph versions with one worker.
//!
//! ```text
//! ona-kafka-bench --brokers B [--events 200000] [--tenants 50] [--partitions 6] [--snapshot-ms 1000]
//! ```
//! Produces `--events` valid events (no faults) into a fresh topic, then runs
//! one worker (fresh group, fresh snapshot directory) until it has consumed
//! them all, and prints events/s: messages consumed divided by the time from
//! the first message polled to the last one applied (checkpoints included,
//! the final checkpoint on stop excluded), and checks the engines against the
//! model.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ona_kafka::{DirStore, Model, Producer, RunUntil, Worker, WorkerConfig, Workload, WorkloadConfig, create_topic};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut brokers, mut events, mut tenants, mut partitions, mut snapshot_ms) = (None, 200_000usize, 50usize, 6u32, 1000u64);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--brokers" => brokers = Some(val()?),
            "--events" => events = val()?.parse()?,
            "--tenants" => tenants = val()?.parse()?,
            "--partitions" => partitions = val()?.parse()?,
            "--snapshot-ms" => snapshot_ms = val()?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let brokers = brokers.ok_or("--brokers is required")?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos();
    let topic = format!("ona-bench-{nanos}");
    create_topic(&brokers, &topic, partitions)?;
    create_topic(&brokers, &format!("{topic}.dlq"), partitions)?;
    let w = Workload::generate(&WorkloadConfig::default().size(tenants, events).faults(0.0, 0.0).seed(1));
    let t = Instant::now();
    let p = Producer::new(&brokers, &topic)?;
    for m in &w.messages {
        p.send_raw(m.key.as_bytes(), &m.payload, None, None)?;
    }
    p.flush()?;
    eprintln!("produced {events} in {:.2} s", t.elapsed().as_secs_f64());

    let dir = tempfile::tempdir()?;
    let cfg = WorkerConfig::new(&brokers, &topic, &format!("{topic}-g")).snapshot_every(200_000, Duration::from_millis(snapshot_ms));
    let mut worker = Worker::new(cfg, Arc::new(DirStore::new(dir.path())))?;
    let stats = worker.run(&RunUntil { stop: None, idle: Some(Duration::from_secs(2)) })?;
    let busy = worker.busy_time().unwrap_or_default().as_secs_f64();
    drop(worker);
    let mut got = Model::default();
    for part in 0..partitions {
        let e = ona_engine::Engine::open(dir.path().join(format!("p{part}")), ona_engine::EngineConfig::default().threads(1))?;
        got.add_engine(&e)?;
    }
    let ok = got == w.model;
    println!(
        "{{\"events\":{},\"applied\":{},\"seconds\":{busy:.3},\"events_per_second\":{:.0},\"model_equal\":{ok}}}",
        stats.messages,
        stats.applied,
        stats.messages as f64 / busy.max(1e-9)
    );
    if !ok || stats.messages != events as u64 {
        return Err("the engines do not hold the produced events".into());
    }
    Ok(())
}

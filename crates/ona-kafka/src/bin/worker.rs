//! `ona-kafka-worker`: one worker process (the multi-process test and the
//! throughput measurement run it; `ona worker` is the same loop in the CLI).
//!
//! ```text
//! ona-kafka-worker --brokers B --topic T --group G --snapshots DIR
//!     [--snapshot-ms 1000] [--snapshot-every 200000] [--max-batch 20000]
//!     [--idle-exit-ms MS]   stop after MS without messages (once one arrived)
//!     [--stdin-stop]        stop when standard input reaches end of file
//! ```
//! On a clean stop it prints one JSON line of counters on stdout.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ona_kafka::{DirStore, RunUntil, Worker, WorkerConfig};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ona-kafka-worker: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut brokers, mut topic, mut group, mut snapshots) = (None, None, None, None);
    let (mut snap_ms, mut snap_every, mut max_batch, mut idle, mut stdin_stop) = (1000u64, 200_000u64, 20_000usize, None, false);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--brokers" => brokers = Some(val()?),
            "--topic" => topic = Some(val()?),
            "--group" => group = Some(val()?),
            "--snapshots" => snapshots = Some(val()?),
            "--snapshot-ms" => snap_ms = val()?.parse()?,
            "--snapshot-every" => snap_every = val()?.parse()?,
            "--max-batch" => max_batch = val()?.parse()?,
            "--idle-exit-ms" => idle = Some(Duration::from_millis(val()?.parse()?)),
            "--stdin-stop" => stdin_stop = true,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let need = |x: Option<String>, n: &str| x.ok_or_else(|| format!("--{n} is required"));
    let (brokers, topic, group, snapshots) =
        (need(brokers, "brokers")?, need(topic, "topic")?, need(group, "group")?, need(snapshots, "snapshots")?);
    let cfg = WorkerConfig::new(&brokers, &topic, &group).max_batch(max_batch).snapshot_every(snap_every, Duration::from_millis(snap_ms));
    let mut worker = Worker::new(cfg, Arc::new(DirStore::new(&snapshots)))?;
    let stop = Arc::new(AtomicBool::new(false));
    if stdin_stop {
        let s = Arc::clone(&stop);
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            s.store(true, Ordering::Release);
        });
    }
    let stats = worker.run(&RunUntil { stop: Some(stop), idle })?;
    let busy = worker.busy_time().unwrap_or_default().as_secs_f64();
    let rate = if busy > 0.0 { stats.messages as f64 / busy } else { 0.0 };
    println!(
        "{{\"messages\":{},\"applied\":{},\"skipped\":{},\"dead_letters\":{},\"checkpoints\":{},\"rebalances\":{},\"busy_seconds\":{busy:.3},\"messages_per_second\":{rate:.0}}}",
        stats.messages, stats.applied, stats.skipped, stats.dead_letters, stats.checkpoints, stats.rebalances
    );
    Ok(())
}

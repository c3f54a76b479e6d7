//! One worker, a 6-partition topic with malformed messages and duplicates:
//! the engines equal the model exactly and the dead letters are exactly
//! the malformed messages, with their reasons. Then a worker of a new group
//! with the checkpoints removed re-reads everything and changes nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ona_kafka::{DirStore, Producer, RunUntil, Worker, WorkerConfig, Workload, WorkloadConfig, wait_caught_up};

use crate::common::*;

fn run_worker(brokers: &str, topic: &str, group: &str, dir: &std::path::Path) -> ona_kafka::WorkerStats {
    let cfg = WorkerConfig::new(brokers, topic, group).snapshot_every(2_000, Duration::from_millis(300));
    let mut worker = Worker::new(cfg, Arc::new(DirStore::new(dir))).expect("worker");
    let stop = Arc::new(AtomicBool::new(false));
    let until = RunUntil { stop: Some(Arc::clone(&stop)), idle: None };
    let handle = std::thread::spawn(move || worker.run(&until));
    let progress = wait_caught_up(brokers, group, topic, Duration::from_secs(90));
    stop.store(true, Ordering::Release);
    let stats = handle.join().expect("worker thread").expect("worker run");
    progress.expect("group caught up");
    stats
}

#[test]
fn one_worker_applies_unique_events_and_dead_letters_malformed_ones() {
    let brokers = brokers();
    let topic = fresh("small");
    topics(&brokers, &topic, 6);
    let w = Workload::generate(&WorkloadConfig::default().size(12, 6_000).faults(0.03, 0.08).seed(7));
    let malformed = expected_dead_letters(&w).values().sum::<usize>();
    assert!(malformed > 100, "{malformed}");
    let p = Producer::new(&brokers, &topic).expect("producer");
    produce(&p, &w, 0..w.messages.len());

    let dir = tempfile::tempdir().expect("tempdir");
    let stats = run_worker(&brokers, &topic, &fresh("g"), dir.path());
    assert_eq!(stats.messages, 6_000);
    assert_eq!(stats.dead_letters, malformed as u64);
    assert_models_equal(&model_of_store(dir.path(), 6), &w.model);
    let (dlq, copies) = dead_letters(&brokers, &topic);
    assert_eq!(copies, 0, "one worker, no crash: no dead letter twice");
    assert_eq!(dlq, expected_dead_letters(&w));
    for code in ["bad_json", "unknown_version", "missing_field", "invalid_tenant", "key_mismatch", "invalid_event"] {
        assert!(dlq.keys().any(|k| k.2 == code), "no dead letter with reason {code}");
    }

    // Replay everything into the same engines: nothing changes.
    for p in 0..6 {
        std::fs::remove_file(dir.path().join(format!("p{p}/kafka-checkpoint.txt"))).expect("remove checkpoint");
    }
    let again = run_worker(&brokers, &topic, &fresh("g2"), dir.path());
    assert_eq!((again.messages, again.applied), (6_000, 0));
    assert_models_equal(&model_of_store(dir.path(), 6), &w.model);
}

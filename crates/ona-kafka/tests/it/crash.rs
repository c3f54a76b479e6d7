//! The test: 3 worker processes in one group, 6 partitions, 50
//! tenants, 200k events produced while they run; one worker is killed with
//! SIGKILL mid-stream and started again later. At the end every tenant's
//! graph, read from the snapshot store, equals the model of the unique
//! events (exact weights: nothing lost, nothing doubled), and the dead
//! letters are exactly the malformed messages.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ona_kafka::{Producer, Workload, WorkloadConfig, group_progress, wait_caught_up};

use crate::common::*;

fn spawn(brokers: &str, topic: &str, group: &str, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ona-kafka-worker"))
        .args(["--brokers", brokers, "--topic", topic, "--group", group, "--snapshots"])
        .arg(dir)
        .args(["--snapshot-ms", "500", "--max-batch", "5000", "--stdin-stop"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn ona-kafka-worker")
}

fn committed(brokers: &str, group: &str, topic: &str) -> i64 {
    group_progress(brokers, group, topic).expect("progress").iter().filter_map(|p| p.committed).sum()
}

#[test]
fn three_workers_one_killed_mid_stream_lose_and_double_nothing() {
    let started = Instant::now();
    let brokers = brokers();
    let (topic, group) = (fresh("crash"), fresh("group"));
    topics(&brokers, &topic, 6);
    let w = Workload::generate(&WorkloadConfig::default().size(50, 200_000).faults(0.01, 0.05).seed(9));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workers: Vec<Child> = (0..3).map(|_| spawn(&brokers, &topic, &group, dir.path())).collect();

    // Produce in 20 slices while the workers run.
    let producer = {
        let (brokers, topic, w) = (brokers.clone(), topic.clone(), w.clone());
        std::thread::spawn(move || {
            let p = Producer::new(&brokers, &topic).expect("producer");
            let n = w.messages.len();
            for i in 0..20 {
                produce(&p, &w, i * n / 20..(i + 1) * n / 20);
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };

    // Kill one worker once the group has committed a first part of the stream.
    let t = Instant::now();
    while committed(&brokers, &group, &topic) < 20_000 {
        assert!(t.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut victim = workers.remove(0);
    victim.kill().expect("kill -9");
    victim.wait().expect("reap");
    let at_kill = committed(&brokers, &group, &topic);
    assert!(at_kill < 190_000, "the kill came too late to be mid-stream: {at_kill} committed");
    std::thread::sleep(Duration::from_secs(3));
    workers.push(spawn(&brokers, &topic, &group, dir.path()));

    producer.join().expect("producer thread");
    wait_caught_up(&brokers, &group, &topic, Duration::from_secs(150)).expect("all consumed");
    let mut totals = (0u64, 0u64);
    for mut c in workers {
        drop(c.stdin.take()); // --stdin-stop: a clean stop
        let mut line = String::new();
        std::io::BufReader::new(c.stdout.take().expect("stdout")).read_line(&mut line).expect("stats line");
        assert!(c.wait().expect("wait").success(), "worker failed");
        let v: serde_json::Value = serde_json::from_str(&line).expect("stats json");
        totals.0 += v["applied"].as_u64().unwrap_or(0);
        totals.1 += v["messages"].as_u64().unwrap_or(0);
    }

    assert_models_equal(&model_of_store(dir.path(), 6), &w.model);
    let (dlq, copies) = dead_letters(&brokers, &topic);
    assert_eq!(dlq, expected_dead_letters(&w));
    eprintln!(
        "crash test: {at_kill} committed at the kill; survivors consumed {} messages, applied {}; {copies} dead letters repeated after the kill; {:.1} s",
        totals.1,
        totals.0,
        started.elapsed().as_secs_f64()
    );
}

//! What the Kafka tests share: the broker address, fresh names, producing a
//! workload, reading the engines and the dead letters back.

use std::collections::BTreeMap;
use std::path::Path;

use ona_engine::{Engine, EngineConfig};
use ona_kafka::{Kind, Model, Producer, Record, Workload, create_topic, read_topic};

/// The broker from `ONA_KAFKA_BROKERS`; fails (never skips) without it.
pub fn brokers() -> String {
    std::env::var("ONA_KAFKA_BROKERS")
        .unwrap_or_else(|_| panic!("ONA_KAFKA_BROKERS is not set: run scripts/servers.sh start kafka && . target/servers/env.sh"))
}

/// A name no earlier run used.
pub fn fresh(what: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("ona-it-{what}-{}-{nanos}", std::process::id())
}

/// Create `topic` and its dead-letter topic with `partitions` partitions.
pub fn topics(brokers: &str, topic: &str, partitions: u32) {
    assert_eq!(create_topic(brokers, topic, partitions).expect("create topic"), partitions);
    assert_eq!(create_topic(brokers, &format!("{topic}.dlq"), partitions).expect("create dlq"), partitions);
}

/// Produce messages `range` of `w`.
pub fn produce(p: &Producer, w: &Workload, range: std::ops::Range<usize>) {
    for m in &w.messages[range] {
        p.send_raw(m.key.as_bytes(), &m.payload, None, None).expect("send");
    }
    p.flush().expect("flush");
}

/// The model read back from the engines `<snapshots>/p0..p<partitions>`.
pub fn model_of_store(snapshots: &Path, partitions: u32) -> Model {
    let mut m = Model::default();
    for p in 0..partitions {
        let e = Engine::open(snapshots.join(format!("p{p}")), EngineConfig::default().threads(1)).expect("open partition engine");
        m.add_engine(&e).expect("read engine");
        assert!(e.close());
    }
    m
}

/// Compare two models graph by graph, naming the first difference.
pub fn assert_models_equal(got: &Model, want: &Model) {
    let keys = |m: &Model| m.graphs.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(got), keys(want), "graphs differ");
    for (k, edges) in &want.graphs {
        let g = &got.graphs[k];
        if g != edges {
            let lost = edges.keys().filter(|e| !g.contains_key(*e)).count();
            let extra = g.keys().filter(|e| !edges.contains_key(*e)).count();
            let wrong: Vec<_> = edges.iter().filter(|(e, w)| g.get(*e).is_some_and(|x| x != *w)).take(3).collect();
            panic!("{k:?}: {lost} edges lost, {extra} extra, weights differ e.g. {wrong:?}");
        }
    }
    assert_eq!(got.digest(), want.digest());
}

/// (key, payload, reason) -> how many.
pub type DeadLetters = BTreeMap<(Vec<u8>, Vec<u8>, String), usize>;

/// Dead letters deduplicated by their source (partition, offset), as
/// multiset of (key, payload, reason); plus how many copies were dropped.
pub fn dead_letters(brokers: &str, topic: &str) -> (DeadLetters, usize) {
    let records: Vec<Record> = read_topic(brokers, &format!("{topic}.dlq")).expect("read dlq");
    let mut by_source: BTreeMap<(String, String), Record> = BTreeMap::new();
    let mut copies = 0;
    for r in records {
        let src = (r.header("ona-dlq-partition").expect("partition header"), r.header("ona-dlq-offset").expect("offset header"));
        assert_eq!(r.header("ona-dlq-topic").as_deref(), Some(topic));
        assert!(r.header("ona-dlq-detail").is_some_and(|d| !d.is_empty()));
        if let Some(prev) = by_source.get(&src) {
            assert_eq!((&prev.payload, prev.header("ona-dlq-reason")), (&r.payload, r.header("ona-dlq-reason")), "copies differ");
            copies += 1;
        } else {
            by_source.insert(src, r);
        }
    }
    let mut out = BTreeMap::new();
    for r in by_source.into_values() {
        *out.entry((r.key.clone().unwrap_or_default(), r.payload.clone(), r.header("ona-dlq-reason").unwrap_or_default())).or_insert(0) +=
            1;
    }
    (out, copies)
}

/// The dead letters the workload must produce.
pub fn expected_dead_letters(w: &Workload) -> DeadLetters {
    let mut out = BTreeMap::new();
    for m in &w.messages {
        if let Kind::Malformed(code) = m.kind {
            *out.entry((m.key.clone().into_bytes(), m.payload.clone(), code.to_owned())).or_insert(0) += 1;
        }
    }
    out
}

//! Looking at topics and groups from outside: partition counts, how far a
//! group has committed, and reading a whole topic (dead letters, tests).

use std::time::{Duration, Instant};

use rdkafka::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message, OwnedMessage};
use rdkafka::{Offset, TopicPartitionList};

use crate::error::{Error, Result};

const TIMEOUT: Duration = Duration::from_secs(10);

fn client(brokers: &str, group: Option<&str>) -> Result<BaseConsumer> {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", brokers).set("enable.auto.commit", "false").set("enable.partition.eof", "false");
    // A group id is needed to read committed offsets; this client never
    // subscribes, so it never joins (or disturbs) the group.
    cfg.set("group.id", group.unwrap_or("ona-kafka-admin"));
    cfg.create().map_err(Error::kafka("creating a consumer"))
}

/// Partitions of `topic` (0 if it does not exist).
pub fn partition_count(brokers: &str, topic: &str) -> Result<u32> {
    let c = client(brokers, None)?;
    let md = c.fetch_metadata(Some(topic), TIMEOUT).map_err(Error::kafka("fetching metadata"))?;
    let n = md.topics().iter().find(|t| t.name() == topic).map_or(0, |t| if t.error().is_some() { 0 } else { t.partitions().len() });
    u32::try_from(n).map_err(|_| Error::Config { name: "partitions", reason: format!("{n}") })
}

/// One partition's progress: the group's committed offset (`None` if it
/// has committed nothing) and the end (high watermark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionProgress {
    /// Partition.
    pub partition: u32,
    /// Next offset the group committed.
    pub committed: Option<i64>,
    /// Next offset to be written.
    pub end: i64,
}

impl PartitionProgress {
    /// Whether the group has committed everything written so far.
    pub fn caught_up(&self) -> bool {
        self.end == 0 || self.committed.is_some_and(|c| c >= self.end)
    }
}

/// Committed and end offsets of every partition of `topic` for `group`.
pub fn group_progress(brokers: &str, group: &str, topic: &str) -> Result<Vec<PartitionProgress>> {
    let n = partition_count(brokers, topic)?;
    let c = client(brokers, Some(group))?;
    let mut tpl = TopicPartitionList::new();
    for p in 0..n {
        tpl.add_partition(topic, to_i32(p)?);
    }
    let committed = c.committed_offsets(tpl, TIMEOUT).map_err(Error::kafka("reading committed offsets"))?;
    let mut out = Vec::new();
    for p in 0..n {
        let (_, end) = c.fetch_watermarks(topic, to_i32(p)?, TIMEOUT).map_err(Error::kafka("reading watermarks"))?;
        let committed = committed.find_partition(topic, to_i32(p)?).and_then(|e| match e.offset() {
            Offset::Offset(o) => Some(o),
            _ => None,
        });
        out.push(PartitionProgress { partition: p, committed, end });
    }
    Ok(out)
}

/// Wait until `group` has committed every message of `topic` (checked every
/// 200 ms), or fail after `timeout`.
pub fn wait_caught_up(brokers: &str, group: &str, topic: &str, timeout: Duration) -> Result<Vec<PartitionProgress>> {
    let start = Instant::now();
    loop {
        let progress = group_progress(brokers, group, topic)?;
        if !progress.is_empty() && progress.iter().all(PartitionProgress::caught_up) {
            return Ok(progress);
        }
        if start.elapsed() > timeout {
            return Err(Error::Timeout {
                what: format!("group {group} to commit all of {topic}: {progress:?}"),
                seconds: timeout.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A message read back with [`read_topic`].
#[derive(Debug, Clone)]
pub struct Record {
    /// Partition.
    pub partition: u32,
    /// Offset.
    pub offset: i64,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Payload.
    pub payload: Vec<u8>,
    /// Headers as (name, value) pairs.
    pub headers: Vec<(String, Vec<u8>)>,
}

impl Record {
    /// The value of header `name`, as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    }
}

/// Every message of `topic` from the beginning to its current end, all
/// partitions, in partition then offset order (no group involved).
pub fn read_topic(brokers: &str, topic: &str) -> Result<Vec<Record>> {
    let n = partition_count(brokers, topic)?;
    let c = client(brokers, None)?;
    let mut tpl = TopicPartitionList::new();
    let mut ends = Vec::new();
    for p in 0..n {
        let (_, end) = c.fetch_watermarks(topic, to_i32(p)?, TIMEOUT).map_err(Error::kafka("reading watermarks"))?;
        ends.push(end);
        tpl.add_partition_offset(topic, to_i32(p)?, Offset::Beginning).map_err(Error::kafka("assigning"))?;
    }
    c.assign(&tpl).map_err(Error::kafka("assigning"))?;
    let want: i64 = ends.iter().sum();
    let mut out: Vec<Record> = Vec::new();
    let start = Instant::now();
    while i64::try_from(out.len()).unwrap_or(i64::MAX) < want {
        if start.elapsed() > Duration::from_secs(60) {
            return Err(Error::Timeout { what: format!("reading {want} messages of {topic}, got {}", out.len()), seconds: 60 });
        }
        let Some(m) = c.poll(Duration::from_millis(200)) else { continue };
        let m: OwnedMessage = m.map_err(Error::kafka("reading"))?.detach();
        let headers =
            m.headers().map_or_else(Vec::new, |h| h.iter().map(|x| (x.key.to_owned(), x.value.unwrap_or_default().to_vec())).collect());
        let partition = u32::try_from(m.partition()).unwrap_or(0);
        out.push(Record {
            partition,
            offset: m.offset(),
            key: m.key().map(<[u8]>::to_vec),
            payload: m.payload().unwrap_or_default().to_vec(),
            headers,
        });
    }
    out.sort_by_key(|r| (r.partition, r.offset));
    Ok(out)
}

pub(crate) fn to_i32(p: u32) -> Result<i32> {
    i32::try_from(p).map_err(|_| Error::Config { name: "partition", reason: format!("{p} is out of range") })
}

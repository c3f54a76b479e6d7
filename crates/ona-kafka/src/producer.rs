//! Producing events (tests, demos, `ona produce`) and dead letters, and
//! creating topics.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::{ClientContext, DefaultClientContext};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{DeliveryResult, Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer as _, ProducerContext};

use crate::error::{Error, Result};
use crate::schema::EdgeEvent;

/// Counts failed deliveries and keeps the first reason.
#[derive(Debug, Default)]
pub(crate) struct Deliveries {
    failed: AtomicU64,
    first: Mutex<Option<String>>,
}

impl ClientContext for Deliveries {}

impl ProducerContext for Deliveries {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        if let Err((e, _)) = result {
            self.failed.fetch_add(1, Ordering::Relaxed);
            let mut first = self.first.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            first.get_or_insert_with(|| e.to_string());
        }
    }
}

/// A Kafka producer: idempotent (`enable.idempotence`), so retries neither
/// duplicate nor reorder a partition's messages; [`Producer::flush`] reports
/// any message that was not acknowledged.
///
/// Errors: [`Error::Kafka`] when the client cannot be created or a send
/// cannot be queued; [`Error::Delivery`] from `flush` when a message was lost.
pub struct Producer {
    inner: BaseProducer<Deliveries>,
    topic: String,
}

impl std::fmt::Debug for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Producer").field("topic", &self.topic).finish_non_exhaustive()
    }
}

impl Producer {
    /// A producer writing to `topic` on `brokers` (`host:port,...`).
    pub fn new(brokers: &str, topic: &str) -> Result<Self> {
        let inner = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            .set("enable.idempotence", "true")
            .set("linger.ms", "5")
            .set("batch.num.messages", "10000")
            .create_with_context(Deliveries::default())
            .map_err(Error::kafka("creating a producer"))?;
        Ok(Self { inner, topic: topic.to_owned() })
    }

    /// The topic written to.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Queue one message (key, payload, optional partition and headers),
    /// waiting while the client's queue is full.
    pub fn send_raw(&self, key: &[u8], payload: &[u8], partition: Option<i32>, headers: Option<OwnedHeaders>) -> Result<()> {
        let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(&self.topic).key(key).payload(payload);
        if let Some(p) = partition {
            record = record.partition(p);
        }
        if let Some(h) = headers {
            record = record.headers(h);
        }
        loop {
            match self.inner.send(record) {
                Ok(()) => return Ok(()),
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), r)) => {
                    record = r;
                    self.inner.poll(Duration::from_millis(20));
                }
                Err((e, _)) => return Err(Error::Kafka { op: "producing", source: e }),
            }
        }
    }

    /// Queue events, each keyed by its tenant (so a tenant's events share a
    /// partition and keep their order).
    ///
    /// ```no_run
    /// use ona_kafka::{EdgeEvent, Producer};
    /// let p = Producer::new("127.0.0.1:9092", "collab")?;
    /// let e = EdgeEvent { tenant: "acme".into(), graph: "email".into(), src: "ann".into(), dst: "bob".into(),
    ///                     weight: 1.0, ts: 0, op: ona_engine::Op::Add, id: 1 };
    /// p.send_events(&[e])?;
    /// p.flush()?;
    /// # Ok::<(), ona_kafka::Error>(())
    /// ```
    pub fn send_events(&self, events: &[EdgeEvent]) -> Result<()> {
        for e in events {
            self.send_raw(e.tenant.as_bytes(), &e.to_json(), None, None)?;
        }
        Ok(())
    }

    /// Serve delivery reports without blocking.
    pub fn poll(&self) {
        self.inner.poll(Duration::ZERO);
    }

    /// Wait until every queued message is acknowledged (60 s at most); fails
    /// if any message since the last flush was not.
    pub fn flush(&self) -> Result<()> {
        self.inner.flush(Duration::from_secs(60)).map_err(Error::kafka("flushing"))?;
        let ctx = self.inner.context();
        let failed = ctx.failed.swap(0, Ordering::Relaxed);
        if failed > 0 {
            let reason = ctx.first.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().unwrap_or_default();
            return Err(Error::Delivery { topic: self.topic.clone(), reason: format!("{failed} messages: {reason}") });
        }
        Ok(())
    }
}

/// Headers of a dead letter: why, and where the original was.
pub(crate) fn dead_letter_headers(code: &str, detail: &str, topic: &str, partition: u32, offset: i64) -> OwnedHeaders {
    OwnedHeaders::new()
        .insert(Header { key: "ona-dlq-reason", value: Some(code) })
        .insert(Header { key: "ona-dlq-detail", value: Some(detail) })
        .insert(Header { key: "ona-dlq-topic", value: Some(topic) })
        .insert(Header { key: "ona-dlq-partition", value: Some(&partition.to_string()) })
        .insert(Header { key: "ona-dlq-offset", value: Some(&offset.to_string()) })
}

/// Create `topic` with `partitions` partitions (replication 1) unless it
/// exists; returns the partition count it has.
pub fn create_topic(brokers: &str, topic: &str, partitions: u32) -> Result<u32> {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", brokers).create().map_err(Error::kafka("creating an admin client"))?;
    let n = i32::try_from(partitions).map_err(|_| Error::Config { name: "partitions", reason: format!("{partitions} is too many") })?;
    let new = NewTopic::new(topic, n, TopicReplication::Fixed(1));
    let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(30)));
    let results = futures_executor::block_on(admin.create_topics([&new], &opts)).map_err(Error::kafka("creating a topic"))?;
    for r in results {
        match r {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((_, code)) => return Err(Error::Kafka { op: "creating a topic", source: KafkaError::AdminOp(code) }),
        }
    }
    crate::admin::partition_count(brokers, topic)
}

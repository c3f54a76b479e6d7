//! Kafka for a Node backend that produces collaboration events: a shim over
//! `ona-kafka`'s producer (JSON edge events keyed by tenant, idempotent),
//! topic creation, and reading a topic back (dead letters, checks). Every
//! call that talks to the brokers runs on the addon's pool (a Promise).

use std::sync::Arc;

use napi::bindgen_prelude::{Env, Object};
use napi_derive::napi;
use ona_kafka::{Producer, create_topic, read_topic};

use crate::convert::adapters::{EdgeEventIn, RecordOut, events};
use crate::convert::count;
use crate::error::{self, Result};
use crate::task::{RunContext, spawn};

/// Create `topic` with `partitions` partitions unless it exists; resolves
/// with the partition count it has.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn kafka_create_topic<'env>(
    env: &'env Env,
    brokers: String,
    topic: String,
    partitions: f64,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let n = count("partitions", partitions)?;
    if n == 0 {
        return Err(error::invalid("partitions", n, "at least 1"));
    }
    spawn(
        env,
        ctx,
        move |_| Ok(create_topic(&brokers, &topic, n)),
        |r| r.map_err(error::kafka),
    )
}

/// Every message of `topic`, from the beginning to its current end, in
/// partition then offset order.
#[napi(catch_unwind, ts_return_type = "Promise<RecordOut[]>")]
pub fn kafka_read_topic<'env>(
    env: &'env Env,
    brokers: String,
    topic: String,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    spawn(
        env,
        ctx,
        move |_| Ok(read_topic(&brokers, &topic)),
        |r| {
            Ok(r.map_err(error::kafka)?
                .into_iter()
                .map(RecordOut::from)
                .collect::<Vec<_>>())
        },
    )
}

/// An idempotent producer of edge events to one topic.
#[napi]
#[derive(Debug)]
pub struct NativeKafkaProducer {
    p: Arc<Producer>,
}

#[napi]
impl NativeKafkaProducer {
    /// Creates the client (it connects in the background).
    #[napi(constructor, catch_unwind)]
    pub fn new(brokers: String, topic: String) -> Result<Self> {
        let p = Producer::new(&brokers, &topic).map_err(error::kafka)?;
        Ok(Self { p: Arc::new(p) })
    }

    /// The topic written to.
    #[napi(getter, catch_unwind)]
    pub fn topic(&self) -> String {
        self.p.topic().to_owned()
    }

    /// Queue `events` (checked first: all or none are queued), each keyed
    /// by its tenant; resolves with how many were queued.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn send<'env>(
        &self,
        env: &'env Env,
        batch: Vec<EdgeEventIn>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (es, p) = (events(batch)?, Arc::clone(&self.p));
        spawn(
            env,
            ctx,
            move |_| Ok(p.send_events(&es).map(|()| es.len())),
            |r| Ok(u32::try_from(r.map_err(error::kafka)?).unwrap_or(u32::MAX)),
        )
    }

    /// Wait until every queued message is acknowledged (60 s at most).
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn flush<'env>(&self, env: &'env Env, ctx: &RunContext) -> Result<Object<'env>> {
        let p = Arc::clone(&self.p);
        spawn(
            env,
            ctx,
            move |_| Ok(p.flush()),
            |r| r.map_err(error::kafka),
        )
    }
}

//! `ona produce`: deterministic edge events into a Kafka topic (tests and
//! demos), with malformed messages and duplicates on request.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ona_kafka::{Kind, Producer, Workload, WorkloadConfig, create_topic};

use super::Ctx;
use crate::error::{CliError, Result, UsageError};

/// Arguments of `ona produce`.
#[derive(Debug, Args)]
pub struct ProduceArgs {
    /// Bootstrap brokers (`host:port,...`).
    #[arg(long)]
    pub brokers: String,
    /// Topic (created with `--partitions` if missing, and `<topic>.dlq` with it).
    #[arg(long)]
    pub topic: String,
    /// Tenants (`t00`, `t01`, ...).
    #[arg(long, default_value_t = 50)]
    pub tenants: usize,
    /// Messages in all, malformed and duplicates included.
    #[arg(long, default_value_t = 200_000)]
    pub events: usize,
    /// Partitions of a newly created topic.
    #[arg(long, default_value_t = 6)]
    pub partitions: u32,
    /// Share of malformed messages (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub malformed: f64,
    /// Share of duplicates (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub duplicates: f64,
    /// Seed: the same seed gives the same messages.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// A Kafka failure as a CLI error (the CLI error type has no Kafka variant).
pub(crate) fn kafka_error(what: &str, e: ona_kafka::Error) -> CliError {
    CliError::Io { path: PathBuf::from(what), source: std::io::Error::other(e) }
}

/// Run `ona produce`: prints the counts and the model digest (what a
/// worker's engines must hold once everything is consumed).
pub fn run(args: &ProduceArgs, ctx: &Ctx) -> Result<()> {
    for (option, x) in [("malformed", args.malformed), ("duplicates", args.duplicates)] {
        if !(0.0..=1.0).contains(&x) {
            return Err(UsageError::BadValue { option, value: x.to_string(), expected: "a share between 0 and 1" }.into());
        }
    }
    if args.malformed + args.duplicates > 1.0 {
        return Err(UsageError::BadValue {
            option: "duplicates",
            value: args.duplicates.to_string(),
            expected: "malformed + duplicates at most 1",
        }
        .into());
    }
    let cfg = WorkloadConfig::default().size(args.tenants, args.events).faults(args.malformed, args.duplicates).seed(args.seed);
    let w = Workload::generate(&cfg);
    let brokers = &args.brokers;
    let partitions = create_topic(brokers, &args.topic, args.partitions).map_err(|e| kafka_error(brokers, e))?;
    create_topic(brokers, &format!("{}.dlq", args.topic), partitions).map_err(|e| kafka_error(brokers, e))?;
    let p = Producer::new(brokers, &args.topic).map_err(|e| kafka_error(brokers, e))?;
    let started = Instant::now();
    for (i, m) in w.messages.iter().enumerate() {
        if i % 10_000 == 0 && ctx.token.is_cancelled() {
            return Err(CliError::Core { context: "producing".into(), source: ona_core::Error::Cancelled });
        }
        p.send_raw(m.key.as_bytes(), &m.payload, None, None).map_err(|e| kafka_error(brokers, e))?;
    }
    p.flush().map_err(|e| kafka_error(brokers, e))?;
    let secs = started.elapsed().as_secs_f64();
    let count = |k: fn(&Kind) -> bool| w.messages.iter().filter(|m| k(&m.kind)).count();
    println!("topic           {} ({partitions} partitions)", args.topic);
    println!("messages        {}", w.messages.len());
    println!("valid           {}", count(|k| *k == Kind::Valid));
    println!("duplicates      {}", count(|k| *k == Kind::Duplicate));
    println!("malformed       {}", count(|k| matches!(k, Kind::Malformed(_))));
    println!("model edges     {}", w.model.edge_count());
    println!("model digest    {}", w.model.digest());
    ctx.note(format!("produced in {secs:.2} s ({:.0} messages/s)", w.messages.len() as f64 / secs.max(1e-9)));
    Ok(())
}

//! Integration tests against a real Kafka broker (`scripts/servers.sh start kafka`).

mod common;
mod crash;
mod small;

//! Integration tests against a real Neo4j (`scripts/test-neo4j.sh`).

mod common;
mod email;
mod errors;

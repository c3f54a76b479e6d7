//! Seeded synthetic graphs for tests, benchmarks and demos.
//!
//! (Named `generate`, not `gen`: `gen` is a reserved keyword in Rust 2024.)
//!
//! Pure computation: generators return edge arrays or a built
//! [`Graph`](crate::Graph), never touch files. Randomness comes only from
//! [`Exec::rng`](crate::Exec::rng) streams keyed by a logical index (an edge
//! chunk, a department), so the output depends on the seed and never on the
//! thread count.

mod org;
mod rmat;

pub use org::{OrgConfig, OrgEdges, ROLE_LIAISON, ROLE_MANAGER, ROLE_MEMBER, org, org_edges};
pub use rmat::{RmatConfig, rmat};

//! Every conversion between JS values and core types: numbers and option
//! strings checked into core configs, input arrays copied into owned
//! vectors (on the JS thread, so a job never touches JS memory), and results
//! handed to JS as typed arrays that take ownership of the vectors (no copy).
//!
//! Submodules: [`build`] (edge inputs), [`options`] (algorithm options into
//! core configs), [`results`] (typed arrays and result objects), [`store`]
//! (file options and result columns), [`engine`] (engine options, event
//! batches and engine results), [`adapters`] (cache, Neo4j and Kafka
//! arguments and results).
//!
//! The facade (`ts/`) has already rejected unknown option keys and
//! wrong JS types; what is checked here are values: integer counts,
//! finite numbers, the option strings.

use std::time::Duration;

pub mod adapters;
mod build;
pub mod engine;
pub mod ona;
pub mod ona_diff;
mod options;
mod results;
mod store;

pub use build::{
    Build, BuildOptions, Edges, WeightsIn, bigints, duplicate_policy, indexed, number_ids,
    self_loop_policy,
};
pub use options::*;
pub use results::*;
pub use store::{ReadEdgesOptions, ResultIn, result_columns, table_format};

use napi::bindgen_prelude::{BigInt, BigUint64Array, Float64Array};
use ona_core::graph::{ExternalId, IdMap};
use ona_core::{Graph, NodeId};

use crate::error::{self, Result};

// ------------------------------------------------------------------ numbers

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A non-negative integer JS number, as `u64`.
pub fn whole(name: &'static str, x: f64) -> Result<u64> {
    if x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x) {
        // Checked: an integer in [0, 2^53).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(x as u64)
    } else {
        Err(error::invalid(
            name,
            x,
            "a non-negative integer (at most 2^53 - 1)",
        ))
    }
}

/// A count that fits `u32`.
pub fn count(name: &'static str, x: f64) -> Result<u32> {
    u32::try_from(whole(name, x)?)
        .map_err(|_| error::invalid(name, x, "an integer from 0 to 4294967295"))
}

/// A count as `usize`.
pub fn size(name: &'static str, x: f64) -> Result<usize> {
    usize::try_from(whole(name, x)?).map_err(|_| error::invalid(name, x, "a smaller integer"))
}

/// Milliseconds, finite and non-negative.
pub fn duration_ms(ms: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(ms / 1000.0)
        .map_err(|_| error::invalid("timeout", ms, "finite, non-negative milliseconds"))
}

// ------------------------------------------------------------------ nodes and ids

/// A node index the facade resolved from an external id.
pub fn node(g: &Graph, index: u32) -> Result<NodeId> {
    g.node(u64::from(index)).map_err(error::core)
}

/// The kind of a graph's external ids: `"index"` (node `i` is `i`),
/// `"integer"` or `"string"`.
pub fn id_kind(g: &Graph) -> &'static str {
    match g.ids() {
        IdMap::Dense(_) => "index",
        IdMap::U64(_) => "integer",
        IdMap::Str { .. } => "string",
    }
}

fn unknown(id: impl std::fmt::Display) -> error::Error {
    error::core(ona_core::Error::UnknownNode { id: id.to_string() })
}

/// Index of integer id `id` (string-named graphs know no integers).
pub fn index_of_u64(g: &Graph, id: u64) -> Result<u32> {
    match g.ids() {
        IdMap::Str { .. } => Err(unknown(id)),
        ids => ids.lookup_u64(id).map(|v| v.0).ok_or_else(|| unknown(id)),
    }
}

/// Index of a JS number id.
pub fn index_of_number(g: &Graph, id: f64) -> Result<u32> {
    match whole("id", id) {
        Ok(id) => index_of_u64(g, id),
        Err(_) => Err(unknown(id)),
    }
}

/// Index of a BigInt id.
pub fn index_of_bigint(g: &Graph, id: &BigInt) -> Result<u32> {
    match id.get_u64() {
        (false, x, true) => index_of_u64(g, x),
        _ => Err(unknown(format!(
            "{}{:?}n",
            if id.sign_bit { "-" } else { "" },
            id.words
        ))),
    }
}

/// Index of string id `id` (integer-named graphs know no strings).
pub fn index_of_string(g: &Graph, id: &str) -> Result<u32> {
    match g.ids() {
        IdMap::Str { .. } => g
            .ids()
            .lookup_str(id)
            .map(|v| v.0)
            .ok_or_else(|| unknown(id)),
        _ => Err(unknown(format!("{id:?}"))),
    }
}

/// External ids as numbers (index and integer graphs).
pub fn ids_as_numbers(g: &Graph) -> Result<Float64Array> {
    // Integer ids came from JS numbers or BigInts; the facade asks for numbers
    // only when they came from numbers (so they are below 2^53 and exact).
    #[allow(clippy::cast_precision_loss)]
    let out = match g.ids() {
        IdMap::Dense(n) => (0..*n).map(f64::from).collect(),
        IdMap::U64(ids) => ids.iter().map(|&x| x as f64).collect(),
        IdMap::Str { .. } => {
            return Err(error::invalid("ids", "strings", "a graph with integer ids"));
        }
    };
    Ok(Float64Array::new(out))
}

/// External ids as `u64` (index and integer graphs).
pub fn ids_as_bigints(g: &Graph) -> Result<BigUint64Array> {
    let out = match g.ids() {
        IdMap::Dense(n) => (0..u64::from(*n)).collect(),
        IdMap::U64(ids) => ids.clone(),
        IdMap::Str { .. } => {
            return Err(error::invalid("ids", "strings", "a graph with integer ids"));
        }
    };
    Ok(BigUint64Array::new(out))
}

/// External ids as strings (integer ids in decimal).
pub fn ids_as_strings(g: &Graph) -> Vec<String> {
    match g.ids() {
        IdMap::Str { names, .. } => names.iter().map(|s| s.to_string()).collect(),
        ids => (0..ids.len())
            .filter_map(|i| u32::try_from(i).ok().and_then(|i| ids.external(NodeId(i))))
            .map(|e| match e {
                ExternalId::U64(x) => x.to_string(),
                ExternalId::Str(s) => s.to_owned(),
            })
            .collect(),
    }
}

//! Graph-building inputs, copied out of JS memory.

use napi::bindgen_prelude::{Float32Array, Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::{DuplicatePolicy, EdgeWeights, Exec, Graph, GraphBuilder, SelfLoopPolicy};

use super::{size, whole};
use crate::error::{self, Result};

// ------------------------------------------------------------------ building

/// Options of every graph build.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Directed (default `false`).
    pub directed: Option<bool>,
    /// Repeated edges: `"sum"` (default), `"max"`, `"first"` or `"error"`.
    pub duplicates: Option<String>,
    /// Self loops: `"keep"` (default), `"drop"` or `"error"`.
    pub self_loops: Option<String>,
}

/// One weight per edge row; at most one of the two arrays.
#[napi(object)]
pub struct WeightsIn {
    /// Double precision: the graph keeps `f64`.
    pub f64: Option<Float64Array>,
    /// Single precision: the graph keeps `f32` (half the memory).
    pub f32: Option<Float32Array>,
}

/// Owned weights.
#[derive(Debug)]
pub enum Weights {
    /// `f64` weights.
    F64(Vec<f64>),
    /// `f32` weights.
    F32(Vec<f32>),
}

/// Owned edge rows, by id kind.
#[derive(Debug)]
pub enum Edges {
    /// Node indices into `0..n`.
    Indexed {
        n: usize,
        src: Vec<u32>,
        dst: Vec<u32>,
    },
    /// Integer ids; nodes are the distinct ids, ascending.
    Ints {
        nodes: Vec<u64>,
        src: Vec<u64>,
        dst: Vec<u64>,
    },
    /// String ids; nodes in first-seen order.
    Strs {
        nodes: Vec<String>,
        src: Vec<String>,
        dst: Vec<String>,
    },
}

/// Everything a build needs, owned, ready to move to a worker thread.
#[derive(Debug)]
pub struct Build {
    builder: GraphBuilder,
    edges: Edges,
    weights: Option<Weights>,
}

impl Build {
    /// Copy the inputs out of JS memory.
    pub fn new(edges: Edges, weights: Option<WeightsIn>, opts: &BuildOptions) -> Result<Self> {
        let duplicates = match opts.duplicates.as_deref().unwrap_or("sum") {
            "sum" => DuplicatePolicy::Sum,
            "max" => DuplicatePolicy::Max,
            "first" => DuplicatePolicy::First,
            "error" => DuplicatePolicy::Error,
            other => {
                return Err(error::invalid(
                    "duplicates",
                    other,
                    "\"sum\", \"max\", \"first\" or \"error\"",
                ));
            }
        };
        let self_loops = match opts.self_loops.as_deref().unwrap_or("keep") {
            "keep" => SelfLoopPolicy::Keep,
            "drop" => SelfLoopPolicy::Drop,
            "error" => SelfLoopPolicy::Error,
            other => {
                return Err(error::invalid(
                    "selfLoops",
                    other,
                    "\"keep\", \"drop\" or \"error\"",
                ));
            }
        };
        let weights = match weights {
            None
            | Some(WeightsIn {
                f64: None,
                f32: None,
            }) => None,
            Some(WeightsIn {
                f64: Some(w),
                f32: None,
            }) => Some(Weights::F64(w.to_vec())),
            Some(WeightsIn {
                f64: None,
                f32: Some(w),
            }) => Some(Weights::F32(w.to_vec())),
            Some(_) => return Err(error::invalid("weight", "two arrays", "one weight array")),
        };
        let builder = GraphBuilder::with_direction(opts.directed.unwrap_or(false))
            .duplicates(duplicates)
            .self_loops(self_loops);
        Ok(Self {
            builder,
            edges,
            weights,
        })
    }

    /// Build the graph.
    pub fn run(&self, exec: &Exec) -> ona_core::Result<Graph> {
        let w = self.weights.as_ref().map(|w| match w {
            Weights::F64(w) => EdgeWeights::F64(w),
            Weights::F32(w) => EdgeWeights::F32(w),
        });
        match &self.edges {
            Edges::Indexed { n, src, dst } => self.builder.build(*n, src, dst, w, exec),
            Edges::Ints { nodes, src, dst } => self.builder.build_u64(nodes, src, dst, w, exec),
            Edges::Strs { nodes, src, dst } => self.builder.build_str(nodes, src, dst, w, exec),
        }
    }
}

/// Integer ids given as JS numbers.
pub fn number_ids(name: &'static str, ids: &[f64]) -> Result<Vec<u64>> {
    ids.iter().map(|&x| whole(name, x)).collect()
}

/// Edges between node indices `0..num_nodes`.
pub fn indexed(src: &Uint32Array, dst: &Uint32Array, num_nodes: f64) -> Result<Edges> {
    Ok(Edges::Indexed {
        n: size("numNodes", num_nodes)?,
        src: src.to_vec(),
        dst: dst.to_vec(),
    })
}

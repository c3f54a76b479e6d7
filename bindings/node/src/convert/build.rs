//! Graph-building inputs, copied out of JS memory.

use std::borrow::Cow;

use napi::bindgen_prelude::{BigUint64Array, Float32Array, Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::{DuplicatePolicy, EdgeWeights, Exec, Graph, GraphBuilder, SelfLoopPolicy};

use super::{size, whole};
use crate::error::{self, Result};

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

/// Weights, borrowed from JS memory or owned.
#[derive(Debug)]
pub enum Weights<'a> {
    /// `f64` weights.
    F64(Cow<'a, [f64]>),
    /// `f32` weights.
    F32(Cow<'a, [f32]>),
}

/// Edge rows by id kind, borrowed from JS memory or owned.
#[derive(Debug)]
pub enum Edges<'a> {
    /// Node indices into `0..n`.
    Indexed {
        n: usize,
        src: Cow<'a, [u32]>,
        dst: Cow<'a, [u32]>,
    },
    /// Integer ids; nodes are the distinct ids, ascending.
    Ints {
        nodes: Cow<'a, [u64]>,
        src: Cow<'a, [u64]>,
        dst: Cow<'a, [u64]>,
    },
    /// String ids (already copied out of JS strings); nodes in first-seen order.
    Strs {
        nodes: Vec<String>,
        src: Vec<String>,
        dst: Vec<String>,
    },
}

/// Everything a build needs.
///
/// A synchronous build reads the caller's typed arrays in place: the JS
/// thread is inside the call, so nothing can change or detach them. An
/// asynchronous one runs while JS goes on, so [`Build::into_owned`] first
/// copies them out (on the JS thread; about 0.1 s for 16 M edge rows here).
#[derive(Debug)]
pub struct Build<'a> {
    builder: GraphBuilder,
    edges: Edges<'a>,
    weights: Option<Weights<'a>>,
}

/// `duplicates`: `"sum"` (default), `"max"`, `"first"` or `"error"`.
pub fn duplicate_policy(s: Option<&str>) -> Result<DuplicatePolicy> {
    match s.unwrap_or("sum") {
        "sum" => Ok(DuplicatePolicy::Sum),
        "max" => Ok(DuplicatePolicy::Max),
        "first" => Ok(DuplicatePolicy::First),
        "error" => Ok(DuplicatePolicy::Error),
        other => Err(error::invalid(
            "duplicates",
            other,
            "\"sum\", \"max\", \"first\" or \"error\"",
        )),
    }
}

/// `selfLoops`: `"keep"` (default), `"drop"` or `"error"`.
pub fn self_loop_policy(s: Option<&str>) -> Result<SelfLoopPolicy> {
    match s.unwrap_or("keep") {
        "keep" => Ok(SelfLoopPolicy::Keep),
        "drop" => Ok(SelfLoopPolicy::Drop),
        "error" => Ok(SelfLoopPolicy::Error),
        other => Err(error::invalid(
            "selfLoops",
            other,
            "\"keep\", \"drop\" or \"error\"",
        )),
    }
}

fn owned<T: Clone>(c: Cow<'_, [T]>) -> Cow<'static, [T]> {
    Cow::Owned(c.into_owned())
}

impl<'a> Build<'a> {
    /// Check the options; borrows the inputs.
    pub fn new(
        edges: Edges<'a>,
        weights: Option<&'a WeightsIn>,
        opts: &BuildOptions,
    ) -> Result<Self> {
        let duplicates = duplicate_policy(opts.duplicates.as_deref())?;
        let self_loops = self_loop_policy(opts.self_loops.as_deref())?;
        let weights = match weights.map(|w| (&w.f64, &w.f32)) {
            None | Some((None, None)) => None,
            Some((Some(w), None)) => Some(Weights::F64(Cow::Borrowed(w))),
            Some((None, Some(w))) => Some(Weights::F32(Cow::Borrowed(w))),
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

    /// The same build with every input copied, to move to a worker thread.
    pub fn into_owned(self) -> Build<'static> {
        let edges = match self.edges {
            Edges::Indexed { n, src, dst } => Edges::Indexed {
                n,
                src: owned(src),
                dst: owned(dst),
            },
            Edges::Ints { nodes, src, dst } => Edges::Ints {
                nodes: owned(nodes),
                src: owned(src),
                dst: owned(dst),
            },
            Edges::Strs { nodes, src, dst } => Edges::Strs { nodes, src, dst },
        };
        let weights = self.weights.map(|w| match w {
            Weights::F64(w) => Weights::F64(owned(w)),
            Weights::F32(w) => Weights::F32(owned(w)),
        });
        Build {
            builder: self.builder,
            edges,
            weights,
        }
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
pub fn number_ids(name: &'static str, ids: &[f64]) -> Result<Cow<'static, [u64]>> {
    ids.iter()
        .map(|&x| whole(name, x))
        .collect::<Result<Vec<u64>>>()
        .map(Cow::Owned)
}

/// Edges between node indices `0..num_nodes`.
pub fn indexed<'a>(
    src: &'a Uint32Array,
    dst: &'a Uint32Array,
    num_nodes: f64,
) -> Result<Edges<'a>> {
    Ok(Edges::Indexed {
        n: size("numNodes", num_nodes)?,
        src: Cow::Borrowed(src),
        dst: Cow::Borrowed(dst),
    })
}

/// Edges between BigInt ids.
pub fn bigints<'a>(
    src: &'a BigUint64Array,
    dst: &'a BigUint64Array,
    nodes: Option<&'a BigUint64Array>,
) -> Edges<'a> {
    Edges::Ints {
        nodes: Cow::Borrowed(nodes.map_or(&[], |n| n)),
        src: Cow::Borrowed(src),
        dst: Cow::Borrowed(dst),
    }
}

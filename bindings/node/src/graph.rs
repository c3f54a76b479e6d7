//! The graph handle, its builders (async and `*Sync`, one pair per id kind)
//! and the seeded generators.

use std::sync::Arc;

use napi::bindgen_prelude::{
    BigInt, BigUint64Array, Env, Float64Array, Object, ObjectFinalize, Uint32Array,
};
use napi_derive::napi;
use ona_core::generate::{OrgConfig, RmatConfig, org, rmat};
use ona_core::{Graph, Scores};

use crate::convert::{self, AttributeOut, Build, BuildOptions, Edges, RmatOut, WeightsIn};
use crate::error::Result;
use crate::task::{RunContext, run_sync, spawn, spawn_with_env};

/// An immutable graph, shared by every call that uses it.
///
/// Its heap size is reported to V8 as external memory while the JS handle
/// lives, so the garbage collector feels the weight of graphs nobody uses.
/// A graph read from an engine also knows its version.
#[napi(custom_finalize)]
#[derive(Debug)]
pub struct NativeGraph {
    inner: Arc<Graph>,
    version: Option<u64>,
    reported: i64,
}

impl NativeGraph {
    /// Wrap a built graph, telling V8 how much memory it holds.
    pub fn new(env: &Env, g: Graph) -> Self {
        Self::from_shared(env, Arc::new(g), None)
    }
    /// Wrap a graph shared with an engine (the version it is, or was cut from).
    pub fn from_shared(env: &Env, g: Arc<Graph>, version: Option<u64>) -> Self {
        let reported = i64::try_from(g.memory_bytes()).unwrap_or(i64::MAX);
        // Advisory: a failed adjustment only makes the GC less informed.
        let reported = if env.adjust_external_memory(reported).is_ok() {
            reported
        } else {
            0
        };
        Self {
            inner: g,
            version,
            reported,
        }
    }
    /// The graph, for a job on another thread.
    pub fn shared(&self) -> Arc<Graph> {
        Arc::clone(&self.inner)
    }
}

impl ObjectFinalize for NativeGraph {
    fn finalize(self, env: Env) -> napi::Result<()> {
        env.adjust_external_memory(-self.reported).map(|_| ())
    }
}

#[napi]
impl NativeGraph {
    /// Nodes.
    #[napi(catch_unwind)]
    pub fn node_count(&self) -> u32 {
        // A graph never holds more than u32::MAX - 1 nodes.
        u32::try_from(self.inner.node_count()).unwrap_or(u32::MAX)
    }
    /// Edges, as NetworkX counts them.
    #[napi(catch_unwind)]
    pub fn edge_count(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // edge counts are far below 2^53
        let m = self.inner.edge_count() as f64;
        m
    }
    /// Self loops.
    #[napi(catch_unwind)]
    pub fn self_loop_count(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let m = self.inner.self_loop_count() as f64;
        m
    }
    /// The engine version this graph is (or, for a window, was cut from);
    /// `null` for a graph not read from an engine.
    #[napi(getter, catch_unwind)]
    pub fn version(&self) -> Option<f64> {
        // Versions count batches: far below 2^53.
        #[allow(clippy::cast_precision_loss)]
        let v = self.version.map(|v| v as f64);
        v
    }
    /// Whether edges have a direction.
    #[napi(catch_unwind)]
    pub fn is_directed(&self) -> bool {
        self.inner.is_directed()
    }
    /// Whether edges carry weights.
    #[napi(catch_unwind)]
    pub fn is_weighted(&self) -> bool {
        self.inner.is_weighted()
    }
    /// Heap bytes of the whole graph.
    #[napi(catch_unwind)]
    pub fn memory_bytes(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let b = self.inner.memory_bytes() as f64;
        b
    }
    /// `"index"`, `"integer"` or `"string"`.
    #[napi(catch_unwind)]
    pub fn id_kind(&self) -> &'static str {
        convert::id_kind(&self.inner)
    }
    /// External ids as numbers (index and integer graphs).
    #[napi(catch_unwind)]
    pub fn ids_as_numbers(&self) -> Result<Float64Array> {
        convert::ids_as_numbers(&self.inner)
    }
    /// External ids as BigInts (index and integer graphs).
    #[napi(catch_unwind)]
    pub fn ids_as_bigints(&self) -> Result<BigUint64Array> {
        convert::ids_as_bigints(&self.inner)
    }
    /// External ids as strings.
    #[napi(catch_unwind)]
    pub fn ids_as_strings(&self) -> Vec<String> {
        convert::ids_as_strings(&self.inner)
    }
    /// Index of a number id (`ONA_UNKNOWN_NODE` if absent).
    #[napi(catch_unwind)]
    pub fn index_of_number(&self, id: f64) -> Result<u32> {
        convert::index_of_number(&self.inner, id)
    }
    /// Index of a BigInt id.
    #[napi(catch_unwind)]
    pub fn index_of_bigint(&self, id: BigInt) -> Result<u32> {
        convert::index_of_bigint(&self.inner, &id)
    }
    /// Index of a string id.
    #[napi(catch_unwind)]
    pub fn index_of_string(&self, id: String) -> Result<u32> {
        convert::index_of_string(&self.inner, &id)
    }
    /// Names of the categorical node attributes.
    #[napi(catch_unwind)]
    pub fn attribute_names(&self) -> Vec<String> {
        self.inner.attributes().names().map(str::to_owned).collect()
    }
    /// Categorical attribute `name`, if the graph has it.
    #[napi(catch_unwind)]
    pub fn attribute(&self, name: String) -> Option<AttributeOut> {
        self.inner.attributes().get(&name).map(|col| AttributeOut {
            codes: Uint32Array::new(col.codes().to_vec()),
            values: col.dictionary().iter().map(|s| s.to_string()).collect(),
        })
    }
}

/// The `k` highest values, best first (ties: lower index), as node indices.
#[napi(catch_unwind)]
pub fn top_k(values: Float64Array, k: f64) -> Result<Uint32Array> {
    let k = convert::size("k", k)?;
    let top = Scores(values.to_vec()).top_k(k);
    Ok(Uint32Array::new(
        top.into_iter().map(|(v, _)| v.0).collect(),
    ))
}

/// A graph result as a JS handle.
pub fn built(env: &Env, g: Graph) -> Result<NativeGraph> {
    Ok(NativeGraph::new(env, g))
}

macro_rules! builders {
    ($doc:literal, $async_name:ident, $sync_name:ident, ($($arg:ident: $ty:ty),*), $edges:expr) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = "The inputs are copied first (on the JS thread), then built on the pool."]
        #[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
        pub fn $async_name<'env>(
            env: &'env Env, $($arg: $ty,)* weights: Option<WeightsIn>, opts: BuildOptions, ctx: &RunContext,
        ) -> Result<Object<'env>> {
            let build = Build::new($edges, weights.as_ref(), &opts)?.into_owned();
            spawn_with_env(env, ctx, move |exec| build.run(exec), built)
        }

        #[doc = $doc]
        #[doc = ""]
        #[doc = "Synchronous: reads the inputs in place, blocks the JS thread for the whole build."]
        #[napi(catch_unwind)]
        pub fn $sync_name(
            env: &Env, $($arg: $ty,)* weights: Option<WeightsIn>, opts: BuildOptions,
        ) -> Result<NativeGraph> {
            let build = Build::new($edges, weights.as_ref(), &opts)?;
            run_sync(|exec| build.run(exec)).map(|g| NativeGraph::new(env, g))
        }
    };
}

builders!(
    "Edges between node indices `0..numNodes` (every one of them a node).",
    build_indexed, build_indexed_sync,
    (src: Uint32Array, dst: Uint32Array, num_nodes: f64),
    convert::indexed(&src, &dst, num_nodes)?
);

builders!(
    "Edges between integer ids given as JS numbers; the nodes are the distinct ids of `nodes`, `src` and `dst`, ascending.",
    build_number_ids, build_number_ids_sync,
    (src: Float64Array, dst: Float64Array, nodes: Option<Float64Array>),
    Edges::Ints {
        nodes: convert::number_ids("nodes", nodes.as_deref().unwrap_or_default())?,
        src: convert::number_ids("src", &src)?,
        dst: convert::number_ids("dst", &dst)?,
    }
);

builders!(
    "Edges between integer ids given as BigInts (the full `u64` range).",
    build_bigint_ids, build_bigint_ids_sync,
    (src: BigUint64Array, dst: BigUint64Array, nodes: Option<BigUint64Array>),
    convert::bigints(&src, &dst, nodes.as_ref())
);

builders!(
    "Edges between string ids; nodes numbered in first-seen order over `nodes`, then the edge rows.",
    build_string_ids, build_string_ids_sync,
    (src: Vec<String>, dst: Vec<String>, nodes: Option<Vec<String>>),
    Edges::Strs { nodes: nodes.unwrap_or_default(), src, dst }
);

/// Options of [`generate_org`].
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct OrgOptions {
    /// People (default 1000).
    pub people: Option<f64>,
    /// Mean ties per person to other departments (default 0.05).
    pub cross_ties: Option<f64>,
    /// Mean ties per person to other teams of the department (default 2).
    pub department_ties: Option<f64>,
    /// Probability that two team members collaborate (default 0.8).
    pub team_density: Option<f64>,
}

/// A seeded synthetic organisation: undirected, weighted, people named
/// `p000000`, ..., with `department`, `team` and `role` attributes.
#[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
pub fn generate_org<'env>(
    env: &'env Env,
    opts: OrgOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let d = OrgConfig::default();
    let cfg = OrgConfig::new(
        opts.people
            .map(|p| convert::size("people", p))
            .transpose()?
            .unwrap_or(d.people),
    )
    .cross_ties(opts.cross_ties.unwrap_or(d.cross_ties))
    .department_ties(opts.department_ties.unwrap_or(d.department_ties))
    .team_density(opts.team_density.unwrap_or(d.team_density));
    spawn_with_env(env, ctx, move |exec| org(&cfg, exec), built)
}

/// Options of [`generate_rmat`].
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct RmatOptions {
    /// `log2` of the node count (required).
    pub scale: f64,
    /// Edge rows per node (default 16).
    pub edge_factor: Option<f64>,
}

/// A seeded Graph500 R-MAT edge list (duplicates and self loops included).
#[napi(catch_unwind, ts_return_type = "Promise<RmatOut>")]
pub fn generate_rmat<'env>(
    env: &'env Env,
    opts: RmatOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let mut cfg = RmatConfig::new(convert::count("scale", opts.scale)?);
    if let Some(f) = opts.edge_factor {
        cfg = cfg.edge_factor(convert::count("edgeFactor", f)?);
    }
    spawn(
        env,
        ctx,
        move |exec| rmat(&cfg, exec),
        |(n, src, dst)| {
            // 2^scale with scale <= 31.
            #[allow(clippy::cast_precision_loss)]
            let num_nodes = n as f64;
            Ok(RmatOut {
                num_nodes,
                src: Uint32Array::new(src),
                dst: Uint32Array::new(dst),
            })
        },
    )
}

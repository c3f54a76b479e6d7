//! [`NativeNeo4j`]: a shim over `ona-neo4j` — connect, project a graph with
//! two Cypher queries (the existing graph handle, with its version), write
//! per-node results back as node properties, run Cypher. Every call runs on
//! the addon's pool (a Promise): the driver blocks its thread on the server.

use std::sync::Arc;

use napi::Either;
use napi::bindgen_prelude::{Env, Float64Array, Object, Uint32Array, Unknown};
use napi_derive::napi;
use ona_core::{Partition, Scores};
use ona_neo4j::{
    Neo4j, ProjectionConfig, ProjectionQuery, project, write_node_property, write_partition,
};

use crate::convert::adapters::{
    CountsOut, CypherOut, Neo4jOptions, U64Out, WriteOptions, WriteOut, counts, params, rows,
    u64_out,
};
use crate::error::{self, Result};
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn, spawn_with_env};

/// A projected graph, its version and what was read.
#[napi(object, object_from_js = false)]
pub struct ProjectionOut {
    pub graph: NativeGraph,
    /// The first 8 bytes of the version hash, as an integer.
    #[napi(ts_type = "number | bigint")]
    pub version: U64Out,
    /// 16 hex digits of the version hash.
    pub version_key: String,
    pub counts: CountsOut,
}

/// A connection to Neo4j (a small pool), shared by every call on it.
#[napi(js_name = "NativeNeo4j")]
#[derive(Debug)]
pub struct NativeNeo4j {
    conn: Arc<Neo4j>,
}

/// Run `job` with the connection on the pool; its error keeps the adapter's code.
fn spawn_conn<'env, T: Send + 'static, J: napi::bindgen_prelude::ToNapiValue + 'static>(
    env: &'env Env,
    ctx: &RunContext,
    conn: &Arc<Neo4j>,
    job: impl FnOnce(&Neo4j, &ona_core::Exec) -> ona_neo4j::Result<T> + Send + 'static,
    to_js: impl FnOnce(&Env, T) -> Result<J> + Send + 'static,
) -> Result<Object<'env>> {
    let conn = Arc::clone(conn);
    spawn_with_env(
        env,
        ctx,
        move |exec| Ok(job(&conn, exec)),
        move |env, r| to_js(env, r.map_err(error::neo4j)?),
    )
}

#[napi]
impl NativeNeo4j {
    /// Connect and check the session (`RETURN 1`).
    #[napi(catch_unwind, ts_return_type = "Promise<NativeNeo4j>")]
    pub fn connect<'env>(
        env: &'env Env,
        opts: Neo4jOptions,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let cfg = opts.config()?;
        spawn(
            env,
            ctx,
            move |_| Ok(Neo4j::connect(&cfg)),
            |r| {
                Ok(NativeNeo4j {
                    conn: Arc::new(r.map_err(error::neo4j)?),
                })
            },
        )
    }

    /// The Bolt URI.
    #[napi(getter, catch_unwind)]
    pub fn uri(&self) -> String {
        self.conn.config().get_uri().to_owned()
    }

    /// Project a graph: `nodes` returns `id` and attribute columns,
    /// `relationships` returns `src`, `dst`, optionally `weight` and `timestamp`.
    #[napi(catch_unwind, ts_return_type = "Promise<ProjectionOut>")]
    pub fn project<'env>(
        &self,
        env: &'env Env,
        nodes: String,
        relationships: String,
        query_params: Option<Unknown<'_>>,
        directed: Option<bool>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let q = ProjectionQuery {
            nodes,
            relationships,
            params: params(query_params)?,
        };
        let cfg = ProjectionConfig::default().directed(directed.unwrap_or(true));
        spawn_conn(
            env,
            ctx,
            &self.conn,
            move |c, exec| project(c, &q, &cfg, exec),
            |env, p| {
                Ok(ProjectionOut {
                    version: u64_out(p.version.as_u64()),
                    version_key: p.version.key(),
                    counts: counts(&p.version),
                    graph: NativeGraph::new(env, p.graph),
                })
            },
        )
    }

    /// Write one value per node of `graph` as property `property`: floats
    /// from a `Float64Array`, integers (a partition) from a `Uint32Array`.
    #[napi(catch_unwind, ts_return_type = "Promise<WriteOut>")]
    pub fn write<'env>(
        &self,
        env: &'env Env,
        graph: &NativeGraph,
        property: String,
        values: Either<Float64Array, Uint32Array>,
        opts: Option<WriteOptions>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let cfg = opts.unwrap_or_default().config()?;
        let g = graph.shared();
        let values = match values {
            Either::A(f) => Either::A(Scores(f.to_vec())),
            Either::B(p) => Either::B(Partition(p.to_vec())),
        };
        spawn_conn(
            env,
            ctx,
            &self.conn,
            move |c, _| match &values {
                Either::A(s) => write_node_property(c, &g, &property, s, &cfg),
                Either::B(p) => write_partition(c, &g, &property, p, &cfg),
            },
            |_, r| Ok(WriteOut::from(r)),
        )
    }

    /// Run a statement in its own transaction, discarding its rows.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn run<'env>(
        &self,
        env: &'env Env,
        cypher: String,
        query_params: Option<Unknown<'_>>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let p = params(query_params)?;
        spawn_conn(
            env,
            ctx,
            &self.conn,
            move |c, _| c.run(&cypher, &p),
            |_, ()| Ok(()),
        )
    }

    /// Run a query and collect its rows as plain objects.
    #[napi(catch_unwind, ts_return_type = "Promise<Record<string, unknown>[]>")]
    pub fn rows<'env>(
        &self,
        env: &'env Env,
        cypher: String,
        query_params: Option<Unknown<'_>>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let p = params(query_params)?;
        spawn_conn(
            env,
            ctx,
            &self.conn,
            move |c, _| c.rows(&cypher, &p),
            |_, r| Ok::<Vec<CypherOut>, _>(rows(r)),
        )
    }
}

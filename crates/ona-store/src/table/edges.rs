//! The edge table (and optional node table) into a [`Graph`]: every batch
//! checked and converted as it is decoded, then one [`GraphBuilder`] call.

use std::path::Path;

use arrow::array::{Array, RecordBatch, StringArray};
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use rayon::prelude::*;

use super::columns::{EdgeColumns, edge_columns, position};
use super::ids::{At, Ids, id_column};
use super::nodes::{NodeTable, read_nodes};
use super::options::{EdgeOptions, TableFormat};
use super::source::Table;
use super::weights::weight_column;
use crate::error::{Error, Result};

/// Read the edge table at `edges` (and the node table at `nodes`), each in
/// the format its extension or content names, into a graph under the
/// [input policy](super).
///
/// Parallelism: Parquet row groups are decoded and checked in parallel;
/// the build runs in `exec`'s pool.
///
/// Errors: [`Error::Io`] (a file cannot be opened), [`Error::Format`] (a
/// decoder failed, including invalid UTF-8 in CSV), [`Error::Input`] (a
/// value or column breaks the policy; with the row and column),
/// [`Error::Graph`] (a duplicate edge or self loop refused by the options'
/// policy, with the row; too many nodes; cancellation).
pub fn read_graph(
    edges: &Path,
    nodes: Option<&Path>,
    opts: &EdgeOptions,
    exec: &Exec,
) -> Result<Graph> {
    let edge_table = Table::open(edges, TableFormat::from_path(edges)?)?;
    let node_table = match nodes {
        Some(p) => Some(Table::open(p, TableFormat::from_path(p)?)?),
        None => None,
    };
    build(edge_table, node_table, opts, exec)
}

/// [`read_graph`] on record batches already in memory (e.g. from Python),
/// named `name` in errors. The first batch's schema chooses the columns; no
/// batches at all means no edges.
pub fn read_graph_batches(
    name: &str,
    edges: impl IntoIterator<Item = RecordBatch>,
    nodes: Option<&[RecordBatch]>,
    opts: &EdgeOptions,
    exec: &Exec,
) -> Result<Graph> {
    let edge_table = Table::memory(name, edges);
    let node_table = nodes.map(|b| Table::memory(&format!("{name} (nodes)"), b.iter().cloned()));
    build(edge_table, node_table, opts, exec)
}

/// One batch's edges.
struct EdgeChunk {
    src: Ids,
    dst: Ids,
    weights: Option<Vec<f64>>,
}

/// Of several failures, the one at the earliest row (row-less ones first).
fn earliest(errors: impl IntoIterator<Item = Error>) -> Option<Error> {
    errors.into_iter().min_by_key(|e| match e {
        Error::Input { row, .. } => row.map_or(0, |r| r + 1),
        _ => 0,
    })
}

fn convert<'a>(
    name: &'a str,
    cols: &'a EdgeColumns,
    projection: &[usize],
    row0: u64,
    batch: &RecordBatch,
) -> Result<EdgeChunk> {
    let at = |c: &'a str| At {
        source: name,
        column: c,
    };
    let column = |index: usize| batch.column(position(projection, index));
    let (src, dst) = rayon::join(
        || id_column(column(cols.src.index), row0, at(&cols.src.name)),
        || id_column(column(cols.dst.index), row0, at(&cols.dst.name)),
    );
    let weights = cols
        .weight
        .as_ref()
        .map(|w| weight_column(column(w.index), row0, at(&w.name)))
        .transpose();
    match (src, dst, weights) {
        (Ok(src), Ok(dst), Ok(weights)) => Ok(EdgeChunk { src, dst, weights }),
        (s, d, w) => Err(earliest([s.err(), d.err(), w.err()].into_iter().flatten())
            .unwrap_or_else(|| Error::Format {
                source_name: name.into(),
                reason: "conversion failed".into(),
            })),
    }
}

/// Every edge row, checked and converted.
fn read_edges(table: Table<'_>, opts: &EdgeOptions, exec: &Exec) -> Result<(Vec<EdgeChunk>, bool)> {
    if table.schema.fields().is_empty() && table.is_memory() {
        return Ok((Vec::new(), false));
    }
    let cols = edge_columns(&table.name, &table.schema, opts)?;
    let projection = cols.projection();
    let name = table.name.clone();
    let chunks = table.read(&projection, exec, |row0, batch| {
        convert(&name, &cols, &projection, row0, batch)
    })?;
    Ok((chunks, cols.weight.is_some()))
}

/// The parts end to end, copied in parallel into one vector.
fn concat<T: Copy + Default + Send + Sync>(parts: &[&[T]]) -> Vec<T> {
    let total = parts.iter().map(|p| p.len()).sum();
    // Zeroed allocations come from the OS untouched; the copies fault the
    // pages in, on every thread at once.
    let mut out = vec![T::default(); total];
    let mut rest = out.as_mut_slice();
    let mut pairs = Vec::with_capacity(parts.len());
    for p in parts {
        let (head, tail) = rest.split_at_mut(p.len());
        pairs.push((head, *p));
        rest = tail;
    }
    pairs
        .into_par_iter()
        .for_each(|(to, from)| to.copy_from_slice(from));
    out
}

/// Integer ids as slices (text parts, absent once ids are known to be
/// integers, yield nothing).
fn int_slices(parts: &[Ids]) -> Vec<&[u64]> {
    parts
        .iter()
        .map(|p| if let Ids::Int(v) = p { &v[..] } else { &[][..] })
        .collect()
}

/// All ids as text arrays (integers rendered in decimal).
fn texts(parts: Vec<Ids>) -> Vec<StringArray> {
    parts.into_iter().map(Ids::into_text).collect()
}

/// Borrowed `&str`s over text arrays, in row order.
fn strs(arrays: &[StringArray]) -> Vec<&str> {
    let total = arrays.iter().map(|a| a.len()).sum();
    let mut out = Vec::with_capacity(total);
    for a in arrays {
        out.extend(a.iter().map(|s| s.unwrap_or("")));
    }
    out
}

fn build(
    edges: Table<'_>,
    nodes: Option<Table<'_>>,
    opts: &EdgeOptions,
    exec: &Exec,
) -> Result<Graph> {
    let (chunks, weighted) = read_edges(edges, opts, exec)?;
    let nodes: Option<NodeTable> = nodes.map(|t| read_nodes(t, opts, exec)).transpose()?;
    let mut src = Vec::with_capacity(chunks.len());
    let mut dst = Vec::with_capacity(chunks.len());
    let mut weight_parts = Vec::with_capacity(chunks.len());
    for c in chunks {
        src.push(c.src);
        dst.push(c.dst);
        weight_parts.extend(c.weights);
    }
    let weights =
        exec.install(|| concat(&weight_parts.iter().map(Vec::as_slice).collect::<Vec<_>>()));
    drop(weight_parts);
    let all_int =
        src.iter().chain(&dst).all(Ids::is_int) && nodes.as_ref().is_none_or(NodeTable::is_int);
    let w = weighted.then_some(EdgeWeights::F64(&weights));
    let builder = GraphBuilder::with_direction(opts.directed)
        .duplicates(opts.duplicates)
        .self_loops(opts.self_loops);
    let mut graph = if all_int {
        let node_ids = match &nodes {
            Some(n) => n.int_ids()?,
            None => Vec::new(),
        };
        let (s, d) = exec
            .install(|| rayon::join(|| concat(&int_slices(&src)), || concat(&int_slices(&dst))));
        drop((src, dst));
        let (src, dst) = (s, d);
        builder.build_u64(&node_ids, &src, &dst, w, exec)?
    } else {
        let node_text = nodes.as_ref().map(NodeTable::text_ids).unwrap_or_default();
        let node_ids = strs(&node_text);
        if let Some(n) = &nodes {
            n.check_distinct(&node_ids)?;
        }
        let (src, dst) = (texts(src), texts(dst));
        builder.build_str(&node_ids, &strs(&src), &strs(&dst), w, exec)?
    };
    if let Some(n) = nodes {
        n.attach(&mut graph, all_int)?;
    }
    Ok(graph)
}

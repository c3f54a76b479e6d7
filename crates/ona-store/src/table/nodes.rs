//! The node table: an id column (its ids join the graph, so isolated nodes
//! exist) and categorical attributes, one per other column.

use std::collections::HashMap;

use arrow::array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use ona_core::graph::Categorical;
use ona_core::{Exec, Graph, NodeId};

use super::columns::{Col, node_id_column};
use super::ids::{At, Ids, as_utf8, id_column, is_text_type};
use super::options::EdgeOptions;
use super::source::{Table, format_error};
use crate::error::{Error, Result};

/// A node table, read and checked.
#[derive(Debug)]
pub(crate) struct NodeTable {
    name: String,
    id: String,
    /// Ids, one entry per batch.
    ids: Vec<Ids>,
    /// Attribute names and values per row (`None` = missing).
    attrs: Vec<(String, Vec<Option<Box<str>>>)>,
}

/// One batch: ids and, per attribute column, the values.
type NodeChunk = (Ids, Vec<Vec<Option<Box<str>>>>);

/// Values of an attribute column as text: Arrow's display for non-text
/// types; null and the empty string are missing.
fn render(array: &ArrayRef, source: &str) -> Result<Vec<Option<Box<str>>>> {
    let value = |s: &str| (!s.is_empty()).then(|| Box::<str>::from(s));
    if is_text_type(array.data_type()) {
        let a = as_utf8(array, source)?;
        return Ok(a.iter().map(|s| s.and_then(value)).collect());
    }
    let options = FormatOptions::default();
    let f =
        ArrayFormatter::try_new(array.as_ref(), &options).map_err(|e| format_error(source, e))?;
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                None
            } else {
                value(&f.value(i).to_string())
            }
        })
        .collect())
}

fn convert(name: &str, id: &Col, row0: u64, batch: &RecordBatch) -> Result<NodeChunk> {
    let ids = id_column(
        batch.column(id.index),
        row0,
        At {
            source: name,
            column: &id.name,
        },
    )?;
    let mut values = Vec::with_capacity(batch.num_columns().saturating_sub(1));
    for (c, array) in batch.columns().iter().enumerate() {
        if c != id.index {
            values.push(render(array, name)?);
        }
    }
    Ok((ids, values))
}

/// Read every row of a node table.
pub(crate) fn read_nodes(table: Table<'_>, opts: &EdgeOptions, exec: &Exec) -> Result<NodeTable> {
    let name = table.name.clone();
    if table.schema.fields().is_empty() && table.is_memory() {
        return Ok(NodeTable {
            name,
            id: String::new(),
            ids: Vec::new(),
            attrs: Vec::new(),
        });
    }
    let id = node_id_column(&name, &table.schema, opts)?;
    let mut attrs: Vec<(String, Vec<Option<Box<str>>>)> = table
        .schema
        .fields()
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != id.index)
        .map(|(_, f)| (f.name().clone(), Vec::new()))
        .collect();
    let all: Vec<usize> = (0..table.schema.fields().len()).collect();
    let chunks = table.read(&all, exec, |row0, batch| convert(&name, &id, row0, batch))?;
    let mut ids = Vec::with_capacity(chunks.len());
    for (chunk_ids, values) in chunks {
        ids.push(chunk_ids);
        for (slot, v) in attrs.iter_mut().zip(values) {
            slot.1.extend(v);
        }
    }
    Ok(NodeTable {
        name,
        id: id.name,
        ids,
        attrs,
    })
}

impl NodeTable {
    /// Whether every id is an integer.
    pub fn is_int(&self) -> bool {
        self.ids.iter().all(Ids::is_int)
    }

    fn duplicate(&self, row: usize, first: usize, id: impl std::fmt::Display) -> Error {
        Error::Input {
            source_name: self.name.clone(),
            row: Some(row as u64),
            column: Some(self.id.clone()),
            reason: format!("node id {id} appears again (first at row {first})"),
        }
    }

    /// The ids as integers (all must be), checked distinct.
    pub fn int_ids(&self) -> Result<Vec<u64>> {
        let ids: Vec<u64> = self
            .ids
            .iter()
            .flat_map(|p| if let Ids::Int(v) = p { &v[..] } else { &[] })
            .copied()
            .collect();
        let mut seen = HashMap::with_capacity(ids.len());
        for (row, &x) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(x, row) {
                return Err(self.duplicate(row, first, x));
            }
        }
        Ok(ids)
    }

    /// The ids as text arrays (integers in decimal).
    pub fn text_ids(&self) -> Vec<StringArray> {
        self.ids
            .iter()
            .map(|p| match p {
                Ids::Int(v) => StringArray::from_iter_values(v.iter().map(u64::to_string)),
                Ids::Str(a) => a.clone(),
            })
            .collect()
    }

    /// Check that the text ids are distinct.
    pub fn check_distinct(&self, ids: &[&str]) -> Result<()> {
        let mut seen = HashMap::with_capacity(ids.len());
        for (row, &s) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(s, row) {
                return Err(self.duplicate(row, first, format!("{s:?}")));
            }
        }
        Ok(())
    }

    /// Attach every attribute column to `graph`, whose ids came from this
    /// table (as integers when `int_ids`) and the edges.
    pub fn attach(self, graph: &mut Graph, int_ids: bool) -> Result<()> {
        let nodes: Vec<Option<NodeId>> = if int_ids {
            let ids = graph.ids();
            self.ids
                .iter()
                .flat_map(|p| if let Ids::Int(v) = p { &v[..] } else { &[] })
                .map(|&x| ids.lookup_u64(x))
                .collect()
        } else {
            let text = self.text_ids();
            let ids = graph.ids();
            text.iter()
                .flat_map(|a| a.iter())
                .map(|s| ids.lookup_str(s.unwrap_or("")))
                .collect()
        };
        let n = graph.node_count();
        for (name, values) in &self.attrs {
            let mut column: Vec<Option<&str>> = vec![None; n];
            for (v, value) in nodes.iter().zip(values) {
                if let Some(v) = v {
                    column[v.index()] = value.as_deref();
                }
            }
            graph.set_categorical(name, Categorical::from_values(&column)?)?;
        }
        Ok(())
    }
}

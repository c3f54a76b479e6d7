//! Arguments of the file exports: edge-table options, result columns and
//! table formats, checked and copied on the JS thread.

use std::path::Path;

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use ona_store::table::{EdgeOptions, ResultColumn, TableFormat, WeightColumn};

use super::{duplicate_policy, self_loop_policy};
use crate::error::{self, Result};

/// Options of `readEdges` (the facade has checked the keys and types).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ReadEdgesOptions {
    /// A node table file (ids, then categorical attribute columns).
    pub nodes: Option<String>,
    /// Directed (default `false`).
    pub directed: Option<bool>,
    /// Source column (default `source` / `src` / `from`, else the first).
    pub source: Option<String>,
    /// Target column (default `target` / `dst` / `to`, else the next).
    pub target: Option<String>,
    /// Weight column (default: one called `weight` if there is one).
    pub weight: Option<String>,
    /// Read no weights at all.
    pub unweighted: Option<bool>,
    /// The node table's id column (default `id` / `node`, else the first).
    pub node_id: Option<String>,
    /// Repeated edges: `"sum"` (default), `"max"`, `"first"` or `"error"`.
    pub duplicates: Option<String>,
    /// Self loops: `"keep"` (default), `"drop"` or `"error"`.
    pub self_loops: Option<String>,
}

impl ReadEdgesOptions {
    /// The table reader's options.
    pub fn edge_options(&self) -> Result<EdgeOptions> {
        let mut opts = EdgeOptions::default()
            .directed(self.directed.unwrap_or(false))
            .duplicates(duplicate_policy(self.duplicates.as_deref())?)
            .self_loops(self_loop_policy(self.self_loops.as_deref())?);
        opts.source.clone_from(&self.source);
        opts.target.clone_from(&self.target);
        opts.node_id.clone_from(&self.node_id);
        opts.weight = match (&self.weight, self.unweighted.unwrap_or(false)) {
            (Some(_), true) => {
                return Err(error::invalid(
                    "weight",
                    "a column and unweighted",
                    "one of the two",
                ));
            }
            (_, true) => WeightColumn::None,
            (Some(w), false) => WeightColumn::Named(w.clone()),
            (None, false) => WeightColumn::Auto,
        };
        Ok(opts)
    }
}

/// One result column of `writeResults`: a name and exactly one array.
#[napi(object)]
pub struct ResultIn {
    /// Column name (not `id`).
    pub name: String,
    /// Scores, written as `Float64`.
    pub f64: Option<Float64Array>,
    /// Labels and counts, written as `UInt32`.
    pub u32: Option<Uint32Array>,
}

/// A result column copied off the JS heap.
#[derive(Debug)]
pub enum ResultValues {
    /// `Float64`.
    F64(Vec<f64>),
    /// `UInt32`.
    U32(Vec<u32>),
}

/// Copy `columns` so a job on another thread can write them.
pub fn result_columns(columns: &[ResultIn]) -> Result<Vec<(String, ResultValues)>> {
    columns
        .iter()
        .map(|c| match (&c.f64, &c.u32) {
            (Some(v), None) => Ok((c.name.clone(), ResultValues::F64(v.to_vec()))),
            (None, Some(v)) => Ok((c.name.clone(), ResultValues::U32(v.to_vec()))),
            _ => Err(error::invalid(
                "columns",
                &c.name,
                "exactly one array per column",
            )),
        })
        .collect()
}

impl ResultValues {
    /// The column as `ona-store` takes it.
    pub fn column(&self) -> ResultColumn<'_> {
        match self {
            Self::F64(v) => ResultColumn::F64(v),
            Self::U32(v) => ResultColumn::U32(v),
        }
    }
}

/// A table format: `format` (`"parquet"`, `"arrow"`, `"csv"`, `"tsv"`) if
/// given, else by the extension of `path`.
pub fn table_format(path: &Path, format: Option<&str>) -> Result<TableFormat> {
    match format {
        Some("parquet") => Ok(TableFormat::Parquet),
        Some("arrow" | "ipc" | "feather") => Ok(TableFormat::ArrowIpc),
        Some("csv") => Ok(TableFormat::Csv),
        Some("tsv") => Ok(TableFormat::Tsv),
        Some(other) => Err(error::invalid("format", other, "\"parquet\", \"arrow\", \"csv\" or \"tsv\"")),
        None => TableFormat::from_extension(path).ok_or_else(|| {
            error::invalid(
                "format",
                path.display(),
                "a path ending in .parquet, .arrow, .ipc, .feather, .csv or .tsv, or a format option",
            )
        }),
    }
}

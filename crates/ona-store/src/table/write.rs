//! Per-node results (scores, partitions, counts) as a table: an `id` column
//! in the graph's external ids, then one column per metric.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Float32Array, Float64Array, Int64Array, RecordBatch, StringArray, UInt32Array,
    UInt64Array,
};
use arrow::datatypes::{Field, Schema};
use ona_core::IdMap;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::options::TableFormat;
use super::source::format_error;
use crate::error::{Error, Result};

/// Rows per batch in Arrow IPC and CSV output.
const WRITE_ROWS: usize = 1 << 20;

/// One metric column, one value per node (indexed by `NodeId`).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ResultColumn<'a> {
    /// Scores (`Scores::as_slice()`), written as `Float64`.
    F64(&'a [f64]),
    /// Single-precision values, written as `Float32`.
    F32(&'a [f32]),
    /// Community labels, core numbers, ..., written as `UInt32`.
    U32(&'a [u32]),
    /// Counts, written as `UInt64`.
    U64(&'a [u64]),
    /// Signed values, written as `Int64`.
    I64(&'a [i64]),
}

impl ResultColumn<'_> {
    fn len(&self) -> usize {
        match self {
            Self::F64(v) => v.len(),
            Self::F32(v) => v.len(),
            Self::U32(v) => v.len(),
            Self::U64(v) => v.len(),
            Self::I64(v) => v.len(),
        }
    }
    fn to_array(self) -> ArrayRef {
        match self {
            Self::F64(v) => Arc::new(Float64Array::from(v.to_vec())),
            Self::F32(v) => Arc::new(Float32Array::from(v.to_vec())),
            Self::U32(v) => Arc::new(UInt32Array::from(v.to_vec())),
            Self::U64(v) => Arc::new(UInt64Array::from(v.to_vec())),
            Self::I64(v) => Arc::new(Int64Array::from(v.to_vec())),
        }
    }
}

/// The ids of `ids` as an Arrow column: `UInt64` for integer (and dense)
/// ids, `Utf8` for string ids.
fn id_array(ids: &IdMap) -> ArrayRef {
    match ids {
        IdMap::Dense(n) => Arc::new(UInt64Array::from_iter_values(0..u64::from(*n))),
        IdMap::U64(v) => Arc::new(UInt64Array::from(v.clone())),
        IdMap::Str { names, .. } => Arc::new(StringArray::from_iter_values(names.iter())),
    }
}

fn build_batch(
    name: &str,
    ids: &IdMap,
    columns: &[(&str, ResultColumn<'_>)],
) -> Result<RecordBatch> {
    let refuse = |column: &str, reason: String| Error::Input {
        source_name: name.into(),
        row: None,
        column: Some(column.into()),
        reason,
    };
    let n = ids.len();
    let mut fields = vec![Field::new("id", id_array_type(ids), false)];
    let mut arrays = vec![id_array(ids)];
    for (i, &(column, values)) in columns.iter().enumerate() {
        if column.is_empty() || column == "id" || columns[..i].iter().any(|(c, _)| *c == column) {
            return Err(refuse(
                column,
                "result column names must be non-empty, distinct and not \"id\"".into(),
            ));
        }
        if values.len() != n {
            return Err(refuse(
                column,
                format!("has {} values for {n} nodes", values.len()),
            ));
        }
        let array = values.to_array();
        fields.push(Field::new(column, array.data_type().clone(), false));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| format_error(name, e))
}

fn id_array_type(ids: &IdMap) -> arrow::datatypes::DataType {
    match ids {
        IdMap::Str { .. } => arrow::datatypes::DataType::Utf8,
        _ => arrow::datatypes::DataType::UInt64,
    }
}

/// Results as one record batch: column `id` (`UInt64` or `Utf8`, per
/// [`IdMap`]) then `columns` in order, one row per node.
///
/// Errors: [`Error::Input`] naming the column if one has a length other
/// than `ids.len()`, or a name that is empty, repeated or `id`.
pub fn results_batch(ids: &IdMap, columns: &[(&str, ResultColumn<'_>)]) -> Result<RecordBatch> {
    build_batch("<memory>", ids, columns)
}

/// Write per-node results to `path` as `format` (Parquet with zstd, Arrow
/// IPC file, or CSV / TSV with a header): the table of [`results_batch`].
///
/// ```
/// use ona_core::IdMap;
/// use ona_store::table::{ResultColumn, TableFormat, write_results};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("scores.parquet");
/// let ids = IdMap::U64(vec![10, 20, 30]);
/// write_results(&path, TableFormat::Parquet, &ids, &[("pagerank", ResultColumn::F64(&[0.2, 0.5, 0.3]))])?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Errors: those of [`results_batch`], [`Error::Io`], [`Error::Format`].
pub fn write_results(
    path: &Path,
    format: TableFormat,
    ids: &IdMap,
    columns: &[(&str, ResultColumn<'_>)],
) -> Result<()> {
    let batch = build_batch(&path.display().to_string(), ids, columns)?;
    write_table(path, format, &batch)
}

/// Write one record batch to `path` as `format`: Parquet (zstd level 1,
/// row groups of up to 2^20 rows), Arrow IPC file format, or CSV / TSV with
/// a header row.
///
/// Errors: [`Error::Io`] (creating or writing the file), [`Error::Format`]
/// (the encoder refused the batch).
pub fn write_table(path: &Path, format: TableFormat, batch: &RecordBatch) -> Result<()> {
    let name = path.display().to_string();
    let file = File::create(path).map_err(|e| Error::io("creating", path, e))?;
    let mut out = BufWriter::new(file);
    let fail = |e: &dyn std::fmt::Display| format_error(&name, e);
    match format {
        TableFormat::Parquet => {
            let props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(ZstdLevel::default()))
                .build();
            let mut w = ArrowWriter::try_new(&mut out, batch.schema(), Some(props))
                .map_err(|e| fail(&e))?;
            w.write(batch).map_err(|e| fail(&e))?;
            w.close().map_err(|e| fail(&e))?;
        }
        TableFormat::ArrowIpc => {
            let mut w = arrow::ipc::writer::FileWriter::try_new(&mut out, &batch.schema())
                .map_err(|e| fail(&e))?;
            for start in (0..batch.num_rows()).step_by(WRITE_ROWS) {
                w.write(&batch.slice(start, WRITE_ROWS.min(batch.num_rows() - start)))
                    .map_err(|e| fail(&e))?;
            }
            w.finish().map_err(|e| fail(&e))?;
        }
        TableFormat::Csv | TableFormat::Tsv => {
            let delimiter = if format == TableFormat::Tsv {
                b'\t'
            } else {
                b','
            };
            let mut w = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .with_delimiter(delimiter)
                .build(&mut out);
            for start in (0..batch.num_rows()).step_by(WRITE_ROWS) {
                w.write(&batch.slice(start, WRITE_ROWS.min(batch.num_rows() - start)))
                    .map_err(|e| fail(&e))?;
            }
            if batch.num_rows() == 0 {
                w.write(batch).map_err(|e| fail(&e))?;
            }
        }
    }
    out.flush().map_err(|e| Error::io("writing", path, e))
}

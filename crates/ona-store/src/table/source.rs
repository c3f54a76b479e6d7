//! Every table format as one thing: a schema, then record batches in row
//! order, each handed with the 0-based index of its first data row to a
//! conversion function. Parquet row groups are decoded and converted in
//! parallel; CSV, Arrow IPC and in-memory batches one batch at a time (the
//! conversion itself runs in the caller's pool).

use std::fs::File;
use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use ona_core::Exec;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use rayon::prelude::*;

use super::options::TableFormat;
use crate::error::{Error, Result};

/// Rows per decoded batch (CSV, and the most Arrow IPC batches hold anyway).
const BATCH_ROWS: usize = 1 << 16;

/// Rows per decoded Parquet batch: a whole row group as the Arrow writer
/// makes them, so each parallel task decodes its group in one go.
const PARQUET_BATCH_ROWS: usize = 1 << 20;

/// A table ready to be read.
pub(crate) struct Table<'a> {
    /// The file (or the caller's name for in-memory batches), for errors.
    pub name: String,
    /// Column names and types. CSV columns are all `Utf8`.
    pub schema: SchemaRef,
    kind: Kind<'a>,
}

enum Kind<'a> {
    Csv {
        path: PathBuf,
        delimiter: u8,
    },
    Parquet {
        path: PathBuf,
        meta: ArrowReaderMetadata,
    },
    IpcFile {
        path: PathBuf,
    },
    IpcStream {
        path: PathBuf,
    },
    Memory(Box<dyn Iterator<Item = RecordBatch> + 'a>),
}

/// A decoder failure as [`Error::Format`].
pub(crate) fn format_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Format {
        source_name: name.to_string(),
        reason: e.to_string(),
    }
}

/// Runs a decoder step, turning a panic inside Arrow or Parquet (which do
/// not promise to be panic-free on hostile bytes) into [`Error::Format`].
fn guard<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(format_error(
            name,
            "the decoder panicked on malformed input",
        ))
    })
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io("opening", path, e))
}

impl<'a> Table<'a> {
    /// Open `path` as `format` and read its schema.
    pub fn open(path: &Path, format: TableFormat) -> Result<Self> {
        let name = path.display().to_string();
        let (schema, kind) = match format {
            TableFormat::Csv | TableFormat::Tsv => {
                let delimiter = if format == TableFormat::Tsv {
                    b'\t'
                } else {
                    b','
                };
                (
                    csv_schema(&name, path, delimiter)?,
                    Kind::Csv {
                        path: path.into(),
                        delimiter,
                    },
                )
            }
            TableFormat::Parquet => {
                let file = open(path)?;
                let meta = guard(&name, || {
                    ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
                        .map_err(|e| format_error(&name, e))
                })?;
                (
                    meta.schema().clone(),
                    Kind::Parquet {
                        path: path.into(),
                        meta,
                    },
                )
            }
            TableFormat::ArrowIpc => {
                let mut magic = [0u8; 6];
                let is_file = {
                    use std::io::Read;
                    let mut f = open(path)?;
                    f.read_exact(&mut magic).is_ok() && &magic == b"ARROW1"
                };
                let schema = guard(&name, || {
                    let file = open(path)?;
                    let schema = if is_file {
                        arrow::ipc::reader::FileReader::try_new_buffered(file, None)
                            .map(|r| r.schema())
                    } else {
                        arrow::ipc::reader::StreamReader::try_new_buffered(file, None)
                            .map(|r| r.schema())
                    };
                    schema.map_err(|e| format_error(&name, e))
                })?;
                let kind = if is_file {
                    Kind::IpcFile { path: path.into() }
                } else {
                    Kind::IpcStream { path: path.into() }
                };
                (schema, kind)
            }
        };
        Ok(Self { name, schema, kind })
    }

    /// Batches already in memory; the schema is the first batch's (empty if
    /// there is none).
    pub fn memory(name: &str, batches: impl IntoIterator<Item = RecordBatch> + 'a) -> Self {
        let mut batches = batches.into_iter().peekable();
        let schema = batches
            .peek()
            .map_or_else(|| Arc::new(Schema::empty()), RecordBatch::schema);
        Self {
            name: name.to_string(),
            schema,
            kind: Kind::Memory(Box::new(batches)),
        }
    }

    /// Whether the batches come from memory rather than a file.
    pub fn is_memory(&self) -> bool {
        matches!(self.kind, Kind::Memory(_))
    }

    /// Decode the columns `projection` (ascending, distinct schema indices;
    /// the batches `f` sees hold just these, in this order) and call
    /// `f(first_row, batch)` on every batch. Results come back in row order;
    /// on failure, the error of the earliest failing batch.
    pub fn read<T, F>(self, projection: &[usize], exec: &Exec, f: F) -> Result<Vec<T>>
    where
        T: Send,
        F: Fn(u64, &RecordBatch) -> Result<T> + Sync + Send,
    {
        let name = self.name;
        let width = projection.len();
        let checked = |row: u64, batch: &RecordBatch| -> Result<T> {
            if batch.num_columns() != width {
                return Err(format_error(
                    &name,
                    format!(
                        "a batch has {} columns, expected {width}",
                        batch.num_columns()
                    ),
                ));
            }
            exec.check()?;
            f(row, batch)
        };
        match self.kind {
            Kind::Parquet { path, meta } => {
                exec.install(|| read_parquet(&name, &path, &meta, projection, &checked))
            }
            Kind::Memory(batches) => {
                let mut row = 0u64;
                let mut out = Vec::new();
                for batch in batches {
                    let batch = batch
                        .project(projection)
                        .map_err(|e| format_error(&name, e))?;
                    out.push(exec.install(|| checked(row, &batch))?);
                    row += batch.num_rows() as u64;
                }
                Ok(out)
            }
            Kind::Csv { path, delimiter } => {
                let reader = arrow::csv::ReaderBuilder::new(self.schema)
                    .with_header(true)
                    .with_delimiter(delimiter)
                    .with_batch_size(BATCH_ROWS)
                    .with_projection(projection.to_vec())
                    .build(open(&path)?)
                    .map_err(|e| format_error(&name, e))?;
                let csv_checked = |row: u64, batch: &RecordBatch| -> Result<T> {
                    field_boundaries(&name, row, batch)?;
                    checked(row, batch)
                };
                each_batch(&name, reader, exec, &csv_checked)
            }
            Kind::IpcFile { path } => {
                let reader = guard(&name, || {
                    arrow::ipc::reader::FileReader::try_new_buffered(
                        open(&path)?,
                        Some(projection.to_vec()),
                    )
                    .map_err(|e| format_error(&name, e))
                })?;
                each_batch(&name, reader, exec, &checked)
            }
            Kind::IpcStream { path } => {
                let reader = guard(&name, || {
                    arrow::ipc::reader::StreamReader::try_new_buffered(
                        open(&path)?,
                        Some(projection.to_vec()),
                    )
                    .map_err(|e| format_error(&name, e))
                })?;
                each_batch(&name, reader, exec, &checked)
            }
        }
    }
}

/// arrow-csv checks UTF-8 over a batch's concatenated field bytes, not per
/// field, so a field may end inside a character that the next field
/// completes (`"dee\xef"` then `"\xbb\xbf"`). A column is valid exactly
/// when its bytes are valid UTF-8 as a whole and each field boundary is a
/// character boundary: checked here on the raw bytes and offsets, before any
/// field is read as `str`.
fn field_boundaries(name: &str, row: u64, batch: &RecordBatch) -> Result<()> {
    for (col, field) in batch.schema().fields().iter().enumerate() {
        let Some(a) = batch.column(col).as_any().downcast_ref::<arrow::array::StringArray>() else { continue };
        let (bytes, offsets) = (a.value_data(), a.value_offsets());
        let is_boundary = |o: i32| usize::try_from(o).ok().is_some_and(|o| bytes.get(o).is_none_or(|&b| !(0x80..0xc0).contains(&b)));
        // The column's bytes must be valid as a whole (each field's bytes are
        // appended, so a field may still end mid-character) and every field
        // boundary a character boundary.
        let bad = match std::str::from_utf8(bytes) {
            Err(e) => Some(offsets.partition_point(|&o| usize::try_from(o).is_ok_and(|o| o <= e.valid_up_to()))),
            Ok(_) => offsets.iter().position(|&o| !is_boundary(o)),
        };
        if let Some(i) = bad {
            // Offset i ends field i - 1 (and starts field i).
            let bad_row = i.saturating_sub(1);
            return Err(Error::Input {
                source_name: name.to_owned(),
                row: Some(row + bad_row as u64),
                column: Some(field.name().clone()),
                reason: "invalid UTF-8".into(),
            });
        }
    }
    Ok(())
}

/// Decode batches on this thread, convert each in `exec`'s pool.
fn each_batch<T: Send>(
    name: &str,
    mut reader: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
    exec: &Exec,
    f: &(impl Fn(u64, &RecordBatch) -> Result<T> + Sync),
) -> Result<Vec<T>> {
    let mut row = 0u64;
    let mut out = Vec::new();
    while let Some(batch) = guard(name, || {
        reader.next().transpose().map_err(|e| format_error(name, e))
    })? {
        out.push(exec.install(|| f(row, &batch))?);
        row += batch.num_rows() as u64;
    }
    Ok(out)
}

/// Row groups in parallel, each with its own file handle (a cloned `File`
/// would share one cursor between threads).
fn read_parquet<T: Send>(
    name: &str,
    path: &Path,
    meta: &ArrowReaderMetadata,
    projection: &[usize],
    f: &(impl Fn(u64, &RecordBatch) -> Result<T> + Sync),
) -> Result<Vec<T>> {
    let groups = meta.metadata().row_groups();
    let mut starts = Vec::with_capacity(groups.len());
    let mut row = 0u64;
    for g in groups {
        starts.push(row);
        row += u64::try_from(g.num_rows())
            .map_err(|_| format_error(name, "a row group has a negative row count"))?;
    }
    let mask = ProjectionMask::roots(meta.parquet_schema(), projection.iter().copied());
    let parts: Vec<Result<Vec<T>>> = (0..groups.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|g| {
            let reader = guard(name, || {
                ParquetRecordBatchReaderBuilder::new_with_metadata(open(path)?, meta.clone())
                    .with_row_groups(vec![g])
                    .with_projection(mask.clone())
                    .with_batch_size(PARQUET_BATCH_ROWS)
                    .build()
                    .map_err(|e| format_error(name, e))
            })?;
            let mut row = starts[g];
            let mut out = Vec::new();
            let mut reader = reader;
            while let Some(batch) = guard(name, || {
                reader.next().transpose().map_err(|e| format_error(name, e))
            })? {
                out.push(f(row, &batch)?);
                row += batch.num_rows() as u64;
            }
            Ok(out)
        })
        .collect();
    let mut out = Vec::new();
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// The header of a CSV file as a schema of nullable `Utf8` columns (so that
/// `007` stays text), without a leading byte-order mark.
fn csv_schema(name: &str, path: &Path, delimiter: u8) -> Result<SchemaRef> {
    let file = BufReader::new(open(path)?);
    let format = arrow::csv::reader::Format::default()
        .with_header(true)
        .with_delimiter(delimiter);
    let (schema, _) = format
        .infer_schema(file, Some(0))
        .map_err(|e| format_error(name, e))?;
    if schema.fields().is_empty() {
        return Err(Error::Input {
            source_name: name.into(),
            row: None,
            column: None,
            reason: "no header row".into(),
        });
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n = f.name().as_str();
            let n = if i == 0 {
                n.strip_prefix('\u{feff}').unwrap_or(n)
            } else {
                n
            };
            Field::new(n, DataType::Utf8, true)
        })
        .collect();
    Ok(Arc::new(Schema::new(fields)))
}

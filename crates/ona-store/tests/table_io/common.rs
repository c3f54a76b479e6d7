//! Helpers: writing tables in every format, and reading errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch};
use arrow::datatypes::{Field, Schema};
use ona_core::Exec;
use ona_store::Error;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

/// Two threads, as the target machines have.
pub fn exec() -> Exec {
    Exec::with_threads(2).expect("pool")
}

/// A batch from named columns.
pub fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).expect("batch")
}

/// `batches` as Parquet at `dir/name`, row groups of at most `group_rows`.
pub fn parquet(dir: &Path, name: &str, batches: &[RecordBatch], group_rows: usize) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).expect("create");
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let mut w = ArrowWriter::try_new(file, batches[0].schema(), Some(props)).expect("writer");
    for b in batches {
        w.write(b).expect("write");
    }
    w.close().expect("close");
    path
}

/// `batches` as an Arrow IPC file at `dir/name`.
pub fn ipc_file(dir: &Path, name: &str, batches: &[RecordBatch]) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).expect("create");
    let mut w =
        arrow::ipc::writer::FileWriter::try_new(file, &batches[0].schema()).expect("writer");
    for b in batches {
        w.write(b).expect("write");
    }
    w.finish().expect("finish");
    path
}

/// `batches` as an Arrow IPC stream at `dir/name`.
pub fn ipc_stream(dir: &Path, name: &str, batches: &[RecordBatch]) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).expect("create");
    let mut w =
        arrow::ipc::writer::StreamWriter::try_new(file, &batches[0].schema()).expect("writer");
    for b in batches {
        w.write(b).expect("write");
    }
    w.finish().expect("finish");
    path
}

/// `bytes` at `dir/name`.
pub fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The row and column of an [`Error::Input`]; panics on any other error.
pub fn input_at(e: &Error) -> (Option<u64>, Option<&str>) {
    match e {
        Error::Input { row, column, .. } => (*row, column.as_deref()),
        other => panic!("expected Error::Input, got {other:?}"),
    }
}

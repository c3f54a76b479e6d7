//! Results written and read back with the Arrow and Parquet readers.

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Float64Type, Int64Type, UInt32Type, UInt64Type};
use ona_core::graph::IdMap;
use ona_store::table::{ResultColumn, TableFormat, results_batch, write_results};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::common::input_at;

fn read_back(path: &std::path::Path, format: TableFormat) -> RecordBatch {
    let file = std::fs::File::open(path).expect("open");
    let batches: Vec<RecordBatch> = match format {
        TableFormat::Parquet => {
            let r = ParquetRecordBatchReaderBuilder::try_new(file)
                .expect("parquet")
                .build()
                .expect("reader");
            r.collect::<Result<_, _>>().expect("batches")
        }
        TableFormat::ArrowIpc => {
            let r = arrow::ipc::reader::FileReader::try_new(file, None).expect("ipc");
            r.collect::<Result<_, _>>().expect("batches")
        }
        _ => unreachable!("binary formats only"),
    };
    arrow::compute::concat_batches(&batches[0].schema(), &batches).expect("concat")
}

#[test]
fn results_round_trip_through_parquet_and_ipc() {
    let dir = tempfile::tempdir().expect("tmp");
    let scores = [0.25, 0.5, 0.125];
    let parts = [2u32, 0, 2];
    let counts = [7u64, 0, 1];
    let signed = [-1i64, 0, 5];
    let columns = [
        ("pagerank", ResultColumn::F64(&scores)),
        ("community", ResultColumn::U32(&parts)),
        ("triangles", ResultColumn::U64(&counts)),
        ("delta", ResultColumn::I64(&signed)),
    ];
    let names: Vec<Box<str>> = ["ana", "bo", "cy"].into_iter().map(Box::from).collect();
    for ids in [
        IdMap::U64(vec![3, 10, 99]),
        IdMap::from_names(names),
        IdMap::Dense(3),
    ] {
        for format in [TableFormat::Parquet, TableFormat::ArrowIpc] {
            let path = dir.path().join(format!(
                "r.{}",
                if format == TableFormat::Parquet {
                    "parquet"
                } else {
                    "arrow"
                }
            ));
            write_results(&path, format, &ids, &columns).expect("write");
            let b = read_back(&path, format);
            assert_eq!(b.num_rows(), 3);
            let schema = b.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            assert_eq!(names, ["id", "pagerank", "community", "triangles", "delta"]);
            match &ids {
                IdMap::Str { .. } => {
                    let id = b.column(0).as_string::<i32>();
                    assert_eq!(id.iter().flatten().collect::<Vec<_>>(), ["ana", "bo", "cy"]);
                }
                other => {
                    assert_eq!(b.column(0).data_type(), &DataType::UInt64);
                    let want: Vec<u64> = if let IdMap::U64(v) = other {
                        v.clone()
                    } else {
                        vec![0, 1, 2]
                    };
                    assert_eq!(
                        b.column(0).as_primitive::<UInt64Type>().values().to_vec(),
                        want
                    );
                }
            }
            assert_eq!(
                b.column(1).as_primitive::<Float64Type>().values().to_vec(),
                scores
            );
            assert_eq!(
                b.column(2).as_primitive::<UInt32Type>().values().to_vec(),
                parts
            );
            assert_eq!(
                b.column(3).as_primitive::<UInt64Type>().values().to_vec(),
                counts
            );
            assert_eq!(
                b.column(4).as_primitive::<Int64Type>().values().to_vec(),
                signed
            );
            assert_eq!(b.column(1).null_count(), 0);
        }
    }
}

#[test]
fn results_to_csv() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("r.csv");
    write_results(
        &path,
        TableFormat::Csv,
        &IdMap::U64(vec![4, 8]),
        &[("score", ResultColumn::F64(&[0.5, 1.5]))],
    )
    .expect("write");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "id,score\n4,0.5\n8,1.5\n"
    );
}

#[test]
fn results_are_refused_with_the_column() {
    let ids = IdMap::Dense(3);
    let e = results_batch(
        &ids,
        &[
            ("ok", ResultColumn::F64(&[1.0, 2.0, 3.0])),
            ("short", ResultColumn::U32(&[1, 2])),
        ],
    )
    .expect_err("len");
    assert_eq!(input_at(&e), (None, Some("short")));
    assert!(e.to_string().contains("2 values for 3 nodes"), "{e}");
    let e = results_batch(&ids, &[("id", ResultColumn::F64(&[1.0, 2.0, 3.0]))]).expect_err("id");
    assert_eq!(input_at(&e), (None, Some("id")));
    let e = results_batch(
        &ids,
        &[
            ("a", ResultColumn::U32(&[1, 2, 3])),
            ("a", ResultColumn::U32(&[1, 2, 3])),
        ],
    )
    .expect_err("dup");
    assert_eq!(input_at(&e), (None, Some("a")));
    let dir = tempfile::tempdir().expect("tmp");
    let e = write_results(
        &dir.path().join("no/such/dir.parquet"),
        TableFormat::Parquet,
        &ids,
        &[],
    )
    .expect_err("io");
    assert!(matches!(e, ona_store::Error::Io { .. }), "{e:?}");
    let b = results_batch(&ids, &[]).expect("ids only");
    assert_eq!((b.num_columns(), b.num_rows()), (1, 3));
}

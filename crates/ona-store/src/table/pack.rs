//! The ONA metric pack ([`MetricPack`]) as Arrow record batches and Parquet
//! files: a people table (external `id` first, then every computed column
//! of [`MetricPack::columns`]) and a group table (`group_name` first, then
//! [`GroupTable::columns`](ona_core::ona::GroupTable::columns)).
//!
//! Types: `F64` columns are `Float64` (NaN kept where a measure is
//! undefined), `U32` `UInt32`, `U64` `UInt64`, names `Utf8`; no column is
//! nullable. Suppressed groups have no row (their codes are in
//! [`GroupTable::suppressed`](ona_core::ona::GroupTable::suppressed)).

use std::path::Path;
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt32Array, UInt64Array};
use arrow::datatypes::{Field, Schema};
use ona_core::IdMap;
use ona_core::ona::{ColumnRef, MetricPack};

use super::options::TableFormat;
use super::source::format_error;
use super::write::{results_batch, write_table};
use crate::error::{Error, Result};

fn array(c: ColumnRef<'_>) -> ArrayRef {
    match c {
        ColumnRef::F64(x) => Arc::new(Float64Array::from(x.to_vec())),
        ColumnRef::U32(x) => Arc::new(UInt32Array::from(x.to_vec())),
        ColumnRef::U64(x) => Arc::new(UInt64Array::from(x.to_vec())),
        ColumnRef::Str(x) => Arc::new(StringArray::from_iter_values(x.iter())),
    }
}

fn batch(first: (&str, ArrayRef), columns: Vec<(&'static str, ColumnRef<'_>)>) -> Result<RecordBatch> {
    let rows = first.1.len();
    let mut fields = vec![Field::new(first.0, first.1.data_type().clone(), false)];
    let mut arrays = vec![first.1];
    for (name, col) in columns {
        if col.len() != rows {
            return Err(Error::Input {
                source_name: "<memory>".into(),
                row: None,
                column: Some(name.into()),
                reason: format!("has {} values for {rows} rows", col.len()),
            });
        }
        let a = array(col);
        fields.push(Field::new(name, a.data_type().clone(), false));
        arrays.push(a);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| format_error("<memory>", e))
}

/// The people table: column `id` (`UInt64` or `Utf8`, as
/// [`results_batch`]) then the pack's columns, one row per node.
///
/// Errors: [`Error::Input`] if `ids` does not have one id per person.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{PackConfig, metric_pack};
/// use ona_store::table::pack_people_batch;
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// let pack = metric_pack(&g, None, &PackConfig::default(), &exec)?;
/// let b = pack_people_batch(&pack, g.ids())?;
/// assert_eq!((b.num_rows(), b.schema().field(0).name().as_str()), (3, "id"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pack_people_batch(pack: &MetricPack, ids: &IdMap) -> Result<RecordBatch> {
    if ids.len() != pack.people.degree.len() {
        return Err(Error::Input {
            source_name: "<memory>".into(),
            row: None,
            column: Some("id".into()),
            reason: format!("has {} ids for {} people", ids.len(), pack.people.degree.len()),
        });
    }
    let id = results_batch(ids, &[])?.column(0).clone();
    batch(("id", id), pack.columns())
}

/// The group table: column `group_name` (`Utf8`: `names[code]`, or the
/// code in decimal where `names` has no entry) then the group columns, one
/// row per group shown; `None` for a pack computed without groups.
///
/// Errors: none in practice (every column has one value per row); kept for
/// the Arrow builder's own checks.
pub fn pack_groups_batch<S: AsRef<str>>(pack: &MetricPack, names: &[S]) -> Result<Option<RecordBatch>> {
    let Some(t) = &pack.groups else { return Ok(None) };
    let label = |c: u32| usize::try_from(c).ok().and_then(|i| names.get(i)).map_or_else(|| c.to_string(), |s| s.as_ref().to_owned());
    let group_name: ArrayRef = Arc::new(StringArray::from_iter_values(t.group.iter().map(|&c| label(c))));
    batch(("group_name", group_name), t.columns()).map(Some)
}

/// Write the people table to `people` and, when the pack has groups and
/// `groups` is given, the group table to `groups`, as Parquet (zstd).
///
/// Errors: those of [`pack_people_batch`], [`Error::Io`], [`Error::Format`].
pub fn write_pack_parquet<S: AsRef<str>>(people: &Path, groups: Option<&Path>, pack: &MetricPack, ids: &IdMap, names: &[S]) -> Result<()> {
    write_table(people, TableFormat::Parquet, &pack_people_batch(pack, ids)?)?;
    if let (Some(path), Some(b)) = (groups, pack_groups_batch(pack, names)?) {
        write_table(path, TableFormat::Parquet, &b)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::Array;
    use ona_core::generate::{OrgConfig, org};
    use ona_core::ona::{Groups, PackConfig, metric_pack};
    use ona_core::{Exec, GraphBuilder};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn read(path: &Path) -> RecordBatch {
        let f = std::fs::File::open(path).expect("open");
        let r = ParquetRecordBatchReaderBuilder::try_new(f).expect("reader").build().expect("build");
        let mut batches: Vec<RecordBatch> = r.map(|b| b.expect("batch")).collect();
        assert_eq!(batches.len(), 1, "a small table reads back as one batch");
        batches.remove(0)
    }

    #[test]
    fn parquet_round_trip() {
        let exec = Exec::sequential().expect("exec").seed(3);
        let g = org(&OrgConfig::new(400), &exec).expect("org");
        let dept = g.attributes().get("department").expect("department");
        let names = dept.dictionary().to_vec();
        let cfg = PackConfig::default();
        let pack = metric_pack(&g, Some(Groups::from(dept)), &cfg, &exec).expect("pack");
        let dir = tempfile::tempdir().expect("dir");
        let (pp, gp) = (dir.path().join("people.parquet"), dir.path().join("groups.parquet"));
        write_pack_parquet(&pp, Some(&gp), &pack, g.ids(), &names).expect("write");

        let people = read(&pp);
        let want = pack_people_batch(&pack, g.ids()).expect("batch");
        assert_eq!(people.schema().fields(), want.schema().fields());
        assert_eq!(people.num_rows(), 400);
        // Debug text compares NaN as equal; values must match bit for bit otherwise.
        for (a, b) in people.columns().iter().zip(want.columns()) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let ids = people.column(0).as_any().downcast_ref::<StringArray>().expect("text ids");
        assert_eq!(ids.value(7), "p000007");
        let schema = people.schema();
        let names_in: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        for c in ["id", "betweenness", "constraint", "cross_group_share", "role", "roles", "two_step_reach"] {
            assert!(names_in.contains(&c), "{c} missing from {names_in:?}");
        }
        let role = people.column_by_name("role").expect("role").as_any().downcast_ref::<StringArray>().expect("utf8");
        assert_eq!(role.value(5), pack.people.role[5]);

        let groups = read(&gp);
        let want = pack_groups_batch(&pack, &names).expect("batch").expect("groups");
        assert_eq!(groups.schema().fields(), want.schema().fields());
        for (a, b) in groups.columns().iter().zip(want.columns()) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let t = pack.groups.as_ref().expect("table");
        assert_eq!(groups.num_rows(), t.len());
        assert!(groups.num_rows() > 0);
        let gname = groups.column(0).as_any().downcast_ref::<StringArray>().expect("utf8");
        assert_eq!(gname.value(0), &*names[t.group[0] as usize]);
        assert_eq!(groups.column_by_name("size").expect("size").data_type(), &arrow::datatypes::DataType::UInt64);
        assert_eq!(groups.column_by_name("brokers").expect("brokers").null_count(), 0);
    }

    #[test]
    fn no_groups_and_wrong_ids() {
        let exec = Exec::sequential().expect("exec");
        let g = GraphBuilder::directed().build(4, &[0, 1, 2], &[1, 2, 0], None, &exec).expect("g");
        let pack = metric_pack(&g, None, &PackConfig::default(), &exec).expect("pack");
        assert!(pack_groups_batch::<&str>(&pack, &[]).expect("ok").is_none());
        let b = pack_people_batch(&pack, g.ids()).expect("batch");
        assert!(b.column_by_name("reciprocity").is_some() && b.column_by_name("group").is_none());
        assert!(matches!(pack_people_batch(&pack, &IdMap::Dense(3)), Err(Error::Input { .. })));
    }
}

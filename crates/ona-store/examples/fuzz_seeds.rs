//! Seed inputs for the fuzz targets in `fuzz/` (see `fuzz/README.md`), all
//! from small synthetic graphs generated here; nothing is downloaded or
//! copied from real data.
//!
//! ```text
//! cargo run -p ona-store --example fuzz_seeds -- corpus  fuzz/corpus       # seed corpora (not committed)
//! cargo run -p ona-store --example fuzz_seeds -- hostile fuzz              # hand-made hostile inputs (committed)
//! ```

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use ona_core::generate::{RmatConfig, rmat};
use ona_core::graph::Categorical;
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use ona_store::snapshot::{Meta, encode, format};

#[allow(dead_code)] // only `fix_checksums` is used here
#[path = "../../../fuzz/src/snapshot_input.rs"]
mod snapshot_input;

type Res<T = ()> = Result<T, Box<dyn Error>>;

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["corpus", dir] => corpus(Path::new(dir)),
        ["hostile", dir] => hostile(Path::new(dir)),
        _ => Err("usage: fuzz_seeds corpus DIR | fuzz_seeds hostile DIR".into()),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Res {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(name), bytes)?;
    Ok(())
}

fn meta(version: u64) -> Meta {
    Meta {
        graph_id: None,
        version,
        manifest: BTreeMap::from([
            ("tenant".into(), "acme".into()),
            ("kafka.0".into(), "42".into()),
        ]),
    }
}

/// The small graphs every corpus starts from: each id kind, both
/// directions, both weight widths, attributes, self loops, an empty graph.
fn graphs(exec: &Exec) -> Res<Vec<(&'static str, Graph)>> {
    let mut out = Vec::new();
    let src = ["ana", "bo", "cy", "ana", "dee", "eli", "eli", "fay", "bo"];
    let dst = ["bo", "cy", "ana", "dee", "eli", "eli", "fay", "ana", "fay"];
    let w = [1.0, 2.5, 0.5, 3.0, 1.0, 4.0, 2.0, 1.5, 0.25];
    for (name, directed) in [("str_undirected", false), ("str_directed", true)] {
        let mut g = GraphBuilder::with_direction(directed).build_str(
            &["gus"],
            &src,
            &dst,
            Some(EdgeWeights::F64(&w)),
            exec,
        )?;
        let dept: Vec<Option<&str>> = (0..g.node_count())
            .map(|i| [Some("eng"), Some("ops"), None][i % 3])
            .collect();
        g.set_categorical("dept", Categorical::from_values(&dept)?)?;
        out.push((name, g));
    }
    let w32 = [1.5f32, 2.0, 0.5, 1.0];
    out.push((
        "u64_directed_f32",
        GraphBuilder::directed().build_u64(
            &[7],
            &[10, 20, 30, 30],
            &[20, 30, 10, 30],
            Some(EdgeWeights::F32(&w32)),
            exec,
        )?,
    ));
    out.push((
        "dense_undirected",
        GraphBuilder::undirected().build(6, &[0, 1, 2, 3, 4], &[1, 2, 0, 4, 4], None, exec)?,
    ));
    out.push((
        "empty",
        GraphBuilder::undirected().build(0, &[], &[], None, exec)?,
    ));
    for (name, directed, scale) in [("rmat5_undirected", false, 5), ("rmat6_directed", true, 6)] {
        let (n, s, d) = rmat(
            &RmatConfig::new(scale).edge_factor(4),
            &exec.clone().seed(u64::from(scale)),
        )?;
        out.push((
            name,
            GraphBuilder::with_direction(directed).build(n, &s, &d, None, exec)?,
        ));
    }
    Ok(out)
}

fn corpus(dir: &Path) -> Res {
    let exec = Exec::sequential()?;
    let gs = graphs(&exec)?;
    for (name, g) in &gs {
        write(
            &dir.join("snapshot_open"),
            &format!("{name}.ona"),
            &encode(&g.compress(&exec), &meta(3)),
        )?;
    }
    #[cfg(feature = "tables")]
    tables::corpus(dir, &gs)?;
    println!("seed corpora written under {}", dir.display());
    Ok(())
}

/// Hand-made hostile snapshots for `fuzz/regressions/snapshot_open/`, so the
/// regression test exercises the path even when fuzzing found nothing, and
/// for `fuzz/known-bugs/snapshot_open/` (inputs that still panic).
fn hostile(fuzz: &Path) -> Res {
    let exec = Exec::sequential()?;
    let gs = graphs(&exec)?;
    let good = encode(&gs[0].1.compress(&exec), &meta(3));
    let dir = fuzz.join("regressions/snapshot_open");
    let forged = |edit: &dyn Fn(&mut Vec<u8>)| -> Res<Vec<u8>> {
        let mut b = good.clone();
        edit(&mut b);
        Ok(snapshot_input::fix_checksums(&b).ok_or("too short to forge")?)
    };
    write(&dir, "hand-truncated-half", &good[..good.len() / 2])?;
    write(
        &dir,
        "hand-truncated-header",
        &good[..format::HEADER_LEN + 7],
    )?;
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    write(&dir, "hand-bit-flipped", &flipped)?;
    write(
        &dir,
        "hand-huge-node-count",
        &forged(&|b| b[40..48].copy_from_slice(&(1u64 << 40).to_le_bytes()))?,
    )?;
    write(
        &dir,
        "hand-huge-edge-count",
        &forged(&|b| b[48..56].copy_from_slice(&(1u64 << 60).to_le_bytes()))?,
    )?;
    write(
        &dir,
        "hand-huge-section-count",
        &forged(&|b| b[60..64].copy_from_slice(&u32::MAX.to_le_bytes()))?,
    )?;
    let first_len = format::HEADER_LEN + 16;
    write(
        &dir,
        "hand-huge-section-length",
        &forged(&|b| b[first_len..first_len + 8].copy_from_slice(&(1u64 << 60).to_le_bytes()))?,
    )?;
    write(
        &dir,
        "hand-huge-manifest-count",
        &forged(&|b| edit_section(b, 15, |p| p[..4].copy_from_slice(&u32::MAX.to_le_bytes())))?,
    )?;
    write(
        &dir,
        "hand-huge-dictionary",
        &forged(&|b| edit_section(b, 14, |p| p[8..12].copy_from_slice(&u32::MAX.to_le_bytes())))?,
    )?;
    // String-id offsets that end right but overshoot the text in between
    // (`[0, 100, 2, 3, ...]` over 3+ bytes of names).
    write(
        &fuzz.join("known-bugs/snapshot_open"),
        "hand-str-offsets-overshoot",
        &forged(&|b| edit_section(b, 12, |p| p[8..16].copy_from_slice(&100u64.to_le_bytes())))?,
    )?;
    #[cfg(feature = "tables")]
    tables::hostile(fuzz)?;
    println!("hostile inputs written under {}", fuzz.display());
    Ok(())
}

/// Apply `edit` to the payload of the first section of kind `code`, if any.
pub fn edit_section(b: &mut [u8], code: u32, edit: impl Fn(&mut [u8])) {
    let sections = u32::from_le_bytes([b[60], b[61], b[62], b[63]]) as usize;
    for i in 0..sections {
        let at = format::HEADER_LEN + i * format::ENTRY_LEN;
        let word = |o: usize| {
            u64::from_le_bytes(b[at + o..at + o + 8].try_into().unwrap_or([0; 8])) as usize
        };
        if u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) == code {
            let (offset, len) = (word(8), word(16));
            edit(&mut b[offset..offset + len]);
            return;
        }
    }
}

/// Seeds and hostile inputs for the table targets (`csv_edges`,
/// `parquet_edges`, `ipc_edges`).
#[cfg(feature = "tables")]
mod tables {
    use std::sync::Arc;

    use arrow::array::{
        ArrayRef, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray, UInt32Array,
    };
    use arrow::datatypes::Int32Type;
    use ona_store::table::{TableFormat, write_table};
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;

    use super::*;

    /// Edge batches of a few shapes: text ids with weights, integer ids of
    /// two widths, text weights, a dictionary column, an empty table.
    fn batches() -> Res<Vec<(&'static str, RecordBatch)>> {
        let text = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
        let src = ["ana", "bo", "cy", "ana", "dee", "eli", "eli"];
        let dst = ["bo", "cy", "ana", "dee", "eli", "eli", "ana"];
        let w = Arc::new(Float64Array::from(vec![1.0, 2.5, 0.5, 3.0, 1.0, 4.0, 2.0])) as ArrayRef;
        let mut out = vec![(
            "text_weighted",
            RecordBatch::try_from_iter([
                ("source", text(&src)),
                ("target", text(&dst)),
                ("weight", w),
            ])?,
        )];
        let i64s = |v: &[i64]| Arc::new(Int64Array::from(v.to_vec())) as ArrayRef;
        out.push((
            "int64_ids",
            RecordBatch::try_from_iter([
                ("src", i64s(&[1, 2, 3, 3, 10])),
                ("dst", i64s(&[2, 3, 1, 3, 1])),
            ])?,
        ));
        let u32s = |v: &[u32]| Arc::new(UInt32Array::from(v.to_vec())) as ArrayRef;
        out.push((
            "uint32_ids_text_weight",
            RecordBatch::try_from_iter([
                ("from", u32s(&[0, 1, 2])),
                ("to", u32s(&[1, 2, 0])),
                ("weight", text(&["1", " 2.5", "1e3"])),
            ])?,
        ));
        let dict: DictionaryArray<Int32Type> = src.iter().copied().collect();
        out.push((
            "dictionary_ids",
            RecordBatch::try_from_iter([
                ("source", Arc::new(dict) as ArrayRef),
                ("target", text(&dst)),
            ])?,
        ));
        out.push((
            "empty",
            RecordBatch::try_from_iter([("source", text(&[])), ("target", text(&[]))])?,
        ));
        Ok(out)
    }

    pub fn corpus(dir: &Path, _gs: &[(&str, Graph)]) -> Res {
        for (name, batch) in batches()? {
            for (target, format, ext) in [
                ("csv_edges", TableFormat::Csv, "csv"),
                ("parquet_edges", TableFormat::Parquet, "parquet"),
                ("ipc_edges", TableFormat::ArrowIpc, "arrow"),
            ] {
                std::fs::create_dir_all(dir.join(target))?;
                write_table(
                    &dir.join(target).join(format!("{name}.{ext}")),
                    format,
                    &batch,
                )?;
            }
            // Uncompressed Parquet (easier to mutate than zstd pages) and the IPC stream format.
            let mut plain = Vec::new();
            let props = WriterProperties::builder().build();
            let mut w = ArrowWriter::try_new(&mut plain, batch.schema(), Some(props))?;
            w.write(&batch)?;
            w.close()?;
            write(
                &dir.join("parquet_edges"),
                &format!("{name}.plain.parquet"),
                &plain,
            )?;
            let mut stream = Vec::new();
            let mut w = arrow::ipc::writer::StreamWriter::try_new(&mut stream, &batch.schema())?;
            w.write(&batch)?;
            w.finish()?;
            write(
                &dir.join("ipc_edges"),
                &format!("{name}.stream.arrow"),
                &stream,
            )?;
        }
        let csv = dir.join("csv_edges");
        write(
            &csv,
            "quoted_bom.csv",
            "\u{feff}source,target,weight\n\"a,b\",c,1\n\"x\"\"y\",007,2.5\n".as_bytes(),
        )?;
        write(
            &csv,
            "extra_columns.csv",
            b"src,dst,weight,label\n1,2,0.5,x\n2,3,1,y\n3,1,NaN,z\n",
        )?;
        Ok(())
    }

    /// Hand-made hostile tables for `fuzz/regressions/<target>/`.
    pub fn hostile(fuzz: &Path) -> Res {
        let csv = fuzz.join("regressions/csv_edges");
        write(&csv, "hand-empty", b"")?;
        write(&csv, "hand-header-only", b"source,target\n")?;
        write(
            &csv,
            "hand-ragged-rows",
            b"source,target,weight\na,b,1\nc,d\ne,f,2,3\n",
        )?;
        write(&csv, "hand-invalid-utf8", b"source,target\n\xff\xfe,b\n")?;
        write(
            &csv,
            "hand-bad-weights",
            b"source,target,weight\na,b,NaN\nb,c,inf\nc,d,-1e400\nd,e,\n",
        )?;
        write(
            &csv,
            "hand-huge-ids",
            b"source,target\n18446744073709551615,0\n18446744073709551616,1\n-1,2\n",
        )?;
        write(&csv, "hand-unterminated-quote", b"source,target\n\"a,b\n")?;
        let batch = batches()?.remove(0).1;
        let scratch = tempfile_dir()?;
        for (target, format, ext) in [
            ("parquet_edges", TableFormat::Parquet, "parquet"),
            ("ipc_edges", TableFormat::ArrowIpc, "arrow"),
        ] {
            let path = scratch.join(format!("good.{ext}"));
            write_table(&path, format, &batch)?;
            let good = std::fs::read(&path)?;
            let dir = fuzz.join("regressions").join(target);
            write(&dir, "hand-truncated-half", &good[..good.len() / 2])?;
            write(&dir, "hand-truncated-tail", &good[..good.len() - 3])?;
            write(&dir, "hand-magic-only", &good[..6.min(good.len())])?;
            let mut flipped = good.clone();
            for i in (8..flipped.len().saturating_sub(8)).step_by(41) {
                flipped[i] ^= 0x5a;
            }
            write(&dir, "hand-bit-flipped", &flipped)?;
            // The 4-byte length just before the trailing magic (Parquet footer
            // length; IPC file footer length) claims about 2 GiB.
            let mut huge = good.clone();
            let at = huge.len() - (if target == "parquet_edges" { 8 } else { 10 });
            huge[at..at + 4].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
            write(&dir, "hand-huge-footer-length", &huge)?;
        }
        // An IPC stream whose first message claims a 2 GiB metadata length.
        let mut stream = vec![0xff, 0xff, 0xff, 0xff];
        stream.extend_from_slice(&0x7fff_fff0u32.to_le_bytes());
        stream.extend_from_slice(&[0; 16]);
        write(
            &fuzz.join("regressions/ipc_edges"),
            "hand-huge-stream-message",
            &stream,
        )?;
        std::fs::remove_dir_all(&scratch)?;
        Ok(())
    }

    fn tempfile_dir() -> Res<std::path::PathBuf> {
        let d = std::env::temp_dir().join(format!("ona-fuzz-seeds-{}", std::process::id()));
        std::fs::create_dir_all(&d)?;
        Ok(d)
    }
}

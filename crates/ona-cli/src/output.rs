//! Writing per-node tables (CSV, JSON) and formatting numbers for reports.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;
use ona_core::{Adjacency, Graph, NodeId};

use crate::error::{CliError, Result};

/// Output format of per-node tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One row per node, one column per metric, header first.
    Csv,
    /// One object keyed by node id, each an object of metric values.
    Json,
}

impl Format {
    /// The format a file name suggests (`.json` → JSON, else CSV).
    pub fn guess(path: Option<&Path>) -> Self {
        match path.and_then(Path::extension).and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Self::Json,
            _ => Self::Csv,
        }
    }
}

/// Per-node values of one output column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Real-valued scores (NaN written as empty / null).
    F64(Vec<f64>),
    /// Labels and counts.
    U32(Vec<u32>),
}

/// One named output column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// One value per node.
    pub values: Values,
}

impl Column {
    fn csv(&self, v: usize) -> String {
        match &self.values {
            Values::F64(x) if x[v].is_finite() => x[v].to_string(),
            Values::F64(_) => String::new(),
            Values::U32(x) => x[v].to_string(),
        }
    }
    fn json(&self, v: usize) -> String {
        match &self.values {
            Values::F64(x) if x[v].is_finite() => x[v].to_string(),
            Values::F64(_) => "null".into(),
            Values::U32(x) => x[v].to_string(),
        }
    }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |source| CliError::Io { path: path.to_path_buf(), source }
}

/// Write `columns` (one value per node of `g`) to `out` (stdout if `None`).
pub fn write_table<A: Adjacency>(g: &Graph<A>, columns: &[Column], out: Option<&Path>, format: Format) -> Result<()> {
    let stdout = PathBuf::from("<stdout>");
    let path = out.unwrap_or(&stdout);
    let sink: Box<dyn Write> = match out {
        Some(p) => Box::new(File::create(p).map_err(io_err(p))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 16, sink);
    let id = |v: u32| g.ids().external(NodeId(v)).map(|x| x.to_string()).unwrap_or_default();
    match format {
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(w);
            let header = std::iter::once("id").chain(columns.iter().map(|c| c.name.as_str()));
            let csv_err = |e: csv::Error| CliError::Io { path: path.to_path_buf(), source: e.into() };
            csv.write_record(header).map_err(csv_err)?;
            for v in (0u32..).take(g.node_count()) {
                let row = std::iter::once(id(v)).chain(columns.iter().map(|c| c.csv(v as usize)));
                csv.write_record(row).map_err(csv_err)?;
            }
            csv.flush().map_err(io_err(path))?;
        }
        Format::Json => {
            let n = g.node_count();
            writeln!(w, "{{").map_err(io_err(path))?;
            for v in (0u32..).take(n) {
                let key = serde_json::Value::String(id(v)).to_string();
                let fields: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{}: {}", serde_json::Value::String(c.name.clone()), c.json(v as usize)))
                    .collect();
                let comma = if (v as usize) + 1 < n { "," } else { "" };
                writeln!(w, "  {key}: {{{}}}{comma}", fields.join(", ")).map_err(io_err(path))?;
            }
            writeln!(w, "}}").map_err(io_err(path))?;
            w.flush().map_err(io_err(path))?;
        }
    }
    Ok(())
}

/// A GitHub-flavoured markdown table with padded columns.
pub fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let k = headers.len();
    let mut width: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(k) {
            width[i] = width[i].max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = String>| {
        let mut s = String::from("|");
        for (i, c) in cells.enumerate().take(k) {
            s.push_str(&format!(" {c:<w$} |", w = width[i]));
        }
        s.push('\n');
        s
    };
    let mut out = line(&mut headers.iter().map(|h| h.to_string()));
    out.push_str(&line(&mut width.iter().map(|&w| "-".repeat(w))));
    for r in rows {
        out.push_str(&line(&mut r.iter().cloned()));
    }
    out
}

/// `1234567` as `1,234,567`.
pub fn thousands(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as `12.3 MiB`.
pub fn bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut x = b as f64;
    let mut u = 0;
    while x >= 1024.0 && u + 1 < UNITS.len() {
        x /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{b} B") } else { format!("{x:.1} {}", UNITS[u]) }
}

/// A duration as `812 µs`, `45.2 ms`, `3.41 s`, `2 m 05 s`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1e-3 {
        format!("{:.0} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else if s < 120.0 {
        format!("{s:.2} s")
    } else {
        format!("{} m {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(3 << 20), "3.0 MiB");
        assert_eq!(duration(Duration::from_millis(45)), "45.0 ms");
        assert_eq!(duration(Duration::from_secs(125)), "2 m 05 s");
        let t = markdown(&["a", "bb"], &[vec!["xyz".into(), "1".into()]]);
        assert_eq!(t, "| a   | bb |\n| --- | -- |\n| xyz | 1  |\n");
    }
}

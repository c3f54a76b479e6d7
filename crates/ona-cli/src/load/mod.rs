//! Edge lists (and optional node files) into a [`Graph`].
//!
//! CSV, TSV or whitespace-separated text; `#` and `%` comment lines; a header
//! row detected or forced; integer ids (all of them canonical integers →
//! [`GraphBuilder::build_u64`]) or string ids ([`GraphBuilder::build_str`]);
//! optional weight and timestamp columns. Every malformed row is an error
//! naming the file, line and column.

mod parse;
mod table;

use std::path::{Path, PathBuf};

use clap::Args;
use ona_core::graph::Categorical;
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder, Progress};

use crate::error::{Context, Problem, Result};
pub use table::Delimiter;
use table::{Row, RowReader};

/// Loader options shared by `ona metrics` and `ona info`.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Node file: first column the id, further columns categorical attributes
    /// (e.g. department). Adds isolated nodes.
    #[arg(long, value_name = "FILE")]
    pub nodes: Option<PathBuf>,
    /// Treat edges as directed (source -> target).
    #[arg(long)]
    pub directed: bool,
    /// Weight column: a header name or a 1-based number. Default: a column
    /// named weight/w/count/value, or the third column of a header-less file.
    #[arg(long, value_name = "NAME")]
    pub weight_col: Option<String>,
    /// Ignore any weight column.
    #[arg(long, conflicts_with = "weight_col")]
    pub unweighted: bool,
    /// Source column (header name or 1-based number; default the first).
    #[arg(long, value_name = "NAME")]
    pub src_col: Option<String>,
    /// Target column (header name or 1-based number; default the second).
    #[arg(long, value_name = "NAME")]
    pub dst_col: Option<String>,
    /// Timestamp column (epoch seconds or ISO 8601). Default: a column named
    /// time/timestamp/ts/date, or the fourth column of a header-less file.
    #[arg(long, value_name = "NAME")]
    pub time_col: Option<String>,
    /// Keep only the edges whose timestamp lies in [START, END): epoch
    /// seconds or ISO 8601 dates (UTC unless a zone is written); leave
    /// either end empty for an open window (`2024-01-01..`).
    #[arg(long, value_name = "START..END", value_parser = Window::parse)]
    pub window: Option<Window>,
    /// Field delimiter: auto, ',' , tab, space, or one punctuation character.
    #[arg(long, default_value = "auto", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// The first row is a header (default: detected).
    #[arg(long, conflicts_with = "no_header")]
    pub header: bool,
    /// The first row is data (default: detected).
    #[arg(long)]
    pub no_header: bool,
}

/// A half-open time window [start, end) in epoch seconds, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Start, inclusive (`-inf` when open).
    pub start: f64,
    /// End, exclusive (`+inf` when open).
    pub end: f64,
    /// The window as given on the command line.
    pub text: String,
}

impl Window {
    /// Parse `START..END` (either side may be empty, not both).
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        let (a, b) = s.split_once("..").ok_or_else(|| format!("expected START..END, got '{s}'"))?;
        let end = |t: &str, open: f64| -> std::result::Result<f64, String> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(open);
            }
            parse::timestamp_seconds(t).ok_or_else(|| format!("'{t}' is neither a number nor an ISO 8601 date/time"))
        };
        let (start, end) = (end(a, f64::NEG_INFINITY)?, end(b, f64::INFINITY)?);
        if start.is_infinite() && end.is_infinite() {
            return Err("give at least one end of the window".into());
        }
        if start >= end {
            return Err(format!("the window '{s}' is empty: its start is not before its end"));
        }
        Ok(Self { start, end, text: s.to_string() })
    }

    /// Whether a time `t` (seconds) falls inside.
    pub fn contains(&self, t: f64) -> bool {
        self.start <= t && t < self.end
    }
}

fn parse_delimiter(s: &str) -> std::result::Result<Delimiter, String> {
    Delimiter::parse(s).ok_or_else(|| format!("'{s}' is not a delimiter (auto, ',', tab, space, or one punctuation character)"))
}

/// A loaded graph and what the loader saw.
#[derive(Debug)]
pub struct Loaded {
    /// The graph.
    pub graph: Graph,
    /// Edge rows read (before duplicates merge).
    pub rows: u64,
    /// Whether the edge file had a header row.
    pub header: bool,
    /// The delimiter used.
    pub delimiter: Delimiter,
    /// Weight column name, if weighted.
    pub weight_column: Option<String>,
    /// Whether ids were integers.
    pub integer_ids: bool,
}

/// Ids of one column, integers while every id so far was one.
#[derive(Debug)]
enum Ids {
    Int(Vec<u64>),
    Str(Vec<Box<str>>),
}

impl Ids {
    fn push(&mut self, s: &str, all_int: &mut bool) {
        match self {
            Self::Int(v) => match parse::int_id(s) {
                Some(x) => v.push(x),
                None => {
                    *all_int = false;
                    let mut strs: Vec<Box<str>> = v.iter().map(|x| x.to_string().into_boxed_str()).collect();
                    strs.push(s.into());
                    *self = Self::Str(strs);
                }
            },
            Self::Str(v) => v.push(s.into()),
        }
    }
    fn len(&self) -> usize {
        match self {
            Self::Int(v) => v.len(),
            Self::Str(v) => v.len(),
        }
    }
    fn into_strings(self) -> Vec<Box<str>> {
        match self {
            Self::Int(v) => v.iter().map(|x| x.to_string().into_boxed_str()).collect(),
            Self::Str(v) => v,
        }
    }
}

/// Where the columns in use sit.
#[derive(Debug)]
struct Columns {
    src: usize,
    dst: usize,
    weight: Option<(usize, String)>,
    time: Option<(usize, String)>,
}

impl Columns {
    fn needed(&self) -> usize {
        let w = self.weight.as_ref().map_or(0, |c| c.0 + 1);
        let t = self.time.as_ref().map_or(0, |c| c.0 + 1);
        (self.src.max(self.dst) + 1).max(w).max(t)
    }
}

/// A column chosen on the command line: 1-based number or header name.
fn pick(reader: &RowReader, header: Option<&Row>, spec: &str, line: u64) -> Result<usize> {
    if let Ok(k) = spec.parse::<usize>() {
        return k.checked_sub(1).ok_or_else(|| reader.error(line, Problem::BadColumnNumber { number: k }));
    }
    let Some(h) = header else {
        return Err(reader.error(line, Problem::NoHeader { name: spec.into() }));
    };
    h.fields().position(|f| f == spec || f.eq_ignore_ascii_case(spec)).ok_or_else(|| {
        reader.error(line, Problem::UnknownColumn { name: spec.into(), header: h.fields().collect::<Vec<_>>().join(",") })
    })
}

/// Whether the first row is a header: forced by flags, else guessed.
fn is_header(args: &LoadArgs, first: &Row, second: Option<&Row>) -> bool {
    if args.header || args.no_header {
        return args.header;
    }
    let named = [&args.src_col, &args.dst_col, &args.weight_col, &args.time_col];
    let by_name = named.iter().filter_map(|c| c.as_deref()).filter(|c| c.parse::<usize>().is_err());
    if by_name.clone().any(|c| first.fields().any(|f| f.eq_ignore_ascii_case(c))) {
        return true;
    }
    let (a, b) = (first.get(0).unwrap_or(""), first.get(1).unwrap_or(""));
    if parse::is_number(a) || parse::is_number(b) {
        return false;
    }
    let vocab = [parse::SOURCE_NAMES, parse::TARGET_NAMES, parse::WEIGHT_NAMES, parse::TIME_NAMES];
    if first.fields().any(|f| vocab.iter().any(|names| parse::is_one_of(f, names))) {
        return true;
    }
    // Non-numeric first row over a numeric second row, in the id columns
    // or the third (weight) column.
    second.is_some_and(|s| {
        let num = |r: &Row, i: usize| r.get(i).is_some_and(parse::is_number);
        (num(s, 0) && num(s, 1)) || (first.get(2).is_some_and(|f| !parse::is_number(f)) && num(s, 2))
    })
}

fn resolve(args: &LoadArgs, reader: &RowReader, header: Option<&Row>, first: &Row) -> Result<Columns> {
    let line = first.line;
    let by_vocab = |names: &[&str]| header.and_then(|h| h.fields().position(|f| parse::is_one_of(f, names)));
    let name_of = |i: usize, default: &str| header.and_then(|h| h.get(i)).map_or_else(|| default.to_string(), String::from);
    let src = match &args.src_col {
        Some(s) => pick(reader, header, s, line)?,
        None => by_vocab(parse::SOURCE_NAMES).unwrap_or(0),
    };
    let dst = match &args.dst_col {
        Some(s) => pick(reader, header, s, line)?,
        None => by_vocab(parse::TARGET_NAMES).unwrap_or(if src == 1 { 0 } else { 1 }),
    };
    let used = |i: usize| i == src || i == dst;
    let weight = if args.unweighted {
        None
    } else {
        match &args.weight_col {
            Some(s) => Some(pick(reader, header, s, line)?),
            None if header.is_some() => by_vocab(parse::WEIGHT_NAMES),
            None => (2..first.len()).find(|&i| !used(i)),
        }
    };
    let time = match &args.time_col {
        Some(s) => Some(pick(reader, header, s, line)?),
        None if header.is_some() => by_vocab(parse::TIME_NAMES),
        None => (weight.map_or(2, |w| w + 1)..first.len()).find(|&i| !used(i)).filter(|_| weight.is_some()),
    };
    Ok(Columns {
        src,
        dst,
        weight: weight.map(|i| (i, name_of(i, "weight"))),
        time: time.map(|i| (i, name_of(i, "timestamp"))),
    })
}

/// Report reading progress through the `exec`'s sink every few megabytes.
struct ReadProgress<'a> {
    sink: Option<&'a (dyn Fn(Progress) + Send + Sync)>,
    next: u64,
}

impl ReadProgress<'_> {
    const STEP: u64 = 4 << 20;
    fn tick(&mut self, reader: &RowReader) {
        let done = reader.bytes_read();
        if done >= self.next {
            self.next = done + Self::STEP;
            if let Some(sink) = self.sink {
                sink(Progress { phase: "reading", done, total: reader.size().max(done) });
            }
        }
    }
}

/// Read the edge file (and node file) of `args` and build the graph.
pub fn load(edges: &Path, args: &LoadArgs, sink: Option<&(dyn Fn(Progress) + Send + Sync)>, exec: &Exec) -> Result<Loaded> {
    let mut reader = RowReader::open(edges, args.delimiter)?;
    let mut first = Row::default();
    if !reader.next_row(&mut first)? {
        return Err(reader.error(0, Problem::NoEdges));
    }
    let mut second = Row::default();
    let has_second = reader.next_row(&mut second)?;
    let header = is_header(args, &first, has_second.then_some(&second));
    let (header_row, data_first) = if header { (Some(&first), has_second.then_some(&second)) } else { (None, Some(&first)) };
    let Some(data_first) = data_first else {
        return Err(reader.error(0, Problem::NoEdges));
    };
    let cols = resolve(args, &reader, header_row, data_first)?;
    let needed = cols.needed();
    if args.window.is_some() && cols.time.is_none() {
        return Err(reader.error(data_first.line, Problem::NoTimeColumn));
    }

    let mut all_int = true;
    let (mut src, mut dst) = (Ids::Int(Vec::new()), Ids::Int(Vec::new()));
    let mut weights: Vec<f64> = Vec::new();
    let mut progress = ReadProgress { sink, next: 0 };
    let mut add = |row: &Row, reader: &RowReader, all_int: &mut bool| -> Result<()> {
        if row.len() < needed {
            return Err(reader.error(row.line, Problem::TooFewColumns { expected: needed, found: row.len() }));
        }
        let field = |i: usize| row.get(i).unwrap_or("");
        let (s, d) = (field(cols.src), field(cols.dst));
        for (id, column) in [(s, "source"), (d, "target")] {
            if id.is_empty() {
                return Err(reader.error(row.line, Problem::EmptyId { column: column.into() }));
            }
        }
        if let Some((i, name)) = &cols.time {
            let text = field(*i);
            let bad = || reader.error(row.line, Problem::BadTimestamp { column: name.clone(), value: text.into() });
            if let Some(window) = &args.window {
                if !window.contains(parse::timestamp_seconds(text).ok_or_else(bad)?) {
                    return Ok(());
                }
            } else if !parse::is_timestamp(text) {
                return Err(bad());
            }
        }
        if let Some((i, name)) = &cols.weight {
            let text = field(*i);
            let w: f64 = text
                .parse()
                .map_err(|_| reader.error(row.line, Problem::NotANumber { column: name.clone(), value: text.into() }))?;
            if !w.is_finite() {
                return Err(reader.error(row.line, Problem::NotFinite { column: name.clone(), value: text.into() }));
            }
            weights.push(w);
        }
        src.push(s, all_int);
        dst.push(d, all_int);
        if !*all_int {
            // Keep both columns in the same representation.
            if let Ids::Int(v) = &src {
                src = Ids::Str(v.iter().map(|x| x.to_string().into_boxed_str()).collect());
            }
            if let Ids::Int(v) = &dst {
                dst = Ids::Str(v.iter().map(|x| x.to_string().into_boxed_str()).collect());
            }
        }
        Ok(())
    };
    let mut rows = 0u64;
    if !header {
        add(&first, &reader, &mut all_int)?;
        rows += 1;
    }
    if has_second {
        add(&second, &reader, &mut all_int)?;
        rows += 1;
        let mut row = Row::default();
        while reader.next_row(&mut row)? {
            add(&row, &reader, &mut all_int)?;
            rows += 1;
            if rows % 65_536 == 0 {
                progress.tick(&reader);
                exec.check().context("reading")?;
            }
        }
    }
    if rows == 0 {
        return Err(reader.error(0, Problem::NoEdges));
    }
    if src.len() == 0 {
        return Err(reader.error(0, Problem::NoEdgesInWindow { window: args.window.as_ref().map_or_else(String::new, |w| w.text.clone()) }));
    }
    let nodes = match &args.nodes {
        Some(path) => Some(read_nodes(path, args.delimiter)?),
        None => None,
    };
    if let Some(n) = &nodes {
        all_int &= n.ids.iter().all(|s| parse::int_id(s).is_some());
    }
    let builder = GraphBuilder::with_direction(args.directed);
    let w = cols.weight.is_some().then_some(EdgeWeights::F64(&weights));
    let what = format!("building the graph from {}", edges.display());
    let mut graph = match (all_int, src, dst) {
        (true, Ids::Int(s), Ids::Int(d)) => {
            let node_ids: Vec<u64> = nodes.iter().flat_map(|n| n.ids.iter().filter_map(|s| parse::int_id(s))).collect();
            builder.build_u64(&node_ids, &s, &d, w, exec).context(&what)?
        }
        (_, s, d) => {
            let node_ids: Vec<Box<str>> = nodes.iter().flat_map(|n| n.ids.iter().cloned()).collect();
            builder.build_str(&node_ids, &s.into_strings(), &d.into_strings(), w, exec).context(&what)?
        }
    };
    if let Some(n) = nodes {
        n.attach(&mut graph)?;
    }
    Ok(Loaded {
        graph,
        rows,
        header,
        delimiter: reader.delimiter(),
        weight_column: cols.weight.map(|c| c.1),
        integer_ids: all_int,
    })
}

/// The rows of a node file.
#[derive(Debug)]
struct Nodes {
    path: PathBuf,
    ids: Vec<Box<str>>,
    columns: Vec<String>,
    /// Row-major attribute values, `columns.len()` per node.
    values: Vec<Option<Box<str>>>,
}

fn read_nodes(path: &Path, delim: Delimiter) -> Result<Nodes> {
    let mut reader = RowReader::open(path, delim)?;
    let mut rows = Vec::new();
    let mut row = Row::default();
    while reader.next_row(&mut row)? {
        rows.push(row.clone());
    }
    let Some(first) = rows.first() else {
        return Ok(Nodes { path: path.into(), ids: Vec::new(), columns: Vec::new(), values: Vec::new() });
    };
    let header = first.get(0).is_some_and(|f| parse::is_one_of(f, parse::NODE_NAMES))
        || (first.get(0).is_some_and(|f| !parse::is_number(f)) && rows.get(1).and_then(|r| r.get(0)).is_some_and(parse::is_number));
    let width = rows.iter().map(Row::len).max().unwrap_or(1);
    let columns: Vec<String> = (1..width)
        .map(|i| if header { first.get(i).map_or_else(|| format!("column{}", i + 1), String::from) } else { format!("column{}", i + 1) })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::new();
    let mut values = Vec::new();
    for r in rows.iter().skip(usize::from(header)) {
        let id = r.get(0).unwrap_or("");
        if id.is_empty() {
            return Err(reader.error(r.line, Problem::EmptyId { column: "node".into() }));
        }
        if !seen.insert(id.to_string()) {
            return Err(reader.error(r.line, Problem::DuplicateNode { id: id.into() }));
        }
        ids.push(id.into());
        for i in 1..width {
            values.push(r.get(i).filter(|v| !v.is_empty()).map(Into::into));
        }
    }
    Ok(Nodes { path: path.into(), ids, columns, values })
}

impl Nodes {
    fn attach(self, graph: &mut Graph) -> Result<()> {
        let k = self.columns.len();
        let n = graph.node_count();
        for (c, name) in self.columns.iter().enumerate() {
            let mut column: Vec<Option<&str>> = vec![None; n];
            for (r, id) in self.ids.iter().enumerate() {
                // Every listed node was added to the graph.
                if let Some(v) = graph.ids().lookup_str(id) {
                    column[v.index()] = self.values[r * k + c].as_deref();
                }
            }
            let cat = Categorical::from_values(&column).context(format!("{}: column {name}", self.path.display()))?;
            graph.set_categorical(name, cat).context(format!("{}: column {name}", self.path.display()))?;
        }
        Ok(())
    }
}

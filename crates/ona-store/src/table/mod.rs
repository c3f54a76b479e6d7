//! Edge tables, node-attribute tables and result tables in CSV, Parquet and
//! Arrow IPC.
//!
//! Every format is decoded into Arrow record batches and then goes through
//! one accumulator under one input policy, so the same data gives the same
//! [`Graph`](ona_core::Graph) (`==`) whatever the file format.
//!
//! ```
//! use ona_core::Exec;
//! use ona_store::table::{EdgeOptions, read_graph};
//! let dir = tempfile::tempdir()?;
//! let edges = dir.path().join("edges.csv");
//! std::fs::write(&edges, "source,target,weight\nana,bo,2\nbo,cy,1.5\n")?;
//! let g = read_graph(&edges, None, &EdgeOptions::default(), &Exec::sequential()?)?;
//! assert_eq!((g.node_count(), g.edge_count()), (3, 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The input policy
//!
//! **Formats.** By extension: `.csv`, `.tsv`/`.tab`, `.parquet`/`.pq`,
//! `.arrow`/`.arrows`/`.ipc`/`.feather` (Arrow IPC, file or stream format,
//! told apart by the file's magic bytes; compressed IPC buffers are not
//! supported); a file with another extension is sniffed for Parquet or
//! Arrow IPC magic bytes ([`TableFormat::from_path`]). CSV and TSV must
//! have a header row and the same number of fields on every row; every
//! column is read as text (no type inference), so `007` stays the text
//! `007`; an empty field reads as null; a leading byte-order mark is
//! ignored.
//!
//! **Columns, by name.** Names given in [`EdgeOptions`] match a column
//! exactly, else ignoring ASCII case; a name that matches nothing is an
//! [`Error::Input`](crate::Error::Input) naming it and listing the
//! columns. Without a name: source is the first column called `source`,
//! `src` or `from` (ASCII case ignored), else the first column that is not
//! the target; target is `target`, `dst` or `to`, else the first column that
//! is not the source; weights come from a column called `weight` if there is
//! one ([`WeightColumn::Auto`]), else the graph is unweighted. The same
//! column as source and target, or as an id and the weight, is an error.
//! Other columns are not read.
//!
//! **Ids.** An id column has an integer type (signed or unsigned, any
//! width) or a text type (`Utf8`, `LargeUtf8`, `Utf8View`, or a dictionary
//! of one); anything else is an error naming the column. A null id, an
//! empty text id or a negative integer id is an error naming the row and
//! column. One rule picks the graph's ids, for every format alike: if every
//! id in the source, target and node-id columns is a canonical non-negative
//! integer — an integer value, or text of ASCII digits with no sign, no
//! leading zero (except `0` itself) and at most `u64::MAX` — the graph has
//! integer ids ([`GraphBuilder::build_u64`](ona_core::GraphBuilder::build_u64):
//! node `i` is the `i`-th smallest id); otherwise it has text ids
//! ([`GraphBuilder::build_str`](ona_core::GraphBuilder::build_str): nodes
//! in first-seen order over the node table, then the edge rows), integers
//! written in decimal, so the integer `7` and the text `"7"` are one node.
//! Integer-typed columns go straight to `u64`s, never through text.
//!
//! **Weights.** A weight column has a numeric type (integers, floats,
//! decimals), converted to `f64` (integers above 2^53 round), or a text
//! type holding Rust `f64` syntax after trimming ASCII whitespace. The graph
//! always keeps `f64` weights. A null weight, text that is not a number, NaN
//! and ±infinity are errors naming the row and column.
//!
//! **Rows** in errors are 0-based data rows (a CSV header is not a row),
//! counted across batches and row groups. Of several bad values in one
//! batch, the earliest row is reported.
//!
//! **Bytes.** Invalid UTF-8 (in CSV; Arrow and Parquet text is checked by
//! their decoders) and any other decoding failure is an
//! [`Error::Format`](crate::Error::Format) naming the file; no input makes
//! these functions panic (a panic inside a decoder is caught and reported
//! as `Error::Format`).
//!
//! **Self loops, duplicate edges, direction** follow
//! [`EdgeOptions::self_loops`], [`EdgeOptions::duplicates`] and
//! [`EdgeOptions::directed`], applied by the
//! [`GraphBuilder`](ona_core::GraphBuilder) itself; a refusal is an
//! [`Error::Graph`](crate::Error::Graph) naming the edge row.
//!
//! **Node table** (optional). Its id column is [`EdgeOptions::node_id`],
//! else the first column called `id` or `node`, else the first column; ids
//! follow the id rules above, and a repeated id is an error naming the row of
//! the repeat. Every id becomes a node (so nodes without edges exist). Every
//! other column becomes a categorical attribute of that name: values
//! rendered as text (text as is, other types by Arrow's display: the float
//! 2 is `2.0`, so a CSV `2` and a Parquet float `2.0` differ); null or empty
//! is missing, as is any node the table does not list.
//!
//! # Results
//!
//! [`write_results`] writes per-node columns with the graph's ids as a first
//! column `id` (`UInt64` for integer ids, `Utf8` for text ids) to Parquet
//! (zstd), Arrow IPC (file format) or CSV.
//!
//! # Untrusted input
//!
//! Every public function here returns an error, never panics, on any bytes
//! or values; memory use is proportional to the rows read (integer ids: 8
//! bytes per id and weight; text ids: the decoded text plus a pointer per
//! id).

mod columns;
mod edges;
mod ids;
mod nodes;
mod options;
mod pack;
mod source;
mod weights;
mod write;

pub use columns::{NODE_ID_NAMES, SOURCE_NAMES, TARGET_NAMES, WEIGHT_NAME};
pub use edges::{read_graph, read_graph_batches};
pub use options::{EdgeOptions, TableFormat, WeightColumn};
pub use pack::{pack_groups_batch, pack_people_batch, write_pack_parquet};
pub use write::{ResultColumn, results_batch, write_results, write_table};

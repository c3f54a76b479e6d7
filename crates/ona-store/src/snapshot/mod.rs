//! Snapshots: one immutable, checksummed file per graph version, laid out so
//! that a memory mapping of it *is* the graph (see `FORMAT.md`).
//!
//! - [`encode`] turns a graph into snapshot bytes (deterministically).
//! - [`Snapshot::from_bytes`] and [`Snapshot::read`] validate bytes from
//!   anywhere into a heap copy; [`SnapshotDir`] publishes snapshots
//!   crash-safely into a directory ona owns and opens them by `mmap`.
//! - Opening validates everything before any slice is formed: header and
//!   footer, every section checksum, bounds, alignment, and every invariant
//!   the decoder relies on (so algorithms never panic on a snapshot that
//!   opened). Failures are [`Error::Corrupt`] or [`Error::UnsupportedVersion`].

mod blob;
mod dir;
mod file;
pub mod format;
mod region;
mod write;

use std::path::Path;
use std::sync::Arc;

use ona_core::graph::{CompressedParts, IdMap, ListStats, PADDING, WeightSlice};
use ona_core::{Exec, Graph};
use rayon::prelude::*;

pub use blob::Manifest;
pub use dir::{Published, SnapshotDir};
pub use file::{write_bytes, write_file};
use format::{Elem, Entry, FLAG_DIRECTED, Header, Kind};
pub use region::{MappedCsr, Region};
use region::typed;
pub use write::{Meta, encode};

use crate::error::{Error, Result};

/// A validated snapshot: the graph (adjacency in the snapshot's memory), its
/// header fields and its manifest.
#[derive(Debug, Clone)]
pub struct Snapshot {
    graph: Graph<MappedCsr>,
    header: Header,
    manifest: Manifest,
    bytes: u64,
}

impl Snapshot {
    /// Validate `bytes` (copied into aligned memory).
    pub fn from_bytes(bytes: &[u8], exec: &Exec) -> Result<Self> {
        Self::from_region(Arc::new(Region::copy_of(bytes)), exec)
    }

    /// Read and validate the snapshot file at `path` into memory. For files
    /// of any origin; [`SnapshotDir`] maps its own files instead of copying.
    pub fn read(path: &Path, exec: &Exec) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io("reading", path, e))?;
        Self::from_bytes(&bytes, exec)
    }

    /// Validate the bytes of `region` and build the graph over them.
    pub fn from_region(region: Arc<Region>, exec: &Exec) -> Result<Self> {
        exec.install(|| open(region))
    }

    /// The graph.
    pub fn graph(&self) -> &Graph<MappedCsr> {
        &self.graph
    }
    /// Free-form metadata stored with the graph.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    /// The graph's version.
    pub fn version(&self) -> u64 {
        self.header.version
    }
    /// The graph's identity.
    pub fn graph_id(&self) -> [u8; 16] {
        self.header.graph_id
    }
    /// Format version the file was written in.
    pub fn format_version(&self) -> u32 {
        self.header.format_version
    }
    /// File size in bytes.
    pub fn file_bytes(&self) -> u64 {
        self.bytes
    }
    /// Whether the adjacency is a file mapping (rather than a heap copy).
    pub fn is_mapped(&self) -> bool {
        self.graph.out_adj().region().is_mapped()
    }
}

/// The payload of section `kind`, if present.
fn section<'a>(file: &'a [u8], entries: &[Entry], kind: Kind) -> Option<(&'a [u8], Elem)> {
    let e = entries.iter().find(|e| e.kind == kind)?;
    // Bounds were checked by `Header::decode`.
    Some((&file[e.offset as usize..(e.offset + e.len) as usize], e.elem))
}

fn required<'a>(file: &'a [u8], entries: &[Entry], kind: Kind) -> Result<(&'a [u8], Elem)> {
    section(file, entries, kind).ok_or_else(|| Error::corrupt(kind.name(), "required section missing"))
}

fn typed_section<'a, T: bytemuck::Pod>(file: &'a [u8], entries: &[Entry], kind: Kind) -> Result<&'a [T]> {
    let (b, _) = required(file, entries, kind)?;
    typed(b).ok_or_else(|| Error::corrupt(kind.name(), "misaligned"))
}

/// The compressed parts of one direction, located in `file` (not yet validated).
fn locate<'a>(file: &'a [u8], entries: &[Entry], n: usize, kinds: [Kind; 5]) -> Result<CompressedParts<'a>> {
    let block_arc: &[u64] = typed_section(file, entries, kinds[1])?;
    let weights = match section(file, entries, kinds[4]) {
        None => None,
        Some((b, Elem::F32)) => Some(WeightSlice::F32(typed(b).ok_or_else(|| Error::corrupt(kinds[4].name(), "misaligned"))?)),
        Some((b, _)) => Some(WeightSlice::F64(typed(b).ok_or_else(|| Error::corrupt(kinds[4].name(), "misaligned"))?)),
    };
    let (bytes, _) = required(file, entries, kinds[3])?;
    if bytes.len() < PADDING {
        return Err(Error::corrupt(kinds[3].name(), format!("{} bytes, at least {PADDING} needed", bytes.len())));
    }
    Ok(CompressedParts {
        n,
        arcs: block_arc.last().copied().unwrap_or(0),
        block_byte: typed_section(file, entries, kinds[0])?,
        block_arc,
        node_rel: typed_section(file, entries, kinds[2])?,
        bytes,
        weights,
    })
}

const OUT: [Kind; 5] = [Kind::OutBlockByte, Kind::OutBlockArc, Kind::OutNodeRel, Kind::OutLists, Kind::OutWeights];
const IN: [Kind; 5] = [Kind::InBlockByte, Kind::InBlockArc, Kind::InNodeRel, Kind::InLists, Kind::InWeights];

fn open(region: Arc<Region>) -> Result<Snapshot> {
    let file = region.bytes();
    let (header, entries) = Header::decode(file)?;
    if let Some(bad) = entries.par_iter().find_first(|e| crc32c::crc32c(&file[e.offset as usize..(e.offset + e.len) as usize]) != e.crc) {
        return Err(Error::corrupt(bad.kind.name(), format!("checksum mismatch (stored {:#010x})", bad.crc)));
    }
    if header.node_count > ona_core::MAX_NODES {
        return Err(Error::corrupt("header", format!("{} nodes exceed the limit of {}", header.node_count, ona_core::MAX_NODES)));
    }
    let n = header.node_count as usize;
    let directed = header.flags & FLAG_DIRECTED != 0;
    for kind in IN {
        if !directed && section(file, &entries, kind).is_some() {
            return Err(Error::corrupt(kind.name(), "in-adjacency in an undirected snapshot"));
        }
    }
    let out = locate(file, &entries, n, OUT)?;
    let inc = if directed { Some(locate(file, &entries, n, IN)?) } else { None };
    let check = |p: &CompressedParts<'_>, kind: Kind| p.validate().map_err(|reason| Error::corrupt(kind.name(), reason));
    let (out_stats, in_checked) =
        rayon::join(|| check(&out, Kind::OutLists), || inc.as_ref().map(|p| check(p, Kind::InLists).map(|s| (p, s))).transpose());
    let out_stats: ListStats = out_stats?;
    let self_loops = out_stats.self_loops;
    match in_checked? {
        None => {
            if out_stats.arc_sum != out_stats.reverse_sum {
                return Err(Error::corrupt("out.lists", "undirected adjacency is not symmetric (or its weights differ by direction)"));
            }
        }
        Some((i, s)) => {
            if s.arc_sum != out_stats.reverse_sum || s.reverse_sum != out_stats.arc_sum || s.self_loops != self_loops {
                return Err(Error::corrupt("in.lists", "in-adjacency is not the transpose of the out-adjacency"));
            }
            if i.weights.is_some() != out.weights.is_some() {
                return Err(Error::corrupt("in.weights", "weighted in one direction only"));
            }
        }
    }
    let edges = if directed { out.arcs } else { (out.arcs + self_loops) / 2 };
    if edges != header.edge_count {
        return Err(Error::corrupt("header", format!("edge count {} but the lists hold {edges}", header.edge_count)));
    }
    let ids = ids(file, &entries, n)?;
    let attrs = match section(file, &entries, Kind::Attributes) {
        Some((b, _)) => blob::decode_attributes(b, n)?,
        None => Default::default(),
    };
    let manifest = blob::decode_manifest(required(file, &entries, Kind::Manifest)?.0)?;
    let bytes = file.len() as u64;
    let out_adj = MappedCsr::new(region.clone(), |f| locate(f, &entries, n, OUT))?;
    let in_adj = if directed { Some(MappedCsr::new(region.clone(), |f| locate(f, &entries, n, IN))?) } else { None };
    let graph = Graph::from_adjacency(directed, out_adj, in_adj, self_loops, ids, attrs)?;
    Ok(Snapshot { graph, header, manifest, bytes })
}

fn ids(file: &[u8], entries: &[Entry], n: usize) -> Result<IdMap> {
    if let Some((b, _)) = section(file, entries, Kind::IdsU64) {
        let ids: &[u64] = typed(b).ok_or_else(|| Error::corrupt("ids.u64", "misaligned"))?;
        if ids.len() != n {
            return Err(Error::corrupt("ids.u64", format!("{} ids for {n} nodes", ids.len())));
        }
        if let Some(i) = ids.windows(2).position(|w| w[0] >= w[1]) {
            return Err(Error::corrupt("ids.u64", format!("ids not strictly ascending at node {}", i + 1)));
        }
        return Ok(IdMap::U64(ids.to_vec()));
    }
    if section(file, entries, Kind::IdsStrOffsets).is_none() {
        return Ok(IdMap::Dense(n as u32));
    }
    let offsets: &[u64] = typed_section(file, entries, Kind::IdsStrOffsets)?;
    let (text, _) = required(file, entries, Kind::IdsStrBytes)?;
    if offsets.len() != n + 1 || offsets[0] != 0 || offsets[n] != text.len() as u64 {
        return Err(Error::corrupt("ids.str_offsets", format!("{} offsets for {n} nodes over {} bytes", offsets.len(), text.len())));
    }
    let mut names = Vec::with_capacity(n);
    for v in 0..n {
        let (a, b) = (offsets[v], offsets[v + 1]);
        let Some(raw) = usize::try_from(a).ok().zip(usize::try_from(b).ok()).and_then(|(a, b)| text.get(a..b)) else {
            return Err(Error::corrupt("ids.str_offsets", format!("node {v}: bytes {a}..{b} outside the {} bytes of text", text.len())));
        };
        let s = std::str::from_utf8(raw).map_err(|e| Error::corrupt("ids.str_bytes", format!("node {v}: {e}")))?;
        names.push(Box::<str>::from(s));
    }
    let map = IdMap::from_names(names);
    if let IdMap::Str { index, .. } = &map {
        if index.len() != n {
            return Err(Error::corrupt("ids.str_bytes", "repeated string id"));
        }
    }
    Ok(map)
}

//! Serialize a graph into snapshot bytes. Deterministic: the same graph and
//! metadata give the same bytes, whatever the thread count.

use ona_core::graph::{CompressedParts, CompressedStorage, IdMap, WeightSlice};
use ona_core::Graph;
use rayon::prelude::*;

use super::blob::{Manifest, encode_attributes, encode_manifest};
use super::format::{ALIGN, Elem, Entry, FLAG_DIRECTED, FORMAT_VERSION, Header, Kind, footer, stored_header_crc};

/// What a snapshot records besides the graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Identity of the graph; `None` derives one from the content.
    pub graph_id: Option<[u8; 16]>,
    /// Version number (monotonic per graph; [`super::SnapshotDir`] assigns it).
    pub version: u64,
    /// Free-form metadata.
    pub manifest: Manifest,
}

/// One section before layout.
struct Payload<'a> {
    kind: Kind,
    elem: Elem,
    bytes: std::borrow::Cow<'a, [u8]>,
}

fn adjacency<'a>(p: CompressedParts<'a>, kinds: [Kind; 5], out: &mut Vec<Payload<'a>>) {
    let raw = |b: &'a [u8]| std::borrow::Cow::Borrowed(b);
    out.push(Payload { kind: kinds[0], elem: Elem::U64, bytes: raw(bytemuck::cast_slice(p.block_byte)) });
    out.push(Payload { kind: kinds[1], elem: Elem::U64, bytes: raw(bytemuck::cast_slice(p.block_arc)) });
    out.push(Payload { kind: kinds[2], elem: Elem::U32, bytes: raw(bytemuck::cast_slice(p.node_rel)) });
    out.push(Payload { kind: kinds[3], elem: Elem::U8, bytes: raw(p.bytes) });
    match p.weights {
        None => {}
        Some(WeightSlice::F32(w)) => out.push(Payload { kind: kinds[4], elem: Elem::F32, bytes: raw(bytemuck::cast_slice(w)) }),
        Some(WeightSlice::F64(w)) => out.push(Payload { kind: kinds[4], elem: Elem::F64, bytes: raw(bytemuck::cast_slice(w)) }),
    }
}

/// The snapshot bytes of `g` (in parallel on the current rayon pool for the checksums).
///
/// The in-memory layout is little-endian, which is what the file stores;
/// big-endian targets are refused at compile time below.
pub fn encode<S: CompressedStorage>(g: &Graph<S>, meta: &Meta) -> Vec<u8> {
    let out_kinds = [Kind::OutBlockByte, Kind::OutBlockArc, Kind::OutNodeRel, Kind::OutLists, Kind::OutWeights];
    let in_kinds = [Kind::InBlockByte, Kind::InBlockArc, Kind::InNodeRel, Kind::InLists, Kind::InWeights];
    let mut sections = Vec::new();
    adjacency(g.out_adj().parts(), out_kinds, &mut sections);
    if g.is_directed() {
        adjacency(g.in_adj().parts(), in_kinds, &mut sections);
    }
    match g.ids() {
        IdMap::Dense(_) => {}
        IdMap::U64(ids) => sections.push(Payload { kind: Kind::IdsU64, elem: Elem::U64, bytes: bytemuck::cast_slice(ids).into() }),
        IdMap::Str { names, .. } => {
            let mut offsets = Vec::with_capacity(names.len() + 1);
            let mut text = Vec::new();
            offsets.push(0u64);
            for s in names {
                text.extend_from_slice(s.as_bytes());
                offsets.push(text.len() as u64);
            }
            let offsets: Vec<u8> = bytemuck::cast_slice(&offsets).to_vec();
            sections.push(Payload { kind: Kind::IdsStrOffsets, elem: Elem::U64, bytes: offsets.into() });
            sections.push(Payload { kind: Kind::IdsStrBytes, elem: Elem::U8, bytes: text.into() });
        }
    }
    if !g.attributes().is_empty() {
        sections.push(Payload { kind: Kind::Attributes, elem: Elem::U8, bytes: encode_attributes(g.attributes()).into() });
    }
    sections.push(Payload { kind: Kind::Manifest, elem: Elem::U8, bytes: encode_manifest(&meta.manifest).into() });

    // Layout: header, table, payloads at 8-aligned offsets, footer.
    let table_end = super::format::HEADER_LEN + sections.len() * super::format::ENTRY_LEN;
    let crcs: Vec<u32> = sections.par_iter().map(|s| crc32c::crc32c(&s.bytes)).collect();
    let mut entries = Vec::with_capacity(sections.len());
    let mut at = (table_end as u64).next_multiple_of(ALIGN);
    for (s, crc) in sections.iter().zip(&crcs) {
        entries.push(Entry { kind: s.kind, elem: s.elem, offset: at, len: s.bytes.len() as u64, crc: *crc });
        at = (at + s.bytes.len() as u64).next_multiple_of(ALIGN);
    }
    let graph_id = meta.graph_id.unwrap_or_else(|| content_id(&crcs));
    let header = Header {
        format_version: FORMAT_VERSION,
        min_reader_version: 1,
        graph_id,
        version: meta.version,
        node_count: g.node_count() as u64,
        edge_count: g.edge_count(),
        flags: if g.is_directed() { FLAG_DIRECTED } else { 0 },
        section_count: sections.len() as u32,
    };
    let head = header.encode(&entries);
    let total = at as usize + super::format::FOOTER_LEN;
    let mut file = Vec::with_capacity(total);
    file.extend_from_slice(&head);
    for (s, e) in sections.iter().zip(&entries) {
        file.resize(e.offset as usize, 0);
        file.extend_from_slice(&s.bytes);
    }
    file.resize(at as usize, 0);
    file.extend_from_slice(&footer(total as u64, stored_header_crc(&head)));
    file
}

/// A graph id derived from the section checksums.
fn content_id(crcs: &[u32]) -> [u8; 16] {
    let mut id = [0u8; 16];
    let bytes: Vec<u8> = crcs.iter().flat_map(|c| c.to_le_bytes()).collect();
    for (i, chunk) in id.chunks_exact_mut(4).enumerate() {
        let seeded = crc32c::crc32c_append((i as u32).wrapping_mul(0x9e37_79b9), &bytes);
        chunk.copy_from_slice(&seeded.to_le_bytes());
    }
    id
}

#[cfg(target_endian = "big")]
compile_error!("ona snapshots store little-endian arrays and are mapped without conversion");

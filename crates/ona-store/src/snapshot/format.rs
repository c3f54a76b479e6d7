//! The byte layout of a snapshot file (specified in `FORMAT.md`): header,
//! section table and commit footer, encoded and decoded with checked
//! arithmetic only. Nothing here trusts a length before comparing it with the
//! file size.

use crate::error::{Error, Result};

/// First eight bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"ONA-SNAP";
/// First eight bytes of the commit footer.
pub const FOOTER_MAGIC: [u8; 8] = *b"ONA-DONE";
/// The format this build writes.
pub const FORMAT_VERSION: u32 = 1;
/// The newest format this build reads.
pub const READER_VERSION: u32 = 1;
/// Header bytes.
pub const HEADER_LEN: usize = 80;
/// Bytes per section table entry.
pub const ENTRY_LEN: usize = 32;
/// Footer bytes.
pub const FOOTER_LEN: usize = 24;
/// Most sections a file may list (bounds the table before it is read).
pub const MAX_SECTIONS: u32 = 64;
/// Section payloads start at multiples of this.
pub const ALIGN: u64 = 8;

/// Header flag: the graph is directed.
pub const FLAG_DIRECTED: u32 = 1;

/// Element type of a section's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    /// Bytes (lists, strings, encoded blobs).
    U8 = 1,
    /// `u32`, little-endian.
    U32 = 2,
    /// `u64`, little-endian.
    U64 = 3,
    /// `f32`, little-endian.
    F32 = 4,
    /// `f64`, little-endian.
    F64 = 5,
}

impl Elem {
    fn from_code(c: u32) -> Option<Self> {
        Some(match c {
            1 => Self::U8,
            2 => Self::U32,
            3 => Self::U64,
            4 => Self::F32,
            5 => Self::F64,
            _ => return None,
        })
    }
    /// Bytes per element.
    pub fn size(self) -> u64 {
        match self {
            Self::U8 => 1,
            Self::U32 | Self::F32 => 4,
            Self::U64 | Self::F64 => 8,
        }
    }
}

/// What a section holds. Codes with bit 15 set are optional: a reader that
/// does not know one skips it; any other unknown code is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Out-adjacency block byte offsets (`u64`, blocks + 1).
    OutBlockByte = 1,
    /// Out-adjacency block arc offsets (`u64`, blocks + 1).
    OutBlockArc = 2,
    /// Out-adjacency node offsets within their block (`u32`, n).
    OutNodeRel = 3,
    /// Out-adjacency encoded lists and 8 zero bytes (`u8`).
    OutLists = 4,
    /// Out-arc weights (`f32` or `f64`, one per arc).
    OutWeights = 5,
    /// In-adjacency block byte offsets (directed graphs).
    InBlockByte = 6,
    /// In-adjacency block arc offsets.
    InBlockArc = 7,
    /// In-adjacency node offsets within their block.
    InNodeRel = 8,
    /// In-adjacency encoded lists.
    InLists = 9,
    /// In-arc weights.
    InWeights = 10,
    /// Integer external ids, strictly ascending (`u64`, n).
    IdsU64 = 11,
    /// String external id offsets into [`Kind::IdsStrBytes`] (`u64`, n + 1).
    IdsStrOffsets = 12,
    /// String external ids, UTF-8, concatenated (`u8`).
    IdsStrBytes = 13,
    /// Categorical node attribute columns (`u8`, see FORMAT.md).
    Attributes = 14,
    /// Free-form metadata, sorted key/value strings (`u8`, see FORMAT.md).
    Manifest = 15,
}

impl Kind {
    /// Every kind, in file order.
    pub const ALL: [Kind; 15] = [
        Self::OutBlockByte,
        Self::OutBlockArc,
        Self::OutNodeRel,
        Self::OutLists,
        Self::OutWeights,
        Self::InBlockByte,
        Self::InBlockArc,
        Self::InNodeRel,
        Self::InLists,
        Self::InWeights,
        Self::IdsU64,
        Self::IdsStrOffsets,
        Self::IdsStrBytes,
        Self::Attributes,
        Self::Manifest,
    ];
    fn from_code(c: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|k| *k as u32 == c)
    }
    /// The name used in errors and FORMAT.md.
    pub fn name(self) -> &'static str {
        match self {
            Self::OutBlockByte => "out.block_byte",
            Self::OutBlockArc => "out.block_arc",
            Self::OutNodeRel => "out.node_rel",
            Self::OutLists => "out.lists",
            Self::OutWeights => "out.weights",
            Self::InBlockByte => "in.block_byte",
            Self::InBlockArc => "in.block_arc",
            Self::InNodeRel => "in.node_rel",
            Self::InLists => "in.lists",
            Self::InWeights => "in.weights",
            Self::IdsU64 => "ids.u64",
            Self::IdsStrOffsets => "ids.str_offsets",
            Self::IdsStrBytes => "ids.str_bytes",
            Self::Attributes => "attributes",
            Self::Manifest => "manifest",
        }
    }
    /// Element types this kind may have.
    pub fn allows(self, e: Elem) -> bool {
        match self {
            Self::OutBlockByte | Self::OutBlockArc | Self::InBlockByte | Self::InBlockArc | Self::IdsU64 | Self::IdsStrOffsets => e == Elem::U64,
            Self::OutNodeRel | Self::InNodeRel => e == Elem::U32,
            Self::OutWeights | Self::InWeights => matches!(e, Elem::F32 | Elem::F64),
            Self::OutLists | Self::InLists | Self::IdsStrBytes | Self::Attributes | Self::Manifest => e == Elem::U8,
        }
    }
}

/// The fixed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Format the file was written in.
    pub format_version: u32,
    /// Oldest reader format that can read it.
    pub min_reader_version: u32,
    /// Identity of the graph (caller-chosen, or derived from the content).
    pub graph_id: [u8; 16],
    /// Version of the graph (monotonic per graph name).
    pub version: u64,
    /// Nodes.
    pub node_count: u64,
    /// Edges as `Graph::edge_count` counts them.
    pub edge_count: u64,
    /// [`FLAG_DIRECTED`], ...
    pub flags: u32,
    /// Entries in the section table.
    pub section_count: u32,
}

/// One section table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What the section holds.
    pub kind: Kind,
    /// Element type.
    pub elem: Elem,
    /// Byte offset in the file (a multiple of [`ALIGN`]).
    pub offset: u64,
    /// Byte length (a multiple of the element size).
    pub len: u64,
    /// CRC-32C of the payload.
    pub crc: u32,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// Bytes covered by the header checksum: the header up to the checksum, then the table.
fn header_crc(file: &[u8], table_end: usize) -> u32 {
    crc32c::crc32c_append(crc32c::crc32c(&file[..HEADER_LEN - 4]), &file[HEADER_LEN..table_end])
}

impl Header {
    /// Serialize the header and `entries` (the checksum covers both).
    pub fn encode(&self, entries: &[Entry]) -> Vec<u8> {
        let mut b = Vec::with_capacity(HEADER_LEN + entries.len() * ENTRY_LEN);
        b.extend_from_slice(&MAGIC);
        b.extend_from_slice(&self.format_version.to_le_bytes());
        b.extend_from_slice(&self.min_reader_version.to_le_bytes());
        b.extend_from_slice(&self.graph_id);
        b.extend_from_slice(&self.version.to_le_bytes());
        b.extend_from_slice(&self.node_count.to_le_bytes());
        b.extend_from_slice(&self.edge_count.to_le_bytes());
        b.extend_from_slice(&self.flags.to_le_bytes());
        b.extend_from_slice(&self.section_count.to_le_bytes());
        b.extend_from_slice(&[0; 12]);
        b.extend_from_slice(&[0; 4]); // checksum, filled below
        for e in entries {
            b.extend_from_slice(&(e.kind as u32).to_le_bytes());
            b.extend_from_slice(&(e.elem as u32).to_le_bytes());
            b.extend_from_slice(&e.offset.to_le_bytes());
            b.extend_from_slice(&e.len.to_le_bytes());
            b.extend_from_slice(&e.crc.to_le_bytes());
            b.extend_from_slice(&[0; 4]);
        }
        let crc = header_crc(&b, b.len());
        b[HEADER_LEN - 4..HEADER_LEN].copy_from_slice(&crc.to_le_bytes());
        b
    }

    /// Parse and check the header, the section table and the footer of
    /// `file`: magic, versions, checksums, footer length, and every entry's
    /// bounds, alignment, element type and order. Payload checksums are left
    /// to the caller (they are the expensive part).
    pub fn decode(file: &[u8]) -> Result<(Self, Vec<Entry>)> {
        let corrupt = |section, reason: String| Error::corrupt(section, reason);
        if file.len() < HEADER_LEN + FOOTER_LEN {
            return Err(corrupt("file", format!("{} bytes is shorter than a header and footer ({})", file.len(), HEADER_LEN + FOOTER_LEN)));
        }
        if file[..8] != MAGIC {
            return Err(corrupt("header", "bad magic (not an ona snapshot)".into()));
        }
        let h = Header {
            format_version: u32_at(file, 8),
            min_reader_version: u32_at(file, 12),
            graph_id: file[16..32].try_into().map_err(|_| corrupt("header", "graph id".into()))?,
            version: u64_at(file, 32),
            node_count: u64_at(file, 40),
            edge_count: u64_at(file, 48),
            flags: u32_at(file, 56),
            section_count: u32_at(file, 60),
        };
        if h.section_count > MAX_SECTIONS {
            return Err(corrupt("header", format!("{} sections (at most {MAX_SECTIONS})", h.section_count)));
        }
        let table_end = HEADER_LEN + h.section_count as usize * ENTRY_LEN;
        let body_end = file.len() - FOOTER_LEN;
        if table_end > body_end {
            return Err(corrupt("header", format!("section table ends at {table_end}, past the body end {body_end}")));
        }
        let stored = u32_at(file, HEADER_LEN - 4);
        let computed = header_crc(file, table_end);
        if stored != computed {
            // A newer writer's header may differ in layout: report the version
            // first when it is the likelier cause.
            if h.min_reader_version > READER_VERSION && h.min_reader_version < 1 << 16 {
                return Err(Error::UnsupportedVersion { found: h.min_reader_version, supported: READER_VERSION });
            }
            return Err(corrupt("header", format!("checksum {stored:#010x}, computed {computed:#010x}")));
        }
        if h.min_reader_version > READER_VERSION {
            return Err(Error::UnsupportedVersion { found: h.min_reader_version, supported: READER_VERSION });
        }
        if h.format_version < h.min_reader_version || h.format_version == 0 {
            return Err(corrupt("header", format!("format version {} below its minimum reader version {}", h.format_version, h.min_reader_version)));
        }
        if h.flags & !FLAG_DIRECTED != 0 {
            return Err(corrupt("header", format!("unknown flags {:#x}", h.flags)));
        }
        if file[64..76].iter().any(|&b| b != 0) {
            return Err(corrupt("header", "reserved bytes are not zero".into()));
        }
        let f = &file[body_end..];
        if f[..8] != FOOTER_MAGIC {
            return Err(corrupt("footer", "missing commit footer (the file was not completely written)".into()));
        }
        if crc32c::crc32c(&f[..20]) != u32_at(f, 20) {
            return Err(corrupt("footer", "footer checksum mismatch".into()));
        }
        if u64_at(f, 8) != file.len() as u64 {
            return Err(corrupt("footer", format!("footer says {} bytes, the file has {}", u64_at(f, 8), file.len())));
        }
        if u32_at(f, 16) != stored {
            return Err(corrupt("footer", "footer belongs to a different header".into()));
        }
        let mut entries = Vec::with_capacity(h.section_count as usize);
        let mut prev_end = table_end as u64;
        for i in 0..h.section_count as usize {
            let at = HEADER_LEN + i * ENTRY_LEN;
            let code = u32_at(file, at);
            let elem_code = u32_at(file, at + 4);
            let (offset, len, crc) = (u64_at(file, at + 8), u64_at(file, at + 16), u32_at(file, at + 24));
            let Some(kind) = Kind::from_code(code) else {
                if code & 0x8000 != 0 {
                    continue; // optional section of a newer writer
                }
                return Err(corrupt("header", format!("section {i} has unknown kind {code}")));
            };
            let Some(elem) = Elem::from_code(elem_code).filter(|&e| kind.allows(e)) else {
                return Err(corrupt(kind.name(), format!("element type {elem_code} not allowed")));
            };
            if let Some(last) = entries.last() {
                let last: &Entry = last;
                if last.kind >= kind {
                    return Err(corrupt(kind.name(), "sections out of order or repeated".into()));
                }
            }
            let end = offset.checked_add(len).ok_or_else(|| corrupt(kind.name(), "offset + length overflows".into()))?;
            if offset % ALIGN != 0 || offset < prev_end || end > body_end as u64 || len % elem.size() != 0 {
                return Err(corrupt(
                    kind.name(),
                    format!("bytes {offset}..{end} (element size {}) are misaligned, overlapping or outside the body ..{body_end}", elem.size()),
                ));
            }
            prev_end = end;
            entries.push(Entry { kind, elem, offset, len, crc });
        }
        Ok((h, entries))
    }
}

/// The commit footer for a file of `file_len` bytes whose header checksum is `header_crc`.
pub fn footer(file_len: u64, header_crc: u32) -> [u8; FOOTER_LEN] {
    let mut f = [0u8; FOOTER_LEN];
    f[..8].copy_from_slice(&FOOTER_MAGIC);
    f[8..16].copy_from_slice(&file_len.to_le_bytes());
    f[16..20].copy_from_slice(&header_crc.to_le_bytes());
    let crc = crc32c::crc32c(&f[..20]);
    f[20..].copy_from_slice(&crc.to_le_bytes());
    f
}

/// The header checksum stored in an encoded header.
pub fn stored_header_crc(encoded: &[u8]) -> u32 {
    u32_at(encoded, HEADER_LEN - 4)
}

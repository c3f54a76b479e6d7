//! The one module of ona-store with `unsafe`: memory that outlives every
//! slice handed out of it (a read-only file mapping or an aligned heap copy),
//! and [`MappedCsr`], compressed adjacency whose arrays point into it.
//!
//! Two unsafe operations, each with its argument below: creating the mapping,
//! and widening the lifetime of slices into the region to `'static` while the
//! region itself is owned by the same struct. Casting bytes to `u32`/`u64`/
//! `f64` slices is done by `bytemuck`, which checks alignment and length.
//! The tests at the bottom run under Miri (`scripts/miri.sh`) on heap regions.
#![allow(unsafe_code)]

use std::fs::File;
use std::sync::Arc;

use memmap2::Mmap;
use ona_core::graph::{CompressedParts, CompressedStorage, WeightSlice};

use crate::error::Result;

enum Backing {
    Map(Mmap),
    Heap(Vec<u64>),
}

/// Immutable bytes at a fixed address for the life of the value: a file
/// mapping, or a copy in 8-byte-aligned heap memory.
pub struct Region {
    backing: Backing,
    len: usize,
}

impl std::fmt::Debug for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backing {
            Backing::Map(_) => "mapped",
            Backing::Heap(_) => "heap",
        };
        write!(f, "Region({kind}, {} bytes)", self.len)
    }
}

impl Region {
    /// Map `file` read-only.
    pub(crate) fn map(file: &File) -> std::io::Result<Self> {
        // SAFETY: a mapping is only sound while nobody changes or truncates
        // the file. Callers map only published snapshots in a directory ona
        // owns: they were written to a temporary name, synced, renamed into
        // place and made read-only, and ona never writes a published file
        // again (see `dir.rs`). Another process breaking that contract is
        // outside what a mapping can defend against (documented in FORMAT.md).
        let map = unsafe { Mmap::map(file)? };
        Ok(Self { len: map.len(), backing: Backing::Map(map) })
    }

    /// Copy `bytes` into aligned heap memory.
    pub fn copy_of(bytes: &[u8]) -> Self {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..bytes.len()].copy_from_slice(bytes);
        Self { len: bytes.len(), backing: Backing::Heap(words) }
    }

    /// The bytes (8-byte aligned at the start).
    pub fn bytes(&self) -> &[u8] {
        match &self.backing {
            Backing::Map(m) => m,
            Backing::Heap(w) => &bytemuck::cast_slice(w)[..self.len],
        }
    }

    /// Whether the bytes are a file mapping.
    pub fn is_mapped(&self) -> bool {
        matches!(self.backing, Backing::Map(_))
    }
}

/// `bytes` as a slice of `T`, or `None` when misaligned or of a length that
/// is not a multiple of `T`'s size.
pub(crate) fn typed<T: bytemuck::Pod>(bytes: &[u8]) -> Option<&[T]> {
    bytemuck::try_cast_slice(bytes).ok()
}

/// Compressed adjacency whose arrays live in a shared [`Region`].
#[derive(Clone)]
pub struct MappedCsr {
    parts: CompressedParts<'static>,
    /// Owner of the memory `parts` points into; never replaced.
    region: Arc<Region>,
}

impl std::fmt::Debug for MappedCsr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MappedCsr({} nodes, {} arcs, {:?})", self.parts.n, self.parts.arcs, self.region)
    }
}

/// Widen a borrow of region memory to `'static`.
///
/// # Safety
/// `s` must point into memory owned by a `Region` that stays alive, at the
/// same address and unchanged, for as long as the result is used.
unsafe fn widen<T>(s: &[T]) -> &'static [T] {
    // SAFETY: guaranteed by the caller; a slice reference from a pointer and
    // length that were valid for `s`.
    unsafe { std::slice::from_raw_parts(s.as_ptr(), s.len()) }
}

impl MappedCsr {
    /// Adjacency over `region`: `locate` finds the (already validated) parts
    /// in the region's bytes. The higher-ranked signature makes the borrow
    /// checker prove the parts come from those bytes (or are `'static`).
    pub(crate) fn new(region: Arc<Region>, locate: impl for<'a> FnOnce(&'a [u8]) -> Result<CompressedParts<'a>>) -> Result<Self> {
        let p = locate(region.bytes())?;
        // SAFETY: every slice in `p` borrows from `region.bytes()` (the
        // signature of `locate` admits no other source but `'static` data).
        // That memory is a read-only mapping or a heap buffer that is never
        // written or reallocated after construction, and `region` is kept in
        // the same struct as the widened slices and never replaced, so the
        // memory outlives them. `parts()` hands them out re-borrowed for the
        // lifetime of `&self` only.
        let parts = unsafe {
            CompressedParts {
                n: p.n,
                arcs: p.arcs,
                block_byte: widen(p.block_byte),
                block_arc: widen(p.block_arc),
                node_rel: widen(p.node_rel),
                bytes: widen(p.bytes),
                weights: p.weights.map(|w| match w {
                    WeightSlice::F32(x) => WeightSlice::F32(widen(x)),
                    WeightSlice::F64(x) => WeightSlice::F64(widen(x)),
                }),
            }
        };
        Ok(Self { parts, region })
    }

    /// The region the adjacency lives in.
    pub fn region(&self) -> &Arc<Region> {
        &self.region
    }
}

impl CompressedStorage for MappedCsr {
    #[inline]
    fn parts(&self) -> CompressedParts<'_> {
        self.parts
    }
}

#[cfg(test)]
mod tests {
    use ona_core::graph::{Adjacency, CompressedCsr, Csr};

    use super::*;

    /// Lay the arrays of `c` out at 8-aligned offsets of one buffer.
    fn layout(c: &CompressedCsr) -> (Vec<u8>, [std::ops::Range<usize>; 4]) {
        let p = c.parts();
        let mut buf = Vec::new();
        let mut put = |b: &[u8]| {
            while buf.len() % 8 != 0 {
                buf.push(0);
            }
            let start = buf.len();
            buf.extend_from_slice(b);
            start..buf.len()
        };
        let r = [
            put(bytemuck::cast_slice(p.block_byte)),
            put(bytemuck::cast_slice(p.block_arc)),
            put(bytemuck::cast_slice(p.node_rel)),
            put(p.bytes),
        ];
        (buf, r)
    }

    #[test]
    fn adjacency_in_a_heap_region_outlives_its_builder() {
        // 0-1, 0-2, 1-2, 2-3 undirected, plus a self loop on 3.
        let offsets = vec![0u64, 2, 4, 7, 9];
        let targets = vec![1u32, 2, 0, 2, 0, 1, 3, 2, 3];
        let c = CompressedCsr::encode(&Csr::from_parts(offsets, targets, None).unwrap_or_else(|e| panic!("{e}")));
        let (buf, r) = layout(&c);
        let region = Arc::new(Region::copy_of(&buf));
        drop(buf);
        let (n, arcs) = (c.parts().n, c.parts().arcs);
        let m = MappedCsr::new(region, |b| {
            let bad = || crate::Error::corrupt("test", "misaligned");
            Ok(CompressedParts {
                n,
                arcs,
                block_byte: typed(&b[r[0].clone()]).ok_or_else(bad)?,
                block_arc: typed(&b[r[1].clone()]).ok_or_else(bad)?,
                node_rel: typed(&b[r[2].clone()]).ok_or_else(bad)?,
                bytes: &b[r[3].clone()],
                weights: None,
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let copy = m.clone();
        drop(m);
        assert!(copy.parts().validate().is_ok());
        let mut got = Vec::new();
        for v in 0..4 {
            copy.for_each_neighbor(v, |u| got.push((v, u)));
        }
        assert_eq!(got, [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 3), (3, 2), (3, 3)]);
        assert!(!copy.region().is_mapped());
    }

    #[test]
    fn typed_views_refuse_misaligned_or_ragged_bytes() {
        let region = Region::copy_of(&[1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9]);
        let b = region.bytes();
        assert_eq!(typed::<u64>(&b[..16]), Some(&[1u64, 2][..]));
        assert_eq!(typed::<u64>(&b[1..9]), None);
        assert_eq!(typed::<u32>(&b[..7]), None);
        assert_eq!(b.len(), 17);
    }
}

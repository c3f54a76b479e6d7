//! Compressed CSR: each sorted neighbour list stored as
//! `varint(degree) zigzag(first - v) varint(gap - 1)...` (LEB128 bytes), in
//! blocks of [`BLOCK`] nodes with a two-level index (a `u64` byte and arc
//! offset per block, a `u32` offset per node within its block).
//!
//! Encoding and decoding run in parallel over blocks. Arc indices (and so
//! weights) are those of the plain [`Csr`] the structure was encoded from.

use rayon::prelude::*;

use super::csr::{Csr, Weights};
use super::Adjacency;

/// Nodes per index block.
pub const BLOCK: usize = 64;

/// Delta + variable-byte compressed adjacency.
#[derive(Debug, Clone, PartialEq)]
pub struct CompressedCsr {
    n: usize,
    arcs: u64,
    /// Byte offset of each block (`blocks + 1` entries).
    block_byte: Vec<u64>,
    /// First arc index of each block (`blocks + 1` entries).
    block_arc: Vec<u64>,
    /// Byte offset of each node relative to its block.
    node_rel: Vec<u32>,
    bytes: Vec<u8>,
    weights: Option<Weights>,
}

#[inline]
fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

#[inline]
fn get_varint(bytes: &[u8], pos: &mut usize) -> u64 {
    let mut x = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*pos];
        *pos += 1;
        x |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return x;
        }
        shift += 7;
    }
}

#[inline]
fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

#[inline]
fn unzigzag(z: u64) -> i64 {
    ((z >> 1) as i64) ^ -((z & 1) as i64)
}

fn encode_list(out: &mut Vec<u8>, v: u32, list: &[u32]) {
    put_varint(out, list.len() as u64);
    if let Some((&first, rest)) = list.split_first() {
        put_varint(out, zigzag(i64::from(first) - i64::from(v)));
        let mut prev = first;
        for &u in rest {
            put_varint(out, u64::from(u - prev - 1));
            prev = u;
        }
    }
}

impl CompressedCsr {
    /// Encode `csr` (in parallel on the current rayon pool).
    pub fn encode(csr: &Csr) -> Self {
        let n = csr.node_count();
        let blocks = n.div_ceil(BLOCK);
        let parts: Vec<(Vec<u8>, Vec<u32>)> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
                let mut out = Vec::new();
                let mut rel = Vec::with_capacity(hi - lo);
                for v in lo..hi {
                    rel.push(out.len() as u32);
                    encode_list(&mut out, v as u32, csr.list(v as u32));
                }
                (out, rel)
            })
            .collect();
        let mut block_byte = Vec::with_capacity(blocks + 1);
        let mut block_arc = Vec::with_capacity(blocks + 1);
        let mut total = 0u64;
        for (b, (bytes, _)) in parts.iter().enumerate() {
            block_byte.push(total);
            block_arc.push(csr.offsets[b * BLOCK]);
            total += bytes.len() as u64;
        }
        block_byte.push(total);
        block_arc.push(csr.arc_count());
        let mut bytes = Vec::with_capacity(total as usize);
        let mut node_rel = Vec::with_capacity(n);
        for (b, r) in parts {
            bytes.extend_from_slice(&b);
            node_rel.extend_from_slice(&r);
        }
        Self { n, arcs: csr.arc_count(), block_byte, block_arc, node_rel, bytes, weights: csr.weights.clone() }
    }

    /// Decode back to plain CSR (in parallel on the current rayon pool).
    pub fn decode(&self) -> Csr {
        let blocks = self.block_byte.len() - 1;
        let parts: Vec<Vec<u32>> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(self.n));
                let mut out = Vec::with_capacity((self.block_arc[b + 1] - self.block_arc[b]) as usize);
                for v in lo..hi {
                    self.for_each_neighbor(v as u32, |u| out.push(u));
                }
                out
            })
            .collect();
        let mut offsets = Vec::with_capacity(self.n + 1);
        offsets.push(0u64);
        for v in 0..self.n {
            let d = u64::from(self.degree(v as u32));
            offsets.push(offsets[v] + d);
        }
        let targets = parts.concat();
        Csr { offsets, targets, weights: self.weights.clone() }
    }

    /// Bytes of encoded neighbour lists (without the index).
    pub fn list_bytes(&self) -> usize {
        self.bytes.len()
    }

    #[inline]
    fn start(&self, v: u32) -> usize {
        let v = v as usize;
        (self.block_byte[v / BLOCK] + u64::from(self.node_rel[v])) as usize
    }

    /// First arc index of `v`.
    #[inline]
    fn arc_base(&self, v: u32) -> u64 {
        let b = v as usize / BLOCK;
        let mut base = self.block_arc[b];
        for w in b * BLOCK..v as usize {
            base += u64::from(self.degree(w as u32));
        }
        base
    }

    /// Decode `v`'s list, calling `f` until it returns `true`.
    #[inline]
    fn walk<F: FnMut(u32) -> bool>(&self, v: u32, mut f: F) -> bool {
        let mut p = self.start(v);
        let deg = get_varint(&self.bytes, &mut p);
        if deg == 0 {
            return false;
        }
        let mut cur = (i64::from(v) + unzigzag(get_varint(&self.bytes, &mut p))) as u32;
        if f(cur) {
            return true;
        }
        for _ in 1..deg {
            cur += get_varint(&self.bytes, &mut p) as u32 + 1;
            if f(cur) {
                return true;
            }
        }
        false
    }
}

impl Adjacency for CompressedCsr {
    #[inline]
    fn node_count(&self) -> usize {
        self.n
    }
    #[inline]
    fn arc_count(&self) -> u64 {
        self.arcs
    }
    #[inline]
    fn degree(&self, v: u32) -> u32 {
        let mut p = self.start(v);
        get_varint(&self.bytes, &mut p) as u32
    }
    #[inline]
    fn is_weighted(&self) -> bool {
        self.weights.is_some()
    }
    #[inline]
    fn for_each_neighbor<F: FnMut(u32)>(&self, v: u32, mut f: F) {
        self.walk(v, |u| {
            f(u);
            false
        });
    }
    #[inline]
    fn for_each_weighted<F: FnMut(u32, f64)>(&self, v: u32, mut f: F) {
        match &self.weights {
            None => self.for_each_neighbor(v, |u| f(u, 1.0)),
            Some(w) => {
                let mut arc = self.arc_base(v) as usize;
                self.for_each_neighbor(v, |u| {
                    f(u, w.get(arc));
                    arc += 1;
                });
            }
        }
    }
    #[inline]
    fn for_each_arc<F: FnMut(u32, u64)>(&self, v: u32, mut f: F) {
        let mut arc = self.arc_base(v);
        self.for_each_neighbor(v, |u| {
            f(u, arc);
            arc += 1;
        });
    }
    #[inline]
    fn any_neighbor<F: FnMut(u32) -> bool>(&self, v: u32, f: F) -> bool {
        self.walk(v, f)
    }
    #[inline]
    fn neighbors<'a>(&'a self, v: u32, buf: &'a mut Vec<u32>) -> &'a [u32] {
        buf.clear();
        self.for_each_neighbor(v, |u| buf.push(u));
        buf
    }
    #[inline]
    fn arc_weight(&self, arc: u64) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w.get(arc as usize))
    }
    fn memory_bytes(&self) -> usize {
        self.topology_bytes() + self.weights.as_ref().map_or(0, Weights::bytes)
    }
    fn topology_bytes(&self) -> usize {
        self.bytes.len() + self.node_rel.len() * 4 + (self.block_byte.len() + self.block_arc.len()) * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_and_zigzag_round_trip() {
        for x in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, x);
            let mut p = 0;
            assert_eq!(get_varint(&b, &mut p), x);
            assert_eq!(p, b.len());
        }
        for d in [0i64, 1, -1, 1 << 31, -(1 << 31)] {
            assert_eq!(unzigzag(zigzag(d)), d);
        }
    }
}

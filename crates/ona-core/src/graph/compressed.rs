//! Compressed CSR: each sorted neighbour list is delta-encoded and stored as
//! `varint(degree)`, `varint(zigzag(first - v))`, then (for two or more
//! neighbours) one byte `k` and the remaining gaps `u[i] - u[i-1] - 1` as
//! Golomb–Rice codes with parameter `2^k` chosen per list (quotient in unary,
//! capped at [`ESCAPE`] with a raw 32-bit fallback, then `k` remainder bits),
//! padded to a byte. Lists sit in blocks of [`BLOCK`] nodes with a two-level
//! index (a `u64` byte and arc offset per block, a `u32` offset per node
//! within its block). Varint headers keep every list byte-aligned; Rice codes
//! take ~17 bits for a gap of ~35,000 where a varint takes 24, which is what
//! brings R-MAT scale 20 under 4 bytes per undirected edge.
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

/// Quotients at or above this are written as `ESCAPE` zero bits and the raw
/// 32-bit gap, so no list can blow up into long unary runs.
pub const ESCAPE: u32 = 32;

/// Rice parameter for gaps averaging `mean`: about `log2(mean · ln 2)`.
fn rice_k(mean: f64) -> u32 {
    if mean < 2.0 { 0 } else { ((mean * std::f64::consts::LN_2).log2().floor() as u32).min(31) }
}

/// Little-endian bit writer appending to a byte vector.
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    len: u32,
}

impl BitWriter<'_> {
    #[inline]
    fn put(&mut self, bits: u64, n: u32) {
        debug_assert!(n <= 32);
        self.acc |= bits << self.len;
        self.len += n;
        while self.len >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.len -= 8;
        }
    }
    fn finish(self) {
        if self.len > 0 {
            self.out.push(self.acc as u8);
        }
    }
}

fn encode_list(out: &mut Vec<u8>, v: u32, list: &[u32]) {
    put_varint(out, list.len() as u64);
    let Some((&first, rest)) = list.split_first() else { return };
    put_varint(out, zigzag(i64::from(first) - i64::from(v)));
    if rest.is_empty() {
        return;
    }
    let last = rest[rest.len() - 1];
    let mean = f64::from(last - first) / rest.len() as f64 - 1.0;
    let k = rice_k(mean);
    out.push(k as u8);
    let mut w = BitWriter { out, acc: 0, len: 0 };
    let mut prev = first;
    for &u in rest {
        let gap = u - prev - 1;
        prev = u;
        let q = gap >> k;
        if q >= ESCAPE {
            w.put(0, ESCAPE);
            w.put(u64::from(gap), 32);
        } else {
            // q zeros then a one, then the k low bits.
            w.put(1 << q, q + 1);
            w.put(u64::from(gap) & ((1u64 << k) - 1), k);
        }
    }
    w.finish();
}

/// Little-endian bit reader over a byte slice padded with 8 zero bytes.
struct BitReader<'a> {
    bytes: &'a [u8],
    bit: usize,
}

impl BitReader<'_> {
    #[inline]
    fn peek(&self) -> u64 {
        let i = self.bit / 8;
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.bytes[i..i + 8]);
        u64::from_le_bytes(word) >> (self.bit % 8)
    }
    #[inline]
    fn take(&mut self, n: u32) -> u64 {
        let x = self.peek() & ((1u64 << n) - 1);
        self.bit += n as usize;
        x
    }
    /// One Rice-coded gap with parameter `k`.
    #[inline]
    fn gap(&mut self, k: u32) -> u32 {
        // At least 56 valid bits after the shift: enough for ESCAPE + 1.
        let q = self.peek().trailing_zeros();
        if q >= ESCAPE {
            self.bit += ESCAPE as usize;
            self.take(32) as u32
        } else {
            self.bit += q as usize + 1;
            (q << k) | self.take(k) as u32
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
        let mut bytes = Vec::with_capacity(total as usize + 8);
        let mut node_rel = Vec::with_capacity(n);
        for (b, r) in parts {
            bytes.extend_from_slice(&b);
            node_rel.extend_from_slice(&r);
        }
        // Padding so the bit reader may always load 8 bytes.
        bytes.extend_from_slice(&[0; 8]);
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
        if deg == 1 {
            return false;
        }
        let k = u32::from(self.bytes[p]);
        let mut r = BitReader { bytes: &self.bytes, bit: (p + 1) * 8 };
        for _ in 1..deg {
            cur += r.gap(k) + 1;
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

    #[test]
    fn lists_round_trip_including_escapes() {
        let lists: Vec<Vec<u32>> = vec![
            vec![],
            vec![5],
            vec![0, 1, 2, 3],
            vec![1, 3, 1_000_000, 1_000_001, u32::MAX - 1],
            (0..300).map(|i| i * 7 + (i % 5)).collect(),
            vec![2, 4_000_000_000],
        ];
        for (v, list) in lists.iter().enumerate() {
            let mut out = Vec::new();
            encode_list(&mut out, v as u32, list);
            let c = CompressedCsr {
                n: v + 1,
                arcs: list.len() as u64,
                block_byte: vec![0, out.len() as u64],
                block_arc: vec![0, list.len() as u64],
                // Every node starts at byte 0: only `v`'s list is encoded.
                node_rel: vec![0; v + 1],
                bytes: out.iter().copied().chain([0; 8]).collect(),
                weights: None,
            };
            let mut got = Vec::new();
            c.walk(v as u32, |u| {
                got.push(u);
                false
            });
            assert_eq!(&got, list);
        }
    }
}

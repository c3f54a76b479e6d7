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
        let mut bytes = Vec::with_capacity(total as usize + PADDING);
        let mut node_rel = Vec::with_capacity(n);
        for (b, r) in parts {
            bytes.extend_from_slice(&b);
            node_rel.extend_from_slice(&r);
        }
        // Padding so the bit reader may always load 8 bytes.
        bytes.extend_from_slice(&[0; PADDING]);
        Self { n, arcs: csr.arc_count(), block_byte, block_arc, node_rel, bytes, weights: csr.weights.clone() }
    }

    /// Decode back to plain CSR (in parallel on the current rayon pool).
    pub fn decode(&self) -> Csr {
        self.parts().decode()
    }

    /// Bytes of encoded neighbour lists (without the index).
    pub fn list_bytes(&self) -> usize {
        self.bytes.len()
    }
}

impl CompressedStorage for CompressedCsr {
    #[inline]
    fn parts(&self) -> CompressedParts<'_> {
        CompressedParts {
            n: self.n,
            arcs: self.arcs,
            block_byte: &self.block_byte,
            block_arc: &self.block_arc,
            node_rel: &self.node_rel,
            bytes: &self.bytes,
            weights: self.weights.as_ref().map(Weights::as_slice),
        }
    }
}

/// Zero bytes after the last list, so the bit reader may always load 8 bytes.
pub const PADDING: usize = 8;

/// Where a compressed adjacency keeps its arrays: owned vectors
/// ([`CompressedCsr`]) or any other memory that outlives `&self` (a
/// memory-mapped snapshot). Every implementor is an [`Adjacency`].
///
/// The decoder trusts the parts: only hand out parts that
/// [`CompressedParts::validate`] accepted (or that [`CompressedCsr::encode`]
/// produced), otherwise a neighbour query may panic.
pub trait CompressedStorage: Send + Sync {
    /// The arrays, borrowed.
    fn parts(&self) -> CompressedParts<'_>;
}

/// Weights borrowed from storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightSlice<'a> {
    /// Single precision.
    F32(&'a [f32]),
    /// Double precision.
    F64(&'a [f64]),
}

impl WeightSlice<'_> {
    /// Arcs covered.
    pub fn len(&self) -> usize {
        match self {
            Self::F32(w) => w.len(),
            Self::F64(w) => w.len(),
        }
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Weight of arc `i`.
    #[inline]
    pub fn get(&self, i: usize) -> f64 {
        match self {
            Self::F32(w) => f64::from(w[i]),
            Self::F64(w) => w[i],
        }
    }
    /// Bytes.
    pub fn bytes(&self) -> usize {
        match self {
            Self::F32(w) => w.len() * 4,
            Self::F64(w) => w.len() * 8,
        }
    }
    /// An owned copy.
    pub fn to_owned(&self) -> Weights {
        match self {
            Self::F32(w) => Weights::F32(w.to_vec()),
            Self::F64(w) => Weights::F64(w.to_vec()),
        }
    }
}

/// The arrays of a compressed adjacency, borrowed: the block index
/// (`block_byte`, `block_arc`: `blocks + 1` entries each), the per-node byte
/// offset within its block (`node_rel`: `n` entries), the encoded lists
/// followed by [`PADDING`] zero bytes, and optional per-arc weights.
#[derive(Debug, Clone, Copy)]
pub struct CompressedParts<'a> {
    /// Nodes.
    pub n: usize,
    /// Arcs.
    pub arcs: u64,
    /// Byte offset of each block.
    pub block_byte: &'a [u64],
    /// First arc index of each block.
    pub block_arc: &'a [u64],
    /// Byte offset of each node relative to its block.
    pub node_rel: &'a [u32],
    /// Encoded lists, then [`PADDING`] zero bytes.
    pub bytes: &'a [u8],
    /// Per-arc weights.
    pub weights: Option<WeightSlice<'a>>,
}

/// What [`CompressedParts::validate`] learned on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListStats {
    /// Nodes whose list contains themselves.
    pub self_loops: u64,
    /// Order-independent 64-bit fingerprint of the arcs `(v, u, weight)`.
    pub arc_sum: u64,
    /// The same fingerprint of every arc reversed, `(u, v, weight)`: equal
    /// to `arc_sum` for symmetric adjacency, and to the other direction's
    /// `arc_sum` for a transpose.
    pub reverse_sum: u64,
}

/// [`BitReader`] with every load bounds-checked, for validation: reads
/// exactly what the decoder reads and fails where it would leave the block.
struct CheckedBits<'a> {
    bytes: &'a [u8],
    bit: usize,
    /// Bits of the block proper (the lists may not run into the padding).
    limit: usize,
}

impl CheckedBits<'_> {
    fn peek(&self) -> Option<u64> {
        let i = self.bit / 8;
        let word: [u8; 8] = self.bytes.get(i..i + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(word) >> (self.bit % 8))
    }
    fn take(&mut self, n: u32) -> Option<u64> {
        let x = self.peek()? & ((1u64 << n) - 1);
        self.bit += n as usize;
        (self.bit <= self.limit).then_some(x)
    }
    fn gap(&mut self, k: u32) -> Option<u64> {
        let q = self.peek()?.trailing_zeros();
        if q >= ESCAPE {
            self.bit += ESCAPE as usize;
            self.take(32)
        } else {
            self.bit += q as usize + 1;
            Some(u64::from(q) << k | self.take(k)?)
        }
    }
}

/// Bounds-checked varint read for validation.
fn try_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut x = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos).ok_or_else(|| format!("varint at byte {pos} runs past the end"))?;
        *pos += 1;
        x |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(x);
        }
    }
    Err(format!("varint ending at byte {pos} is longer than 64 bits"))
}

impl<'a> CompressedParts<'a> {
    #[inline]
    fn start(&self, v: u32) -> usize {
        let v = v as usize;
        (self.block_byte[v / BLOCK] + u64::from(self.node_rel[v])) as usize
    }

    /// Stored arcs leaving `v`.
    #[inline]
    pub fn degree(&self, v: u32) -> u32 {
        let mut p = self.start(v);
        get_varint(self.bytes, &mut p) as u32
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
        let deg = get_varint(self.bytes, &mut p);
        if deg == 0 {
            return false;
        }
        let mut cur = (i64::from(v) + unzigzag(get_varint(self.bytes, &mut p))) as u32;
        if f(cur) {
            return true;
        }
        if deg == 1 {
            return false;
        }
        let k = u32::from(self.bytes[p]);
        let mut r = BitReader { bytes: self.bytes, bit: (p + 1) * 8 };
        for _ in 1..deg {
            cur += r.gap(k) + 1;
            if f(cur) {
                return true;
            }
        }
        false
    }

    /// Decode to plain CSR (in parallel on the current rayon pool).
    pub fn decode(&self) -> Csr {
        let blocks = self.block_byte.len() - 1;
        let parts: Vec<Vec<u32>> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(self.n));
                let mut out = Vec::with_capacity((self.block_arc[b + 1] - self.block_arc[b]) as usize);
                for v in lo..hi {
                    self.walk(v as u32, |u| {
                        out.push(u);
                        false
                    });
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
        Csr { offsets, targets, weights: self.weights.as_ref().map(WeightSlice::to_owned) }
    }

    /// Check every invariant the decoder relies on, without panicking on any
    /// input: index lengths and monotonicity, every list decoding inside its
    /// block to strictly ascending targets below `n`, per-block arc counts,
    /// the padding, and finite weights (one per arc). Runs in parallel over
    /// blocks on the current rayon pool. The error names the first broken
    /// invariant (the first failing block, whatever the thread count).
    pub fn validate(&self) -> Result<ListStats, String> {
        let n = self.n;
        if n as u64 > crate::ids::MAX_NODES {
            return Err(format!("{n} nodes exceed the limit of {}", crate::ids::MAX_NODES));
        }
        let blocks = n.div_ceil(BLOCK);
        if self.block_byte.len() != blocks + 1 || self.block_arc.len() != blocks + 1 {
            return Err(format!(
                "block index has {} / {} entries, {n} nodes need {}",
                self.block_byte.len(),
                self.block_arc.len(),
                blocks + 1
            ));
        }
        if self.node_rel.len() != n {
            return Err(format!("{} node offsets for {n} nodes", self.node_rel.len()));
        }
        if self.block_byte[0] != 0 || self.block_arc[0] != 0 {
            return Err("block index does not start at 0".into());
        }
        let list_end = self.block_byte[blocks];
        let padded = (list_end as usize).checked_add(PADDING);
        if padded != Some(self.bytes.len()) || self.bytes[self.bytes.len() - PADDING..].iter().any(|&b| b != 0) {
            return Err(format!("lists end at byte {list_end} but {} bytes are stored (expected 8 zero bytes after the lists)", self.bytes.len()));
        }
        if self.block_arc[blocks] != self.arcs {
            return Err(format!("block index counts {} arcs, header says {}", self.block_arc[blocks], self.arcs));
        }
        if let Some(w) = &self.weights {
            if w.len() as u64 != self.arcs {
                return Err(format!("{} weights for {} arcs", w.len(), self.arcs));
            }
        }
        for b in 0..blocks {
            if self.block_byte[b] > self.block_byte[b + 1] || self.block_arc[b] > self.block_arc[b + 1] {
                return Err(format!("block index decreases after block {b}"));
            }
        }
        let per_block: Vec<Result<ListStats, String>> = (0..blocks).into_par_iter().map(|b| self.validate_block(b)).collect();
        let mut total = ListStats::default();
        for r in per_block {
            let s = r?;
            total.self_loops += s.self_loops;
            total.arc_sum = total.arc_sum.wrapping_add(s.arc_sum);
            total.reverse_sum = total.reverse_sum.wrapping_add(s.reverse_sum);
        }
        Ok(total)
    }

    fn validate_block(&self, b: usize) -> Result<ListStats, String> {
        let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(self.n));
        let (start, end) = (self.block_byte[b] as usize, self.block_byte[b + 1] as usize);
        // The lists of this block, and the 8 readable bytes after them.
        let bytes = &self.bytes[start..end + PADDING];
        let limit = (end - start) * 8;
        let n = self.n as u64;
        let (mut arc, arc_end) = (self.block_arc[b], self.block_arc[b + 1]);
        let weights = match &self.weights {
            None => None,
            Some(w) => {
                let range = arc as usize..arc_end as usize;
                let bad = |i: usize, x: f64| format!("arc {} has a non-finite weight {x}", range.start + i);
                match w {
                    WeightSlice::F64(w) => {
                        if let Some(i) = w[range.clone()].iter().position(|x| !x.is_finite()) {
                            return Err(bad(i, w[range.start + i]));
                        }
                    }
                    WeightSlice::F32(w) => {
                        if let Some(i) = w[range.clone()].iter().position(|x| !x.is_finite()) {
                            return Err(bad(i, f64::from(w[range.start + i])));
                        }
                    }
                }
                Some(*w)
            }
        };
        let mut stats = ListStats::default();
        let mut pos = 0usize;
        for v in lo..hi {
            let rel = self.node_rel[v] as usize;
            if rel != pos {
                return Err(format!("node {v}: list starts at byte {rel} of its block, the previous list ended at {pos}"));
            }
            let deg = try_varint(bytes, &mut pos).map_err(|e| format!("node {v}: degree {e}"))?;
            if deg == 0 {
                continue;
            }
            if deg > n || arc + deg > arc_end {
                return Err(format!("node {v}: degree {deg} exceeds the node count or the block's arcs"));
            }
            let z = try_varint(bytes, &mut pos).map_err(|e| format!("node {v}: first neighbour {e}"))?;
            let first = (v as i64).checked_add(unzigzag(z)).filter(|&u| (0..n as i64).contains(&u));
            let Some(first) = first else { return Err(format!("node {v}: first neighbour out of range for {n} nodes")) };
            let mut print = ListPrint::default();
            let mut cur = first as u64;
            let mut self_loop = cur == v as u64;
            print.add(cur, weights.map(|w| w.get(arc as usize)));
            if deg > 1 {
                let k = u32::from(*bytes.get(pos).ok_or_else(|| format!("node {v}: Rice parameter past the end"))?);
                if k > 31 {
                    return Err(format!("node {v}: Rice parameter {k} > 31"));
                }
                let mut r = CheckedBits { bytes, bit: (pos + 1) * 8, limit };
                for i in 1..deg {
                    let Some(gap) = r.gap(k) else { return Err(format!("node {v}: list runs past its block")) };
                    cur += gap + 1;
                    if cur >= n {
                        return Err(format!("node {v}: neighbour {cur} out of range for {n} nodes"));
                    }
                    self_loop |= cur == v as u64;
                    print.add(cur, weights.map(|w| w.get((arc + i) as usize)));
                }
                pos = r.bit.div_ceil(8);
            }
            stats.self_loops += u64::from(self_loop);
            print.close(v as u64, &mut stats);
            arc += deg;
        }
        if pos != end - start {
            return Err(format!("block {b}: lists end at byte {pos}, the index says {}", end - start));
        }
        if arc != arc_end {
            return Err(format!("block {b}: lists hold {} arcs, the index says {}", arc - self.block_arc[b], arc_end - self.block_arc[b]));
        }
        Ok(stats)
    }

}

/// Per-list part of the arc fingerprint. An arc `(a, b, w)` contributes
/// `A(a)·B(b) + C(a)·W(w)·E(b)` forward and the same of `(b, a, w)` reversed;
/// both sums are separable per list, so each arc costs four cheap mixes.
#[derive(Default)]
struct ListPrint {
    b: u64,
    a: u64,
    we: u64,
    wc: u64,
}

#[inline]
fn mix(x: u64, key: u64) -> u64 {
    let z = (x ^ key).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^ (z >> 29)
}

const KEY_A: u64 = 0x243f_6a88_85a3_08d3;
const KEY_B: u64 = 0x1319_8a2e_0370_7344;
const KEY_C: u64 = 0xa409_3822_299f_31d0;
const KEY_E: u64 = 0x082e_fa98_ec4e_6c89;
const KEY_W: u64 = 0x4528_21e6_38d0_1377;

impl ListPrint {
    #[inline]
    fn add(&mut self, u: u64, w: Option<f64>) {
        self.b = self.b.wrapping_add(mix(u, KEY_B));
        self.a = self.a.wrapping_add(mix(u, KEY_A));
        if let Some(w) = w {
            let ww = mix(w.to_bits(), KEY_W) | 1;
            self.we = self.we.wrapping_add(ww.wrapping_mul(mix(u, KEY_E)));
            self.wc = self.wc.wrapping_add(ww.wrapping_mul(mix(u, KEY_C)));
        }
    }
    #[inline]
    fn close(&self, v: u64, stats: &mut ListStats) {
        let fwd = mix(v, KEY_A).wrapping_mul(self.b).wrapping_add(mix(v, KEY_C).wrapping_mul(self.we));
        let rev = mix(v, KEY_B).wrapping_mul(self.a).wrapping_add(mix(v, KEY_E).wrapping_mul(self.wc));
        stats.arc_sum = stats.arc_sum.wrapping_add(fwd);
        stats.reverse_sum = stats.reverse_sum.wrapping_add(rev);
    }
}

impl<S: CompressedStorage> Adjacency for S {
    #[inline]
    fn node_count(&self) -> usize {
        self.parts().n
    }
    #[inline]
    fn arc_count(&self) -> u64 {
        self.parts().arcs
    }
    #[inline]
    fn degree(&self, v: u32) -> u32 {
        self.parts().degree(v)
    }
    #[inline]
    fn is_weighted(&self) -> bool {
        self.parts().weights.is_some()
    }
    #[inline]
    fn for_each_neighbor<F: FnMut(u32)>(&self, v: u32, mut f: F) {
        self.parts().walk(v, |u| {
            f(u);
            false
        });
    }
    #[inline]
    fn for_each_weighted<F: FnMut(u32, f64)>(&self, v: u32, mut f: F) {
        let p = self.parts();
        match &p.weights {
            None => self.for_each_neighbor(v, |u| f(u, 1.0)),
            Some(w) => {
                let mut arc = p.arc_base(v) as usize;
                self.for_each_neighbor(v, |u| {
                    f(u, w.get(arc));
                    arc += 1;
                });
            }
        }
    }
    #[inline]
    fn for_each_arc<F: FnMut(u32, u64)>(&self, v: u32, mut f: F) {
        let p = self.parts();
        let mut arc = p.arc_base(v);
        p.walk(v, |u| {
            f(u, arc);
            arc += 1;
            false
        });
    }
    #[inline]
    fn any_neighbor<F: FnMut(u32) -> bool>(&self, v: u32, f: F) -> bool {
        self.parts().walk(v, f)
    }
    #[inline]
    fn neighbors<'a>(&'a self, v: u32, buf: &'a mut Vec<u32>) -> &'a [u32] {
        buf.clear();
        self.for_each_neighbor(v, |u| buf.push(u));
        buf
    }
    #[inline]
    fn arc_weight(&self, arc: u64) -> f64 {
        self.parts().weights.as_ref().map_or(1.0, |w| w.get(arc as usize))
    }
    fn memory_bytes(&self) -> usize {
        self.topology_bytes() + self.parts().weights.as_ref().map_or(0, WeightSlice::bytes)
    }
    fn topology_bytes(&self) -> usize {
        let p = self.parts();
        p.bytes.len() + p.node_rel.len() * 4 + (p.block_byte.len() + p.block_arc.len()) * 8
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
            c.parts().walk(v as u32, |u| {
                got.push(u);
                false
            });
            assert_eq!(&got, list);
        }
    }

    fn sample() -> CompressedCsr {
        // An undirected graph with a self loop, a hub and long gaps.
        let n = 200u32;
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n as usize];
        let mut add = |a: u32, b: u32| {
            lists[a as usize].push(b);
            if a != b {
                lists[b as usize].push(a);
            }
        };
        for v in 1..n {
            add(0, v);
        }
        add(5, 5);
        add(3, 199);
        add(70, 140);
        let mut offsets = vec![0u64];
        let mut targets = Vec::new();
        for l in &mut lists {
            l.sort_unstable();
            targets.extend_from_slice(l);
            offsets.push(targets.len() as u64);
        }
        let w: Vec<f64> = (0..targets.len()).map(|i| (i % 7) as f64).collect();
        // Weights are per arc; symmetric weights are not needed for the checks below.
        CompressedCsr::encode(&Csr::from_parts(offsets, targets, Some(Weights::F64(w))).unwrap())
    }

    #[test]
    fn validate_accepts_encoded_lists_and_counts_self_loops() {
        let c = sample();
        let stats = c.parts().validate().unwrap();
        assert_eq!(stats.self_loops, 1);
        let unweighted = CompressedParts { weights: None, ..c.parts() };
        let s = unweighted.validate().unwrap();
        assert_eq!(s.arc_sum, s.reverse_sum, "an unweighted symmetric graph has equal fingerprints");
    }

    #[test]
    fn validate_rejects_every_corruption_without_panicking() {
        let c = sample();
        let p = c.parts();
        let mut rejected = 0;
        for i in 0..p.bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = p.bytes.to_vec();
                bytes[i] ^= flip;
                let q = CompressedParts { bytes: &bytes, ..p };
                if q.validate().is_err() {
                    rejected += 1;
                } else {
                    // Accepted lists must decode without panicking.
                    let _ = q.decode();
                }
            }
        }
        assert!(rejected > p.bytes.len(), "most flips must be caught ({rejected})");
        let mut rel = p.node_rel.to_vec();
        rel[3] += 1;
        assert!(CompressedParts { node_rel: &rel, ..p }.validate().is_err());
        let mut arc = p.block_arc.to_vec();
        arc[1] += 1;
        assert!(CompressedParts { block_arc: &arc, ..p }.validate().is_err());
        assert!(CompressedParts { n: 150, ..p }.validate().is_err());
        let w = [f64::NAN; 1];
        assert!(CompressedParts { weights: Some(WeightSlice::F64(&w)), ..p }.validate().is_err());
    }
}

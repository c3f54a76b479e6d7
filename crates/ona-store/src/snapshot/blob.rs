//! The two variable-length sections: the manifest (sorted key/value strings)
//! and the categorical attribute columns. Length-prefixed little-endian
//! fields, decoded with a reader that checks every length against the bytes
//! left before allocating.

use std::collections::BTreeMap;

use ona_core::graph::{Categorical, NodeAttributes};

use crate::error::{Error, Result};

/// Free-form metadata stored with a snapshot (tenant, source offsets, ...).
pub type Manifest = BTreeMap<String, String>;

fn put_str(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u32).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

/// Encode a manifest: `u32` pair count, then per pair the key and the value,
/// each a `u32` length and UTF-8 bytes, keys strictly ascending.
pub fn encode_manifest(m: &Manifest) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&(m.len() as u32).to_le_bytes());
    for (k, v) in m {
        put_str(&mut b, k);
        put_str(&mut b, v);
    }
    b
}

/// Encode attribute columns for `n` nodes: `u32` column count, then per
/// column its name, `u32` dictionary size, the dictionary strings, and `n`
/// `u32` codes (`u32::MAX` = missing).
pub fn encode_attributes(attrs: &NodeAttributes) -> Vec<u8> {
    let mut b = Vec::new();
    let cols: Vec<_> = attrs.iter().collect();
    b.extend_from_slice(&(cols.len() as u32).to_le_bytes());
    for (name, col) in cols {
        put_str(&mut b, name);
        b.extend_from_slice(&(col.dictionary().len() as u32).to_le_bytes());
        for s in col.dictionary() {
            put_str(&mut b, s);
        }
        for c in col.codes() {
            b.extend_from_slice(&c.to_le_bytes());
        }
    }
    b
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    fn bad(&self, what: impl std::fmt::Display) -> Error {
        Error::corrupt(self.section, format!("at byte {}: {what}", self.pos))
    }
    fn take(&mut self, len: u64) -> Result<&'a [u8]> {
        let left = (self.b.len() - self.pos) as u64;
        if len > left {
            return Err(self.bad(format!("{len} bytes claimed, {left} left")));
        }
        let s = &self.b[self.pos..self.pos + len as usize];
        self.pos += len as usize;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn str(&mut self) -> Result<&'a str> {
        let len = self.u32()?;
        let s = self.take(u64::from(len))?;
        std::str::from_utf8(s).map_err(|e| self.bad(format!("invalid UTF-8: {e}")))
    }
    fn finish(&self) -> Result<()> {
        if self.pos != self.b.len() {
            return Err(self.bad(format!("{} trailing bytes", self.b.len() - self.pos)));
        }
        Ok(())
    }
}

/// Decode and check a manifest section.
pub fn decode_manifest(b: &[u8]) -> Result<Manifest> {
    let mut r = Reader { b, pos: 0, section: "manifest" };
    let count = r.u32()?;
    let mut m = Manifest::new();
    for _ in 0..count {
        let k = r.str()?;
        let v = r.str()?;
        if m.last_key_value().is_some_and(|(last, _)| last.as_str() >= k) {
            return Err(r.bad(format!("key {k:?} out of order or repeated")));
        }
        m.insert(k.to_owned(), v.to_owned());
    }
    r.finish()?;
    Ok(m)
}

/// Decode and check an attributes section for `n` nodes.
pub fn decode_attributes(b: &[u8], n: usize) -> Result<NodeAttributes> {
    let mut r = Reader { b, pos: 0, section: "attributes" };
    let count = r.u32()?;
    let mut attrs = NodeAttributes::default();
    for _ in 0..count {
        let name = r.str()?;
        if attrs.get(name).is_some() {
            return Err(r.bad(format!("column {name:?} repeated")));
        }
        let dict_len = r.u32()?;
        // Each entry takes at least its 4-byte length: bound the allocation.
        if u64::from(dict_len) * 4 > (b.len() - r.pos) as u64 {
            return Err(r.bad(format!("{dict_len} dictionary entries claimed")));
        }
        let mut dict = Vec::with_capacity(dict_len as usize);
        for _ in 0..dict_len {
            dict.push(Box::<str>::from(r.str()?));
        }
        let raw = r.take(n as u64 * 4)?;
        let codes: Vec<u32> = raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let col = Categorical::from_codes(dict, codes).map_err(|e| r.bad(format!("column {name:?}: {e}")))?;
        attrs.insert(name, col, n).map_err(|e| r.bad(e))?;
    }
    r.finish()?;
    Ok(attrs)
}

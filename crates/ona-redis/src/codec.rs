//! The cached payload: a 20-byte header then one Arrow IPC stream.
//!
//! ```text
//! offset size
//!  0     4    magic  b"ONAR"
//!  4     2    format version (little endian), currently 1
//!  6     2    reserved, 0
//!  8     8    body length in bytes (little endian)
//! 16     4    CRC-32C of the body (little endian)
//! 20     ..   body: Arrow IPC stream format, one schema message and the batches
//! ```
//!
//! A payload whose magic, version, length or checksum does not match is
//! [`Error::Corrupt`]; the cache deletes it and recomputes.

use std::io::Cursor;

use arrow::array::RecordBatch;
use arrow::compute::concat_batches;
use arrow::ipc::reader::StreamReader;
use arrow::ipc::writer::StreamWriter;

use crate::error::{Error, Result};

/// First bytes of every payload.
pub const MAGIC: [u8; 4] = *b"ONAR";
/// Payload format version written by this crate.
pub const FORMAT_VERSION: u16 = 1;
/// Header size in bytes.
pub const HEADER_LEN: usize = 20;

/// Encode `batch` as header + Arrow IPC stream. O(bytes of the batch).
///
/// ```
/// use std::sync::Arc;
/// use arrow::array::{Float64Array, RecordBatch};
/// use arrow::datatypes::{DataType, Field, Schema};
/// let schema = Arc::new(Schema::new(vec![Field::new("pagerank", DataType::Float64, false)]));
/// let batch = RecordBatch::try_new(schema, vec![Arc::new(Float64Array::from(vec![0.25, 0.75]))])?;
/// let bytes = ona_redis::codec::encode(&batch)?;
/// assert_eq!(ona_redis::codec::decode(&bytes)?, batch);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Errors: [`Error::Arrow`] when the IPC writer refuses the batch.
pub fn encode(batch: &RecordBatch) -> Result<Vec<u8>> {
    let mut out = vec![0u8; HEADER_LEN];
    {
        let mut w = StreamWriter::try_new(&mut out, &batch.schema())?;
        w.write(batch)?;
        w.finish()?;
    }
    let body_len = u64::try_from(out.len() - HEADER_LEN).map_err(|_| Error::Corrupt("payload too large".into()))?;
    let crc = crc32c::crc32c(&out[HEADER_LEN..]);
    out[0..4].copy_from_slice(&MAGIC);
    out[4..6].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    out[6..8].copy_from_slice(&0u16.to_le_bytes());
    out[8..16].copy_from_slice(&body_len.to_le_bytes());
    out[16..20].copy_from_slice(&crc.to_le_bytes());
    Ok(out)
}

/// Check the header and checksum of `bytes`, then decode the Arrow IPC body
/// into one record batch (several batches are concatenated). O(bytes).
///
/// Errors: [`Error::Corrupt`] for a short payload, wrong magic, unknown
/// format version, non-zero reserved bytes, wrong length, checksum mismatch or an undecodable body.
pub fn decode(bytes: &[u8]) -> Result<RecordBatch> {
    let corrupt = |why: String| Error::Corrupt(why);
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(format!("{} bytes, shorter than the {HEADER_LEN}-byte header", bytes.len())));
    }
    if bytes[0..4] != MAGIC {
        return Err(corrupt("bad magic".into()));
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != FORMAT_VERSION {
        return Err(corrupt(format!("format version {version}, expected {FORMAT_VERSION}")));
    }
    if bytes[6..8] != [0, 0] {
        return Err(corrupt("reserved header bytes are not zero".into()));
    }
    let mut len8 = [0u8; 8];
    len8.copy_from_slice(&bytes[8..16]);
    let body = &bytes[HEADER_LEN..];
    if u64::from_le_bytes(len8) != u64::try_from(body.len()).unwrap_or(u64::MAX) {
        return Err(corrupt(format!("header says {} body bytes, found {}", u64::from_le_bytes(len8), body.len())));
    }
    let want = u32::from_le_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let got = crc32c::crc32c(body);
    if want != got {
        return Err(corrupt(format!("CRC-32C mismatch: header {want:08x}, body {got:08x}")));
    }
    let reader = StreamReader::try_new(Cursor::new(body), None).map_err(|e| corrupt(format!("arrow: {e}")))?;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.collect::<std::result::Result<_, _>>().map_err(|e| corrupt(format!("arrow: {e}")))?;
    match batches.len() {
        1 => batches.into_iter().next().ok_or_else(|| corrupt("no batch".into())),
        _ => concat_batches(&schema, &batches).map_err(|e| corrupt(format!("arrow: {e}"))),
    }
}

//! What the `snapshot_open` fuzz target does with one input. Shared with
//! `crates/ona-store/tests/fuzz_regressions.rs` (included there by
//! `#[path]`), so a committed crash replays exactly as the fuzzer ran it.
//!
//! Every input is opened twice: as it is (so header, footer and checksum
//! checks are fuzzed) and with every checksum recomputed (so mutations reach
//! the bounds, CSR, id and blob validation behind the checksums, which a
//! fuzzer would otherwise almost never get past). A snapshot that opens is
//! then used: PageRank, weakly connected components, decompression, and a
//! re-encode that must open again to the same graph.

use ona_core::Exec;
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_store::Error;
use ona_store::snapshot::{Meta, Snapshot, encode, format};

/// Run one input; panics on a finding.
pub fn run(data: &[u8], exec: &Exec) {
    let fixed = fix_checksums(data).filter(|f| f != data);
    for bytes in std::iter::once(data).chain(fixed.as_deref()) {
        exercise(Snapshot::from_bytes(bytes, exec), exec);
    }
}

fn exercise(opened: Result<Snapshot, Error>, exec: &Exec) {
    let s = match opened {
        Ok(s) => s,
        // The documented outcomes for bad bytes.
        Err(Error::Corrupt { .. } | Error::UnsupportedVersion { .. }) => return,
        Err(other) => panic!("snapshot refused with an untyped error: {other}"),
    };
    let g = s.graph();
    let n = g.node_count();
    // Errors are allowed (e.g. weights an algorithm refuses); panics are not.
    if let Ok(scores) = pagerank(g, &PageRankConfig::default(), exec) {
        assert_eq!(scores.into_vec().len(), n, "one PageRank score per node");
    }
    let parts = weakly_connected_components(g, &ComponentsConfig::default(), exec);
    if let Ok(p) = parts {
        assert_eq!(p.0.len(), n, "one component per node");
    }
    let plain = g.decompress(exec);
    assert_eq!(
        (plain.node_count(), plain.edge_count()),
        (n, g.edge_count()),
        "decompression keeps the counts"
    );
    let meta = Meta {
        graph_id: Some(s.graph_id()),
        version: s.version(),
        manifest: s.manifest().clone(),
    };
    let again = exec.install(|| encode(g, &meta));
    match Snapshot::from_bytes(&again, exec) {
        Ok(t) => assert!(
            t.graph().decompress(exec) == plain,
            "re-encoded snapshot opens to a different graph"
        ),
        Err(e) => panic!("a snapshot that opened re-encodes to one that does not: {e}"),
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// `data` with every section checksum that lies in bounds, the header
/// checksum and the commit footer rewritten to match (as a hostile writer
/// would); `None` when too short to hold a header and footer.
pub fn fix_checksums(data: &[u8]) -> Option<Vec<u8>> {
    let (head, entry, foot) = (format::HEADER_LEN, format::ENTRY_LEN, format::FOOTER_LEN);
    if data.len() < head + foot {
        return None;
    }
    let mut b = data.to_vec();
    let body_end = b.len() - foot;
    let sections = u32_at(&b, 60).min(format::MAX_SECTIONS) as usize;
    let table_end = (head + sections * entry).min(body_end);
    let mut at = head;
    while at + entry <= table_end {
        let (offset, len) = (u64_at(&b, at + 8), u64_at(&b, at + 16));
        if let Some(end) = offset
            .checked_add(len)
            .filter(|&end| offset >= table_end as u64 && end <= body_end as u64)
        {
            let crc = crc32c::crc32c(&b[offset as usize..end as usize]);
            b[at + 24..at + 28].copy_from_slice(&crc.to_le_bytes());
        }
        at += entry;
    }
    let crc = crc32c::crc32c_append(crc32c::crc32c(&b[..head - 4]), &b[head..table_end]);
    b[head - 4..head].copy_from_slice(&crc.to_le_bytes());
    let len = b.len() as u64;
    let f = &mut b[body_end..];
    f[..8].copy_from_slice(&format::FOOTER_MAGIC);
    f[8..16].copy_from_slice(&len.to_le_bytes());
    f[16..20].copy_from_slice(&crc.to_le_bytes());
    let fc = crc32c::crc32c(&f[..20]);
    f[20..24].copy_from_slice(&fc.to_le_bytes());
    Some(b)
}

//! Snapshot files: reading one (validated) and writing one crash-safely,
//! either as a single file or as the next version in a snapshot directory.

use std::path::{Path, PathBuf};

use ona_core::graph::CompressedStorage;
use ona_core::{Exec, Graph};
use ona_store::snapshot::{Meta, Snapshot, SnapshotDir};

use crate::error::{Context, Result};

/// Read and validate the snapshot file at `path` (any origin; a heap copy).
///
/// A corrupt file fails with an error naming the section that broke.
pub fn read(path: &Path, exec: &Exec) -> Result<Snapshot> {
    Snapshot::read(path, exec).context(format_args!("reading snapshot {}", path.display()))
}

/// Where [`write_file`] or [`publish`] put a snapshot.
#[derive(Debug, Clone)]
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The version (0 for a single file, which has none of its own).
    pub version: u64,
}

/// Write `graph` as a snapshot at `path`, crash-safely: the bytes go to a
/// temporary file beside `path` (`.<name>.tmp.<pid>`), which is synced,
/// renamed over `path` and followed by a sync of the directory. A crash
/// leaves either the old file or the new one, never a torn one (at worst a
/// stray temporary file).
pub fn write_file<S: CompressedStorage>(
    path: &Path,
    graph: &Graph<S>,
    meta: &Meta,
    exec: &Exec,
) -> Result<Written> {
    let bytes = ona_store::snapshot::write_file(path, graph, meta, exec)
        .context(format_args!("writing snapshot {}", path.display()))?;
    Ok(Written {
        path: path.to_path_buf(),
        bytes,
        version: 0,
    })
}

/// Publish `graph` as the next version of `name` in the snapshot directory
/// `dir` (created if needed; see [`SnapshotDir`]).
pub fn publish<S: CompressedStorage>(
    dir: &Path,
    name: &str,
    graph: &Graph<S>,
    meta: &Meta,
    exec: &Exec,
) -> Result<Written> {
    let what = || format!("publishing {name} in {}", dir.display());
    let snapshots = SnapshotDir::open(dir).context(what())?;
    let p = snapshots.publish(name, graph, meta, exec).context(what())?;
    Ok(Written {
        path: p.path,
        bytes: p.bytes,
        version: p.version,
    })
}

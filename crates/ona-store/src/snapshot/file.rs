//! Writing snapshot bytes durably: a temporary file, synced, renamed into
//! place, then the directory synced. A crash leaves the old file or the new
//! one under the final name, never a torn one (at worst a stray temporary).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use ona_core::graph::CompressedStorage;
use ona_core::{Exec, Graph};

use super::{Meta, encode};
use crate::error::{Error, Result};

/// Write `bytes` to `tmp`, sync, optionally make it read-only, rename it to
/// `path` and sync `path`'s directory. `tmp` must not exist and must be in
/// the same directory (renames are only atomic within one file system).
pub(crate) fn replace_durably(tmp: &Path, path: &Path, bytes: &[u8], read_only: bool) -> Result<()> {
    let write = || -> std::io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if read_only {
            let mut perm = f.metadata()?.permissions();
            perm.set_readonly(true);
            f.set_permissions(perm)?;
        }
        Ok(())
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(tmp);
        return Err(Error::io("writing", tmp, e));
    }
    if let Err(e) = fs::rename(tmp, path) {
        let _ = fs::remove_file(tmp);
        return Err(Error::io("renaming into", path, e));
    }
    let dir = parent(path);
    File::open(&dir).and_then(|d| d.sync_all()).map_err(|e| Error::io("syncing directory", &dir, e))
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Write `bytes` (an encoded snapshot, or any file) to `path` crash-safely,
/// through `.<file name>.tmp.<pid>` beside it.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().ok_or_else(|| Error::io("writing", path, std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name")))?;
    let tmp = parent(path).join(format!(".{}.tmp.{}", name.to_string_lossy(), std::process::id()));
    replace_durably(&tmp, path, bytes, false)
}

/// Encode `graph` and write it to `path` crash-safely (see [`write_bytes`]);
/// returns the bytes written. For a directory of versions ona maps, use
/// [`super::SnapshotDir::publish`] instead.
pub fn write_file<S: CompressedStorage>(path: &Path, graph: &Graph<S>, meta: &Meta, exec: &Exec) -> Result<u64> {
    let bytes = exec.install(|| encode(graph, meta));
    write_bytes(path, &bytes)?;
    Ok(bytes.len() as u64)
}

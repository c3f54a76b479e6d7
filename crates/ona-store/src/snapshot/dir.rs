//! A directory of published snapshots, written crash-safely and opened by
//! `mmap`.
//!
//! Publishing writes `.tmp.<name>.<pid>.<n>` in the directory, syncs it,
//! renames it to `<name>@<version, 20 digits>.ona`, makes it read-only and
//! syncs the directory. A rename either happened or did not, so a crash
//! leaves the previous version as the latest, plus at most one temporary file,
//! which the next [`SnapshotDir::open`] removes. Published files are never
//! written again; only they are ever mapped.
//!
//! One writer per directory: [`SnapshotDir::open`] holds an exclusive lock on
//! `<dir>/.lock` for the life of the value. Readers use
//! [`SnapshotDir::open_read_only`] and need no lock.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ona_core::graph::CompressedStorage;
use ona_core::{Exec, Graph};

use super::{Meta, Region, Snapshot, encode};
use crate::error::{Error, Result};

const SUFFIX: &str = ".ona";
const TMP: &str = ".tmp.";

/// Where a publish put its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The version assigned.
    pub version: u64,
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// A directory of snapshots that ona owns.
#[derive(Debug)]
pub struct SnapshotDir {
    path: PathBuf,
    /// The writer lock; `None` for a read-only handle.
    lock: Option<File>,
    temp_seq: AtomicU64,
}

/// Graph names: 1 to 64 of `[A-Za-z0-9_-]` (they become file names).
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::Input {
            source_name: "snapshot name".into(),
            row: None,
            column: None,
            reason: format!("{name:?} is not 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"),
        })
    }
}

/// The version in a published file name for graph `name`, if it is one.
fn parse_version(file: &str, name: &str) -> Option<u64> {
    let digits = file.strip_prefix(name)?.strip_prefix('@')?.strip_suffix(SUFFIX)?;
    (digits.len() == 20 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

impl SnapshotDir {
    /// Open (creating it if needed) `path` for publishing: takes the writer
    /// lock and removes temporary files left by an interrupted publish.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        fs::create_dir_all(&path).map_err(|e| Error::io("creating", &path, e))?;
        let lock_path = path.join(".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io("opening", &lock_path, e))?;
        // A process forked by this one (any thread's `Command::spawn`) holds a
        // copy of a just-closed descriptor, and so its lock, until it execs:
        // wait out such a window (up to ~0.5 s) rather than report a writer.
        let mut tries = 0;
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(e) => {
                    let source = match e {
                        fs::TryLockError::WouldBlock => {
                            std::io::Error::new(std::io::ErrorKind::WouldBlock, "another writer holds the directory")
                        }
                        fs::TryLockError::Error(e) => e,
                    };
                    return Err(Error::io("locking", &lock_path, source));
                }
            }
        }
        let dir = Self { path, lock: Some(lock), temp_seq: AtomicU64::new(0) };
        dir.remove_temporaries()?;
        Ok(dir)
    }

    /// Open `path` for reading only (no lock, no cleanup).
    pub fn open_read_only(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        fs::metadata(&path).map_err(|e| Error::io("opening", &path, e))?;
        Ok(Self { path, lock: None, temp_seq: AtomicU64::new(0) })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn entries(&self) -> Result<Vec<String>> {
        let rd = fs::read_dir(&self.path).map_err(|e| Error::io("listing", &self.path, e))?;
        let mut names = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| Error::io("listing", &self.path, e))?;
            if let Ok(s) = entry.file_name().into_string() {
                names.push(s);
            }
        }
        Ok(names)
    }

    fn remove_temporaries(&self) -> Result<()> {
        for f in self.entries()? {
            if f.starts_with(TMP) {
                let p = self.path.join(&f);
                fs::remove_file(&p).map_err(|e| Error::io("removing stale temporary", &p, e))?;
            }
        }
        Ok(())
    }

    /// Published versions of graph `name`, ascending.
    pub fn versions(&self, name: &str) -> Result<Vec<u64>> {
        check_name(name)?;
        let mut v: Vec<u64> = self.entries()?.iter().filter_map(|f| parse_version(f, name)).collect();
        v.sort_unstable();
        Ok(v)
    }

    /// The newest published version of `name`, if any.
    pub fn latest(&self, name: &str) -> Result<Option<u64>> {
        Ok(self.versions(name)?.last().copied())
    }

    /// The file of `name` at `version`.
    pub fn file(&self, name: &str, version: u64) -> Result<PathBuf> {
        check_name(name)?;
        Ok(self.path.join(format!("{name}@{version:020}{SUFFIX}")))
    }

    /// Publish `graph` as the next version of `name` (or `meta.version` when
    /// it is larger than every published one; equal or smaller is an error:
    /// published files are immutable).
    pub fn publish<S: CompressedStorage>(&self, name: &str, graph: &Graph<S>, meta: &Meta, exec: &Exec) -> Result<Published> {
        check_name(name)?;
        if self.lock.is_none() {
            return Err(Error::io("publishing to", &self.path, std::io::Error::new(std::io::ErrorKind::PermissionDenied, "directory opened read-only")));
        }
        let latest = self.latest(name)?;
        let version = match latest {
            Some(l) if meta.version <= l => {
                if meta.version == 0 {
                    l + 1
                } else {
                    return Err(Error::Input {
                        source_name: format!("snapshot {name}"),
                        row: None,
                        column: None,
                        reason: format!("version {} is not above the latest published version {l}", meta.version),
                    });
                }
            }
            None if meta.version == 0 => 1,
            _ => meta.version,
        };
        let bytes = exec.install(|| encode(graph, &Meta { version, ..meta.clone() }));
        let final_path = self.file(name, version)?;
        let seq = self.temp_seq.fetch_add(1, Ordering::Relaxed);
        let tmp = self.path.join(format!("{TMP}{name}.{}.{seq}", std::process::id()));
        super::file::replace_durably(&tmp, &final_path, &bytes, true)?;
        Ok(Published { version, path: final_path, bytes: bytes.len() as u64 })
    }

    /// Map and validate version `version` of `name`.
    pub fn open_version(&self, name: &str, version: u64, exec: &Exec) -> Result<Snapshot> {
        let path = self.file(name, version)?;
        let file = File::open(&path).map_err(|e| Error::io("opening", &path, e))?;
        let region = Region::map(&file).map_err(|e| Error::io("mapping", &path, e))?;
        Snapshot::from_region(Arc::new(region), exec)
    }

    /// Map and validate the newest version of `name` (`None` if there is none).
    pub fn open_latest(&self, name: &str, exec: &Exec) -> Result<Option<Snapshot>> {
        match self.latest(name)? {
            Some(v) => self.open_version(name, v, exec).map(Some),
            None => Ok(None),
        }
    }

    /// Remove every version of `name` older than the newest `keep`.
    pub fn prune(&self, name: &str, keep: usize) -> Result<usize> {
        let versions = self.versions(name)?;
        let old = versions.len().saturating_sub(keep);
        for &v in &versions[..old] {
            let p = self.file(name, v)?;
            fs::remove_file(&p).map_err(|e| Error::io("removing", &p, e))?;
        }
        Ok(old)
    }
}

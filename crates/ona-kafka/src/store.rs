//! Where partition state lives between owners: the [`SnapshotStore`] trait
//! and its directory backend.
//!
//! A partition's state is one engine directory (`ona_engine::Engine`) plus a
//! checkpoint: the next Kafka offset whose effect is *not* yet in that
//! directory's last published snapshot. The checkpoint is written only after
//! `Engine::snapshot` returned, so every message below it is durable in the
//! engine; messages at or above it may also be there (a crash between the
//! snapshot and the checkpoint), which the engine's event-id dedupe absorbs.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Shared storage of per-partition engine state, used by every worker of a
/// group. Implementations must make [`SnapshotStore::write_checkpoint`]
/// atomic (a reader sees the old or the new value, never a torn one).
pub trait SnapshotStore: Send + Sync + Debug {
    /// A local directory holding the engine of `partition`, ready to be
    /// opened (a remote backend downloads the last published state here).
    fn engine_dir(&self, partition: u32) -> Result<PathBuf>;
    /// Make the engine snapshot just written in [`SnapshotStore::engine_dir`]
    /// visible to the next owner (a no-op for a shared directory; an upload
    /// for an object store). Called before the checkpoint is written.
    fn publish(&self, partition: u32) -> Result<()>;
    /// The stored next offset of `topic`'s `partition`, if any.
    fn read_checkpoint(&self, topic: &str, partition: u32) -> Result<Option<u64>>;
    /// Store the next offset of `topic`'s `partition`.
    fn write_checkpoint(&self, topic: &str, partition: u32, next: u64) -> Result<()>;
}

/// A directory all workers share (local disk for one machine, a network file
/// system for several): `<root>/p<partition>/` is the partition's engine and
/// `<root>/p<partition>/kafka-checkpoint.txt` its checkpoint
/// (`topic=<topic>` and `next=<offset>` lines).
///
/// ```
/// use ona_kafka::{DirStore, SnapshotStore};
/// let dir = tempfile::tempdir()?;
/// let store = DirStore::new(dir.path());
/// assert_eq!(store.read_checkpoint("events", 3)?, None);
/// store.write_checkpoint("events", 3, 1200)?;
/// assert_eq!(store.read_checkpoint("events", 3)?, Some(1200));
/// assert!(store.read_checkpoint("other-topic", 3).is_err()); // one topic per store
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DirStore {
    root: PathBuf,
}

const CHECKPOINT: &str = "kafka-checkpoint.txt";

impl DirStore {
    /// A store rooted at `root` (created on first use).
    pub fn new(root: impl AsRef<Path>) -> Self {
        Self { root: root.as_ref().to_path_buf() }
    }
    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }
    fn checkpoint_path(&self, partition: u32) -> PathBuf {
        self.root.join(format!("p{partition}")).join(CHECKPOINT)
    }
}

impl SnapshotStore for DirStore {
    fn engine_dir(&self, partition: u32) -> Result<PathBuf> {
        let dir = self.root.join(format!("p{partition}"));
        std::fs::create_dir_all(&dir).map_err(|e| Error::Store { op: "creating", path: dir.clone(), reason: e.to_string() })?;
        Ok(dir)
    }

    fn publish(&self, _partition: u32) -> Result<()> {
        Ok(())
    }

    fn read_checkpoint(&self, topic: &str, partition: u32) -> Result<Option<u64>> {
        let path = self.checkpoint_path(partition);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Store { op: "reading", path, reason: e.to_string() }),
        };
        let bad = |reason: String| Error::Store { op: "reading", path: path.clone(), reason };
        let mut lines = text.lines();
        let stored_topic = lines.next().and_then(|l| l.strip_prefix("topic=")).ok_or_else(|| bad("expected topic=<topic>".into()))?;
        if stored_topic != topic {
            return Err(bad(format!("checkpoint is for topic {stored_topic:?}, not {topic:?}: use one snapshot directory per topic")));
        }
        let next = lines
            .next()
            .and_then(|l| l.strip_prefix("next="))
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| bad("expected next=<offset>".into()))?;
        Ok(Some(next))
    }

    fn write_checkpoint(&self, topic: &str, partition: u32, next: u64) -> Result<()> {
        self.engine_dir(partition)?;
        let path = self.checkpoint_path(partition);
        ona_store::snapshot::write_bytes(&path, format!("topic={topic}\nnext={next}\n").as_bytes()).map_err(|e| Error::Store {
            op: "writing",
            path,
            reason: e.to_string(),
        })
    }
}

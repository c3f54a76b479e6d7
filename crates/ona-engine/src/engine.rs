//! The engine: a directory of tenants, one scheduler, one set of metrics.
//!
//! ```text
//! <root>/ona-engine.txt        format marker
//! <root>/.lock                 held by the one Engine that has the directory open
//! <root>/tenants/t<hex id>/tenant.txt          tier=<tier>
//! <root>/tenants/t<hex id>/g<hex name>/...     one graph (crate::persist)
//! <root>/journal/<seq>.jnl     incremental checkpoints (crate::journal)
//! ```

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use ona_store::snapshot::write_bytes;

use crate::config::EngineConfig;
use crate::error::{Error, Result};
use crate::graph_state::GraphState;
use crate::journal::{self, Journal};
use crate::metrics::Metrics;
use crate::name::{GraphName, TenantId};
use crate::scheduler::Scheduler;
use crate::tenant::{Tenant, TenantState};
use crate::tier::Tier;

const MARKER: &str = "ona-engine.txt";
const MARKER_TEXT: &str = "ona-engine 1\n";
const TENANT_FILE: &str = "tenant.txt";
const JOURNAL: &str = "journal";

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) root: PathBuf,
    pub(crate) config: EngineConfig,
    pub(crate) sched: Scheduler,
    pub(crate) metrics: Metrics,
    tenants: RwLock<BTreeMap<TenantId, Arc<TenantState>>>,
    journal: Mutex<Journal>,
    compactions_running: Arc<AtomicUsize>,
    _lock: File,
}

impl Shared {
    /// Start a compaction if the graph's delta crossed the thresholds.
    pub(crate) fn after_apply(self: &Arc<Self>, g: &Arc<GraphState>) {
        let c = &self.config;
        if !g.wants_compaction(c.compact_min_changes, c.compact_ratio) {
            return;
        }
        let (shared, g, running) = (Arc::clone(self), Arc::clone(g), Arc::clone(&self.compactions_running));
        let job = move || {
            if let Ok(Some(s)) = g.compact(&shared.sched.background()) {
                shared.metrics.compactions.fetch_add(1, Ordering::Relaxed);
                shared.metrics.compaction_seconds.observe(s);
            }
            // Let go of the engine before saying so: `Engine::close` relies on it.
            drop((shared, g));
            running.fetch_sub(1, Ordering::AcqRel);
        };
        self.compactions_running.fetch_add(1, Ordering::AcqRel);
        if c.background_compaction {
            std::thread::spawn(job);
        } else {
            job();
        }
    }
}

/// Memory held by one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantMemory {
    /// The tenant.
    pub tenant: TenantId,
    /// Its tier.
    pub tier: Tier,
    /// Graphs it holds.
    pub graphs: usize,
    /// Bytes ([`Tenant::memory_bytes`]).
    pub bytes: u64,
}

/// Many tenants' graphs in one process, persisted under one directory.
///
/// ```
/// use ona_engine::{Engine, EngineConfig, EventBatch, Keys, Tier};
/// let dir = tempfile::tempdir()?;
/// let engine = Engine::open(dir.path(), EngineConfig::default())?;
/// let acme = engine.tenant("acme", Tier::Professional)?;
/// let (src, dst) = ([1u64, 2, 3], [2u64, 3, 1]);
/// let applied = acme.apply("email", &EventBatch::new(Keys::U64(&src), Keys::U64(&dst)))?;
/// assert_eq!(applied.version, 1);
/// let g = acme.graph("email")?;
/// assert_eq!((g.node_count(), g.edge_count(), g.version()), (3, 3, 1));
/// engine.snapshot()?; // durable: a reopened engine starts from here
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    shared: Arc<Shared>,
}

impl Engine {
    /// Open (or create) the engine directory `dir` and load every tenant's
    /// latest snapshots. One engine per directory at a time.
    pub fn open(dir: impl AsRef<Path>, config: EngineConfig) -> Result<Self> {
        let root = dir.as_ref().to_path_buf();
        fs::create_dir_all(root.join("tenants")).map_err(Error::io("creating", &root))?;
        let marker = root.join(MARKER);
        match fs::read_to_string(&marker) {
            Ok(t) if t == MARKER_TEXT => {}
            Ok(_) => return Err(Error::Corrupt { path: marker, reason: "not an ona engine directory of a known format".into() }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_bytes(&marker, MARKER_TEXT.as_bytes())?,
            Err(e) => return Err(Error::io("reading", &marker)(e)),
        }
        let lock_path = root.join(".lock");
        let lock =
            OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(Error::io("opening", &lock_path))?;
        // A process spawned by this one holds a copy of the descriptor (and so
        // the lock) between its fork and exec; wait that out, not a live engine.
        let mut tries = 0;
        while let Err(e) = lock.try_lock() {
            tries += 1;
            if tries > 50 {
                return Err(Error::Io {
                    op: "locking (another engine has this directory open)",
                    path: lock_path,
                    source: std::io::Error::other(e.to_string()),
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let sched = Scheduler::new(config.threads, config.lower_pool_priority, config.inline_below)?;
        let exec = sched.background();
        let mut tenants = BTreeMap::new();
        let tdir = root.join("tenants");
        for entry in fs::read_dir(&tdir).map_err(Error::io("listing", &tdir))? {
            let entry = entry.map_err(Error::io("listing", &tdir))?;
            let Some(id) = entry.file_name().to_str().and_then(TenantId::from_dir_name) else { continue };
            let dir = entry.path();
            let Some(tier) = read_tier(&dir)? else { continue };
            let mut graphs = BTreeMap::new();
            for g in fs::read_dir(&dir).map_err(Error::io("listing", &dir))? {
                let g = g.map_err(Error::io("listing", &dir))?;
                let Some(name) = g.file_name().to_str().and_then(GraphName::from_dir_name) else { continue };
                if let Some(state) = GraphState::recover(name.clone(), &g.path(), &exec)? {
                    graphs.insert(name, Arc::new(state));
                }
            }
            tenants.insert(id.clone(), Arc::new(TenantState::new(id, dir, tier, graphs)));
        }
        let journal = replay_journal(&root.join(JOURNAL), &tenants, &exec)?;
        let shared = Shared {
            root,
            config,
            sched,
            metrics: Metrics::default(),
            tenants: RwLock::new(tenants),
            journal: Mutex::new(journal),
            compactions_running: Arc::default(),
            _lock: lock,
        };
        Ok(Self { shared: Arc::new(shared) })
    }

    /// The engine directory.
    pub fn path(&self) -> &Path {
        &self.shared.root
    }

    /// The configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.shared.config
    }

    /// Tenant `id`, created with `tier` if new; an existing tenant takes
    /// `tier` (an upgrade or downgrade applies to its next request; stored
    /// data is kept).
    pub fn tenant(&self, id: &str, tier: Tier) -> Result<Tenant> {
        let id = TenantId::new(id)?;
        let mut tenants = self.shared.tenants.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(t) = tenants.get(&id) {
            if t.tier() != tier {
                write_tier(&t.dir, tier)?;
                *t.tier.write().unwrap_or_else(std::sync::PoisonError::into_inner) = tier;
            }
            return Ok(Tenant { shared: Arc::clone(&self.shared), state: Arc::clone(t) });
        }
        let dir = self.shared.root.join("tenants").join(id.dir_name());
        fs::create_dir_all(&dir).map_err(Error::io("creating", &dir))?;
        write_tier(&dir, tier)?;
        let state = Arc::new(TenantState::new(id.clone(), dir, tier, BTreeMap::new()));
        tenants.insert(id, Arc::clone(&state));
        Ok(Tenant { shared: Arc::clone(&self.shared), state })
    }

    /// An existing tenant.
    pub fn get_tenant(&self, id: &str) -> Result<Tenant> {
        let key = TenantId::new(id)?;
        let tenants = self.shared.tenants.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let state = tenants.get(&key).ok_or_else(|| Error::UnknownTenant(id.to_owned()))?;
        Ok(Tenant { shared: Arc::clone(&self.shared), state: Arc::clone(state) })
    }

    /// Every tenant and its tier.
    pub fn tenants(&self) -> Vec<(TenantId, Tier)> {
        let tenants = self.shared.tenants.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        tenants.iter().map(|(id, t)| (id.clone(), t.tier())).collect()
    }

    fn handles(&self) -> Vec<Tenant> {
        let tenants = self.shared.tenants.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        tenants.values().map(|t| Tenant { shared: Arc::clone(&self.shared), state: Arc::clone(t) }).collect()
    }

    /// Write every graph whose version moved since its last snapshot, with
    /// its source offsets, as a full snapshot; returns how many were written.
    pub fn snapshot(&self) -> Result<usize> {
        let mut journal = self.journal();
        let written = self.handles().iter().map(Tenant::snapshot).sum::<Result<usize>>()?;
        self.collect_journal(&mut journal)?;
        Ok(written)
    }

    /// Make every graph whose version moved since it was last persisted
    /// durable, like [`Engine::snapshot`], but incrementally: the events,
    /// versions and offsets of all of them go into one journal file (one
    /// fsync), and a graph's full snapshot is rewritten only once the
    /// events journaled since the last one reach
    /// [`EngineConfig::full_snapshot_rows`] and its edge count (or when it
    /// holds back the oldest of 64 journal files). A reopened engine
    /// replays the journal over the snapshots. Returns how many graphs were
    /// made durable.
    ///
    /// ```
    /// use ona_engine::{Engine, EngineConfig, EventBatch, Keys, Tier};
    /// let dir = tempfile::tempdir()?;
    /// let engine = Engine::open(dir.path(), EngineConfig::default())?;
    /// let acme = engine.tenant("acme", Tier::Professional)?;
    /// acme.apply("email", &EventBatch::new(Keys::U64(&[1, 2]), Keys::U64(&[2, 3])))?;
    /// assert_eq!(engine.checkpoint()?, 1);
    /// drop((acme, engine)); // no close, no snapshot: as after a crash
    /// let engine = Engine::open(dir.path(), EngineConfig::default())?;
    /// let g = engine.get_tenant("acme")?.graph("email")?;
    /// assert_eq!((g.edge_count(), g.version()), (2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(&self) -> Result<usize> {
        let mut journal = self.journal();
        let exec = self.shared.sched.background();
        let pinned = if journal.files() >= journal::MAX_FILES { journal.oldest() } else { Vec::new() };
        let graphs: Vec<(TenantId, Arc<GraphState>)> = self
            .handles()
            .iter()
            .flat_map(|t| {
                let graphs = t.state.graphs.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                graphs.values().map(|g| (t.id().clone(), Arc::clone(g))).collect::<Vec<_>>()
            })
            .collect();
        let (mut written, mut entries, mut held) = (0, Vec::new(), Vec::new());
        for (tenant, g) in &graphs {
            let mut p = g.persisted();
            let v = g.current();
            let journaled_since = p.rows_since_full(&v);
            let edges = usize::try_from(v.base.graph.edge_count()).unwrap_or(usize::MAX).saturating_add(v.delta_len());
            let full = v.number > p.published()
                && (journaled_since >= self.shared.config.full_snapshot_rows.max(edges)
                    || pinned.iter().any(|(t, n)| t == tenant && *n == g.name));
            if full {
                if g.snapshot_with(&mut p, &exec)?.is_some() {
                    written += 1;
                    self.shared.metrics.snapshots.fetch_add(1, Ordering::Relaxed);
                }
            } else if v.number > p.durable() {
                entries.push(p.journal_entry(tenant, &g.name, &v)?);
                held.push((p, v.number, v.log.len()));
            }
        }
        if !entries.is_empty() {
            // The graphs stay locked until their entries are durable, so a
            // concurrent full snapshot cannot interleave.
            journal.write(&entries)?;
            written += entries.len();
            for (mut p, version, rows) in held {
                p.mark_journaled(version, rows);
            }
        }
        self.collect_journal(&mut journal)?;
        Ok(written)
    }

    fn journal(&self) -> std::sync::MutexGuard<'_, Journal> {
        self.shared.journal.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Delete the journal files every entry of which a full snapshot supersedes.
    fn collect_journal(&self, journal: &mut Journal) -> Result<()> {
        let tenants = self.shared.tenants.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        journal.collect(|t, g| {
            let graphs = tenants.get(t).map(|t| t.graphs.read().unwrap_or_else(std::sync::PoisonError::into_inner));
            graphs.and_then(|gs| gs.get(g).map(|g| g.persisted().published())).unwrap_or(0)
        })
    }

    /// Memory per tenant.
    pub fn memory_report(&self) -> Vec<TenantMemory> {
        self.handles()
            .iter()
            .map(|t| TenantMemory { tenant: t.id().clone(), tier: t.tier(), graphs: t.graphs().len(), bytes: t.memory_bytes() })
            .collect()
    }

    /// Wait until no background compaction is running (tests, shutdown).
    pub fn wait_for_compactions(&self) {
        while self.shared.compactions_running.load(Ordering::Acquire) > 0 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Wait for background compactions, then drop this handle. Returns
    /// whether the engine is now closed (its directory unlocked): false
    /// while other `Engine` or `Tenant` handles are alive.
    pub fn close(self) -> bool {
        self.wait_for_compactions();
        Arc::strong_count(&self.shared) == 1
    }

    /// Counters, gauges and histograms in the Prometheus text format.
    pub fn metrics_text(&self) -> String {
        let report = self.memory_report();
        let per_tier: Vec<(&'static str, u64, u64)> = Tier::ALL
            .iter()
            .map(|&tier| {
                let of = report.iter().filter(|r| r.tier == tier);
                (tier.as_str(), of.clone().count() as u64, of.map(|r| r.bytes).sum())
            })
            .collect();
        self.shared.metrics.render(&per_tier)
    }
}

fn write_tier(dir: &Path, tier: Tier) -> Result<()> {
    Ok(write_bytes(&dir.join(TENANT_FILE), format!("tier={tier}\n").as_bytes())?)
}

/// The tenant's tier; `None` (and the directory removed) if its creation
/// never finished: no tenant file, so no graph either.
fn read_tier(dir: &Path) -> Result<Option<Tier>> {
    let p = dir.join(TENANT_FILE);
    let text = match fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let graphs = fs::read_dir(dir)
                .map_err(Error::io("listing", dir))?
                .flatten()
                .any(|e| e.file_name().to_str().and_then(GraphName::from_dir_name).is_some());
            if graphs {
                return Err(Error::Corrupt { path: p, reason: "missing beside graph directories".into() });
            }
            fs::remove_dir_all(dir).map_err(Error::io("removing the unfinished tenant", dir))?;
            return Ok(None);
        }
        Err(e) => return Err(Error::io("reading", &p)(e)),
    };
    let t = text.trim().strip_prefix("tier=").ok_or_else(|| Error::Corrupt { path: p.clone(), reason: "expected tier=<tier>".into() })?;
    Tier::parse(t).map(Some).map_err(|_| Error::Corrupt { path: p, reason: format!("unknown tier {t:?}") })
}

/// Open the journal in `dir` and replay it over the recovered graphs.
fn replay_journal(dir: &Path, tenants: &BTreeMap<TenantId, Arc<TenantState>>, exec: &ona_core::Exec) -> Result<Journal> {
    let (mut journal, files) = Journal::open(dir)?;
    for (seq, entries) in files {
        let path = dir.join(format!("{seq:020}.jnl"));
        let mut pending = Vec::new();
        for e in entries {
            let corrupt =
                |reason: String| Error::Corrupt { path: path.clone(), reason: format!("journal: {}/{}: {reason}", e.tenant, e.graph) };
            let graphs = tenants.get(&e.tenant).map(|t| t.graphs.read().unwrap_or_else(std::sync::PoisonError::into_inner));
            let g = graphs.and_then(|gs| gs.get(&e.graph).cloned()).ok_or_else(|| corrupt("no such graph on disk".into()))?;
            g.replay(&e, exec).map_err(corrupt)?;
            if g.persisted().published() < e.version {
                pending.push((e.tenant, e.graph, e.version));
            }
        }
        journal.keep(seq, pending);
    }
    Ok(journal)
}

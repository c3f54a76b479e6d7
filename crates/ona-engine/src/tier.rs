//! License tiers and the limits they carry.
//!
//! Defaults follow the product's price list: Demo 100 people per graph,
//! Basic 5,000, Professional 50,000, Enterprise unlimited. Streaming ingest
//! ([`crate::Tenant::apply`]) is a Professional feature (1,000 events/s) and
//! an Enterprise one (100,000/s); Demo and Basic tenants load whole graphs
//! with [`crate::Tenant::import`], which no rate limit applies to. Every
//! number can be changed in [`crate::EngineConfig::tiers`].

use std::fmt;

use crate::error::{Error, Result};

/// A license tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// Trial accounts.
    Demo,
    /// Small teams.
    Basic,
    /// Mid-size companies.
    Professional,
    /// No size limit.
    Enterprise,
}

impl Tier {
    /// Every tier, smallest first.
    pub const ALL: [Tier; 4] = [Tier::Demo, Tier::Basic, Tier::Professional, Tier::Enterprise];

    /// Lowercase name (`"professional"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Demo => "demo",
            Self::Basic => "basic",
            Self::Professional => "professional",
            Self::Enterprise => "enterprise",
        }
    }

    /// Parse a lowercase name.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| Error::InvalidName {
            what: "tier",
            name: s.chars().take(80).collect(),
            reason: "expected 'demo', 'basic', 'professional' or 'enterprise'",
        })
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which limit a request ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// People (nodes) in one graph.
    NodesPerGraph,
    /// Graphs held by one tenant.
    GraphsPerTenant,
    /// Bytes of memory held by one tenant's graphs and event logs.
    MemoryBytes,
    /// Streaming events per second (a token bucket holding one second's worth).
    EventsPerSecond,
}

impl Limit {
    /// snake_case name, as used in metrics and binding errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NodesPerGraph => "nodes_per_graph",
            Self::GraphsPerTenant => "graphs_per_tenant",
            Self::MemoryBytes => "memory_bytes",
            Self::EventsPerSecond => "events_per_second",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The limits of one tier; `None` is unlimited.
#[derive(Debug, Clone, PartialEq)]
pub struct TierLimits {
    /// Nodes per graph.
    pub max_nodes: Option<u64>,
    /// Graphs per tenant.
    pub max_graphs: Option<u64>,
    /// Bytes per tenant (graphs, deltas and event logs, as
    /// [`crate::Tenant::memory_bytes`] counts them).
    pub max_memory_bytes: Option<u64>,
    /// Streaming events per second; `Some(0)` means streaming is not part of the tier.
    pub max_events_per_second: Option<u64>,
    /// Algorithm jobs of one tenant running at once on the engine's pool.
    pub concurrency: usize,
    /// Exact betweenness is chosen when its estimate is below this many seconds.
    pub exact_budget_seconds: f64,
}

impl TierLimits {
    /// The product's defaults for `tier`.
    pub fn default_for(tier: Tier) -> Self {
        const MIB: u64 = 1 << 20;
        match tier {
            Tier::Demo => Self {
                max_nodes: Some(100),
                max_graphs: Some(3),
                max_memory_bytes: Some(16 * MIB),
                max_events_per_second: Some(0),
                concurrency: 1,
                exact_budget_seconds: 1.0,
            },
            Tier::Basic => Self {
                max_nodes: Some(5_000),
                max_graphs: Some(10),
                max_memory_bytes: Some(256 * MIB),
                max_events_per_second: Some(0),
                concurrency: 1,
                exact_budget_seconds: 2.0,
            },
            Tier::Professional => Self {
                max_nodes: Some(50_000),
                max_graphs: Some(100),
                max_memory_bytes: Some(4096 * MIB),
                max_events_per_second: Some(1_000),
                concurrency: 2,
                exact_budget_seconds: 5.0,
            },
            Tier::Enterprise => Self {
                max_nodes: None,
                max_graphs: None,
                max_memory_bytes: None,
                max_events_per_second: Some(100_000),
                concurrency: 4,
                exact_budget_seconds: 10.0,
            },
        }
    }
}

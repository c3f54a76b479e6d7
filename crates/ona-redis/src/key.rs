//! Cache keys: `ona:{tenant}:{graph}:v{version}:{algo}:{params hash}`.
//!
//! The braces around the tenant are a Redis Cluster hash tag: every key of a
//! tenant hashes to the same slot, so purging a tenant touches one node.

use std::fmt;

use crate::error::{Error, Result};

/// Longest accepted tenant, graph or algorithm name, in bytes.
pub const MAX_NAME_BYTES: usize = 128;

/// A result-cache key. Build it with [`CacheKey::new`], which validates the
/// names; [`CacheKey::as_str`] is the Redis key.
///
/// ```
/// use ona_redis::CacheKey;
/// let k = CacheKey::new("acme", "email", 7, "pagerank", "alpha=0.85;tol=1e-9")?;
/// assert!(k.as_str().starts_with("ona:{acme}:email:v7:pagerank:"));
/// # Ok::<(), ona_redis::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    key: String,
    tenant_len: usize,
}

impl CacheKey {
    /// The key of `algo` with parameters `params` (any canonical text, e.g.
    /// `"alpha=0.85;tol=1e-9"`; it is hashed with [`params_hash`]) on version
    /// `version` of `graph` of `tenant`.
    ///
    /// Errors: [`Error::InvalidKey`] when a name is empty, longer than
    /// [`MAX_NAME_BYTES`], or holds `:`, `{`, `}`, a glob character
    /// (`*?[]\`) or whitespace / control characters.
    pub fn new(tenant: &str, graph: &str, version: u64, algo: &str, params: &str) -> Result<Self> {
        check_name("tenant", tenant)?;
        check_name("graph", graph)?;
        check_name("algo", algo)?;
        let key = format!("ona:{{{tenant}}}:{graph}:v{version}:{algo}:{:016x}", params_hash(params.as_bytes()));
        Ok(Self { key, tenant_len: tenant.len() })
    }

    /// The Redis key.
    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The tenant part.
    pub fn tenant(&self) -> &str {
        &self.key[5..5 + self.tenant_len]
    }
}

impl fmt::Display for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

/// The SCAN pattern matching every cache key of `tenant`: `ona:{tenant}:*`.
///
/// Errors: [`Error::InvalidKey`] as for [`CacheKey::new`].
pub fn tenant_pattern(tenant: &str) -> Result<String> {
    check_name("tenant", tenant)?;
    Ok(format!("ona:{{{tenant}}}:*"))
}

/// 64-bit FNV-1a of the canonical parameter text: stable across processes,
/// platforms and releases (unlike `std`'s `DefaultHasher`). Not a MAC — keys
/// are not secrets.
pub fn params_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub(crate) fn check_name(what: &'static str, value: &str) -> Result<()> {
    let refuse = |reason| Error::InvalidKey { what, value: value.chars().take(80).collect(), reason };
    if value.is_empty() {
        return Err(refuse("must not be empty"));
    }
    if value.len() > MAX_NAME_BYTES {
        return Err(refuse("longer than 128 bytes"));
    }
    if value.chars().any(|c| matches!(c, ':' | '{' | '}' | '*' | '?' | '[' | ']' | '\\') || c.is_whitespace() || c.is_control()) {
        return Err(refuse("must not contain ':', '{', '}', glob characters, whitespace or control characters"));
    }
    Ok(())
}

//! The version of a projected graph, for cache keys.

/// What a projection read, condensed into a cache key.
///
/// `hash` is BLAKE3 over the two query texts, the parameters (type-tagged), and every
/// row's values in the order the server streamed them. Any change to a node, attribute,
/// relationship, weight or timestamp the queries return changes the key; changes
/// outside what they return do not. Rows are hashed in stream order: add `ORDER BY` to
/// both queries if the key must survive a store rebuild that changes the scan order.
/// The counts and the largest `timestamp` ride along for quick staleness checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GraphVersion {
    /// BLAKE3 of queries, parameters and rows.
    pub hash: [u8; 32],
    /// Node rows read.
    pub node_rows: u64,
    /// Relationship rows read.
    pub relationship_rows: u64,
    /// Largest integer `timestamp` among the relationship rows, if the column exists and
    /// has an integer value.
    pub max_timestamp: Option<i64>,
}

impl GraphVersion {
    /// The first 8 bytes of the hash as an integer (an engine-style version number).
    pub fn as_u64(&self) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.hash[..8]);
        u64::from_le_bytes(b)
    }

    /// A short key for cache entries: 16 hex digits of the hash.
    ///
    /// ```
    /// let v = ona_neo4j::GraphVersion { hash: [0xab; 32], node_rows: 0, relationship_rows: 0, max_timestamp: None };
    /// assert_eq!(v.key(), "abababababababab");
    /// ```
    pub fn key(&self) -> String {
        self.hash[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

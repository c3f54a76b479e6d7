//! The privacy guardrail: group-level results never describe a group
//! smaller than a minimum size, and people can be named by keyed
//! pseudonyms instead of their ids.
//!
//! **Small groups.** A figure about a group of three (their average load,
//! their E-I index) is a figure about three identifiable people. Group-level
//! outputs therefore check each group against
//! [`PrivacyConfig::min_group_size`] (default 5) and, for a smaller group,
//! withhold every value computed from its members and say why: a
//! [`Guarded`] value with a reason such as `"suppressed: group has 3
//! members < 5"`. The group's existence and size are not secret (they come
//! from the organisation chart the caller supplied) and stay visible; the
//! measured values do not. [`collaboration_overload`](super::collaboration_overload)
//! follows this rule (its values become NaN and its top people empty).
//! A minimum of 0 or 1 turns the guardrail off.
//!
//! **Pseudonyms.** [`pseudonymize`] maps every external id to
//! `p_` + the first 16 hex digits (64 bits) of the keyed BLAKE3 hash of the
//! id's canonical bytes (an integer id's decimal text, a string id's UTF-8
//! bytes, so the integer 7 and the string `"7"` agree, as ona's lookups
//! do). The same key gives the same pseudonym in every run and report, so
//! results can be joined; without the key the ids cannot be recovered or
//! confirmed by guessing. Keep the key secret and change it to unlink
//! past reports.

use std::fmt;

use rayon::prelude::*;

use crate::graph::{IdMap, MISSING};
use crate::ids::NodeId;
use crate::ona::groups::Groups;

/// The guardrail's settings.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrivacyConfig {
    /// Smallest group whose measures may be shown (default 5).
    pub min_group_size: usize,
    /// Key for [`pseudonymize`] (default none: ids are shown as they are).
    pub pseudonym_key: Option<[u8; 32]>,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        Self { min_group_size: 5, pseudonym_key: None }
    }
}

impl fmt::Debug for PrivacyConfig {
    /// Never prints the key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivacyConfig")
            .field("min_group_size", &self.min_group_size)
            .field("pseudonym_key", &self.pseudonym_key.map(|_| "<secret>"))
            .finish()
    }
}

impl PrivacyConfig {
    /// Set [`PrivacyConfig::min_group_size`].
    #[must_use]
    pub fn min_group_size(mut self, min: usize) -> Self {
        self.min_group_size = min;
        self
    }
    /// Set [`PrivacyConfig::pseudonym_key`].
    #[must_use]
    pub fn pseudonym_key(mut self, key: Option<[u8; 32]>) -> Self {
        self.pseudonym_key = key;
        self
    }
}

/// Members of each group `0..groups.count()` (people with a [`MISSING`]
/// code belong to none). `O(n)`.
///
/// ```
/// use ona_core::ona::{group_sizes, Groups};
/// assert_eq!(group_sizes(Groups::new(&[0, 2, 2, u32::MAX])), vec![1, 0, 2]);
/// ```
pub fn group_sizes(groups: Groups<'_>) -> Vec<usize> {
    let mut s = vec![0usize; groups.count()];
    for &c in groups.codes().iter().filter(|&&c| c != MISSING) {
        // Codes below count(): Groups' constructors guarantee it.
        if let Some(x) = s.get_mut(c as usize) {
            *x += 1;
        }
    }
    s
}

/// For each group, whether it has fewer than `min_group_size` members and
/// so must be suppressed. `O(n)`.
///
/// ```
/// use ona_core::ona::{suppressed_groups, Groups};
/// let codes = [0, 0, 0, 1, 1, 1, 1, 1];
/// assert_eq!(suppressed_groups(Groups::new(&codes), 5), vec![true, false]);
/// ```
pub fn suppressed_groups(groups: Groups<'_>, min_group_size: usize) -> Vec<bool> {
    group_sizes(groups).into_iter().map(|s| s < min_group_size).collect()
}

/// Why a group-level value was withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suppression {
    /// Members of the group.
    pub size: usize,
    /// The minimum it fell short of.
    pub min_group_size: usize,
}

impl Suppression {
    /// `Some` when a group of `size` must be suppressed under `min_group_size`.
    pub fn check(size: usize, min_group_size: usize) -> Option<Self> {
        (size < min_group_size).then_some(Self { size, min_group_size })
    }
}

impl fmt::Display for Suppression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let members = if self.size == 1 { "member" } else { "members" };
        write!(f, "suppressed: group has {} {members} < {}", self.size, self.min_group_size)
    }
}

/// A group-level value, or the reason it is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Guarded<T> {
    /// The value; `None` when suppressed.
    pub value: Option<T>,
    /// Why the value is withheld (e.g. `"suppressed: group has 3 members
    /// < 5"`); `None` when shown.
    pub suppressed_reason: Option<String>,
}

impl<T> Guarded<T> {
    /// `value` for a group of `size` members, withheld below `min_group_size`.
    ///
    /// ```
    /// use ona_core::ona::Guarded;
    /// let g = Guarded::new(0.42, 3, 5);
    /// assert_eq!(g.value, None);
    /// assert_eq!(g.suppressed_reason.as_deref(), Some("suppressed: group has 3 members < 5"));
    /// assert_eq!(Guarded::new(0.42, 5, 5).value, Some(0.42));
    /// ```
    pub fn new(value: T, size: usize, min_group_size: usize) -> Self {
        match Suppression::check(size, min_group_size) {
            Some(s) => Self { value: None, suppressed_reason: Some(s.to_string()) },
            None => Self { value: Some(value), suppressed_reason: None },
        }
    }
    /// Whether the value is withheld.
    pub fn is_suppressed(&self) -> bool {
        self.suppressed_reason.is_some()
    }
}

/// Pseudonyms of every node, in node order: `p_` + 16 hex digits of the
/// keyed BLAKE3 hash of the external id (see the [module docs](self)).
///
/// **Complexity** `O(n)` hashes of short inputs. **Parallelism**: runs on
/// the caller's rayon context (no [`Exec`](crate::Exec) needed: no
/// cancellation point in a pass this short; pure function of id and key,
/// so identical for any thread count). Never fails: every id has bytes.
/// 64-bit pseudonyms collide with probability about `n² / 2⁶⁵` (about
/// `3 · 10⁻⁷` for a million people).
///
/// ```
/// use ona_core::IdMap;
/// use ona_core::ona::pseudonymize;
/// let ids = IdMap::from_names(vec!["ada".into(), "grace".into()]);
/// let p = pseudonymize(&ids, &[7; 32]);
/// assert!(p[0].starts_with("p_") && p[0].len() == 18);
/// assert_ne!(p[0], p[1]);
/// assert_eq!(p, pseudonymize(&ids, &[7; 32])); // stable for a key
/// assert_ne!(p, pseudonymize(&ids, &[8; 32])); // not across keys
/// ```
pub fn pseudonymize(ids: &IdMap, key: &[u8; 32]) -> Vec<String> {
    let n = ids.len();
    (0..n)
        .into_par_iter()
        .map(|i| {
            // i < n, and an IdMap names at most u32::MAX nodes.
            let v = NodeId(u32::try_from(i).unwrap_or(u32::MAX));
            match ids.external(v) {
                Some(id) => pseudonym(id.to_string().as_bytes(), key),
                None => pseudonym(&[], key),
            }
        })
        .collect()
}

/// `p_` + the first 16 hex digits of `keyed_hash(key, bytes)`.
fn pseudonym(bytes: &[u8], key: &[u8; 32]) -> String {
    let hex = blake3::keyed_hash(key, bytes).to_hex();
    let mut s = String::with_capacity(18);
    s.push_str("p_");
    s.push_str(&hex[..16]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonym_is_keyed_blake3() {
        // The canonical bytes of the integer id 42 are b"42", hashed with the
        // key and cut to 16 hex digits behind "p_".
        let ids = IdMap::U64(vec![42]);
        let want = format!("p_{}", &blake3::keyed_hash(&[0; 32], b"42").to_hex()[..16]);
        assert_eq!(pseudonymize(&ids, &[0; 32]), vec![want]);
        // Integer 42 and string "42" agree.
        assert_eq!(pseudonymize(&IdMap::from_names(vec!["42".into()]), &[0; 32]), pseudonymize(&ids, &[0; 32]));
        // Dense ids are their index.
        assert_eq!(pseudonymize(&IdMap::Dense(43), &[0; 32])[42], pseudonymize(&ids, &[0; 32])[0]);
    }

    #[test]
    fn suppression_message() {
        assert_eq!(Suppression::check(3, 5).map(|s| s.to_string()).as_deref(), Some("suppressed: group has 3 members < 5"));
        assert_eq!(Suppression::check(1, 5).map(|s| s.to_string()).as_deref(), Some("suppressed: group has 1 member < 5"));
        assert_eq!(Suppression::check(5, 5), None);
        assert!(!Guarded::new((), 0, 0).is_suppressed());
    }
}

//! People who became, or stopped being, brokers, connectors and the like.

use super::people::{PeopleMatch, PersonId};
use crate::error::{Error, Result};
use crate::ids::NodeId;
use crate::ona::roles::{Role, Roles};

/// How one role's holders changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RoleChange {
    /// The role's name, as given.
    pub role: String,
    /// Holders in the earlier graph.
    pub count_before: usize,
    /// Holders in the later graph.
    pub count_after: usize,
    /// In both graphs; hold the role only in the later one. Ascending.
    pub became: Vec<PersonId>,
    /// In both graphs; held the role only in the earlier one. Ascending.
    pub stopped: Vec<PersonId>,
    /// In both graphs and hold the role in both. Ascending.
    pub kept: Vec<PersonId>,
    /// Joined, holding the role. Ascending.
    pub joined_as: Vec<PersonId>,
    /// Left, having held the role. Ascending.
    pub left_as: Vec<PersonId>,
}

/// Role changes for every role named on both sides: see [`role_changes`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RoleChanges {
    /// One entry per role named on both sides, in the earlier side's order.
    pub roles: Vec<RoleChange>,
    /// Role names given on one side only, not compared.
    pub unmatched: Vec<String>,
}

impl RoleChanges {
    /// The changes of role `name`.
    pub fn role(&self, name: &str) -> Option<&RoleChange> {
        self.roles.iter().find(|r| r.role == name)
    }
}

/// Who became or stopped being each role between two graphs.
///
/// A role is given on each side as its name and its holders (nodes of that
/// side's graph, in any order, repeats ignored). Roles are matched by name;
/// a name given on one side only is listed in
/// [`RoleChanges::unmatched`]. Any role classification plugs in: centrality
/// top-k lists, articulation points, Gould–Fernandez brokers, or the roles
/// of [`crate::ona`]'s classifiers.
///
/// **Complexity** `O(r · (n_before + n_after))`. **Errors**:
/// [`Error::NodeOutOfRange`] for a holder that is not a node of its graph;
/// [`Error::InvalidParameter`] for a name repeated on one side.
///
/// ```
/// use ona_core::{Exec, IdMap, NodeId};
/// use ona_core::ona::diff::{role_changes, PeopleMatch, PersonId};
/// let exec = Exec::sequential()?;
/// let m = PeopleMatch::new(&IdMap::U64(vec![1, 2, 3]), &IdMap::U64(vec![2, 3]), &exec)?;
/// let r = role_changes(&m, &[("broker", &[NodeId(1)][..])], &[("broker", &[NodeId(1)][..])])?;
/// let b = r.role("broker").unwrap();
/// assert_eq!((b.stopped.clone(), b.became.clone()), (vec![PersonId(1)], vec![PersonId(2)]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn role_changes(people: &PeopleMatch, before: &[(&str, &[NodeId])], after: &[(&str, &[NodeId])]) -> Result<RoleChanges> {
    check_names(before)?;
    check_names(after)?;
    let mut out = RoleChanges::default();
    for &(name, holders_b) in before {
        let Some(&(_, holders_a)) = after.iter().find(|c| c.0 == name) else {
            out.unmatched.push(name.to_owned());
            continue;
        };
        // Membership per person: bit 0 before, bit 1 after.
        let mut has = vec![0u8; people.len()];
        let mut count_before = 0;
        for &v in holders_b {
            let p = people.of_before(v).ok_or(Error::NodeOutOfRange { node: u64::from(v.0), node_count: people.before_count() as u64 })?;
            count_before += usize::from(has[p.index()] & 1 == 0);
            has[p.index()] |= 1;
        }
        let mut count_after = 0;
        for &x in holders_a {
            let p = people.of_after(x).ok_or(Error::NodeOutOfRange { node: u64::from(x.0), node_count: people.after_count() as u64 })?;
            count_after += usize::from(has[p.index()] & 2 == 0);
            has[p.index()] |= 2;
        }
        let mut r = RoleChange { role: name.to_owned(), count_before, count_after, ..RoleChange::default() };
        for (p, &bits) in has.iter().enumerate() {
            #[allow(clippy::cast_possible_truncation)] // people < u32::MAX
            let p = PersonId(p as u32);
            let (in_b, in_a) = (people.before(p).is_some(), people.after(p).is_some());
            let list = match (bits, in_b, in_a) {
                (3, _, _) => &mut r.kept,
                (1, true, true) => &mut r.stopped,
                (2, true, true) => &mut r.became,
                (1, _, false) => &mut r.left_as,
                (2, false, _) => &mut r.joined_as,
                _ => continue,
            };
            list.push(p);
        }
        out.roles.push(r);
    }
    out.unmatched.extend(after.iter().filter(|c| !before.iter().any(|b| b.0 == c.0)).map(|c| c.0.to_owned()));
    Ok(out)
}

/// [`role_changes`] for two [`Roles`] classifications
/// ([`classify_roles`](crate::ona::classify_roles), or a
/// [`MetricPack`](crate::ona::MetricPack)'s `roles`): one entry per
/// [`Role::ALL`], named by [`Role::name`], a person holding a role when it
/// is in their [`RoleSet`](crate::ona::RoleSet).
///
/// **Complexity** `O(5 · n)`. **Errors**: [`Error::LengthMismatch`] when a
/// classification does not have one entry per node of its graph.
pub fn classified_role_changes(people: &PeopleMatch, before: &Roles, after: &Roles) -> Result<RoleChanges> {
    for (r, n, what) in [(before, people.before_count(), "roles (before)"), (after, people.after_count(), "roles (after)")] {
        if r.len() != n {
            return Err(Error::LengthMismatch { what, expected: n as u64, found: r.len() as u64 });
        }
    }
    let holders = |r: &Roles, role: Role| -> Vec<NodeId> {
        #[allow(clippy::cast_possible_truncation)] // one entry per node: below u32::MAX
        r.roles.iter().enumerate().filter(|(_, s)| s.contains(role)).map(|(v, _)| NodeId(v as u32)).collect()
    };
    let hb: Vec<(&str, Vec<NodeId>)> = Role::ALL.iter().map(|&role| (role.name(), holders(before, role))).collect();
    let ha: Vec<(&str, Vec<NodeId>)> = Role::ALL.iter().map(|&role| (role.name(), holders(after, role))).collect();
    let b: Vec<(&str, &[NodeId])> = hb.iter().map(|(n, v)| (*n, &v[..])).collect();
    let a: Vec<(&str, &[NodeId])> = ha.iter().map(|(n, v)| (*n, &v[..])).collect();
    role_changes(people, &b, &a)
}

fn check_names(cols: &[(&str, &[NodeId])]) -> Result<()> {
    for (i, &(name, _)) in cols.iter().enumerate() {
        if cols[..i].iter().any(|c| c.0 == name) {
            return Err(Error::invalid_param("role", name, "distinct role names on each side"));
        }
    }
    Ok(())
}

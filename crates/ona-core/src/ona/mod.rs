//! ONA measures: the questions an organisational network analysis asks of a
//! network beyond centrality. Who brokers between otherwise unconnected
//! colleagues (Burt's structural holes), how often ties are returned
//! (reciprocity), and whose departure, or which lost tie, cuts people off
//! (articulation points and bridges); and how to draw a network too large
//! to draw (a seeded layout, the top-k backbone, the community quotient).
//! How groups (departments, offices) mix: E-I indices, mixing matrices,
//! densities and assortativity ([`groups`]), and who brokers between them
//! (Gould & Fernandez roles, [`brokerage`](mod@brokerage)).
//! One measure per file; NetworkX semantics throughout, with every
//! difference documented where it occurs.

pub mod brokerage;
pub mod cut;
pub mod diff;
pub mod groups;
pub mod holes;
mod layout;
pub mod overload;
pub mod pack;
pub mod privacy;
pub mod reciprocity;
pub mod roles;
mod simplify;
pub mod ties;

pub use brokerage::{Brokerage, BrokerageConfig, brokerage};
pub use cut::{ArticulationPoints, CutConfig, articulation_points, bridges};
pub use groups::{
    EiConfig, EiIndex, GroupMixing, Groups, attribute_assortativity, cross_group_share, ei_index, group_mixing,
};
pub use holes::{HolesConfig, StructuralHoles, constraint, effective_size, efficiency, hierarchy, structural_holes};
pub use layout::{LayoutConfig, spring_layout};
pub use overload::{GroupOverload, Overload, OverloadConfig, collaboration_overload, gini};
pub use pack::{ColumnRef, GroupTable, MetricPack, PackConfig, PackMeta, PeopleColumns, metric_pack};
pub use privacy::{Guarded, PrivacyConfig, Suppression, group_sizes, pseudonymize, suppressed_groups};
pub use reciprocity::{ReciprocityConfig, overall_reciprocity, reciprocity};
pub use roles::{Comparison, Evidence, Role, RoleInputs, RoleSet, Roles, RolesConfig, Scope, classify_roles};
pub use simplify::{Backbone, Quotient, View, ViewConfig, community_quotient, simplify_for_view, top_k_backbone};
pub use ties::{
    EgoConfig, EgoSummaries, ReachConfig, TieKind, TieProfile, Ties, TiesConfig, ego_summaries, reach_share, tie_profile, ties,
    two_step_reach,
};

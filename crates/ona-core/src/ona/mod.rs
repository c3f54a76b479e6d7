//! ONA measures: the questions an organisational network analysis asks of a
//! network beyond centrality. Who brokers between otherwise unconnected
//! colleagues (Burt's structural holes), how often ties are returned
//! (reciprocity), and whose departure, or which lost tie, cuts people off
//! (articulation points and bridges); and how to draw a network too large
//! to draw (a seeded layout, the top-k backbone, the community quotient).
//! One measure per file; NetworkX semantics throughout, with every
//! difference documented where it occurs.

mod layout;
mod simplify;

pub use layout::{LayoutConfig, spring_layout};
pub use simplify::{Backbone, Quotient, View, ViewConfig, community_quotient, simplify_for_view, top_k_backbone};

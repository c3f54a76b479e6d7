//! Connected components: weak (parallel Afforest union-find) and strong
//! (iterative Tarjan), labelled `0..k` in order of smallest node.

mod strong;
mod weak;

pub use strong::{StrongComponentsConfig, strongly_connected_components};
pub use weak::{
    ComponentsConfig, component_sizes, connected_components, largest_component, number_of_components,
    weakly_connected_components,
};
pub(crate) use weak::node_count_u32;

//! `ona report`: one self-contained HTML page about an organisation's
//! network. Headline numbers; top brokers, connectors and peripheral
//! people; the group mixing heat-map; the community map (the simplified
//! graph drawn as inline SVG from a seeded layout); single points of
//! failure; and, given an earlier graph, what changed.
//!
//! The page needs nothing but itself: the style sheet is inline, charts are
//! inline SVG, there is no script and no reference to any other site. Every
//! id and attribute value is HTML-escaped. Groups smaller than
//! [`ReportConfig::min_group_size`] are left out of every group-level
//! figure and the page says so; ids can be replaced by keyed pseudonyms.
//! The same input and seed give byte-identical pages.

mod analyze;
mod change;
mod html;
mod pseudo;
mod sections;
mod svg;

pub use analyze::{MAX_MAP_NODES, ReportConfig, analyze};
pub use change::compare;
pub use pseudo::PseudonymKey;
pub use sections::render;

//! Choosing columns by name: the caller's names, else the default names,
//! else by position; each checked against the type it must have.

use arrow::datatypes::Schema;

use super::ids::is_id_type;
use super::options::{EdgeOptions, WeightColumn};
use super::weights::is_weight_type;
use crate::error::{Error, Result};

/// Default names of the source column (ASCII case ignored).
pub const SOURCE_NAMES: &[&str] = &["source", "src", "from"];
/// Default names of the target column.
pub const TARGET_NAMES: &[&str] = &["target", "dst", "to"];
/// Default name of the weight column.
pub const WEIGHT_NAME: &str = "weight";
/// Default names of a node table's id column.
pub const NODE_ID_NAMES: &[&str] = &["id", "node"];

/// A chosen column: its index in the schema and its name.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub index: usize,
    pub name: String,
}

/// The columns of an edge table in use.
#[derive(Debug, Clone)]
pub(crate) struct EdgeColumns {
    pub src: Col,
    pub dst: Col,
    pub weight: Option<Col>,
}

impl EdgeColumns {
    /// The schema indices to decode, ascending and distinct.
    pub fn projection(&self) -> Vec<usize> {
        let mut p = vec![self.src.index, self.dst.index];
        p.extend(self.weight.as_ref().map(|w| w.index));
        p.sort_unstable();
        p.dedup();
        p
    }
}

/// Position of `index` within a projection.
pub(crate) fn position(projection: &[usize], index: usize) -> usize {
    projection.iter().position(|&i| i == index).unwrap_or(0)
}

fn col(schema: &Schema, index: usize) -> Col {
    Col {
        index,
        name: schema.field(index).name().clone(),
    }
}

/// The column called `name`: an exact match, else the first match ignoring
/// ASCII case; an [`Error::Input`] listing the columns if there is none.
fn named(source: &str, schema: &Schema, name: &str) -> Result<Col> {
    let fields = schema.fields();
    let i = fields.iter().position(|f| f.name() == name).or_else(|| {
        fields
            .iter()
            .position(|f| f.name().eq_ignore_ascii_case(name))
    });
    match i {
        Some(i) => Ok(col(schema, i)),
        None => {
            let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            Err(Error::Input {
                source_name: source.into(),
                row: None,
                column: Some(name.into()),
                reason: format!("no such column; the columns are [{}]", names.join(", ")),
            })
        }
    }
}

/// The first column whose name is one of `names`, ignoring ASCII case.
fn by_default_name(schema: &Schema, names: &[&str]) -> Option<Col> {
    let i = schema
        .fields()
        .iter()
        .position(|f| names.iter().any(|n| f.name().eq_ignore_ascii_case(n)))?;
    Some(col(schema, i))
}

fn refuse(source: &str, c: &Col, reason: impl Into<String>) -> Error {
    Error::Input {
        source_name: source.into(),
        row: None,
        column: Some(c.name.clone()),
        reason: reason.into(),
    }
}

/// The edge table's source, target and weight columns under `opts`.
pub(crate) fn edge_columns(
    source: &str,
    schema: &Schema,
    opts: &EdgeOptions,
) -> Result<EdgeColumns> {
    let width = schema.fields().len();
    let src = match &opts.source {
        Some(n) => Some(named(source, schema, n)?),
        None => by_default_name(schema, SOURCE_NAMES),
    };
    let dst = match &opts.target {
        Some(n) => Some(named(source, schema, n)?),
        None => by_default_name(schema, TARGET_NAMES),
    };
    let first_other =
        |other: Option<&Col>| (0..width).find(|&i| other.is_none_or(|c| c.index != i));
    let too_narrow = || Error::Input {
        source_name: source.into(),
        row: None,
        column: None,
        reason: format!(
            "an edge table needs a source and a target column; this one has {width} column(s)"
        ),
    };
    let (src, dst) = match (src, dst) {
        (Some(s), Some(d)) => (s, d),
        (Some(s), None) => {
            let d = first_other(Some(&s)).ok_or_else(too_narrow)?;
            (s, col(schema, d))
        }
        (None, Some(d)) => {
            let s = first_other(Some(&d)).ok_or_else(too_narrow)?;
            (col(schema, s), d)
        }
        (None, None) => {
            let s = first_other(None).ok_or_else(too_narrow)?;
            let s = col(schema, s);
            let d = first_other(Some(&s)).ok_or_else(too_narrow)?;
            (s, col(schema, d))
        }
    };
    if src.index == dst.index {
        return Err(refuse(
            source,
            &src,
            "chosen as both the source and the target column",
        ));
    }
    let weight = match &opts.weight {
        WeightColumn::None => None,
        WeightColumn::Auto => by_default_name(schema, &[WEIGHT_NAME])
            .filter(|w| w.index != src.index && w.index != dst.index),
        WeightColumn::Named(n) => {
            let w = named(source, schema, n)?;
            if w.index == src.index || w.index == dst.index {
                return Err(refuse(
                    source,
                    &w,
                    "chosen as both an id column and the weight column",
                ));
            }
            Some(w)
        }
    };
    for c in [&src, &dst] {
        let t = schema.field(c.index).data_type();
        if !is_id_type(t) {
            return Err(refuse(
                source,
                c,
                format!("ids must be integers or text, found type {t}"),
            ));
        }
    }
    if let Some(w) = &weight {
        let t = schema.field(w.index).data_type();
        if !is_weight_type(t) {
            return Err(refuse(
                source,
                w,
                format!("weights must be numeric or text, found type {t}"),
            ));
        }
    }
    Ok(EdgeColumns { src, dst, weight })
}

/// The node table's id column under `opts`: the named one, else `id` /
/// `node`, else the first.
pub(crate) fn node_id_column(source: &str, schema: &Schema, opts: &EdgeOptions) -> Result<Col> {
    let id = match &opts.node_id {
        Some(n) => named(source, schema, n)?,
        None => match by_default_name(schema, NODE_ID_NAMES) {
            Some(c) => c,
            None if !schema.fields().is_empty() => col(schema, 0),
            None => {
                return Err(Error::Input {
                    source_name: source.into(),
                    row: None,
                    column: None,
                    reason: "a node table needs an id column; this one has no columns".into(),
                });
            }
        },
    };
    let t = schema.field(id.index).data_type();
    if !is_id_type(t) {
        return Err(refuse(
            source,
            &id,
            format!("ids must be integers or text, found type {t}"),
        ));
    }
    Ok(id)
}

//! Categorical node attributes (department, team, office, ...), stored
//! dictionary-encoded: one `u32` code per node and one string per distinct value.

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::ids::NodeId;

/// Code for "no value".
pub const MISSING: u32 = u32::MAX;

/// One categorical column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categorical {
    /// Distinct values, in first-seen order.
    dictionary: Vec<Box<str>>,
    /// Per node, an index into `dictionary` or [`MISSING`].
    codes: Vec<u32>,
}

impl Categorical {
    /// Encode one value per node (`None` = missing).
    pub fn from_values<S: AsRef<str>>(values: &[Option<S>]) -> Result<Self> {
        let mut lookup: FxHashMap<&str, u32> = FxHashMap::default();
        let mut dictionary = Vec::new();
        let mut codes = Vec::with_capacity(values.len());
        for v in values {
            let code = match v {
                None => MISSING,
                Some(s) => {
                    let s = s.as_ref();
                    let next = dictionary.len();
                    *lookup.entry(s).or_insert_with(|| {
                        dictionary.push(Box::<str>::from(s));
                        next as u32
                    })
                }
            };
            if dictionary.len() >= MISSING as usize {
                return Err(Error::TooLarge { what: "attribute values", count: dictionary.len() as u64, limit: u64::from(MISSING) - 1 });
            }
            codes.push(code);
        }
        Ok(Self { dictionary, codes })
    }

    /// Build from codes and a dictionary, checking every code.
    pub fn from_codes(dictionary: Vec<Box<str>>, codes: Vec<u32>) -> Result<Self> {
        if let Some(&bad) = codes.iter().find(|&&c| c != MISSING && c as usize >= dictionary.len()) {
            return Err(Error::invalid_param("codes", bad, "codes below the dictionary length, or MISSING"));
        }
        Ok(Self { dictionary, codes })
    }

    /// Per-node codes.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }
    /// Distinct values.
    pub fn dictionary(&self) -> &[Box<str>] {
        &self.dictionary
    }
    /// Value of node `v` (`None` if missing or out of range).
    pub fn value(&self, v: NodeId) -> Option<&str> {
        let c = *self.codes.get(v.index())?;
        self.dictionary.get(c as usize).map(|s| &**s)
    }
}

/// All categorical columns of a graph, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeAttributes {
    columns: Vec<(Box<str>, Categorical)>,
}

impl NodeAttributes {
    /// Add or replace column `name`; it must have one code per node.
    pub fn insert(&mut self, name: &str, column: Categorical, node_count: usize) -> Result<()> {
        if column.codes.len() != node_count {
            return Err(Error::LengthMismatch { what: "attribute column", expected: node_count as u64, found: column.codes.len() as u64 });
        }
        match self.columns.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = column,
            None => self.columns.push((name.into(), column)),
        }
        Ok(())
    }
    /// Column `name`.
    pub fn get(&self, name: &str) -> Option<&Categorical> {
        self.columns.iter().find(|(n, _)| &**n == name).map(|(_, c)| c)
    }
    /// Column names, in insertion order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(n, _)| &**n)
    }
    /// Code-array length of each column.
    pub(crate) fn column_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns.iter().map(|(_, c)| c.codes.len())
    }
    /// Columns with their names, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Categorical)> {
        self.columns.iter().map(|(n, c)| (&**n, c))
    }
    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
    /// Heap bytes (approximate).
    pub fn memory_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(|(_, c)| c.codes.len() * 4 + c.dictionary.iter().map(|s| s.len() + 16).sum::<usize>())
            .sum()
    }
}

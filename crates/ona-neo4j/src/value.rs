//! Plain values for query parameters and results, so callers never touch the driver's types.

use std::collections::HashMap;

use neo4rs::BoltType;

/// A Cypher value (the subset the adapter passes and reads).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float (sent and read back bit for bit).
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Value>),
    /// A map (keys in the order given).
    Map(Vec<(String, Value)>),
}

/// Named query parameters (`$name` in Cypher).
pub type Params = Vec<(String, Value)>;

impl Value {
    /// A map value from pairs.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Self {
        Self::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The integer, if this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(x) => Some(*x),
            _ => None,
        }
    }
    /// The float, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Float(x) => Some(*x),
            _ => None,
        }
    }
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The type's name, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Int(_) => "an integer",
            Self::Float(_) => "a float",
            Self::Str(_) => "a string",
            Self::List(_) => "a list",
            Self::Map(_) => "a map",
        }
    }

    /// "a string \"abc\"", shortened, for error messages.
    pub(crate) fn describe(&self) -> String {
        let mut s = format!("{} {self:?}", self.type_name());
        if s.len() > 80 {
            let mut cut = 77;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s.truncate(cut);
            s.push_str("...");
        }
        s
    }

    /// Feed a canonical, type-tagged encoding to a hasher (graph versions).
    pub(crate) fn hash_into(&self, h: &mut blake3::Hasher) {
        match self {
            Self::Null => {
                h.update(&[0]);
            }
            Self::Bool(b) => {
                h.update(&[1, u8::from(*b)]);
            }
            Self::Int(x) => {
                h.update(&[2]);
                h.update(&x.to_le_bytes());
            }
            Self::Float(x) => {
                h.update(&[3]);
                h.update(&x.to_bits().to_le_bytes());
            }
            Self::Str(s) => {
                h.update(&[4]);
                h.update(&(s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            Self::List(xs) => {
                h.update(&[5]);
                h.update(&(xs.len() as u64).to_le_bytes());
                xs.iter().for_each(|x| x.hash_into(h));
            }
            Self::Map(kv) => {
                h.update(&[6]);
                h.update(&(kv.len() as u64).to_le_bytes());
                for (k, v) in kv {
                    Self::Str(k.clone()).hash_into(h);
                    v.hash_into(h);
                }
            }
        }
    }

    pub(crate) fn to_bolt(&self) -> BoltType {
        match self {
            Self::Null => BoltType::Null(neo4rs::BoltNull),
            Self::Bool(b) => BoltType::from(*b),
            Self::Int(x) => BoltType::from(*x),
            Self::Float(x) => BoltType::from(*x),
            Self::Str(s) => BoltType::from(s.as_str()),
            Self::List(xs) => BoltType::List(xs.iter().map(Self::to_bolt).collect()),
            Self::Map(kv) => {
                let m: HashMap<String, BoltType> = kv.iter().map(|(k, v)| (k.clone(), v.to_bolt())).collect();
                BoltType::from(m)
            }
        }
    }

    /// Convert a driver value; temporal, spatial and graph values (not used by
    /// projections) come back as their debug text.
    pub(crate) fn from_bolt(b: BoltType) -> Self {
        match b {
            BoltType::Null(_) => Self::Null,
            BoltType::Boolean(x) => Self::Bool(x.value),
            BoltType::Integer(x) => Self::Int(x.value),
            BoltType::Float(x) => Self::Float(x.value),
            BoltType::String(s) => Self::Str(s.value),
            BoltType::List(xs) => Self::List(xs.into_iter().map(Self::from_bolt).collect()),
            BoltType::Map(m) => {
                let mut kv: Vec<(String, Value)> = m.value.into_iter().map(|(k, v)| (k.value, Self::from_bolt(v))).collect();
                kv.sort_by(|a, b| a.0.cmp(&b.0));
                Self::Map(kv)
            }
            other => Self::Str(format!("{other:?}")),
        }
    }
}

impl From<i64> for Value {
    fn from(x: i64) -> Self {
        Self::Int(x)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Self::Float(x)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

pub(crate) fn bolt_params(params: &Params) -> impl Iterator<Item = (&str, BoltType)> {
    params.iter().map(|(k, v)| (k.as_str(), v.to_bolt()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(v: &Value) -> [u8; 32] {
        let mut h = blake3::Hasher::new();
        v.hash_into(&mut h);
        *h.finalize().as_bytes()
    }

    #[test]
    fn hashing_is_type_tagged_and_length_prefixed() {
        assert_ne!(hash(&Value::Int(1)), hash(&Value::Str("1".into())));
        assert_ne!(hash(&Value::Int(1)), hash(&Value::Float(1.0)));
        let ab = Value::List(vec![Value::from("ab"), Value::from("")]);
        let a_b = Value::List(vec![Value::from("a"), Value::from("b")]);
        assert_ne!(hash(&ab), hash(&a_b));
        assert_eq!(hash(&Value::Float(0.1 + 0.2)), hash(&Value::Float(0.1 + 0.2)));
        assert_ne!(hash(&Value::Float(0.0)), hash(&Value::Float(-0.0)));
    }

    #[test]
    fn bolt_round_trip() {
        let v = Value::map([
            ("a", Value::Int(-3)),
            ("b", Value::Float(f64::MIN_POSITIVE)),
            ("c", Value::List(vec![Value::Null, Value::Bool(true), Value::from("x")])),
        ]);
        assert_eq!(Value::from_bolt(v.to_bolt()), v);
        assert!(Value::Int(1).describe().starts_with("an integer"));
        assert!(Value::Str("y".repeat(500)).describe().len() <= 80);
    }
}

//! Node-id columns: integer or string arrays checked and converted batch by
//! batch, and the one rule that picks integer or string ids for the graph.

use arrow::array::{Array, ArrayRef, AsArray, PrimitiveArray, StringArray};
use arrow::buffer::ScalarBuffer;
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};

use super::source::format_error;
use crate::error::{Error, Result};

/// The ids of one column of one batch: integers while every value is one.
#[derive(Debug)]
pub(crate) enum Ids {
    /// Integer-typed values, or text that is all canonical integers (a
    /// `UInt64` column's buffer is shared, not copied).
    Int(ScalarBuffer<u64>),
    /// Text with at least one value that is not a canonical integer.
    Str(StringArray),
}

impl Ids {
    /// Whether these ids are integers.
    pub fn is_int(&self) -> bool {
        matches!(self, Self::Int(_))
    }

    /// The same ids as text (integers in decimal, which is their canonical
    /// form, so `7` and `"7"` name one node).
    pub fn into_text(self) -> StringArray {
        match self {
            Self::Int(v) => StringArray::from_iter_values(v.iter().map(u64::to_string)),
            Self::Str(a) => a,
        }
    }
}

/// Where a column came from, for errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    /// The table's name.
    pub source: &'a str,
    /// The column's name.
    pub column: &'a str,
}

impl At<'_> {
    /// An [`Error::Input`] at data row `row`.
    pub fn error(&self, row: u64, reason: impl Into<String>) -> Error {
        Error::Input {
            source_name: self.source.to_string(),
            row: Some(row),
            column: Some(self.column.to_string()),
            reason: reason.into(),
        }
    }
    /// An [`Error::Input`] about the whole column.
    pub fn column_error(&self, reason: impl Into<String>) -> Error {
        Error::Input {
            source_name: self.source.to_string(),
            row: None,
            column: Some(self.column.to_string()),
            reason: reason.into(),
        }
    }
}

/// `s` as a canonical non-negative integer: ASCII digits, no sign, no
/// leading zero unless it is `0`, at most `u64::MAX`.
pub(crate) fn canonical_u64(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty()
        || b.len() > 20
        || (b.len() > 1 && b[0] == b'0')
        || !b.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    s.parse().ok()
}

/// Whether an id column may have type `t`.
pub(crate) fn is_id_type(t: &DataType) -> bool {
    t.is_integer() || is_text_type(t)
}

/// Whether `t` is text (plain, large, view, or dictionary-encoded).
pub(crate) fn is_text_type(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => matches!(
            **v,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ),
        _ => false,
    }
}

/// Any text array as a plain `Utf8` array (a cast for the other layouts).
pub(crate) fn as_utf8(array: &ArrayRef, source: &str) -> Result<StringArray> {
    if let Some(a) = array.as_string_opt::<i32>() {
        return Ok(a.clone());
    }
    let cast = arrow::compute::cast(array, &DataType::Utf8).map_err(|e| format_error(source, e))?;
    cast.as_string_opt::<i32>()
        .cloned()
        .ok_or_else(|| format_error(source, "text cast did not yield Utf8"))
}

/// Check and convert one id column of the batch whose first row is `row0`.
pub(crate) fn id_column(array: &ArrayRef, row0: u64, at: At<'_>) -> Result<Ids> {
    if array.null_count() > 0 {
        let i = (0..array.len()).find(|&i| array.is_null(i)).unwrap_or(0);
        return Err(at.error(row0 + i as u64, "missing (null) id"));
    }
    let t = array.data_type();
    match t {
        DataType::UInt64 => Ok(Ids::Int(
            array.as_primitive::<UInt64Type>().values().clone(),
        )),
        DataType::UInt32 => ints(array.as_primitive::<UInt32Type>(), row0, at),
        DataType::UInt16 => ints(array.as_primitive::<UInt16Type>(), row0, at),
        DataType::UInt8 => ints(array.as_primitive::<UInt8Type>(), row0, at),
        DataType::Int64 => ints(array.as_primitive::<Int64Type>(), row0, at),
        DataType::Int32 => ints(array.as_primitive::<Int32Type>(), row0, at),
        DataType::Int16 => ints(array.as_primitive::<Int16Type>(), row0, at),
        DataType::Int8 => ints(array.as_primitive::<Int8Type>(), row0, at),
        t if is_text_type(t) => text(as_utf8(array, at.source)?, row0, at),
        t => Err(at.column_error(format!("ids must be integers or text, found type {t}"))),
    }
}

/// A null-free integer array as `u64`s; a negative value is an error.
fn ints<T: ArrowPrimitiveType>(a: &PrimitiveArray<T>, row0: u64, at: At<'_>) -> Result<Ids>
where
    T::Native: TryInto<u64> + std::fmt::Display,
{
    let mut out = Vec::with_capacity(a.len());
    for (i, &x) in a.values().iter().enumerate() {
        match x.try_into() {
            Ok(v) => out.push(v),
            Err(_) => return Err(at.error(row0 + i as u64, format!("negative id {x}"))),
        }
    }
    Ok(Ids::Int(out.into()))
}

/// A null-free text array: integers while every value is a canonical
/// integer, else the array itself. An empty id is an error.
fn text(a: StringArray, row0: u64, at: At<'_>) -> Result<Ids> {
    let mut out = Vec::with_capacity(a.len());
    let mut all_int = true;
    for (i, s) in a.iter().enumerate() {
        let s = s.unwrap_or("");
        if s.is_empty() {
            return Err(at.error(row0 + i as u64, "empty id"));
        }
        if all_int {
            match canonical_u64(s) {
                Some(x) => out.push(x),
                None => all_int = false,
            }
        }
    }
    Ok(if all_int {
        Ids::Int(out.into())
    } else {
        Ids::Str(a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_integers() {
        assert_eq!(canonical_u64("0"), Some(0));
        assert_eq!(canonical_u64("123"), Some(123));
        assert_eq!(canonical_u64("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "007",
            "-1",
            "+1",
            "1.0",
            " 1",
            "1e3",
            "18446744073709551616",
            "99999999999999999999999",
        ] {
            assert_eq!(canonical_u64(bad), None, "{bad:?}");
        }
    }
}

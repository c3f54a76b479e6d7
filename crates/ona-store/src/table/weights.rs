//! Weight columns: any numeric type, or text in Rust's `f64` syntax, to
//! finite `f64`s.

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Float64Type};

use super::ids::{At, as_utf8, is_text_type};
use super::source::format_error;
use crate::error::Result;

/// Whether a weight column may have type `t`.
pub(crate) fn is_weight_type(t: &DataType) -> bool {
    t.is_numeric() || is_text_type(t)
}

/// Check and convert one weight column of the batch whose first row is `row0`.
pub(crate) fn weight_column(array: &ArrayRef, row0: u64, at: At<'_>) -> Result<Vec<f64>> {
    if array.null_count() > 0 {
        let i = (0..array.len()).find(|&i| array.is_null(i)).unwrap_or(0);
        return Err(at.error(row0 + i as u64, "missing (null) weight"));
    }
    let t = array.data_type();
    let w: Vec<f64> = if t.is_numeric() {
        let cast;
        let a = if *t == DataType::Float64 {
            array
        } else {
            cast = arrow::compute::cast(array, &DataType::Float64)
                .map_err(|e| format_error(at.source, e))?;
            &cast
        };
        match a.as_primitive_opt::<Float64Type>() {
            Some(a) => a.values().to_vec(),
            None => {
                return Err(format_error(
                    at.source,
                    "numeric cast did not yield Float64",
                ));
            }
        }
    } else if is_text_type(t) {
        let a = as_utf8(array, at.source)?;
        let mut w = Vec::with_capacity(a.len());
        for (i, s) in a.iter().enumerate() {
            let s = s.unwrap_or("").trim_ascii();
            match s.parse::<f64>() {
                Ok(x) => w.push(x),
                Err(_) => {
                    return Err(at.error(row0 + i as u64, format!("weight {s:?} is not a number")));
                }
            }
        }
        w
    } else {
        return Err(at.column_error(format!("weights must be numeric or text, found type {t}")));
    };
    if let Some(i) = w.iter().position(|x| !x.is_finite()) {
        let what = if w[i].is_nan() { "NaN" } else { "infinite" };
        return Err(at.error(row0 + i as u64, format!("weight is {what} ({})", w[i])));
    }
    Ok(w)
}

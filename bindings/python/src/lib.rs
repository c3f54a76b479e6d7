//! Python bindings for ona: the `ona._ona` extension module.
#![allow(unsafe_code)] // PyO3's macros expand to unsafe blocks.

use pyo3::prelude::*;

#[pymodule]
fn _ona(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}

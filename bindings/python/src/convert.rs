//! Python values in and out: id and weight columns (numpy, lists, Arrow),
//! node arguments by external id, per-node vectors, numpy results.

use std::borrow::Cow;

use numpy::{
    IntoPyArray, PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use ona_core::graph::ExternalId;
use ona_core::{Error, Graph, IdMap, NodeId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use crate::arrow::{self, Column, slice_i32_as_u32, slice_i64_as_u64};
use crate::errors::{invalid, invalid_type, to_py};

/// An id column: borrowed from a numpy buffer where possible.
pub(crate) enum Ids<'a> {
    /// Signed integers (checked non-negative before use).
    I64(Cow<'a, [i64]>),
    /// Unsigned integers.
    U64(Cow<'a, [u64]>),
    /// 32-bit signed integers (checked non-negative before use).
    I32(Cow<'a, [i32]>),
    /// 32-bit unsigned integers.
    U32(Cow<'a, [u32]>),
    /// String ids.
    Str(Vec<String>),
}

impl Ids<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::I64(v) => v.len(),
            Self::U64(v) => v.len(),
            Self::I32(v) => v.len(),
            Self::U32(v) => v.len(),
            Self::Str(v) => v.len(),
        }
    }
    pub(crate) fn is_str(&self) -> bool {
        matches!(self, Self::Str(_))
    }
    /// As `u64`s: borrowed unless narrowing or a signed column forces a copy.
    /// Runs on the caller's pool (parallel scan for negatives).
    pub(crate) fn as_u64(&self, what: &str) -> ona_core::Result<Cow<'_, [u64]>> {
        match self {
            Self::I64(v) => {
                if let Some(row) = first_negative(v) {
                    return Err(negative(v[row], row, what));
                }
                Ok(Cow::Borrowed(slice_i64_as_u64(v)))
            }
            Self::U64(v) => Ok(Cow::Borrowed(v)),
            Self::I32(v) => {
                if let Some(row) = first_negative(v) {
                    return Err(negative(v[row], row, what));
                }
                Ok(Cow::Owned(
                    v.par_iter().map(|&x| u64::from(x.unsigned_abs())).collect(),
                ))
            }
            Self::U32(v) => Ok(Cow::Owned(v.par_iter().map(|&x| u64::from(x)).collect())),
            Self::Str(_) => Ok(Cow::Owned(Vec::new())),
        }
    }
    /// As dense `u32` node indices (for `num_nodes=`): borrowed from 32-bit
    /// columns, narrowed otherwise. Values that do not fit become `u32::MAX`,
    /// which the builder refuses as out of range (naming the row).
    pub(crate) fn as_u32(&self, what: &str) -> ona_core::Result<Cow<'_, [u32]>> {
        let narrow = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        Ok(match self {
            Self::U32(v) => Cow::Borrowed(v),
            Self::I32(v) => match first_negative(v) {
                Some(row) => return Err(negative(v[row], row, what)),
                None => Cow::Borrowed(slice_i32_as_u32(v)),
            },
            Self::I64(v) => match first_negative(v) {
                Some(row) => return Err(negative(v[row], row, what)),
                None => Cow::Owned(v.par_iter().map(|&x| narrow(x.unsigned_abs())).collect()),
            },
            Self::U64(v) => Cow::Owned(v.par_iter().map(|&x| narrow(x)).collect()),
            Self::Str(_) => Cow::Owned(Vec::new()),
        })
    }
    pub(crate) fn strings(&self) -> &[String] {
        match self {
            Self::Str(v) => v,
            _ => &[],
        }
    }
}

/// The row of the first negative value: a vectorised min per chunk first,
/// the row is only searched when there is one.
fn first_negative<T: Copy + Ord + Default + Send + Sync>(v: &[T]) -> Option<usize> {
    let zero = T::default();
    let min = v
        .par_chunks(1 << 16)
        .map(|c| c.iter().copied().min().unwrap_or(zero))
        .min();
    min.filter(|&m| m < zero)
        .and_then(|_| v.iter().position(|&x| x < zero))
}

fn negative(value: impl std::fmt::Display, row: usize, what: &str) -> Error {
    Error::InvalidParameter {
        name: "ids",
        value: format!("{value} (row {row} of {what})"),
        expected: "non-negative integer ids (or strings)",
    }
}

/// A weight column.
pub(crate) enum Weights<'a> {
    F64(Cow<'a, [f64]>),
    F32(Cow<'a, [f32]>),
}

impl Weights<'_> {
    pub(crate) fn core(&self) -> ona_core::EdgeWeights<'_> {
        match self {
            Self::F64(v) => ona_core::EdgeWeights::F64(v),
            Self::F32(v) => ona_core::EdgeWeights::F32(v),
        }
    }
}

/// A numpy array borrowed read-only for the length of a call (numpy's
/// borrow flag keeps Rust writers out; the slice handed to the worker lives
/// as long as this guard).
#[derive(Default)]
pub(crate) enum Held<'py> {
    #[default]
    Nothing,
    I64(PyReadonlyArray1<'py, i64>),
    U64(PyReadonlyArray1<'py, u64>),
    I32(PyReadonlyArray1<'py, i32>),
    U32(PyReadonlyArray1<'py, u32>),
    F64(PyReadonlyArray1<'py, f64>),
    F32(PyReadonlyArray1<'py, f32>),
}

fn dtype_is<T: numpy::Element>(a: &Bound<'_, PyUntypedArray>) -> bool {
    a.dtype().is_equiv_to(&numpy::dtype::<T>(a.py()))
}

/// A 1-d C-contiguous array for `obj` (numpy's own copy if it is strided).
fn contiguous<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Bound<'py, PyUntypedArray>> {
    let py = obj.py();
    let mut a = obj.cast::<PyUntypedArray>()?.clone();
    if a.ndim() != 1 {
        return Err(invalid(
            py,
            format!(
                "{what} must be one-dimensional, got {} dimensions",
                a.ndim()
            ),
        ));
    }
    if !a.is_c_contiguous() {
        a = py
            .import("numpy")?
            .call_method1("ascontiguousarray", (a,))?
            .cast_into::<PyUntypedArray>()?;
    }
    Ok(a)
}

fn readonly<'py, T: numpy::Element>(
    a: &Bound<'py, PyUntypedArray>,
) -> PyResult<PyReadonlyArray1<'py, T>> {
    let typed = a.cast::<PyArray1<T>>()?;
    typed
        .try_readonly()
        .map_err(|e| invalid(a.py(), format!("array is being written elsewhere: {e}")))
}

fn as_slice<'a, T: numpy::Element>(
    py: Python<'_>,
    r: &'a PyReadonlyArray1<'_, T>,
) -> PyResult<&'a [T]> {
    r.as_slice().map_err(|e| invalid(py, e.to_string()))
}

/// An id column from numpy, a list / sequence, pandas or Arrow.
pub(crate) fn ids<'py, 'a>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    held: &'a mut Held<'py>,
) -> PyResult<Ids<'a>>
where
    'py: 'a,
{
    let py = obj.py();
    if obj.is_instance_of::<PyUntypedArray>() {
        let raw = obj.cast::<PyUntypedArray>()?;
        let narrow = !dtype_is::<i64>(raw)
            && !dtype_is::<u64>(raw)
            && !dtype_is::<i32>(raw)
            && !dtype_is::<u32>(raw)
            && matches!(raw.dtype().kind(), b'i' | b'u');
        // 8- and 16-bit integers: one contiguous int64 copy made by numpy (from
        // any strides), then borrowed like an int64 column.
        let a = if narrow && raw.ndim() == 1 {
            raw.call_method1("astype", ("int64",))?
                .cast_into::<PyUntypedArray>()?
        } else {
            contiguous(obj, what)?
        };
        let kind = a.dtype().kind();
        if kind == b'U' || kind == b'O' || kind == b'S' || kind == b'T' {
            return list_ids(&a.call_method0("tolist")?, what);
        }
        if kind != b'i' && kind != b'u' {
            return Err(invalid_type(
                py,
                format!(
                    "{what}: ids must be integers or strings, got numpy dtype {}",
                    a.dtype()
                ),
            ));
        }
        if dtype_is::<u64>(&a) {
            *held = Held::U64(readonly::<u64>(&a)?);
        } else if dtype_is::<i32>(&a) {
            *held = Held::I32(readonly::<i32>(&a)?);
        } else if dtype_is::<u32>(&a) {
            *held = Held::U32(readonly::<u32>(&a)?);
        } else {
            *held = Held::I64(readonly::<i64>(&a)?);
        }
        return Ok(match held {
            Held::U64(r) => Ids::U64(Cow::Borrowed(as_slice(py, r)?)),
            Held::I32(r) => Ids::I32(Cow::Borrowed(as_slice(py, r)?)),
            Held::U32(r) => Ids::U32(Cow::Borrowed(as_slice(py, r)?)),
            Held::I64(r) => Ids::I64(Cow::Borrowed(as_slice(py, r)?)),
            _ => return Err(invalid(py, "internal: id column not held")),
        });
    }
    if numpy_backed(obj)? {
        return ids(&obj.call_method0("to_numpy")?, what, held);
    }
    if arrow::is_arrow(obj)? {
        return Ok(match arrow::read_column(py, obj, what)? {
            Column::I64(v) => Ids::I64(Cow::Owned(v)),
            Column::U64(v) => Ids::U64(Cow::Owned(v)),
            Column::Str(v) => Ids::Str(v),
            Column::F64(_) => {
                return Err(invalid_type(
                    py,
                    format!("{what}: ids must be integers or strings, got floats"),
                ));
            }
        });
    }
    if obj.hasattr("to_numpy")? && !obj.is_instance_of::<PyList>() {
        return ids(&obj.call_method0("to_numpy")?, what, held);
    }
    list_ids(obj, what)
}

/// A pandas Series (or the like) whose values live in a numpy array: read
/// through `to_numpy()` (no copy) rather than its Arrow export.
fn numpy_backed(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("to_numpy")?
        && obj
            .getattr("dtype")
            .is_ok_and(|d| d.is_instance_of::<numpy::PyArrayDescr>()))
}

/// Ids from a Python sequence of ints or of strings.
fn list_ids<'a>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Ids<'a>> {
    let py = obj.py();
    let first = obj.try_iter()?.next().transpose()?;
    match first {
        Some(x) if x.is_instance_of::<PyString>() => obj
            .extract::<Vec<String>>()
            .map(Ids::Str)
            .map_err(|_| invalid_type(py, format!("{what}: mixes strings with other values"))),
        None => Ok(Ids::I64(Cow::Owned(Vec::new()))),
        Some(_) => {
            if let Ok(v) = obj.extract::<Vec<i64>>() {
                return Ok(Ids::I64(Cow::Owned(v)));
            }
            obj.extract::<Vec<u64>>()
                .map(|v| Ids::U64(Cow::Owned(v)))
                .map_err(|_| {
                    invalid_type(
                        py,
                        format!("{what}: ids must be all integers or all strings"),
                    )
                })
        }
    }
}

/// A weight column from numpy, a list or Arrow.
pub(crate) fn weights<'py, 'a>(
    obj: &Bound<'py, PyAny>,
    held: &'a mut Held<'py>,
) -> PyResult<Weights<'a>>
where
    'py: 'a,
{
    let py = obj.py();
    if obj.is_instance_of::<PyUntypedArray>() {
        let a = contiguous(obj, "weight")?;
        let kind = a.dtype().kind();
        if !matches!(kind, b'f' | b'i' | b'u') {
            return Err(invalid_type(
                py,
                format!("weight must be numeric, got numpy dtype {}", a.dtype()),
            ));
        }
        if dtype_is::<f64>(&a) {
            *held = Held::F64(readonly::<f64>(&a)?);
        } else if dtype_is::<f32>(&a) {
            *held = Held::F32(readonly::<f32>(&a)?);
        } else {
            // Other numeric dtypes: one float64 copy made by numpy, then borrowed.
            *held = Held::F64(readonly::<f64>(
                &a.call_method1("astype", ("float64",))?.cast_into()?,
            )?);
        }
        return match held {
            Held::F64(r) => Ok(Weights::F64(Cow::Borrowed(as_slice(py, r)?))),
            Held::F32(r) => Ok(Weights::F32(Cow::Borrowed(as_slice(py, r)?))),
            _ => Err(invalid(py, "internal: weight column not held")),
        };
    }
    if numpy_backed(obj)? {
        return weights(&obj.call_method0("to_numpy")?, held);
    }
    if arrow::is_arrow(obj)? {
        return Ok(Weights::F64(Cow::Owned(
            match arrow::read_column(py, obj, "weight")? {
                Column::F64(v) => v,
                #[allow(clippy::cast_precision_loss)] // integer weights: f64 as NumPy would
                Column::I64(v) => v.into_iter().map(|x| x as f64).collect(),
                #[allow(clippy::cast_precision_loss)]
                Column::U64(v) => v.into_iter().map(|x| x as f64).collect(),
                Column::Str(_) => {
                    return Err(invalid_type(py, "weight must be numeric, got strings"));
                }
            },
        )));
    }
    if obj.hasattr("to_numpy")? && !obj.is_instance_of::<PyList>() {
        return weights(&obj.call_method0("to_numpy")?, held);
    }
    obj.extract::<Vec<f64>>()
        .map(|v| Weights::F64(Cow::Owned(v)))
        .map_err(|_| invalid_type(py, "weight must be a sequence of numbers"))
}

// ------------------------------------------------------------------ nodes

/// The node with external id `id` (`ona.NodeNotFound` if absent). Integer
/// graphs take ints (including numpy integers), string graphs take strs.
pub(crate) fn node(g: &Graph, id: &Bound<'_, PyAny>) -> PyResult<NodeId> {
    let py = id.py();
    let found = match g.ids() {
        IdMap::Str { .. } => id
            .cast::<PyString>()
            .ok()
            .and_then(|s| s.to_str().ok().and_then(|s| g.ids().lookup_str(s))),
        _ if id.is_instance_of::<PyString>() => None,
        _ => id.extract::<u64>().ok().and_then(|x| g.ids().lookup_u64(x)),
    };
    found.ok_or_else(|| {
        let shown = id
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_else(|_| "?".into());
        to_py(py, &Error::UnknownNode { id: shown })
    })
}

/// Nodes for a sequence of external ids.
pub(crate) fn nodes(g: &Graph, ids: &Bound<'_, PyAny>) -> PyResult<Vec<NodeId>> {
    ids.try_iter()?.map(|x| node(g, &x?)).collect()
}

/// A per-node vector: a dict keyed by external id (absent keys `missing`,
/// `None` = every node required) or a sequence / array in node order.
pub(crate) fn per_node(
    g: &Graph,
    obj: Option<&Bound<'_, PyAny>>,
    what: &str,
    missing: Option<f64>,
) -> PyResult<Option<Vec<f64>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let py = obj.py();
    let n = g.node_count();
    if let Ok(d) = obj.cast::<PyDict>() {
        let fill = missing.unwrap_or(f64::NAN);
        let mut out = vec![fill; n];
        for (k, v) in d.iter() {
            let v: f64 = v
                .extract()
                .map_err(|_| invalid_type(py, format!("{what}: values must be numbers")))?;
            out[node(g, &k)?.index()] = v;
        }
        if missing.is_none() && out.iter().any(|x| x.is_nan()) && d.len() < n {
            return Err(to_py(
                py,
                &Error::LengthMismatch {
                    what: "per-node dict (needs every node)",
                    expected: n as u64,
                    found: d.len() as u64,
                },
            ));
        }
        return Ok(Some(out));
    }
    let v: Vec<f64> = if obj.is_instance_of::<PyUntypedArray>() {
        let a = py
            .import("numpy")?
            .call_method1("asarray", (obj, "float64"))?;
        let a = a
            .cast::<PyArray1<f64>>()
            .map_err(|_| invalid(py, format!("{what} must be one-dimensional")))?;
        a.to_vec().map_err(|e| invalid(py, e.to_string()))?
    } else {
        obj.extract().map_err(|_| {
            invalid_type(
                py,
                format!(
                    "{what} must be a dict keyed by node id or a sequence of numbers in node order"
                ),
            )
        })?
    };
    if v.len() != n {
        return Err(to_py(
            py,
            &Error::LengthMismatch {
                what: "per-node vector",
                expected: n as u64,
                found: v.len() as u64,
            },
        ));
    }
    Ok(Some(v))
}

/// A `weight=` / `distance=` argument: a flag or a column name.
#[derive(FromPyObject, Clone, Debug)]
pub(crate) enum WeightArg {
    Flag(bool),
    Name(String),
}

impl WeightArg {
    /// NetworkX's `weight="weight"` default.
    pub(crate) fn default_name() -> Self {
        Self::Name("weight".into())
    }
}

/// Whether `weight=` / `distance=` asks for the edge weights: `None` / `False`
/// no; `True`, `"weight"` or the graph's weight column name yes; any other
/// name is refused (an ona graph has one weight column).
pub(crate) fn weight_flag(
    py: Python<'_>,
    g: &crate::graph::PyGraph,
    arg: Option<WeightArg>,
    what: &str,
) -> PyResult<bool> {
    match arg {
        None => Ok(false),
        Some(WeightArg::Flag(b)) => Ok(b),
        Some(WeightArg::Name(s)) if s == "weight" || s == g.weight_name => Ok(true),
        Some(WeightArg::Name(s)) => Err(invalid(
            py,
            format!(
                "{what}={s:?}: an ona graph has one weight column ({:?}); pass {what}=\"weight\", True or None",
                g.weight_name
            ),
        )),
    }
}

// ------------------------------------------------------------------ out

/// `Vec<f64>` as a numpy array, moved (no copy).
pub(crate) fn f64s(py: Python<'_>, v: Vec<f64>) -> Bound<'_, PyArray1<f64>> {
    v.into_pyarray(py)
}

/// Labels / counts as an int64 numpy array.
pub(crate) fn i64s_from_u32<'py>(py: Python<'py>, v: &[u32]) -> Bound<'py, PyArray1<i64>> {
    v.iter()
        .map(|&x| i64::from(x))
        .collect::<Vec<_>>()
        .into_pyarray(py)
}

/// Counts as an int64 numpy array (in place: same-size element type).
pub(crate) fn i64s_from_u64(py: Python<'_>, v: Vec<u64>) -> Bound<'_, PyArray1<i64>> {
    v.into_iter()
        .map(|x| i64::try_from(x).unwrap_or(i64::MAX))
        .collect::<Vec<_>>()
        .into_pyarray(py)
}

/// The external id of `v` as a Python object.
pub(crate) fn external<'py>(py: Python<'py>, g: &Graph, v: NodeId) -> PyResult<Bound<'py, PyAny>> {
    match g.ids().external(v) {
        Some(ExternalId::U64(x)) => Ok(x.into_pyobject(py)?.into_any()),
        Some(ExternalId::Str(s)) => Ok(PyString::new(py, s).into_any()),
        None => Err(to_py(
            py,
            &Error::NodeOutOfRange {
                node: u64::from(v.0),
                node_count: g.node_count() as u64,
            },
        )),
    }
}

/// External ids of `nodes`: an int64 (or uint64) array, or a list of str.
pub(crate) fn externals<'py>(
    py: Python<'py>,
    g: &Graph,
    nodes: &[NodeId],
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match g.ids() {
        IdMap::Dense(_) => nodes
            .iter()
            .map(|v| i64::from(v.0))
            .collect::<Vec<_>>()
            .into_pyarray(py)
            .into_any(),
        IdMap::U64(ids) => {
            let picked: Vec<u64> = nodes.iter().map(|v| ids[v.index()]).collect();
            int_ids(py, picked)
        }
        IdMap::Str { names, .. } => {
            PyList::new(py, nodes.iter().map(|v| &*names[v.index()]))?.into_any()
        }
    })
}

/// Integer ids as int64 when they all fit, else uint64.
pub(crate) fn int_ids(py: Python<'_>, ids: Vec<u64>) -> Bound<'_, PyAny> {
    if ids.last().is_none_or(|&x| i64::try_from(x).is_ok())
        && ids.iter().all(|&x| i64::try_from(x).is_ok())
    {
        ids.into_iter()
            .map(|x| i64::try_from(x).unwrap_or(i64::MAX))
            .collect::<Vec<_>>()
            .into_pyarray(py)
            .into_any()
    } else {
        ids.into_pyarray(py).into_any()
    }
}

/// One column of `write_results`, copied out of numpy (dtype kept for
/// float64, float32, uint32, uint64, int64; int32 widened to int64; any other
/// dtype or a sequence of numbers as float64).
pub(crate) enum ResultValues {
    F64(Vec<f64>),
    F32(Vec<f32>),
    U32(Vec<u32>),
    U64(Vec<u64>),
    I64(Vec<i64>),
}

impl ResultValues {
    /// The column as `ona-store` takes it.
    pub(crate) fn column(&self) -> ona_store::table::ResultColumn<'_> {
        use ona_store::table::ResultColumn as C;
        match self {
            Self::F64(v) => C::F64(v),
            Self::F32(v) => C::F32(v),
            Self::U32(v) => C::U32(v),
            Self::U64(v) => C::U64(v),
            Self::I64(v) => C::I64(v),
        }
    }
}

/// A `write_results` column (see [`ResultValues`]).
pub(crate) fn result_values(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<ResultValues> {
    let py = obj.py();
    if !obj.is_instance_of::<PyUntypedArray>() {
        let v: Vec<f64> = obj.extract().map_err(|_| {
            invalid_type(py, format!("{what}: expected a numpy array or a sequence of numbers"))
        })?;
        return Ok(ResultValues::F64(v));
    }
    let a = contiguous(obj, what)?;
    if dtype_is::<f64>(&a) {
        return Ok(ResultValues::F64(as_slice(py, &readonly::<f64>(&a)?)?.to_vec()));
    }
    if dtype_is::<f32>(&a) {
        return Ok(ResultValues::F32(as_slice(py, &readonly::<f32>(&a)?)?.to_vec()));
    }
    if dtype_is::<u32>(&a) {
        return Ok(ResultValues::U32(as_slice(py, &readonly::<u32>(&a)?)?.to_vec()));
    }
    if dtype_is::<u64>(&a) {
        return Ok(ResultValues::U64(as_slice(py, &readonly::<u64>(&a)?)?.to_vec()));
    }
    if dtype_is::<i64>(&a) {
        return Ok(ResultValues::I64(as_slice(py, &readonly::<i64>(&a)?)?.to_vec()));
    }
    if dtype_is::<i32>(&a) {
        let r = readonly::<i32>(&a)?;
        return Ok(ResultValues::I64(as_slice(py, &r)?.iter().map(|&x| i64::from(x)).collect()));
    }
    let f = py.import("numpy")?.call_method1("asarray", (a, "float64"))?;
    let f = f.cast::<PyArray1<f64>>().map_err(|_| invalid(py, format!("{what} must be one-dimensional")))?;
    Ok(ResultValues::F64(f.to_vec().map_err(|e| invalid(py, e.to_string()))?))
}

/// A table format: `format` ('parquet', 'arrow', 'csv', 'tsv') if given,
/// else by `path`'s extension.
pub(crate) fn table_format(
    py: Python<'_>,
    path: &std::path::Path,
    format: Option<&str>,
) -> PyResult<ona_store::table::TableFormat> {
    use ona_store::table::TableFormat as F;
    match format {
        Some("parquet") => Ok(F::Parquet),
        Some("arrow" | "ipc" | "feather") => Ok(F::ArrowIpc),
        Some("csv") => Ok(F::Csv),
        Some("tsv") => Ok(F::Tsv),
        Some(other) => Err(invalid(
            py,
            format!("format={other:?}: expected 'parquet', 'arrow', 'csv' or 'tsv'"),
        )),
        None => F::from_extension(path).ok_or_else(|| {
            invalid(
                py,
                format!(
                    "{}: no table format by extension (.parquet, .arrow, .ipc, .feather, .csv, .tsv); pass format=",
                    path.display()
                ),
            )
        }),
    }
}

/// `weight=` of `read_edges`: a column name, `False` (unweighted) or
/// `None` / `True` (a column named `weight` if there is one).
#[derive(FromPyObject, Clone, Debug)]
pub(crate) enum WeightColumnArg {
    Flag(bool),
    Name(String),
}

impl WeightColumnArg {
    pub(crate) fn core(arg: Option<Self>) -> ona_store::table::WeightColumn {
        use ona_store::table::WeightColumn as W;
        match arg {
            None | Some(Self::Flag(true)) => W::Auto,
            Some(Self::Flag(false)) => W::None,
            Some(Self::Name(n)) => W::Named(n),
        }
    }
}

// ------------------------------------------------------------------ engine events

impl Ids<'_> {
    /// Row and value of the first negative id (signed columns only).
    pub(crate) fn negative_row(&self) -> Option<(usize, i64)> {
        match self {
            Self::I64(v) => first_negative(v).map(|r| (r, v[r])),
            Self::I32(v) => first_negative(v).map(|r| (r, i64::from(v[r]))),
            _ => None,
        }
    }
}

impl Weights<'_> {
    /// As `f64`s (float32 columns copied).
    pub(crate) fn as_f64(&self) -> Cow<'_, [f64]> {
        match self {
            Self::F64(v) => Cow::Borrowed(v),
            Self::F32(v) => Cow::Owned(v.iter().map(|&x| f64::from(x)).collect()),
        }
    }
}

/// The numpy guards of one event batch's columns.
#[derive(Default)]
pub(crate) struct EventHeld<'py> {
    src: Held<'py>,
    dst: Held<'py>,
    weight: Held<'py>,
    ts: Held<'py>,
    op: Held<'py>,
    event_id: Held<'py>,
}

/// The columns of an `ona.Tenant.apply_events` batch, numpy buffers
/// borrowed; turned into an `ona_engine::EventBatch` by [`EventColumns::with_batch`].
pub(crate) struct EventColumns<'a> {
    src: Ids<'a>,
    dst: Ids<'a>,
    weight: Option<Weights<'a>>,
    ts: Option<Ids<'a>>,
    op: Option<Ids<'a>>,
    event_id: Option<Ids<'a>>,
}

/// Event columns from Python: `src` / `dst` as `Graph.from_edges` takes
/// them, `weight` floats, `ts` and `event_id` integers, `op` strings
/// ('add', 'remove', 'set'; one str for every row) or codes 0 / 1 / 2.
#[allow(clippy::too_many_arguments)]
pub(crate) fn event_columns<'py, 'a>(
    src: &Bound<'py, PyAny>,
    dst: &Bound<'py, PyAny>,
    weight: Option<&Bound<'py, PyAny>>,
    ts: Option<&Bound<'py, PyAny>>,
    op: Option<&Bound<'py, PyAny>>,
    event_id: Option<&Bound<'py, PyAny>>,
    held: &'a mut EventHeld<'py>,
) -> PyResult<EventColumns<'a>>
where
    'py: 'a,
{
    let py = src.py();
    let given = |o: Option<&Bound<'py, PyAny>>| o.filter(|o| !o.is_none()).cloned();
    let src = ids(src, "src", &mut held.src)?;
    let dst = ids(dst, "dst", &mut held.dst)?;
    let integers = |col: Option<Bound<'py, PyAny>>,
                    what: &str,
                    h: &'a mut Held<'py>|
     -> PyResult<Option<Ids<'a>>> {
        let Some(col) = col else { return Ok(None) };
        let v = ids(&col, what, h)?;
        if v.is_str() {
            return Err(invalid_type(py, format!("{what} must be integers")));
        }
        Ok(Some(v))
    };
    let op = match given(op) {
        Some(o) if o.is_instance_of::<PyString>() => {
            Some(Ids::Str(vec![o.extract::<String>()?; src.len()]))
        }
        Some(o) => Some(ids(&o, "op", &mut held.op)?),
        None => None,
    };
    Ok(EventColumns {
        weight: given(weight)
            .map(|w| weights(&w, &mut held.weight))
            .transpose()?,
        ts: integers(given(ts), "ts", &mut held.ts)?,
        event_id: integers(given(event_id), "event_id", &mut held.event_id)?,
        src,
        dst,
        op,
    })
}

/// A key column as `ona-engine` takes it.
enum EventKeys<'a> {
    U64(Cow<'a, [u64]>),
    Str(Vec<&'a str>),
}

impl<'a> EventKeys<'a> {
    fn new(ids: &'a Ids<'_>, what: &str) -> ona_core::Result<Self> {
        Ok(match ids {
            Ids::Str(v) => Self::Str(v.iter().map(String::as_str).collect()),
            _ => Self::U64(ids.as_u64(what)?),
        })
    }
    fn keys(&self) -> ona_engine::Keys<'_> {
        match self {
            Self::U64(v) => ona_engine::Keys::U64(v),
            Self::Str(v) => ona_engine::Keys::Str(v),
        }
    }
}

fn bad_event(graph: &str, row: usize, reason: String) -> ona_engine::Error {
    ona_engine::Error::InvalidEvent {
        graph: graph.to_owned(),
        row: row as u64,
        reason,
    }
}

/// Event times as int64 (uint64 beyond int64 is refused).
fn event_times<'a>(ids: &'a Ids<'_>, graph: &str) -> ona_engine::Result<Cow<'a, [i64]>> {
    let wide = |r: usize, x: u64| {
        i64::try_from(x).map_err(|_| bad_event(graph, r, format!("ts {x} exceeds int64")))
    };
    Ok(match ids {
        Ids::I64(v) => Cow::Borrowed(v),
        Ids::I32(v) => Cow::Owned(v.iter().map(|&x| i64::from(x)).collect()),
        Ids::U32(v) => Cow::Owned(v.iter().map(|&x| i64::from(x)).collect()),
        Ids::U64(v) => Cow::Owned(
            v.iter()
                .enumerate()
                .map(|(r, &x)| wide(r, x))
                .collect::<ona_engine::Result<_>>()?,
        ),
        Ids::Str(_) => Cow::Owned(Vec::new()),
    })
}

/// Event ids as uint64 (a negative one is refused, naming its row).
fn event_ids<'a>(ids: &'a Ids<'_>, graph: &str) -> ona_engine::Result<Cow<'a, [u64]>> {
    if let Some((row, x)) = ids.negative_row() {
        return Err(bad_event(graph, row, format!("event id {x} is negative")));
    }
    Ok(ids.as_u64("event_id")?)
}

/// Operations from names or codes.
fn ops(ids: &Ids<'_>, graph: &str) -> ona_engine::Result<Vec<ona_engine::Op>> {
    use ona_engine::Op;
    let bad = |row: usize, what: &dyn std::fmt::Display| {
        bad_event(
            graph,
            row,
            format!("op {what}: expected 'add', 'remove', 'set' or a code 0, 1, 2"),
        )
    };
    if let Ids::Str(v) = ids {
        return v
            .iter()
            .enumerate()
            .map(|(r, s)| Op::parse(s).ok_or_else(|| bad(r, &format!("{s:?}"))))
            .collect();
    }
    if let Some((row, x)) = ids.negative_row() {
        return Err(bad(row, &x));
    }
    let codes = ids.as_u64("op")?;
    codes
        .iter()
        .enumerate()
        .map(|(r, &c)| {
            u8::try_from(c)
                .ok()
                .and_then(Op::from_code)
                .ok_or_else(|| bad(r, &c))
        })
        .collect()
}

impl EventColumns<'_> {
    /// Run `f` on the batch of these columns for `graph` (converted on
    /// `exec`'s pool), with `position` = (source, partition, offset of row 0).
    pub(crate) fn with_batch<R>(
        &self,
        exec: &ona_core::Exec,
        graph: &str,
        position: Option<(&str, u32, u64)>,
        f: impl FnOnce(&ona_engine::EventBatch<'_>) -> ona_engine::Result<R>,
    ) -> ona_engine::Result<R> {
        let (src, dst, ts, op, id) = exec.install(|| -> ona_engine::Result<_> {
            Ok((
                EventKeys::new(&self.src, "src")?,
                EventKeys::new(&self.dst, "dst")?,
                self.ts
                    .as_ref()
                    .map(|t| event_times(t, graph))
                    .transpose()?,
                self.op.as_ref().map(|o| ops(o, graph)).transpose()?,
                self.event_id
                    .as_ref()
                    .map(|i| event_ids(i, graph))
                    .transpose()?,
            ))
        })?;
        let weight = self.weight.as_ref().map(Weights::as_f64);
        let mut batch = ona_engine::EventBatch::new(src.keys(), dst.keys());
        batch.weight = weight.as_deref();
        batch.ts = ts.as_deref();
        batch.op = op.as_deref();
        batch.event_id = id.as_deref();
        if let Some((source, partition, offset)) = position {
            batch = batch.position(source, partition, offset);
        }
        f(&batch)
    }
}

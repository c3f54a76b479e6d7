//! Arrow input through the PyCapsule interface (`__arrow_c_array__`,
//! `__arrow_c_stream__`), so pyarrow, polars and pandas objects are read
//! without importing any of them. Only what edge lists need is decoded:
//! integer, float, `utf8` / `large_utf8` / `utf8_view` columns, plain or
//! dictionary-encoded, no nulls; chunks are concatenated.
//!
//! This module (with [`slice_i64_as_u64`] / [`slice_i32_as_u32`]) holds all of the binding's own
//! `unsafe`: reading the C structs of the Arrow C data interface
//! (<https://arrow.apache.org/docs/format/CDataInterface.html>).

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;

use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};

use crate::errors::{invalid, invalid_type};

#[repr(C)]
struct ArrowSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut ArrowSchema,
    dictionary: *mut ArrowSchema,
    release: Option<unsafe extern "C" fn(*mut ArrowSchema)>,
    private_data: *mut c_void,
}

#[repr(C)]
struct ArrowArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut ArrowArray,
    dictionary: *mut ArrowArray,
    release: Option<unsafe extern "C" fn(*mut ArrowArray)>,
    private_data: *mut c_void,
}

#[repr(C)]
struct ArrowArrayStream {
    get_schema: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut ArrowArrayStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut ArrowArrayStream)>,
    private_data: *mut c_void,
}

impl ArrowSchema {
    fn empty() -> Self {
        Self {
            format: ptr::null(),
            name: ptr::null(),
            metadata: ptr::null(),
            flags: 0,
            n_children: 0,
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

impl ArrowArray {
    fn empty() -> Self {
        Self {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: ptr::null_mut(),
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

/// A schema or array we own (from a stream): released on drop.
struct Owned<T: Release>(T);

trait Release {
    fn release(&mut self);
}

impl Release for ArrowSchema {
    fn release(&mut self) {
        if let Some(f) = self.release {
            // SAFETY: the producer filled this struct and we own it; calling its
            // own release callback once is the interface's contract.
            unsafe { f(self) };
        }
    }
}

impl Release for ArrowArray {
    fn release(&mut self) {
        if let Some(f) = self.release {
            // SAFETY: as for `ArrowSchema` above.
            unsafe { f(self) };
        }
    }
}

impl<T: Release> Drop for Owned<T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// One decoded column.
#[derive(Debug)]
pub(crate) enum Column {
    I64(Vec<i64>),
    U64(Vec<u64>),
    F64(Vec<f64>),
    Str(Vec<String>),
}

impl Column {
    fn empty_like(format: &str) -> Option<Self> {
        Some(match format {
            "c" | "s" | "i" | "l" => Self::I64(Vec::new()),
            "C" | "S" | "I" | "L" => Self::U64(Vec::new()),
            "f" | "g" => Self::F64(Vec::new()),
            "u" | "U" | "vu" => Self::Str(Vec::new()),
            _ => return None,
        })
    }
    fn append(&mut self, other: Self) {
        match (self, other) {
            (Self::I64(a), Self::I64(b)) => a.extend(b),
            (Self::U64(a), Self::U64(b)) => a.extend(b),
            (Self::F64(a), Self::F64(b)) => a.extend(b),
            (Self::Str(a), Self::Str(b)) => a.extend(b),
            _ => {}
        }
    }
}

/// Whether `obj` speaks the Arrow PyCapsule interface.
pub(crate) fn is_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")?)
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the Arrow interface guarantees NUL-terminated strings that live
    // as long as their schema, which outlives this call.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// A column of `what`: one Arrow array, chunked array or single-column stream.
pub(crate) fn read_column(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Column> {
    if obj.hasattr("__arrow_c_array__")? && !obj.hasattr("__arrow_c_stream__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let array = pair.get_item(1)?;
        let s = schema_ptr(&schema)?;
        let a = array_ptr(&array)?;
        // SAFETY: both pointers come from live capsules (held above) whose
        // producer guarantees valid, unreleased structs.
        return unsafe { decode(py, &*s, &*a, 0, what) };
    }
    let mut cols = read_stream(py, obj, None, what)?;
    Ok(cols.pop().unwrap_or(Column::I64(Vec::new())))
}

/// Named columns of a table-like object (a stream of struct arrays).
pub(crate) fn read_table(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    names: &[&str],
) -> PyResult<Vec<Column>> {
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(invalid_type(
            py,
            "from_arrow needs a table exposing __arrow_c_stream__ (pyarrow, polars, pandas)",
        ));
    }
    read_stream(py, obj, Some(names), "table")
}

fn schema_ptr(capsule: &Bound<'_, PyAny>) -> PyResult<*const ArrowSchema> {
    let c = capsule.cast::<PyCapsule>()?;
    Ok(c.pointer_checked(Some(c"arrow_schema"))?
        .as_ptr()
        .cast::<ArrowSchema>()
        .cast_const())
}

fn array_ptr(capsule: &Bound<'_, PyAny>) -> PyResult<*const ArrowArray> {
    let c = capsule.cast::<PyCapsule>()?;
    Ok(c.pointer_checked(Some(c"arrow_array"))?
        .as_ptr()
        .cast::<ArrowArray>()
        .cast_const())
}

/// Read every chunk of `obj.__arrow_c_stream__()`: the whole column when
/// `names` is `None`, else those fields of a struct stream.
fn read_stream(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    names: Option<&[&str]>,
    what: &str,
) -> PyResult<Vec<Column>> {
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let c = capsule.cast::<PyCapsule>()?;
    let stream = c
        .pointer_checked(Some(c"arrow_array_stream"))?
        .as_ptr()
        .cast::<ArrowArrayStream>();
    let stream_err = |code: c_int| {
        // SAFETY: `stream` is live (its capsule is held) and get_last_error is
        // callable after a failed call, per the stream interface.
        let msg = unsafe { (*stream).get_last_error.map(|f| cstr(f(stream))) }.unwrap_or_default();
        invalid(
            py,
            format!("reading the Arrow stream failed (error {code}): {msg}"),
        )
    };
    let mut schema = Owned(ArrowSchema::empty());
    // SAFETY: live stream; get_schema fills our struct, which we then own.
    let rc = unsafe {
        (*stream)
            .get_schema
            .map_or(-1, |f| f(stream, &raw mut schema.0))
    };
    if rc != 0 {
        return Err(stream_err(rc));
    }
    let format = cstr(schema.0.format);
    // Which (schema, child index) pairs to read.
    let fields: Vec<(usize, String)> = match names {
        None => vec![(usize::MAX, format.clone())],
        Some(names) => {
            if format != "+s" {
                return Err(invalid_type(
                    py,
                    format!("expected a table (struct stream), got Arrow format {format:?}"),
                ));
            }
            let n = usize::try_from(schema.0.n_children).unwrap_or(0);
            // SAFETY: `children` holds `n_children` valid schema pointers.
            let child_names: Vec<String> = (0..n)
                .map(|i| unsafe { cstr((**schema.0.children.add(i)).name) })
                .collect();
            let mut out = Vec::new();
            for name in names {
                let i = child_names.iter().position(|c| c == name).ok_or_else(|| {
                    invalid(
                        py,
                        format!("column {name:?} not in the table (columns: {child_names:?})"),
                    )
                })?;
                out.push((i, (*name).to_string()));
            }
            out
        }
    };
    let mut cols: Vec<Option<Column>> = fields.iter().map(|_| None).collect();
    loop {
        let mut array = Owned(ArrowArray::empty());
        // SAFETY: live stream; get_next fills our struct, which we then own.
        let rc = unsafe {
            (*stream)
                .get_next
                .map_or(-1, |f| f(stream, &raw mut array.0))
        };
        if rc != 0 {
            return Err(stream_err(rc));
        }
        if array.0.release.is_none() {
            break; // end of stream
        }
        for ((idx, label), col) in fields.iter().zip(cols.iter_mut()) {
            let part = if *idx == usize::MAX {
                // SAFETY: schema and array are owned, valid and unreleased.
                unsafe { decode(py, &schema.0, &array.0, 0, what)? }
            } else {
                // SAFETY: a struct array has one child per schema child; the
                // parent's offset applies to its children.
                unsafe {
                    let cs = &**schema.0.children.add(*idx);
                    let ca = &**array.0.children.add(*idx);
                    decode(py, cs, ca, array.0.offset, label)?
                }
            };
            match col {
                Some(c) => c.append(part),
                None => *col = Some(part),
            }
        }
    }
    let format_of = |i: usize| {
        if fields[i].0 == usize::MAX {
            format.clone()
        } else {
            String::new()
        }
    };
    Ok(cols
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            c.or_else(|| Column::empty_like(&format_of(i)))
                .unwrap_or(Column::I64(Vec::new()))
        })
        .collect())
}

/// Decode one array (with `extra` offset from a parent struct) into a column.
///
/// # Safety
/// `s` and `a` must be a valid, unreleased schema / array pair of the Arrow C
/// data interface.
unsafe fn decode(
    py: Python<'_>,
    s: &ArrowSchema,
    a: &ArrowArray,
    extra: i64,
    what: &str,
) -> PyResult<Column> {
    let format = cstr(s.format);
    let len = usize::try_from(a.length).map_err(|_| invalid(py, "negative Arrow length"))?;
    let offset =
        usize::try_from(a.offset + extra).map_err(|_| invalid(py, "negative Arrow offset"))?;
    if a.null_count != 0 && !buffer(a, 0).is_null() && has_nulls(a, offset, len) {
        return Err(invalid(
            py,
            format!("{what} holds nulls; drop or fill them first"),
        ));
    }
    if !s.dictionary.is_null() {
        // SAFETY: a dictionary-encoded array carries its dictionary values.
        let (ds, da) = unsafe { (&*s.dictionary, &*a.dictionary) };
        // SAFETY: as above, for the dictionary values.
        let values = unsafe { decode(py, ds, da, 0, what)? };
        // SAFETY: the indices are this array's own buffers.
        let keys = match unsafe { primitive(py, &format, a, offset, len, what)? } {
            Column::I64(k) => k
                .into_iter()
                .map(|x| usize::try_from(x).unwrap_or(usize::MAX))
                .collect::<Vec<_>>(),
            Column::U64(k) => k
                .into_iter()
                .map(|x| usize::try_from(x).unwrap_or(usize::MAX))
                .collect(),
            _ => return Err(invalid_type(py, "dictionary indices must be integers")),
        };
        let bad = || invalid(py, format!("{what}: dictionary index out of range"));
        return Ok(match values {
            Column::I64(v) => Column::I64(
                keys.iter()
                    .map(|&k| v.get(k).copied().ok_or_else(bad))
                    .collect::<PyResult<_>>()?,
            ),
            Column::U64(v) => Column::U64(
                keys.iter()
                    .map(|&k| v.get(k).copied().ok_or_else(bad))
                    .collect::<PyResult<_>>()?,
            ),
            Column::F64(v) => Column::F64(
                keys.iter()
                    .map(|&k| v.get(k).copied().ok_or_else(bad))
                    .collect::<PyResult<_>>()?,
            ),
            Column::Str(v) => Column::Str(
                keys.iter()
                    .map(|&k| v.get(k).cloned().ok_or_else(bad))
                    .collect::<PyResult<_>>()?,
            ),
        });
    }
    // SAFETY: forwarded contract.
    unsafe { primitive(py, &format, a, offset, len, what) }
}

/// Buffer `i` of `a` (null if absent).
fn buffer(a: &ArrowArray, i: usize) -> *const c_void {
    if i64::try_from(i).is_ok_and(|i| i < a.n_buffers) && !a.buffers.is_null() {
        // SAFETY: `buffers` holds `n_buffers` pointers.
        unsafe { *a.buffers.add(i) }
    } else {
        ptr::null()
    }
}

fn has_nulls(a: &ArrowArray, offset: usize, len: usize) -> bool {
    let bits = buffer(a, 0).cast::<u8>();
    // SAFETY: a validity bitmap covers `offset + length` bits.
    (offset..offset + len).any(|i| unsafe { *bits.add(i / 8) } & (1 << (i % 8)) == 0)
}

/// # Safety
/// As [`decode`]; `offset`/`len` are the array's.
unsafe fn primitive(
    py: Python<'_>,
    format: &str,
    a: &ArrowArray,
    offset: usize,
    len: usize,
    what: &str,
) -> PyResult<Column> {
    macro_rules! nums {
        ($t:ty, $variant:ident, $conv:expr) => {{
            let p = buffer(a, 1).cast::<$t>();
            if p.is_null() && len > 0 {
                return Err(invalid(py, format!("{what}: Arrow data buffer missing")));
            }
            let s: &[$t] = if len == 0 {
                &[]
            } else {
                // SAFETY: the data buffer holds `offset + length` values of this type.
                unsafe { std::slice::from_raw_parts(p.add(offset), len) }
            };
            Column::$variant(s.iter().map($conv).collect())
        }};
    }
    Ok(match format {
        "c" => nums!(i8, I64, |&x| i64::from(x)),
        "s" => nums!(i16, I64, |&x| i64::from(x)),
        "i" => nums!(i32, I64, |&x| i64::from(x)),
        "l" => nums!(i64, I64, |&x| x),
        "C" => nums!(u8, U64, |&x| u64::from(x)),
        "S" => nums!(u16, U64, |&x| u64::from(x)),
        "I" => nums!(u32, U64, |&x| u64::from(x)),
        "L" => nums!(u64, U64, |&x| x),
        "f" => nums!(f32, F64, |&x| f64::from(x)),
        "g" => nums!(f64, F64, |&x| x),
        // SAFETY: forwarded contract.
        "u" => unsafe { strings::<i32>(py, a, offset, len, what)? },
        // SAFETY: forwarded contract.
        "U" => unsafe { strings::<i64>(py, a, offset, len, what)? },
        // SAFETY: forwarded contract.
        "vu" => unsafe { string_views(py, a, offset, len, what)? },
        other => {
            return Err(invalid_type(
                py,
                format!(
                    "{what}: Arrow type {other:?} is not supported (integers, floats or strings)"
                ),
            ));
        }
    })
}

/// # Safety
/// `a` is a valid `utf8` (`O = i32`) or `large_utf8` (`O = i64`) array.
unsafe fn strings<O: Copy + TryInto<usize>>(
    py: Python<'_>,
    a: &ArrowArray,
    offset: usize,
    len: usize,
    what: &str,
) -> PyResult<Column> {
    if len == 0 {
        return Ok(Column::Str(Vec::new()));
    }
    let offs = buffer(a, 1).cast::<O>();
    let data = buffer(a, 2).cast::<u8>();
    if offs.is_null() {
        return Err(invalid(py, format!("{what}: Arrow offsets buffer missing")));
    }
    // SAFETY: the offsets buffer holds `offset + length + 1` entries.
    let offs = unsafe { std::slice::from_raw_parts(offs.add(offset), len + 1) };
    let bad = || invalid(py, format!("{what}: malformed Arrow string offsets"));
    let mut out = Vec::with_capacity(len);
    for w in offs.windows(2) {
        let lo: usize = w[0].try_into().map_err(|_| bad())?;
        let hi: usize = w[1].try_into().map_err(|_| bad())?;
        if hi < lo || (hi > lo && data.is_null()) {
            return Err(bad());
        }
        let bytes = if hi == lo {
            &[][..]
        } else {
            // SAFETY: offsets index into the data buffer.
            unsafe { std::slice::from_raw_parts(data.add(lo), hi - lo) }
        };
        out.push(
            std::str::from_utf8(bytes)
                .map_err(|_| invalid(py, format!("{what}: invalid UTF-8")))?
                .to_owned(),
        );
    }
    Ok(Column::Str(out))
}

/// # Safety
/// `a` is a valid `utf8_view` array.
unsafe fn string_views(
    py: Python<'_>,
    a: &ArrowArray,
    offset: usize,
    len: usize,
    what: &str,
) -> PyResult<Column> {
    let views = buffer(a, 1).cast::<[u8; 16]>();
    if views.is_null() && len > 0 {
        return Err(invalid(py, format!("{what}: Arrow views buffer missing")));
    }
    let data_buffers = usize::try_from(a.n_buffers).unwrap_or(0).saturating_sub(3);
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        // SAFETY: the views buffer holds `offset + length` 16-byte views.
        let v = unsafe { &*views.add(offset + i) };
        let n = usize::try_from(i32::from_le_bytes([v[0], v[1], v[2], v[3]]))
            .map_err(|_| invalid(py, "bad view"))?;
        let bytes: &[u8] = if n <= 12 {
            &v[4..4 + n]
        } else {
            let buf = usize::try_from(i32::from_le_bytes([v[8], v[9], v[10], v[11]]))
                .unwrap_or(usize::MAX);
            let off = usize::try_from(i32::from_le_bytes([v[12], v[13], v[14], v[15]]))
                .unwrap_or(usize::MAX);
            if buf >= data_buffers {
                return Err(invalid(py, format!("{what}: malformed Arrow string view")));
            }
            let data = buffer(a, 2 + buf).cast::<u8>();
            // SAFETY: a long view points into its variadic data buffer.
            unsafe { std::slice::from_raw_parts(data.add(off), n) }
        };
        out.push(
            std::str::from_utf8(bytes)
                .map_err(|_| invalid(py, format!("{what}: invalid UTF-8")))?
                .to_owned(),
        );
    }
    Ok(Column::Str(out))
}

/// `v` as `u64`s without copying; the caller has checked that no value is
/// negative (then the bit patterns of `i64` and `u64` agree).
pub(crate) fn slice_i64_as_u64(v: &[i64]) -> &[u64] {
    // SAFETY: i64 and u64 have the same size and alignment, every bit pattern
    // is a valid u64, and the borrow keeps the lifetime of `v`.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u64>(), v.len()) }
}

/// `v` as `u32`s without copying; the caller has checked that no value is
/// negative.
pub(crate) fn slice_i32_as_u32(v: &[i32]) -> &[u32] {
    // SAFETY: i32 and u32 have the same size and alignment, every bit pattern
    // is a valid u32, and the borrow keeps the lifetime of `v`.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u32>(), v.len()) }
}

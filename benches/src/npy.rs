//! Just enough of the `.npy` format for the peer benchmark: read an `(m, 2)`
//! little-endian `int32` edge array, write a 1-D `float64` vector.

use std::io::Write;

/// Edge arrays `(src, dst)` from an `(m, 2)` `<i4` C-order array.
pub fn read_edges(bytes: &[u8]) -> Result<(Vec<u32>, Vec<u32>), String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file".into());
    }
    let (hlen, start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 if bytes.len() >= 12 => {
            let h = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
            (usize::try_from(h).map_err(|e| e.to_string())?, 12)
        }
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let header = std::str::from_utf8(bytes.get(start..start + hlen).ok_or("truncated header")?).map_err(|e| e.to_string())?;
    if !header.contains("'<i4'") || header.contains("'fortran_order': True") || !header.contains(", 2)") {
        return Err(format!("expected a C-order (m, 2) <i4 array, header {header}"));
    }
    let data = &bytes[start + hlen..];
    if data.len() % 8 != 0 {
        return Err("data length is not a multiple of 8".into());
    }
    let m = data.len() / 8;
    let mut src = Vec::with_capacity(m);
    let mut dst = Vec::with_capacity(m);
    for pair in data.chunks_exact(8) {
        let a = i32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
        let b = i32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]);
        src.push(u32::try_from(a).map_err(|_| format!("negative node id {a}"))?);
        dst.push(u32::try_from(b).map_err(|_| format!("negative node id {b}"))?);
    }
    Ok((src, dst))
}

/// Write `values` as a 1-D `<f8` `.npy` file.
pub fn write_f64(path: &std::path::Path, values: &[f64]) -> std::io::Result<()> {
    let mut header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({},), }}", values.len());
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + values.len() * 8);
    out.extend_from_slice(b"\x93NUMPY\x01\x00");
    out.extend_from_slice(&u16::try_from(header.len()).unwrap_or(u16::MAX).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::File::create(path)?.write_all(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy_i4(rows: &[[i32; 2]]) -> Vec<u8> {
        let mut header = format!("{{'descr': '<i4', 'fortran_order': False, 'shape': ({}, 2), }}", rows.len());
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        for r in rows {
            out.extend_from_slice(&r[0].to_le_bytes());
            out.extend_from_slice(&r[1].to_le_bytes());
        }
        out
    }

    #[test]
    fn reads_edge_arrays_and_refuses_others() {
        let (s, d) = read_edges(&npy_i4(&[[0, 1], [2, 3]])).expect("valid file");
        assert_eq!((s, d), (vec![0, 2], vec![1, 3]));
        assert!(read_edges(&npy_i4(&[[0, -1]])).is_err());
        assert!(read_edges(b"not npy").is_err());
        let mut truncated = npy_i4(&[[0, 1]]);
        truncated.pop();
        assert!(read_edges(&truncated).is_err());
    }

    #[test]
    fn writes_a_readable_f64_vector() {
        let path = std::env::temp_dir().join(format!("ona-npy-{}.npy", std::process::id()));
        write_f64(&path, &[1.5, -2.0]).expect("write");
        let bytes = std::fs::read(&path).expect("read");
        std::fs::remove_file(&path).ok();
        assert_eq!(&bytes[..6], b"\x93NUMPY");
        let hlen = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
        assert_eq!((10 + hlen) % 64, 0);
        assert!(std::str::from_utf8(&bytes[10..10 + hlen]).expect("ascii").contains("'shape': (2,)"));
        assert_eq!(&bytes[10 + hlen..], [1.5f64.to_le_bytes(), (-2.0f64).to_le_bytes()].concat());
    }
}

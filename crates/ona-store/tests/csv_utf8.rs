//! A CSV field that ends inside a character the next field completes is
//! invalid UTF-8 (arrow-csv checks only the row's bytes as a whole).

use ona_core::Exec;
use ona_store::Error;
use ona_store::table::{EdgeOptions, read_graph};

#[test]
fn a_field_ending_mid_character_is_refused_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let exec = Exec::sequential().unwrap_or_else(|e| panic!("{e}"));
    // The fuzz find (arrow-csv accepts it; ona's check refuses it with its
    // row), then two more: refused by arrow-csv or by ona, a typed error.
    let fuzz =
        b"source,target\nana,boet\nana,bo\nbo,cy\ncy,ana\nana,dee\ndee\xef,\xbb\xbf\0\nely,ana\n";
    for (body, row, column) in [
        (&fuzz[..], Some(5), "source"),
        (&b"source,target\na,b\ndee\xef,\xbb\xbfx\n"[..], None, ""),
        (&b"source,target\na,b\nc,d\xef\nx\xbb\xbf,y\n"[..], None, ""),
    ] {
        let path = dir.path().join("e.csv");
        std::fs::write(&path, body).unwrap_or_else(|e| panic!("{e}"));
        match read_graph(&path, None, &EdgeOptions::default(), &exec) {
            Err(Error::Input {
                row: r,
                column: Some(c),
                reason,
                ..
            }) => {
                if row.is_some() {
                    assert_eq!((r, c.as_str()), (row, column), "{reason}");
                }
                assert!(reason.contains("UTF-8"), "{reason}");
            }
            Err(Error::Format { reason, .. }) => assert!(reason.contains("UTF-8"), "{reason}"),
            other => panic!("expected an invalid-UTF-8 input error, got {other:?}"),
        }
    }
}

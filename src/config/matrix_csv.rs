//! An N × N matrix from CSV (trade costs; ARSW travel times). Optional header row of ids
//! (it may start with a corner label such as "id"); optional first column of ids. Errors
//! name the file, line and column.

use std::path::Path;

use super::csv_table::read_records;
use crate::error::{Error, Result};

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

/// Region ids, N and the row-major trade costs, each checked (finite, >= 1, unit diagonal)
/// with errors naming its line and column in the file.
pub fn read(path: &Path) -> Result<(Vec<String>, usize, Vec<f64>)> {
    read_matrix(path, "trade-cost matrix", |i, j, v| {
        if !(v.is_finite() && v >= 1.0) {
            Err("is out of range: trade costs must be finite and >= 1")
        } else if i == j && v != 1.0 {
            Err("is on the diagonal, which must be 1")
        } else {
            Ok(())
        }
    })
}

/// Ids, N and the row-major values of a square matrix; `check(row, column, value)` says
/// what is wrong with an entry ("is out of range: ..."), reported with the entry's place.
/// `what` names the matrix in messages ("a trade-cost matrix must be square").
pub fn read_matrix(
    path: &Path,
    what: &str,
    check: impl Fn(usize, usize, f64) -> std::result::Result<(), &'static str>,
) -> Result<(Vec<String>, usize, Vec<f64>)> {
    let mut rows = read_records(path)?;
    if rows.is_empty() {
        return Err(Error::data(path, "the matrix file is empty"));
    }
    let header = is_header(&rows);
    let header_row = header.then(|| rows.remove(0));
    if rows.is_empty() {
        return Err(Error::data(path, "the matrix file has a header but no rows"));
    }
    let n = rows.len();
    // Ids in the first column: every row starts with a non-number, or the header has a
    // corner label above a column of (possibly numeric) ids.
    let labelled = rows.iter().all(|(_, r)| !is_number(&r[0]))
        || header_row
            .as_ref()
            .is_some_and(|(_, h)| h.len() == n + 1 && rows[0].1.len() == n + 1);
    let mut ids = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n * n);
    for (i, (line, fields)) in rows.iter().enumerate() {
        let cells = if labelled { &fields[1..] } else { &fields[..] };
        if cells.len() != n {
            return Err(Error::data(
                path,
                format!(
                    "line {line}: {} values, but the matrix has {n} rows: a {what} must be square",
                    cells.len()
                ),
            ));
        }
        if labelled && fields[0].is_empty() {
            return Err(Error::data(path, format!("line {line}: empty id in the first column")));
        }
        ids.push(if labelled {
            fields[0].clone()
        } else {
            (i + 1).to_string()
        });
        for (j, c) in cells.iter().enumerate() {
            let at = format!(
                "line {line}, column {} (row {}, column {} of the matrix)",
                j + 1 + labelled as usize,
                i + 1,
                j + 1
            );
            let v = c
                .parse::<f64>()
                .map_err(|_| Error::data(path, format!("{at}: \"{c}\" is not a number")))?;
            check(i, j, v).map_err(|problem| Error::data(path, format!("{at}: {c} {problem}")))?;
            values.push(v);
        }
    }
    if let Some((line, h)) = header_row {
        let header_ids = if h.len() == n + 1 { &h[1..] } else { &h[..] };
        if header_ids.len() != n {
            return Err(Error::data(
                path,
                format!(
                    "line {line}: the header has {} fields, but the matrix has {n} rows: a {what} must be square",
                    h.len()
                ),
            ));
        }
        if labelled && ids.iter().zip(header_ids).any(|(a, b)| a != b) {
            return Err(Error::data(
                path,
                format!("line {line}: the header's ids differ from the first column's (they must list the regions in the same order)"),
            ));
        }
        if header_ids.iter().any(String::is_empty) {
            return Err(Error::data(path, format!("line {line}: empty id in the header")));
        }
        ids = header_ids.to_vec();
    }
    Ok((ids, n, values))
}

/// The first row is a header when it holds a non-number past its first field, or when it
/// starts with a label while the rows below start with numbers (a corner label over numeric ids).
fn is_header(rows: &[(usize, Vec<String>)]) -> bool {
    let first = &rows[0].1;
    if first[1..].iter().any(|f| !is_number(f)) {
        return true;
    }
    !is_number(&first[0]) && (rows.len() == 1 || rows[1..].iter().all(|(_, r)| is_number(&r[0])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_text(text: &str) -> Result<(Vec<String>, usize, Vec<f64>)> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        read(f.path())
    }

    #[test]
    fn reads_the_four_layouts() {
        let plain = read_text("1,2\n2,1\n").unwrap();
        assert_eq!(plain, (vec!["1".into(), "2".into()], 2, vec![1.0, 2.0, 2.0, 1.0]));
        assert_eq!(read_text("a,b\n1,2\n2,1\n").unwrap().0, ["a", "b"]);
        assert_eq!(read_text("a,1,2\nb,2,1\n").unwrap().0, ["a", "b"]);
        assert_eq!(read_text("id,a,b\na,1,2\nb,2,1\n").unwrap().0, ["a", "b"]);
        assert_eq!(read_text("id,10,20\n10,1,2\n20,2,1\n").unwrap().0, ["10", "20"]);
    }

    #[test]
    fn names_the_line_of_bad_cells() {
        let e = read_text("1,2\n2,x\n").unwrap_err().to_string();
        assert!(e.contains("line 2, column 2") && e.contains("\"x\""), "{e}");
        let e = read_text("1,2\n2,nan\n").unwrap_err().to_string();
        assert!(e.contains("line 2, column 2") && e.contains("finite"), "{e}");
        let e = read_text("id,a,b\na,1,0.5\nb,2,1\n").unwrap_err().to_string();
        assert!(
            e.contains("line 2, column 3 (row 1, column 2 of the matrix)") && e.contains(">= 1"),
            "{e}"
        );
        let e = read_text("1,2,3\n2,1,3\n").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("square"), "{e}");
    }
}

//! CSV files with a header row, read as text columns; numbers are parsed on demand with
//! errors that name the file, line and column.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Largest CSV agglo reads (1 GiB): files are held in memory as text, so larger ones are
/// refused, naming the file, before reading.
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// A CSV file held as strings.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub path: PathBuf,
    pub headers: Vec<String>,
    /// Data rows (the header excluded), with their 1-based line numbers in the file.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl CsvTable {
    /// Reads a CSV with a header row. Fields are trimmed; rows must have as many fields as the header.
    pub fn read(path: &Path) -> Result<Self> {
        let mut records = read_records(path)?;
        if records.is_empty() {
            return Err(Error::data(path, "the file is empty (expected a header row)"));
        }
        let (_, headers) = records.remove(0);
        for (line, fields) in &records {
            if fields.len() != headers.len() {
                return Err(Error::data(
                    path,
                    format!(
                        "line {line}: {} fields, but the header has {}",
                        fields.len(),
                        headers.len()
                    ),
                ));
            }
        }
        Ok(CsvTable {
            path: path.to_path_buf(),
            headers,
            rows: records,
        })
    }

    /// Index of the column named `name`, or an error listing the columns there are.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::data(
                &self.path,
                format!("no column \"{name}\" (columns: {})", self.headers.join(", ")),
            )
        })
    }

    /// True when the file has a column named `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }

    /// The column as text; an empty field (an empty id names nothing) is refused with its line.
    pub fn text_column(&self, name: &str) -> Result<Vec<String>> {
        let j = self.column_index(name)?;
        self.rows
            .iter()
            .map(|(line, r)| {
                if r[j].is_empty() {
                    Err(Error::data(
                        &self.path,
                        format!("line {line}, column \"{name}\": empty value (every row needs its {name})"),
                    ))
                } else {
                    Ok(r[j].clone())
                }
            })
            .collect()
    }

    /// The column as finite numbers.
    pub fn numeric_column(&self, name: &str) -> Result<Vec<f64>> {
        let j = self.column_index(name)?;
        self.rows
            .iter()
            .map(|(line, r)| {
                let field = &r[j];
                match field.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(Error::data(
                        &self.path,
                        format!("line {line}, column \"{name}\": \"{field}\" is not a finite number"),
                    )),
                }
            })
            .collect()
    }
}

/// The non-blank records of a CSV file (fields trimmed, a byte-order mark dropped), each
/// with its 1-based line number. Rows may have different lengths: callers check.
pub fn read_records(path: &Path) -> Result<Vec<(usize, Vec<String>)>> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_CSV_BYTES {
            return Err(Error::data(
                path,
                format!(
                    "the file has {} bytes, more than the {MAX_CSV_BYTES} (1 GiB) agglo reads from a CSV",
                    meta.len()
                ),
            ));
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::data(path, csv_message(&e)))?;
    let mut records = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| Error::data(path, csv_message(&e)))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields: Vec<String> = rec
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_string())
            .collect();
        if !fields.iter().all(|f| f.is_empty()) {
            records.push((line, fields));
        }
    }
    Ok(records)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("malformed CSV: {e}"),
    }
}

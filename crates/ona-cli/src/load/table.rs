//! Line-oriented reading of delimited text: comments, quoting, delimiter
//! detection, and rows with their line numbers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::error::{CliError, Problem, Result};

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// Guess from the first data line: tab, else comma, else runs of spaces.
    Auto,
    /// One byte-sized character (`,`, `\t`, `;`, `|`); fields may be quoted.
    Char(char),
    /// Runs of spaces or tabs; no quoting.
    Whitespace,
}

impl Delimiter {
    /// Parse a `--delimiter` value: `auto`, `,`, `tab`/`\t`, `space`, or any
    /// single ASCII punctuation character.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "auto" => Some(Self::Auto),
            "\t" | "\\t" | "tab" | "tsv" => Some(Self::Char('\t')),
            " " | "space" | "spaces" | "whitespace" => Some(Self::Whitespace),
            "," | "comma" | "csv" => Some(Self::Char(',')),
            _ => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_punctuation() && c != '"' => Some(Self::Char(c)),
                    _ => None,
                }
            }
        }
    }

    fn detect(line: &str) -> Self {
        if line.contains('\t') {
            Self::Char('\t')
        } else if line.contains(',') {
            Self::Char(',')
        } else {
            Self::Whitespace
        }
    }

    /// A short name for reports.
    pub fn name(self) -> String {
        match self {
            Self::Auto => "auto".into(),
            Self::Char('\t') => "tab".into(),
            Self::Char(c) => format!("'{c}'"),
            Self::Whitespace => "whitespace".into(),
        }
    }
}

/// One data row: its fields and the line it came from.
#[derive(Debug, Clone, Default)]
pub struct Row {
    text: String,
    spans: Vec<(usize, usize)>,
    /// 1-based line number.
    pub line: u64,
}

impl Row {
    /// Field `i` (0-based), trimmed.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.spans.get(i).map(|&(a, b)| &self.text[a..b])
    }
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    /// All fields.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(a, b)| &self.text[a..b])
    }

    fn split(&mut self, line: &str, delim: Delimiter) -> std::result::Result<(), Problem> {
        self.text.clear();
        self.spans.clear();
        match delim {
            Delimiter::Whitespace | Delimiter::Auto => {
                for tok in line.split_ascii_whitespace() {
                    let a = self.text.len();
                    self.text.push_str(tok);
                    self.spans.push((a, self.text.len()));
                }
            }
            Delimiter::Char(d) => {
                let mut rest = line;
                loop {
                    let trimmed = rest.trim_start_matches([' ', '\t'].as_slice());
                    let start = self.text.len();
                    let after = if let Some(q) = trimmed.strip_prefix('"') {
                        // Quoted: "" is a literal quote; ends at a lone quote.
                        let mut chars = q.char_indices();
                        let mut end = None;
                        while let Some((i, c)) = chars.next() {
                            if c == '"' {
                                if q[i + 1..].starts_with('"') {
                                    self.text.push('"');
                                    chars.next();
                                } else {
                                    end = Some(i + 1);
                                    break;
                                }
                            } else {
                                self.text.push(c);
                            }
                        }
                        let Some(end) = end else { return Err(Problem::UnterminatedQuote) };
                        let tail = &q[end..];
                        // Anything between the closing quote and the delimiter is dropped.
                        tail.find(d).map(|k| &tail[k + d.len_utf8()..])
                    } else {
                        match trimmed.find(d) {
                            Some(k) => {
                                self.text.push_str(trimmed[..k].trim_end());
                                Some(&trimmed[k + d.len_utf8()..])
                            }
                            None => {
                                self.text.push_str(trimmed.trim_end());
                                None
                            }
                        }
                    };
                    self.spans.push((start, self.text.len()));
                    match after {
                        Some(r) => rest = r,
                        None => break,
                    }
                }
            }
        }
        Ok(())
    }
}

/// Reads the data rows of one file, skipping blank lines and comment lines
/// (first non-blank character `#` or `%`).
#[derive(Debug)]
pub struct RowReader {
    path: PathBuf,
    reader: BufReader<File>,
    delim: Delimiter,
    line: u64,
    bytes: u64,
    buf: Vec<u8>,
    size: u64,
}

impl RowReader {
    /// Open `path`.
    pub fn open(path: &Path, delim: Delimiter) -> Result<Self> {
        let io = |source| CliError::Io { path: path.to_path_buf(), source };
        let file = File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        Ok(Self {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 16, file),
            delim,
            line: 0,
            bytes: 0,
            buf: Vec::new(),
            size,
        })
    }

    /// The delimiter in use (decided at the first data line under `Auto`).
    pub fn delimiter(&self) -> Delimiter {
        self.delim
    }
    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }
    /// File size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// An input error at `line` of this file.
    pub fn error(&self, line: u64, problem: Problem) -> CliError {
        CliError::Input { file: self.path.clone(), line, problem }
    }

    /// Read the next data row into `row`; `false` at the end of the file.
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|source| CliError::Io { path: self.path.clone(), source })?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            self.bytes += n as u64;
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                return Err(self.error(self.line, Problem::NotUtf8));
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('%') {
                continue;
            }
            if self.delim == Delimiter::Auto {
                self.delim = Delimiter::detect(trimmed);
            }
            row.line = self.line;
            let delim = self.delim;
            if let Err(p) = row.split(trimmed, delim) {
                return Err(self.error(self.line, p));
            }
            return Ok(true);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn split(line: &str, d: Delimiter) -> Vec<String> {
        let mut row = Row::default();
        row.split(line, d).unwrap();
        row.fields().map(String::from).collect()
    }

    #[test]
    fn splits_quoted_and_trimmed_fields() {
        assert_eq!(split("a, b ,c", Delimiter::Char(',')), ["a", "b", "c"]);
        assert_eq!(split(r#""x,y", "say ""hi""",3"#, Delimiter::Char(',')), ["x,y", r#"say "hi""#, "3"]);
        assert_eq!(split("a,,b,", Delimiter::Char(',')), ["a", "", "b", ""]);
        assert_eq!(split("1\t2\t0.5", Delimiter::Char('\t')), ["1", "2", "0.5"]);
        assert_eq!(split("  1   2\t 3 ", Delimiter::Whitespace), ["1", "2", "3"]);
        let mut row = Row::default();
        assert_eq!(row.split(r#""open,1"#, Delimiter::Char(',')), Err(Problem::UnterminatedQuote));
    }

    #[test]
    fn delimiters() {
        assert_eq!(Delimiter::parse("tab"), Some(Delimiter::Char('\t')));
        assert_eq!(Delimiter::parse(";"), Some(Delimiter::Char(';')));
        assert_eq!(Delimiter::parse("space"), Some(Delimiter::Whitespace));
        assert_eq!(Delimiter::parse("ab"), None);
        assert_eq!(Delimiter::detect("a\tb,c"), Delimiter::Char('\t'));
        assert_eq!(Delimiter::detect("a b"), Delimiter::Whitespace);
    }
}

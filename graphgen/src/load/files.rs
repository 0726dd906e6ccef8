//! The files a load reads: the descriptions named, and every file their `$ref`s reach,
//! each read once and parsed into YAML values.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use serde_yaml::Value;

use super::yaml;
use crate::diagnostics::Diagnostic;
use crate::locate;

/// One file of a description: how messages name it, where it is, and its text, kept to
/// find lines.
pub struct Source {
    pub display: String,
    /// The file's canonical path; `None` for text given without a file.
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Every file read so far, with its parsed document.
#[derive(Default)]
pub struct Files {
    pub sources: Vec<Source>,
    /// `None` once taken by [`Files::take_document`]; read again from its text if needed.
    documents: Vec<Option<Value>>,
    by_path: HashMap<PathBuf, usize>,
}

/// A file read from disk and parsed, not yet added to [`Files`].
type Parsed = (String, Result<Value, (Option<usize>, Option<usize>, String)>);

impl Files {
    /// Adds text that is already in memory; its problems are reported against `display`.
    pub fn add_text(&mut self, text: String, display: &str, path: Option<PathBuf>) -> Result<usize, Diagnostic> {
        let parsed = parse_value(&text);
        self.add_parsed((text, parsed), display, path)
    }

    fn add_parsed(
        &mut self,
        (text, parsed): Parsed,
        display: &str,
        path: Option<PathBuf>,
    ) -> Result<usize, Diagnostic> {
        let index = self.sources.len();
        if let Some(path) = &path {
            self.by_path.insert(path.clone(), index);
        }
        self.sources.push(Source { display: display.to_owned(), path, text });
        match parsed {
            Ok(document) => {
                self.documents.push(Some(document));
                Ok(index)
            }
            Err((line, column, message)) => {
                // A file that does not parse stays listed, so that its report can quote it.
                self.documents.push(Some(Value::Null));
                let mut problem = Diagnostic {
                    code: "syntax",
                    line,
                    column,
                    ..Diagnostic::new("", format!("not a valid OpenAPI 3.0 description: {message}"))
                };
                problem.place_in_file(index);
                Err(problem)
            }
        }
    }

    /// The index of the file at `path`, reading it the first time. `display` names it.
    pub fn read(&mut self, path: &Path, display: &str) -> Result<usize, Diagnostic> {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.read_canonical(canonical, display)
    }

    /// [`Files::read`] of a path that is already canonical.
    pub fn read_canonical(&mut self, canonical: PathBuf, display: &str) -> Result<usize, Diagnostic> {
        if let Some(&index) = self.by_path.get(&canonical) {
            if self.documents[index].is_none() {
                self.documents[index] = Some(parse_value(&self.sources[index].text).unwrap_or(Value::Null));
            }
            return Ok(index);
        }
        let text = std::fs::read_to_string(&canonical)
            .map_err(|error| Diagnostic::new("", format!("cannot read {display}: {error}")))?;
        self.add_text(text, display, Some(canonical))
    }

    /// The index of a file already read, by its canonical path.
    pub fn index_of(&self, canonical: &Path) -> Option<usize> {
        self.by_path.get(canonical).copied()
    }

    /// [`Files::read`] for several files, which are read and parsed side by side; the
    /// results are in the order given, and so are the files' indexes.
    pub fn read_all(&mut self, files: &[(PathBuf, String)]) -> Vec<Result<usize, Diagnostic>> {
        let parsed: Vec<Result<Parsed, Diagnostic>> = files
            .par_iter()
            .map(|(path, display)| {
                let text = std::fs::read_to_string(path)
                    .map_err(|error| Diagnostic::new("", format!("cannot read {display}: {error}")))?;
                let parsed = parse_value(&text);
                Ok((text, parsed))
            })
            .collect();
        files
            .iter()
            .zip(parsed)
            .map(|((path, display), parsed)| {
                let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
                if self.by_path.contains_key(&canonical) {
                    return self.read(path, display);
                }
                self.add_parsed(parsed?, display, Some(canonical))
            })
            .collect()
    }

    pub fn document(&self, index: usize) -> &Value {
        self.documents[index].as_ref().unwrap_or(&Value::Null)
    }

    /// The document of a file, moved out: a description's root becomes the bundled
    /// document without a copy. Reading the file again parses its text anew.
    pub fn take_document(&mut self, index: usize) -> Value {
        match self.documents[index].take() {
            Some(document) => document,
            // Taken before: the same description named twice.
            None => parse_value(&self.sources[index].text).unwrap_or(Value::Null),
        }
    }

    /// The folder a file's relative references start from.
    pub fn folder(&self, index: usize) -> Option<&Path> {
        self.sources[index].path.as_deref().and_then(Path::parent)
    }
}

/// Parses description text: JSON with serde_json when the text is JSON (whatever the file
/// is called), YAML with serde_yaml otherwise. On failure: the line, column and message.
///
/// YAML is nearly a superset of JSON, but not quite: serde_yaml refuses JSON's escaped
/// surrogate pairs (`"\ud83d\udc4d"`) and integers beyond 64 bits, which real JSON
/// descriptions hold.
fn parse_value(source: &str) -> Result<Value, (Option<usize>, Option<usize>, String)> {
    // A byte order mark is no part of the document; editors on Windows write one.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if locate::is_json(source) {
        // Read by serde_json straight into YAML values, whose mappings keep the document's
        // order (properties, paths), as a `serde_json::Value` would not.
        let mut reader = serde_json::Deserializer::from_str(source);
        let read = yaml::Loose::deserialize(&mut reader).and_then(|loose| reader.end().map(|()| loose.0));
        read.map_err(|error| {
            // serde_json appends "at line L column C" itself; the location goes in front instead.
            let message = error.to_string();
            let message = message.rfind(" at line ").map_or(message.clone(), |at| message[..at].to_owned());
            (Some(error.line()), Some(error.column()), message)
        })
    } else {
        serde_yaml::from_str::<yaml::Loose>(source).map(|loose| loose.0).map_err(|error| {
            let location = error.location();
            let message = error.to_string();
            // The location goes in front, so it is taken out of the message, where serde_yaml puts it.
            let message = match &location {
                Some(l) => message.replace(&format!(" at line {} column {}", l.line(), l.column()), ""),
                None => message,
            };
            (location.as_ref().map(|l| l.line()), location.as_ref().map(|l| l.column()), message)
        })
    }
}

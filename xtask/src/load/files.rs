//! The files a load reads: the descriptions named, and every file their `$ref`s reach,
//! each read once and parsed into YAML values.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    documents: Vec<Value>,
    by_path: HashMap<PathBuf, usize>,
}

impl Files {
    /// Adds text that is already in memory; its problems are reported against `display`.
    pub fn add_text(&mut self, text: String, display: &str, path: Option<PathBuf>) -> Result<usize, Diagnostic> {
        let index = self.sources.len();
        let document = parse_value(&text).map_err(|(line, column, message)| {
            let mut problem = Diagnostic {
                code: "syntax",
                line,
                column,
                ..Diagnostic::new("", format!("not a valid OpenAPI 3.0 description: {message}"))
            };
            problem.place_in_file(index);
            problem
        });
        if let Some(path) = &path {
            self.by_path.insert(path.clone(), index);
        }
        self.sources.push(Source { display: display.to_owned(), path, text });
        // A file that does not parse stays listed, so that its report can quote it.
        self.documents.push(document.as_ref().cloned().unwrap_or(Value::Null));
        document.map(|_| index)
    }

    /// The index of the file at `path`, reading it the first time. `display` names it.
    pub fn read(&mut self, path: &Path, display: &str) -> Result<usize, Diagnostic> {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(index) = self.by_path.get(&canonical) {
            return Ok(*index);
        }
        let text = std::fs::read_to_string(path)
            .map_err(|error| Diagnostic::new("", format!("cannot read {display}: {error}")))?;
        self.add_text(text, display, Some(canonical))
    }

    pub fn document(&self, index: usize) -> &Value {
        &self.documents[index]
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

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
    /// Whether each file's text is a YAML or JSON document, which stays known once the
    /// document is taken.
    parsed: Vec<bool>,
    /// Files whose whole document was asked for again after it was taken: from then on
    /// it is cloned, so that each file is parsed at most twice.
    shared: Vec<bool>,
    /// The report of each file that did not parse, given again each time it is read.
    failures: HashMap<usize, Diagnostic>,
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
        self.shared.push(false);
        match parsed {
            Ok(document) => {
                self.parsed.push(!document.is_null());
                self.documents.push(Some(document));
                Ok(index)
            }
            Err((line, column, message)) => {
                // A file that does not parse stays listed, so that its report can quote it.
                self.parsed.push(false);
                self.documents.push(Some(Value::Null));
                let mut problem = Diagnostic {
                    code: "syntax",
                    line,
                    column,
                    ..Diagnostic::new("", format!("not a valid OpenAPI 3.0 description: {message}"))
                };
                problem.place_in_file(index);
                self.failures.insert(index, problem.clone());
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
            return self.failures.get(&index).map_or(Ok(index), |problem| Err(problem.clone()));
        }
        let text = std::fs::read_to_string(&canonical)
            .map_err(|error| Diagnostic::new("", format!("cannot read {display}: {error}")))?;
        self.add_text(text, display, Some(canonical))
    }

    /// Reads and parses files side by side, ahead of their first use; each is a
    /// canonical path with the name messages give it. A file that cannot be read is left
    /// for [`Files::read_canonical`] to report when it is used; one that does not parse
    /// is reported then too.
    pub fn read_ahead(&mut self, files: Vec<(PathBuf, String)>) -> Vec<usize> {
        let files: Vec<_> = files.into_iter().filter(|(path, _)| !self.by_path.contains_key(path)).collect();
        let parsed: Vec<Option<Parsed>> = files
            .par_iter()
            .map(|(path, _)| {
                let text = std::fs::read_to_string(path).ok()?;
                let parsed = parse_value(&text);
                Some((text, parsed))
            })
            .collect();
        let mut added = Vec::new();
        for ((path, display), parsed) in files.into_iter().zip(parsed) {
            // The same file may be named twice in one round.
            if let (Some(parsed), false) = (parsed, self.by_path.contains_key(&path)) {
                let index = self.sources.len();
                // A file that does not parse keeps its report for when it is used.
                let _ = self.add_parsed(parsed, &display, Some(path));
                added.push(index);
            }
        }
        added
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

    /// The document of a file, parsed again from its text if it was taken.
    pub fn document(&mut self, index: usize) -> &Value {
        let document = &mut self.documents[index];
        document.get_or_insert_with(|| parse_value(&self.sources[index].text).unwrap_or(Value::Null))
    }

    /// Whether the file is a YAML or JSON document, rather than text that did not parse
    /// or holds nothing.
    pub fn is_document(&self, index: usize) -> bool {
        self.parsed[index]
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

    /// What `tokens` points at in a file's document, as a value of its own: most files of
    /// a description split over many are named whole, once, so the first time a whole
    /// document is asked for it is moved out rather than copied.
    pub fn value_at(&mut self, index: usize, tokens: &[String]) -> Option<Value> {
        if tokens.is_empty() && !self.shared[index] {
            if let Some(document) = self.documents[index].take() {
                return Some(document);
            }
            self.shared[index] = true;
        }
        crate::document::resolve(self.document(index), tokens).cloned()
    }

    /// Drops every parsed document, once the description is bundled; the texts stay.
    pub fn release_documents(&mut self) {
        self.documents.iter_mut().for_each(|document| *document = None);
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

//! Phase 1: reading the description's files into the OpenAPI model.
//!
//! Each description named is read with the files its `$ref`s reach (`bundle`), changed by
//! the overlays given (`overlay`), read as 3.0 where it is Swagger 2.0 (`swagger`), rewritten
//! where the 3.0 model cannot read it (`normalize`, `references`), and then several
//! descriptions become one document (`merge`), which openapiv3 reads. `origins` records
//! what each step moved, so that reports name the file and place it was written at.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::timings::Timings;

mod bundle;
mod combine;
mod context;
mod discriminated;
mod enclosing;
mod files;
mod merge;
mod normalize;
mod origins;
mod overlay;
mod references;
mod swagger;
mod yaml;

pub use files::Source;
pub use normalize::TUPLE;
pub use origins::Origins;

/// How descriptions are read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Read files outside the folder of the description that refers to them.
    pub outside: bool,
    /// OpenAPI Overlay documents applied, in order, to each description as it is read.
    pub overlays: Vec<(PathBuf, String)>,
}

/// A loaded description: the files it came from (kept to find lines), the document as
/// YAML values (for checks that walk every node), the OpenAPI model, and what loading
/// had to read leniently.
pub struct Spec {
    pub sources: Vec<Source>,
    pub document: serde_yaml::Value,
    pub api: openapiv3::OpenAPI,
    /// The operations of methods the model has no field for (OpenAPI 3.2's `query` and
    /// `additionalOperations`), read beside it.
    pub others: crate::operations::Others,
    /// Already placed in their files (see [`Origins::place`]).
    pub warnings: Vec<Diagnostic>,
    /// Where each part of `document` was written.
    pub origins: Origins,
    /// How long reading, bundling and normalising, merging and the model took.
    pub timings: Timings,
}

impl Spec {
    /// The report for problems found in this description, which names its files.
    pub fn diagnostics(&self, display: &str) -> Diagnostics {
        let mut diagnostics = Diagnostics::new(display);
        diagnostics.files = self.sources.iter().map(|s| s.display.clone()).collect();
        diagnostics
    }

    /// Places every problem of `diagnostics` in its file and finds its line there.
    pub fn place(&self, diagnostics: &mut Diagnostics) {
        self.origins.place(diagnostics);
        let texts: Vec<&str> = self.sources.iter().map(|s| s.text.as_str()).collect();
        diagnostics.locate_in(&texts);
    }
}

/// Reads and parses a YAML or JSON description. `display` names the file in messages.
pub fn load(path: &Path, display: &str) -> Result<Spec, Diagnostics> {
    load_all(&[(path.to_path_buf(), display.to_owned())], display, Options::default())
}

/// Reads several descriptions, each with the files it refers to, into one; `summary`
/// names them all in messages.
pub fn load_all(descriptions: &[(PathBuf, String)], summary: &str, options: Options) -> Result<Spec, Diagnostics> {
    let mut timings = Timings::default();
    let mut files = files::Files::default();
    let mut problems = Vec::new();
    let mut roots = Vec::new();
    let mut overlays = Vec::new();
    timings.time("read and parse", || {
        for read in files.read_all(descriptions) {
            match read {
                Ok(index) => roots.push(index),
                // The file could not be read, so the message names it and nothing is quoted.
                Err(problem) => problems.push(problem),
            }
        }
        for (path, display) in &options.overlays {
            match files.read(path, display).map_err(|p| vec![p]).and_then(|i| overlay::read(files.document(i), i)) {
                Ok(read) => overlays.push(read),
                Err(found) => problems.extend(found),
            }
        }
    });
    finish(files, roots, problems, summary, (options.outside, &overlays), timings)
}

/// Parses description text given without a file; its references to other files are
/// refused, as there is no folder to read them from.
pub fn parse(source: String, display: &str) -> Result<Spec, Diagnostics> {
    let mut files = files::Files::default();
    let mut problems = Vec::new();
    let mut roots = Vec::new();
    match files.add_text(source, display, None) {
        Ok(index) => roots.push(index),
        Err(problem) => problems.push(problem),
    }
    finish(files, roots, problems, display, (false, &[]), Timings::default())
}

fn finish(
    mut files: files::Files,
    roots: Vec<usize>,
    mut problems: Vec<Diagnostic>,
    summary: &str,
    (outside, overlays): (bool, &[overlay::Overlay]),
    mut timings: Timings,
) -> Result<Spec, Diagnostics> {
    let mut origins = Origins::default();
    let mut documents = Vec::new();
    let mut warnings = Vec::new();
    let options = bundle::Options { outside };
    let mut bundled: Vec<_> = timings
        .time("bundle", || roots.iter().map(|&root| (root, bundle::bundle(&mut files, root, options))).collect());
    // What the files held is in the bundled documents now, so their memory is free for the
    // rest of the load.
    files.release_documents();
    if !overlays.is_empty() {
        // An action is reported once, when it selects nothing in any description.
        let mut unused: Option<Vec<(usize, usize)>> = None;
        for (root, (document, _, _)) in &mut bundled {
            match overlay::apply(document, overlays) {
                Ok(missed) => unused = Some(unused.map_or(missed.clone(), |u| u.into_iter().filter(|m| missed.contains(m)).collect())),
                Err(message) => problems.push(Diagnostic::new("", format!("{}: {message}", files.sources[*root].display))),
            }
        }
        warnings.extend(unused.unwrap_or_default().into_iter().map(|(o, a)| overlay::unused(&overlays[o], a)));
    }
    // Each description is normalised on its own, so they are normalised side by side.
    let normalised: Vec<_> = timings.time("normalise", || {
        bundled
            .into_par_iter()
            .map(|(root, (mut document, copies, mut read))| {
                let mut moves = Vec::new();
                if swagger::is_swagger(&document) {
                    swagger::convert(&mut document, &mut read, &mut moves);
                }
                normalize::normalize(&mut document, &mut read, &mut moves);
                discriminated::read(&mut document, &mut read);
                enclosing::resolve_enclosing(&mut document, &mut read);
                references::hoist(&mut document, &mut read, &mut moves);
                (root, document, copies, read, moves)
            })
            .collect()
    });
    for (root, document, copies, read, moves) in normalised {
        origins.descriptions.push(origins::Description { file: root, copies, moves });
        let description = origins.descriptions.len() - 1;
        for mut item in read {
            origins.place_in(description, &mut item);
            warnings.push(item);
        }
        documents.push(document);
    }
    let names: Vec<String> = roots.iter().map(|r| files.sources[*r].display.clone()).collect();
    let (document, entries, merged) = timings.time("merge", || merge::merge(documents, &names));
    origins.entries = entries;
    for (description, mut item) in merged {
        origins.place_in(description, &mut item);
        warnings.push(item);
    }
    // Errors met so far stop here, before the model reads what they broke.
    let (errors, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = warnings.into_iter().partition(Diagnostic::is_error);
    problems.extend(errors);
    let sources = files.sources;
    let report = |problems: Vec<Diagnostic>, sources: &[Source]| {
        let mut diagnostics = Diagnostics::new(summary);
        diagnostics.files = sources.iter().map(|s| s.display.clone()).collect();
        diagnostics.items = problems;
        let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
        diagnostics.locate_in(&texts);
        diagnostics
    };
    if !problems.is_empty() {
        problems.extend(kept);
        return Err(report(problems, &sources));
    }
    match timings.time("model", || openapiv3::OpenAPI::deserialize(&document)) {
        Ok(api) => {
            let mut read = Vec::new();
            let others = crate::operations::read_others(&document, &mut read);
            let mut warnings = kept;
            for mut item in read {
                origins.place_item(&mut item);
                warnings.push(item);
            }
            Ok(Spec { sources, document, api, others, warnings, origins, timings })
        }
        Err(error) => {
            // Reading again through serde_path_to_error tells where the model stopped.
            let (path, message) = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
                Err(located) => (located.path().to_string(), located.into_inner().to_string()),
                Ok(_) => (String::new(), error.to_string()),
            };
            let at = path_to_pointer(&document, &path);
            let message = if path.is_empty() || path == "." { message } else { format!("{path}: {message}") };
            let mut diagnostics = report(Vec::new(), &sources);
            diagnostics.push(Diagnostic {
                code: "syntax",
                ..Diagnostic::new(at, format!("not a valid OpenAPI 3.0 description: {message}"))
            });
            origins.place(&mut diagnostics);
            let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
            diagnostics.locate_in(&texts);
            Err(diagnostics)
        }
    }
}

/// A serde path such as `components.schemas.microsoft.graph.user.type` as a JSON pointer
/// into `document`. The path's dots are ambiguous where keys hold dots, as Graph's schema
/// names do, so at each step the shortest run of parts that names a key there is taken;
/// past a part that names nothing, each part is a token of its own.
fn path_to_pointer(document: &serde_yaml::Value, path: &str) -> String {
    let parts: Vec<&str> = match path {
        "" | "." => Vec::new(),
        _ => path.split('.').map(|part| part.trim_start_matches('[').trim_end_matches(']')).collect(),
    };
    let mut out = String::new();
    let mut node = Some(document);
    let mut i = 0;
    while i < parts.len() {
        let found = node.and_then(|here| {
            (i + 1..=parts.len()).find_map(|j| {
                let token = parts[i..j].join(".");
                crate::document::resolve(here, std::slice::from_ref(&token)).map(|next| (j, token, next))
            })
        });
        match found {
            Some((j, token, next)) => {
                out = pointer(&out, &token);
                node = Some(next);
                i = j;
            }
            None => {
                out = pointer(&out, parts[i]);
                node = None;
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{parse, path_to_pointer};

    #[test]
    fn a_serde_path_through_dotted_keys_is_the_pointer_to_them() {
        let document: serde_yaml::Value =
            serde_yaml::from_str("components:\n  schemas:\n    microsoft.graph.user:\n      type: [x]\n").unwrap();
        let path = "components.schemas.microsoft.graph.user.type";
        assert_eq!(path_to_pointer(&document, path), "/components/schemas/microsoft.graph.user/type");
        assert_eq!(path_to_pointer(&document, "info.title"), "/info/title");
        assert_eq!(path_to_pointer(&document, "."), "");
    }

    #[test]
    fn json_keeps_the_order_it_was_written_in() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/z": {}, "/a": {}},
            "components": {"schemas": {"s": {"type": "object", "properties": {"zeta": {}, "alpha": {}}}}}}"#;
        let spec = parse(text.to_owned(), "t.json").unwrap_or_else(|report| panic!("{report}"));
        assert_eq!(spec.api.paths.paths.keys().collect::<Vec<_>>(), ["/z", "/a"]);
        let schema = spec.document["components"]["schemas"]["s"]["properties"].as_mapping().unwrap();
        assert_eq!(schema.keys().filter_map(|k| k.as_str()).collect::<Vec<_>>(), ["zeta", "alpha"]);
    }
}

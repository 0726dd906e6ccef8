//! Phase 1, first: a description split over several files (`$ref: common.yaml#/components/schemas/Error`,
//! `$ref: ./paths/users.yaml`) becomes one document, as if it had been written as one.
//!
//! A reference is read relative to the file it is written in. What it reaches is brought
//! into the document that is loaded: a component (`…#/components/<kind>/<name>`) becomes a
//! component of the same kind and name, or of a fresh name when the document already has a
//! different one there; any other schema becomes a schema component named after its place
//! or its file; anything else (a path item, a response) is copied where the reference was.
//! References inside what was brought in are read the same way, relative to its own file,
//! so each file's component is brought in once however many places name it. A file outside
//! the folder of the description is not read unless the user allows it, and nothing is
//! fetched from the network. Each copy is recorded, so that a report inside it names the
//! file and place it came from. A Swagger 2.0 description is bundled the same way, with
//! its own sections (`definitions`, `parameters`, `responses`) in place of `components`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::context::Context;
use super::files::Files;
use super::references::{collect, context_of, key_base, Found};
use crate::diagnostics::{pointer, Diagnostic};
use crate::document::{resolve, resolve_mut, tokens};

/// The kinds of component a reference can name.
const KINDS: &[&str] =
    &["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks", "pathItems"];

/// Swagger 2.0's sections of components, and the kind of component each holds.
const SWAGGER_SECTIONS: &[(&str, &str)] =
    &[("definitions", "schemas"), ("parameters", "parameters"), ("responses", "responses")];

/// The mapping at `path` below the document's root, made where it is missing; `None` when
/// the document holds something else there.
fn section_mut<'d>(document: &'d mut Value, path: &[&str]) -> Option<&'d mut Mapping> {
    let mut node = document;
    for token in path {
        let mapping = node.as_mapping_mut()?;
        node = mapping.entry((*token).into()).or_insert_with(|| Value::Mapping(Mapping::new()));
    }
    node.as_mapping_mut()
}

/// How references to other files may be followed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Read files outside the folder of the description that refers to them.
    pub outside: bool,
}

/// What was brought in from another file: the pointer of its place in the bundled document,
/// the file, and the pointer in that file.
#[derive(Debug, Clone)]
pub struct Copy {
    pub at: String,
    pub file: usize,
    pub pointer: String,
}

/// The document of the description `root` with every reference to another file resolved,
/// the copies that made it, and the problems met. A problem's pointer is into the bundled
/// document; `Origins` names its file.
pub fn bundle(files: &mut Files, root: usize, options: Options) -> (Value, Vec<Copy>, Vec<Diagnostic>) {
    let allowed = files.folder(root).map(|folder| folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf()));
    let document = files.take_document(root);
    let swagger = super::swagger::is_swagger(&document);
    let mut bundler = Bundler {
        files,
        root,
        allowed,
        options,
        swagger,
        placed: HashMap::new(),
        canonical: HashMap::new(),
        targets: HashMap::new(),
        in_place: HashMap::new(),
        copies: Vec::new(),
        problems: Vec::new(),
    };
    let mut document = document;
    let mut targets = Vec::new();
    other_files(&document, Context::Other, None, true, &mut targets);
    if targets.is_empty() {
        // A description in one file: its references all point into itself, and stay.
        return (document, Vec::new(), Vec::new());
    }
    bundler.read_ahead(targets);
    // Each entry is a place in the document whose references are read relative to a file.
    let mut work: Vec<(String, usize)> = vec![(String::new(), root)];
    while let Some((at, file)) = work.pop() {
        let Some(node) = resolve(&document, &tokens(&at)) else { continue };
        let mut found = Vec::new();
        let path_tokens = tokens(&at);
        let parent = path_tokens.last().map(String::as_str);
        collect(node, context_of(&path_tokens), parent, at.is_empty(), &at, &mut found);
        // The description's own pointers stay as they are; a file brought in has its
        // pointers into itself read too.
        let found = found.into_iter().filter(|f| file != root || !f.target.starts_with('#'));
        for Found { target: reference, schema, at: reference_at, mapped, .. } in found {
            let site = if mapped {
                reference_at.clone()
            } else {
                reference_at.strip_suffix("/$ref").unwrap_or(&reference_at).to_owned()
            };
            let target = match bundler.target(file, &reference) {
                Ok(target) => target,
                Err(message) => {
                    let at = if mapped { site.clone() } else { pointer(&site, "$ref") };
                    bundler.problems.push(Diagnostic::new(at, message).with_code("reference"));
                    continue;
                }
            };
            let (target_file, fragment) = target;
            let replacement = if target_file == root {
                Ok(Some((fragment.clone(), false)))
            } else {
                let kind = if schema { Some("schemas") } else { shared_kind(&tokens(&site)) };
                bundler.place(&mut document, target_file, &fragment, kind)
            };
            match replacement {
                Ok(Some((new, fresh))) => {
                    if mapped {
                        // A mapping's value is the reference itself.
                        if let Some(place) = resolve_mut(&mut document, &tokens(&site)) {
                            *place = Value::String(format!("#{new}"));
                        }
                    } else if let Some(Value::Mapping(mapping)) = resolve_mut(&mut document, &tokens(&site)) {
                        mapping.insert("$ref".into(), format!("#{new}").into());
                    }
                    if fresh {
                        work.push((new, target_file));
                    }
                }
                // A mapping names a schema, which is always placed as a component.
                Ok(None) if mapped => {}
                Ok(None) => {
                    // Copying a value into a copy of itself would never end: the site, or a
                    // place it is inside, holds a copy of the same value.
                    let ancestors = site.match_indices('/').map(|(i, _)| &site[..i]).chain([site.as_str()]);
                    let cycle = ancestors
                        .filter_map(|at| bundler.in_place.get(at))
                        .any(|(copied_file, copied)| *copied_file == target_file && *copied == fragment);
                    if cycle {
                        let message = format!("`{reference}` contains itself, so it cannot be copied in");
                        bundler.problems.push(Diagnostic::new(pointer(&site, "$ref"), message).with_code("reference"));
                        continue;
                    }
                    let Some(content) = bundler.files.value_at(target_file, &tokens(&fragment)) else {
                        let display = &bundler.files.sources[target_file].display;
                        let message = format!("`{display}#{fragment}` points at nothing");
                        bundler.problems.push(Diagnostic::new(pointer(&site, "$ref"), message).with_code("reference"));
                        continue;
                    };
                    if let Some(place) = resolve_mut(&mut document, &tokens(&site)) {
                        *place = content;
                        bundler.in_place.insert(site.clone(), (target_file, fragment.clone()));
                        bundler.copies.push(Copy { at: site.clone(), file: target_file, pointer: fragment });
                        work.push((site, target_file));
                    }
                }
                Err(message) => {
                    bundler.problems.push(Diagnostic::new(pointer(&site, "$ref"), message).with_code("reference"))
                }
            }
        }
    }
    (document, bundler.copies, bundler.problems)
}

/// The file part of every reference in `value` that names another file, as [`collect`]
/// finds references, without the pointers it makes for each: a description in one file
/// holds many thousands of references into itself and none to other files.
fn other_files(value: &Value, context: Context, parent: Option<&str>, at_root: bool, targets: &mut Vec<String>) {
    if context == Context::Data {
        return;
    }
    match value {
        Value::Mapping(mapping) => {
            let file = mapping.get("$ref").and_then(Value::as_str).and_then(|target| target.split('#').next());
            if let Some(file) = file.filter(|file| !file.is_empty()) {
                targets.push(file.to_owned());
            }
            // A discriminator's mapping may name a schema in another file.
            let mapping_values = match context {
                Context::Schema => mapping.get("discriminator").and_then(|d| d.get("mapping")).and_then(Value::as_mapping),
                _ => None,
            };
            for target in mapping_values.into_iter().flat_map(|m| m.values()).filter_map(Value::as_str) {
                let file = target.split('#').next().unwrap_or_default();
                if [".yaml", ".yml", ".json"].iter().any(|extension| file.ends_with(extension)) {
                    targets.push(file.to_owned());
                }
            }
            for (key, child) in mapping {
                let Some(key) = key.as_str() else { continue };
                other_files(child, context.child(key, at_root, parent), Some(key), false, targets);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| other_files(item, context.item(), parent, false, targets)),
        Value::Tagged(tagged) => other_files(&tagged.value, context, parent, at_root, targets),
        _ => {}
    }
}

/// The kind of component that the value at `site` is, where one written in another file is
/// placed among the components rather than copied to each place that names it: a header of
/// a response or an encoding, a parameter, a response or a request body. These are often
/// shared by hundreds of operations (a rate-limit header on every response, the same `401`
/// on every operation), and one component serves them all. A component that is itself a
/// reference stays one, to what it names.
fn shared_kind(site: &[String]) -> Option<&'static str> {
    let [first, .., section, key] = site else { return None };
    if first == "components" && site.len() == 3 || context_of(site) != Context::Other {
        return None;
    }
    match (section.as_str(), key.as_str()) {
        ("headers", _) => Some("headers"),
        ("parameters", index) if index.parse::<usize>().is_ok() => Some("parameters"),
        ("responses", status) if super::references::is_status(status) => Some("responses"),
        (_, "requestBody") => Some("requestBodies"),
        _ => None,
    }
}

/// Whether a response or request body may be shared as a component without changing a
/// name: each of its body schemas is a reference. A schema written inline in one is named
/// after the operation that has it, so such a body is copied to each operation instead.
fn names_nothing(kind: &str, content: &Value) -> bool {
    if !matches!(kind, "responses" | "requestBodies") {
        return true;
    }
    let media = content.get("content").and_then(Value::as_mapping).into_iter().flat_map(|m| m.values());
    media.filter_map(|media| media.get("schema")).all(|schema| schema.get("$ref").is_some_and(Value::is_string))
}

struct Bundler<'f> {
    files: &'f mut Files,
    root: usize,
    /// The folder files must be in, unless `options.outside`; canonical.
    allowed: Option<PathBuf>,
    /// A path as a reference joins it to its folder → the canonical path, so that a file
    /// named by ten thousand references is looked up on disk once, not each time.
    canonical: HashMap<PathBuf, Option<PathBuf>>,
    /// (file, a path written in it) → the file it names, once found.
    targets: HashMap<(usize, String), usize>,
    options: Options,
    /// The description is Swagger 2.0, whose components have sections of their own.
    swagger: bool,
    /// (file, pointer) → the pointer of the component it became.
    placed: HashMap<(usize, String), String>,
    /// A place where a copy was put instead of a reference → the file and pointer copied.
    in_place: HashMap<String, (usize, String)>,
    copies: Vec<Copy>,
    problems: Vec<Diagnostic>,
}

impl Bundler<'_> {
    /// The file and pointer a reference written in `file` names.
    fn target(&mut self, file: usize, reference: &str) -> Result<(usize, String), String> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = fragment.to_owned();
        if path.is_empty() {
            return Ok((file, fragment));
        }
        // A file names the same few files many times; finding one takes several lookups
        // by path, so each file's answer for each path is kept.
        let key = (file, path.to_owned());
        if let Some(&index) = self.targets.get(&key) {
            return Ok((index, fragment));
        }
        let index = self.file_target(file, reference, path)?;
        self.targets.insert(key, index);
        Ok((index, fragment))
    }

    /// The file that `path`, written in `file` as part of `reference`, names.
    fn file_target(&mut self, file: usize, reference: &str, path: &str) -> Result<usize, String> {
        if path.contains("://") {
            return Err(format!("`{reference}` is on the network, which is not read; save it beside the description and refer to the file"));
        }
        let Some(folder) = self.files.folder(file) else {
            return Err(format!(
                "`{reference}` names another file, but this description was given as text, not a file"
            ));
        };
        let folder = folder.to_path_buf();
        let Some(found) = self.canonical(&folder, path) else {
            return Err(format!("`{reference}` names `{}`, which does not exist", folder.join(path).display()));
        };
        if let Some(allowed) = &self.allowed {
            if !self.options.outside && !found.starts_with(allowed) {
                return Err(format!(
                    "`{reference}` is outside the description's folder `{}`; pass `--allow-outside-refs` to read it",
                    allowed.display()
                ));
            }
        }
        let display = match self.files.index_of(&found) {
            Some(index) => self.files.sources[index].display.clone(),
            None => crate::display_path(&found),
        };
        let index = self.files.read_canonical(found, &display).map_err(|problem| problem.message)?;
        if index != self.root && !self.files.is_document(index) {
            return Err(format!("`{}` is not a YAML or JSON document", display));
        }
        Ok(index)
    }

    /// Reads every file that `targets`, the files the description's references name, and
    /// the references of those files name, round by round, each round's files side by side. Files are most of a split
    /// description's loading time, and which files the bundle will need is known from
    /// their references before it places anything. Only what [`Bundler::target`] would
    /// read is read; a file that is not used after all is only listed with the others.
    fn read_ahead(&mut self, targets: Vec<String>) {
        let mut round = self.files_of(self.root, targets);
        while !round.is_empty() {
            let added = self.files.read_ahead(round);
            round = Vec::new();
            let mut named = std::collections::HashSet::new();
            for index in added {
                let mut targets = Vec::new();
                other_files(self.files.document(index), Context::Other, None, false, &mut targets);
                round.extend(self.files_of(index, targets).into_iter().filter(|(path, _)| named.insert(path.clone())));
            }
        }
    }

    /// The files, not yet read, that the paths `targets` written in `file` name, with
    /// their names for messages; in the order found, each once.
    fn files_of(&mut self, file: usize, targets: Vec<String>) -> Vec<(PathBuf, String)> {
        let Some(folder) = self.files.folder(file).map(Path::to_path_buf) else { return Vec::new() };
        let mut named = Vec::new();
        for path in targets {
            if path.contains("://") {
                continue;
            }
            let Some(found) = self.canonical(&folder, &path) else { continue };
            let outside = self.allowed.as_ref().is_some_and(|allowed| !found.starts_with(allowed));
            if (outside && !self.options.outside) || self.files.index_of(&found).is_some() {
                continue;
            }
            if !named.iter().any(|(p, _): &(PathBuf, String)| *p == found) {
                let display = crate::display_path(&found);
                named.push((found, display));
            }
        }
        named
    }

    /// The canonical path of `path` written in a file of `folder`; `None` when there is no
    /// such file.
    fn canonical(&mut self, folder: &Path, path: &str) -> Option<PathBuf> {
        self.canonical.entry(folder.join(path)).or_insert_with_key(|wanted| wanted.canonicalize().ok()).clone()
    }

    /// Where what `file#fragment` names goes as a component: its pointer, and whether it
    /// was put there now. `None` when it is copied in place instead.
    fn place(
        &mut self,
        document: &mut Value,
        file: usize,
        fragment: &str,
        kind: Option<&'static str>,
    ) -> Result<Option<(String, bool)>, String> {
        if let Some(done) = self.placed.get(&(file, fragment.to_owned())) {
            return Ok(Some((done.clone(), false)));
        }
        let path = tokens(fragment);
        let display = self.files.sources[file].display.clone();
        let Some(content) = self.files.value_at(file, &path) else {
            return Err(format!("`{display}#{fragment}` points at nothing"));
        };
        let (kind, base) = match &path[..] {
            [components, kind, name] if components == "components" && KINDS.contains(&kind.as_str()) => {
                (kind.clone(), name.clone())
            }
            [section, name] if self.swagger && SWAGGER_SECTIONS.iter().any(|(s, _)| s == section) => {
                let kind = SWAGGER_SECTIONS.iter().find(|(s, _)| s == section).map_or("schemas", |(_, k)| k);
                (kind.to_owned(), name.clone())
            }
            _ if kind.is_some_and(|kind| names_nothing(kind, &content)) => {
                let base = if path.is_empty() {
                    Path::new(&display).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
                } else {
                    let title = if kind == Some("schemas") { content.get("title").and_then(Value::as_str) } else { None };
                    key_base(&path, title)
                };
                (kind.unwrap_or("schemas").to_owned(), base)
            }
            _ => return Ok(None),
        };
        let section_path: Vec<&str> = if self.swagger {
            match SWAGGER_SECTIONS.iter().find(|(_, k)| *k == kind) {
                Some((section, _)) => vec![section],
                // Swagger 2.0 has no section for other kinds: they are copied in place.
                None => return Ok(None),
            }
        } else {
            vec!["components", &kind]
        };
        let Some(section) = section_mut(document, &section_path) else {
            return Err(format!("the description's `{}` is not a mapping", section_path.join("/")));
        };
        // The same component written in both places is one; another one of that name keeps
        // its own, and this one is named after its file (`types_ErrorResponse`, the type
        // `TypesErrorResponse`), then its folders (`v5_types_ErrorResponse`), and only then
        // numbered.
        let folders: Vec<String> = Path::new(&display)
            .with_extension("")
            .iter()
            .rev()
            .map(|part| part.to_string_lossy().replace(['.', '-', ' '], "_"))
            .filter(|part| !part.is_empty() && part != ".." && part != "." && part != "/")
            .take(3)
            .collect();
        let namespaced = (1..=folders.len()).map(|n| {
            let mut parts: Vec<&str> = folders[..n].iter().rev().map(String::as_str).collect();
            parts.push(&base);
            parts.join("_")
        });
        let mut candidates =
            std::iter::once(base.clone()).chain(namespaced).chain((2..).map(|n| format!("{base}_{n}")));
        let (name, fresh) = loop {
            let Some(name) = candidates.next() else { return Err(format!("`{display}#{fragment}` has no free name")) };
            match section.get(name.as_str()) {
                None => break (name, true),
                Some(existing) if *existing == content => break (name, false),
                Some(_) => {}
            }
        };
        let at = section_path.iter().chain([&name.as_str()]).fold(String::new(), |at, token| pointer(&at, token));
        if fresh {
            section.insert(Value::String(name), content);
            self.copies.push(Copy { at: at.clone(), file, pointer: fragment.to_owned() });
        }
        self.placed.insert((file, fragment.to_owned()), at.clone());
        Ok(Some((at, fresh)))
    }
}

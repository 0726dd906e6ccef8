//! Phase 1, last: several descriptions become one document, from which one crate is made.
//!
//! Microsoft publishes Graph as modules, each a slice of the same API carrying copies of
//! the schemas it needs; in a whole vintage (v1.0 and beta of January 2023) no two copies of
//! a component differ and no path is written two ways. So the rule is: what is written the
//! same is one; what differs is kept apart where it can be and reported either way.
//! - Paths are unioned; a path in several descriptions has the union of their operations.
//!   Two different operations for one method and path cannot both be kept: an error.
//! - Components of one name and definition are one. Schemas whose copies evolved apart
//!   (properties or enum members one lacks, other documentation) are one schema that holds
//!   both (`combine.rs`), with a warning at each copy that differs. A later description's
//!   other different component of a taken name is renamed (`Error_2`) with every reference
//!   to it in that description, so each description's operations keep the types they were
//!   written with; a warning names both places. Security schemes are named by requirements, not
//!   references, so a different one keeps the first's, with a warning.
//! - Tags are unioned by name. Servers, top-level security and extensions (`x-rust-crate`)
//!   are the first description's that has them; a different later one is a warning. `info`
//!   is the first description's.

use serde_yaml::{Mapping, Value};

use super::combine::{combine, Changes};
use crate::diagnostics::{pointer, Diagnostic};
use crate::document::key_text;

/// Where an entry of the merged document came from: (its pointer there, the description,
/// its pointer in that description's document).
pub type Entry = (String, usize, String);

/// A problem found while merging, in the coordinates of description `root`'s document.
pub type Problem = (usize, Diagnostic);

/// Merges `documents` (description index, document) in order; `names` are the descriptions'
/// names for messages.
pub fn merge(mut documents: Vec<Value>, names: &[String]) -> (Value, Vec<Entry>, Vec<Problem>) {
    let mut merged = if documents.is_empty() { Value::Mapping(Mapping::new()) } else { documents.remove(0) };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    if !merged.is_mapping() {
        merged = Value::Mapping(Mapping::new());
    }
    for (offset, mut document) in documents.into_iter().enumerate() {
        let index = offset + 1;
        let mut merge = Merge { index, names, entries: &mut entries, problems: &mut problems };
        merge.rename_conflicts(&mut merged, &mut document);
        let (Value::Mapping(into), Value::Mapping(from)) = (&mut merged, document) else { continue };
        merge.document(into, from);
    }
    (merged, entries, problems)
}

struct Merge<'m> {
    index: usize,
    names: &'m [String],
    entries: &'m mut Vec<Entry>,
    problems: &'m mut Vec<Problem>,
}

impl Merge<'_> {
    /// Which description an entry of the merged document is from.
    fn origin(&self, at: &str) -> &str {
        let from = self.entries.iter().rev().find(|(e, _, _)| at == e || at.starts_with(&format!("{e}/")));
        &self.names[from.map_or(0, |(_, index, _)| *index)]
    }

    fn warn(&mut self, code: &'static str, at: &str, message: String) {
        self.problems.push((self.index, Diagnostic::warning(code, at, message)));
    }

    fn keep(&mut self, at: &str) {
        self.entries.push((at.to_owned(), self.index, at.to_owned()));
    }

    /// Combines the schemas of `document` that `merged` has with another definition, where
    /// one schema holds both (see `combine.rs`); renames the other components of `document`
    /// whose names `merged` has with another definition, and the references to them, until
    /// none is left: a renamed component changes those that refer to it.
    fn rename_conflicts(&mut self, merged: &mut Value, document: &mut Value) {
        let mut renamed: Vec<(String, String, String)> = Vec::new();
        loop {
            let mut round = Vec::new();
            let mut combined = Vec::new();
            let Some(components) = document.get("components").and_then(Value::as_mapping) else { return };
            for (kind, section) in components {
                let Some(kind) = kind.as_str().filter(|k| *k != "securitySchemes") else { continue };
                for (name, definition) in section.as_mapping().into_iter().flatten() {
                    let Some(name) = key_text(name) else { continue };
                    let theirs = merged.get("components").and_then(|c| c.get(kind)).and_then(|s| s.get(name.as_str()));
                    let Some(theirs) = theirs.filter(|theirs| *theirs != definition) else { continue };
                    let mut changes = Changes::default();
                    if let Some(one) = (kind == "schemas").then(|| combine(theirs, definition, &mut changes)).flatten() {
                        combined.push((name, one, changes));
                        continue;
                    }
                    let taken = |candidate: &str| {
                        let in_section = |doc: &Value| {
                            doc.get("components").and_then(|c| c.get(kind)).and_then(|s| s.get(candidate)).is_some()
                        };
                        in_section(merged) || in_section(document)
                    };
                    let mut n = 2;
                    let mut fresh = format!("{name}_{n}");
                    while taken(&fresh) {
                        n += 1;
                        fresh = format!("{name}_{n}");
                    }
                    round.push((kind.to_owned(), name, fresh));
                }
            }
            for (name, one, changes) in combined {
                let at = pointer("/components/schemas", &name);
                let first = self.origin(&at).to_owned();
                for doc in [&mut *merged, &mut *document] {
                    if let Some(Value::Mapping(schemas)) = doc.get_mut("components").and_then(|c| c.get_mut("schemas")) {
                        schemas.insert(Value::String(name.clone()), one.clone());
                    }
                }
                let mut held = Vec::new();
                if !changes.properties.is_empty() {
                    held.push(format!("the properties `{}` one copy lacks", changes.properties.join("`, `")));
                }
                if changes.members > 0 {
                    held.push(format!("{} enum members one copy lacks", changes.members));
                }
                if changes.other || held.is_empty() {
                    held.push("other documentation, limits or nullability".to_owned());
                }
                let message =
                    format!("`{name}` differs from the copy read before, first in {first}; one type holds both ({})", held.join("; "));
                self.warn("merge-combined", &at, message);
            }
            if round.is_empty() {
                break;
            }
            for (kind, old, new) in &round {
                rename(document, kind, old, new);
            }
            renamed.extend(round);
        }
        for (kind, old, new) in renamed {
            let at = pointer(&pointer("/components", &kind), &new);
            let first = self.origin(&pointer(&pointer("/components", &kind), &old)).to_owned();
            self.entries.push((at.clone(), self.index, pointer(&pointer("/components", &kind), &old)));
            let message = format!(
                "`{old}` is defined otherwise in {first}; this one is read as `{new}`, with the references to it here"
            );
            self.problems.push((
                self.index,
                Diagnostic::warning("merge-renamed", pointer(&pointer("/components", &kind), &old), message),
            ));
        }
    }

    fn document(&mut self, into: &mut Mapping, from: Mapping) {
        for (key, value) in from {
            let Some(name) = key_text(&key) else { continue };
            let at = pointer("", &name);
            match name.as_str() {
                "paths" | "webhooks" => self.paths(into, key, value, &at),
                "components" => self.components(into, key, value),
                "tags" => self.tags(into, key, value),
                "openapi" | "info" | "jsonSchemaDialect" | "externalDocs" => {}
                _ => match into.get(&key) {
                    None => {
                        into.insert(key, value);
                        self.keep(&at);
                    }
                    Some(existing) if *existing == value => {}
                    Some(_) => {
                        let first = self.origin(&at).to_owned();
                        self.warn("merge-conflict", &at, format!("`{name}` differs from {first}'s, which is kept"));
                    }
                },
            }
        }
    }

    fn paths(&mut self, into: &mut Mapping, key: Value, value: Value, at: &str) {
        let section = into.entry(key).or_insert_with(|| Value::Mapping(Mapping::new()));
        let (Value::Mapping(section), Value::Mapping(paths)) = (section, value) else { return };
        for (path, item) in paths {
            let Some(path_text) = key_text(&path) else { continue };
            let item_at = pointer(at, &path_text);
            let Some(existing) = section.get_mut(&path) else {
                section.insert(path, item);
                self.keep(&item_at);
                continue;
            };
            if *existing == item {
                continue;
            }
            let (Value::Mapping(existing), Value::Mapping(item)) = (existing, item) else { continue };
            for (field, value) in item {
                let Some(field_text) = key_text(&field) else { continue };
                let field_at = pointer(&item_at, &field_text);
                match existing.get(&field) {
                    None => {
                        existing.insert(field, value);
                        self.keep(&field_at);
                    }
                    Some(theirs) if *theirs == value => {}
                    Some(_) if crate::operations::FIXED.contains(&field_text.as_str()) => {
                        let first = self.origin(&field_at).to_owned();
                        let message = format!(
                            "{first} has another `{} {path_text}`; one path and method is one operation",
                            field_text.to_uppercase()
                        );
                        self.problems
                            .push((self.index, Diagnostic::new(field_at, message).with_code("merge-conflict")));
                    }
                    Some(_) => {
                        let first = self.origin(&field_at).to_owned();
                        self.warn(
                            "merge-conflict",
                            &field_at,
                            format!("`{field_text}` of `{path_text}` differs from {first}'s, which is kept"),
                        );
                    }
                }
            }
        }
    }

    fn components(&mut self, into: &mut Mapping, key: Value, value: Value) {
        let components = into.entry(key).or_insert_with(|| Value::Mapping(Mapping::new()));
        let (Value::Mapping(components), Value::Mapping(kinds)) = (components, value) else { return };
        for (kind, section) in kinds {
            let Some(kind_text) = key_text(&kind) else { continue };
            let kind_at = pointer("/components", &kind_text);
            let into_section = components.entry(kind).or_insert_with(|| Value::Mapping(Mapping::new()));
            let (Value::Mapping(into_section), Value::Mapping(section)) = (into_section, section) else { continue };
            for (name, definition) in section {
                let Some(name_text) = key_text(&name) else { continue };
                let at = pointer(&kind_at, &name_text);
                match into_section.get(&name) {
                    None => {
                        into_section.insert(name, definition);
                        // A renamed component already has its entry.
                        if !self.entries.iter().any(|(e, index, _)| *e == at && *index == self.index) {
                            self.keep(&at);
                        }
                    }
                    Some(existing) if *existing == definition => {}
                    Some(_) => {
                        let first = self.origin(&at).to_owned();
                        self.warn(
                            "merge-conflict",
                            &at,
                            format!("`{name_text}` differs from {first}'s, which is kept"),
                        );
                    }
                }
            }
        }
    }

    fn tags(&mut self, into: &mut Mapping, key: Value, value: Value) {
        let tags = into.entry(key).or_insert_with(|| Value::Sequence(Vec::new()));
        let (Value::Sequence(tags), Value::Sequence(new)) = (tags, value) else { return };
        for (i, tag) in new.into_iter().enumerate() {
            let name = tag.get("name").cloned();
            match tags.iter().find(|t| t.get("name") == name.as_ref()) {
                None => {
                    let at = pointer("/tags", &tags.len().to_string());
                    self.entries.push((at, self.index, pointer("/tags", &i.to_string())));
                    tags.push(tag);
                }
                Some(existing) if *existing == tag => {}
                Some(_) => {
                    let name = name.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned();
                    self.warn(
                        "merge-conflict",
                        &pointer("/tags", &i.to_string()),
                        format!("the tag `{name}` is described otherwise before; the first is kept"),
                    );
                }
            }
        }
    }
}

/// Renames the component `kind/old` of `document` to `new`, with every reference to it:
/// `$ref`s and discriminator mappings.
fn rename(document: &mut Value, kind: &str, old: &str, new: &str) {
    let escape = |name: &str| name.replace('~', "~0").replace('/', "~1");
    let from = format!("#/components/{kind}/{}", escape(old));
    let to = format!("#/components/{kind}/{}", escape(new));
    if let Some(Value::Mapping(section)) = document.get_mut("components").and_then(|c| c.get_mut(kind)) {
        if let Some(definition) = section.shift_remove(old) {
            section.insert(Value::String(new.to_owned()), definition);
        }
    }
    fn walk(value: &mut Value, from: &str, to: &str, in_mapping: bool) {
        match value {
            Value::Mapping(mapping) => {
                for (key, child) in mapping.iter_mut() {
                    let reference = key.as_str() == Some("$ref") || in_mapping;
                    if reference && child.as_str() == Some(from) {
                        *child = to.into();
                    } else {
                        walk(child, from, to, key.as_str() == Some("mapping"));
                    }
                }
            }
            Value::Sequence(items) => items.iter_mut().for_each(|item| walk(item, from, to, false)),
            Value::Tagged(tagged) => walk(&mut tagged.value, from, to, false),
            _ => {}
        }
    }
    walk(document, &from, &to, false);
}

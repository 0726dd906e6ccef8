//! Phase 1, continued: a `$ref` may be any JSON pointer into the document, such as
//! `#/components/schemas/Tag/allOf/0` or `#/components/responses/Conflict/content/application~1json/schema`.
//!
//! The rest of the generator names types by component, so each schema such a pointer
//! reaches is moved into `components/schemas` under a name made from the pointer, its old
//! place refers to it, and every reference to the pointer is rewritten. The schema is the
//! same, one type serves every place, and recursion through the pointer still works. A
//! pointer to a parameter, response or other non-schema object is replaced by a copy of
//! what it points at, as those cannot contain themselves. So is a reference to a component
//! of the wrong kind, such as a response that names `#/components/requestBodies/…`, which
//! has the same shape; that one is a warning. The inline body schema of each 3.1 webhook
//! is moved the same way, so that it becomes a type.

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::context::Context;
use crate::diagnostics::Diagnostic;
use crate::document::{key_text, resolve, resolve_mut, tokens};

/// A reference found in the document: what it points at, whether it stands for a schema,
/// and the kind of component its place calls for, where that is known.
pub(super) struct Found {
    pub(super) target: String,
    pub(super) schema: bool,
    expected: Option<&'static str>,
    /// The pointer of the `$ref`, or of the string itself for a discriminator's mapping.
    pub(super) at: String,
    /// The reference is a value of a discriminator's `mapping`, a string that is a
    /// reference by itself rather than a `$ref` object.
    pub(super) mapped: bool,
}

impl Found {
    /// Whether the reference is replaced by a copy of its target.
    fn is_copied(&self) -> bool {
        !self.mapped && !self.schema && (is_internal(&self.target) || self.wrong_kind().is_some())
    }

    /// The component kind the reference names, when its place calls for another.
    fn wrong_kind(&self) -> Option<&str> {
        let expected = self.expected?;
        let kind = self.target.strip_prefix("#/components/")?.split('/').next()?;
        (kind != expected).then_some(kind)
    }
}

/// The kind of component a reference under `parent` calls for: a response under a status
/// code, a request body under `requestBody`, a parameter in `parameters`.
fn expected_kind(parent: Option<&str>) -> Option<&'static str> {
    let parent = parent?;
    match parent {
        _ if is_status(parent) => Some("responses"),
        "requestBody" => Some("requestBodies"),
        "parameters" => Some("parameters"),
        _ => None,
    }
}

/// Whether a key of `responses` is a status: `default`, `404` or a range such as `4XX`.
pub(super) fn is_status(key: &str) -> bool {
    key == "default" || (key.len() == 3 && key.bytes().all(|b| b.is_ascii_digit() || b == b'X' || b == b'x'))
}

/// Moves every schema an internal pointer reaches into `components/schemas` and inlines
/// every other object one reaches; see the module documentation.
///
/// Each move is recorded in `moves` as (the component's pointer, the pointer it came from),
/// so that reports can name the place in the original text.
pub fn hoist(document: &mut Value, warnings: &mut Vec<Diagnostic>, moves: &mut Vec<(String, String)>) {
    let mut found = Vec::new();
    collect(document, Context::Other, None, true, "", &mut found);
    // Each target with the name its component gets, when not one made from the pointer.
    let mut schema_targets: Vec<(String, Option<String>)> = found
        .iter()
        .filter(|f| f.schema && !f.mapped && is_internal(&f.target))
        .map(|f| (f.target.clone(), None))
        .collect();
    schema_targets.extend(webhook_bodies(document));
    if schema_targets.is_empty() && !found.iter().any(Found::is_copied) {
        return;
    }
    // Deeper pointers first: when a pointer inside another's target is moved first, the
    // outer target is copied with a reference in its place.
    schema_targets.sort_by(|(a, _), (b, _)| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    schema_targets.dedup_by(|(a, _), (b, _)| a == b);
    let mut moved: IndexMap<String, String> = IndexMap::new();
    for (target, name) in schema_targets {
        let tokens = tokens(&target);
        if context_of(&tokens) != Context::Schema {
            continue;
        }
        let Some(value) = resolve(document, &tokens).cloned() else { continue };
        let title = value.get("title").and_then(Value::as_str);
        let key = fresh_key(document, &name.unwrap_or_else(|| key_base(&tokens, title)));
        let reference = format!("#/components/schemas/{}", key.replace('~', "~0").replace('/', "~1"));
        if let Some(place) = resolve_mut(document, &tokens) {
            *place = single_reference(&reference);
        }
        if let Some(schemas) = schemas_mut(document) {
            schemas.insert(Value::String(key), value);
        }
        moves.push((reference.trim_start_matches('#').to_owned(), target.trim_start_matches('#').to_owned()));
        moved.insert(target, reference);
    }
    rewrite(document, &moved);
    // Other objects are copied in; a copy may itself be an internal reference, so a few rounds.
    for _ in 0..8 {
        let mut copies: IndexMap<String, Value> = IndexMap::new();
        let mut pending = Vec::new();
        collect(document, Context::Other, None, true, "", &mut pending);
        for found in pending.iter().filter(|f| f.is_copied()) {
            if let Some(kind) = found.wrong_kind() {
                warnings.push(Diagnostic::warning(
                    "reference-kind",
                    found.at.clone(),
                    format!(
                        "a {} refers to `{}`, a component of `{kind}`; it is read as a copy",
                        match found.expected {
                            Some("requestBodies") => "request body",
                            Some("parameters") => "parameter",
                            _ => "response",
                        },
                        found.target
                    ),
                ));
            }
            if let Some(value) = resolve(document, &tokens(&found.target)) {
                copies.insert(found.target.clone(), value.clone());
            }
        }
        if copies.is_empty() || !inline(document, &copies, Context::Other, None, true) {
            break;
        }
    }
}

/// The inline schema of each webhook's request body (3.1), with the name its component
/// gets, `<name>_webhook`, so that a client has a type to read what the server sends. A
/// webhook is not a request the client makes, so it has no builder.
fn webhook_bodies(document: &Value) -> Vec<(String, Option<String>)> {
    let mut bodies = Vec::new();
    let Some(webhooks) = document.get("webhooks").and_then(Value::as_mapping) else { return bodies };
    for (name, item) in webhooks {
        let Some(name) = key_text(name) else { continue };
        for (method, operation) in item.as_mapping().into_iter().flatten() {
            let content = operation.get("requestBody").and_then(|b| b.get("content")).and_then(Value::as_mapping);
            for (media_type, media) in content.into_iter().flatten() {
                if media.get("schema").is_some_and(|schema| schema.get("$ref").is_none()) {
                    let tokens = [name.as_str(), method.as_str().unwrap_or_default(), "requestBody", "content"]
                        .into_iter()
                        .chain([media_type.as_str().unwrap_or_default(), "schema"]);
                    let at = tokens.fold("#/webhooks".to_owned(), |at, token| crate::diagnostics::pointer(&at, token));
                    bodies.push((at, Some(format!("{name}_webhook"))));
                }
            }
        }
    }
    bodies
}

/// Whether a reference is a pointer into this document that does not name a component.
fn is_internal(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("#/") else { return false };
    let parts: Vec<&str> = rest.split('/').collect();
    !(parts.len() == 3 && parts[0] == "components")
}

fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// The context of the value at `tokens`.
pub(super) fn context_of(tokens: &[String]) -> Context {
    let mut context = Context::Other;
    let mut parent: Option<&str> = None;
    for (i, token) in tokens.iter().enumerate() {
        context = context.child(token, i == 0, parent);
        parent = Some(token);
    }
    context
}

fn schemas_mut(document: &mut Value) -> Option<&mut Mapping> {
    components_mut(document, "schemas")
}

/// The document's `components/<kind>`, made when it is missing; `None` when the document
/// holds something else there.
pub(super) fn components_mut<'d>(document: &'d mut Value, kind: &str) -> Option<&'d mut Mapping> {
    let root = document.as_mapping_mut()?;
    let components = root.entry("components".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
    let components = components.as_mapping_mut()?;
    components.entry(kind.into()).or_insert_with(|| Value::Mapping(Mapping::new())).as_mapping_mut()
}

fn single_reference(reference: &str) -> Value {
    let mut mapping = Mapping::new();
    mapping.insert("$ref".into(), reference.into());
    Value::Mapping(mapping)
}

/// A component name for the schema at `tokens`, made from the pointer without its
/// structural words: `components/responses/Conflict/content/application~1json/schema` →
/// `Conflict`. A schema key's dots are kept, so the type stays in its namespace. A member
/// of an `allOf`, `oneOf` or `anyOf` is named by its `title`, or else by its place in words:
/// `Tag/allOf/0` → `Tag_base`, `Tag/allOf/1` → `Tag_second_part`, `Value/oneOf/2` →
/// `Value_third_choice`; the index of a member the pointer passes through is left out.
pub(super) fn key_base(tokens: &[String], title: Option<&str>) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "responses",
        "requestBodies",
        "parameters",
        "headers",
        "properties",
        "$defs",
        "definitions",
        "allOf",
        "oneOf",
        "anyOf",
        "schema",
        "content",
        "paths",
        "not",
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut previous = "";
    for (i, token) in tokens.iter().enumerate() {
        let member = ["allOf", "oneOf", "anyOf"].contains(&previous) && token.parse::<usize>().is_ok();
        let skip = STRUCTURE.contains(&token.as_str()) || previous == "content" || (member && i + 1 < tokens.len());
        let keyword = previous;
        previous = token;
        if skip {
            continue;
        }
        let part = match token.as_str() {
            _ if member => member_name(keyword, token, title),
            // A response's status is named by what it means: `…/get/responses/200/…` is the
            // get's response, `…/401/…` its `unauthorized` one.
            _ if keyword == "responses" => status_word(token),
            "items" => "item".to_owned(),
            "additionalProperties" => "value".to_owned(),
            // The schema's own key keeps its namespace; every other part is one word.
            _ if i == 2 && tokens[0] == "components" && tokens[1] == "schemas" => token.clone(),
            _ => words(token),
        };
        if !part.is_empty() {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        "schema".to_owned()
    } else {
        parts.join("_")
    }
}

/// A response's status as a word: `response` for a success, else its reason phrase
/// (`unauthorized`), or the status's text where it has none (`default`).
fn status_word(status: &str) -> String {
    match status.parse::<u16>().ok().and_then(|code| http::StatusCode::from_u16(code).ok()) {
        Some(code) if code.is_success() => "response".to_owned(),
        Some(code) => {
            code.canonical_reason().map_or_else(|| words(status), |reason| words(&reason.to_ascii_lowercase()))
        }
        None if status.eq_ignore_ascii_case("2XX") => "response".to_owned(),
        None => words(status),
    }
}

/// The name of the member `index` of an `allOf`, `oneOf` or `anyOf` (`keyword`), as
/// [`key_base`] gives it.
fn member_name(keyword: &str, index: &str, title: Option<&str>) -> String {
    const ORDINALS: &[&str] = &[
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(title) = title.map(words).filter(|t| !t.is_empty()) {
        return title;
    }
    let n: usize = index.parse().unwrap_or(0);
    match (keyword, ORDINALS.get(n)) {
        ("allOf", _) if n == 0 => "base".to_owned(),
        ("allOf", Some(ordinal)) => format!("{ordinal}_part"),
        (_, Some(ordinal)) => format!("{ordinal}_choice"),
        (_, None) => index.to_owned(),
    }
}

/// The words of `text`, letters and digits, joined by `_`: one part of a component name.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

/// `base`, or `base_2`, `base_3`, … when a component schema has that name.
fn fresh_key(document: &Value, base: &str) -> String {
    let taken =
        |key: &str| resolve(document, &["components".to_owned(), "schemas".to_owned(), key.to_owned()]).is_some();
    let mut key = base.to_owned();
    let mut n = 2;
    while taken(&key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

/// Every `$ref` of the document with whether it stands for a schema; `at` is the
/// pointer of `value`.
pub(super) fn collect(
    value: &Value,
    context: Context,
    parent: Option<&str>,
    at_root: bool,
    at: &str,
    found: &mut Vec<Found>,
) {
    collect_at(value, context, parent, at_root, &mut at.to_owned(), found);
}

/// [`collect`], with `at` the pointer of `value`, which is extended for each child and
/// cut back after it.
fn collect_at(
    value: &Value,
    context: Context,
    parent: Option<&str>,
    at_root: bool,
    at: &mut String,
    found: &mut Vec<Found>,
) {
    // Data holds no references, only keys that look like them.
    if context == Context::Data {
        return;
    }
    match value {
        Value::Mapping(mapping) => {
            // In a map of schemas, `$ref` with a schema is a property of that name, and
            // with a string a reference that stands for the whole map, as JSON Reference
            // lets it stand anywhere; the map is then copied in.
            if let Some(target) = mapping.get("$ref").and_then(Value::as_str) {
                found.push(Found {
                    target: target.to_owned(),
                    schema: context == Context::Schema,
                    expected: if context == Context::Other { expected_kind(parent) } else { None },
                    at: crate::diagnostics::pointer(at, "$ref"),
                    mapped: false,
                });
            }
            if context == Context::Schema {
                collect_mapping(mapping, at, found);
            }
            for (key, child) in mapping {
                let key = match key {
                    Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
                    other => match key_text(other) {
                        Some(text) => std::borrow::Cow::Owned(text),
                        None => continue,
                    },
                };
                let length = at.len();
                crate::diagnostics::push_token(at, &key);
                collect_at(child, context.child(&key, at_root, parent), Some(&key), false, at, found);
                at.truncate(length);
            }
        }
        Value::Sequence(items) => {
            let context = context.item();
            for (i, item) in items.iter().enumerate() {
                let length = at.len();
                // An index needs no escaping.
                let _ = std::fmt::Write::write_fmt(at, format_args!("/{i}"));
                collect_at(item, context, parent, false, at, found);
                at.truncate(length);
            }
        }
        Value::Tagged(tagged) => collect_at(&tagged.value, context, parent, at_root, at, found),
        _ => {}
    }
}

/// The values of a schema's discriminator `mapping` that are references rather than
/// schema names: those with a `#` or a file's extension, as a name has neither.
fn collect_mapping(schema: &Mapping, at: &str, found: &mut Vec<Found>) {
    let Some(mapping) = schema.get("discriminator").and_then(|d| d.get("mapping")).and_then(Value::as_mapping) else {
        return;
    };
    let at = crate::diagnostics::pointer(&crate::diagnostics::pointer(at, "discriminator"), "mapping");
    for (key, value) in mapping {
        let (Some(key), Some(target)) = (key_text(key), value.as_str()) else { continue };
        let file = [".yaml", ".yml", ".json"].iter().any(|e| target.split('#').next().unwrap_or_default().ends_with(e));
        if target.contains('#') || file {
            found.push(Found {
                target: target.to_owned(),
                schema: true,
                expected: None,
                at: crate::diagnostics::pointer(&at, &key),
                mapped: true,
            });
        }
    }
}

/// Rewrites every `$ref` whose target moved.
fn rewrite(value: &mut Value, moved: &IndexMap<String, String>) {
    match value {
        Value::Mapping(mapping) => {
            if let Some(Value::String(target)) = mapping.get_mut("$ref") {
                if let Some(new) = moved.get(target.as_str()) {
                    *target = new.clone();
                }
            }
            for (_, child) in mapping.iter_mut() {
                rewrite(child, moved);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| rewrite(item, moved)),
        Value::Tagged(tagged) => rewrite(&mut tagged.value, moved),
        _ => {}
    }
}

/// Replaces each non-schema reference to one of `copies` by the copy; says whether any was.
fn inline(
    value: &mut Value,
    copies: &IndexMap<String, Value>,
    context: Context,
    parent: Option<&str>,
    at_root: bool,
) -> bool {
    if let Value::Mapping(mapping) = value {
        if !matches!(context, Context::Schema | Context::Data) {
            if let Some(copy) = mapping.get("$ref").and_then(Value::as_str).and_then(|t| copies.get(t)) {
                *value = copy.clone();
                return true;
            }
        }
    }
    let mut changed = false;
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping.iter_mut() {
                let Some(key) = key_text(key) else { continue };
                let child_context = context.child(&key, at_root, parent);
                changed |= inline(child, copies, child_context, Some(&key), false);
            }
        }
        Value::Sequence(items) => {
            let context = context.item();
            for item in items {
                changed |= inline(item, copies, context, parent, false);
            }
        }
        Value::Tagged(tagged) => changed |= inline(&mut tagged.value, copies, context, parent, at_root),
        _ => {}
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::hoist;

    #[test]
    fn pointers_into_schemas_and_responses_become_components_that_both_places_share() {
        let text = r##"
openapi: 3.0.3
paths:
  /a:
    get:
      parameters:
        - $ref: '#/paths/~1b/get/parameters/0'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tag/allOf/0'}
        '409': {$ref: '#/components/responses/Conflict'}
        '410': {$ref: '#/components/requestBodies/Gone'}
  /b:
    get:
      parameters:
        - {name: q, in: query, schema: {$ref: '#/components/responses/Conflict/content/application~1json/schema'}}
components:
  requestBodies:
    Gone: {description: gone, content: {text/plain: {schema: {type: string}}}}
  responses:
    Conflict:
      description: conflict
      content:
        application/json:
          schema: {type: object, properties: {name: {$ref: '#/components/schemas/Tag/properties/name'}}}
  schemas:
    Tag:
      allOf:
        - {type: object, properties: {id: {type: integer}}}
      properties:
        name: {type: string}
      example: {$ref: '#/not/a/reference'}
"##;
        let mut document: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let mut warnings = Vec::new();
        hoist(&mut document, &mut warnings, &mut Vec::new());
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Tag_base"]["properties"]["id"]["type"], "integer");
        assert_eq!(schemas["Tag"]["allOf"][0]["$ref"], "#/components/schemas/Tag_base");
        assert_eq!(schemas["Tag_name"]["type"], "string");
        assert_eq!(schemas["Tag"]["properties"]["name"]["$ref"], "#/components/schemas/Tag_name");
        let response = &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(response["schema"]["$ref"], "#/components/schemas/Tag_base");
        // The schema inside the response moved too, with the reference inside it rewritten.
        assert_eq!(schemas["Conflict"]["properties"]["name"]["$ref"], "#/components/schemas/Tag_name");
        let conflict = &document["components"]["responses"]["Conflict"]["content"]["application/json"]["schema"];
        assert_eq!(conflict["$ref"], "#/components/schemas/Conflict");
        // A parameter pointer is replaced by a copy; component references and data stay.
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["name"], "q");
        assert_eq!(document["paths"]["/a"]["get"]["responses"]["409"]["$ref"], "#/components/responses/Conflict");
        assert_eq!(schemas["Tag"]["example"]["$ref"], "#/not/a/reference");
        // A response that names a request body gets a copy of it, and a warning.
        assert_eq!(document["paths"]["/a"]["get"]["responses"]["410"]["description"], "gone");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].pointer, "/paths/~1a/get/responses/410/$ref");
        assert!(
            warnings[0].message.starts_with("a response refers to `#/components/requestBodies/Gone`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_reference_may_stand_for_a_whole_map_of_properties() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
x-shared:
  attributes: {droplet_ids: {type: array, items: {type: integer}}, name: {type: string}}
components:
  schemas:
    Balancer: {type: object, properties: {$ref: '#/x-shared/attributes'}}
    Named: {type: object, properties: {$ref: {type: string}}}
"#;
        let spec = crate::load::parse(text.to_owned(), "t.yaml").unwrap_or_else(|report| panic!("{report}"));
        let schemas = &spec.document["components"]["schemas"];
        assert_eq!(schemas["Balancer"]["properties"]["droplet_ids"]["items"]["type"], "integer");
        // A property named `$ref`, whose value is a schema, stays one.
        assert_eq!(schemas["Named"]["properties"]["$ref"]["type"], "string");
    }
}

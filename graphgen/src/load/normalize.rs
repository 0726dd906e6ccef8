//! Phase 1, continued: rewriting what the OpenAPI 3.0 model cannot read but has one sound
//! reading, before the model is read.
//!
//! OpenAPI 3.1 schemas are JSON Schema 2020-12, which the 3.0 model does not know; each 3.1
//! form is rewritten into the 3.0 form that means the same (`type: [string, "null"]` is
//! `type: string, nullable: true`). In a 3.1 document that is reading, not a problem; a 3.0
//! document that uses a 3.1 form gets a warning for it. JSON Schema keywords no Rust type
//! can express (`if`/`then`/`else`, `dependentRequired`, …) are left for the looser type,
//! with a warning either way.

use serde_yaml::{Mapping, Value};

use super::context::Context;
use crate::diagnostics::{pointer, Diagnostic};
use crate::document::{resolve, resolve_mut, tokens};
use crate::operations::QUERY_STRING;

/// The dialect a 3.1 document's schemas follow unless it names another.
const OPENAPI_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The extension that marks the `anyOf` a fixed-length `prefixItems` became: its members are
/// the tuple's, in order. The `rust` prefix is the generator's own, as in `x-rust-crate`; a
/// description's own use of it is dropped, so only loading sets it.
pub const TUPLE: &str = "x-rust-tuple";

/// The most members a tuple may have: Rust's standard traits (`Debug`, `Clone`, `PartialEq`)
/// are implemented for tuples up to twelve.
const TUPLE_MEMBERS: usize = 12;

/// Rewrites `document` in place and warns about each rewrite that departs from its version.
/// Schemas that move (tuple members) are recorded in `moves` as (new pointer, original pointer).
pub fn normalize(document: &mut Value, warnings: &mut Vec<Diagnostic>, moves: &mut Vec<(String, String)>) {
    let version = document.get("openapi").and_then(Value::as_str).unwrap_or_default();
    // 3.2 writes its schemas in 3.1's dialect.
    let openapi31 = version.starts_with("3.1") || version.starts_with("3.2");
    let mut walk = Walk { tokens: Vec::new(), openapi31, warnings, moves, tuples: Vec::new() };
    if let Some(root) = document.as_mapping_mut() {
        walk.document(root);
    }
    walk.visit(document, Context::Other, None, true);
    // Marked once the walk is over, as the walk drops every mark it meets.
    for at in std::mem::take(&mut walk.tuples) {
        if let Some(Value::Mapping(items)) = resolve_mut(document, &tokens(&at)) {
            items.insert(TUPLE.into(), true.into());
        }
    }
}

/// A walk over the document: where it is, what version the document is, and what it found.
struct Walk<'w> {
    /// The pointer tokens down to the current value.
    tokens: Vec<String>,
    openapi31: bool,
    warnings: &'w mut Vec<Diagnostic>,
    moves: &'w mut Vec<(String, String)>,
    /// The pointers of the `items` that tuples' members became.
    tuples: Vec<String>,
}

impl Walk<'_> {
    fn pointer(&self, key: &str) -> String {
        let at = self.tokens.iter().fold(String::new(), |at, token| pointer(&at, token));
        if key.is_empty() {
            at
        } else {
            pointer(&at, key)
        }
    }

    /// A 3.1 form read as 3.0 writes it: a warning in a 3.0 document only.
    fn form(&mut self, key: &str, message: String, hint: &str) {
        if !self.openapi31 {
            let warning = Diagnostic::warning("openapi-3.1-form", self.pointer(key), message).with_hint(hint);
            self.warnings.push(warning);
        }
    }

    /// Document-level forms: 3.1 makes `paths` optional, lets a licence be only an SPDX
    /// `identifier`, and may name another JSON Schema dialect.
    fn document(&mut self, root: &mut Mapping) {
        if !root.contains_key("paths") {
            if !self.openapi31 {
                let warning =
                    Diagnostic::warning("missing-paths", "", "a 3.0 description must have `paths`; read as none");
                self.warnings.push(warning);
            }
            root.insert("paths".into(), Value::Mapping(Mapping::new()));
        }
        let license = root.get_mut("info").and_then(|info| info.get_mut("license")).and_then(Value::as_mapping_mut);
        if let Some(license) = license {
            if !license.contains_key("name") {
                let name = license.get("identifier").cloned().unwrap_or_else(|| "".into());
                license.insert("name".into(), name);
            }
        }
        path_item_references(root);
        if let Some(dialect) = root.get("jsonSchemaDialect").and_then(Value::as_str) {
            if dialect != OPENAPI_DIALECT {
                self.warnings.push(
                    Diagnostic::warning(
                        "json-schema-dialect",
                        "/jsonSchemaDialect",
                        format!("schemas are read as OpenAPI's own dialect, not `{dialect}`"),
                    )
                    .with_hint(format!("the dialect read is `{OPENAPI_DIALECT}`")),
                );
            }
        }
    }

    fn visit(&mut self, value: &mut Value, context: Context, parent: Option<&str>, at_root: bool) {
        // JSON Schema's boolean schemas: `true` allows every value, `false` none.
        if let (Context::Schema, Value::Bool(allows)) = (context, &*value) {
            let mut schema = Mapping::new();
            if !*allows {
                schema.insert("not".into(), Value::Mapping(Mapping::new()));
            }
            *value = Value::Mapping(schema);
        }
        match value {
            Value::Mapping(mapping) => {
                if context == Context::Schema {
                    self.schema(mapping);
                }
                if context == Context::Other && mapping.contains_key("itemSchema") {
                    if let Some(media_type) = parent.filter(|p| p.contains('/')) {
                        self.item_schema(mapping, media_type);
                    }
                }
                // OpenAPI 3.2's parameter `in: querystring` is the whole query, given as
                // `content`; the model knows no such place, so it is read as a query
                // parameter marked as the whole query.
                if context == Context::Other && mapping.get("in").and_then(Value::as_str) == Some("querystring") {
                    mapping.insert("in".into(), "query".into());
                    mapping.insert(QUERY_STRING.into(), true.into());
                }
                if context == Context::Other && mapping.contains_key("in") && mapping.contains_key("name") {
                    self.parameter_style(mapping);
                }
                if context == Context::Other && parent == Some("encoding") {
                    mapping.values_mut().filter_map(Value::as_mapping_mut).for_each(explode_forms);
                }
                for (key, child) in mapping.iter_mut() {
                    let key = match key {
                        Value::String(text) => text.clone(),
                        Value::Number(number) => number.to_string(),
                        _ => continue,
                    };
                    // The model reads a schema's `additionalProperties: false` itself, as an
                    // object closed to other names.
                    if context == Context::Schema && key == "additionalProperties" && child.is_bool() {
                        continue;
                    }
                    let child_context = context.child(&key, at_root, parent);
                    if child_context != Context::Data {
                        self.tokens.push(key.clone());
                        self.visit(child, child_context, Some(&key), false);
                        self.tokens.pop();
                    }
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.tokens.push(i.to_string());
                    self.visit(item, context.item(), parent, false);
                    self.tokens.pop();
                }
            }
            Value::Tagged(tagged) => self.visit(&mut tagged.value, context, parent, at_root),
            _ => {}
        }
    }

    /// Every rewrite of one schema, before its subschemas are visited.
    fn schema(&mut self, schema: &mut Mapping) {
        self.reference_siblings(schema);
        self.type_list(schema);
        schema.remove(TUPLE);
        // A tuple's members keep their places, `{type: "null"}` among them.
        if !self.tuples.contains(&self.pointer("")) {
            self.null_alternatives(schema);
        }
        self.tuple(schema);
        self.constant_alternatives(schema);
        self.constant(schema);
        enum_type(schema);
        implied_array(schema);
        stray_keywords(schema);
        union_limits(schema);
        self.exclusive_bounds(schema);
        integer_bounds(schema);
        self.examples(schema);
        content_encoding(schema);
        self.ignored_keywords(schema);
        drop_redundant_type(schema);
    }

    /// `type: [string, "null"]` is `type: string, nullable: true`; several types besides
    /// `null` are an `anyOf` of one schema per type, each with the keywords of its type.
    fn type_list(&mut self, schema: &mut Mapping) {
        let Some(Value::Sequence(list)) = schema.get("type") else { return };
        let types: Vec<String> = list.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        let null = types.iter().any(|t| t == "null");
        let others: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
        self.form(
            "type",
            "a list of types is OpenAPI 3.1; read as `nullable` and an `anyOf` of the types".to_owned(),
            "in OpenAPI 3.0, write one `type` with `nullable: true`, or an `anyOf`",
        );
        schema.remove("type");
        if null {
            schema.insert("nullable".into(), true.into());
        }
        match &others[..] {
            [] => {}
            [only] => {
                schema.insert("type".into(), only.as_str().into());
            }
            several => {
                let alternatives: Vec<Value> =
                    several.iter().map(|ty| Value::Mapping(split_by_type(schema, ty))).collect();
                for keys in TYPE_KEYWORDS.iter().map(|(_, keys)| keys) {
                    for key in *keys {
                        schema.remove(*key);
                    }
                }
                add_alternatives(schema, alternatives);
            }
        }
    }

    /// `{type: "null"}` among the alternatives of `anyOf`/`oneOf` is `nullable: true`, as
    /// FastAPI and Pydantic write `Optional[X]`: `anyOf: [{$ref: X}, {type: "null"}]`.
    fn null_alternatives(&mut self, schema: &mut Mapping) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Sequence(alternatives)) = schema.get_mut(key) else { continue };
            let before = alternatives.len();
            alternatives.retain(|a| !is_null_schema(a));
            if alternatives.len() == before {
                continue;
            }
            if alternatives.is_empty() {
                schema.remove(key);
            }
            schema.insert("nullable".into(), true.into());
            self.form(
                key,
                format!("`{{type: \"null\"}}` in `{key}` is OpenAPI 3.1; read as `nullable: true`"),
                "in OpenAPI 3.0, write `nullable: true` beside the alternatives",
            );
        }
    }

    /// `oneOf` or `anyOf` whose every member is one value (`const: 1` or `enum: [1]`, with
    /// a title or description at most) is `enum` of those values, as Discord's and
    /// Pydantic's descriptions write an enumeration whose values have names or docs: the
    /// model reads such a union as no type at all.
    fn constant_alternatives(&mut self, schema: &mut Mapping) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(members)) = schema.get(key) else { continue };
            let values: Option<Vec<Value>> = members.iter().map(single_value).collect();
            let Some(values) = values else { continue };
            let Some(kind) = shared_type(&values) else { continue };
            if schema.contains_key("enum") {
                continue;
            }
            if members.iter().any(|m| m.get("const").is_some()) {
                self.form(
                    key,
                    "`const` is OpenAPI 3.1; read as an `enum` of one value".to_owned(),
                    "in OpenAPI 3.0, write `enum: [value]`",
                );
            }
            if values.iter().any(Value::is_null) {
                schema.insert("nullable".into(), true.into());
            }
            schema.remove(key);
            schema.insert("enum".into(), Value::Sequence(values.into_iter().filter(|v| !v.is_null()).collect()));
            if !schema.contains_key("type") {
                schema.insert("type".into(), kind.into());
            }
        }
    }

    /// `const: v` is `enum: [v]`, with the type of `v` when the schema has none.
    fn constant(&mut self, schema: &mut Mapping) {
        let Some(value) = schema.remove("const") else { return };
        self.form(
            "const",
            "`const` is OpenAPI 3.1; read as an `enum` of one value".to_owned(),
            "in OpenAPI 3.0, write `enum: [value]`",
        );
        if !schema.contains_key("type") {
            let ty = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(number) if number.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(ty) = ty {
                schema.insert("type".into(), ty.into());
            }
        }
        if value.is_null() {
            schema.insert("nullable".into(), true.into());
        } else if !schema.contains_key("enum") {
            schema.insert("enum".into(), Value::Sequence(vec![value]));
        }
    }

    /// A `$ref` with sibling keywords (`nullable`, `description`, `default`, `readOnly`):
    /// in 3.1 the siblings apply, so the reference becomes the one member of an `allOf`
    /// that they annotate. In 3.0 siblings of a `$ref` are ignored, but `nullable` beside
    /// one is a common way to say the reference may be `null`, so that one is read too.
    fn reference_siblings(&mut self, schema: &mut Mapping) {
        let Some(reference) = schema.get("$ref").cloned() else { return };
        let siblings: Vec<String> = schema
            .keys()
            .filter_map(Value::as_str)
            .filter(|k| *k != "$ref" && !k.starts_with("x-") && *k != "$defs")
            .map(str::to_owned)
            .collect();
        let nullable = siblings.iter().any(|k| k == "nullable");
        if siblings.is_empty() || (!self.openapi31 && !nullable) {
            return;
        }
        if !self.openapi31 {
            self.warnings.push(
                Diagnostic::warning(
                    "reference-siblings",
                    self.pointer("nullable"),
                    "OpenAPI 3.0 ignores keywords beside a `$ref`; `nullable` there is read as making the reference nullable",
                )
                .with_hint("write `allOf: [{$ref: …}]` beside `nullable: true`"),
            );
        }
        schema.remove("$ref");
        let mut member = Mapping::new();
        member.insert("$ref".into(), reference);
        match schema.get_mut("allOf") {
            Some(Value::Sequence(members)) => members.insert(0, Value::Mapping(member)),
            _ => {
                schema.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(member)]));
            }
        }
    }

    /// `exclusiveMinimum: 0` (3.1) becomes `minimum: 0, exclusiveMinimum: true` (3.0).
    fn exclusive_bounds(&mut self, schema: &mut Mapping) {
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            let Some(limit) = schema.get(exclusive).filter(|v| v.is_number()).cloned() else { continue };
            schema.insert(bound.into(), limit);
            schema.insert(exclusive.into(), true.into());
            self.form(
                exclusive,
                format!("a numeric `{exclusive}` is OpenAPI 3.1; read as `{bound}` with `{exclusive}: true`"),
                &format!("in OpenAPI 3.0, write `{bound}: <limit>` and `{exclusive}: true`"),
            );
        }
    }

    /// A schema's `examples` list (3.1) gives its first value as 3.0's `example`, which the
    /// examples check and the documentation read.
    fn examples(&mut self, schema: &mut Mapping) {
        let Some(Value::Sequence(examples)) = schema.get("examples") else { return };
        let Some(first) = examples.first().cloned() else { return };
        if !schema.contains_key("example") {
            schema.insert("example".into(), first);
        }
        self.form(
            "examples",
            "a schema's `examples` list is OpenAPI 3.1; its first value is read as `example`".to_owned(),
            "in OpenAPI 3.0, write one `example`",
        );
    }

    /// A parameter's `style` that its place does not allow (Graph's `$select` of August 2020
    /// is `in: query` with `style: simple`) is read as the style of that place that writes
    /// values the same way: `simple` in a query is `form` unexploded, both writing a list
    /// with commas; any other misplaced style is the place's default.
    fn parameter_style(&mut self, parameter: &mut Mapping) {
        let text = |key: &str| parameter.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(place), Some(style)) = (text("in"), text("style")) else { return };
        let (place, style) = (place.as_str(), style.as_str());
        let allowed: &[&str] = match place {
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "path" => &["simple", "label", "matrix"],
            "header" => &["simple"],
            "cookie" => &["form"],
            _ => return,
        };
        if allowed.contains(&style) {
            return;
        }
        let read = match (place, style) {
            ("query" | "cookie", "simple") => {
                parameter.entry("explode".into()).or_insert(false.into());
                "form"
            }
            ("query" | "cookie", _) => "form",
            _ => "simple",
        };
        parameter.insert("style".into(), read.into());
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
        self.warnings.push(
            Diagnostic::warning(
                "parameter-style",
                self.pointer("style"),
                format!("a parameter `in: {place}` cannot have `style: {style}`; `{name}` is read as `style: {read}`"),
            )
            .with_hint(format!("the styles of `in: {place}` are {}", allowed.join(", "))),
        );
    }

    /// OpenAPI 3.2's `itemSchema` describes each item of a sequential media type, which is
    /// what the generator reads a stream's `schema` as: for server-sent events, the `data` of
    /// the event it describes (the data's `contentSchema`, or text where it has none), and for
    /// other media types the item itself. A `schema` beside it is the whole body's, and kept.
    fn item_schema(&mut self, media: &mut Mapping, media_type: &str) {
        let Some(item) = media.remove("itemSchema") else { return };
        if media.contains_key("schema") {
            return;
        }
        let events = media_type.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case("text/event-stream"));
        let text = || {
            let mut text = Mapping::new();
            text.insert("type".into(), "string".into());
            Value::Mapping(text)
        };
        let (schema, from) = if events {
            let data = item.get("properties").and_then(|properties| properties.get("data"));
            match data.map(|data| data.get("contentSchema")) {
                Some(Some(content)) => (content.clone(), "itemSchema/properties/data/contentSchema"),
                Some(None) => (text(), "itemSchema/properties/data"),
                None => {
                    let warning = Diagnostic::warning(
                        "event-data-as-text",
                        self.pointer("itemSchema"),
                        "the events' `itemSchema` has no `data` property to read; each event's data is read as text",
                    )
                    .with_hint("describe the data as `properties: {data: {contentMediaType: application/json, contentSchema: …}}`");
                    self.warnings.push(warning);
                    (text(), "itemSchema")
                }
            }
        } else {
            (item, "itemSchema")
        };
        let from = from.split('/').fold(self.pointer(""), |at, token| pointer(&at, token));
        self.moves.push((self.pointer("schema"), from));
        media.insert("schema".into(), schema);
    }

    /// `prefixItems` that fix an array's length (`minItems` is their count, and `items: false`
    /// or `maxItems` says no more may follow) describe a tuple, which Pydantic writes for
    /// `tuple[int, str]` and schemars for `(i32, String)`. The 3.0 model has no place for
    /// them, so the array's `items` becomes an `anyOf` of the members, in order, marked as a
    /// tuple: every walk that follows `items` (examples, the types an area reaches) still
    /// sees each member. Any other `prefixItems` says what no Rust type can, and is warned
    /// about as the other such keywords are.
    fn tuple(&mut self, schema: &mut Mapping) {
        let Some(Value::Sequence(members)) = schema.get("prefixItems") else { return };
        let count = members.len();
        let bound = |key: &str| schema.get(key).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
        let closed = matches!(schema.get("items"), Some(Value::Bool(false))) || bound("maxItems") == Some(count);
        if !closed || bound("minItems") != Some(count) || !(1..=TUPLE_MEMBERS).contains(&count) {
            return;
        }
        self.form(
            "prefixItems",
            "`prefixItems` is OpenAPI 3.1; read as a tuple of its members".to_owned(),
            "OpenAPI 3.0 has no tuples; write `items` with the members' `anyOf`",
        );
        let Some(members) = schema.remove("prefixItems") else { return };
        let mut items = Mapping::new();
        items.insert("anyOf".into(), members);
        schema.insert("items".into(), Value::Mapping(items));
        self.tuples.push(self.pointer("items"));
        self.moves.push((pointer(&self.pointer("items"), "anyOf"), self.pointer("prefixItems")));
    }

    /// JSON Schema keywords that constrain values in ways no Rust type says: the type
    /// without them accepts every value they accept, and keeps it.
    fn ignored_keywords(&mut self, schema: &Mapping) {
        for key in IGNORED {
            // Property names are strings anyway, as utoipa writes for every map.
            let trivial = *key == "propertyNames"
                && schema.get("propertyNames").and_then(Value::as_mapping).is_some_and(|names| {
                    names.len() == 1 && names.get("type").and_then(Value::as_str) == Some("string")
                });
            if schema.contains_key(*key) && !trivial {
                let warning = Diagnostic::warning(
                    "json-schema-ignored",
                    self.pointer(key),
                    format!("`{key}` constrains values in a way a Rust type cannot say; the looser type is kept"),
                );
                self.warnings.push(warning);
            }
        }
    }
}

/// A path item that refers to `components/pathItems` (3.1) is a copy of it, with the
/// referring item's own `summary` and `description` kept, as 3.1 says.
fn path_item_references(root: &mut Mapping) {
    let Some(components) = root.get("components").cloned() else { return };
    for section in ["paths", "webhooks"] {
        let Some(Value::Mapping(paths)) = root.get_mut(section) else { continue };
        for (_, item) in paths.iter_mut() {
            let Value::Mapping(referring) = &*item else { continue };
            let tokens = tokens(referring.get("$ref").and_then(Value::as_str).unwrap_or_default());
            let [section, kind, _] = &tokens[..] else { continue };
            let pointed = (section == "components" && kind == "pathItems").then(|| resolve(&components, &tokens[1..]));
            let Some(Some(Value::Mapping(target))) = pointed else { continue };
            let mut copy = target.clone();
            for key in ["summary", "description"] {
                if let Some(own) = referring.get(key) {
                    copy.insert(key.into(), own.clone());
                }
            }
            *item = Value::Mapping(copy);
        }
    }
}

/// Keywords read as the looser type, with a warning.
const IGNORED: &[&str] = &[
    "if",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    // Left here only when it does not fix the array's length (see `tuple`).
    "prefixItems",
    "$dynamicRef",
];

/// The keywords that belong to each JSON type, which go with it when a list of types is split.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["format", "pattern", "minLength", "maxLength", "contentEncoding", "contentMediaType"]),
    ("integer", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("number", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]),
    (
        "object",
        &["properties", "required", "additionalProperties", "minProperties", "maxProperties", "patternProperties"],
    ),
];

/// The schema of one type of a list of types: `{type: ty}` with the keywords of that type,
/// and the values of `enum` that are of that type.
/// A media type's encoding of a property in the `form` style explodes it unless it says not
/// to; the model reads an absent `explode` as `false`, so the default is written out.
fn explode_forms(encoding: &mut Mapping) {
    let form = encoding.get("style").is_none_or(|style| style.as_str() == Some("form"));
    if form && !encoding.contains_key("explode") {
        encoding.insert("explode".into(), true.into());
    }
}

fn split_by_type(schema: &Mapping, ty: &str) -> Mapping {
    let mut part = Mapping::new();
    part.insert("type".into(), ty.into());
    let keys = TYPE_KEYWORDS.iter().find(|(t, _)| *t == ty).map_or(&[][..], |(_, keys)| keys);
    for key in keys {
        if let Some(value) = schema.get(*key) {
            part.insert((*key).into(), value.clone());
        }
    }
    if let Some(Value::Sequence(values)) = schema.get("enum") {
        let of_type: Vec<Value> = values.iter().filter(|v| json_type(v) == Some(ty)).cloned().collect();
        if !of_type.is_empty() {
            part.insert("enum".into(), Value::Sequence(of_type));
        }
    }
    part
}

/// The one value a union member allows, when it says nothing else but its type and
/// annotations: `{const: 1, title: One}`, `{enum: [a], description: …}`.
fn single_value(member: &Value) -> Option<Value> {
    let member = member.as_mapping()?;
    let value = match (member.get("const"), member.get("enum")) {
        (Some(value), None) => value.clone(),
        (None, Some(Value::Sequence(values))) if values.len() == 1 => values[0].clone(),
        _ => return None,
    };
    let plain = member.keys().filter_map(Value::as_str).all(|key| {
        matches!(key, "const" | "enum" | "type" | "format" | "title" | "description" | "deprecated" | "$comment")
            || key.starts_with("x-")
    });
    plain.then_some(value)
}

fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::Sequence(_) => Some("array"),
        Value::Mapping(_) => Some("object"),
        _ => None,
    }
}

/// Adds `alternatives` as the schema's `anyOf`, or, when it has alternatives already, as
/// an `allOf` member beside them.
fn add_alternatives(schema: &mut Mapping, alternatives: Vec<Value>) {
    if !schema.contains_key("anyOf") && !schema.contains_key("oneOf") {
        schema.remove("enum");
        schema.insert("anyOf".into(), Value::Sequence(alternatives));
        return;
    }
    let mut member = Mapping::new();
    member.insert("anyOf".into(), Value::Sequence(alternatives));
    match schema.get_mut("allOf") {
        Some(Value::Sequence(members)) => members.push(Value::Mapping(member)),
        _ => {
            schema.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(member)]));
        }
    }
}

/// Whether a schema is `{type: "null"}` (or `{type: ["null"]}`), with annotations at most.
fn is_null_schema(value: &Value) -> bool {
    let Some(schema) = value.as_mapping() else { return false };
    let null = match schema.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Sequence(types)) => types.len() == 1 && types[0].as_str() == Some("null"),
        _ => false,
    };
    null && schema.keys().filter_map(Value::as_str).all(|k| k == "type" || ANNOTATIONS.contains(&k))
}

/// `contentEncoding: base64` on a string is 3.0's `format: byte`, and a string of a
/// non-JSON `contentMediaType` without an encoding is `format: binary`.
fn content_encoding(schema: &mut Mapping) {
    if schema.contains_key("format") {
        return;
    }
    let format = match schema.get("contentEncoding").and_then(Value::as_str) {
        Some("base64") => Some("byte"),
        Some("base64url") => Some("base64url"),
        Some(_) => None,
        None => {
            schema.get("contentMediaType").and_then(Value::as_str).filter(|m| !m.contains("json")).map(|_| "binary")
        }
    };
    if let Some(format) = format {
        schema.insert("format".into(), format.into());
    }
}

/// Keys that describe a schema without constraining its shape.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "example",
    "examples",
    "default",
    "xml",
    "$comment",
];

/// An `enum` with no `type` has the type its values share (`enum: [on, off]` is a string),
/// as it would have if its values were read alone; `enum: [null]` only says `null`.
fn enum_type(schema: &mut Mapping) {
    let Some(Value::Sequence(values)) = schema.get("enum") else { return };
    if values.iter().all(Value::is_null) && !values.is_empty() {
        schema.remove("enum");
        schema.insert("nullable".into(), true.into());
        if !schema.contains_key("type") {
            schema.insert("type".into(), "object".into());
        }
        return;
    }
    let shaped = ["type", "allOf", "oneOf", "anyOf", "not", "properties", "items", "$ref"];
    if shaped.iter().any(|key| schema.contains_key(*key)) {
        return;
    }
    let Some(kind) = shared_type(values) else { return };
    if values.iter().any(Value::is_null) {
        schema.insert("nullable".into(), true.into());
    }
    schema.insert("type".into(), kind.into());
}

/// The scalar type every value but `null` has, integers and numbers being numbers; `None`
/// when they disagree or there is none.
fn shared_type(values: &[Value]) -> Option<&'static str> {
    let mut kinds = values.iter().filter(|v| !v.is_null()).map(json_type);
    let first = kinds.next()??;
    kinds
        .try_fold(first, |kind, next| match (kind, next?) {
            (a, b) if a == b => Some(a),
            ("integer" | "number", "integer" | "number") => Some("number"),
            _ => None,
        })
        .filter(|kind| matches!(*kind, "string" | "integer" | "number" | "boolean"))
}

/// `items` with no `type` is an array, as every producer that writes it means.
fn implied_array(schema: &mut Mapping) {
    let composed = ["type", "allOf", "oneOf", "anyOf", "$ref"].iter().any(|key| schema.contains_key(*key));
    if schema.contains_key("items") && !composed {
        schema.insert("type".into(), "array".into());
    }
}

/// The limits (`minimum`, `maxLength`) written beside `oneOf`, `anyOf` or `allOf` with no
/// `type`, which apply to the members of their type: no Rust type says a limit, and the
/// OpenAPI model reads a union with them as no type at all, so they are left out.
fn union_limits(schema: &mut Mapping) {
    let composed = ["allOf", "oneOf", "anyOf"].iter().any(|key| schema.contains_key(*key));
    if !composed || schema.contains_key("type") {
        return;
    }
    for key in [
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    ] {
        schema.remove(key);
    }
}

/// Removes the keywords of other types from a schema of one type, which JSON Schema
/// applies only to values of those types (`minItems` beside `type: string` says nothing
/// of a string); the OpenAPI model would read the mixture as no type at all.
fn stray_keywords(schema: &mut Mapping) {
    let Some(ty) = schema.get("type").and_then(Value::as_str).map(str::to_owned) else { return };
    if !matches!(ty.as_str(), "string" | "integer" | "number" | "array" | "object" | "boolean") {
        return;
    }
    let own = TYPE_KEYWORDS.iter().find(|(t, _)| *t == ty).map_or(&[][..], |(_, keys)| keys);
    for (other, keys) in TYPE_KEYWORDS {
        if *other == ty {
            continue;
        }
        for key in keys.iter().filter(|key| !own.contains(key)) {
            schema.remove(*key);
        }
    }
}

/// Removes a `type` written beside `oneOf` or `anyOf` when nothing else but annotations
/// sits there, as in `{type: object, oneOf: [...], discriminator: ...}`.
///
/// Many servers write that form; it is valid and means the same as the `oneOf` alone when
/// the alternatives have that type. The OpenAPI model reads a schema that mixes the two as
/// a free-form one, which would lose the alternatives. When the alternatives disagree with
/// the type, reading the union is the lenient choice: it accepts every payload the
/// narrower schema accepts and keeps it unchanged.
fn drop_redundant_type(mapping: &mut Mapping) {
    let key = |k: &Value| k.as_str().unwrap_or_default().to_owned();
    let alternatives = mapping.keys().filter(|k| matches!(k.as_str(), Some("oneOf" | "anyOf"))).count();
    let only_annotations = mapping.keys().map(key).all(|k| {
        k == "type" || k == "oneOf" || k == "anyOf" || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str())
    });
    if alternatives == 1 && only_annotations && mapping.get("type").is_some_and(Value::is_string) {
        mapping.remove("type");
    }
}

/// An integer's bounds written as floats (`minimum: 0.0`, as Pydantic writes `ge=0`) are
/// the integers they allow: `0.0` is `0`, a `minimum` of `0.5` is `1` and a `maximum` of
/// `9.5` is `9`. openapiv3 reads integer bounds as integers only, and would otherwise take
/// the whole schema for one of any value. A fractional `multipleOf` no integer needs is dropped.
fn integer_bounds(schema: &mut Mapping) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (keyword, round) in
        [("minimum", f64::ceil as fn(f64) -> f64), ("maximum", f64::floor), ("multipleOf", f64::trunc)]
    {
        // An integer bound beyond `i64` (`9223372036854775808`) is no limit an `i64` can meet.
        if schema.get(keyword).is_some_and(|v| v.is_u64() && v.as_i64().is_none()) {
            schema.remove(keyword);
            continue;
        }
        let Some(bound) = schema.get(keyword).filter(|v| v.is_f64()).and_then(Value::as_f64) else { continue };
        let rounded = round(bound);
        // Beyond ±2^63 an `i64` cannot hold the bound, and no integer the schema reads is past it.
        if rounded.abs() < 9.2e18 && (keyword != "multipleOf" || (rounded == bound && rounded >= 1.0)) {
            schema.insert(keyword.into(), Value::Number((rounded as i64).into()));
        } else {
            schema.remove(keyword);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn normalized(text: &str) -> (serde_yaml::Value, Vec<String>) {
        let mut document: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let mut warnings = Vec::new();
        normalize(&mut document, &mut warnings, &mut Vec::new());
        (document, warnings.iter().map(|w| format!("{} {}", w.code, w.pointer)).collect())
    }

    #[test]
    fn integer_bounds_written_as_floats_are_the_integers_they_allow() {
        let text = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    n: {type: integer, minimum: 0.0, maximum: 9.5, multipleOf: 0.5}
    m: {type: integer, minimum: -0.5, maximum: 1.0e30, multipleOf: 2.0}
    u: {type: integer, minimum: 0, maximum: 9223372036854775808}
    x: {type: number, minimum: 0.5}
"#;
        let (document, _) = normalized(text);
        let schemas = &document["components"]["schemas"];
        let n = (&schemas["n"]["minimum"], &schemas["n"]["maximum"], &schemas["n"]["multipleOf"]);
        assert_eq!(n, (&0.into(), &9.into(), &serde_yaml::Value::Null));
        let m = (&schemas["m"]["minimum"], &schemas["m"]["maximum"], &schemas["m"]["multipleOf"]);
        assert_eq!(m, (&0.into(), &serde_yaml::Value::Null, &2.into()));
        assert_eq!(schemas["x"]["minimum"], 0.5);
        assert_eq!((&schemas["u"]["minimum"], &schemas["u"]["maximum"]), (&0.into(), &serde_yaml::Value::Null));
    }

    #[test]
    fn openapi_31_schemas_are_read_as_their_30_equivalents() {
        let text = r#"
openapi: 3.1.0
info: {title: t, version: '1', license: {identifier: MIT}}
components:
  schemas:
    a:
      type: object
      properties:
        name: {type: [string, "null"], maxLength: 3}
        either: {type: [string, integer], minimum: 1, maxLength: 2, enum: [x, 1]}
        maybe: {anyOf: [{$ref: '#/components/schemas/b'}, {type: "null"}]}
        kind: {const: cat}
        count: {type: integer, exclusiveMinimum: 0, examples: [3, 4]}
        pet: {$ref: '#/components/schemas/b', description: The pet., readOnly: true}
        text: {type: string, contentEncoding: base64}
        const: {type: string, if: {minLength: 1}, then: {}}
    b: {type: object}
"#;
        let (document, warnings) = normalized(text);
        let properties = &document["components"]["schemas"]["a"]["properties"];
        assert_eq!(properties["name"]["type"], "string");
        assert_eq!(properties["name"]["nullable"], true);
        assert_eq!(properties["either"]["anyOf"][0]["maxLength"], 2);
        assert_eq!(properties["either"]["anyOf"][0]["enum"][0], "x");
        assert_eq!(properties["either"]["anyOf"][1]["minimum"], 1);
        assert!(properties["either"]["maxLength"].is_null());
        assert_eq!(properties["maybe"]["anyOf"].as_sequence().map(Vec::len), Some(1));
        assert_eq!(properties["maybe"]["nullable"], true);
        assert_eq!((&properties["kind"]["type"], &properties["kind"]["enum"][0]), (&"string".into(), &"cat".into()));
        assert_eq!(
            (&properties["count"]["minimum"], &properties["count"]["exclusiveMinimum"]),
            (&0.into(), &true.into())
        );
        assert_eq!(properties["count"]["example"], 3);
        assert_eq!(properties["pet"]["allOf"][0]["$ref"], "#/components/schemas/b");
        assert_eq!(properties["pet"]["readOnly"], true);
        assert_eq!(properties["text"]["format"], "byte");
        // A property named like a keyword is a property; `paths` may be absent; a licence may be an identifier.
        assert_eq!(properties["const"]["type"], "string");
        assert!(document["paths"].is_mapping());
        assert_eq!(document["info"]["license"]["name"], "MIT");
        // In 3.1 these are the language, not problems; keywords no type can say are.
        assert_eq!(warnings, vec!["json-schema-ignored /components/schemas/a/properties/const/if"]);
    }

    #[test]
    fn schemas_that_say_their_type_loosely_are_read_as_that_type() {
        let (document, warnings) = normalized(
            r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Kind:
      type: integer
      format: int32
      oneOf:
        - {title: PING, description: Checks the handler, const: 1}
        - {title: COMMAND, const: 2}
    Mode:
      anyOf: [{enum: [fast]}, {const: slow, description: Careful}, {type: 'null'}]
    Mixed:
      oneOf: [{const: 1}, {const: one}]
    Shaped:
      oneOf: [{const: 1}, {type: integer, minimum: 5}]
    Switch: {enum: [on, off], default: off}
    Port: {anyOf: [{type: integer}, {type: string}], minimum: 1, maximum: 65535}
    Name: {type: string, minItems: 1, maximum: 3, maxLength: 9}
    Modes: {items: {type: string}}
    Closed: {type: object, properties: {additionalProperties: true}, additionalProperties: false}
"#,
        );
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Kind"]["enum"], serde_yaml::from_str::<serde_yaml::Value>("[1, 2]").unwrap());
        assert_eq!((schemas["Kind"]["type"].as_str(), schemas["Kind"].get("oneOf")), (Some("integer"), None));
        assert_eq!(schemas["Mode"]["enum"], serde_yaml::from_str::<serde_yaml::Value>("[fast, slow]").unwrap());
        assert_eq!(
            (schemas["Mode"]["type"].as_str(), schemas["Mode"]["nullable"].as_bool()),
            (Some("string"), Some(true))
        );
        // Values of different types, or a member that is more than a value, stay a union.
        assert!(schemas["Mixed"]["oneOf"].is_sequence() && schemas["Shaped"]["oneOf"].is_sequence());
        assert!(warnings.iter().all(|w| !w.contains("/Kind/oneOf/")), "{warnings:?}");
        // An enum has its values' type; a type's schema keeps its own keywords only; a
        // union drops the limits beside it; `items` makes an array.
        assert_eq!(schemas["Switch"]["type"].as_str(), Some("string"));
        assert!(schemas["Port"].get("minimum").is_none() && schemas["Port"]["anyOf"].is_sequence());
        let name = serde_yaml::from_str::<serde_yaml::Value>("{type: string, maxLength: 9}").unwrap();
        assert_eq!(schemas["Name"], name);
        assert_eq!(schemas["Modes"]["type"].as_str(), Some("array"));
        // `additionalProperties: false` is the model's own; a property of that name is a schema.
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert!(schemas["Closed"]["properties"]["additionalProperties"].is_mapping());
    }

    #[test]
    fn fixed_length_prefix_items_are_tuples_whose_members_keep_their_places() {
        let text = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    a:
      properties:
        pair: {type: array, prefixItems: [{type: string}, {type: 'null'}, {anyOf: [{type: integer}, {type: 'null'}]}], items: false, minItems: 3}
        open: {type: array, prefixItems: [{type: string}], minItems: 1}
        fake: {type: array, items: {anyOf: [{type: string}], x-rust-tuple: true}}
"#;
        let mut document: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let (mut warnings, mut moves) = (Vec::new(), Vec::new());
        normalize(&mut document, &mut warnings, &mut moves);
        let properties = &document["components"]["schemas"]["a"]["properties"];
        let items = &properties["pair"]["items"];
        assert_eq!(items["x-rust-tuple"], true);
        // The `null` member stays where it was; a member's own alternatives are read as usual.
        assert_eq!(items["anyOf"].as_sequence().map(Vec::len), Some(3));
        assert_eq!(items["anyOf"][1]["type"], "null");
        assert_eq!(items["anyOf"][2]["nullable"], true);
        assert!(items["nullable"].is_null() && properties["pair"]["prefixItems"].is_null());
        assert_eq!(
            moves,
            [(
                "/components/schemas/a/properties/pair/items/anyOf".to_owned(),
                "/components/schemas/a/properties/pair/prefixItems".to_owned()
            )]
        );
        // An array that may be longer is no tuple; the description's own mark is not trusted.
        assert!(properties["open"]["items"].is_null() && properties["fake"]["items"]["x-rust-tuple"].is_null());
        let warnings: Vec<String> = warnings.iter().map(|w| format!("{} {}", w.code, w.pointer)).collect();
        assert_eq!(warnings, ["json-schema-ignored /components/schemas/a/properties/open/prefixItems"]);
    }

    #[test]
    fn a_30_description_with_31_forms_is_read_the_same_with_a_warning_for_each() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a:\n      properties:\n        n: {type: [integer, 'null'], exclusiveMaximum: 9}\n        r: {$ref: '#/components/schemas/a', nullable: true}\n        s: {$ref: '#/components/schemas/a', description: ignored in 3.0}\n";
        let (document, warnings) = normalized(text);
        let properties = &document["components"]["schemas"]["a"]["properties"];
        assert_eq!((&properties["n"]["type"], &properties["n"]["maximum"]), (&"integer".into(), &9.into()));
        assert_eq!(properties["r"]["allOf"][0]["$ref"], "#/components/schemas/a");
        assert_eq!(properties["s"]["$ref"], "#/components/schemas/a");
        assert_eq!(
            warnings,
            vec![
                "openapi-3.1-form /components/schemas/a/properties/n/type",
                "openapi-3.1-form /components/schemas/a/properties/n/exclusiveMaximum",
                "reference-siblings /components/schemas/a/properties/r/nullable",
            ]
        );
    }
}

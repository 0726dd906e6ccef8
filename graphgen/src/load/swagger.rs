//! Phase 1, continued: a Swagger 2.0 description read as the OpenAPI 3.0 description that
//! means the same, once its files are bundled into one document.
//!
//! `definitions`, `parameters` and `responses` become components; a `body` parameter
//! becomes the operation's request body, and its `formData` parameters a form's object
//! schema, in the media types `consumes` names; a response's `schema` becomes its content in
//! each media type `produces` names; `collectionFormat` becomes `style` and `explode`;
//! `host`, `basePath` and `schemes` (or Azure's `x-ms-parameterized-host`) become `servers`;
//! `securityDefinitions` become security schemes; `x-nullable` is `nullable`; a string
//! `discriminator` names the property, and every schema inheriting from it is mapped by its
//! `x-ms-discriminator-value` or its name; `x-ms-paths`, paths with a fixed query, join
//! `paths` with that query as a required parameter of one value. Reading 2.0 is not a
//! problem in itself; only what has no 3.0 meaning is warned about (`swagger-2.0`). Each
//! thing moved is recorded, so a report names its place in the 2.0 text.

use serde_yaml::{Mapping, Value};

use super::context::Context;
use crate::diagnostics::{pointer, Diagnostic};
use crate::document::{key_text, unescape};

/// The HTTP methods a 2.0 path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// What a body is sent and read as when the description names no media type.
const JSON: &str = "application/json";

/// The keys of a 2.0 parameter, header or items object that describe its value, which 3.0
/// keeps in a schema.
const VALUE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "x-ms-enum",
];

/// Whether `document` is a Swagger 2.0 description.
pub fn is_swagger(document: &Value) -> bool {
    match document.get("swagger") {
        Some(Value::String(version)) => version.starts_with("2."),
        Some(Value::Number(version)) => version.as_f64().is_some_and(|v| (2.0..3.0).contains(&v)),
        _ => false,
    }
}

/// Rewrites the Swagger 2.0 `document` into OpenAPI 3.0 in place. Moves are recorded as
/// (new pointer, 2.0 pointer); see the module documentation.
pub fn convert(document: &mut Value, warnings: &mut Vec<Diagnostic>, moves: &mut Vec<(String, String)>) {
    let Some(root) = document.as_mapping_mut() else { return };
    let old = std::mem::take(root);
    let media = |key: &str| strings(old.get(key));
    let start = moves.len();
    let mut convert = Convert {
        consumes: media("consumes"),
        produces: media("produces"),
        parameters: old.get("parameters").and_then(Value::as_mapping).cloned().unwrap_or_default(),
        warnings,
        moves,
        bodies: Vec::new(),
    };
    let servers = convert.servers(&old);
    let mut new = Mapping::new();
    let mut components = Mapping::new();
    let mut extra_paths = None;
    for (key, value) in old {
        let Some(name) = key_text(&key) else { continue };
        match name.as_str() {
            "swagger" => {
                new.insert("openapi".into(), "3.0.3".into());
            }
            "host" | "basePath" | "schemes" | "x-ms-parameterized-host" => {
                if let Some(servers) = &servers {
                    new.entry("servers".into()).or_insert_with(|| servers.clone());
                }
            }
            "consumes" | "produces" => {}
            "paths" => {
                new.insert(key, convert.paths(value, "/paths"));
            }
            "x-ms-paths" => extra_paths = Some(value),
            "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                // Components stand where the first of their 2.0 sections stood.
                new.entry("components".into()).or_insert(Value::Null);
                convert.component_section(&name, value, &mut components);
            }
            _ => {
                new.insert(key, value);
            }
        }
    }
    if let Some(extra) = extra_paths {
        let paths = new.entry("paths".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
        convert.extra_paths(extra, paths);
    }
    new.entry("paths".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
    if components.is_empty() {
        new.remove("components");
    } else {
        new.insert("components".into(), Value::Mapping(components));
    }
    // Body and form moves are taken back last: a parameter may have moved to the index the
    // body had, and the body's place must not be taken back through that move.
    let bodies = std::mem::take(&mut convert.bodies);
    convert.moves.splice(start..start, bodies);
    let mut document_value = Value::Mapping(new);
    rewrite_references(&mut document_value, Context::Other, None, true);
    map_discriminators(&mut document_value);
    *document = document_value;
}

/// Pointers in the converted document and in the 2.0 text, kept side by side.
#[derive(Clone)]
struct At {
    new: String,
    old: String,
}

impl At {
    fn same(at: &str) -> At {
        At { new: at.to_owned(), old: at.to_owned() }
    }

    fn child(&self, key: &str) -> At {
        At { new: pointer(&self.new, key), old: pointer(&self.old, key) }
    }

    /// A place whose key differs: `new_key` below the new pointer, `old_key` below the old.
    fn moved(&self, new_key: &str, old_key: &str) -> At {
        At { new: pointer(&self.new, new_key), old: pointer(&self.old, old_key) }
    }
}

/// What one 2.0 parameter becomes.
enum Parameter {
    /// A 3.0 parameter, or a reference to one.
    Plain(Value),
    /// The request body: its schema, description and whether it is required.
    Body { schema: Value, description: Option<Value>, required: bool, at: At },
    /// One field of a form body.
    Field { name: String, schema: Value, required: bool, collection: Option<String>, at: At },
}

struct Convert<'w> {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The description's own `parameters`, as written: a reference to a body or form
    /// parameter is read through them.
    parameters: Mapping,
    warnings: &'w mut Vec<Diagnostic>,
    moves: &'w mut Vec<(String, String)>,
    /// The moves of request bodies' schemas and form fields, from parameters.
    bodies: Vec<(String, String)>,
}

impl Convert<'_> {
    fn moved(&mut self, at: &At) {
        if at.new != at.old {
            self.moves.push((at.new.clone(), at.old.clone()));
        }
    }

    /// The moves of a 3.0 parameter: to its new index, and its value's keys into `schema`.
    fn parameter_moved(&mut self, at: &At, parameter: &Value) {
        self.moved(at);
        if parameter.get("$ref").is_none() {
            self.moves.push((pointer(&at.new, "schema"), at.old.clone()));
        }
    }

    /// A warning at `at`, a pointer into the converted document, as every loading report is.
    fn warn(&mut self, at: &str, message: String) {
        self.warnings.push(Diagnostic::warning("swagger-2.0", at, message));
    }

    /// `servers`, from `host`, `basePath` and `schemes`, or Azure's `x-ms-parameterized-host`.
    fn servers(&mut self, root: &Mapping) -> Option<Value> {
        let text = |key: &str| root.get(key).and_then(Value::as_str).map(str::to_owned);
        let base_path = text("basePath").unwrap_or_default();
        let base_path = base_path.trim_end_matches('/');
        let mut schemes = strings(root.get("schemes"));
        // https first: where both are offered, the secure one is the default.
        schemes.sort_by_key(|s| s != "https");
        if schemes.is_empty() {
            schemes.push("https".to_owned());
        }
        if let Some(Value::Mapping(host)) = root.get("x-ms-parameterized-host") {
            let template = host.get("hostTemplate").and_then(Value::as_str).unwrap_or_default();
            let prefix = host.get("useSchemePrefix").and_then(Value::as_bool).unwrap_or(true);
            let url = if prefix {
                format!("{}://{template}{base_path}", schemes[0])
            } else {
                format!("{template}{base_path}")
            };
            let mut variables = Mapping::new();
            for parameter in host.get("parameters").and_then(Value::as_sequence).into_iter().flatten() {
                let parameter = self.through_reference(parameter);
                let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
                let mut variable = Mapping::new();
                let default = parameter.get("default").and_then(key_text).unwrap_or_default();
                variable.insert("default".into(), default.into());
                if let Some(values) = parameter.get("enum").and_then(Value::as_sequence) {
                    let values: Vec<Value> = values.iter().filter_map(key_text).map(Value::from).collect();
                    variable.insert("enum".into(), Value::Sequence(values));
                }
                if let Some(description) = parameter.get("description") {
                    variable.insert("description".into(), description.clone());
                }
                variables.insert(name.into(), Value::Mapping(variable));
            }
            let mut server = Mapping::new();
            server.insert("url".into(), url.into());
            if !variables.is_empty() {
                server.insert("variables".into(), Value::Mapping(variables));
            }
            return Some(Value::Sequence(vec![Value::Mapping(server)]));
        }
        let urls: Vec<String> = match text("host") {
            Some(host) => schemes.iter().map(|scheme| format!("{scheme}://{host}{base_path}")).collect(),
            None if !base_path.is_empty() => vec![base_path.to_owned()],
            None => return None,
        };
        let servers = urls.into_iter().map(|url| {
            let mut server = Mapping::new();
            server.insert("url".into(), url.into());
            Value::Mapping(server)
        });
        Some(Value::Sequence(servers.collect()))
    }

    /// A parameter as written, or the description's parameter a reference names.
    fn through_reference(&self, parameter: &Value) -> Value {
        match parameter.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")) {
            Some(name) => self.parameters.get(unescape(name).as_str()).cloned().unwrap_or(Value::Null),
            None => parameter.clone(),
        }
    }

    /// One of the sections that become components.
    fn component_section(&mut self, section: &str, value: Value, components: &mut Mapping) {
        let Value::Mapping(entries) = value else { return };
        let mut out = Mapping::new();
        let kind = match section {
            "definitions" => {
                for (name, schema) in entries {
                    out.insert(name, self.schema(schema));
                }
                self.moves.push(("/components/schemas".to_owned(), "/definitions".to_owned()));
                "schemas"
            }
            "parameters" => {
                for (name, parameter) in entries {
                    let Some(key) = key_text(&name) else { continue };
                    let at = At { new: pointer("/components/parameters", &key), old: pointer("/parameters", &key) };
                    // Body and form parameters are read where operations use them.
                    if let Parameter::Plain(parameter) = self.parameter(parameter, &at) {
                        self.parameter_moved(&at, &parameter);
                        out.insert(name, parameter);
                    }
                }
                "parameters"
            }
            "responses" => {
                let produces = self.produces.clone();
                for (name, response) in entries {
                    let Some(key) = key_text(&name) else { continue };
                    let at = At { new: pointer("/components/responses", &key), old: pointer("/responses", &key) };
                    self.moved(&at);
                    out.insert(name, self.response(response, &at, &produces));
                }
                "responses"
            }
            _ => {
                for (name, scheme) in entries {
                    let Some(key) = key_text(&name) else { continue };
                    let at = At {
                        new: pointer("/components/securitySchemes", &key),
                        old: pointer("/securityDefinitions", &key),
                    };
                    self.moved(&at);
                    out.insert(name, self.security_scheme(scheme, &at));
                }
                "securitySchemes"
            }
        };
        components.insert(kind.into(), Value::Mapping(out));
    }

    fn security_scheme(&mut self, scheme: Value, at: &At) -> Value {
        let Value::Mapping(mut scheme) = scheme else { return scheme };
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                scheme.insert("type".into(), "http".into());
                scheme.insert("scheme".into(), "basic".into());
            }
            Some("oauth2") => {
                let flow = scheme.remove("flow");
                let mut body = Mapping::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = scheme.remove(key) {
                        body.insert(key.into(), url);
                    }
                }
                let scopes = scheme.remove("scopes").unwrap_or_else(|| Value::Mapping(Mapping::new()));
                body.insert("scopes".into(), scopes);
                let name = match flow.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        let message = format!(
                            "an OAuth 2.0 flow `{}` is not one of Swagger 2.0's; read as implicit",
                            other.unwrap_or("")
                        );
                        self.warn(&pointer(&at.new, "flow"), message);
                        "implicit"
                    }
                };
                let mut flows = Mapping::new();
                flows.insert(name.into(), Value::Mapping(body));
                scheme.insert("flows".into(), Value::Mapping(flows));
            }
            _ => {}
        }
        Value::Mapping(scheme)
    }

    fn paths(&mut self, paths: Value, at: &str) -> Value {
        let Value::Mapping(paths) = paths else { return paths };
        let mut out = Mapping::new();
        for (path, item) in paths {
            let Some(text) = key_text(&path) else { continue };
            let item = match item {
                Value::Mapping(item) => Value::Mapping(self.path_item(item, &At::same(&pointer(at, &text)))),
                other => other,
            };
            out.insert(path, item);
        }
        Value::Mapping(out)
    }

    fn path_item(&mut self, item: Mapping, at: &At) -> Mapping {
        // Body and form parameters shared by the path's operations go into each of them.
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_sequence).cloned().unwrap_or_default();
        let mut out = Mapping::new();
        for (key, value) in item {
            let name = key_text(&key).unwrap_or_default();
            match name.as_str() {
                "parameters" => {
                    let (plain, _, _) = self.parameters(shared.clone(), &at.child("parameters"));
                    if !plain.is_empty() {
                        out.insert(key, Value::Sequence(plain));
                    }
                }
                method if METHODS.contains(&method) => {
                    out.insert(key, self.operation(value, &at.child(method), &shared, &at.child("parameters")));
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        out
    }

    /// A list of 2.0 parameters: the 3.0 ones, the body, and the form's fields.
    fn parameters(&mut self, list: Vec<Value>, at: &At) -> (Vec<Value>, Option<Parameter>, Vec<Parameter>) {
        let mut plain = Vec::new();
        let mut body = None;
        let mut fields = Vec::new();
        // In order of index, so that no move is taken back through a later one.
        for (index, parameter) in list.into_iter().enumerate() {
            let here = at.moved(&plain.len().to_string(), &index.to_string());
            match self.parameter(parameter, &here) {
                Parameter::Plain(parameter) => {
                    self.parameter_moved(&here, &parameter);
                    plain.push(parameter);
                }
                found @ Parameter::Body { .. } => body = Some(found),
                field @ Parameter::Field { .. } => fields.push(field),
            }
        }
        (plain, body, fields)
    }

    /// One parameter. Its moves are recorded by the caller.
    fn parameter(&mut self, parameter: Value, at: &At) -> Parameter {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            if let Some(name) = reference.strip_prefix("#/parameters/").map(unescape) {
                let target = self.parameters.get(name.as_str()).cloned().unwrap_or(Value::Null);
                if matches!(target.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                    let component = At::same(&pointer("/parameters", &name));
                    return self.parameter(target, &component);
                }
            }
            return Parameter::Plain(parameter);
        }
        let Value::Mapping(mut parameter) = parameter else { return Parameter::Plain(parameter) };
        let place = parameter.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        match place.as_str() {
            "body" => {
                let schema = parameter.remove("schema").unwrap_or_else(|| Value::Mapping(Mapping::new()));
                Parameter::Body {
                    schema: self.schema(schema),
                    description: parameter.remove("description"),
                    required: parameter.get("required").and_then(Value::as_bool).unwrap_or(false),
                    at: at.clone(),
                }
            }
            "formData" => {
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                let required = parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
                let collection = parameter.get("collectionFormat").and_then(Value::as_str).map(str::to_owned);
                let mut schema = self.value_schema(&mut parameter, at);
                if let (Some(description), Value::Mapping(schema)) = (parameter.remove("description"), &mut schema) {
                    schema.insert("description".into(), description);
                }
                Parameter::Field { name, schema, required, collection, at: at.clone() }
            }
            _ => {
                let schema = self.value_schema(&mut parameter, at);
                let collection = parameter.remove("collectionFormat");
                let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
                let mut out = Mapping::new();
                for (key, value) in parameter {
                    match key_text(&key).as_deref() {
                        Some("x-example") => {
                            out.insert("example".into(), value);
                        }
                        _ => {
                            out.insert(key, value);
                        }
                    }
                }
                if place == "path" {
                    out.insert("required".into(), true.into());
                }
                out.insert("schema".into(), schema);
                if is_array {
                    let format = collection.as_ref().and_then(Value::as_str).unwrap_or("csv");
                    let (style, explode) = match (format, place.as_str()) {
                        ("multi", _) => ("form", true),
                        ("ssv", "query") => ("spaceDelimited", false),
                        ("pipes", "query") => ("pipeDelimited", false),
                        ("csv", "query") => ("form", false),
                        ("csv", _) => ("simple", false),
                        (other, _) => {
                            let message = format!(
                                "`collectionFormat: {other}` has no OpenAPI 3.0 style for a {place} parameter; its values are sent comma-separated"
                            );
                            self.warn(&pointer(&at.new, "collectionFormat"), message);
                            (if place == "query" { "form" } else { "simple" }, false)
                        }
                    };
                    out.insert("style".into(), style.into());
                    out.insert("explode".into(), explode.into());
                }
                Parameter::Plain(Value::Mapping(out))
            }
        }
    }

    /// The schema of a parameter, header or items object: the keys that describe its value,
    /// taken out of `object`.
    fn value_schema(&mut self, object: &mut Mapping, at: &At) -> Value {
        let mut schema = Mapping::new();
        for key in VALUE_KEYS {
            if let Some(mut value) = object.remove(*key) {
                if *key == "items" {
                    if let Value::Mapping(items) = &mut value {
                        // Items hold a value too; their own `collectionFormat` has no 3.0 form.
                        items.remove("collectionFormat");
                        value = self.value_schema(items, &at.child("items"));
                    }
                }
                schema.insert((*key).into(), value);
            }
        }
        self.schema(Value::Mapping(schema))
    }

    fn operation(&mut self, operation: Value, at: &At, shared: &[Value], shared_at: &At) -> Value {
        let Value::Mapping(operation) = operation else { return operation };
        let consumes = match operation.get("consumes") {
            Some(list) => strings(Some(list)),
            None => self.consumes.clone(),
        };
        let produces = match operation.get("produces") {
            Some(list) => strings(Some(list)),
            None => self.produces.clone(),
        };
        // The path's body and form parameters, unless the operation has its own of the name.
        let (_, mut body, mut fields) = self.parameters(shared.to_vec(), shared_at);
        let mut out = Mapping::new();
        let mut own_parameters = false;
        for (key, value) in operation {
            let name = key_text(&key).unwrap_or_default();
            match name.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {
                    own_parameters = true;
                    let list = value.as_sequence().cloned().unwrap_or_default();
                    let (plain, own_body, own_fields) = self.parameters(list, &at.child("parameters"));
                    body = own_body.or(body);
                    let names: Vec<&str> = own_fields.iter().filter_map(field_name).collect();
                    fields.retain(|f| field_name(f).is_some_and(|n| !names.contains(&n)));
                    fields.extend(own_fields);
                    if !plain.is_empty() {
                        out.insert(key, Value::Sequence(plain));
                    }
                    self.request_body(&mut out, body.take(), std::mem::take(&mut fields), &consumes, at);
                }
                "responses" => {
                    out.insert(key, self.responses(value, &at.child("responses"), &produces));
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if !own_parameters {
            self.request_body(&mut out, body, fields, &consumes, at);
        }
        Value::Mapping(out)
    }

    /// The operation's `requestBody`, from its body parameter or its form's fields.
    fn request_body(
        &mut self,
        out: &mut Mapping,
        body: Option<Parameter>,
        fields: Vec<Parameter>,
        consumes: &[String],
        at: &At,
    ) {
        let mut request = Mapping::new();
        let mut content = Mapping::new();
        let body_at = at.child("requestBody");
        if let Some(Parameter::Body { schema, description, required, at: from }) = body {
            if let Some(description) = description {
                request.insert("description".into(), description);
            }
            let types: Vec<String> = if consumes.is_empty() { vec![JSON.to_owned()] } else { consumes.to_vec() };
            for media_type in types {
                let mut media = Mapping::new();
                media.insert("schema".into(), schema.clone());
                content.insert(media_type.clone().into(), Value::Mapping(media));
                let new = pointer(&pointer(&pointer(&body_at.new, "content"), &media_type), "schema");
                self.bodies.push((new, pointer(&from.old, "schema")));
            }
            if required {
                request.insert("required".into(), true.into());
            }
        } else if !fields.is_empty() {
            let file = fields.iter().any(|f| matches!(f, Parameter::Field { schema, .. } if schema.get("format").and_then(Value::as_str) == Some("binary")));
            let mut types: Vec<String> = consumes
                .iter()
                .filter(|t| t.starts_with("multipart/form-data") || t.starts_with("application/x-www-form-urlencoded"))
                .cloned()
                .collect();
            if types.is_empty() {
                types.push(if file { "multipart/form-data" } else { "application/x-www-form-urlencoded" }.to_owned());
            }
            let mut properties = Mapping::new();
            let mut required = Vec::new();
            let mut encoding = Mapping::new();
            let mut places = Vec::new();
            for field in fields {
                let Parameter::Field { name, schema, required: needed, collection, at: from } = field else { continue };
                if needed {
                    required.push(Value::from(name.clone()));
                }
                if schema.get("type").and_then(Value::as_str) == Some("array") {
                    let explode = collection.as_deref() == Some("multi");
                    let mut style = Mapping::new();
                    style.insert("style".into(), "form".into());
                    style.insert("explode".into(), explode.into());
                    encoding.insert(name.clone().into(), Value::Mapping(style));
                }
                places.push((name.clone(), from));
                properties.insert(name.into(), schema);
            }
            let mut schema = Mapping::new();
            schema.insert("type".into(), "object".into());
            schema.insert("properties".into(), Value::Mapping(properties));
            if !required.is_empty() {
                schema.insert("required".into(), Value::Sequence(required.clone()));
                request.insert("required".into(), true.into());
            }
            for media_type in types {
                let mut media = Mapping::new();
                media.insert("schema".into(), Value::Mapping(schema.clone()));
                if !encoding.is_empty() {
                    media.insert("encoding".into(), Value::Mapping(encoding.clone()));
                }
                content.insert(media_type.clone().into(), Value::Mapping(media));
                let properties_at =
                    pointer(&pointer(&pointer(&pointer(&body_at.new, "content"), &media_type), "schema"), "properties");
                for (name, from) in &places {
                    self.bodies.push((pointer(&properties_at, name), from.old.clone()));
                }
            }
        } else {
            return;
        }
        request.insert("content".into(), Value::Mapping(content));
        out.insert("requestBody".into(), Value::Mapping(request));
    }

    fn responses(&mut self, responses: Value, at: &At, produces: &[String]) -> Value {
        let Value::Mapping(responses) = responses else { return responses };
        let mut out = Mapping::new();
        for (status, response) in responses {
            let Some(text) = key_text(&status) else { continue };
            let response = if response.get("$ref").is_some() || text.starts_with("x-") {
                response
            } else {
                self.response(response, &at.child(&text), produces)
            };
            out.insert(status, response);
        }
        Value::Mapping(out)
    }

    fn response(&mut self, response: Value, at: &At, produces: &[String]) -> Value {
        let Value::Mapping(response) = response else { return response };
        let mut out = Mapping::new();
        let mut schema = None;
        let mut examples = Mapping::new();
        for (key, value) in response {
            match key_text(&key).as_deref() {
                Some("schema") => schema = Some(self.schema(value)),
                Some("examples") => examples = value.as_mapping().cloned().unwrap_or_default(),
                Some("headers") => {
                    let Value::Mapping(headers) = value else { continue };
                    let mut converted = Mapping::new();
                    for (name, header) in headers {
                        let Some(text) = key_text(&name) else { continue };
                        let Value::Mapping(mut header) = header else { continue };
                        let here = at.child("headers").child(&text);
                        let schema = self.value_schema(&mut header, &here);
                        header.remove("collectionFormat");
                        header.insert("schema".into(), schema);
                        self.moves.push((pointer(&here.new, "schema"), here.old.clone()));
                        converted.insert(name, Value::Mapping(header));
                    }
                    out.insert(key, Value::Mapping(converted));
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        out.entry("description".into()).or_insert_with(|| "".into());
        if let Some(schema) = schema {
            let binary = schema.get("format").and_then(Value::as_str) == Some("binary");
            let types: Vec<String> = match produces {
                [] if binary => vec!["application/octet-stream".to_owned()],
                [] => vec![JSON.to_owned()],
                types => types.to_vec(),
            };
            let mut content = Mapping::new();
            for media_type in types {
                let mut media = Mapping::new();
                media.insert("schema".into(), schema.clone());
                if let Some(example) = examples.get(media_type.as_str()) {
                    media.insert("example".into(), example.clone());
                }
                let new = pointer(&pointer(&pointer(&at.new, "content"), &media_type), "schema");
                self.moves.push((new, pointer(&at.old, "schema")));
                content.insert(media_type.into(), Value::Mapping(media));
            }
            out.insert("content".into(), Value::Mapping(content));
        }
        Value::Mapping(out)
    }

    /// A 2.0 schema as 3.0 reads it.
    fn schema(&mut self, schema: Value) -> Value {
        let Value::Mapping(mut schema) = schema else { return schema };
        if let Some(nullable) = schema.remove("x-nullable") {
            if schema.contains_key("$ref") {
                // 3.0 reads nothing beside a `$ref`, so the nullable reference is an `allOf` of one.
                if nullable.as_bool() == Some(true) {
                    let reference = schema.remove("$ref").unwrap_or_default();
                    let mut member = Mapping::new();
                    member.insert("$ref".into(), reference);
                    schema.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(member)]));
                    schema.insert("nullable".into(), true.into());
                }
            } else {
                schema.insert("nullable".into(), nullable);
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
            let mut discriminator = Mapping::new();
            discriminator.insert("propertyName".into(), property.into());
            schema.insert("discriminator".into(), Value::Mapping(discriminator));
        }
        for (key, value) in schema.iter_mut() {
            match key_text(key).as_deref() {
                Some("properties") => {
                    if let Value::Mapping(properties) = value {
                        for (_, property) in properties.iter_mut() {
                            *property = self.schema(std::mem::take(property));
                        }
                    }
                }
                Some("items" | "additionalProperties" | "not") => *value = self.schema(std::mem::take(value)),
                Some("allOf") => {
                    if let Value::Sequence(members) = value {
                        for member in members.iter_mut() {
                            *member = self.schema(std::mem::take(member));
                        }
                    }
                }
                _ => {}
            }
        }
        Value::Mapping(schema)
    }

    /// Azure's `x-ms-paths`: paths with a fixed query (`/items?op=copy`), each joining the
    /// path without the query, with the query's values as required parameters of one value.
    fn extra_paths(&mut self, extra: Value, paths: &mut Value) {
        let Value::Mapping(extra) = extra else { return };
        let Value::Mapping(paths) = paths else { return };
        for (key, item) in extra {
            let Some(text) = key_text(&key) else { continue };
            let at = At::same(&pointer("/x-ms-paths", &text));
            let Value::Mapping(item) = item else { continue };
            let (path, query) = text.split_once('?').unwrap_or((&text, ""));
            let fixed: Vec<Value> = query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    fixed_parameter(name, value)
                })
                .collect();
            let converted = self.path_item(item, &at);
            let target = paths.entry(path.into()).or_insert_with(|| Value::Mapping(Mapping::new()));
            let Value::Mapping(target) = target else { continue };
            let shared: Vec<Value> =
                converted.get("parameters").and_then(Value::as_sequence).cloned().unwrap_or_default();
            for (method, operation) in converted {
                let name = key_text(&method).unwrap_or_default();
                if !METHODS.contains(&name.as_str()) {
                    continue;
                }
                if target.contains_key(&method) {
                    let message =
                        format!("`{path}` already has a `{name}` operation, so this one of `x-ms-paths` is not read");
                    self.warn(&pointer(&at.old, &name), message);
                    continue;
                }
                let Value::Mapping(mut operation) = operation else { continue };
                let list = operation.entry("parameters".into()).or_insert_with(|| Value::Sequence(Vec::new()));
                if let Value::Sequence(list) = list {
                    // The operation's own keep their indexes; the path's and the fixed query follow.
                    list.extend(shared.iter().cloned());
                    list.extend(fixed.iter().cloned());
                }
                self.moves.push((pointer(&pointer("/paths", path), &name), pointer(&at.old, &name)));
                target.insert(method, Value::Mapping(operation));
            }
        }
    }
}

/// A required query parameter `name` whose one value is `value`.
fn fixed_parameter(name: &str, value: &str) -> Value {
    let mut schema = Mapping::new();
    schema.insert("type".into(), "string".into());
    schema.insert("enum".into(), Value::Sequence(vec![value.into()]));
    let mut parameter = Mapping::new();
    parameter.insert("name".into(), name.into());
    parameter.insert("in".into(), "query".into());
    parameter.insert("required".into(), true.into());
    parameter.insert("schema".into(), Value::Mapping(schema));
    Value::Mapping(parameter)
}

fn field_name(field: &Parameter) -> Option<&str> {
    match field {
        Parameter::Field { name, .. } => Some(name),
        _ => None,
    }
}

/// The strings of a list, such as `consumes`.
fn strings(list: Option<&Value>) -> Vec<String> {
    list.and_then(Value::as_sequence).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}



/// Every reference to a 2.0 section is rewritten to the component it became. Data
/// (examples, defaults, enums and extensions) is left as it is.
fn rewrite_references(value: &mut Value, context: Context, parent: Option<&str>, at_root: bool) {
    match value {
        Value::Mapping(mapping) => {
            let reads_references = !matches!(context, Context::Data | Context::Properties | Context::SchemaComponents);
            for (key, child) in mapping.iter_mut() {
                let key = key_text(key).unwrap_or_default();
                match child {
                    Value::String(target) if key == "$ref" && reads_references => {
                        for (old, new) in [
                            ("#/definitions/", "#/components/schemas/"),
                            ("#/parameters/", "#/components/parameters/"),
                            ("#/responses/", "#/components/responses/"),
                        ] {
                            if let Some(rest) = target.strip_prefix(old) {
                                *target = format!("{new}{rest}");
                                break;
                            }
                        }
                    }
                    child => rewrite_references(child, context.child(&key, at_root, parent), Some(&key), false),
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rewrite_references(item, context.item(), parent, false);
            }
        }
        _ => {}
    }
}

/// Each discriminator gets a `mapping` of every schema that inherits from its schema
/// through `allOf`: by the schema's `x-ms-discriminator-value`, or by its name, as 2.0 says.
fn map_discriminators(document: &mut Value) {
    const PREFIX: &str = "#/components/schemas/";
    let Some(schemas) = document.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_mapping) else {
        return;
    };
    let parents = |schema: &Value| -> Vec<String> {
        let members = schema.get("allOf").and_then(Value::as_sequence).into_iter().flatten();
        let targets = members.filter_map(|m| m.get("$ref").and_then(Value::as_str));
        targets.filter_map(|t| t.strip_prefix(PREFIX)).map(unescape).collect()
    };
    let mut mappings: Vec<(String, Mapping)> = Vec::new();
    for (key, schema) in schemas {
        let Some(base) = key_text(key) else { continue };
        let Some(discriminator) = schema.get("discriminator").and_then(Value::as_mapping) else { continue };
        if discriminator.contains_key("mapping") {
            continue;
        }
        let mut mapping = Mapping::new();
        for (key, candidate) in schemas {
            let Some(name) = key_text(key) else { continue };
            // Every ancestor, through any number of `allOf` steps, bounded against cycles.
            let mut seen = vec![name.clone()];
            let mut frontier = parents(candidate);
            let mut inherits = false;
            while let Some(parent) = frontier.pop() {
                if parent == base {
                    inherits = true;
                    break;
                }
                if seen.contains(&parent) || seen.len() > 64 {
                    continue;
                }
                seen.push(parent.clone());
                if let Some(schema) = schemas.get(parent.as_str()) {
                    frontier.extend(parents(schema));
                }
            }
            if inherits {
                let value =
                    candidate.get("x-ms-discriminator-value").and_then(key_text).unwrap_or_else(|| name.clone());
                let target = format!("{PREFIX}{}", name.replace('~', "~0").replace('/', "~1"));
                mapping.insert(value.into(), target.into());
            }
        }
        if !mapping.is_empty() {
            mappings.push((base, mapping));
        }
    }
    let Some(schemas) =
        document.get_mut("components").and_then(|c| c.get_mut("schemas")).and_then(Value::as_mapping_mut)
    else {
        return;
    };
    for (base, mapping) in mappings {
        if let Some(Value::Mapping(discriminator)) =
            schemas.get_mut(base.as_str()).and_then(|s| s.get_mut("discriminator"))
        {
            discriminator.insert("mapping".into(), Value::Mapping(mapping));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;
    use crate::load::parse;

    const PETS: &str = r#"
swagger: '2.0'
info: {title: Pets, version: '1'}
host: pets.example
basePath: /v2/
schemes: [http, https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  key: {type: apiKey, name: X-Key, in: header}
  login: {type: basic}
  app: {type: oauth2, flow: application, tokenUrl: 'https://login.example/token', scopes: {read: Read}}
parameters:
  Pet: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
  Tags: {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, type: integer, format: int64}
    put:
      parameters:
        - {$ref: '#/parameters/Pet'}
        - {name: ids, in: query, type: array, items: {type: integer}, collectionFormat: tsv}
        - {$ref: '#/parameters/Tags'}
      responses:
        '200':
          description: the pet
          schema: {$ref: '#/definitions/Pet'}
          headers: {X-Rate: {type: integer}}
        default: {description: a problem, schema: {$ref: '#/definitions/Problem'}}
  /pets/{id}/photo:
    post:
      consumes: [multipart/form-data]
      produces: [image/png]
      parameters:
        - {name: id, in: path, type: integer}
        - {name: file, in: formData, type: file, required: true}
        - {name: caption, in: formData, type: string}
      responses:
        '200': {description: the photo, schema: {type: file}}
x-ms-paths:
  /pets/{id}?op=feed:
    post:
      parameters:
        - {name: id, in: path, type: integer}
      responses:
        '204': {description: fed}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      name: {type: string, x-nullable: true}
      owner: {$ref: '#/definitions/Problem', x-nullable: true}
  Cat:
    x-ms-discriminator-value: cat
    allOf: [{$ref: '#/definitions/Pet'}, {properties: {lives: {type: integer}}}]
  Lion:
    allOf: [{$ref: '#/definitions/Cat'}]
  Problem: {type: object, properties: {message: {type: string}}}
"#;

    #[test]
    fn a_swagger_20_description_reads_as_the_30_one_that_means_the_same() {
        let spec = parse(PETS.to_owned(), "pets.yaml").unwrap_or_else(|report| panic!("{report}"));
        let document = &spec.document;
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["servers"][0]["url"], "https://pets.example/v2");
        assert_eq!(document["servers"][1]["url"], "http://pets.example/v2");
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!((&schemes["login"]["type"], &schemes["login"]["scheme"]), (&"http".into(), &"basic".into()));
        assert_eq!(schemes["app"]["flows"]["clientCredentials"]["tokenUrl"], "https://login.example/token");
        assert_eq!(schemes["key"]["in"], "header");
        // Body parameters are request bodies, wherever they are written.
        let put = &document["paths"]["/pets/{id}"]["put"];
        let body = &put["requestBody"];
        assert_eq!(body["required"], true);
        assert_eq!(body["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Pet");
        assert_eq!(put["parameters"][0]["style"], "form");
        assert_eq!(put["parameters"][0]["explode"], false);
        assert_eq!(put["parameters"][1]["$ref"], "#/components/parameters/Tags");
        assert_eq!(document["components"]["parameters"]["Tags"]["explode"], true);
        assert!(document["components"]["parameters"].get("Pet").is_none());
        let ok = &put["responses"]["200"];
        assert_eq!(ok["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Pet");
        assert_eq!(ok["headers"]["X-Rate"]["schema"]["type"], "integer");
        assert_eq!(
            put["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
        assert_eq!(document["paths"]["/pets/{id}"]["parameters"][0]["required"], true);
        // Form fields are one object, a file is binary, and a file response is bytes.
        let photo = &document["paths"]["/pets/{id}/photo"]["post"];
        let form = &photo["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(form["properties"]["file"]["format"], "binary");
        assert_eq!(form["required"][0], "file");
        assert_eq!(photo["responses"]["200"]["content"]["image/png"]["schema"]["format"], "binary");
        // A path with a fixed query joins its path, the query a parameter of one value.
        let feed = &document["paths"]["/pets/{id}"]["post"];
        assert_eq!(feed["parameters"][1]["schema"]["enum"][0], "feed");
        // Every schema inheriting from a discriminated one is mapped, by its own value or its name.
        let pet = &document["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"]["propertyName"], "kind");
        assert_eq!(pet["discriminator"]["mapping"]["cat"], "#/components/schemas/Cat");
        assert_eq!(pet["discriminator"]["mapping"]["Lion"], "#/components/schemas/Lion");
        assert_eq!(pet["properties"]["name"]["nullable"], true);
        assert_eq!(pet["properties"]["owner"]["allOf"][0]["$ref"], "#/components/schemas/Problem");
        let warnings: Vec<String> = spec.warnings.iter().map(|w| format!("{} {}", w.code, w.pointer)).collect();
        assert_eq!(warnings, ["swagger-2.0 /paths/~1pets~1{id}/put/parameters/1/collectionFormat"]);
    }

    #[test]
    fn a_report_in_the_converted_document_names_the_place_in_the_20_text() {
        let spec = parse(PETS.to_owned(), "pets.yaml").unwrap_or_else(|report| panic!("{report}"));
        let placed = |at: &str| {
            let mut report = spec.diagnostics("pets.yaml");
            report.push(Diagnostic::warning("example-mismatch", at, "x"));
            spec.place(&mut report);
            report.items[0].pointer.clone()
        };
        let put = "/paths/~1pets~1{id}/put";
        assert_eq!(placed("/components/schemas/Pet/properties/name"), "/definitions/Pet/properties/name");
        assert_eq!(placed(&format!("{put}/requestBody/content/application~1json/schema")), "/parameters/Pet/schema");
        // The parameters after the body moved up one; their values moved into `schema`.
        assert_eq!(placed(&format!("{put}/parameters/0/schema/items")), format!("{put}/parameters/1/items"));
        assert_eq!(placed(&format!("{put}/parameters/1/$ref")), format!("{put}/parameters/2/$ref"));
        assert_eq!(
            placed(&format!("{put}/responses/200/content/application~1json/schema")),
            format!("{put}/responses/200/schema")
        );
        assert_eq!(placed("/components/parameters/Tags/schema/items"), "/parameters/Tags/items");
        let photo = "/paths/~1pets~1{id}~1photo/post";
        let field = format!("{photo}/requestBody/content/multipart~1form-data/schema/properties/caption");
        assert_eq!(placed(&field), format!("{photo}/parameters/2"));
        assert_eq!(
            placed("/paths/~1pets~1{id}/post/responses/204"),
            "/x-ms-paths/~1pets~1{id}?op=feed/post/responses/204"
        );
        assert_eq!(placed("/components/securitySchemes/app/flows"), "/securityDefinitions/app/flows");
    }

    #[test]
    fn a_page_is_followed_by_the_next_link_its_operation_names() {
        let text = r#"
swagger: '2.0'
info: {title: Paging, version: '1'}
paths:
  /products:
    get:
      x-ms-pageable: {nextLinkName: nextLink, itemName: values}
      responses: {'200': {description: a page, schema: {$ref: '#/definitions/ProductResult'}}}
  /one:
    get:
      x-ms-pageable: {nextLinkName: null}
      responses: {'200': {description: all, schema: {$ref: '#/definitions/ProductResult'}}}
definitions:
  Product: {type: object, properties: {id: {type: integer}}}
  ProductResult:
    type: object
    properties:
      values: {type: array, items: {$ref: '#/definitions/Product'}}
      nextLink: {type: string}
"#;
        let spec = parse(text.to_owned(), "paging.yaml").unwrap_or_else(|report| panic!("{report}"));
        let mut diagnostics = spec.diagnostics("paging.yaml");
        let api = crate::lower::lower(&spec.api, &spec.others, &mut diagnostics);
        let page = api.models.iter().find(|m| m.object.name == "ProductResult").map(|m| m.object.page.clone());
        assert_eq!(page, Some(Some(("values".to_owned(), "nextLink".to_owned()))));
        let paged: Vec<(&str, bool)> =
            (api.resources.iter().flat_map(|r| &r.operations)).map(|o| (o.method_name.as_str(), o.paged)).collect();
        // The collection of one page (`nextLinkName: null`) is no page to follow.
        assert_eq!(paged, [("list", true), ("get", false)]);
    }
}

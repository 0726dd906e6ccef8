//! Phase 3, continued: paths and operations to a tree of request builders.

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter as OaParameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, StatusCode, Type as OaType,
};

use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use crate::ir::{
    Body, Operation, Options, Parameter, ParameterType, Resource, ResponseShape, Segment, Type, NEXT_LINK,
};
use crate::names;
use crate::schema::{self, Components};

/// What lowering the paths produces.
pub struct Requests {
    /// The nodes below the root, each reached by a method on the client.
    pub resources: Vec<Resource>,
    pub options: Vec<Options>,
    /// The type of error bodies, from the 4XX, 5XX and default responses.
    pub error_type: Option<Type>,
}

/// Lowers every path; problems are added to `diagnostics`.
pub fn lower_requests<'a>(api: &'a OpenAPI, components: &Components<'a>, diagnostics: &mut Diagnostics) -> Requests {
    let mut lowering =
        Lowering { api, components, options: Vec::new(), error_types: Vec::new(), builders: Vec::new(), diagnostics };
    let mut root = Node::default();
    for (template, item) in &api.paths.paths {
        let at = pointer("/paths", template);
        let ReferenceOr::Item(item) = item else {
            lowering.diagnostics.push(Diagnostic::unsupported(&at, "a `$ref` path item"));
            continue;
        };
        let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        if segments.is_empty() {
            if item.iter().next().is_some() {
                lowering.diagnostics.push(Diagnostic::unsupported(&at, "operations on the root path"));
            }
            continue;
        }
        let node = root.descend(&segments);
        node.template = template.clone();
        for (method, operation) in item.iter() {
            let op_at = pointer(&at, method);
            let parameters = item.parameters.iter().chain(&operation.parameters);
            match lowering.operation(template, method, operation, parameters, &op_at) {
                Ok(operation) => node.operations.push(operation),
                Err(diagnostic) => lowering.diagnostics.push(diagnostic),
            }
        }
    }
    let mut taken = Vec::new();
    // The client's own methods are the entry points; they must not shadow its settings.
    let mut methods: Vec<String> =
        ["new", "with_base_url", "bearer_token", "token_callback", "retry_policy", "http_client", "base_url"]
            .map(str::to_owned)
            .to_vec();
    let keys = root.children.keys().filter(|k| k.starts_with('{')).count();
    let resources = root
        .children
        .into_iter()
        .map(|(segment, child)| {
            let method = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(key) if keys > 1 => format!("by_{}", names::module(key)),
                Some(_) => "by_id".to_owned(),
                None => names::snake(action_name(&segment)),
            };
            let method = names::unique(method, &mut methods);
            child.finish(segment, method, "", &mut taken)
        })
        .collect();
    let error_type = lowering.error_types.first().cloned();
    Requests { resources, options: lowering.options, error_type }
}

/// A node of the URL tree while it is being built.
#[derive(Default)]
struct Node {
    template: String,
    operations: Vec<Operation>,
    children: IndexMap<String, Node>,
}

impl Node {
    fn descend(&mut self, segments: &[&str]) -> &mut Node {
        match segments.split_first() {
            None => self,
            Some((first, rest)) => self.children.entry((*first).to_owned()).or_default().descend(rest),
        }
    }

    /// Names the node and its children. Bound actions become methods of their parent.
    fn finish(self, segment: String, method: String, parent: &str, taken: &mut Vec<String>) -> Resource {
        let parsed = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(key) => Segment::Key(key.to_owned()),
            None => Segment::Literal(segment.clone()),
        };
        let base = match &parsed {
            Segment::Key(_) => format!("{parent}Item"),
            Segment::Literal(text) => names::upper_camel(action_name(text)),
        };
        // A name already used elsewhere in the tree is qualified by its parent's.
        let mut name = format!("{base}Requests");
        if taken.contains(&name) {
            name = format!("{parent}{base}Requests");
        }
        let name = names::unique(name, taken);
        let own = name.trim_end_matches("Requests").to_owned();

        // Methods of this node: its operations, its bound actions, then its children,
        // each name used once.
        let mut methods: Vec<String> = Vec::new();
        let mut operations = Vec::new();
        for mut operation in self.operations {
            operation.method_name = names::unique(operation.method_name, &mut methods);
            operations.push(operation);
        }
        let keys = self.children.keys().filter(|k| k.starts_with('{')).count();
        let mut children = Vec::new();
        for (child_segment, child) in self.children {
            let is_action = child_segment.contains('.')
                && child.children.is_empty()
                && child.operations.len() == 1
                && child.operations[0].http_method == "POST";
            if is_action {
                let mut operation = child.operations.into_iter().next().expect("one operation");
                operation.method_name = names::unique(names::snake(action_name(&child_segment)), &mut methods);
                operation.segment = Some(child_segment);
                operations.push(operation);
                continue;
            }
            let method = match child_segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(key) if keys > 1 => format!("by_{}", names::module(key)),
                Some(_) => "by_id".to_owned(),
                None => names::snake(action_name(&child_segment)),
            };
            let method = names::unique(method, &mut methods);
            children.push(child.finish(child_segment, method, &own, taken));
        }
        let module = names::module(&name);
        Resource { name, module, template: self.template, segment: parsed, method, operations, children }
    }
}

/// The part of a bound action's segment that names it: `microsoft.graph.assign` → `assign`.
fn action_name(segment: &str) -> &str {
    let segment = segment.trim_end_matches("()");
    segment.rsplit('.').next().unwrap_or(segment)
}

struct Lowering<'a, 'c, 'd> {
    api: &'a OpenAPI,
    components: &'c Components<'a>,
    options: Vec<Options>,
    error_types: Vec<Type>,
    /// Builder names given so far.
    builders: Vec<String>,
    diagnostics: &'d mut Diagnostics,
}

impl<'a> Lowering<'a, '_, '_> {
    fn operation(
        &mut self,
        template: &str,
        method: &str,
        operation: &'a openapiv3::Operation,
        parameters: impl Iterator<Item = &'a ReferenceOr<OaParameter>>,
        at: &str,
    ) -> Result<Operation, Diagnostic> {
        let builder_base = match &operation.operation_id {
            Some(id) => names::upper_camel(id),
            None => format!("{}{}", names::upper_camel(method), names::upper_camel(template)),
        };
        // Operation ids that differ only in punctuation or case would name the same builder.
        let builder = names::unique(format!("{builder_base}Request"), &mut self.builders);
        let mut query: Vec<Parameter> = Vec::new();
        let mut headers: Vec<Parameter> = Vec::new();
        let mut path_names = Vec::new();
        // Setters share the builder with its own methods.
        let mut taken: Vec<String> = ["build", "send", "pages"].map(str::to_owned).to_vec();
        for (i, parameter) in parameters.enumerate() {
            let (parameter, options_name) =
                self.resolve_parameter(parameter, &pointer_path(at, &format!("parameters/{i}")))?;
            let data = parameter.parameter_data_ref();
            let target = match parameter {
                OaParameter::Path { .. } => {
                    path_names.push(data.name.clone());
                    continue;
                }
                OaParameter::Query { .. } => &mut query,
                OaParameter::Header { .. } => &mut headers,
                OaParameter::Cookie { .. } => {
                    return Err(Diagnostic::unsupported(at, format!("the cookie parameter `{}`", data.name)))
                }
            };
            let is_header = matches!(parameter, OaParameter::Header { .. });
            if is_header && (data.name.is_empty() || !data.name.bytes().all(is_token_byte)) {
                return Err(Diagnostic::new(at, format!("`{}` is not a valid HTTP header name", data.name))
                    .with_hint("header names are letters, digits and !#$%&'*+-.^_`|~"));
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Err(Diagnostic::unsupported(at, format!("the parameter `{}` with `content`", data.name)));
            };
            let options_name =
                options_name.unwrap_or_else(|| format!("{builder_base}{}", names::upper_camel(&data.name)));
            let ty = self.parameter_type(schema, &options_name, data.description.as_deref(), at)?;
            let lowered = Parameter {
                name: data.name.clone(),
                rust_name: names::unique(names::snake(&data.name), &mut taken),
                doc: data.description.clone(),
                ty,
                required: data.required,
            };
            // An operation's parameter replaces a path item's of the same name.
            target.retain(|p| p.name != lowered.name);
            target.push(lowered);
        }
        for placeholder in template.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')) {
            if !path_names.iter().any(|n| n == placeholder) {
                return Err(Diagnostic::new(at, format!("the path parameter `{placeholder}` is not declared"))
                    .with_hint("declare it under `parameters` with `in: path`"));
            }
        }
        for name in &path_names {
            if !template.contains(&format!("{{{name}}}")) {
                return Err(Diagnostic::new(
                    at,
                    format!("the path parameter `{name}` is missing from the template `{template}`"),
                ));
            }
        }
        let body = match &operation.request_body {
            None => None,
            Some(body) => Some(self.body(body, &pointer(at, "requestBody"), &format!("{builder_base}RequestBody"))?),
        };
        let response = self.responses(&operation.responses, &pointer(at, "responses"), &builder_base)?;
        let paged = matches!(&response, ResponseShape::Json(Type::Named(name)) if self.is_page(name));
        let method_name = match method {
            "get" if paged => "list".to_owned(),
            other => other.to_owned(),
        };
        let doc = match (&operation.summary, &operation.description) {
            (Some(summary), Some(description)) => Some(format!("{summary}.\n\n{description}").replace("..\n", ".\n")),
            (Some(text), None) | (None, Some(text)) => Some(text.clone()),
            (None, None) => None,
        };
        Ok(Operation {
            builder,
            method_name,
            http_method: method.to_ascii_uppercase(),
            doc,
            query,
            headers,
            body,
            response,
            paged,
            segment: None,
        })
    }

    /// The parameter a reference names, with the options name a shared parameter gives its enum.
    fn resolve_parameter(
        &self,
        parameter: &'a ReferenceOr<OaParameter>,
        at: &str,
    ) -> Result<(&'a OaParameter, Option<String>), Diagnostic> {
        match parameter {
            ReferenceOr::Item(item) => Ok((item, None)),
            ReferenceOr::Reference { reference } => {
                let key = reference
                    .strip_prefix("#/components/parameters/")
                    .ok_or_else(|| Diagnostic::unsupported(at, format!("the parameter reference `{reference}`")))?;
                let found = self.api.components.as_ref().and_then(|c| c.parameters.get(key));
                match found {
                    Some(ReferenceOr::Item(item)) => Ok((item, Some(names::upper_camel(key)))),
                    _ => Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))),
                }
            }
        }
    }

    fn parameter_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        options_name: &str,
        doc: Option<&str>,
        at: &str,
    ) -> Result<ParameterType, Diagnostic> {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let key = schema::ref_key(reference, at)?;
                self.components
                    .get(key)
                    .ok_or_else(|| Diagnostic::new(at, format!("unresolved reference `{reference}`")))?
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(string)) if !string.enumeration.is_empty() => {
                let values = string.enumeration.iter().flatten().cloned().collect();
                Ok(ParameterType::Enum(self.options(options_name, doc, values)))
            }
            SchemaKind::Type(OaType::String(_)) => Ok(ParameterType::String),
            SchemaKind::Type(OaType::Boolean(_)) => Ok(ParameterType::Boolean),
            SchemaKind::Type(OaType::Integer(integer)) => {
                Ok(ParameterType::Integer(schema::integer_type(&integer.format)))
            }
            SchemaKind::Type(OaType::Array(array)) => {
                let items = match &array.items {
                    Some(ReferenceOr::Item(items)) => Some(&**items),
                    Some(ReferenceOr::Reference { reference }) => self.components.get(schema::ref_key(reference, at)?),
                    None => None,
                };
                match items.map(|i| &i.schema_kind) {
                    Some(SchemaKind::Type(OaType::String(string))) if !string.enumeration.is_empty() => {
                        let values = string.enumeration.iter().flatten().cloned().collect();
                        Ok(ParameterType::EnumList(self.options(options_name, doc, values)))
                    }
                    Some(SchemaKind::Type(OaType::String(_))) => Ok(ParameterType::StringList),
                    _ => Err(Diagnostic::unsupported(at, "an array parameter whose items are not strings")),
                }
            }
            _ => Err(Diagnostic::unsupported(
                at,
                "a parameter that is not a string, integer, boolean or array of strings",
            )),
        }
    }

    /// Registers a string enum for parameter values and returns its name.
    fn options(&mut self, name: &str, doc: Option<&str>, values: Vec<String>) -> String {
        if !self.options.iter().any(|o| o.name == name) {
            let mut taken = vec!["Other".to_owned()];
            let values = values
                .into_iter()
                .map(|value| {
                    let variant = names::unique(names::variant(&value), &mut taken);
                    (value, variant)
                })
                .collect();
            self.options.push(Options {
                name: name.to_owned(),
                module: String::new(),
                origin: String::new(),
                doc: doc.map(str::to_owned),
                values,
            });
        }
        name.to_owned()
    }

    fn body(&self, body: &'a ReferenceOr<RequestBody>, at: &str, hint: &str) -> Result<Body, Diagnostic> {
        let (body, at) = match body {
            ReferenceOr::Item(body) => (body, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/requestBodies/");
                let found = key.and_then(|k| self.api.components.as_ref()?.request_bodies.get(k));
                match (found, key) {
                    (Some(ReferenceOr::Item(body)), Some(key)) => (body, pointer("/components/requestBodies", key)),
                    _ => return Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))),
                }
            }
        };
        if let Some(media) = body.content.get("application/json") {
            let Some(schema) = &media.schema else { return Ok(Body::Json(Type::Json)) };
            let schema_at = pointer_path(&at, "content/application~1json/schema");
            let (ty, _) = schema::value_type(self.components, schema, &schema_at, hint)?;
            return Ok(Body::Json(ty));
        }
        if body.content.contains_key("application/octet-stream") {
            return Ok(Body::Bytes);
        }
        let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
        Err(Diagnostic::unsupported(&at, format!("a request body of type {}", types.join(", "))))
    }

    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        at: &str,
        hint: &str,
    ) -> Result<ResponseShape, Diagnostic> {
        let mut json: Option<Type> = None;
        let mut empty = false;
        let mut bytes = false;
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r))
            .chain(responses.default.iter().map(|r| (None, r)));
        for (code, response) in entries {
            let label = code.map_or("default".to_owned(), |c| c.to_string());
            let (response, response_at) = self.resolve_response(response, &pointer(at, &label))?;
            let schema_at = pointer_path(&response_at, "content/application~1json/schema");
            let success = matches!(code, Some(StatusCode::Code(200..=299) | StatusCode::Range(2)));
            let media = response.content.get("application/json");
            if !success {
                if let Some(schema) = media.and_then(|m| m.schema.as_ref()) {
                    let (ty, _) = schema::value_type(self.components, schema, &schema_at, &format!("{hint}Error"))?;
                    if !self.error_types.contains(&ty) {
                        self.error_types.push(ty);
                    }
                }
                continue;
            }
            if response.content.is_empty() {
                empty = true;
            } else if let Some(media) = media {
                let ty = match &media.schema {
                    Some(schema) => {
                        schema::value_type(self.components, schema, &schema_at, &format!("{hint}Response"))?.0
                    }
                    None => Type::Json,
                };
                if json.as_ref().is_some_and(|t| *t != ty) {
                    return Err(Diagnostic::unsupported(&response_at, "success responses with different body types"));
                }
                json = Some(ty);
            } else if response.content.contains_key("application/octet-stream") {
                bytes = true;
            } else {
                let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                return Err(Diagnostic::unsupported(
                    &response_at,
                    format!("a response body of type {}", types.join(", ")),
                ));
            }
        }
        Ok(match (json, empty, bytes) {
            (Some(_), _, true) => return Err(Diagnostic::unsupported(at, "success responses of both JSON and bytes")),
            (Some(ty), true, false) => ResponseShape::JsonOrEmpty(ty),
            (Some(ty), false, false) => ResponseShape::Json(ty),
            (None, _, true) => ResponseShape::Bytes,
            (None, _, false) => ResponseShape::Empty,
        })
    }

    /// The response a reference names, and where it is written.
    fn resolve_response(
        &self,
        response: &'a ReferenceOr<Response>,
        at: &str,
    ) -> Result<(&'a Response, String), Diagnostic> {
        match response {
            ReferenceOr::Item(response) => Ok((response, at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/");
                match (key.and_then(|k| self.api.components.as_ref()?.responses.get(k)), key) {
                    (Some(ReferenceOr::Item(response)), Some(key)) => {
                        Ok((response, pointer("/components/responses", key)))
                    }
                    _ => Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))),
                }
            }
        }
    }

    /// Whether a type is a page of a collection: a `value` array and an `@odata.nextLink` string.
    fn is_page(&self, type_name: &str) -> bool {
        let Some((schema, at)) = self.components.schema_of(type_name) else { return false };
        if schema.schema_data.discriminator.is_some() {
            return false;
        }
        let Ok(shape) = schema::object_shape(self.components, schema, &at) else { return false };
        let kind = |name: &str| {
            shape.properties.iter().find(|p| p.name == name).and_then(|p| match p.schema {
                ReferenceOr::Item(schema) => Some(&schema.schema_kind),
                ReferenceOr::Reference { .. } => None,
            })
        };
        let next_link = shape.properties.iter().find(|p| p.name == NEXT_LINK);
        matches!(kind("value"), Some(SchemaKind::Type(OaType::Array(_))))
            && next_link.is_some_and(|p| matches!(p.schema, ReferenceOr::Item(s) if schema::is_plain_string(s)))
    }
}

/// Whether a byte may appear in an HTTP header name (RFC 9110 `tchar`).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

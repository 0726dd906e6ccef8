//! Phase 3, continued: paths and operations to a tree of request builders.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    ArrayType, MediaType, OpenAPI, Parameter as OaParameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    RequestBody, Response, Schema, SchemaKind, StatusCode, StringFormat, Type as OaType, VariantOrUnknownOrEmpty,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use crate::ir::{
    Answer, Body, FormParts, FormStyle, MediaKind, Operation, Options, OtherBody, Parameter, ParameterType, PartField,
    PartKind, PathParameter, Resource, ResponseShape, Segment, StatusVariant, TemplatePart, Type, WholeQuery,
    NEXT_LINK,
};
use crate::names;
use crate::operations::{self, Found, Others};
use crate::schema::{self, Components};

/// What lowering the paths produces.
pub struct Requests {
    /// The nodes below the root, each reached by a method on the client.
    pub resources: Vec<Resource>,
    /// Operations on the root path, started by a method on the client.
    pub root_operations: Vec<Operation>,
    pub options: Vec<Options>,
    /// The options enums named after the operation that first used them, which
    /// `option_names` may name after the type they list instead.
    pub renamable: BTreeSet<String>,
    /// The type of error bodies, from the 4XX, 5XX and default responses.
    pub error_type: Option<Type>,
    /// Pages whose operations name their items and next link (`x-ms-pageable`): type →
    /// (items, next link), as JSON names.
    pub pages: IndexMap<String, (String, String)>,
}

/// Lowers every path; problems are added to `diagnostics`.
pub fn lower_requests<'a>(
    api: &'a OpenAPI,
    others: &'a Others,
    components: &Components<'a>,
    diagnostics: &mut Diagnostics,
) -> Requests {
    let mut lowering = Lowering {
        api,
        components,
        options: Vec::new(),
        shared_options: std::collections::HashMap::new(),
        renamable: BTreeSet::new(),
        error_types: Vec::new(),
        builders: Vec::new(),
        path_types: IndexMap::new(),
        pages: IndexMap::new(),
        diagnostics,
    };
    let mut root = Node::default();
    for (template, item) in &api.paths.paths {
        let at = pointer("/paths", template);
        let ReferenceOr::Item(item) = item else {
            lowering.diagnostics.push(Diagnostic::unsupported(&at, "a `$ref` path item"));
            continue;
        };
        let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        let node = root.descend(&segments);
        node.template = template.clone();
        for found in operations::of_item(template, item, others) {
            let parameters = item.parameters.iter().chain(&found.operation.parameters);
            match lowering.operation(template, &found, parameters) {
                Ok(operation) => node.operations.push(operation),
                Err(diagnostic) => lowering.diagnostics.push(diagnostic),
            }
        }
    }
    root.prune();
    // The nodes of the first segments keep their plain names (`WebhooksRequests`), whatever
    // deeper nodes are met first; a deeper node of the same name is qualified by its parent.
    // So do the names the second segments' nodes are qualified to (`ProcessorTokenRequests`
    // for `/processor/token`), which a deeper `processor_token` would otherwise take first.
    let literal = |segment: &str| match parse_segment(segment, &lowering.path_types) {
        Segment::Literal(text) => Some(names::upper_camel(action_name(&text))),
        _ => None,
    };
    let mut reserved: Vec<String> = Vec::new();
    for (segment, child) in &root.children {
        let Some(first) = literal(segment) else { continue };
        reserved.push(format!("{first}Requests"));
        reserved
            .extend(child.children.keys().filter_map(|s| literal(s)).map(|second| format!("{first}{second}Requests")));
    }
    let mut finishing =
        Finishing { taken: Vec::new(), modules: Vec::new(), reserved, path_types: &lowering.path_types };
    // The client's own methods are the entry points; they must not shadow its settings.
    let mut methods = names::taken_methods(CLIENT_METHODS, false);
    let root_operations = root
        .operations
        .into_iter()
        .map(|mut operation| {
            operation.method_name = names::first_free(operation_names(&operation), &mut methods);
            operation
        })
        .collect();
    let keys = root.children.keys().filter(|k| is_key(k)).count();
    let resources = root
        .children
        .into_iter()
        .map(|(segment, child)| {
            let method = names::first_free(navigation_methods(&segment, keys), &mut methods);
            child.finish(segment, method, "", &mut finishing)
        })
        .collect();
    let error_type = lowering.error_types.first().cloned();
    Requests {
        resources,
        root_operations,
        options: lowering.options,
        renamable: lowering.renamable,
        error_type,
        pages: lowering.pages,
    }
}

/// The client's own methods (`graphgen/templates/client.rs`), which no method generated on
/// the client may take; `default` too, as `Client::default()` is its `Default`.
pub(super) const CLIENT_METHODS: &[&str] =
    &["new", "default", "with_base_url", "bearer_token", "token_callback", "retry_policy", "http_client", "base_url"];

/// The methods `graphgen/templates/request.rs` gives every request, which no setter or
/// other method generated on a request may take (a test reads the template to keep this
/// list whole).
pub(crate) const REQUEST_METHODS: &[&str] = &[
    "new",
    "with_method",
    "answered_as",
    "build",
    "with_header",
    "with_timeout",
    "with_retry_policy",
    "read",
    "send",
    "send_streaming",
    "pages",
    "at_link",
];

/// A node of the URL tree while it is being built.
#[derive(Default)]
struct Node {
    template: String,
    operations: Vec<Operation>,
    children: IndexMap<String, Node>,
}

impl Node {
    /// Drops nodes that lead to no operation, such as a path item without operations;
    /// they would be navigation structs nothing can use.
    fn prune(&mut self) {
        self.children.retain(|_, child| {
            child.prune();
            !child.operations.is_empty() || !child.children.is_empty()
        });
    }

    /// The node at `segments` below this one, created with the nodes on the way if need
    /// be. A node on the way that no path item declares is named by the path up to it.
    /// Keys at one place are one node whatever their parameters' names: Chroma writes
    /// `/tenants/{tenant_name}` and `/tenants/{tenant}/databases`, and both are
    /// `tenants().by_id(…)`, as a key's value, not its name, goes into the URL.
    fn descend(&mut self, segments: &[&str]) -> &mut Node {
        match segments.split_first() {
            None => self,
            Some((first, rest)) => {
                let sibling = is_key(first).then(|| self.children.keys().find(|k| is_key(k)).cloned()).flatten();
                let first = sibling.as_deref().unwrap_or(first);
                let template = format!("{}/{first}", self.template.trim_end_matches('/'));
                let child = self.children.entry(first.to_owned()).or_default();
                if child.template.is_empty() {
                    child.template = template;
                }
                child.descend(rest)
            }
        }
    }

    /// Names the node and its children. Bound actions become methods of their parent.
    fn finish(self, segment: String, method: String, parent: &str, finishing: &mut Finishing) -> Resource {
        let parsed = parse_segment(&segment, finishing.path_types);
        let base = match &parsed {
            Segment::Key(_) => format!("{parent}Item"),
            Segment::Literal(text) => names::upper_camel(action_name(text)),
            Segment::Template(_) => names::upper_camel(&method),
        };
        let taken = &finishing.taken;
        // A name already used elsewhere in the tree, or kept for a first segment, is
        // qualified by its parent's.
        // A dotted segment read as an action's name may still be told apart by its whole
        // text: Halo's `api.content.halo.run` beside `api.halo.run`.
        let plain = format!("{base}Requests");
        let mut candidates = Vec::new();
        if !taken.contains(&plain) && (parent.is_empty() || !finishing.reserved.contains(&plain)) {
            candidates.push(plain);
        }
        candidates.push(format!("{parent}{base}Requests"));
        if let Segment::Literal(text) = &parsed {
            if action_name(text) != text {
                candidates.push(format!("{parent}{}Requests", names::upper_camel(text)));
            }
            // The method's name spells what the type's name drops: `-1000000` is `minus_1000000`.
            candidates.push(format!("{parent}{}Requests", names::upper_camel(&method)));
        }
        // Each struct has a module of its own, so two names of one module (`GenerateOTPRequests`
        // and `GenerateOtpRequests`, both `generate_otp_requests`) cannot both be taken.
        let free = |name: &String| !taken.contains(name) && !finishing.modules.contains(&names::file_module(name));
        let name = candidates.iter().find(|c| free(c)).cloned().unwrap_or_else(|| {
            let last = candidates.last().cloned().unwrap_or_default();
            (2..).map(|n| format!("{last}{n}")).find(|c| free(c)).unwrap_or(last)
        });
        finishing.taken.push(name.clone());
        finishing.modules.push(names::file_module(&name));
        let own = name.strip_suffix("Requests").unwrap_or(&name).to_owned();

        // Methods of this node: its operations, its bound actions, then its children,
        // each name used once.
        let mut methods = names::taken_methods(&[], false);
        let mut operations = Vec::new();
        for mut operation in self.operations {
            operation.method_name = names::first_free(operation_names(&operation), &mut methods);
            operations.push(operation);
        }
        let keys = self.children.keys().filter(|k| is_key(k)).count();
        let mut navigable = Vec::new();
        for (child_segment, child) in self.children {
            let is_action =
                child_segment.rsplit_once('.').is_some_and(|(namespace, name)| is_qualified(namespace, name))
                    && child.children.is_empty()
                    && child.operations.len() == 1
                    && child.operations[0].http_method == "POST";
            if is_action {
                let mut operation = child.operations.into_iter().next().expect("one operation");
                // An action that meets a taken name is qualified by its HTTP method:
                // `post_clone` beside `Clone::clone`.
                let name = names::snake(action_name(&child_segment));
                let qualified = format!("{}_{name}", operation.http_method.to_ascii_lowercase());
                operation.method_name = names::first_free([name, qualified], &mut methods);
                operation.segment = Some(child_segment);
                operations.push(operation);
                continue;
            }
            navigable.push((child_segment, child));
        }
        // The methods that take a body's other forms, after every operation's own.
        for operation in &mut operations {
            let base = operation.method_name.trim_start_matches("r#").trim_end_matches('_').to_owned();
            for other in &mut operation.other_bodies {
                other.method = names::first_free([format!("{base}_{}", other.kind)], &mut methods);
            }
        }
        // A child with one name to choose from chooses first (`by_id` for `{id}`, beside
        // `{id}.json`, which then takes `by_id_json`); the rest choose in order.
        let lists: Vec<Vec<String>> = navigable
            .iter()
            .map(|(segment, _)| {
                let mut list = navigation_methods(segment, keys);
                list.dedup();
                list
            })
            .collect();
        let mut chosen: Vec<Option<String>> = vec![None; lists.len()];
        for only_one in [true, false] {
            for (list, chosen) in lists.iter().zip(chosen.iter_mut()) {
                if chosen.is_none() && (list.len() == 1) == only_one {
                    *chosen = Some(names::first_free(list.clone(), &mut methods));
                }
            }
        }
        let chosen = chosen.into_iter().flatten();
        let children: Vec<Resource> = navigable
            .into_iter()
            .zip(chosen)
            .map(|((child_segment, child), method)| child.finish(child_segment, method, &own, finishing))
            .collect();
        let module = names::file_module(&name);
        Resource { name, module, template: self.template, segment: parsed, method, operations, children }
    }
}

/// What naming the nodes of the URL tree needs.
struct Finishing<'p> {
    /// Resource struct names given so far.
    taken: Vec<String>,
    /// Their modules.
    modules: Vec<String>,
    /// The names of the first segments' nodes, which only they take, and the qualified
    /// names of the second segments' nodes.
    reserved: Vec<String>,
    path_types: &'p IndexMap<String, ParameterType>,
}

/// Whether a segment is a key, such as `{user-id}`.
fn is_key(segment: &str) -> bool {
    segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')).is_some_and(|key| !key.contains(['{', '}']))
}

/// The methods that may lead to a segment from its parent, the plain one first: `by_id`
/// for the only key among its siblings, `by_<key>` for one of several (or where `by_id` is
/// taken), the function's name for an OData function (`reminder_view`), then with its
/// parameters (`supported_time_zones_with_time_zone_standard`, for an overload),
/// `<name>_by_<parameters>` for an alternate key, and otherwise the segment's name. A
/// segment's name that is taken is its whole text where the name was read after a dot
/// (`api_halo_run`), or gets `_path` (a segment `get` beside the `get()` builder).
fn navigation_methods(segment: &str, keys: usize) -> Vec<String> {
    if is_key(segment) {
        let by_key = format!("by_{}", names::module(&segment[1..segment.len() - 1]));
        return if keys > 1 { vec![by_key] } else { vec!["by_id".to_owned(), by_key] };
    }
    if !segment.contains('{') {
        let name = names::snake(action_name(segment));
        let qualified = format!("{}_path", name.trim_start_matches("r#"));
        let whole = (action_name(segment) != segment).then(|| names::snake(segment));
        return std::iter::once(name).chain(whole).chain([qualified]).collect();
    }
    let prefix = &segment[..segment.find(['(', '{']).unwrap_or(segment.len())];
    let parameters: Vec<String> = placeholders(segment).map(names::module).collect();
    match prefix.rsplit_once('.') {
        // A name and an extension that is a parameter: `nearest.{outputFormat}`.
        Some((name, "")) if !name.is_empty() => {
            let name = names::snake(name);
            let with = format!("{}_with_{}", name.trim_start_matches("r#"), parameters.join("_and_"));
            vec![name, with]
        }
        Some((_, function)) => {
            let name = names::snake(function);
            let with = format!("{}_with_{}", name.trim_start_matches("r#"), parameters.join("_and_"));
            vec![name, with]
        }
        // The text after the parameters tells apart Box's `{file_id}#add_shared_link`.
        None if prefix.is_empty() => {
            let by = format!("by_{}", parameters.join("_and_"));
            // The rest is a word of the name, not a name of its own: `:return` is `return`.
            let rest = segment.rsplit('}').next().map(|rest| names::snake(rest).trim_start_matches("r#").to_owned());
            let rest = rest.filter(|r| !r.is_empty());
            std::iter::once(by.clone()).chain(rest.map(|rest| format!("{by}_{rest}"))).collect()
        }
        None => vec![format!("{}_by_{}", names::module(prefix), parameters.join("_and_"))],
    }
}

/// The names an operation's builder method may take: its HTTP method's (or `list`), then,
/// where two operations of one method meet on a node (keys of different names, as Google's
/// `/v1beta1/{beaconName}` and `/v1beta1/{namespaceName}`), its operation id's.
fn operation_names(operation: &Operation) -> Vec<String> {
    let id = operation.operation_id.as_deref().map(|id| names::snake(id).trim_start_matches("r#").to_owned());
    // Without an id, the builder's name, which is unique: `post_my_follows_categories_uuid`.
    let builder = names::snake(operation.builder.trim_end_matches("Request")).trim_start_matches("r#").to_owned();
    std::iter::once(operation.method_name.clone()).chain(id.filter(|id| !id.is_empty())).chain([builder]).collect()
}

/// The names of the parameters written in a path or segment: `{user-id}` → `user-id`.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Reads a segment of a path template. A segment that is one parameter is a key; one
/// with parameters among other text is a template, whose parameters take their types
/// from the path parameters of the same name.
fn parse_segment(segment: &str, types: &IndexMap<String, ParameterType>) -> Segment {
    if is_key(segment) {
        return Segment::Key(segment[1..segment.len() - 1].to_owned());
    }
    if !segment.contains('{') {
        return Segment::Literal(path_literal(segment));
    }
    let mut parts = Vec::new();
    let mut taken = Vec::new();
    let mut rest = segment;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else { break };
        if !before.is_empty() {
            parts.push(TemplatePart::Literal(path_literal(before)));
        }
        let ty = match types.get(name) {
            Some(ty @ (ParameterType::Integer(_) | ParameterType::Boolean | ParameterType::Enum(_))) => ty.clone(),
            _ => ParameterType::String,
        };
        parts.push(TemplatePart::Parameter(PathParameter {
            name: name.to_owned(),
            rust_name: names::unique(names::snake(name), &mut taken),
            ty,
            quoted: before.ends_with('\'') && after.starts_with('\''),
        }));
        rest = after;
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(path_literal(rest)));
    }
    Segment::Template(parts)
}

/// Characters a path segment cannot hold as they are (RFC 3986 `pchar` is unreserved
/// characters, sub-delimiters, `:` and `@`). `%` is kept, as the description may have
/// encoded a character itself.
const NOT_PCHAR: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A segment's fixed text as it is written in a URL.
fn path_literal(text: &str) -> String {
    utf8_percent_encode(text, NOT_PCHAR).to_string()
}

/// The part of a bound action's segment that names it: `microsoft.graph.assign` → `assign`.
fn action_name(segment: &str) -> &str {
    let segment = segment.trim_end_matches("()");
    match segment.rsplit_once('.') {
        Some((namespace, name)) if is_qualified(namespace, name) => name,
        _ => segment,
    }
}

/// File extensions, which follow a `.` in a segment but name no OData action.
const EXTENSIONS: &[&str] = &["csv", "htm", "html", "ics", "json", "pdf", "png", "txt", "xml", "yaml", "yml", "zip"];

/// Whether `namespace.name` is a name qualified by an OData namespace (`microsoft.graph`,
/// `odata`: dotted, or lower case) and not a file's name: Twilio's `Messages.json` keeps its
/// extension (`messages_json`).
fn is_qualified(namespace: &str, name: &str) -> bool {
    let lower = !namespace.is_empty() && !namespace.starts_with(|c: char| c.is_ascii_uppercase());
    (namespace.contains('.') || lower) && !EXTENSIONS.contains(&name.to_ascii_lowercase().as_str())
}

struct Lowering<'a, 'c, 'd> {
    api: &'a OpenAPI,
    components: &'c Components<'a>,
    options: Vec<Options>,
    /// The enum of each (description, values) registered, for parameters that share one.
    shared_options: std::collections::HashMap<(Option<String>, Vec<String>), String>,
    /// See [`Requests::renamable`].
    renamable: BTreeSet<String>,
    error_types: Vec<Type>,
    /// Builder names given so far.
    builders: Vec<String>,
    /// The type of each path parameter, from its first declaration.
    path_types: IndexMap<String, ParameterType>,
    /// See [`Requests::pages`].
    pages: IndexMap<String, (String, String)>,
    diagnostics: &'d mut Diagnostics,
}

impl<'a> Lowering<'a, '_, '_> {
    fn operation(
        &mut self,
        template: &str,
        found: &Found<'a>,
        parameters: impl Iterator<Item = &'a ReferenceOr<OaParameter>>,
    ) -> Result<Operation, Diagnostic> {
        let (operation, method, at) = (found.operation, found.name, found.at.as_str());
        let from_path = format!("{}{}", names::upper_camel(method), names::upper_camel(template));
        // Repeated operation ids, and ids that differ only in punctuation or case, would
        // name the same builder and the same body, response and options types: a later
        // one is named by its method and path.
        let candidates = operation.operation_id.as_deref().map(names::upper_camel).into_iter().chain([from_path]);
        let builder_base = names::first_free(candidates, &mut self.builders);
        let builder = format!("{builder_base}Request");
        let mut query: Vec<Parameter> = Vec::new();
        let mut headers: Vec<Parameter> = Vec::new();
        let mut cookies: Vec<Parameter> = Vec::new();
        let mut path_names = Vec::new();
        // Setters share the builder with its own methods.
        let mut taken = names::taken_methods(REQUEST_METHODS, true);
        for (i, parameter) in parameters.enumerate() {
            let (parameter, options_name) =
                self.resolve_parameter(parameter, &pointer_path(at, &format!("parameters/{i}")))?;
            let data = parameter.parameter_data_ref();
            let target = match parameter {
                OaParameter::Path { .. } => {
                    path_names.push(data.name.clone());
                    if let (false, ParameterSchemaOrContent::Schema(schema)) =
                        (self.path_types.contains_key(&data.name), &data.format)
                    {
                        let options_name = options_name.unwrap_or_else(|| names::upper_camel(&data.name));
                        let ty = self
                            .parameter_type(schema, &options_name, data.description.as_deref(), at)
                            .unwrap_or(ParameterType::String);
                        self.path_types.insert(data.name.clone(), ty);
                    }
                    continue;
                }
                OaParameter::Query { .. } => &mut query,
                OaParameter::Header { .. } => &mut headers,
                OaParameter::Cookie { .. } => &mut cookies,
            };
            let place = match parameter {
                OaParameter::Header { .. } => "header",
                OaParameter::Cookie { .. } => "cookie",
                _ => "query",
            };
            let is_header = matches!(parameter, OaParameter::Header { .. });
            if is_header && (data.name.is_empty() || !data.name.bytes().all(crate::operations::is_token_byte)) {
                return Err(Diagnostic::new(at, format!("`{}` is not a valid HTTP header name", data.name))
                    .with_hint("header names are letters, digits and !#$%&'*+-.^_`|~"));
            }
            let derived = options_name.is_none();
            let options_name =
                options_name.unwrap_or_else(|| format!("{builder_base}{}", names::upper_camel(&data.name)));
            // A parameter given as `content` (JSON, say) is written as the text the caller gives.
            let ty = match &data.format {
                _ if data.extensions.contains_key(operations::QUERY_STRING) => {
                    ParameterType::WholeQuery(self.whole_query(&data.format, &options_name, at)?)
                }
                ParameterSchemaOrContent::Schema(schema) => {
                    self.parameter_type(schema, &options_name, data.description.as_deref(), at)?
                }
                ParameterSchemaOrContent::Content(_) => ParameterType::String,
            };
            if let (true, ParameterType::Enum(name) | ParameterType::EnumList(name)) = (derived, &ty) {
                if *name == options_name {
                    self.renamable.insert(options_name);
                }
            }
            // An operation's parameter replaces a path item's of the same name, and takes
            // its setter; a setter that meets a taken name is qualified by where the value goes.
            let replaced = target.iter().position(|p| p.name == data.name).map(|i| target.remove(i).rust_name);
            let rust_name = replaced.unwrap_or_else(|| {
                // Twilio's `DateCreated<` and `DateCreated>` are `date_created_lt` and `_gt`.
                let comparison = [("<=", "le"), (">=", "ge"), ("<", "lt"), (">", "gt")]
                    .iter()
                    .find(|(operator, _)| data.name.ends_with(operator))
                    .map(|(_, word)| format!("{}_{word}", names::module(&data.name)));
                let qualified = format!("{}_{place}", names::module(&data.name));
                let plain = names::snake(&data.name);
                names::first_free([plain].into_iter().chain(comparison).chain([qualified]), &mut taken)
            });
            target.push(Parameter {
                name: data.name.clone(),
                rust_name,
                doc: data.description.clone(),
                ty,
                required: data.required,
            });
        }
        // A parameter in the template that is not declared is still a segment of the URL:
        // it is a string. One declared but not in the template cannot be sent, so it is left out.
        for placeholder in placeholders(template) {
            if !path_names.iter().any(|n| n == placeholder) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "undeclared-path-parameter",
                        at,
                        format!("the path parameter `{placeholder}` is not declared; it is read as a string"),
                    )
                    .with_hint("declare it under `parameters` with `in: path`"),
                );
            }
        }
        for name in &path_names {
            if !template.contains(&format!("{{{name}}}")) {
                self.diagnostics.push(Diagnostic::warning(
                    "unused-path-parameter",
                    at,
                    format!("the path parameter `{name}` is not in the template `{template}`; it is left out"),
                ));
            }
        }
        let body = match &operation.request_body {
            None => None,
            Some(body) => Some(self.body(body, &pointer(at, "requestBody"), &builder_base, None)?),
        };
        let other_bodies = match &operation.request_body {
            Some(body) => self.other_bodies(body, &pointer(at, "requestBody"), &builder_base)?,
            None => Vec::new(),
        };
        let responses_at = pointer(at, "responses");
        let (response, accept) = self.responses(&operation.responses, &responses_at, &builder_base, None)?;
        let answers = self.answers(operation, &responses_at, &builder_base, &response, &mut taken)?;
        // Azure's `x-ms-pageable` names the items and the next link (`nextLinkName: null`
        // is one page); otherwise a page is OData's `value` and `@odata.nextLink`.
        let page_type = match (&response, pageable(operation)) {
            (ResponseShape::Json(Type::Named(name)), Some((items, Some(next)))) => {
                let named = self.is_page(name, &items, &next);
                if named {
                    self.pages.insert(name.clone(), (items, next));
                }
                named
            }
            (ResponseShape::Json(Type::Named(_)), Some((_, None))) => false,
            (ResponseShape::Json(Type::Named(name)), None) => self.is_page(name, "value", NEXT_LINK),
            _ => false,
        };
        let paged = page_type || matches!(&response, ResponseShape::Json(Type::Collection(..)));
        let method_name = match method {
            "get" if page_type => "list".to_owned(),
            // Another method's name, `COPY` or `QUERY`, as a method: `copy`, `query`.
            other => names::snake(other),
        };
        let doc = match (&operation.summary, &operation.description) {
            (Some(summary), Some(description)) => {
                let description = crate::docs::dedent(description);
                Some(format!("{summary}.\n\n{}", description.trim_matches('\n')).replace("..\n", ".\n"))
            }
            (Some(text), None) | (None, Some(text)) => Some(text.clone()),
            (None, None) => None,
        };
        Ok(Operation {
            builder,
            marker: format!("{builder_base}Operation"),
            method_name,
            http_method: found.method.clone(),
            doc,
            query,
            headers,
            cookies,
            body,
            response,
            paged,
            segment: None,
            accept,
            tag: operation.tags.first().cloned(),
            operation_id: operation.operation_id.clone(),
            security: operation.security.as_deref().map(super::security::requirements),
            answers,
            other_bodies,
        })
    }

    /// The forms a request body may take besides the default: one for each other kind of
    /// media type its `content` offers that is written differently (a multipart form beside
    /// JSON, say). Their methods are named when the node's are.
    fn other_bodies(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &str,
        builder_base: &str,
    ) -> Result<Vec<OtherBody>, Diagnostic> {
        // An unresolved reference is reported by the body's own lowering.
        let Ok((request_body, _)) = self.request_body(body, at) else { return Ok(Vec::new()) };
        let content = &request_body.content;
        let Some((_, _, default)) = pick_media(content, None, true) else { return Ok(Vec::new()) };
        let mut words = vec![default.body_word()];
        let mut kinds: Vec<(MediaKind, &MediaType)> =
            content.iter().map(|(media_type, media)| (media_kind(media_type, media), media)).collect();
        kinds.sort_by_key(|(kind, _)| *kind);
        let mut others = Vec::new();
        for (kind, media) in kinds {
            // A multipart form beside another body is offered for its files; without any it
            // says only what the other body does, and would be a struct more per operation
            // (Django REST framework offers every body as JSON, a form and multipart).
            let files = || media.schema.as_ref().is_some_and(|schema| self.has_file(schema));
            if words.contains(&kind.body_word()) || (kind == MediaKind::Multipart && !files()) {
                continue;
            }
            words.push(kind.body_word());
            let body = self.body(body, at, builder_base, Some(kind))?;
            others.push(OtherBody { method: String::new(), kind: kind.body_word(), body });
        }
        Ok(others)
    }

    /// The forms an operation's successful answers come in besides `default`: one for each
    /// other kind of media type they offer (an event stream beside JSON, say) that reads
    /// as something else, and does not depend on the status.
    fn answers(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &str,
        builder_base: &str,
        default: &ResponseShape,
        taken: &mut Vec<String>,
    ) -> Result<Vec<Answer>, Diagnostic> {
        let mut kinds = BTreeSet::new();
        for (code, response) in &operation.responses.responses {
            if matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)) {
                if let Ok((response, _)) = self.resolve_response(response, &pointer(at, &code.to_string())) {
                    kinds.extend(response.content.iter().map(|(media_type, media)| media_kind(media_type, media)));
                }
            }
        }
        let mut answers = Vec::new();
        if kinds.len() < 2 {
            return Ok(answers);
        }
        for kind in kinds {
            // An answer by status would name an enum of its own; it is not offered.
            let builders = self.builders.clone();
            let (response, accept) = self.responses(&operation.responses, at, builder_base, Some(kind))?;
            if matches!(response, ResponseShape::ByStatus { .. }) {
                self.builders = builders;
                continue;
            }
            if response == *default {
                continue;
            }
            let method = names::first_free([kind.method().to_owned(), format!("as_{}", kind.method())], taken);
            let accept = accept.unwrap_or_else(|| JSON.to_owned());
            answers.push(Answer { method, marker: String::new(), response, accept });
        }
        Ok(answers)
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
                    Some(SchemaKind::Type(OaType::Integer(_) | OaType::Number(_) | OaType::Boolean(_))) => {
                        Ok(ParameterType::DisplayList)
                    }
                    _ => Ok(ParameterType::StringList),
                }
            }
            SchemaKind::Type(OaType::Number(_)) => Ok(ParameterType::Number),
            // Objects and anything else are written as the text the caller gives.
            _ => Ok(ParameterType::String),
        }
    }

    /// Registers a string enum for parameter values and returns its name. Parameters that
    /// allow the same values, with the same description, share the first one's enum: Graph
    /// writes the `$select`, `$expand` and `$orderby` values of a type inline in every
    /// operation that returns it, 7,165 lists with 875 distinct ones in v1.0 of January 2023.
    fn options(&mut self, name: &str, doc: Option<&str>, values: Vec<String>) -> String {
        let key = (doc.map(str::to_owned), values);
        if !self.options.iter().any(|o| o.name == name) {
            if let Some(shared) = self.shared_options.get(&key) {
                return shared.clone();
            }
            self.shared_options.insert(key.clone(), name.to_owned());
            let (values, other) = super::enum_variants(key.1);
            self.options.push(Options {
                other,
                name: name.to_owned(),
                namespace: String::new(),
                module: String::new(),
                origin: String::new(),
                doc: doc.map(str::to_owned),
                values,
            });
        }
        name.to_owned()
    }

    /// The request body a reference names, and where it is written.
    fn request_body(
        &self,
        body: &'a ReferenceOr<RequestBody>,
        at: &str,
    ) -> Result<(&'a RequestBody, String), Diagnostic> {
        match body {
            ReferenceOr::Item(body) => Ok((body, at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/requestBodies/");
                let found = key.and_then(|k| self.api.components.as_ref()?.request_bodies.get(k));
                match (found, key) {
                    (Some(ReferenceOr::Item(body)), Some(key)) => Ok((body, pointer("/components/requestBodies", key))),
                    _ => Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))),
                }
            }
        }
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &str,
        builder_base: &str,
        prefer: Option<MediaKind>,
    ) -> Result<Body, Diagnostic> {
        let hint = &format!("{builder_base}RequestBody");
        let (body, at) = self.request_body(body, at)?;
        let Some((media_type, media, kind)) = pick_media(&body.content, prefer, true) else {
            return Ok(Body::Bytes(OCTET_STREAM.to_owned()));
        };
        Ok(match kind {
            MediaKind::Json => {
                let ty = match &media.schema {
                    Some(schema) => schema::value_type(self.components, schema, &schema_at(&at, media_type), hint)?.0,
                    None => Type::Json,
                };
                // The declared type is sent as written, so that `application/merge-patch+json`
                // or a charset reaches the service; plain JSON is sent without parameters.
                let is_plain = media_type.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case(JSON));
                Body::Json(ty, if is_plain { JSON.to_owned() } else { media_type.clone() })
            }
            MediaKind::Form => match &media.schema {
                Some(schema) => {
                    let ty = schema::value_type(self.components, schema, &schema_at(&at, media_type), hint)?.0;
                    let is_object = match &ty {
                        Type::Named(name) => self.components.schema_of(name).is_some_and(|(s, _)| schema::is_object(s)),
                        _ => false,
                    };
                    if is_object {
                        Body::Form(ty, media_type.clone(), form_styles(media))
                    } else {
                        Body::Bytes(media_type.clone())
                    }
                }
                None => Body::Bytes(media_type.clone()),
            },
            MediaKind::Multipart => match &media.schema {
                Some(schema) => match self.form_parts(schema, &schema_at(&at, media_type), builder_base, media)? {
                    Some(form) => Body::Multipart(form),
                    None => Body::Bytes(media_type.clone()),
                },
                None => Body::Bytes(media_type.clone()),
            },
            MediaKind::Text => Body::Text(media_type.clone()),
            // A wildcard says any bytes will do; they are sent as what they are not known to be more than.
            MediaKind::Bytes if media_type.contains('*') => Body::Bytes(OCTET_STREAM.to_owned()),
            MediaKind::Bytes | MediaKind::Events | MediaKind::Lines => Body::Bytes(media_type.clone()),
        })
    }

    /// How the whole query string is written: a form of an object's properties, JSON, or
    /// text. A schema without `content` is read as a form of it.
    fn whole_query(
        &mut self,
        format: &'a ParameterSchemaOrContent,
        hint: &str,
        at: &str,
    ) -> Result<WholeQuery, Diagnostic> {
        let (schema, media, schema_at) = match format {
            ParameterSchemaOrContent::Schema(schema) => (Some(schema), None, pointer(at, "schema")),
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((media_type, media)) => (media.schema.as_ref(), Some((media_type, media)), schema_at(at, media_type)),
                None => (None, None, String::new()),
            },
        };
        let kind = media.map_or(MediaKind::Form, |(media_type, _)| MediaKind::of(media_type));
        let Some(schema) = schema.filter(|_| matches!(kind, MediaKind::Form | MediaKind::Json)) else {
            return Ok(WholeQuery::Text);
        };
        let ty = schema::value_type(self.components, schema, &schema_at, hint)?.0;
        if kind == MediaKind::Json {
            return Ok(WholeQuery::Json(ty));
        }
        let is_object = match &ty {
            Type::Named(name) => self.components.schema_of(name).is_some_and(|(s, _)| schema::is_object(s)),
            _ => false,
        };
        Ok(match is_object {
            true => WholeQuery::Form(ty, media.map(|(_, media)| form_styles(media)).unwrap_or_default()),
            false => WholeQuery::Text,
        })
    }

    /// The schema a body or property gives: inline, or the component its reference names.
    fn resolve<S: schema::AsSchema>(&self, schema: &'a ReferenceOr<S>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.as_schema()),
            ReferenceOr::Reference { reference } => {
                reference.strip_prefix("#/components/schemas/").and_then(|key| self.components.get(key))
            }
        }
    }

    /// Whether an object schema has a file among its properties, or a list of files.
    fn has_file(&self, schema: &'a ReferenceOr<Schema>) -> bool {
        let Some(schema) = self.resolve(schema).filter(|schema| schema::is_object(schema)) else { return false };
        let Ok(shape) = schema::object_shape(self.components, schema, "") else { return false };
        shape.properties.iter().any(|property| {
            self.resolve(property.schema)
                .is_some_and(|schema| is_binary(schema) || array_items(schema).is_some_and(is_binary))
        })
    }

    /// The struct of a multipart body whose schema is an object, or `None` for one that is
    /// not, which is sent as the caller's bytes.
    fn form_parts(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        at: &str,
        builder_base: &str,
        media: &MediaType,
    ) -> Result<Option<FormParts>, Diagnostic> {
        let (schema, at) = match schema {
            ReferenceOr::Item(schema) => (schema, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let key = schema::ref_key(reference, at)?;
                match self.components.get(key) {
                    Some(schema) => (schema, pointer("/components/schemas", key)),
                    None => return Ok(None),
                }
            }
        };
        if !schema::is_object(schema) {
            return Ok(None);
        }
        let shape = schema::object_shape(self.components, schema, &at)?;
        let name =
            names::first_free([format!("{builder_base}Form"), format!("{builder_base}Parts")], &mut self.builders);
        let lists = shape.properties.iter().map(|p| super::spelled(names::snake(&p.name), &p.name, true)).collect();
        let rust_names = names::distinct(lists, &mut Vec::new());
        let mut fields = Vec::new();
        for (property, rust_name) in shape.properties.iter().zip(rust_names) {
            let resolved = self.resolve(property.schema);
            let items = resolved.and_then(array_items);
            let json = media.encoding.get(&property.name).and_then(|e| e.content_type.as_deref());
            let kind = if resolved.is_some_and(is_binary) {
                PartKind::File
            } else if items.is_some_and(is_binary) {
                PartKind::Files
            } else {
                let hint = format!("{name}{}", names::upper_camel(&property.name));
                let ty = schema::value_type(self.components, property.schema, &property.pointer, &hint)?.0;
                match json {
                    Some(media_type) if MediaKind::of(media_type) == MediaKind::Json => PartKind::Json(ty),
                    _ => PartKind::Value(ty),
                }
            };
            fields.push(PartField {
                name: property.name.clone(),
                rust_name,
                doc: resolved.and_then(|schema| schema.schema_data.description.clone()),
                kind,
                required: shape.required.contains(&property.name),
            });
        }
        Ok(Some(FormParts { name, doc: schema.schema_data.description.clone(), fields }))
    }

    /// The shape of the successful responses, the `Accept` header they need when it is not
    /// JSON, and the error body types of the others.
    ///
    /// Each response is read through one media type, picked by [`pick_media`]. When the
    /// successful responses agree, or differ only in that some have no body, the shape is
    /// that of their body. When their bodies differ (JSON of different types, or JSON,
    /// text and bytes mixed), the response is an enum with one variant per status, so each
    /// body is read as what its status promises. Text of different types is read as text.
    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        at: &str,
        builder_base: &str,
        prefer: Option<MediaKind>,
    ) -> Result<(ResponseShape, Option<String>), Diagnostic> {
        let mut successes: Vec<Success> = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r))
            .chain(responses.default.iter().map(|r| (None, r)));
        // How many successful (or other) responses have bodies: when several successful ones
        // do, an inline schema of one is named after its status too, as the bodies may
        // differ; so is an error body's, when several error statuses have bodies (a 404's and
        // a 409's inline schemas are `…NotFound` and `…Conflict`, not two `…Error`s).
        let with_bodies = |success: bool| {
            responses
                .responses
                .iter()
                .filter(|(code, _)| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)) == success)
                .filter(|(code, r)| {
                    self.resolve_response(r, &pointer(at, &code.to_string())).is_ok_and(|(r, _)| !r.content.is_empty())
                })
                .count()
        };
        let several = with_bodies(true) > 1;
        let several_errors = with_bodies(false) > 1;
        for (code, response) in entries {
            let label = code.map_or("default".to_owned(), |c| c.to_string());
            let (response, response_at) = self.resolve_response(response, &pointer(at, &label))?;
            let status = match code {
                Some(StatusCode::Code(code @ 200..=299)) => Some(Some(*code)),
                Some(StatusCode::Range(2)) => Some(None),
                _ => None,
            };
            let doc = Some(response.description.trim()).filter(|d| !d.is_empty()).map(str::to_owned);
            let Some((media_type, media, kind)) =
                pick_media(&response.content, prefer.filter(|_| status.is_some()), false)
            else {
                if let Some(status) = status {
                    successes.push(Success { status, doc, shape: ResponseShape::Empty, media_type: None });
                }
                continue;
            };
            let schema_at = schema_at(&response_at, media_type);
            // An inline schema of a stream's items names one item.
            let item = match kind {
                MediaKind::Events => "Event",
                MediaKind::Lines => "Line",
                _ => "Response",
            };
            let hint = match (status, several) {
                (None, _) => match code {
                    Some(StatusCode::Code(code)) if several_errors => {
                        format!("{builder_base}{}", status_name(Some(*code)))
                    }
                    Some(StatusCode::Range(range)) if several_errors => format!("{builder_base}Status{range}xx"),
                    _ => format!("{builder_base}Error"),
                },
                (Some(status), true) => format!("{builder_base}{}{item}", status_name(status)),
                (Some(_), false) => format!("{builder_base}{item}"),
            };
            // A stream's schema is that of one item: an event's data, or a line's value. A
            // schema of a whole array of lines is read as its items'.
            let item = match (&media.schema, kind) {
                (Some(ReferenceOr::Item(schema)), MediaKind::Lines) => match &schema.schema_kind {
                    SchemaKind::Type(OaType::Array(ArrayType { items: Some(items), .. })) => {
                        Some((items, format!("{schema_at}/items")))
                    }
                    _ => None,
                },
                _ => None,
            };
            let ty = match (&media.schema, &item) {
                (_, Some((items, items_at))) => Some(schema::value_type(self.components, items, items_at, &hint)?.0),
                (Some(schema), _) if !matches!(kind, MediaKind::Bytes | MediaKind::Form | MediaKind::Multipart) => {
                    Some(schema::value_type(self.components, schema, &schema_at, &hint)?.0)
                }
                _ => None,
            };
            let Some(status) = status else {
                if let Some(ty) = ty.filter(|ty| kind == MediaKind::Json && !self.error_types.contains(ty)) {
                    self.error_types.push(ty);
                }
                continue;
            };
            let shape = match kind {
                // OData wraps a collection in an object, whatever the description declares.
                MediaKind::Json => ResponseShape::Json(match ty {
                    Some(Type::Array(item, nullable)) => Type::Collection(item, nullable),
                    Some(ty) => ty,
                    None => Type::Json,
                }),
                MediaKind::Text => ResponseShape::Text(match ty {
                    Some(ty @ (Type::Int32 | Type::Int64 | Type::Boolean | Type::Double | Type::F64 | Type::F32)) => ty,
                    _ => Type::String,
                }),
                MediaKind::Bytes | MediaKind::Form | MediaKind::Multipart => ResponseShape::Bytes,
                MediaKind::Events => ResponseShape::Events(match ty {
                    Some(Type::Json) | None => Type::String,
                    Some(ty) => ty,
                }),
                MediaKind::Lines => ResponseShape::Lines(ty.unwrap_or(Type::Json)),
            };
            successes.push(Success { status, doc, shape, media_type: Some(media_type.clone()) });
        }
        let empty = successes.iter().any(|s| s.shape == ResponseShape::Empty);
        let mut bodies: Vec<&ResponseShape> =
            successes.iter().map(|s| &s.shape).filter(|s| **s != ResponseShape::Empty).collect();
        bodies.dedup();
        let media = |kind: fn(&ResponseShape) -> bool| -> Vec<&String> {
            let mut found: Vec<&String> =
                successes.iter().filter(|s| kind(&s.shape)).filter_map(|s| s.media_type.as_ref()).collect();
            found.dedup();
            found
        };
        let texts = media(|s| matches!(s, ResponseShape::Text(_)));
        let bytes = media(|s| *s == ResponseShape::Bytes);
        let only = |kind: fn(&ResponseShape) -> bool| bodies.iter().all(|b| kind(b));
        Ok(match &bodies[..] {
            [] => (ResponseShape::Empty, None),
            [ResponseShape::Json(ty)] if empty => (ResponseShape::JsonOrEmpty(ty.clone()), None),
            [ResponseShape::Json(ty)] => (ResponseShape::Json(ty.clone()), None),
            [ResponseShape::Text(ty)] if !empty && texts.len() == 1 => {
                (ResponseShape::Text(ty.clone()), Some(texts[0].clone()))
            }
            [ResponseShape::Bytes] if !empty => {
                let accept = match &bytes[..] {
                    [one] if !one.contains('*') => (*one).clone(),
                    _ => "*/*".to_owned(),
                };
                (ResponseShape::Bytes, Some(accept))
            }
            [ResponseShape::Events(_) | ResponseShape::Lines(_)] if !empty => {
                let streams = media(|s| matches!(s, ResponseShape::Events(_) | ResponseShape::Lines(_)));
                ((*bodies[0]).clone(), Some(streams[0].clone()))
            }
            _ if !empty && only(|b| matches!(b, ResponseShape::Text(_))) => {
                (ResponseShape::Text(Type::String), Some(texts[0].clone()))
            }
            // A stream among bodies that differ by status is read whole, as its text.
            _ => {
                let successes = successes.into_iter().map(|mut success| {
                    if matches!(success.shape, ResponseShape::Events(_) | ResponseShape::Lines(_)) {
                        success.shape = ResponseShape::Text(Type::String);
                    }
                    success
                });
                self.by_status(successes.collect(), builder_base)
            }
        })
    }

    /// The enum of a response whose body depends on its status, and the `Accept` header
    /// that lists every media type it reads, when one of them is not JSON.
    fn by_status(&mut self, successes: Vec<Success>, builder_base: &str) -> (ResponseShape, Option<String>) {
        let mut accept: Vec<String> = Vec::new();
        let mut variants = Vec::new();
        for Success { status, doc, shape: body, media_type } in successes {
            if let Some(media_type) = media_type {
                let media_type = if body == ResponseShape::Bytes || matches!(body, ResponseShape::Text(_)) {
                    media_type
                } else {
                    JSON.to_owned()
                };
                if !accept.contains(&media_type) {
                    accept.push(media_type);
                }
            }
            variants.push(StatusVariant { name: status_name(status), doc, status, body });
        }
        let json_only = accept.iter().all(|a| a == JSON);
        let name = names::unique(format!("{builder_base}Response"), &mut self.builders);
        (ResponseShape::ByStatus { name, variants }, (!json_only).then(|| accept.join(", ")))
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

    /// Whether a type is a page of a collection: an array of items named `items` and a
    /// next link string named `next`.
    fn is_page(&self, type_name: &str, items: &str, next: &str) -> bool {
        let Some((schema, at)) = self.components.schema_of(type_name) else { return false };
        if schema::discriminator(schema).is_some() {
            return false;
        }
        let Ok(shape) = schema::object_shape(self.components, schema, &at) else { return false };
        let kind = |name: &str| {
            shape.properties.iter().find(|p| p.name == name).and_then(|p| match p.schema {
                ReferenceOr::Item(schema) => Some(&schema.schema_kind),
                ReferenceOr::Reference { .. } => None,
            })
        };
        let next_link = shape.properties.iter().find(|p| p.name == next);
        matches!(kind(items), Some(SchemaKind::Type(OaType::Array(_))))
            && next_link.is_some_and(|p| matches!(p.schema, ReferenceOr::Item(s) if schema::is_plain_string(s)))
    }
}

/// An operation's `x-ms-pageable`: the items' property (`value` unless it says) and the
/// next link's, which is `None` where it says `null`, for a collection of one page.
fn pageable(operation: &openapiv3::Operation) -> Option<(String, Option<String>)> {
    let pageable = operation.extensions.get("x-ms-pageable")?;
    let items = pageable.get("itemName").and_then(serde_json::Value::as_str).unwrap_or("value").to_owned();
    let next = pageable.get("nextLinkName").and_then(serde_json::Value::as_str).map(str::to_owned);
    Some((items, next))
}

/// A successful status with the shape of its body and the media type it is read as.
struct Success {
    /// The code, or `None` for `2XX`.
    status: Option<u16>,
    doc: Option<String>,
    shape: ResponseShape,
    media_type: Option<String>,
}

/// The name of a successful status, from its reason phrase: `Created` for 201, and
/// `Success` for the range `2XX`.
fn status_name(status: Option<u16>) -> String {
    match status {
        Some(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map_or_else(|| format!("Status{code}"), names::upper_camel),
        None => "Success".to_owned(),
    }
}

/// The JSON media type, as bodies are sent unless the description asks for another.
const JSON: &str = "application/json";

/// The media type of bytes of no known type.
const OCTET_STREAM: &str = "application/octet-stream";

/// The media type a body is read or written as, from those a `content` map offers: the
/// first of the kind `prefer` where there is one, else the first of the kind [`preference`]
/// puts first.
fn pick_media(
    content: &IndexMap<String, MediaType>,
    prefer: Option<MediaKind>,
    request: bool,
) -> Option<(&String, &MediaType, MediaKind)> {
    let offered = || content.iter().map(|(media_type, media)| (media_type, media, media_kind(media_type, media)));
    offered()
        .find(|m| Some(m.2) == prefer)
        .or_else(|| offered().min_by_key(|(_, media, kind)| preference(*kind, media, request)))
}

/// Where a kind of media type stands when a body comes in several, first first: [`MediaKind`]'s
/// order, but for two cases. An answer's JSON that is only a string (OpenAI's video content,
/// offered as `video/mp4` too) comes after bytes, so that a binary answer is not read as a
/// JSON string. A request body prefers text to multipart and bytes, which are sent as the
/// caller gives them either way, so the description's more telling type is sent.
fn preference(kind: MediaKind, media: &MediaType, request: bool) -> u8 {
    let only_string = matches!(&media.schema, Some(ReferenceOr::Item(schema)) if schema::is_plain_string(schema));
    match kind {
        MediaKind::Json if !request && only_string => 4,
        MediaKind::Json => 0,
        MediaKind::Form => 1,
        MediaKind::Text if request => 2,
        MediaKind::Multipart => 3,
        MediaKind::Bytes => 4,
        MediaKind::Text => 5,
        MediaKind::Events => 6,
        MediaKind::Lines => 7,
    }
}

/// How a media type's bodies are read: by its name, but JSON whose schema is a binary string
/// is a file that happens to be JSON (Label Studio's exports), as no JSON value is binary.
fn media_kind(media_type: &str, media: &MediaType) -> MediaKind {
    match (MediaKind::of(media_type), &media.schema) {
        (MediaKind::Json, Some(ReferenceOr::Item(schema))) if is_binary(schema) => MediaKind::Bytes,
        (kind, _) => kind,
    }
}

/// The inline schema of an array's items.
fn array_items(schema: &Schema) -> Option<&Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Array(ArrayType { items: Some(ReferenceOr::Item(items)), .. })) => Some(items),
        _ => None,
    }
}

/// Whether a schema is a file's bytes: a `format: binary` string (as a 3.1 `contentMediaType`
/// is read).
fn is_binary(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(OaType::String(string))
        if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

/// The style of each property of a form body that the media type's `encoding` gives one other
/// than the default (`form`, exploded): a JSON `contentType` is written as JSON text.
fn form_styles(media: &MediaType) -> Vec<(String, FormStyle)> {
    let mut styles = Vec::new();
    for (name, encoding) in &media.encoding {
        let json = encoding.content_type.as_deref().is_some_and(|c| MediaKind::of(c) == MediaKind::Json);
        let style = match (&encoding.style, encoding.explode) {
            _ if json => FormStyle::Json,
            (Some(QueryStyle::SpaceDelimited), _) => FormStyle::SpaceDelimited,
            (Some(QueryStyle::PipeDelimited), _) => FormStyle::PipeDelimited,
            (Some(QueryStyle::DeepObject), _) => FormStyle::DeepObject,
            // Loading wrote out the default, `explode: true`, where an encoding has no `explode`.
            (Some(QueryStyle::Form) | None, false) => FormStyle::Unexploded,
            (Some(QueryStyle::Form) | None, true) => continue,
        };
        styles.push((name.clone(), style));
    }
    styles
}

/// Where the schema of a media type is.
fn schema_at(at: &str, media_type: &str) -> String {
    pointer(&pointer(at, "content"), media_type) + "/schema"
}

#[cfg(test)]
mod tests {
    use super::{CLIENT_METHODS, REQUEST_METHODS};

    /// The names of the inherent methods `template` gives the type `ty`, inside macros such
    /// as `with_reqwest!` too.
    fn methods(template: &str, ty: &str) -> Vec<String> {
        fn from_items(items: Vec<syn::Item>, ty: &str, out: &mut Vec<String>) {
            for item in items {
                match item {
                    syn::Item::Impl(block) if block.trait_.is_none() => {
                        let named = matches!(&*block.self_ty, syn::Type::Path(p)
                            if p.path.segments.last().is_some_and(|s| s.ident == ty));
                        if named {
                            from_impl_items(block.items, out);
                        }
                    }
                    syn::Item::Macro(call) => {
                        let file: syn::File = syn::parse2(call.mac.tokens).expect("a macro of items");
                        from_items(file.items, ty, out);
                    }
                    _ => {}
                }
            }
        }
        fn from_impl_items(items: Vec<syn::ImplItem>, out: &mut Vec<String>) {
            for item in items {
                match item {
                    syn::ImplItem::Fn(function) => out.push(function.sig.ident.to_string()),
                    syn::ImplItem::Macro(call) => {
                        let tokens = call.mac.tokens;
                        let inner: syn::ItemImpl =
                            syn::parse2(quote::quote! { impl X { #tokens } }).expect("a macro of methods");
                        from_impl_items(inner.items, out);
                    }
                    _ => {}
                }
            }
        }
        let file = syn::parse_file(template).expect("the template parses");
        let mut out = Vec::new();
        from_items(file.items, ty, &mut out);
        out
    }

    /// A setter or method the generator writes on a request or the client must not take the
    /// name of a method the templates give it, or the crate would define it twice.
    #[test]
    fn every_method_the_templates_give_a_request_or_the_client_is_reserved() {
        let request = methods(include_str!("../../templates/request.rs"), "Request");
        assert!(request.contains(&"send".to_owned()) && request.contains(&"with_header".to_owned()));
        for name in request {
            assert!(REQUEST_METHODS.contains(&name.as_str()), "`Request::{name}` is not in REQUEST_METHODS");
        }
        let client = methods(include_str!("../../templates/client.rs"), "Client");
        assert!(client.contains(&"token_callback".to_owned()));
        for name in client {
            assert!(CLIENT_METHODS.contains(&name.as_str()), "`Client::{name}` is not in CLIENT_METHODS");
        }
    }
}

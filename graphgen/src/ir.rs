//! The intermediate representation: what the emitter needs to know, and nothing of OpenAPI.
//!
//! Lowering fills these types from a validated description; emitting turns them into
//! Rust. Every list here is in description order, which makes the output deterministic.

use std::collections::BTreeMap;

/// Everything generated from one description.
#[derive(Debug)]
pub struct Api {
    /// The crate's package name.
    pub crate_name: String,
    /// The crate's version.
    pub crate_version: String,
    /// A one-line description of the crate.
    pub title: String,
    /// The longer description, for the crate's documentation.
    pub doc: Option<String>,
    /// The first server URL, which clients use unless told otherwise.
    pub base_url: String,
    /// The namespaces below the root one, each a module of `models`.
    pub namespaces: Vec<Namespace>,
    pub models: Vec<Model>,
    /// String enums from the description's schemas.
    pub enums: Vec<StringEnum>,
    /// `oneOf`/`anyOf` types with several alternatives.
    pub alternatives: Vec<Alternatives>,
    /// The nodes of the URL tree below the root.
    pub resources: Vec<Resource>,
    /// Operations on the root path itself, started from the client.
    pub root_operations: Vec<Operation>,
    /// String enums for parameter values.
    pub options: Vec<Options>,
    /// The type of the error bodies of 4XX, 5XX and default responses.
    pub error_type: Type,
    /// The area features, when the description has several areas.
    pub features: Option<Features>,
    /// The Rust type of each component schema that became one, by schema key, as a path
    /// below `models` (see [`qualify`]).
    pub schema_types: Vec<(String, String)>,
    /// The places read as any JSON value although their schema says more, unwarned.
    pub fallbacks: Vec<String>,
    /// The description's `securitySchemes`, each a credential setter of the client.
    pub security_schemes: Vec<SecurityScheme>,
    /// The description's own `security`: alternatives, each the schemes it needs.
    pub security: Vec<Vec<String>>,
    /// Whether the description is OData-shaped, which gives the crate JSON batching.
    pub odata: bool,
}

/// A namespace of schema names, such as `microsoft.graph.search`, and the module it becomes.
#[derive(Debug)]
pub struct Namespace {
    /// The module path below `models`, such as `search` or `call_records::v2`.
    pub path: String,
    /// The namespace as the description writes it.
    pub name: String,
}

/// A type's path below `models`: the modules of its namespace, then its name, as in
/// `search::Identity`; a type of the root namespace is just its name. Types are known by
/// this path everywhere in the IR, since a name alone may be used in several namespaces.
pub fn qualify(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_owned()
    } else {
        format!("{namespace}::{name}")
    }
}

/// Whether a module named `module` in the namespace module `namespace` would repeat its
/// parent's name, as in `security::security`.
pub fn is_inception(namespace: &str, module: &str) -> bool {
    // At the root, the module holding it is `models` itself (a schema named `models`).
    let parent = if namespace.is_empty() { "models" } else { namespace.rsplit("::").next().unwrap_or(namespace) };
    parent == module
}

/// The namespace and the name of a path made by [`qualify`].
pub fn split_qualified(path: &str) -> (&str, &str) {
    path.rsplit_once("::").unwrap_or(("", path))
}

/// One component schema and the Rust items it becomes.
#[derive(Debug)]
pub struct Model {
    /// Where the schema is: its key under `components/schemas`, or a pointer for an inline schema.
    pub origin: String,
    /// The namespace module the items belong to (see [`qualify`]).
    pub namespace: String,
    /// The module (file) the items are written to, within the namespace.
    pub module: String,
    pub doc: Option<String>,
    /// The struct holding the schema's own properties.
    pub object: Object,
    /// The enum over the schema and its derived types, when it has any.
    pub union: Option<Union>,
}

impl Model {
    /// The name other types use to refer to this schema.
    pub fn type_name(&self) -> &str {
        match &self.union {
            Some(union) => &union.name,
            None => &self.object.name,
        }
    }

    /// [`Model::type_name`] with its namespace, as [`Type::Named`] holds it.
    pub fn path(&self) -> String {
        qualify(&self.namespace, self.type_name())
    }
}

/// A struct for a JSON object type.
#[derive(Debug)]
pub struct Object {
    pub name: String,
    /// The schema's name as the description spells it, for error messages.
    pub json_name: String,
    pub fields: Vec<Field>,
    /// The field that keeps undeclared properties and instance annotations.
    pub unknown_field: String,
    /// The struct is a derived type of a union, which writes it with its discriminator
    /// when unset; for a required discriminator field, that field's Rust name.
    pub tagged: Option<Option<String>>,
    /// For a page of a collection whose operation names its properties (Azure's
    /// `x-ms-pageable`): the items' and the next link's JSON names.
    pub page: Option<(String, String)>,
}

/// A declared property.
#[derive(Debug)]
pub struct Field {
    pub json_name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: Type,
    /// `null` is a valid value.
    pub nullable: bool,
    /// The property must be present.
    pub required: bool,
    /// The type refers back to the struct itself, so it needs a box.
    pub boxed: bool,
    /// For a required string, the description's `default`, which the struct's `Default`
    /// uses: Graph's descriptions give a derived type's `@odata.type` its own name so.
    pub default: Option<String>,
}

impl Field {
    /// How the struct holds it: `T` when it must be present and is never `null`,
    /// `Nullable<T>` when it may be absent or `null`, `Option<T>` otherwise.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (false, true) => Presence::Nullable,
            _ => Presence::Optional,
        }
    }
}

/// A polymorphic type: an enum with one variant per known type, chosen by a discriminator.
#[derive(Debug)]
pub struct Union {
    pub name: String,
    /// The discriminator property, such as `@odata.type`.
    pub discriminator: String,
    /// The variant for the base type itself and for derived types the description does not know.
    pub base_variant: String,
    /// The struct of the base type, held by the base variant; it is in the union's module.
    pub base: String,
    pub variants: Vec<Variant>,
    /// How fields hold the union: `Option` or `Nullable`, each listed once. Each derived
    /// type converts into those too, so that setting such a field is one `.into()`.
    pub held_as: Vec<Presence>,
}

/// One derived type of a union.
#[derive(Debug)]
pub struct Variant {
    /// The discriminator values that select this variant, without a leading `#`.
    pub tags: Vec<String>,
    /// The discriminator value written for a value built in code, as the description's
    /// mapping spells it (`#microsoft.graph.user`).
    pub wire: String,
    pub name: String,
    /// The struct the variant holds, as a path (see [`qualify`]), since a derived type may
    /// be in another namespace.
    pub payload: String,
    /// Where the payload struct keeps the discriminator, so that it can be written when unset.
    pub slot: Slot,
}

/// Where a struct keeps its discriminator property.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// A declared string field: its Rust name, and how it is held.
    Field(String, Presence),
    /// Not declared: among the properties kept as received, in the named field.
    Unknown(String),
    /// Declared with a type other than string, so nothing is written for it.
    Other,
}

/// How an optional or required field is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Presence {
    /// `T`: the property must be present.
    Required,
    /// `Option<T>`.
    Optional,
    /// `Nullable<T>`.
    Nullable,
}

/// The Rust type of a property, before nullability and presence are applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Boolean,
    Int32,
    Int64,
    /// A JSON number kept as written, or Graph's `"NaN"`, `"INF"` and `"-INF"`: only where
    /// the description allows those strings.
    Double,
    /// `number` and `format: double`: `f64`.
    F64,
    /// `format: float`: `f32`.
    F32,
    DateTime,
    Date,
    TimeOfDay,
    Duration,
    Uuid,
    Base64Url,
    /// Any JSON value.
    Json,
    /// A generated model, by its path (see [`qualify`]).
    Named(String),
    /// An array; the flag says whether items may be `null`.
    Array(Box<Type>, bool),
    /// A response body declared as an array, which an OData service sends as an object
    /// with a `value` array (the runtime's `Collection`); the flag is [`Type::Array`]'s.
    Collection(Box<Type>, bool),
    /// An object used as a map from names to values; the flag says whether values may be `null`.
    Map(Box<Type>, bool),
    /// Several members of a string enum in one string, `"a,b"` (a flags enum).
    Flags(Box<Type>),
    /// An array of a fixed length whose members have types by position (`prefixItems`);
    /// each flag says whether that member may be `null`.
    Tuple(Vec<(Type, bool)>),
}

impl Type {
    /// The type and the types it is built from (array items, map values, flags and tuple
    /// members), outer first.
    pub fn parts(&self) -> Vec<&Type> {
        let mut parts = vec![self];
        let mut next = 0;
        while let Some(current) = parts.get(next).copied() {
            match current {
                Type::Array(item, _) | Type::Collection(item, _) | Type::Map(item, _) | Type::Flags(item) => {
                    parts.push(item)
                }
                Type::Tuple(members) => parts.extend(members.iter().map(|(member, _)| member)),
                _ => {}
            }
            next += 1;
        }
        parts
    }
}

/// A `oneOf` or `anyOf` of several types: an enum with one variant per alternative.
///
/// A value is read once, then the alternatives that can hold it are tried in an order
/// worked out from the value and each alternative's [`Shape`] (see the runtime's
/// `alternatives` module); the first that reads it wins. Each variant writes its value
/// as it is, so what was read is written back unchanged.
#[derive(Debug)]
pub struct Alternatives {
    pub name: String,
    /// The namespace module (see [`qualify`]).
    pub namespace: String,
    pub module: String,
    /// Where the schema is, for the module's documentation.
    pub origin: String,
    pub doc: Option<String>,
    pub variants: Vec<Alternative>,
    /// The discriminator property and the values that select each variant (by index).
    pub discriminator: Option<(String, Vec<(String, usize)>)>,
}

/// One alternative of [`Alternatives`].
#[derive(Debug)]
pub struct Alternative {
    pub name: String,
    pub ty: Type,
    pub shape: Shape,
    /// The type refers back to the enum, so it needs a box.
    pub boxed: bool,
}

/// What JSON an alternative can hold, as far as can be told without reading it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Any,
    Boolean,
    Integer,
    Number,
    /// A string; for an enum, the values it lists.
    String(Vec<String>),
    Array,
    /// An object: its declared properties, the required ones, and whether others are refused.
    Object {
        properties: Vec<String>,
        required: Vec<String>,
        closed: bool,
    },
}

/// A string enum that keeps values the description does not list.
#[derive(Debug)]
pub struct StringEnum {
    pub name: String,
    /// The namespace module (see [`qualify`]); empty for the root and for parameter enums.
    pub namespace: String,
    pub module: String,
    /// Where the schema is, for the module's documentation.
    pub origin: String,
    pub doc: Option<String>,
    /// (JSON value, variant name).
    pub values: Vec<(String, String)>,
    /// The variant that keeps an unlisted value: `Other`, or `Unlisted` where a listed
    /// value takes `Other`.
    pub other: String,
}

/// A node of the URL tree: a path segment with the requests that start there.
#[derive(Debug)]
pub struct Resource {
    /// The struct that navigates to this node.
    pub name: String,
    /// The module (file) it is written to.
    pub module: String,
    /// The URL template up to and including this node, for documentation.
    pub template: String,
    pub segment: Segment,
    /// The method on the parent that leads here.
    pub method: String,
    pub operations: Vec<Operation>,
    pub children: Vec<Resource>,
}

/// How a node's segment is written.
#[derive(Debug, PartialEq)]
pub enum Segment {
    /// A fixed segment, such as `assignments`.
    Literal(String),
    /// A key, such as `{user-id}`; the string is the parameter name.
    Key(String),
    /// A segment with parameters written inside it: an OData function such as
    /// `microsoft.graph.reminderView(StartDateTime='{StartDateTime}',EndDateTime='{EndDateTime}')`
    /// or an alternate key such as `users(userPrincipalName='{userPrincipalName}')`.
    Template(Vec<TemplatePart>),
}

/// A piece of a [`Segment::Template`].
#[derive(Debug, PartialEq)]
pub enum TemplatePart {
    /// Text written as it is (already valid in a URL path).
    Literal(String),
    /// A parameter's value.
    Parameter(PathParameter),
}

/// A parameter written inside a path segment.
#[derive(Debug, PartialEq)]
pub struct PathParameter {
    pub name: String,
    pub rust_name: String,
    pub ty: ParameterType,
    /// The template puts the value between single quotes, as OData writes a string, so a
    /// quote in the value is doubled.
    pub quoted: bool,
}

/// One operation on a node.
#[derive(Debug)]
pub struct Operation {
    /// The builder's name: an alias of the crate's `Request<Marker>`.
    pub builder: String,
    /// The type that names the operation in `Request<Marker>` and says how its answer is read.
    pub marker: String,
    /// The method that creates the builder, on the node or, for an action, on its parent.
    pub method_name: String,
    pub http_method: String,
    pub doc: Option<String>,
    pub query: Vec<Parameter>,
    pub headers: Vec<Parameter>,
    pub cookies: Vec<Parameter>,
    pub body: Option<Body>,
    pub response: ResponseShape,
    /// The type of each page's items when the response is a collection with next links.
    pub paged: bool,
    /// For a bound action, called on the parent node: the action's own path segment.
    pub segment: Option<String>,
    /// The `Accept` header, when the response is not JSON.
    pub accept: Option<String>,
    /// The operation's first tag, which names its area when the description asks for
    /// areas by tag.
    pub tag: Option<String>,
    /// The description's `operationId`, by which rustdoc's search finds the method and
    /// the builder.
    pub operation_id: Option<String>,
    /// The operation's own `security`, when it has one: alternatives, each the schemes it needs.
    pub security: Option<Vec<Vec<String>>>,
    /// The other forms its answer comes in, such as an event stream beside JSON; each is
    /// asked for by a builder method.
    pub answers: Vec<Answer>,
    /// The other forms its body may take, such as a multipart form beside JSON; each is
    /// given to a starting method of its own.
    pub other_bodies: Vec<OtherBody>,
}

/// A form an operation's body may take besides the one its starting method takes.
#[derive(Debug)]
pub struct OtherBody {
    /// The starting method that takes it: the operation's, and the kind (`post_multipart`).
    pub method: String,
    /// The kind's word, which names the method.
    pub kind: &'static str,
    pub body: Body,
}

/// A form an operation's answer comes in besides the one `send()` reads by default.
#[derive(Debug)]
pub struct Answer {
    /// The builder method that asks for it.
    pub method: String,
    /// The operation type that reads it.
    pub marker: String,
    pub response: ResponseShape,
    /// The `Accept` header that asks for it.
    pub accept: String,
}

/// One entry of `components/securitySchemes`.
#[derive(Debug)]
pub struct SecurityScheme {
    /// Its key, by which requirements name it.
    pub name: String,
    /// The client's setter.
    pub setter: String,
    /// For a bearer token, the setter that takes a token source instead.
    pub source_setter: Option<String>,
    /// For a bearer token, the setter that takes an Azure Identity credential (the
    /// `azure-identity` feature).
    pub token_credential: Option<String>,
    /// For OAuth 2.0 with a client credentials flow: its token URL, and the setter that runs
    /// the grant.
    pub client_credentials: Option<(String, String)>,
    pub kind: SchemeKind,
    pub doc: Option<String>,
}

/// What a security scheme sends.
#[derive(Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, the query or a cookie (`Header`, `Query`, `Cookie`), by name.
    ApiKey { place: &'static str, name: String },
    /// HTTP Basic.
    Basic,
    /// A bearer token: HTTP Bearer, OAuth 2.0 and OpenID Connect.
    Bearer,
    /// Another HTTP authentication scheme, whose value is sent as given.
    Http(String),
}

impl Operation {
    /// The types its requests and responses carry: the JSON body, each response body,
    /// and typed parameters.
    pub fn types(&self) -> Vec<&Type> {
        fn response<'a>(shape: &'a ResponseShape, out: &mut Vec<&'a Type>) {
            match shape {
                ResponseShape::Json(ty)
                | ResponseShape::JsonOrEmpty(ty)
                | ResponseShape::Text(ty)
                | ResponseShape::Events(ty)
                | ResponseShape::Lines(ty) => out.push(ty),
                ResponseShape::ByStatus { variants, .. } => variants.iter().for_each(|v| response(&v.body, out)),
                ResponseShape::Empty | ResponseShape::Bytes => {}
            }
        }
        let mut types = Vec::new();
        for body in self.body.iter().chain(self.other_bodies.iter().map(|other| &other.body)) {
            match body {
                Body::Json(ty, _) | Body::Form(ty, ..) => types.push(ty),
                Body::Multipart(form) => types.extend(form.fields.iter().filter_map(|field| match &field.kind {
                    PartKind::Value(ty) | PartKind::Json(ty) => Some(ty),
                    PartKind::File | PartKind::Files => None,
                })),
                Body::Text(_) | Body::Bytes(_) => {}
            }
        }
        response(&self.response, &mut types);
        self.answers.iter().for_each(|answer| response(&answer.response, &mut types));
        let parameters = self.query.iter().chain(&self.headers).chain(&self.cookies);
        types.extend(parameters.filter_map(|p| match &p.ty {
            ParameterType::Integer(ty) => Some(ty),
            _ => None,
        }));
        types
    }
}

/// A query or header parameter.
#[derive(Debug)]
pub struct Parameter {
    pub name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: ParameterType,
    pub required: bool,
}

/// What a parameter accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterType {
    String,
    Integer(Type),
    Boolean,
    /// One value of a string enum, by enum name.
    Enum(String),
    /// A comma-separated list of enum values.
    EnumList(String),
    /// A comma-separated list of strings.
    StringList,
    /// A number, written as Rust writes an `f64`.
    Number,
    /// A comma-separated list of numbers or booleans.
    DisplayList,
    /// The whole query string (OpenAPI 3.2's `in: querystring`).
    WholeQuery(WholeQuery),
}

/// How a whole query string is written, as its parameter's media type says.
#[derive(Debug, Clone, PartialEq)]
pub enum WholeQuery {
    /// `application/x-www-form-urlencoded` of an object type: its properties as pairs, each
    /// in its style where that is not the default.
    Form(Type, Vec<(String, FormStyle)>),
    /// JSON of a type, percent-encoded.
    Json(Type),
    /// Text as the caller gives it, with what a query cannot hold percent-encoded.
    Text,
}

/// A request body, with the content type it is sent with.
#[derive(Debug)]
pub enum Body {
    Json(Type, String),
    /// A form (`application/x-www-form-urlencoded`) of an object type, with the style of each
    /// property whose style is not the default (`form`, exploded).
    Form(Type, String, Vec<(String, FormStyle)>),
    /// A `multipart/form-data` body of an object type: a struct of its own, whose fields are
    /// the parts.
    Multipart(FormParts),
    /// Text, such as `text/plain`, given as a `String`.
    Text(String),
    /// Any other media type, given as bytes.
    Bytes(String),
}

/// The struct of a `multipart/form-data` body, in the requests module of its operation; a
/// form of no fields is one whose parts the caller builds, with no struct.
#[derive(Debug)]
pub struct FormParts {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<PartField>,
}

/// A property of a multipart body, sent as one part or, for a list, one part per item.
#[derive(Debug)]
pub struct PartField {
    /// The part's name: the property's.
    pub name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub kind: PartKind,
    pub required: bool,
}

/// What a part of a multipart body holds.
#[derive(Debug)]
pub enum PartKind {
    /// A file: a `format: binary` string.
    File,
    /// Files: an array of them, one part each.
    Files,
    /// A value written as text (a string as it is, other scalars as JSON writes them), an
    /// array as one part per item, an object as JSON.
    Value(Type),
    /// A value written as JSON, as the media type's `encoding` says.
    Json(Type),
}

/// How a property of a form body is written: the runtime's `FormStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form` with `explode: false`.
    Unexploded,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// A JSON `contentType`: the value as JSON text.
    Json,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseShape {
    Empty,
    Json(Type),
    JsonOrEmpty(Type),
    /// A `text/*` body: a `String`, or a number or boolean written as text, as `/$count` answers.
    Text(Type),
    Bytes,
    /// Server-sent events whose data is the type (a `String` where it is text), read as
    /// they arrive.
    Events(Type),
    /// One JSON value of the type per line, read as they arrive.
    Lines(Type),
    /// Successful responses whose bodies differ by status: an enum named `name` with one
    /// variant per documented status, so no response is read as something vaguer.
    ByStatus {
        name: String,
        variants: Vec<StatusVariant>,
    },
}

/// One documented successful status of a [`ResponseShape::ByStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    pub doc: Option<String>,
    /// The status code, or `None` for the range `2XX`, which matches what no code does.
    pub status: Option<u16>,
    /// `Empty`, `Json`, `Text` or `Bytes`.
    pub body: ResponseShape,
}

/// How a media type's bodies are read and written. Their order is the order of preference
/// when a body comes in several: JSON, then bytes, so that a binary answer is never read as
/// text, then text, then the streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaKind {
    /// `application/json`, with or without parameters, and any `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`; an answer of it is bytes.
    Form,
    /// `multipart/form-data`; an answer of it is bytes.
    Multipart,
    /// Everything not named here, `*/*` and `application/octet-stream` among them.
    Bytes,
    /// `text/*`, but for event streams.
    Text,
    /// Server-sent events, `text/event-stream`.
    Events,
    /// One JSON value per line: `application/jsonl`, `application/x-ndjson`, `application/json-seq`.
    Lines,
}

impl MediaKind {
    /// The kind of a media type such as `application/json; charset=utf-8`.
    pub fn of(media_type: &str) -> MediaKind {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/event-stream" => MediaKind::Events,
            "application/jsonl"
            | "application/x-jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines"
            | "application/x-ndjson"
            | "application/ndjson"
            | "application/json-seq" => MediaKind::Lines,
            "application/json" | "text/json" => MediaKind::Json,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            "multipart/form-data" => MediaKind::Multipart,
            _ if essence.ends_with("+json") => MediaKind::Json,
            _ if essence.starts_with("text/") => MediaKind::Text,
            _ => MediaKind::Bytes,
        }
    }

    /// The word that names a request body of this kind, in the starting method that takes it
    /// when it is not the default (`post_multipart`).
    pub fn body_word(self) -> &'static str {
        match self {
            MediaKind::Json => "json",
            MediaKind::Form => "form",
            MediaKind::Multipart => "multipart",
            MediaKind::Text => "text",
            MediaKind::Bytes | MediaKind::Events | MediaKind::Lines => "bytes",
        }
    }

    /// The builder method that asks for an answer of this kind, when it is not the default.
    pub fn method(self) -> &'static str {
        match self {
            MediaKind::Json => "json",
            MediaKind::Form | MediaKind::Multipart | MediaKind::Bytes => "bytes",
            MediaKind::Text => "text",
            MediaKind::Events => "event_stream",
            MediaKind::Lines => "json_lines",
        }
    }
}

/// A string enum used by parameters, such as the property names `$select` accepts.
pub type Options = StringEnum;

/// The cargo features of a crate whose description has several areas.
#[derive(Debug)]
pub struct Features {
    /// Each area's feature and what it covers, as the manifest says it, in order.
    pub areas: Vec<(String, String)>,
    /// The gate of each model, enum and union by its path (see [`qualify`]); a type that
    /// is not listed is always compiled.
    pub types: BTreeMap<String, Gate>,
    /// The gate of each node of the URL tree, by its struct's name: the areas of the
    /// operations at and below it.
    pub resources: BTreeMap<String, Gate>,
    /// The area feature of each operation below `/`, by its builder's name.
    pub operations: BTreeMap<String, String>,
    /// The gate of each option enum by its name; one not listed is always compiled.
    pub options: BTreeMap<String, Gate>,
}

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    /// When any of these area features is on.
    Areas(Vec<String>),
    /// Only with the `full` feature: no area reaches it.
    Full,
}

/// The name of the property that links to the next page of a collection.
pub const NEXT_LINK: &str = "@odata.nextLink";

/// The items' and next-link fields of a collection response, when the object is one:
/// `value` and `@odata.nextLink`, or the names an operation gave (`Object::page`).
pub fn page_fields(object: &Object) -> Option<(&Field, &Field)> {
    let (items, next) = object.page.as_ref().map_or(("value", NEXT_LINK), |(i, n)| (i.as_str(), n.as_str()));
    let value = object.fields.iter().find(|f| f.json_name == items && matches!(f.ty, Type::Array(..)))?;
    let next = object.fields.iter().find(|f| f.json_name == next && f.ty == Type::String)?;
    Some((value, next))
}

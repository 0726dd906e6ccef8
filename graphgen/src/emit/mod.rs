//! Phase 4: emitting the crate as token streams: which files there are, the manifest, the crate
//! root and the runtime. Models, enums and request builders have modules of their own.

pub mod alternatives;
pub mod enums;
pub mod models;
pub mod multipart;
pub mod requests;
pub mod responses;
pub mod security;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::{self, inner_doc_attrs};
use crate::emit::alternatives::alternatives_module;
use crate::emit::enums::enum_module;
use crate::emit::models::{model_module, rust_type_in};
use crate::emit::requests::{requests_mod, resource_module};
use crate::ir::{
    qualify, split_qualified, Alternatives, Api, Gate, Model, Namespace, Operation, Resource, ResponseShape,
    StringEnum, Type,
};
use crate::names::ident;

/// A generated file before formatting.
pub enum Output {
    /// Rust items, to be formatted.
    Rust(TokenStream),
    /// Rust source written as it is, with its comments.
    RustSource(String),
    /// A TOML manifest.
    Toml(String),
}

/// The runtime crate's own documentation. `runtime/mod.rs` has none, so that the runtime
/// crate `graphgen-runtime` can include it too.
const RUNTIME_DOC: &str = "\
//! The runtime of a generated API crate: types and functions shared by every model and
//! request. It is a crate of its own so that regenerating the API crate does not rebuild it.

";

/// The runtime modules every generated crate gets.
const RUNTIME: &[(&str, &str)] = &[
    ("runtime/src/alternatives.rs", include_str!("../../runtime/alternatives.rs")),
    ("runtime/src/base64_url.rs", include_str!("../../runtime/base64_url.rs")),
    ("runtime/src/collection.rs", include_str!("../../runtime/collection.rs")),
    ("runtime/src/credentials.rs", include_str!("../../runtime/credentials.rs")),
    ("runtime/src/date_time.rs", include_str!("../../runtime/date_time.rs")),
    ("runtime/src/double.rs", include_str!("../../runtime/double.rs")),
    ("runtime/src/error.rs", include_str!("../../runtime/error.rs")),
    ("runtime/src/flags.rs", include_str!("../../runtime/flags.rs")),
    ("runtime/src/form.rs", include_str!("../../runtime/form.rs")),
    ("runtime/src/float.rs", include_str!("../../runtime/float.rs")),
    ("runtime/src/json.rs", include_str!("../../runtime/json.rs")),
    ("runtime/src/location.rs", include_str!("../../runtime/location.rs")),
    ("runtime/src/multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("runtime/src/nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("runtime/src/object.rs", include_str!("../../runtime/object.rs")),
    ("runtime/src/paging.rs", include_str!("../../runtime/paging.rs")),
    ("runtime/src/properties.rs", include_str!("../../runtime/properties.rs")),
    ("runtime/src/request.rs", include_str!("../../runtime/request.rs")),
    ("runtime/src/response.rs", include_str!("../../runtime/response.rs")),
    ("runtime/src/stream.rs", include_str!("../../runtime/stream.rs")),
    ("runtime/src/upload.rs", include_str!("../../runtime/upload.rs")),
    ("runtime/src/transport.rs", include_str!("../../runtime/transport.rs")),
];

/// What is generated: a crate, or the module tree a build script includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A crate with its manifest, and its runtime crate in `runtime/`.
    Crate,
    /// The files of `src/` alone, to be included as the root of a crate of the user's with
    /// `include!`, with the `graphgen-runtime` crate as its runtime: what
    /// [`crate::build`] writes into `OUT_DIR`. The root file has no inner attributes,
    /// which `include!` refuses.
    Module,
}

/// One file to produce. Files are rendered independently, so they can be rendered in
/// parallel; token streams cannot cross threads, so each is built where it is formatted.
pub enum Job<'a> {
    Manifest,
    RustfmtConfig,
    Lib(Form),
    /// The `mod.rs` of `models` (`None`) or of a namespace below it.
    ModelsMod(Option<&'a Namespace>),
    Model(&'a Model),
    Enum(&'a StringEnum),
    Alternatives(&'a Alternatives),
    RequestsMod,
    Resource(&'a Resource),
    Credentials,
    /// Rust source written as it is: the runtime's modules and the client.
    RuntimeSource(&'static str),
    RuntimeMod,
    RuntimeManifest,
    /// The crate's `request` module, with the readers of the streams its answers use.
    Request,
}

/// Every file of the crate, by path relative to the crate's root; in [`Form::Module`],
/// those of `src/`, by path relative to it.
pub fn crate_files(api: &Api, form: Form) -> Vec<(String, Job<'_>)> {
    let files = all_files(api);
    match form {
        Form::Crate => files,
        Form::Module => files
            .into_iter()
            .filter_map(|(path, job)| {
                let job = if matches!(job, Job::Lib(_)) { Job::Lib(Form::Module) } else { job };
                path.strip_prefix("src/").map(|p| (p.to_owned(), job))
            })
            .collect(),
    }
}

fn all_files(api: &Api) -> Vec<(String, Job<'_>)> {
    let mut files = vec![
        ("Cargo.toml".to_owned(), Job::Manifest),
        ("rustfmt.toml".to_owned(), Job::RustfmtConfig),
        ("src/lib.rs".to_owned(), Job::Lib(Form::Crate)),
        ("src/models/mod.rs".to_owned(), Job::ModelsMod(None)),
    ];
    files.extend(api.namespaces.iter().map(|n| (format!("{}/mod.rs", models_dir(&n.path)), Job::ModelsMod(Some(n)))));
    files.extend(api.models.iter().map(|m| (format!("{}/{}.rs", models_dir(&m.namespace), m.module), Job::Model(m))));
    files.extend(api.enums.iter().map(|e| (format!("{}/{}.rs", models_dir(&e.namespace), e.module), Job::Enum(e))));
    files.extend(
        api.alternatives
            .iter()
            .map(|a| (format!("{}/{}.rs", models_dir(&a.namespace), a.module), Job::Alternatives(a))),
    );
    files.push(("src/requests/mod.rs".to_owned(), Job::RequestsMod));
    if !api.security_schemes.is_empty() {
        files.push(("src/credentials.rs".to_owned(), Job::Credentials));
    }
    let mut stack: Vec<&Resource> = api.resources.iter().collect();
    while let Some(resource) = stack.pop() {
        files.push((format!("src/requests/{}.rs", resource.module), Job::Resource(resource)));
        stack.extend(&resource.children);
    }
    files.extend(RUNTIME.iter().map(|(path, source)| ((*path).to_owned(), Job::RuntimeSource(source))));
    // Types the description does not use are left out: they cost compile time in every
    // build of the crate (parsing dates alone instantiates much of `time`), and some need
    // a crate of their own.
    let optional: Vec<&Optional> = OPTIONAL.iter().filter(|o| uses(api, &o.ty)).collect();
    if !optional.is_empty() {
        files.push((
            "runtime/src/edm_text.rs".to_owned(),
            Job::RuntimeSource(include_str!("../../runtime/edm_text.rs")),
        ));
    }
    for optional in optional {
        files.push((format!("runtime/src/{}.rs", optional.module), Job::RuntimeSource(optional.source)));
    }
    for stream in STREAMS.iter().filter(|s| answers_with(api, s.shape)) {
        files.push((format!("runtime/src/{}.rs", stream.module), Job::RuntimeSource(stream.source)));
    }
    files.push(("runtime/src/lib.rs".to_owned(), Job::RuntimeMod));
    files.push(("runtime/Cargo.toml".to_owned(), Job::RuntimeManifest));
    files.push(("src/client.rs".to_owned(), Job::RuntimeSource(include_str!("../../templates/client.rs"))));
    files.push(("src/request.rs".to_owned(), Job::Request));
    files
}

/// The contents of one file.
pub fn render(api: &Api, job: &Job<'_>) -> Output {
    match job {
        Job::Manifest => Output::Toml(manifest(api)),
        // The generator formats its output itself; `cargo fmt` leaves it alone so that
        // formatting a workspace never makes the crate stale.
        Job::RustfmtConfig => Output::Toml("disable_all_formatting = true\n".to_owned()),
        Job::Lib(form) => Output::Rust(lib_rs(api, *form)),
        Job::ModelsMod(namespace) => Output::Rust(models_mod(api, *namespace)),
        Job::Model(model) => {
            let error_type = api.error_type == Type::Named(model.path());
            Output::Rust(model_module(model, api, error_type))
        }
        Job::Enum(string_enum) => Output::Rust(enum_module(string_enum)),
        Job::Alternatives(enumeration) => Output::Rust(alternatives_module(enumeration)),
        Job::RequestsMod => Output::Rust(requests_mod(api)),
        Job::Credentials => Output::Rust(security::credentials_module(api)),
        Job::Resource(resource) => Output::Rust(resource_module(resource, &api.error_type, api.features.as_ref())),
        Job::RuntimeSource(source) => Output::RustSource((*source).to_owned()),
        Job::RuntimeManifest => Output::Toml(runtime_manifest(api)),
        Job::Request => {
            let mut text = include_str!("../../templates/request.rs").to_owned();
            for stream in STREAMS.iter().filter(|s| answers_with(api, s.shape)) {
                text.push_str(stream.readers);
            }
            Output::RustSource(text)
        }
        Job::RuntimeMod => {
            let mut text = RUNTIME_DOC.to_owned();
            text.push_str(include_str!("../../runtime/mod.rs"));
            if OPTIONAL.iter().any(|o| uses(api, &o.ty)) {
                text.push_str("\nmod edm_text;\n");
            }
            let streams = STREAMS.iter().filter(|s| answers_with(api, s.shape));
            let optional = OPTIONAL.iter().filter(|o| uses(api, &o.ty)).map(|o| (o.module, o.export));
            for (module, export) in optional.chain(streams.map(|s| (s.module, s.export))) {
                text.push_str(&format!("\nmod {module};\npub use {module}::{export};\n"));
            }
            Output::RustSource(text)
        }
    }
}

/// A runtime module that is only included when the description uses its type.
struct Optional {
    ty: Type,
    module: &'static str,
    export: &'static str,
    source: &'static str,
    /// The manifest line of the crate it needs, if any.
    dependency: Option<&'static str>,
}

const OPTIONAL: &[Optional] = &[
    Optional {
        ty: Type::Date,
        module: "date",
        export: "Date",
        source: include_str!("../../runtime/date.rs"),
        dependency: None,
    },
    Optional {
        ty: Type::TimeOfDay,
        module: "time_of_day",
        export: "TimeOfDay",
        source: include_str!("../../runtime/time_of_day.rs"),
        dependency: None,
    },
    Optional {
        ty: Type::Duration,
        module: "duration",
        export: "Duration",
        source: include_str!("../../runtime/duration.rs"),
        dependency: Some("iso8601 = \"0.6\""),
    },
    Optional {
        ty: Type::Uuid,
        module: "guid",
        export: "Guid",
        source: include_str!("../../runtime/guid.rs"),
        dependency: Some("uuid = \"1.10\""),
    },
];

/// A runtime module that reads a kind of stream, included when an answer is one.
struct StreamModule {
    shape: fn(&ResponseShape) -> bool,
    module: &'static str,
    export: &'static str,
    source: &'static str,
    /// The readers the crate's `request` module gets for it.
    readers: &'static str,
    dependency: Option<&'static str>,
}

const STREAMS: &[StreamModule] = &[
    StreamModule {
        shape: |shape| matches!(shape, ResponseShape::Events(_)),
        module: "events",
        export: "{Event, EventStream}",
        source: include_str!("../../runtime/events.rs"),
        readers: include_str!("../../templates/events.rs"),
        dependency: Some("eventsource-stream = \"0.2.3\""),
    },
    StreamModule {
        shape: |shape| matches!(shape, ResponseShape::Lines(_)),
        module: "lines",
        export: "JsonLines",
        source: include_str!("../../runtime/lines.rs"),
        readers: include_str!("../../templates/lines.rs"),
        dependency: None,
    },
];

/// Whether an operation answers, by default or in another form, with a shape `shape` accepts.
fn answers_with(api: &Api, shape: fn(&ResponseShape) -> bool) -> bool {
    fn in_operations(operations: &[Operation], resources: &[Resource], shape: fn(&ResponseShape) -> bool) -> bool {
        operations.iter().any(|o| shape(&o.response) || o.answers.iter().any(|a| shape(&a.response)))
            || resources.iter().any(|r| in_operations(&r.operations, &r.children, shape))
    }
    in_operations(&api.root_operations, &api.resources, shape)
}

/// Whether any field of any model has type `ty`, directly or inside arrays and maps.
fn uses(api: &Api, ty: &Type) -> bool {
    fn in_operations(operations: &[Operation], resources: &[Resource], ty: &Type) -> bool {
        operations.iter().flat_map(Operation::types).any(|t| t.parts().contains(&ty))
            || resources.iter().any(|r| in_operations(&r.operations, &r.children, ty))
    }
    api.models.iter().flat_map(|m| &m.object.fields).any(|f| f.ty.parts().contains(&ty))
        || api.alternatives.iter().flat_map(|a| &a.variants).any(|v| v.ty.parts().contains(&ty))
        || in_operations(&api.root_operations, &api.resources, ty)
}

/// The features of the areas and `full`, or nothing for a crate with a single area.
fn area_features(api: &Api) -> String {
    let Some(features) = &api.features else { return String::new() };
    let mut text = String::from(
        "# One feature per area of the API: a build compiles only the types its areas reach.\n\
         # `full` (a default) is every area and the types no request uses.\n",
    );
    let all: Vec<String> = features.areas.iter().map(|(feature, _)| format!("\"{feature}\"")).collect();
    text.push_str(&format!("full = [{}]\n", all.join(", ")));
    for (feature, covers) in &features.areas {
        text.push_str(&format!("# Requests {covers}.\n{feature} = []\n"));
    }
    text
}

/// A title on one line: its runs of white space as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn manifest(api: &Api) -> String {
    // The manifest is complete on its own, so the crate builds outside this workspace too.
    // One line, as a TOML basic string: JSON's string escapes are all TOML's too.
    let description = serde_json::to_string(&one_line(&api.title)).unwrap_or_else(|_| "\"\"".to_owned());
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = {description}
license = "MIT"
publish = false

[features]
default = ["reqwest", "native-tls"{default_full}]
# `send()` and paging, over reqwest and tokio. Without it, `build()` gives `http::Request`s
# for any HTTP stack.
reqwest = ["runtime/reqwest"]
native-tls = ["runtime/native-tls"]
rustls = ["runtime/rustls"]
{azure}{areas}
[dependencies]
http = "1.1"
# The runtime is a crate of its own, beside this one, so that it is built once and not
# again each time this crate is regenerated.
runtime = {{ package = "{name}-runtime", version = "{version}", path = "runtime", default-features = false }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = "1.0.100"
"#,
        name = api.crate_name,
        version = api.crate_version,
        default_full = if api.features.is_some() { r#", "full""# } else { "" },
        areas = area_features(api),
        azure = if api.security_schemes.iter().any(|s| s.token_credential.is_some()) {
            "# The `…_token_credential` setters, which take an Azure Identity credential\n\
             # (`azure_identity`'s client secret, managed identity or developer tools credentials).\n\
             azure-identity = [\"runtime/azure-identity\"]\n"
        } else {
            ""
        },
    )
}

/// The runtime crate's manifest: the dependencies of the modules this description needs.
fn runtime_manifest(api: &Api) -> String {
    format!(
        r#"[package]
name = "{name}-runtime"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = "The runtime of the {name} crate: JSON fidelity types, requests and responses"
license = "MIT"
publish = false

[features]
default = ["reqwest", "native-tls"]
# `send()` and paging, over reqwest and tokio.
reqwest = ["dep:reqwest", "reqwest?/stream", "reqwest?/multipart", "dep:tokio", "dep:httpdate"]
native-tls = ["reqwest?/native-tls"]
rustls = ["reqwest?/rustls"]
# Bearer tokens from Azure Identity credentials (`Credential::token_credential`).
azure-identity = ["dep:azure_core", "reqwest"]

[dependencies]
azure_core = {{ version = "1", default-features = false, optional = true }}
base64 = "0.22"
bytes = "1.6"
form_urlencoded = "1.2"
futures-core = "0.3.30"
http = "1.1"
httpdate = {{ version = "1.0.3", optional = true }}
percent-encoding = "2.3"
reqwest = {{ version = "0.13", default-features = false, optional = true }}
serde = "1.0.200"
serde_json = {{ version = "1.0.100", features = ["float_roundtrip"] }}
serde_path_to_error = "0.1.16"
time = {{ version = "0.3.36", features = [{time_features}] }}
tokio = {{ version = "1.38", features = ["fs", "time"], optional = true }}
{optional}"#,
        name = api.crate_name,
        version = api.crate_version,
        // Date and time-of-day parsing is written with `time`'s format macros.
        time_features = if uses(api, &Type::Date) || uses(api, &Type::TimeOfDay) {
            r#""formatting", "macros", "parsing""#
        } else {
            r#""formatting", "parsing""#
        },
        optional = OPTIONAL
            .iter()
            .filter(|o| uses(api, &o.ty))
            .filter_map(|o| o.dependency)
            .chain(STREAMS.iter().filter(|s| answers_with(api, s.shape)).filter_map(|s| s.dependency))
            .map(|d| format!("{d}\n"))
            .collect::<String>(),
    )
}

fn lib_rs(api: &Api, form: Form) -> TokenStream {
    let base_url = &api.base_url;
    let error = rust_type_in(&api.error_type, quote! { models });
    let (head, runtime) = match form {
        Form::Crate => {
            // The crate's name stands in for an empty title, as a crate's documentation may not be empty.
            let title = docs::sanitize(&one_line(&api.title)).into_iter().next();
            let title = title.unwrap_or_else(|| format!(" The `{}` crate.", api.crate_name));
            let doc = inner_doc_attrs(api.doc.as_deref());
            let head = quote! {
                #![doc = #title]
                #![doc = ""]
                #doc
            };
            let runtime = quote! {
                /// Types and functions shared by every model and request, from the runtime crate
                /// beside this one.
                pub use ::runtime;
            };
            (head, runtime)
        }
        Form::Module => {
            let runtime = quote! {
                /// Types and functions shared by every model and request, from the
                /// `graphgen-runtime` crate.
                pub use ::graphgen_runtime as runtime;
            };
            (quote! {}, runtime)
        }
    };
    let credentials = (!api.security_schemes.is_empty()).then(|| quote! { mod credentials; });
    let security = security::requirements(&api.security);
    quote! {
        #head

        mod client;
        #credentials
        pub mod models;
        pub mod request;
        pub mod requests;

        #runtime

        pub use client::Client;
        pub use runtime::{
            decode, decode_slice, decode_value, encode, AdditionalProperties, Base64Url, DateTimeOffset,
            DecodeError, Nullable, Response, RetryPolicy,
        };

        /// The `http` crate, whose `Request` type [`build`](requests) methods return.
        pub use http;

        /// The service's address from the description, used by [`Client::new`].
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The body of the service's error answers.
        pub type ErrorBody = #error;

        /// The error of a request; API errors carry the service's error body.
        pub type Error = runtime::Error<ErrorBody>;

        /// The description's own security requirements, which operations without their own send.
        pub(crate) const SECURITY: &[&[&str]] = #security;
    }
}

/// The `#[cfg]` that compiles an item only with its features, or nothing when it is
/// always compiled.
pub(super) fn gate_attr(gate: Option<&Gate>) -> TokenStream {
    match gate {
        None => quote! {},
        Some(Gate::Full) => quote! { #[cfg(feature = "full")] },
        Some(Gate::Areas(features)) => match &features[..] {
            [one] => quote! { #[cfg(feature = #one)] },
            many => quote! { #[cfg(any(#(feature = #many),*))] },
        },
    }
}

/// The gate of the type at `path`, if the crate has features.
fn type_gate<'a>(api: &'a Api, path: &str) -> Option<&'a Gate> {
    api.features.as_ref()?.types.get(path)
}

/// The directory of a namespace's files.
fn models_dir(namespace: &str) -> String {
    let mut dir = "src/models".to_owned();
    for part in namespace.split("::").filter(|p| !p.is_empty()) {
        dir.push('/');
        dir.push_str(part);
    }
    dir
}

/// The `mod.rs` of `models` or of one of its namespaces: the modules of its types, its
/// child namespaces, and the types themselves re-exported.
fn models_mod(api: &Api, namespace: Option<&Namespace>) -> TokenStream {
    let path = namespace.map_or("", |n| n.path.as_str());
    let models: Vec<&Model> = api.models.iter().filter(|m| m.namespace == path).collect();
    let enums: Vec<&StringEnum> = api.enums.iter().filter(|e| e.namespace == path).collect();
    let alternatives: Vec<&Alternatives> = api.alternatives.iter().filter(|a| a.namespace == path).collect();
    let children = api.namespaces.iter().filter_map(|n| {
        let (parent, name) = split_qualified(&n.path);
        let doc = match n.name.as_str() {
            "" => format!(" Types of the namespaces below `{}`.", n.path),
            name => format!(" Types of the `{name}` namespace."),
        };
        let name = ident(name);
        (parent == path).then(|| quote! { #[doc = #doc] pub mod #name; })
    });
    let doc = match namespace {
        None => " One type for each schema under `components/schemas`.".to_owned(),
        Some(Namespace { name, .. }) if name.is_empty() => format!(" Types of the namespaces below `{path}`."),
        Some(Namespace { name, .. }) => format!(" Types of the `{name}` namespace."),
    };
    let gate = |name: &str| gate_attr(type_gate(api, &qualify(path, name)));
    let modules = (models.iter().map(|m| (&m.module, gate(m.type_name()))))
        .chain(enums.iter().map(|e| (&e.module, gate(&e.name))))
        .chain(alternatives.iter().map(|a| (&a.module, gate(&a.name))))
        .map(|(module, gate)| {
            let module = ident(module);
            quote! { #gate mod #module; }
        });
    let enums = (enums.iter().map(|e| (&e.module, &e.name)))
        .chain(alternatives.iter().map(|a| (&a.module, &a.name)))
        .map(|(module, name)| {
            let gate = gate(name);
            let module = ident(module);
            let name = ident(name);
            quote! { #gate pub use #module::#name; }
        });
    let exports = models.iter().map(|m| {
        let gate = gate(m.type_name());
        let module = ident(&m.module);
        let object = ident(&m.object.name);
        match &m.union {
            Some(union) => {
                let union = ident(&union.name);
                quote! { #gate pub use #module::{#union, #object}; }
            }
            None => quote! { #gate pub use #module::#object; },
        }
    });
    quote! {
        #![doc = #doc]
        #(#modules)*
        #(#children)*
        #(#exports)*
        #(#enums)*
    }
}

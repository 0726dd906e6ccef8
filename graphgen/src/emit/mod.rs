//! Phase 4: emitting the crate as token streams: which files there are, the manifest, the crate
//! root and the runtime. Models, enums and request builders have modules of their own.

pub mod alternatives;
pub mod enums;
mod gates;
mod manifest;
pub mod models;
pub mod multipart;
pub mod requests;
pub mod responses;
mod runtime;
pub mod security;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::{self, inner_doc_attrs};
use crate::emit::alternatives::alternatives_module;
use crate::emit::enums::enum_module;
use crate::emit::models::{model_module, rust_type_in};
use crate::emit::requests::{requests_mod, resource_module};
use crate::ir::{qualify, split_qualified, Alternatives, Api, Model, Namespace, Resource, StringEnum, Type};
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
    files.extend(runtime::sources(api).into_iter().map(|(path, source)| (path, Job::RuntimeSource(source))));
    files.push(("runtime/src/lib.rs".to_owned(), Job::RuntimeMod));
    files.push(("runtime/Cargo.toml".to_owned(), Job::RuntimeManifest));
    files.push(("src/client.rs".to_owned(), Job::RuntimeSource(include_str!("../../templates/client.rs"))));
    files.push(("src/request.rs".to_owned(), Job::Request));
    if is_graph(api) {
        files.push(("src/clouds.rs".to_owned(), Job::RuntimeSource(include_str!("../../templates/clouds.rs"))));
    }
    if api.odata {
        files.push(("src/batch.rs".to_owned(), Job::RuntimeSource(include_str!("../../templates/batch.rs"))));
        let upload = include_str!("../../templates/upload_session.rs");
        files.push(("src/upload_session.rs".to_owned(), Job::RuntimeSource(upload)));
    }
    files
}

/// Whether the description is Microsoft Graph's, served from `graph.microsoft.com`, which is
/// also served from national clouds.
fn is_graph(api: &Api) -> bool {
    api.base_url.strip_prefix("https://graph.microsoft.com").is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The contents of one file.
pub fn render(api: &Api, job: &Job<'_>) -> Output {
    match job {
        Job::Manifest => Output::Toml(manifest::manifest(api)),
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
        Job::RuntimeManifest => Output::Toml(runtime::manifest(api)),
        Job::Request => Output::RustSource(runtime::request_module(api)),
        Job::RuntimeMod => Output::RustSource(runtime::root(api)),
    }
}

fn lib_rs(api: &Api, form: Form) -> TokenStream {
    let base_url = &api.base_url;
    let error = rust_type_in(&api.error_type, quote! { models });
    let (head, runtime) = match form {
        Form::Crate => {
            // The crate's name stands in for an empty title, as a crate's documentation may not be empty.
            let title = docs::sanitize(&manifest::one_line(&api.title)).into_iter().next();
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
    let clouds = is_graph(api).then(|| quote! { mod clouds; pub use clouds::NationalCloud; });
    // OData's protocols; an upload session is sent by the runtime's reqwest alone.
    let batch = api.odata.then(|| {
        quote! {
            pub mod batch;
            crate::runtime::with_reqwest! {
                pub mod upload_session;
            }
        }
    });
    let batch_types = api.odata.then(|| {
        quote! {
            pub use batch::{Batch, Batched};
            crate::runtime::with_reqwest! {
                pub use upload_session::LargeFileUpload;
            }
        }
    });
    let security = security::requirements(&api.security);
    quote! {
        #head

        #batch
        #clouds
        mod client;
        #credentials
        pub mod models;
        pub mod request;
        pub mod requests;

        #runtime

        #batch_types
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
    let gate = |name: &str| gates::gate_attr(gates::type_gate(api, &qualify(path, name)));
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

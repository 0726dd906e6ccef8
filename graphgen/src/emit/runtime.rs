//! Phase 4: the runtime crate a generated crate gets: its fixed modules, the optional ones
//! the description's types and answers need, its root and its manifest; and the readers of
//! streams the crate's `request` module gets.

use crate::ir::{Api, Operation, Resource, ResponseShape, Type};

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

/// The runtime crate's manifest: the dependencies of the modules this description needs.
pub fn manifest(api: &Api) -> String {
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
serde = {serde}
serde_json = {{ version = "1.0.100", features = ["float_roundtrip"] }}
serde_path_to_error = "0.1.16"
time = {{ version = "0.3.36", features = [{time_features}] }}
tokio = {{ version = "1.38", features = [{tokio_features}], optional = true }}
{optional}"#,
        name = api.crate_name,
        version = api.crate_version,
        // Date and time-of-day parsing is written with `time`'s format macros.
        time_features = if uses(api, &Type::Date) || uses(api, &Type::TimeOfDay) {
            r#""formatting", "macros", "parsing""#
        } else {
            r#""formatting", "parsing""#
        },
        // A batch's answers are read through derived types.
        serde = if api.odata { r#"{ version = "1.0.200", features = ["derive"] }"# } else { r#""1.0.200""# },
        // Upload sessions read a file a slice at a time.
        tokio_features = if api.odata { r#""fs", "io-util", "time""# } else { r#""fs", "time""# },
        optional = OPTIONAL
            .iter()
            .filter(|o| uses(api, &o.ty))
            .filter_map(|o| o.dependency)
            .chain(STREAMS.iter().filter(|s| answers_with(api, s.shape)).filter_map(|s| s.dependency))
            .map(|d| format!("{d}\n"))
            .collect::<String>(),
    )
}

/// The runtime's source files a crate gets, by path: the fixed ones, and the optional ones
/// it uses. Types the description does not use are left out: they cost compile time in
/// every build of the crate (parsing dates alone instantiates much of `time`), and some need
/// a crate of their own.
pub fn sources(api: &Api) -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> =
        RUNTIME.iter().map(|(path, source)| ((*path).to_owned(), *source)).collect();
    let optional: Vec<&Optional> = OPTIONAL.iter().filter(|o| uses(api, &o.ty)).collect();
    if !optional.is_empty() {
        files.push(("runtime/src/edm_text.rs".to_owned(), include_str!("../../runtime/edm_text.rs")));
    }
    files.extend(optional.iter().map(|o| (format!("runtime/src/{}.rs", o.module), o.source)));
    for stream in STREAMS.iter().filter(|s| answers_with(api, s.shape)) {
        files.push((format!("runtime/src/{}.rs", stream.module), stream.source));
    }
    if api.odata {
        files.push(("runtime/src/batch.rs".to_owned(), include_str!("../../runtime/batch.rs")));
        files.push(("runtime/src/upload_session.rs".to_owned(), include_str!("../../runtime/upload_session.rs")));
    }
    files
}

/// The runtime root's lines for OData's protocols, in an OData-shaped description's crate.
const ODATA_ROOT: &str = "
mod batch;
pub use batch::{BatchAnswers, BatchRequests, MAX_BATCH};
#[cfg(feature = \"reqwest\")]
#[doc(hidden)]
pub use batch::send as send_batch;

#[cfg(feature = \"reqwest\")]
mod upload_session;
#[cfg(feature = \"reqwest\")]
pub use upload_session::{CancelUpload, SessionOptions, MAX_SLICE, SLICE_UNIT};
#[cfg(feature = \"reqwest\")]
#[doc(hidden)]
pub use upload_session::{session_start, upload as upload_in_session};
";

/// The runtime's `lib.rs`: its documentation, the fixed modules, and the optional ones used.
pub fn root(api: &Api) -> String {
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
    if api.odata {
        text.push_str(ODATA_ROOT);
    }
    text
}

/// The crate's `request` module, with the readers of the streams its answers use.
pub fn request_module(api: &Api) -> String {
    let mut text = include_str!("../../templates/request.rs").to_owned();
    for stream in STREAMS.iter().filter(|s| answers_with(api, s.shape)) {
        text.push_str(stream.readers);
    }
    text
}

//! Phase 4: the files around the models: the manifest, the crate root and the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::inner_doc_attrs;
use crate::emit_models::model_module;
use crate::ir::Api;
use crate::names::ident;

/// A generated file before formatting.
pub enum Output {
    /// Rust items, to be formatted.
    Rust(TokenStream),
    /// Rust source written as it is, with its comments.
    RustSource(&'static str),
    /// A TOML manifest.
    Toml(String),
}

/// The runtime modules, copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../runtime/mod.rs")),
    ("src/runtime/base64_url.rs", include_str!("../runtime/base64_url.rs")),
    ("src/runtime/date_time.rs", include_str!("../runtime/date_time.rs")),
    ("src/runtime/json.rs", include_str!("../runtime/json.rs")),
    ("src/runtime/nullable.rs", include_str!("../runtime/nullable.rs")),
    ("src/runtime/object.rs", include_str!("../runtime/object.rs")),
];

/// Every file of the crate, by path relative to the crate's root, in a fixed order.
pub fn crate_files(api: &Api) -> Vec<(String, Output)> {
    let mut files = vec![
        ("Cargo.toml".to_owned(), Output::Toml(manifest(api))),
        // The generator formats its output itself; `cargo fmt` leaves it alone so that
        // formatting a workspace never makes the crate stale.
        ("rustfmt.toml".to_owned(), Output::Toml("disable_all_formatting = true\n".to_owned())),
        ("src/lib.rs".to_owned(), Output::Rust(lib_rs(api))),
        ("src/models/mod.rs".to_owned(), Output::Rust(models_mod(api))),
    ];
    for model in &api.models {
        files.push((format!("src/models/{}.rs", model.module), Output::Rust(model_module(model))));
    }
    for (path, source) in RUNTIME {
        files.push(((*path).to_owned(), Output::RustSource(source)));
    }
    files
}

fn manifest(api: &Api) -> String {
    // The manifest is complete on its own, so the crate builds outside this workspace too.
    let description = api.title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = "{description}"
license = "MIT"
publish = false

[dependencies]
base64 = "0.22"
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = {{ version = "1.0.100", features = ["float_roundtrip"] }}
serde_path_to_error = "0.1.16"
time = {{ version = "0.3.36", features = ["parsing", "formatting"] }}
"#,
        name = api.crate_name,
        version = api.crate_version,
    )
}

fn lib_rs(api: &Api) -> TokenStream {
    let title = format!(" {}", api.title);
    let doc = inner_doc_attrs(api.doc.as_deref());
    quote! {
        #![doc = #title]
        #![doc = ""]
        #doc

        pub mod models;
        pub mod runtime;

        pub use runtime::{decode, decode_slice, decode_value, encode, Base64Url, DateTimeOffset, DecodeError, Nullable};
    }
}

fn models_mod(api: &Api) -> TokenStream {
    let modules = api.models.iter().map(|m| ident(&m.module));
    let exports = api.models.iter().map(|m| {
        let module = ident(&m.module);
        let object = ident(&m.object.name);
        match &m.union {
            Some(union) => {
                let union = ident(&union.name);
                quote! { pub use #module::{#union, #object}; }
            }
            None => quote! { pub use #module::#object; },
        }
    });
    quote! {
        //! One type for each schema under `components/schemas`.
        #(mod #modules;)*
        #(#exports)*
    }
}

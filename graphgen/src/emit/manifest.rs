//! Phase 4: the generated crate's manifest: its package, its features (one per area, and the
//! HTTP client's) and its dependencies.

use crate::ir::Api;

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
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn manifest(api: &Api) -> String {
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

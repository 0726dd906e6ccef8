//! Graph-style descriptions: each fixture is generated into a scratch crate that must
//! build without warnings and round-trip the payloads the fixture lists.
//!
//! A fixture lists its checks in extensions the generator ignores: `x-test-payloads`
//! (a type, a JSON value that must survive decode → encode unchanged, and optionally
//! the variant a polymorphic type must choose), `x-test-rejects` (JSON that must fail
//! with the given path), `x-test-code` (statements run as a test) and `x-test-warnings`
//! (how many warnings of each kind generating it must give; none when absent), or in a
//! file `<name>.payloads.yaml` beside it. Every crate must also pass clippy `-D warnings`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use office_config_tests::root;
use office_config_tests::scratch::Scratch;
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/specs/graph-style");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        // Folders hold the other files of a split description.
        .filter(|p| p.is_file() && !p.to_string_lossy().contains(".payloads."))
        .collect();
    found.sort();
    found.push(root().join("tests/fixtures/specs/graph-reference.yaml"));
    found
}

/// A Rust raw string literal holding `text`.
fn raw(text: &str) -> String {
    format!("r####\"{text}\"####")
}

/// The integration test of one fixture crate.
fn test_file(crate_name: &str, spec: &Value) -> String {
    let krate = crate_name.replace('-', "_");
    let mut out = format!(
        "use {krate}::models::*;\n\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {{\n\
         \x20   let value: serde_json::Value = serde_json::from_str(json).unwrap();\n\
         \x20   let model: T = {krate}::decode(json).unwrap_or_else(|e| panic!(\"{{json}}: {{e}}\"));\n\
         \x20   let written = serde_json::to_value(&model).unwrap();\n\
         \x20   assert!({krate}::runtime::same_json(&written, &value), \"{{json}}\\n{{written}}\");\n\
         \x20   model\n}}\n\n#[test]\nfn payloads() {{\n"
    );
    for payload in spec["x-test-payloads"].as_array().into_iter().flatten() {
        let ty = payload["type"].as_str().expect("a type");
        let json = raw(&payload["json"].to_string());
        match payload["variant"].as_str() {
            Some(variant) => writeln!(
                out,
                "    let model = round_trip::<{ty}>({json});\n    assert!(matches!(model, {ty}::{variant}(_)), \"{{model:?}}\");"
            ),
            None => writeln!(out, "    round_trip::<{ty}>({json});"),
        }
        .expect("write to a string");
    }
    for reject in spec["x-test-rejects"].as_array().into_iter().flatten() {
        let ty = reject["type"].as_str().expect("a type");
        let json = raw(&reject["json"].to_string());
        let path = reject["path"].as_str().expect("a path");
        writeln!(out, "    let error = {krate}::decode::<{ty}>({json}).unwrap_err();\n    assert_eq!(error.path(), {path:?}, \"{{error}}\");")
            .expect("write to a string");
    }
    out.push_str("}\n");
    if let Some(code) = spec["x-test-code"].as_str() {
        write!(out, "\n#[test]\nfn code() {{\n{code}}}\n").expect("write to a string");
    }
    out
}

#[test]
fn graph_style_descriptions_generate_crates_that_build_and_round_trip() {
    let mut scratch = Scratch::new();
    let mut checks = 0;
    for spec_path in fixtures() {
        let text = std::fs::read_to_string(&spec_path).expect("readable");
        // JSON is read as JSON: YAML readers refuse some of what JSON allows.
        let mut spec: Value = if spec_path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).expect("JSON")
        } else {
            serde_yaml::from_str(&text).expect("YAML")
        };
        // A description kept verbatim has its checks in a file beside it.
        let sidecar = spec_path.with_extension("payloads.yaml");
        if let Ok(text) = std::fs::read_to_string(&sidecar) {
            let checks: Value = serde_yaml::from_str(&text).expect("YAML");
            for (key, value) in checks.as_object().into_iter().flatten() {
                spec[key] = value.clone();
            }
        }
        let stem = spec_path.file_stem().and_then(|s| s.to_str()).expect("a name").to_owned();
        let (crate_dir, warnings) =
            scratch.generate_warning(&stem, &spec_path).unwrap_or_else(|e| panic!("{stem}:\n{e}"));
        let expected: BTreeMap<String, usize> = spec["x-test-warnings"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(code, count)| (code.clone(), count.as_u64().expect("a count") as usize))
            .collect();
        let counts: BTreeMap<String, usize> =
            warnings.warning_counts().into_iter().map(|(code, count)| (code.to_owned(), count)).collect();
        assert_eq!(counts, expected, "{stem}: the warnings differ from `x-test-warnings`:\n{warnings}");
        let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("a manifest");
        let crate_name = graphgen::codegen::package_name(&manifest).expect("a package name");
        checks += spec["x-test-payloads"].as_array().map_or(0, Vec::len)
            + spec["x-test-rejects"].as_array().map_or(0, Vec::len);
        scratch.add_file(&stem, "tests/fixture.rs", &test_file(&crate_name, &spec));
    }
    assert!(checks >= 30, "only {checks} payload checks");
    // Users lint the crate in their workspace, so clippy's default lints are part of the bar.
    if let Err(output) = scratch.cargo(&["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]) {
        panic!("a generated fixture crate does not pass clippy:\n{output}");
    }
    if let Err(output) = scratch.cargo(&["test", "--workspace", "--quiet"]) {
        panic!("a generated fixture crate failed:\n{output}");
    }
}

//! `cargo xtask corpus`: real published descriptions, each generated into a crate of a
//! scratch workspace that must pass clippy with `-D warnings` and round-trip the payloads
//! listed beside the description.
//!
//! A description `NAME.yml` (or `.yaml`, `.json`) may have `NAME.payloads.yaml` beside it:
//! a list `payloads` of `{schema, json}` entries, where `schema` is a component schema key
//! and `json` a JSON text that must decode as that schema's type and encode back to the
//! same JSON value. With `collection: true`, `json` is an OData collection
//! (`{"value": [...]}`) of that type, read through the runtime's `Collection` as an array
//! response is; with `array: true`, a bare JSON array of that type.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use graphgen::codegen;
use graphgen::load;

/// Where the descriptions are, relative to the workspace.
pub const DIR: &str = "tests/fixtures/corpus";

/// How one description fared.
#[derive(Debug)]
pub enum Outcome {
    /// The crate builds without warnings and its payloads round-trip.
    Compiles,
    /// The generator reported problems at their locations.
    LocatedError(String),
    /// The generator panicked.
    Panic(String),
    /// The generated crate does not build, lints or round-trips its payloads.
    Broken(String),
}

/// One description's row of the report.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    pub bytes: usize,
    pub outcome: Outcome,
    pub generation: Duration,
    /// Lines of generated Rust.
    pub lines: usize,
    pub payloads: usize,
    /// The area features of the crate, if it has several areas.
    pub areas: Vec<String>,
    /// How many builds with one area, or none, [`check_areas`] made.
    pub feature_builds: usize,
    /// How many warnings of each kind generation reported.
    pub warnings: std::collections::BTreeMap<&'static str, usize>,
    /// How long clippy took on the crate alone, when it was built alone.
    pub clippy: Option<Duration>,
    /// Public names ending in a number or `_` that the description did not write.
    pub invented: Vec<String>,
    /// The places whose schema is read as a looser type than it describes.
    pub fallbacks: Vec<String>,
    /// How many component schemas became types.
    pub types: usize,
    /// How long rustdoc took on the crate alone, when it was documented.
    pub doc: Option<Duration>,
}

/// The descriptions under `dir`, sorted by name.
pub fn descriptions(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        (name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".json")) && !name.contains(".payloads.")
    });
    found.sort();
    found
}

/// A copy of the description at `spec` in `dir`, named `tags-<name>.yaml`, that asks for
/// areas by operation tag (`x-rust-crate: {areas: tags}`), as Graph's tags such as
/// `users.message` cut the API finer than first path segments do.
pub fn with_areas_by_tag(spec: &Path, dir: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut document: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let root = document.as_mapping_mut().ok_or("a description is a mapping")?;
    let settings = root
        .entry("x-rust-crate".into())
        .or_insert_with(|| serde_yaml::Value::Mapping(Default::default()))
        .as_mapping_mut()
        .ok_or("`x-rust-crate` is a mapping")?;
    settings.insert("areas".into(), "tags".into());
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("description");
    let out = dir.join(format!("tags-{stem}.yaml"));
    let text = serde_yaml::to_string(&document).map_err(|e| e.to_string())?;
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// Generates, builds and checks `specs` in the workspace `workspace`, building into
/// `target`. Every crate is written afresh.
pub fn run(specs: &[PathBuf], workspace: &Path, target: &Path, lock: &Path) -> Result<Vec<Entry>, String> {
    let _ = std::fs::remove_dir_all(workspace);
    std::fs::create_dir_all(workspace).map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    std::fs::copy(lock, workspace.join("Cargo.lock")).map_err(|e| format!("cannot copy the lock file: {e}"))?;
    let mut entries = Vec::new();
    let mut members = Vec::new();
    for spec in specs {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("description").to_owned();
        let (mut entry, generated) = generate_entry(&name, spec)?;
        if let Some(generated) = generated {
            let member = package_name(&name);
            write_member(workspace, &member, spec, generated, &mut entry)?;
            members.push(member);
        }
        entries.push(entry);
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // One build of everything is much faster than one per crate; only when it fails is
    // each crate built on its own, to tell which are broken.
    let all = ["--workspace"];
    if cargo(workspace, target, "clippy", &all).and_then(|()| cargo(workspace, target, "test", &all)).is_err() {
        for entry in entries.iter_mut().filter(|e| matches!(e.outcome, Outcome::Compiles)) {
            let member = package_name(&entry.name);
            let one = ["-p", member.as_str()];
            if let Err(output) =
                cargo(workspace, target, "clippy", &one).and_then(|()| cargo(workspace, target, "test", &one))
            {
                entry.outcome = Outcome::Broken(output);
            }
        }
    }
    Ok(entries)
}

/// Reads and generates the description at `spec`, named `name`, and times it. The entry
/// says how it went; the generated crate comes with it when there is one.
pub fn generate_entry(name: &str, spec: &Path) -> Result<(Entry, Option<codegen::Generated>), String> {
    generate_entry_with(name, spec, &[], false)
}

/// [`generate_entry`], with the description changed by `overlays` first, and its
/// references to files outside its folder followed when `outside`.
pub fn generate_entry_with(
    name: &str,
    spec: &Path,
    overlays: &[PathBuf],
    outside: bool,
) -> Result<(Entry, Option<codegen::Generated>), String> {
    let source = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let display = spec.file_name().and_then(|n| n.to_str()).unwrap_or(name).to_owned();
    let started = Instant::now();
    let generated = catch_unwind(AssertUnwindSafe(|| {
        // Read from its file, so that references to the description's other files are followed.
        let overlays = overlays.iter().map(|o| (o.clone(), graphgen::display_path(o))).collect();
        let options = load::Options { outside, overlays };
        let loaded = load::load_all(&[(spec.to_path_buf(), display.clone())], &display, options)?;
        // Names are looked for in every file the description reads, not only its first.
        let texts: Vec<&str> = loaded.sources.iter().map(|s| s.text.as_str()).collect();
        let texts = texts.join("\n");
        codegen::generate_from(&loaded, &display).map(|generated| (generated, texts))
    }));
    let mut entry = Entry {
        name: name.to_owned(),
        bytes: source.len(),
        outcome: Outcome::Compiles,
        generation: started.elapsed(),
        lines: 0,
        payloads: 0,
        areas: Vec::new(),
        feature_builds: 0,
        warnings: Default::default(),
        clippy: None,
        invented: Vec::new(),
        fallbacks: Vec::new(),
        types: 0,
        doc: None,
    };
    match generated {
        Err(panic) => {
            entry.outcome = Outcome::Panic(panic_message(&*panic));
            Ok((entry, None))
        }
        Ok(Err(diagnostics)) => {
            entry.warnings = diagnostics.warning_counts();
            entry.outcome = Outcome::LocatedError(diagnostics.to_string());
            Ok((entry, None))
        }
        Ok(Ok((generated, texts))) => {
            entry.warnings = generated.warnings.warning_counts();
            entry.lines =
                generated.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, t)| t.lines().count()).sum();
            entry.invented = crate::invented::invented(&generated.files, &texts);
            entry.fallbacks = generated.fallbacks.clone();
            entry.types = generated.types.len();
            Ok((entry, Some(generated)))
        }
    }
}

/// Writes a generated crate into `workspace` as the member `member`, with the test that
/// round-trips the payloads listed beside `spec`; its areas and payloads go in `entry`.
pub fn write_member(
    workspace: &Path,
    member: &str,
    spec: &Path,
    generated: codegen::Generated,
    entry: &mut Entry,
) -> Result<PathBuf, String> {
    let mut files = generated.files;
    // Descriptions of two versions of one API share a title; each crate is named after its file.
    codegen::rename_crate(&mut files, member);
    if let Some(manifest) = files.get("Cargo.toml") {
        entry.areas = area_features(manifest);
    }
    let out = workspace.join(member);
    codegen::write(&out, &files)?;
    let (test, payloads) = payload_test(spec, member, &generated.types)?;
    entry.payloads = payloads;
    std::fs::create_dir_all(out.join("tests")).map_err(|e| e.to_string())?;
    std::fs::write(out.join("tests/payloads.rs"), test).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Builds each crate of `entries` that `pick` selects and that has area features with
/// clippy `-D warnings` once with no feature and once with each area alone (with
/// `reqwest`, so that `send()` and paging are built too), as a user who asks for one area
/// gets it. A combination that fails marks the crate broken.
pub fn check_areas(workspace: &Path, target: &Path, entries: &mut [Entry], pick: impl Fn(&Entry) -> bool) {
    for entry in entries.iter_mut() {
        if !matches!(entry.outcome, Outcome::Compiles) || entry.areas.is_empty() || !pick(entry) {
            continue;
        }
        let member = package_name(&entry.name);
        let combinations = std::iter::once(None).chain(entry.areas.iter().map(|a| Some(format!("reqwest,{a}"))));
        for features in combinations {
            let mut args = vec!["-p", member.as_str(), "--lib", "--no-default-features"];
            if let Some(features) = &features {
                args.extend(["--features", features.as_str()]);
            }
            entry.feature_builds += 1;
            if let Err(output) = cargo(workspace, target, "clippy", &args) {
                let which = features.map_or("no features".to_owned(), |f| format!("the features `{f}`"));
                entry.outcome = Outcome::Broken(format!("with {which}:\n{output}"));
                break;
            }
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// The area features a generated manifest lists under `full`.
pub fn area_features(manifest: &str) -> Vec<String> {
    let Some(line) = manifest.lines().find(|l| l.starts_with("full = [")) else { return Vec::new() };
    line.trim_start_matches("full = [")
        .trim_end_matches(']')
        .split(',')
        .map(|f| f.trim().trim_matches('"').to_owned())
        .filter(|f| !f.is_empty())
        .collect()
}

/// A package name for a description file: `graph-v1.0-Search` → `corpus-graph-v1-0-search`.
pub fn package_name(stem: &str) -> String {
    // Words of letters and digits joined by one `-`: a run of punctuation (`Recurrence-(v1-`)
    // would otherwise give a crate name with `__`, which rustc's `non_snake_case` refuses.
    let lower = stem.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("corpus-{}", words.join("-"))
}

/// The integration test that round-trips a description's payloads, and how many there are.
pub fn payload_test(spec: &Path, member: &str, types: &[(String, String)]) -> Result<(String, usize), String> {
    let krate = member.replace('-', "_");
    let mut test = format!(
        "//! Payloads from the description's sources, decoded and encoded back.\n\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {{\n\
         \x20   let expected: serde_json::Value = serde_json::from_str(json).unwrap();\n\
         \x20   let model: T = {krate}::decode(json).unwrap_or_else(|e| panic!(\"{{e}}\\n{{json}}\"));\n\
         \x20   let written = serde_json::to_value(&model).unwrap();\n\
         \x20   assert!({krate}::runtime::same_json(&written, &expected), \"{{json}}\\n{{written}}\");\n}}\n\n#[test]\nfn payloads() {{\n"
    );
    let path =
        spec.with_file_name(format!("{}.payloads.yaml", spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default()));
    let mut count = 0;
    if let Ok(text) = std::fs::read_to_string(&path) {
        let document: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for payload in document.get("payloads").and_then(|p| p.as_sequence()).into_iter().flatten() {
            let schema = payload.get("schema").and_then(|s| s.as_str()).unwrap_or_default();
            let json = payload.get("json").and_then(|j| j.as_str()).unwrap_or_default();
            let Some((_, ty)) = types.iter().find(|(key, _)| key == schema) else {
                return Err(format!("{}: no type for the schema `{schema}`", path.display()));
            };
            // An OData collection is read as a function's array response is: through
            // `Collection`; a bare JSON array (`array: true`) as a `Vec`.
            let flag = |key: &str| payload.get(key).and_then(|c| c.as_bool()) == Some(true);
            let ty = if flag("collection") {
                format!("{krate}::runtime::Collection<{krate}::models::{ty}>")
            } else if flag("array") {
                format!("Vec<{krate}::models::{ty}>")
            } else {
                format!("{krate}::models::{ty}")
            };
            writeln!(test, "    round_trip::<{ty}>(r####\"{json}\"####);").map_err(|e| e.to_string())?;
            count += 1;
        }
    }
    test.push_str("}\n");
    if count == 0 {
        test = "//! The description has no payloads beside it.\n".to_owned();
    }
    Ok((test, count))
}

/// Runs `cargo <command> <args>` offline in the workspace, warnings as errors (rustdoc's
/// too, for `doc`).
pub fn cargo(workspace: &Path, target: &Path, command: &str, args: &[&str]) -> Result<(), String> {
    let mut invocation = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    invocation.arg(command).args(args).arg("--offline").arg("--quiet");
    // Each crate is built once, so incremental data would only pile up: a sweep of 500
    // crates left 46 GB of it.
    invocation.env("CARGO_INCREMENTAL", "0");
    if command == "clippy" {
        // The library alone when asked for, as a build with some features has only it;
        // everything otherwise.
        if !args.contains(&"--lib") {
            invocation.arg("--all-targets");
        }
        invocation.args(["--", "-D", "warnings"]);
    }
    if command == "doc" {
        invocation.env("RUSTDOCFLAGS", "-D warnings");
    } else {
        invocation.env_remove("RUSTDOCFLAGS");
    }
    let output = invocation
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// The report: one row per description, and `N passed, N failed` last.
pub fn report(entries: &[Entry]) -> String {
    let mut out = String::from(
        "| description | size | outcome | generation | lines | payloads | areas | invented names |\n|---|---:|---|---:|---:|---:|---:|---|\n",
    );
    for entry in entries {
        let outcome = match &entry.outcome {
            Outcome::Compiles => "compiles",
            Outcome::LocatedError(_) => "located error",
            Outcome::Panic(_) => "panic",
            Outcome::Broken(_) => "broken",
        };
        let _ = writeln!(
            out,
            "| {} | {} KB | {outcome} | {} ms | {} | {} | {} | {} |",
            entry.name,
            entry.bytes / 1024,
            entry.generation.as_millis(),
            entry.lines,
            entry.payloads,
            entry.areas.len(),
            invented_cell(&entry.invented),
        );
    }
    let passed = entries.iter().filter(|e| matches!(e.outcome, Outcome::Compiles)).count();
    let invented: usize = entries.iter().map(|e| e.invented.len()).sum();
    let _ = writeln!(out, "\n{invented} invented names (ending in a number or `_`)");
    let _ = writeln!(out, "{passed} passed, {} failed", entries.len() - passed);
    out
}

/// A report's cell for the invented names: how many, and the first few.
pub fn invented_cell(names: &[String]) -> String {
    match names.len() {
        0 => "0".to_owned(),
        n if n <= 3 => format!("{n}: {}", names.join(", ")),
        n => format!("{n}: {}, …", names[..3].join(", ")),
    }
}

/// The details of every description that did not pass.
pub fn failures(entries: &[Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        let detail = match &entry.outcome {
            Outcome::Compiles => continue,
            Outcome::LocatedError(text) | Outcome::Panic(text) | Outcome::Broken(text) => text,
        };
        let _ = writeln!(out, "== {}\n{detail}", entry.name);
    }
    out
}

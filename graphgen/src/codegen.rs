//! The `codegen` command: generate the crate, then check it against or write it to disk.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::Form;
use crate::format::{finish, Stamp, MARKER};
use crate::timings::Timings;
use crate::{emit, load, lower, validate};

/// The generated files, by path relative to the output directory.
pub type Files = BTreeMap<String, String>;

/// What a successful run produces.
#[derive(Debug)]
pub struct Generated {
    pub files: Files,
    /// Which Rust type (a path below `models`) each component schema became.
    pub types: Vec<(String, String)>,
    /// What the description gets wrong but could still be generated.
    pub warnings: Diagnostics,
    /// How long each phase took, loading's first.
    pub timings: Timings,
    /// Every file the description was read from.
    pub sources: Vec<PathBuf>,
    /// Each place whose schema is read as a looser type than it describes (any JSON value,
    /// or properties kept with the unknown ones), once, in order.
    pub fallbacks: Vec<String>,
}

/// Runs every phase on the description at `spec`. `display` names it in messages and preambles.
pub fn generate(spec: &Path, display: &str) -> Result<Generated, Diagnostics> {
    let loaded = load::load(spec, display)?;
    generate_from(&loaded, display)
}

/// Runs every phase on several descriptions (path, name in messages) made into one crate;
/// `display` names them together in messages and preambles. With `out`, the files there
/// whose fingerprint shows they would come out the same are reused (see
/// [`crate::format::finish`]); the result is the same as without them.
pub fn generate_all(
    descriptions: &[(PathBuf, String)],
    display: &str,
    options: load::Options,
    out: Option<&Path>,
) -> Result<Generated, Diagnostics> {
    generate_stamped(descriptions, display, options, &Stamp::xtask(display), Form::Crate, out)
}

/// [`generate_all`], with the files' first line naming `stamp`'s command and source, as a
/// crate or as the module tree [`crate::build`] writes.
pub fn generate_stamped(
    descriptions: &[(PathBuf, String)],
    display: &str,
    options: load::Options,
    stamp: &Stamp,
    form: Form,
    out: Option<&Path>,
) -> Result<Generated, Diagnostics> {
    let loaded = load::load_all(descriptions, display, options)?;
    generate_with(&loaded, display, stamp, form, out)
}

/// How generated files name the descriptions `specs` (files or folders) made into the
/// crate at `out`: each relative to `out` when it lies in the folder that holds `out`
/// (`../spec/api.yaml` for a crate beside `spec/`), otherwise by its file name. Neither
/// depends on where the project is checked out, on the working directory, or on how the
/// paths were written, so the crate is the same on every machine.
pub fn source_name(specs: &[PathBuf], out: &Path) -> String {
    let out = resolved(out);
    let project = out.parent().unwrap_or(&out);
    let names: Vec<String> = specs
        .iter()
        .map(|spec| {
            let spec = resolved(spec);
            if spec.starts_with(project) {
                relative(&spec, &out)
            } else {
                spec.file_name().map(PathBuf::from).unwrap_or(spec)
            }
        })
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .collect();
    names.join(", ")
}

/// The path that leads from the folder `from` to `to`, both absolute.
fn relative(to: &Path, from: &Path) -> PathBuf {
    let common = to.components().zip(from.components()).take_while(|(a, b)| a == b).count();
    let mut path: PathBuf = from.components().skip(common).map(|_| "..").collect();
    path.extend(to.components().skip(common));
    path
}

/// `path` made absolute, without `.` and `..`, and with symbolic links resolved as far
/// as it exists, so that two spellings of one place compare equal.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut plain = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                plain.pop();
            }
            other => plain.push(other),
        }
    }
    // The deepest part that exists is canonicalised (a temporary folder may be a link);
    // the rest, not written yet, is appended as it is.
    let mut existing = plain.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest.iter().rev().fold(canonical, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return plain,
        }
    }
}

/// The description files `specs` name, with the name messages give each: a file is
/// itself, a folder every `.yml`, `.yaml` and `.json` file in it (not below), by file name.
pub fn descriptions(specs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, String> {
    let mut found = Vec::new();
    for spec in specs {
        if !spec.is_dir() {
            found.push((spec.clone(), crate::display_path(spec)));
            continue;
        }
        let entries = fs::read_dir(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| {
                path.is_file()
                    && path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yml" | "yaml" | "json"))
            })
            .collect();
        if files.is_empty() {
            return Err(format!("{} holds no .yml, .yaml or .json description", spec.display()));
        }
        files.sort();
        found.extend(files.into_iter().map(|path| {
            let display = crate::display_path(&path);
            (path, display)
        }));
    }
    Ok(found)
}

/// [`generate`], reusing the files in `out` whose fingerprint shows they would come out
/// the same (see [`crate::format::finish`]). The result is the same as without them.
pub fn generate_reusing(spec: &Path, display: &str, out: &Path) -> Result<Generated, Diagnostics> {
    let loaded = load::load(spec, display)?;
    generate_with(&loaded, display, &Stamp::xtask(display), Form::Crate, Some(out))
}

/// Runs the phases after loading.
pub fn generate_from(spec: &load::Spec, display: &str) -> Result<Generated, Diagnostics> {
    generate_with(spec, display, &Stamp::xtask(display), Form::Crate, None)
}

fn generate_with(
    spec: &load::Spec,
    display: &str,
    stamp: &Stamp,
    form: Form,
    reuse: Option<&Path>,
) -> Result<Generated, Diagnostics> {
    let mut diagnostics = spec.diagnostics(display);
    diagnostics.items.extend(spec.warnings.iter().cloned());
    let mut lowering = Diagnostics::new(display);
    let mut timings = spec.timings.clone();
    // Validation and lowering only read the description, so they run side by side.
    let ((), mut api) = timings.time("validate and lower", || {
        rayon::join(
            || validate::validate(&spec.api, &spec.others, &spec.document, &mut diagnostics),
            || lower::lower(&spec.api, &spec.others, &mut lowering),
        )
    });
    // Lowering meets some of the errors validation already reported, at the same place
    // or just above it; one report per place is enough.
    let reported: Vec<String> = diagnostics.errors().map(|d| d.pointer.clone()).collect();
    for item in lowering.items {
        if !(item.is_error() && reported.iter().any(|p| p.starts_with(&item.pointer))) {
            diagnostics.push(item);
        }
    }
    if warnings_denied(&spec.api, &mut diagnostics) {
        diagnostics.deny_warnings();
    }
    if diagnostics.has_errors() {
        spec.place(&mut diagnostics);
        return Err(diagnostics);
    }
    if form == Form::Module {
        // Areas are features of a generated crate's own manifest; a module included into
        // its user's crate has none to switch, so everything is compiled.
        api.features = None;
    }
    // Emitting and formatting are most of the work and independent per file. The `mod.rs`
    // files that list every model and every request option can be a tenth of a large
    // crate each, so they start first, rather than leave one thread working alone at the end.
    let mut jobs = emit::crate_files(&api, form);
    jobs.sort_by_key(|(_, job)| !matches!(job, emit::Job::RequestsMod | emit::Job::ModelsMod(None)));
    let rendered: Vec<(String, Result<String, String>)> = timings.time("emit and format", || {
        jobs.into_par_iter()
            .map(|(path, job)| {
                let previous = reuse.and_then(|out| fs::read_to_string(out.join(&path)).ok());
                let text = finish(emit::render(&api, &job), stamp, previous.as_deref());
                (path, text)
            })
            .collect()
    });
    let mut files = Files::new();
    for (path, text) in rendered {
        match text {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(message) => diagnostics.push(Diagnostic::new("", format!("{path}: {message}"))),
        }
    }
    spec.place(&mut diagnostics);
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        let sources = spec.sources.iter().filter_map(|s| s.path.clone()).collect();
        let warned = diagnostics.items.iter().filter(|d| crate::diagnostics::LOOSER.contains(&d.code));
        let fallbacks: std::collections::BTreeSet<String> =
            warned.map(|d| d.pointer.clone()).chain(api.fallbacks).collect();
        let fallbacks = fallbacks.into_iter().collect();
        Ok(Generated { files, types: api.schema_types, warnings: diagnostics, timings, sources, fallbacks })
    }
}

/// Whether the description asks for warnings to be errors: `x-rust-crate: {warnings: deny}`.
/// The setting is in the description, so `--check` and the freshness test obey it too.
fn warnings_denied(api: &openapiv3::OpenAPI, diagnostics: &mut Diagnostics) -> bool {
    let setting = api.extensions.get(lower::CRATE_EXTENSION).and_then(|e| e.get("warnings"));
    match setting.map(|s| s.as_str()) {
        None | Some(Some("warn")) => false,
        Some(Some("deny")) => true,
        Some(_) => {
            diagnostics.push(
                Diagnostic::new(format!("/{}/warnings", lower::CRATE_EXTENSION), "`warnings` is `warn` or `deny`")
                    .with_hint("`deny` makes every warning an error"),
            );
            false
        }
    }
}

/// Renames the generated package to `name`, and its runtime package to match, so that
/// crates generated from descriptions with the same title can share a workspace.
pub fn rename_crate(files: &mut Files, name: &str) {
    let Some(old) = files.get("Cargo.toml").and_then(|m| package_name(m)) else { return };
    for path in ["Cargo.toml", "runtime/Cargo.toml"] {
        if let Some(text) = files.get_mut(path) {
            // The package's own `name` and `description` are in `[package]`; an area feature
            // may be called `name` too. The runtime dependency names its package.
            let mut in_package = false;
            let renamed: Vec<String> = text
                .lines()
                .map(|line| {
                    if line.starts_with('[') {
                        in_package = line == "[package]";
                    }
                    if in_package && line.starts_with("name = ") {
                        line.replacen(&format!("\"{old}"), &format!("\"{name}"), 1)
                    } else if in_package && line.starts_with("description = ") {
                        line.replacen(&format!("the {old} crate"), &format!("the {name} crate"), 1)
                    } else if line.starts_with("runtime = ") {
                        line.replacen(&format!("\"{old}-runtime\""), &format!("\"{name}-runtime\""), 1)
                    } else {
                        line.to_owned()
                    }
                })
                .collect();
            *text = renamed.join("\n") + "\n";
        }
    }
}

/// The `name` of a manifest's package.
pub fn package_name(manifest: &str) -> Option<String> {
    let package =
        manifest.split("\n[").find(|table| table.starts_with("package]") || table.starts_with("[package]"))?;
    package.lines().find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"')).map(str::to_owned)
}

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Generated files that are missing or have other contents.
    pub stale: Vec<String>,
    /// Files the generator wrote earlier but no longer produces.
    pub obsolete: Vec<String>,
    /// Files the generator did not write.
    pub foreign: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.obsolete.is_empty()
    }
}

/// Compares `files` with the contents of `out`, changing nothing.
pub fn compare(out: &Path, files: &Files) -> io::Result<Drift> {
    let mut drift = Drift::default();
    // Listing the directory once spares an open of every file that is not there yet,
    // which is most of the cost of writing a new crate on a slow file system.
    let existing = existing_files(out)?;
    for (path, text) in files {
        if existing.binary_search(path).is_err() {
            drift.stale.push(path.clone());
            continue;
        }
        match fs::read_to_string(out.join(path)) {
            Ok(contents) if contents == *text => {}
            Ok(_) => drift.stale.push(path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => drift.stale.push(path.clone()),
            Err(error) => return Err(error),
        }
    }
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        let generated =
            fs::read_to_string(out.join(&path)).map(|t| t.lines().next().is_some_and(|l| l.contains(MARKER)));
        if generated.unwrap_or(false) {
            drift.obsolete.push(path);
        } else {
            drift.foreign.push(path);
        }
    }
    Ok(drift)
}

/// Every file below `out`, relative to it, skipping build output.
fn existing_files(out: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if !out.exists() {
        return Ok(found);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in fs::read_dir(out.join(&relative))? {
            let entry = entry?;
            let name = entry.file_name();
            let path = relative.join(&name);
            if entry.file_type()?.is_dir() {
                if name != "target" {
                    stack.push(path);
                }
            } else if name != "Cargo.lock" {
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Brings `out` in line with `files`.
///
/// Nothing is touched if a file the generator did not write is in the way. Each
/// changed file is written to a temporary file beside it and renamed into place, so
/// an interrupted run leaves every file either old or new, never half-written.
pub fn write(out: &Path, files: &Files) -> Result<Drift, String> {
    let drift = compare(out, files).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if !drift.foreign.is_empty() {
        return Err(format!(
            "{} holds files the generator did not write, so it will not change anything there: {}\n\
             move them elsewhere, or start them with a line holding `{MARKER}…` if they are generated",
            out.display(),
            drift.foreign.join(", ")
        ));
    }
    // Folders first, then the files side by side: a crate of thousands of files spends
    // most of its writing in the file system's calls, which overlap on another thread.
    let folders: std::collections::BTreeSet<PathBuf> =
        drift.stale.iter().filter_map(|path| out.join(path).parent().map(Path::to_path_buf)).collect();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| format!("cannot write {}: {e}", folder.display()))?;
    }
    let written: Vec<Result<(), String>> = drift
        .stale
        .par_iter()
        .map(|path| {
            let target = out.join(path);
            let temporary = target.with_extension("codegen-tmp");
            fs::write(&temporary, &files[path])
                .and_then(|()| fs::rename(&temporary, &target))
                .map_err(|e| format!("cannot write {}: {e}", target.display()))
        })
        .collect();
    // The first failure in the files' order, whichever thread met it first.
    written.into_iter().collect::<Result<(), String>>()?;
    for path in &drift.obsolete {
        let target = out.join(path);
        fs::remove_file(&target).map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    Ok(drift)
}

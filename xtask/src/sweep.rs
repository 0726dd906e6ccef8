//! `cargo xtask corpus --dir DIR`: every description in a folder, such as a whole vintage
//! of Microsoft's Graph modules, generated and built alone with clippy `-D warnings`.
//!
//! Unlike the fixture corpus, which builds its dozen crates in one workspace, a sweep
//! builds one crate at a time and prints a line per description as it goes: a vintage is
//! tens of large crates and takes tens of minutes, and a line per crate shows where it is.
//! Each crate is removed once it is built, so a sweep needs the disk of one crate.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::corpus::{self, Entry, Outcome};

/// How a sweep runs.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Warnings fail a description, as `codegen --deny-warnings` does.
    pub deny_warnings: bool,
    /// Each crate with areas is also built with no feature and with each area alone.
    pub areas: bool,
    /// Only descriptions whose name contains one of these.
    pub only: Vec<String>,
    /// Generate and count, but build nothing.
    pub no_build: bool,
    /// Follow references to files outside a description's folder, as Azure's specifications
    /// make to their shared `common-types`.
    pub outside_refs: bool,
}

/// Every description below `dir`, recursively, with its name: the path below `dir`
/// without the extension (`v1.0/Sites`). Payload lists beside descriptions are skipped.
pub fn descriptions_below(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let described = [".yml", ".yaml", ".json"].iter().any(|e| file.ends_with(e));
            if described && !file.contains(".payloads.") {
                let relative = path.strip_prefix(dir).unwrap_or(&path).with_extension("");
                found.push((relative.to_string_lossy().replace('\\', "/"), path));
            }
        }
    }
    found.sort();
    found
}

/// Generates and builds every description of `specs` in turn, in the scratch workspace
/// `workspace` with the target directory `target`. `progress` gets each entry as soon as
/// it is done, with its 1-based position.
pub fn run(
    specs: &[(String, PathBuf)],
    workspace: &Path,
    target: &Path,
    lock: &Path,
    options: &Options,
    mut progress: impl FnMut(usize, &Entry),
) -> Result<Vec<Entry>, String> {
    let _ = std::fs::remove_dir_all(workspace);
    std::fs::create_dir_all(workspace).map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    std::fs::copy(lock, workspace.join("Cargo.lock")).map_err(|e| format!("cannot copy the lock file: {e}"))?;
    let mut entries = Vec::new();
    for (i, (name, spec)) in specs.iter().enumerate() {
        let entry = sweep_one(name, spec, workspace, target, options)?;
        progress(i + 1, &entry);
        entries.push(entry);
    }
    Ok(entries)
}

fn sweep_one(name: &str, spec: &Path, workspace: &Path, target: &Path, options: &Options) -> Result<Entry, String> {
    let member = corpus::package_name(name);
    let (mut entry, generated) = corpus::generate_entry_with(name, spec, &[], options.outside_refs)?;
    let Some(generated) = generated else { return Ok(entry) };
    if options.deny_warnings && !generated.warnings.is_empty() {
        let mut report = generated.warnings;
        report.deny_warnings();
        entry.outcome = Outcome::LocatedError(report.to_string());
        return Ok(entry);
    }
    if options.no_build {
        return Ok(entry);
    }
    let out = corpus::write_member(workspace, &member, spec, generated, &mut entry)?;
    let payloads = entry.payloads;
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{member:?}]\n");
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;

    let one = ["-p", member.as_str()];
    let started = Instant::now();
    let built = corpus::cargo(workspace, target, "clippy", &one);
    entry.clippy = Some(started.elapsed());
    let documented = built.and_then(|()| {
        // rustdoc reads the doc comments the description's prose became, as a user's
        // `cargo doc` does; only the crate itself, its dependencies are not the description's.
        // rustdoc merges its search index and impl lists with those of every crate already
        // in the output folder; after a few hundred crates of a sweep that took it 50 s and
        // 6 GB for a crate of 5 K lines. Each crate is documented alone, as a user's would be.
        let _ = std::fs::remove_dir_all(target.join("doc"));
        let started = Instant::now();
        let documented = corpus::cargo(workspace, target, "doc", &["--no-deps", "-p", member.as_str()]);
        entry.doc = Some(started.elapsed());
        documented
    });
    let checked =
        documented.and_then(|()| if payloads > 0 { corpus::cargo(workspace, target, "test", &one) } else { Ok(()) });
    match checked {
        Err(output) => entry.outcome = Outcome::Broken(output),
        Ok(()) if options.areas && entry.areas.len() > 1 => {
            let mut entries = [entry];
            corpus::check_areas(workspace, target, &mut entries, |_| true);
            let [checked] = entries;
            entry = checked;
        }
        Ok(()) => {}
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(entry)
}

/// One line for an entry: where the sweep is and how the description fared.
pub fn progress_line(position: usize, total: usize, entry: &Entry) -> String {
    let width = total.to_string().len();
    let warnings: usize = entry.warnings.values().sum();
    let clippy = entry.clippy.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
    format!(
        "[{position:>width$}/{total}] {:<40} {:<13} {:>6} warnings  gen {:>6} ms  {:>9} lines  clippy {:>8}  fallbacks {:>4}  invented {}",
        entry.name,
        outcome_name(&entry.outcome),
        warnings,
        entry.generation.as_millis(),
        entry.lines,
        clippy,
        entry.fallbacks.len(),
        corpus::invented_cell(&entry.invented),
    )
}

fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Compiles => "compiles",
        Outcome::LocatedError(_) => "located error",
        Outcome::Panic(_) => "panic",
        Outcome::Broken(_) => "broken",
    }
}

/// The sweep's report: a row per description, the totals, and warnings by kind.
pub fn report(entries: &[Entry]) -> String {
    let mut out = String::from(
        "| description | size | outcome | warnings | generation | lines | clippy | rustdoc | types | fallbacks | invented names |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in entries {
        for (kind, count) in &entry.warnings {
            *by_kind.entry(kind).or_insert(0) += count;
        }
        let seconds = |time: Option<Duration>| time.map_or("–".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
        let _ = writeln!(
            out,
            "| {} | {} KB | {} | {} | {} ms | {} | {} | {} | {} | {} | {} |",
            entry.name,
            entry.bytes / 1024,
            outcome_name(&entry.outcome),
            entry.warnings.values().sum::<usize>(),
            entry.generation.as_millis(),
            entry.lines,
            seconds(entry.clippy),
            seconds(entry.doc),
            entry.types,
            entry.fallbacks.len(),
            corpus::invented_cell(&entry.invented),
        );
    }
    let count = |f: fn(&Outcome) -> bool| entries.iter().filter(|e| f(&e.outcome)).count();
    let passed = count(|o| matches!(o, Outcome::Compiles));
    let total_clippy: Duration = entries.iter().filter_map(|e| e.clippy).sum();
    let lines: usize = entries.iter().map(|e| e.lines).sum();
    let total_doc: Duration = entries.iter().filter_map(|e| e.doc).sum();
    let invented: usize = entries.iter().map(|e| e.invented.len()).sum();
    let fallbacks: usize = entries.iter().map(|e| e.fallbacks.len()).sum();
    let types: usize = entries.iter().map(|e| e.types).sum();
    let _ = writeln!(
        out,
        "\n{} descriptions: {} errors, {} panics, {} broken; {lines} lines generated, {types} schema types, \
         {fallbacks} fallbacks (places read as a looser type than their schema says), {invented} invented names \
         (ending in a number or `_`), clippy {:.0} s and rustdoc {:.0} s in all",
        entries.len(),
        count(|o| matches!(o, Outcome::LocatedError(_))),
        count(|o| matches!(o, Outcome::Panic(_))),
        count(|o| matches!(o, Outcome::Broken(_))),
        total_clippy.as_secs_f64(),
        total_doc.as_secs_f64(),
    );
    if !by_kind.is_empty() {
        let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(out, "warnings by kind: {}", kinds.join(", "));
    }
    let _ = writeln!(out, "{passed} passed, {} failed", entries.len() - passed);
    out
}

//! Compile cost of a generated crate, ours and progenitor's, from the same description.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// Lines and compile times of one generated crate.
#[derive(Debug)]
pub struct Crate {
    pub lines: usize,
    pub check: f64,
    pub build: f64,
}

/// The comparison for one description.
#[derive(Debug)]
pub struct Compile {
    pub spec: String,
    pub ours: Crate,
    pub progenitor: Option<Crate>,
    /// What was changed for progenitor, or why it could not be measured.
    pub notes: String,
}

/// The progenitor release the comparison uses, installed under `target/bench-tools`.
const PROGENITOR: &str = "cargo-progenitor@0.15.1";

/// Measures both generators on the description and on the synthetic one.
pub fn run(root: &Path, dir: &Path, synthetic: &Path) -> Result<Vec<Compile>, String> {
    let progenitor = install_progenitor(root);
    let mut results = Vec::new();
    for (name, spec) in
        [(crate::DEFAULT_SPEC, root.join(crate::DEFAULT_SPEC)), ("synthetic, N = 10", synthetic.to_path_buf())]
    {
        let slug = if name.starts_with("synthetic") { "synthetic" } else { "spec" };
        let ours_dir = dir.join(format!("compile/ours-{slug}"));
        let files = graphgen::codegen::generate(&spec, &spec.display().to_string()).map_err(|d| d.to_string())?.files;
        let _ = std::fs::remove_dir_all(&ours_dir);
        graphgen::codegen::write(&ours_dir, &files)?;
        standalone(&ours_dir, root)?;
        let ours = Subject::prepare(ours_dir, dir.join("compile/target-ours"), &[])?;

        let (theirs, notes) = match &progenitor {
            Err(reason) => (None, format!("progenitor was not measured: {reason}")),
            Ok(binary) => {
                match progenitor_crate(binary, &spec, &dir.join(format!("compile/progenitor-{slug}")), root) {
                    Ok((crate_dir, notes)) => {
                        (Some(Subject::prepare(crate_dir, dir.join("compile/target-progenitor"), &[])?), notes)
                    }
                    Err(reason) => (None, format!("progenitor could not generate a crate: {reason}")),
                }
            }
        };
        // Rounds take turns, so that both crates are measured under the same load.
        let (mut ours_times, mut their_times) = ((f64::MAX, f64::MAX), (f64::MAX, f64::MAX));
        for _ in 0..3 {
            ours_times = best(ours_times, ours.round()?);
            if let Some(theirs) = &theirs {
                their_times = best(their_times, theirs.round()?);
            }
        }
        eprintln!("{name}: ours check {:.2} s, build {:.2} s", ours_times.0, ours_times.1);
        let progenitor = theirs.map(|t| Crate { lines: t.lines, check: their_times.0, build: their_times.1 });
        if let Some(p) = &progenitor {
            eprintln!("{name}: progenitor check {:.2} s, build {:.2} s", p.check, p.build);
        }
        let ours = Crate { lines: ours.lines, check: ours_times.0, build: ours_times.1 };
        results.push(Compile { spec: name.to_owned(), ours, progenitor, notes });
    }
    Ok(results)
}

fn best(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0.min(b.0), a.1.min(b.1))
}

/// Installs cargo-progenitor into `target/bench-tools` unless it is there.
fn install_progenitor(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/bench-tools");
    let binary = tools.join("bin/cargo-progenitor");
    if !binary.exists() {
        eprintln!("installing {PROGENITOR} into {} (once)", tools.display());
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["install", PROGENITOR, "--locked", "--quiet", "--root"])
            .arg(&tools)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("`cargo install {PROGENITOR}` failed"));
        }
    }
    Ok(binary)
}

/// Makes a generated crate build on its own: its own workspace, and this workspace's
/// lock file, so that both generators' crates use the same dependency versions where
/// they share them.
pub(super) fn standalone(crate_dir: &Path, root: &Path) -> Result<(), String> {
    let manifest = crate_dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
    }
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// Generates progenitor's crate from the description, changed only where progenitor refuses it.
fn progenitor_crate(binary: &Path, spec: &Path, out: &Path, root: &Path) -> Result<(PathBuf, String), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let mut document: Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let removed = single_success_response(&mut document);
    let input = out.with_extension("json");
    if let Some(parent) = input.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(&input, serde_json::to_string(&document).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(out);
    let output = Command::new(binary)
        .args(["progenitor", "--interface", "builder", "-n", "progenitor-generated", "-v", "0.1.0", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(out)
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr
            .lines()
            .find(|l| l.contains("panicked") || l.contains("rror"))
            .unwrap_or("it failed")
            .to_owned());
    }
    standalone(out, root)?;
    let notes = format!(
        "for progenitor, the `204` response was removed from the {removed} operations that also declare a success response with a body (progenitor 0.15.1 panics on more than one success response type); nothing else was changed, and the description went in as JSON"
    );
    Ok((out.to_path_buf(), notes))
}

/// Removes `204` from operations that also answer 200 or 201 with a body; returns how many.
fn single_success_response(document: &mut Value) -> usize {
    let mut removed = 0;
    for item in document.get_mut("paths").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
        for operation in item.as_object_mut().into_iter().flat_map(|o| o.values_mut()) {
            let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            if (responses.contains_key("200") || responses.contains_key("201")) && responses.remove("204").is_some() {
                removed += 1;
            }
        }
    }
    removed
}

/// What one area of a large crate costs to check, next to a crate of one copy.
#[derive(Debug)]
pub struct AreaCost {
    /// The description measured, and its number of areas.
    pub spec: String,
    pub areas: usize,
    /// The whole crate's lines, and the one-area and whole-crate `cargo check --release` times.
    pub lines: usize,
    pub one_area: f64,
    pub full: Option<f64>,
    /// The baseline: `cargo check --release` of the crate of the description with one copy.
    pub baseline: Option<f64>,
    /// Generation time of the crate, seconds.
    pub generation: f64,
}

impl AreaCost {
    /// One area's check time over the baseline's, when there is a baseline.
    pub fn ratio(&self) -> Option<f64> {
        self.baseline.map(|baseline| self.one_area / baseline)
    }
}

/// Measures `cargo check` of the first area of `spec`'s crate, next to `baseline`'s whole
/// crate when given, and the whole crate when `full` is set; rounds take turns.
pub fn area_cost(
    root: &Path,
    dir: &Path,
    name: &str,
    spec: &Path,
    baseline: Option<&Path>,
    full: bool,
) -> Result<AreaCost, String> {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let started = Instant::now();
    let files = graphgen::codegen::generate(spec, &spec.display().to_string()).map_err(|d| d.to_string())?.files;
    let generation = started.elapsed().as_secs_f64();
    let areas = crate::corpus::area_features(files.get("Cargo.toml").map(String::as_str).unwrap_or_default());
    let crate_dir = dir.join(format!("areas/{slug}"));
    let _ = std::fs::remove_dir_all(&crate_dir);
    graphgen::codegen::write(&crate_dir, &files)?;
    standalone(&crate_dir, root)?;
    let target = dir.join("areas/target");
    let one_area: Vec<String> = match areas.first() {
        Some(area) => vec!["--no-default-features".into(), "--features".into(), format!("reqwest,native-tls,{area}")],
        None => Vec::new(),
    };
    let subject = Subject::prepare(crate_dir.clone(), target.clone(), &one_area)?;
    let whole = full.then(|| Subject::prepare(crate_dir.clone(), target.clone(), &[])).transpose()?;
    let base = match baseline {
        Some(spec) => {
            let files =
                graphgen::codegen::generate(spec, &spec.display().to_string()).map_err(|d| d.to_string())?.files;
            let base_dir = dir.join("areas/baseline");
            let _ = std::fs::remove_dir_all(&base_dir);
            graphgen::codegen::write(&base_dir, &files)?;
            standalone(&base_dir, root)?;
            Some(Subject::prepare(base_dir, target.clone(), &[])?)
        }
        None => None,
    };
    let (mut one, mut all, mut reference) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..3 {
        one = one.min(subject.check_round()?);
        if let Some(whole) = &whole {
            all = all.min(whole.check_round()?);
        }
        if let Some(base) = &base {
            reference = reference.min(base.check_round()?);
        }
    }
    let seconds = |s: f64| if s == f64::MAX { "–".to_owned() } else { format!("{s:.2} s") };
    eprintln!("{name}: one area {}, whole {}, baseline {}", seconds(one), seconds(all), seconds(reference));
    Ok(AreaCost {
        spec: name.to_owned(),
        areas: areas.len(),
        lines: subject.lines,
        one_area: one,
        full: whole.map(|_| all),
        baseline: base.map(|_| reference),
        generation,
    })
}

/// A generated crate whose compile time is measured.
struct Subject {
    dir: PathBuf,
    target: PathBuf,
    lines: usize,
    /// Extra arguments of every cargo command, such as the features to build.
    args: Vec<String>,
}

impl Subject {
    /// Counts its lines and builds its dependencies, for check and for build.
    fn prepare(dir: PathBuf, target: PathBuf, args: &[String]) -> Result<Subject, String> {
        let subject = Subject { lines: rust_lines(&dir.join("src")), dir, target, args: args.to_vec() };
        subject.cargo("build")?;
        subject.cargo("check")?;
        Ok(subject)
    }

    /// `cargo check --release` after touching the crate.
    fn check_round(&self) -> Result<f64, String> {
        self.touch()?;
        self.cargo("check")
    }

    /// `cargo check --release` and `cargo build --release`, each after touching the crate.
    fn round(&self) -> Result<(f64, f64), String> {
        self.touch()?;
        let check = self.cargo("check")?;
        self.touch()?;
        let build = self.cargo("build")?;
        Ok((check, build))
    }

    fn cargo(&self, command: &str) -> Result<f64, String> {
        let started = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args([command, "--release", "--quiet"])
            .args(&self.args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!("cargo {command} in {} failed:\n{stderr}", self.dir.display()));
        }
        Ok(started.elapsed().as_secs_f64())
    }

    fn touch(&self) -> Result<(), String> {
        let lib = self.dir.join("src/lib.rs");
        let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
        std::fs::write(&lib, text).map_err(|e| e.to_string())
    }
}

pub(super) fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}

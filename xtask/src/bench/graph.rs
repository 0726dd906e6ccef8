//! `cargo xtask bench --graph DIR`: every module of one Graph vintage (`DIR/v1.0`,
//! `DIR/beta`) made into one crate with an area per operation tag, and what it costs:
//! generation next to the load floor, lines and areas, `cargo check` and `cargo build` of
//! the whole crate with peak memory, and `cargo check` of chosen areas alone.
//!
//! The modules are not in the repository; README.md says how to get them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::compile::{rust_lines, standalone};
use super::{child, fastest, passes, Sample};

/// The areas a typical program needs, by tag: a user's mail and calendar, groups, drives,
/// planner and teams. Each is looked for among the crate's features; the first present is used.
const TYPICAL: &[(&str, &[&str])] = &[
    ("users' mail", &["users_message", "users_mail_folder"]),
    ("users' calendar", &["users_event", "users_calendar"]),
    ("groups", &["groups_group"]),
    ("drives", &["drives_drive", "drives_drive_item"]),
    ("planner", &["planner_planner", "planner_planner_plan"]),
    ("teams", &["teams_team"]),
];

/// The figures of one version of Graph.
#[derive(Debug)]
pub struct Version {
    pub name: String,
    pub descriptions: usize,
    pub bytes: u64,
    pub load: Sample,
    pub codegen: Sample,
    pub lines: usize,
    pub areas: usize,
    /// `cargo check` and `cargo build` of the whole crate, or why not.
    pub check: Result<Sample, String>,
    pub build: Result<Sample, String>,
    /// rustc's own times for the whole crate's check: its total and each of
    /// [`passes::PASSES`].
    pub passes: Result<(f64, Vec<Option<f64>>), String>,
    /// (why it was chosen, the feature, its `cargo check`).
    pub area_checks: Vec<(String, String, Result<Sample, String>)>,
}

/// What the Graph case measures.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// The whole crate (its `cargo build` too, when set) and the chosen areas.
    Figures { build: bool },
    /// `cargo check` of every area alone, and nothing else.
    EveryArea,
}

/// Measures each version found below `modules`; a missing folder is skipped with a note.
pub fn run(root: &Path, dir: &Path, modules: &Path, mode: Mode) -> Result<Vec<Version>, String> {
    let mut versions = Vec::new();
    for name in ["v1.0", "beta"] {
        let folder = modules.join(name);
        if !folder.is_dir() {
            eprintln!(
                "graph: no {} — the {name} case is skipped (README.md: \"All of Microsoft Graph\")",
                folder.display()
            );
            continue;
        }
        versions.push(version(root, dir, name, &folder, mode)?);
    }
    Ok(versions)
}

fn version(root: &Path, dir: &Path, name: &str, folder: &Path, mode: Mode) -> Result<Version, String> {
    let work = dir.join(format!("graph-{name}"));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    // The crate's settings, as a user writes them: the first description given.
    let settings = work.join("settings.yaml");
    let slug = name.replace('.', "-");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Microsoft Graph {name}, version: '{name}'}}\npaths: {{}}\n\
         x-rust-crate: {{name: graph-{slug}, areas: tags}}\n"
    );
    std::fs::write(&settings, text).map_err(|e| e.to_string())?;
    let descriptions = graphgen::codegen::descriptions(&[folder.to_path_buf()])?;
    let bytes = descriptions.iter().map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    let out = work.join("crate");
    let (settings_arg, folder_arg) = (settings.to_string_lossy().into_owned(), folder.to_string_lossy().into_owned());
    let (mut load, mut codegen) =
        (Sample { seconds: f64::MAX, ..Sample::default() }, Sample { seconds: f64::MAX, ..Sample::default() });
    let rounds = if matches!(mode, Mode::EveryArea) { 1 } else { 2 };
    // Each round writes into a folder of its own: on a file system that discards deleted
    // blocks, writing just after removing thousands of files waits for the discard, which
    // would be timed as generation.
    let _ = std::fs::remove_dir_all(&out);
    for round in 0..rounds {
        load = fastest(load, child(root, &["load-all", &folder_arg])?);
        let fresh = work.join(format!("crate-{round}"));
        let _ = std::fs::remove_dir_all(&fresh);
        let fresh_arg = fresh.to_string_lossy().into_owned();
        codegen = fastest(codegen, child(root, &["codegen-all", &fresh_arg, &settings_arg, &folder_arg])?);
    }
    std::fs::rename(work.join(format!("crate-{}", rounds - 1)), &out).map_err(|e| e.to_string())?;
    for round in 0..rounds - 1 {
        let _ = std::fs::remove_dir_all(work.join(format!("crate-{round}")));
    }
    eprintln!(
        "graph {name}: load floor {:.1} s, codegen {:.1} s, {} files ({})",
        load.seconds, codegen.seconds, codegen.files, codegen.phases
    );
    standalone(&out, root)?;
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let areas = crate::corpus::area_features(&manifest);
    let lines = rust_lines(&out.join("src"));
    let target = work.join("target");
    let measure = Measure { root, crate_dir: &out, target: &target };
    // Dependencies first, for both kinds of build, so that only the crate is timed.
    let runtime = format!("graph-{slug}-runtime");
    measure.cargo("check", &["-p", &runtime])?;
    measure.cargo("build", &["-p", &runtime])?;
    let unmeasured = |why: &str| Err(format!("not measured ({why})"));
    let (check, build, passes, chosen) = match mode {
        Mode::Figures { build } => {
            let check = measure.cargo("check", &[]);
            eprintln!("graph {name}: whole check {}", shown(&check));
            let passes = passes::measure(&out, &target, &format!("graph-{slug}"));
            match &passes {
                Ok((total, each)) => eprintln!("graph {name}: rustc passes {}", passes::cell(*total, each)),
                Err(message) => eprintln!("graph {name}: rustc passes: {message}"),
            }
            let build = if build { measure.cargo("build", &[]) } else { unmeasured("--no-build") };
            eprintln!("graph {name}: whole build {}", shown(&build));
            (check, build, passes, chosen_areas(&out, &areas))
        }
        Mode::EveryArea => {
            let every = areas.iter().map(|area| (String::new(), area.clone())).collect();
            (
                unmeasured("--every-area"),
                unmeasured("--every-area"),
                Err("not measured (--every-area)".to_owned()),
                every,
            )
        }
    };
    let mut area_checks = Vec::new();
    for (why, area) in chosen {
        let features = format!("reqwest,native-tls,{area}");
        let result = measure.cargo("check", &["--no-default-features", "--features", &features]);
        eprintln!("graph {name}: {area} ({why}) {}", shown(&result));
        area_checks.push((why, area, result));
    }
    Ok(Version {
        name: name.to_owned(),
        descriptions: descriptions.len(),
        bytes,
        load,
        codegen,
        lines,
        areas: areas.len(),
        check,
        build,
        passes,
        area_checks,
    })
}

fn shown(result: &Result<Sample, String>) -> String {
    match result {
        Ok(sample) => format!("{:.1} s, {:.2} GB", sample.seconds, gigabytes(sample.peak_kib)),
        Err(message) => message.lines().next().unwrap_or_default().to_owned(),
    }
}

fn gigabytes(kib: u64) -> f64 {
    kib as f64 / (1024.0 * 1024.0)
}

/// The areas checked alone: the smallest, the median and the largest by the items they
/// gate, then the typical ones.
fn chosen_areas(crate_dir: &Path, areas: &[String]) -> Vec<(String, String)> {
    let sizes = area_sizes(crate_dir, areas);
    let mut by_size: Vec<(&String, usize)> = areas.iter().map(|a| (a, sizes.get(a).copied().unwrap_or(0))).collect();
    by_size.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    let mut chosen: Vec<(String, String)> = Vec::new();
    if let (Some(first), Some(last)) = (by_size.first(), by_size.last()) {
        let median = by_size[by_size.len() / 2];
        for (why, (area, items)) in [("smallest", first), ("median", &median), ("largest", last)] {
            chosen.push((format!("{why}, {items} gated items"), (*area).clone()));
        }
    }
    for (why, candidates) in TYPICAL {
        if let Some(area) = candidates.iter().find(|c| areas.iter().any(|a| a == *c)) {
            let items = sizes.get(*area).copied().unwrap_or(0);
            chosen.push((format!("{why}, {items} gated items"), (*area).to_owned()));
        }
    }
    chosen
}

/// How many generated items each area gates: the `cfg` attributes that name it, in every
/// file of the crate. An item gated by several areas counts for each.
fn area_sizes(crate_dir: &Path, areas: &[String]) -> std::collections::BTreeMap<String, usize> {
    let mut sizes: std::collections::BTreeMap<String, usize> = areas.iter().map(|a| (a.clone(), 0)).collect();
    let mut stack = vec![crate_dir.join("src")];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (_, rest) in text.match_indices("feature = \"").map(|(i, m)| ((), &text[i + m.len()..])) {
                let name = rest.split('"').next().unwrap_or_default();
                if let Some(size) = sizes.get_mut(name) {
                    *size += 1;
                }
            }
        }
    }
    sizes
}

/// Runs cargo on the generated crate in a measured child, after touching the crate.
struct Measure<'a> {
    root: &'a Path,
    crate_dir: &'a Path,
    target: &'a Path,
}

impl Measure<'_> {
    fn cargo(&self, command: &str, args: &[&str]) -> Result<Sample, String> {
        let lib = self.crate_dir.join("src/lib.rs");
        let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
        std::fs::write(&lib, text).map_err(|e| e.to_string())?;
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut arguments: Vec<String> = vec![
            "run-peak".into(),
            self.crate_dir.to_string_lossy().into_owned(),
            self.target.to_string_lossy().into_owned(),
            cargo,
            command.into(),
            "--release".into(),
            "--quiet".into(),
            "--offline".into(),
        ];
        arguments.extend(args.iter().map(|a| (*a).to_owned()));
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
        child(self.root, &arguments)
    }
}

/// `bench-child run-peak DIR TARGET PROGRAM ARGS...`: runs the program in DIR with
/// `CARGO_TARGET_DIR=TARGET`, and prints its time and the peak memory of the largest
/// process it started.
pub fn run_peak(args: &[String]) -> Result<(f64, u64), String> {
    let [dir, target, program, rest @ ..] = args else { return Err("run-peak DIR TARGET PROGRAM ARGS...".into()) };
    let started = std::time::Instant::now();
    let output = Command::new(program)
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first: String = stderr.lines().filter(|l| !l.trim().is_empty()).take(6).collect::<Vec<_>>().join("\n");
        return Err(format!("failed after {seconds:.0} s: {first}"));
    }
    Ok((seconds, children_peak_kib()))
}

/// The peak resident memory of the largest finished child process, and their children.
#[cfg(not(unix))]
fn children_peak_kib() -> u64 {
    0
}

/// The peak resident memory of the largest finished child process, and their children.
#[cfg(unix)]
fn children_peak_kib() -> u64 {
    // SAFETY: `getrusage` only writes the struct it is given, which is zeroed and owned here.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    // Linux gives kilobytes.
    u64::try_from(usage.ru_maxrss).unwrap_or(0)
}

/// The Graph section of `BENCHMARKS.md`.
pub fn markdown(versions: &[Version], date: &str, seconds: f64) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "{SECTION}\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench --graph DIR` on {date}, in {seconds:.0} s, from the January 2023 Graph modules \
         (README.md says how to get them): every module of a version made into one crate with an area per operation \
         tag (`x-rust-crate: {{areas: tags}}`). Release builds, each after touching the crate, its dependencies built \
         before; peak memory is that of the largest process (rustc). The *load floor* is serde_yaml straight into \
         openapiv3 for every module, the same files codegen reads.\n"
    );
    let _ =
        writeln!(w, "| figure | {} | goal |", versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(w, "|---|{}---|", "---:|".repeat(versions.len()));
    let row = |w: &mut String, label: &str, goal: &str, cell: &dyn Fn(&Version) -> String| {
        let cells: Vec<String> = versions.iter().map(cell).collect();
        let _ = writeln!(w, "| {label} | {} | {goal} |", cells.join(" | "));
    };
    let result = |r: &Result<Sample, String>| match r {
        Ok(s) => format!("{:.1} s, {:.1} GB", s.seconds, gigabytes(s.peak_kib)),
        Err(message) => message.lines().next().unwrap_or_default().replace('|', "\\|"),
    };
    row(&mut w, "modules, size", "", &|v| format!("{}, {:.1} MB", v.descriptions, v.bytes as f64 / 1e6));
    row(&mut w, "generation ÷ load floor", "≤ 2", &|v| {
        format!("{:.2} ({:.1} s ÷ {:.1} s)", v.codegen.seconds / v.load.seconds, v.codegen.seconds, v.load.seconds)
    });
    row(&mut w, "generation peak memory", "", &|v| format!("{:.1} GB", gigabytes(v.codegen.peak_kib)));
    row(&mut w, "files, lines, areas", "", &|v| {
        format!("{}, {:.2} M, {}", v.codegen.files, v.lines as f64 / 1e6, v.areas)
    });
    row(&mut w, "`cargo check`, whole crate", "v1.0: ≤ 120 s, ≤ 4 GB; beta: within 24 GB", &|v| result(&v.check));
    row(&mut w, "`cargo build`, whole crate", "", &|v| result(&v.build));
    row(&mut w, "rustc's passes in a whole check (`-Z time-passes`, check profile)", "", &|v| match &v.passes {
        Ok((total, each)) => passes::cell(*total, each),
        Err(message) => message.lines().next().unwrap_or_default().replace('|', "\\|"),
    });
    let _ = writeln!(w);
    for version in versions {
        let _ = writeln!(
            w,
            "`cargo check` of one area of {} (goals: the largest ≤ 10 s, the median ≤ 3 s):\n",
            version.name
        );
        let _ = writeln!(w, "| area | chosen as | check |\n|---|---|---:|");
        for (why, area, check) in &version.area_checks {
            let _ = writeln!(w, "| `{area}` | {why} | {} |", result(check));
        }
        let _ = writeln!(w);
    }
    w
}

/// The every-area section of `BENCHMARKS.md`: how many areas pass alone, and their times.
pub fn markdown_every_area(versions: &[Version], date: &str, seconds: f64) -> String {
    let mut w = String::new();
    let _ = writeln!(
        w,
        "{EVERY_AREA}
"
    );
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench --graph DIR --every-area` on {date}, in {seconds:.0} s: `cargo check --release \
         --no-default-features --features reqwest,native-tls,<area>` of every area alone, after touching the crate.\n"
    );
    let _ = writeln!(w, "| version | areas | pass | fail | median | slowest | peak memory, largest |\n|---|---:|---:|---:|---:|---|---:|");
    for version in versions {
        let mut passed: Vec<(&String, &Sample)> =
            version.area_checks.iter().filter_map(|(_, area, r)| r.as_ref().ok().map(|s| (area, s))).collect();
        passed.sort_by(|a, b| a.1.seconds.total_cmp(&b.1.seconds));
        let failed: Vec<&String> = version.area_checks.iter().filter(|(.., r)| r.is_err()).map(|(_, a, _)| a).collect();
        let median = passed.get(passed.len() / 2).map_or("–".to_owned(), |(_, s)| format!("{:.1} s", s.seconds));
        let slowest = passed.last().map_or("–".to_owned(), |(a, s)| format!("{:.1} s (`{a}`)", s.seconds));
        let peak = passed.iter().map(|(_, s)| s.peak_kib).max().unwrap_or(0);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {median} | {slowest} | {:.1} GB |",
            version.name,
            version.area_checks.len(),
            passed.len(),
            failed.len(),
            gigabytes(peak)
        );
        for area in failed {
            let _ = writeln!(w, "\nFailed alone in {}: `{area}`.", version.name);
        }
    }
    w
}

/// The heading that starts the Graph section, which the other benchmarks keep as it is.
pub const SECTION: &str = "## All of Microsoft Graph in one crate";

/// The heading of the every-area section, kept the same way.
pub const EVERY_AREA: &str = "## Every Graph area alone";

/// `text` (BENCHMARKS.md) with the section that starts with `heading` replaced by
/// `section`, or `section` added at the end.
pub fn replace_section(text: &str, heading: &str, section: &str) -> String {
    let Some(start) = text.find(heading) else {
        return format!("{}\n\n{section}", text.trim_end());
    };
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n## ").map_or(text.len(), |i| start + heading.len() + i + 1);
    // One blank line before the section that follows, however the new one ends.
    let gap = if end < text.len() { "\n\n" } else { "\n" };
    format!("{}{}{gap}{}", &text[..start], section.trim_end(), &text[end..])
}

/// The section of `text` that starts with `heading`, up to the next section.
pub fn section_of<'t>(text: &'t str, heading: &str) -> Option<&'t str> {
    let start = text.find(heading)?;
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n## ").map_or(text.len(), |i| start + heading.len() + i + 1);
    Some(&text[start..end])
}

/// The files `bench-child load-all` reads: every description of the folders given.
pub fn load_all(specs: &[PathBuf]) -> Result<(), String> {
    for (path, _) in graphgen::codegen::descriptions(specs)? {
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let api: openapiv3::OpenAPI = serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        std::hint::black_box(api);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::replace_section;

    #[test]
    fn a_section_is_replaced_in_place_with_one_blank_line_before_the_next() {
        let text = "# B\n\n## One\n\nold\n\n## Two\n\nkept\n";
        assert_eq!(replace_section(text, "## One", "## One\n\nnew\n"), "# B\n\n## One\n\nnew\n\n## Two\n\nkept\n");
        assert_eq!(replace_section(text, "## Two", "## Two\n\nnew\n\n\n"), "# B\n\n## One\n\nold\n\n## Two\n\nnew\n");
        assert_eq!(replace_section(text, "## Three", "## Three\n\nadded\n"), format!("{text}\n## Three\n\nadded\n"));
    }
}

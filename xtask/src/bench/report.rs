//! The benchmark report: tables for the terminal and for `BENCHMARKS.md`.

use std::fmt::Write;

use super::compile::{AreaCost, Compile};
use super::{Scaling, Throughput};

/// The whole report as Markdown.
pub fn markdown(
    scaling: &[Scaling],
    compile: &[Compile],
    areas: &[AreaCost],
    throughput: &Throughput,
    seconds: f64,
) -> String {
    let mut out = String::new();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned()))
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let date = now();
    let w = &mut out;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench` on {date}, in {seconds:.0} s. Machine: {cores} cores (`nproc`), {cpu}."
    );
    let _ = writeln!(w, "All builds are release builds. Figures compared with each other come from the same run.\n");

    goals(w, scaling, compile, areas, throughput);

    let _ = writeln!(w, "## 1. Codegen scaling\n");
    let _ = writeln!(w, "The description repeated N times with renamed schemas, paths and operation ids. *load* is the floor: reading the same file with serde_yaml + openapiv3. *codegen* is `cargo xtask codegen` from reading the file to writing every file. Times are the fastest of several runs (two at N = 1000); peak memory is the child process's `VmHWM`. *Regeneration* (in the goals) is `cargo xtask codegen` over the largest output after one schema's description changed, and again after the change is undone, fastest of four.\n");
    let _ = writeln!(w, "| N | spec MB | files | load s | codegen s | codegen / load | codegen ms per copy | load peak MB | codegen peak MB |");
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in scaling {
        let _ = writeln!(
            w,
            "| {} | {:.1} | {} | {:.3} | {:.3} | {:.2} | {:.1} | {:.0} | {:.0} |",
            s.copies,
            s.bytes as f64 / 1e6,
            s.codegen.files,
            s.load.seconds,
            s.codegen.seconds,
            s.codegen.seconds / s.load.seconds,
            s.codegen.seconds * 1e3 / s.copies as f64,
            s.load.peak_kib as f64 / 1024.0,
            s.codegen.peak_kib as f64 / 1024.0
        );
    }

    let _ = writeln!(w, "\n## 2. Compile cost of the generated crate\n");
    let _ = writeln!(w, "Each crate alone, its dependencies built beforehand: the time of `cargo check --release` and `cargo build --release` after touching its sources, fastest of three rounds in which the two crates take turns, and its lines of Rust. Our runtime is a crate of its own beside the generated one, as progenitor's is (`progenitor-client`); both count as dependencies, built beforehand, and neither's lines are counted.\n");
    let _ =
        writeln!(w, "| spec | generator | lines | check s | build s | check ours/progenitor | build ours/progenitor |");
    let _ = writeln!(w, "|---|---|---:|---:|---:|---:|---:|");
    for c in compile {
        let ratio = |ours: f64, theirs: Option<f64>| theirs.map_or("–".to_owned(), |t| format!("{:.2}", ours / t));
        let _ = writeln!(
            w,
            "| {} | ours | {} | {:.2} | {:.2} | {} | {} |",
            c.spec,
            c.ours.lines,
            c.ours.check,
            c.ours.build,
            ratio(c.ours.check, c.progenitor.as_ref().map(|p| p.check)),
            ratio(c.ours.build, c.progenitor.as_ref().map(|p| p.build))
        );
        match &c.progenitor {
            Some(p) => {
                let _ = writeln!(w, "| {} | progenitor | {} | {:.2} | {:.2} | | |", c.spec, p.lines, p.check, p.build);
            }
            None => {
                let _ = writeln!(w, "| {} | progenitor | – | – | – | | |", c.spec);
            }
        }
    }
    for c in compile {
        if !c.notes.is_empty() {
            let _ = writeln!(w, "\n{}: {}", c.spec, c.notes);
        }
    }

    let _ = writeln!(w, "\n## 3. Paying for one area\n");
    let _ = writeln!(w, "A crate whose description has several areas (first path segments) has one cargo feature per area; `tags-…` is the same description with `x-rust-crate: {{areas: tags}}`, an area per operation tag. *one area* is `cargo check --release` with `--no-default-features --features reqwest,native-tls,<first area>` after touching the crate; *whole* is the default build (`full`); *one copy* is the crate of the description with a single copy. Fastest of three rounds that take turns.\n");
    let _ = writeln!(
        w,
        "| description | areas | lines | generation s | one area s | whole s | one copy s | one area / one copy |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for a in areas {
        let or_dash = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.2}"));
        let ratio = or_dash(a.ratio());
        let _ = writeln!(
            w,
            "| {} | {} | {} | {:.2} | {:.2} | {} | {} | {ratio} |",
            a.spec,
            a.areas,
            a.lines,
            a.generation,
            a.one_area,
            or_dash(a.full),
            or_dash(a.baseline)
        );
    }

    let t = throughput;
    let _ = writeln!(w, "\n## 4. Serde throughput\n");
    let _ = writeln!(w, "A {:.1} MB collection response with {} configurations, each with check-in statuses, nulls, unknown properties and annotations. MB/s of that input, best of three interleaved rounds; decoding excludes freeing the result. *plain* is `#[derive]` structs with `Option` fields that drop unknown properties and cannot tell `null` from absent.\n", t.bytes as f64 / 1e6, t.items);
    let _ = writeln!(w, "| | generated | serde_json::Value | plain derive | generated / Value | generated / plain |");
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
    for (label, side) in [("decode", 0), ("encode", 1)] {
        let pick = |pair: (f64, f64)| if side == 0 { pair.0 } else { pair.1 };
        let (ours, value, plain) = (pick(t.generated), pick(t.value), pick(t.plain));
        let _ = writeln!(
            w,
            "| {label} MB/s | {ours:.0} | {value:.0} | {plain:.0} | {:.2} | {:.2} |",
            ours / value,
            ours / plain
        );
    }
    out
}

/// The figures the project aims at, each next to its goal.
fn goals(w: &mut String, scaling: &[Scaling], compile: &[Compile], areas: &[AreaCost], t: &Throughput) {
    let largest = scaling.iter().max_by_key(|s| s.copies);
    let synthetic = areas.iter().find(|a| a.baseline.is_some());
    let ratio = |c: Option<&Compile>, pick: fn(&super::compile::Crate) -> f64| {
        c.and_then(|c| c.progenitor.as_ref().map(|p| format!("{:.2}", pick(&c.ours) / pick(p))))
            .unwrap_or_else(|| "–".to_owned())
    };
    let slice = compile.iter().find(|c| !c.spec.starts_with("synthetic"));
    let synthetic_compile = compile.iter().find(|c| c.spec.starts_with("synthetic"));
    let mut rows: Vec<(String, String, &str)> = Vec::new();
    rows.push((
        format!("`cargo check`, one area of {} ÷ one copy", synthetic.map_or("–".to_owned(), |a| a.spec.clone())),
        synthetic.and_then(AreaCost::ratio).map_or("–".to_owned(), |r| format!("{r:.2}")),
        "≤ 2",
    ));
    rows.push((
        "full-crate `cargo check` at N = 10, ours ÷ progenitor".to_owned(),
        ratio(synthetic_compile, |c| c.check),
        "≤ 0.25",
    ));
    rows.push(("`cargo build` of the slice's crate, ours ÷ progenitor".to_owned(), ratio(slice, |c| c.build), "≤ 1.0"));
    if let Some(s) = largest {
        rows.push((
            format!("codegen ÷ load at N = {}", s.copies),
            format!("{:.2}", s.codegen.seconds / s.load.seconds),
            "≤ 2",
        ));
        if let Some(r) = &s.regenerate {
            rows.push((
                format!("regeneration after a one-schema edit ÷ load at N = {}", s.copies),
                format!("{:.2}", r.seconds / s.load.seconds),
                "≤ 1.3",
            ));
        }
        rows.push((
            format!("codegen peak memory ÷ load peak at N = {}", s.copies),
            format!("{:.2}", s.codegen.peak_kib as f64 / s.load.peak_kib as f64),
            "≤ 1.3",
        ));
    }
    rows.push((
        "encode MB/s, generated ÷ plain derive".to_owned(),
        format!("{:.2}", t.generated.1 / t.plain.1),
        "≥ 0.9",
    ));
    rows.push((
        "decode MB/s, generated ÷ plain derive".to_owned(),
        format!("{:.2}", t.generated.0 / t.plain.0),
        "≥ 0.95",
    ));
    let _ = writeln!(w, "## Goals\n");
    let _ = writeln!(w, "| figure | this run | goal |");
    let _ = writeln!(w, "|---|---:|---|");
    for (figure, value, goal) in rows {
        let _ = writeln!(w, "| {figure} | {value} | {goal} |");
    }
    let _ = writeln!(w);
}

/// The date and time of the run, as the reports give it.
pub fn now() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

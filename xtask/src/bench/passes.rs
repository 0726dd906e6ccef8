//! Where rustc spends a `cargo check` of a generated crate: its own pass timings
//! (`-Z time-passes`), so that a change to the generated code can be aimed at the pass
//! that costs most.

use std::path::Path;
use std::process::Command;

/// The passes reported, in the order rustc runs them. They nest: coherence checking is
/// part of type checking.
pub const PASSES: [(&str, &str); 5] = [
    ("expand_crate", "macro expansion"),
    ("type_check_crate", "type checking"),
    ("coherence_checking", "of which coherence"),
    ("MIR_borrow_checking", "borrow checking"),
    ("generate_crate_metadata", "metadata"),
];

/// The crate's total and each pass of [`PASSES`] in seconds (`None` where this rustc
/// does not name it), from `cargo rustc --profile check` of the library of `package`.
///
/// `-Z` flags are unstable, so `RUSTC_BOOTSTRAP=1` lets the stable compiler take this
/// one; `cargo rustc` gives it to the crate alone, not to its dependencies. Incremental
/// compilation, on in this profile, is turned off so that the passes are timed alone.
pub fn measure(crate_dir: &Path, target: &Path, package: &str) -> Result<(f64, Vec<Option<f64>>), String> {
    let lib = crate_dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_INCREMENTAL", "0")
        .args([
            "rustc",
            "--profile",
            "check",
            "--lib",
            "--quiet",
            "--offline",
            "-p",
            package,
            "--",
            "-Z",
            "time-passes",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("cargo rustc failed: {}", stderr.lines().last().unwrap_or_default()));
    }
    let times = parse(&stderr);
    let total =
        times.iter().rev().find(|(name, _)| name == "total").map(|(_, s)| *s).ok_or("no total in -Z time-passes")?;
    let passes = PASSES.iter().map(|(name, _)| times.iter().find(|(n, _)| n == name).map(|(_, s)| *s)).collect();
    Ok((total, passes))
}

/// `(pass, seconds)` for each line of `-Z time-passes` output, which reads
/// `time:   1.234; rss: ...\tname`.
fn parse(text: &str) -> Vec<(String, f64)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("time:")?;
            let (seconds, _) = rest.split_once(';')?;
            let (_, name) = rest.rsplit_once('\t')?;
            Some((name.trim().to_owned(), seconds.trim().parse().ok()?))
        })
        .collect()
}

/// The passes as one table cell: the total, then each pass with its seconds.
pub fn cell(total: f64, passes: &[Option<f64>]) -> String {
    let named: Vec<String> = PASSES
        .iter()
        .zip(passes)
        .filter_map(|((_, label), seconds)| seconds.map(|s| format!("{label} {s:.1} s")))
        .collect();
    format!("{total:.1} s: {}", named.join(", "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pass_lines_are_read_and_other_lines_skipped() {
        let text = "warning: x\ntime:  25.437; rss: 1556MB -> 1970MB ( +413MB)\ttype_check_crate\n\
                    time:  76.311; rss:   28MB ->   97MB (  +70MB)\ttotal\n";
        let times = super::parse(text);
        assert_eq!(times, vec![("type_check_crate".to_owned(), 25.437), ("total".to_owned(), 76.311)]);
    }
}

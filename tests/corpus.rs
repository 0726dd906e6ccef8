//! Real published descriptions (`tests/fixtures/corpus`, sources in `SOURCES.md` there):
//! each generates a crate that passes clippy with `-D warnings` and round-trips the
//! payloads listed beside it. `cargo xtask corpus` runs the same check and prints a table.

use office_config_tests::root;
use xtask::corpus::{self, Outcome};

#[test]
fn every_corpus_description_generates_a_clean_crate_that_round_trips_its_payloads() {
    let specs = corpus::descriptions(&root().join(corpus::DIR));
    assert!(specs.len() >= 4, "only {} descriptions in the corpus", specs.len());
    let workspace = tempfile::Builder::new().prefix("corpus-workspace-").tempdir().expect("a temporary directory");
    let target = root().join("target").join("scratch");
    let entries = corpus::run(&specs, workspace.path(), &target, &root().join("Cargo.lock")).expect("the corpus runs");
    let report = corpus::report(&entries);
    assert!(entries.iter().all(|e| matches!(e.outcome, Outcome::Compiles)), "{}\n{report}", corpus::failures(&entries));
    // Every Graph description carries payloads from the Graph documentation.
    for entry in entries.iter().filter(|e| e.name.starts_with("graph-")) {
        assert!(entry.payloads >= 3, "{} has {} payloads\n{report}", entry.name, entry.payloads);
    }
}

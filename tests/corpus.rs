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
    let mut entries =
        corpus::run(&specs, workspace.path(), &target, &root().join("Cargo.lock")).expect("the corpus runs");
    // One description with several areas is also built with no feature and with each area
    // alone; `cargo xtask corpus` does so for all of them.
    corpus::check_areas(workspace.path(), &target, &mut entries, |e| e.name == "graph-v1.0-Search");
    let search = entries.iter().find(|e| e.name == "graph-v1.0-Search").expect("Search is in the corpus");
    assert_eq!((&search.areas[..], search.feature_builds), (&["external".to_owned(), "search".to_owned()][..], 3));
    let report = corpus::report(&entries);
    assert!(entries.iter().all(|e| matches!(e.outcome, Outcome::Compiles)), "{}\n{report}", corpus::failures(&entries));
    // Every Graph description carries payloads from the Graph documentation.
    for entry in entries.iter().filter(|e| e.name.starts_with("graph-")) {
        assert!(entry.payloads >= 3, "{} has {} payloads\n{report}", entry.name, entry.payloads);
    }
}

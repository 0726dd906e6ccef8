//! Real published descriptions (`tests/fixtures/corpus`, sources in `SOURCES.md` there):
//! each generates a crate that passes clippy with `-D warnings` and round-trips the
//! payloads listed beside it. `cargo xtask corpus` runs the same check and prints a table.

use office_config_tests::root;
use xtask::corpus::{self, Outcome};

#[test]
fn every_corpus_description_generates_a_clean_crate_that_round_trips_its_payloads() {
    let mut specs = corpus::descriptions(&root().join(corpus::DIR));
    assert!(specs.len() >= 4, "only {} descriptions in the corpus", specs.len());
    // Search once more, with an area per operation tag.
    let variants = tempfile::tempdir().expect("a temporary directory");
    let search_spec = specs.iter().find(|s| s.ends_with("graph-v1.0-Search.yml")).expect("Search is in the corpus");
    specs.push(corpus::with_areas_by_tag(search_spec, variants.path()).expect("the variant is written"));
    let workspace = tempfile::Builder::new().prefix("corpus-workspace-").tempdir().expect("a temporary directory");
    let target = root().join("target").join("scratch");
    let mut entries =
        corpus::run(&specs, workspace.path(), &target, &root().join("Cargo.lock")).expect("the corpus runs");
    // Search, by segment and by tag, is also built with no feature and with each area
    // alone; `cargo xtask corpus` does so for every description with areas.
    let searches = ["graph-v1.0-Search", "tags-graph-v1.0-Search"];
    corpus::check_areas(workspace.path(), &target, &mut entries, |e| searches.contains(&e.name.as_str()));
    let search = entries.iter().find(|e| e.name == searches[0]).expect("Search is in the corpus");
    assert_eq!((&search.areas[..], search.feature_builds), (&["external".to_owned(), "search".to_owned()][..], 3));
    let by_tag = entries.iter().find(|e| e.name == searches[1]).expect("the variant is in the corpus");
    assert!(by_tag.areas.len() >= 5, "areas by tag: {:?}", by_tag.areas);
    assert!(by_tag.areas.contains(&"search_bookmark".to_owned()), "areas by tag: {:?}", by_tag.areas);
    assert_eq!(by_tag.feature_builds, by_tag.areas.len() + 1, "{:?}", by_tag.outcome);
    let report = corpus::report(&entries);
    assert!(entries.iter().all(|e| matches!(e.outcome, Outcome::Compiles)), "{}\n{report}", corpus::failures(&entries));
    // Every Graph description carries payloads from the Graph documentation.
    for entry in entries.iter().filter(|e| e.name.starts_with("graph-")) {
        assert!(entry.payloads >= 3, "{} has {} payloads\n{report}", entry.name, entry.payloads);
    }
    // So does each published OpenAPI 3.1 description, with bodies its service wrote.
    for name in ["discord-api-spec", "prefect-rest-api", "svix-lib-openapi"] {
        let entry = entries.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name} is in the corpus"));
        assert!(entry.payloads >= 10, "{name} has {} payloads\n{report}", entry.payloads);
    }
}

//! The generator on mutated descriptions: valid YAML with wrong shapes, missing fields,
//! cycles, dangling references and huge or hostile names. No input may panic, every
//! failure must be a report with locations, and a sample of the successes must compile.
//! And on hostile prose and titles: whatever a description's text says, its crate passes
//! clippy and rustdoc with warnings denied.

use std::cell::RefCell;

use graphgen::codegen::Files;
use office_config_tests::root;
use office_config_tests::scratch::Scratch;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// The descriptions mutations start from.
fn seeds() -> Vec<Value> {
    let mut paths = vec![root().join(xtask::DEFAULT_SPEC), root().join("tests/fixtures/specs/graph-reference.yaml")];
    let names = [
        "inheritance",
        "operations",
        "hostile-names",
        "enums",
        "recursion",
        "allof-shapes",
        "internal-pointers",
        "openapi31-forms",
    ];
    for name in names {
        paths.push(root().join(format!("tests/fixtures/specs/graph-style/{name}.yaml")));
    }
    paths.iter().map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).expect("readable")).expect("YAML")).collect()
}

/// One change to a description: where (a walk of choices) and what.
#[derive(Debug, Clone)]
struct Mutation {
    walk: Vec<usize>,
    kind: u8,
    pick: usize,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (prop::collection::vec(any::<usize>(), 1..8), 0_u8..10, any::<usize>()).prop_map(|(walk, kind, pick)| Mutation {
        walk,
        kind,
        pick,
    })
}

/// Every component schema reference in the document, to aim new references at.
fn schema_keys(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let keys = schema_keys(document);
    let reference = |pick: usize| match keys.get(pick % (keys.len() + 1)) {
        Some(key) => format!("#/components/schemas/{key}"),
        None => "#/components/schemas/does.not.exist".to_owned(),
    };
    // Choose the node read-only first, then take it mutably by its pointer.
    let mut pointer = String::new();
    let mut current = &*document;
    for &step in &mutation.walk {
        let (token, next) = match current {
            Value::Object(map) if !map.is_empty() => {
                let (key, value) = map.iter().nth(step % map.len()).expect("in range");
                (key.replace('~', "~0").replace('/', "~1"), value)
            }
            Value::Array(items) if !items.is_empty() => ((step % items.len()).to_string(), &items[step % items.len()]),
            _ => break,
        };
        if !matches!(next, Value::Object(_) | Value::Array(_)) {
            break;
        }
        pointer.push('/');
        pointer.push_str(&token);
        current = next;
    }
    let node = document.pointer_mut(&pointer).expect("the pointer was just taken");
    let replacement = match mutation.kind {
        0 => Value::Null,
        1 => json!(mutation.pick),
        2 => json!("x".repeat(mutation.pick % 3000)),
        3 => json!([1, "two", null]),
        4 => json!({"$ref": reference(mutation.pick)}),
        5 => json!({"allOf": [{"$ref": reference(mutation.pick)}], "discriminator": {"propertyName": "@odata.type"}}),
        6 => {
            let types = ["object", "string", "integer", "array", "number", "boolean", "nonsense"];
            json!({"type": types[mutation.pick % types.len()], "nullable": true})
        }
        7 => {
            json!({"type": "object", "properties": {"type": {"type": "string"}, "self": {"$ref": reference(mutation.pick)}, "x y": {"type": "array"}}})
        }
        8 => {
            json!({"anyOf": [{"$ref": reference(mutation.pick)}, {"type": "object", "nullable": true}], "enum": ["a", "a", "Self"]})
        }
        _ => json!({}),
    };
    match node {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(mutation.pick % map.len()).cloned().expect("in range");
            if mutation.kind == 9 {
                // Remove a key, or rename it to something long and hostile.
                let value = map.remove(&key).expect("present");
                if mutation.pick % 2 == 0 {
                    map.insert(format!("{key}{}", "-é Self ".repeat(mutation.pick % 200)), value);
                }
            } else {
                map.insert(key, replacement);
            }
        }
        Value::Array(items) => items.push(replacement),
        other => *other = replacement,
    }
}

#[test]
fn mutated_descriptions_never_panic_and_successes_compile() {
    let seeds = seeds();
    let successes: RefCell<Vec<Files>> = RefCell::new(Vec::new());
    let failures = RefCell::new(0_usize);
    let config = Config { cases: 200, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..5));
    runner
        .run(&strategy, |(seed, mutations)| {
            let mut document = seeds[seed].clone();
            for mutation in &mutations {
                apply(&mut document, mutation);
            }
            let text = serde_yaml::to_string(&document).expect("serializable");
            let result = graphgen::load::parse(text, "mutated.yaml")
                .and_then(|spec| graphgen::codegen::generate_from(&spec, "mutated.yaml"))
                .map(|generated| generated.files);
            match result {
                Ok(files) => {
                    let mut kept = successes.borrow_mut();
                    if kept.len() < 4 && !kept.contains(&files) {
                        kept.push(files);
                    }
                }
                Err(report) => {
                    *failures.borrow_mut() += 1;
                    prop_assert!(!report.items.is_empty());
                    for item in &report.items {
                        prop_assert!(!item.message.is_empty());
                        prop_assert!(item.pointer.is_empty() || item.pointer.starts_with('/'), "{}", item.pointer);
                    }
                }
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));

    let successes = successes.into_inner();
    eprintln!(
        "{} mutated descriptions were rejected with a report; {} distinct successes are compiled",
        failures.borrow(),
        successes.len()
    );
    assert!(*failures.borrow() > 20, "too few mutations were rejected: {}", failures.borrow());
    assert!(!successes.is_empty(), "no mutated description generated a crate");
    let mut scratch = Scratch::new();
    for (i, files) in successes.iter().enumerate() {
        let mut files = files.clone();
        graphgen::codegen::rename_crate(&mut files, &format!("fuzz-sample-{i}"));
        scratch.write(&format!("sample-{i}"), &files).expect("writable");
    }
    if let Err(output) = scratch.cargo(&["check", "--workspace", "--quiet"]) {
        panic!("a crate generated from a mutated description does not compile:\n{output}");
    }
}

/// Pieces of prose that rustdoc or clippy would refuse if copied into doc comments as
/// written: Markdown lists continued lazily, fences left open, links and HTML, bare URLs,
/// headings, tables, empty and blank text.
const PROSE: &[&str] = &[
    "",
    " ",
    "Plain words.",
    "- item",
    "* item",
    "1. first",
    "2) second",
    "continued lazily",
    "    indented like code",
    "```",
    "```json",
    "~~~",
    "{\"a\": [1]}",
    "[link]",
    "[the docs](https://example.com/a_b)",
    "[[Demo]](https://example.com/demo)",
    "[User](#/components/schemas/User)",
    "[x](Self)",
    "[^1]",
    "<b>",
    "</div>",
    "<!-- comment -->",
    "<https://example.com>",
    "https://example.com/path?q=1&r=2",
    "`code`",
    "`[i]`",
    "# Heading",
    "> quoted",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "\\",
    "a trailing backslash \\",
    "emoji 🎉 and ünïcödé",
    "&amp; &nbsp;",
    "***",
    "---",
    "__init__ and *emph",
    "#[derive(Debug)]",
    "'''",
];

/// What goes between pieces: nothing, spaces, line breaks with and without indentation, tabs.
const SEPARATORS: &[&str] = &["", " ", "\n", "\n\n", "\n  ", "\n\t", "\n     ", "\r\n", "\n\n\n"];

/// Titles whose package names cargo has refused or that broke words apart.
const TITLES: &[&str] = &[
    "1Password Connect",
    "async",
    "Ex Libris APIs",
    "GitHub v3 REST API",
    "",
    "🚀",
    "self",
    "_",
    "Ünïcödé API (v2)",
    "test",
    "std core alloc",
    "A very long title that goes on and on about what the service does and for whom it does it",
];

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PROSE.len(), 0..SEPARATORS.len()), 0..8).prop_map(|pieces| {
        pieces.iter().map(|&(piece, separator)| format!("{}{}", PROSE[piece], SEPARATORS[separator])).collect()
    })
}

/// A description whose every text is one of `texts`, in turn: the API's description, each
/// operation's summary and description, a parameter's, a response's, each schema's and
/// property's and an enum's.
fn described(title: &str, texts: &[String]) -> Value {
    let text = |i: usize| Value::String(texts[i % texts.len()].clone());
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..texts.len().div_ceil(8) {
        let base = i * 8;
        let schema = format!("Thing{}", ["A", "B", "C", "D", "E", "F", "G", "H"][i % 8]);
        let get = json!({
            "operationId": format!("listThings{i}"),
            "summary": text(base + 1),
            "description": text(base + 2),
            "parameters": [{"name": "q", "in": "query", "description": text(base + 3), "schema": {"type": "string"}}],
            "responses": {"200": {
                "description": text(base + 4),
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
            }}
        });
        paths.insert(format!("/things{i}"), json!({ "get": get }));
        let properties = json!({
            "name": {"type": "string", "description": text(base + 6)},
            "kind": {"type": "string", "enum": ["a", "b"], "description": text(base + 7)}
        });
        schemas.insert(schema, json!({"type": "object", "description": text(base + 5), "properties": properties}));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1", "description": text(0)},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

#[test]
fn hostile_prose_and_titles_give_crates_that_clippy_and_rustdoc_accept() {
    // A fixed seed, so that CI meets the same texts each run; `PROPTEST_CASES=100` tries more.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let rng = proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let crates = RefCell::new(Vec::new());
    let strategy = (0..TITLES.len(), prop::collection::vec(prose(), 24));
    runner
        .run(&strategy, |(title, texts)| {
            let text = serde_json::to_string(&described(TITLES[title], &texts)).expect("serializable");
            let generated = graphgen::load::parse(text, "prose.json")
                .and_then(|spec| graphgen::codegen::generate_from(&spec, "prose.json"));
            let generated = generated.map_err(|report| TestCaseError::fail(report.to_string()))?;
            crates.borrow_mut().push((TITLES[title], generated.files));
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let mut scratch = Scratch::new();
    for (i, (title, mut files)) in crates.into_inner().into_iter().enumerate() {
        // The title's package name must be one cargo takes; two crates may share one.
        let name = graphgen::codegen::package_name(files.get("Cargo.toml").map_or("", String::as_str));
        let name = name.unwrap_or_else(|| panic!("no package name for the title {title:?}"));
        graphgen::codegen::rename_crate(&mut files, &format!("{name}-{i}"));
        scratch.write(&format!("prose-{i}"), &files).expect("writable");
    }
    if let Err(output) = scratch.cargo(&["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]) {
        panic!("clippy refused a crate made from hostile prose:\n{output}");
    }
    let doc = scratch.cargo_with(&["doc", "--workspace", "--no-deps", "--quiet"], &[("RUSTDOCFLAGS", "-D warnings")]);
    if let Err(output) = doc {
        panic!("rustdoc refused a crate made from hostile prose:\n{output}");
    }
}

//! The generator on mutated descriptions: valid YAML with wrong shapes, missing fields,
//! cycles, dangling references and huge or hostile names. No input may panic, every
//! failure must be a report with locations, and a sample of the successes must compile.

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

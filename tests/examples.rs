//! Every example in the description goes through the generated types and comes back unchanged.

use office_config_tests::{docs, examples, roundtrip, spec};
use serde_json::Value;

#[test]
fn every_example_round_trips_through_its_generated_type() {
    let spec = spec();
    let examples = examples(&spec);
    assert!(examples.len() >= 40, "only {} examples found in the description", examples.len());
    let mut failures = Vec::new();
    for example in &examples {
        match roundtrip(&example.schema, &example.value) {
            Ok(back) if back == example.value => {}
            Ok(back) => failures.push(format!("{} ({}): came back as\n{back:#}", example.pointer, example.schema)),
            Err(error) => failures.push(format!("{} ({}): {error}", example.pointer, example.schema)),
        }
    }
    assert!(failures.is_empty(), "{} of {} examples failed:\n{}", failures.len(), examples.len(), failures.join("\n"));
}

/// Where each documented body must stand in the description.
const DOCUMENTED: &[(&str, &str, &str, &str)] = &[
    (
        "update-clientconfigurations.md",
        "request",
        "/paths/~1officeConfiguration~1clientConfigurations/patch/requestBody",
        "docsUpdateRequest",
    ),
    (
        "update-clientconfigurations.md",
        "response",
        "/paths/~1officeConfiguration~1clientConfigurations/patch/responses/200",
        "docsUpdateResponse",
    ),
    (
        "create-clientconfigurations.md",
        "request",
        "/paths/~1officeConfiguration~1clientConfigurations/post/requestBody",
        "docsCreateRequest",
    ),
    (
        "create-clientconfigurations.md",
        "response",
        "/paths/~1officeConfiguration~1clientConfigurations/post/responses/201",
        "docsCreateResponse",
    ),
];

#[test]
fn the_four_documented_bodies_are_in_the_description_unchanged() {
    let spec = spec();
    let pages = docs::pages();
    for (file, which, body, name) in DOCUMENTED {
        let page = pages.iter().find(|p| p.file == *file).expect("the docs page is a fixture");
        let documented = if *which == "request" { &page.request.body } else { &page.response.body };
        let pointer = format!("{body}/content/application~1json/examples/{name}/value");
        let embedded = spec
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("the {which} body of {file} is missing: no example at {pointer}"));
        assert_eq!(embedded, documented, "{pointer} differs from the {which} body of {file}");
        assert_eq!(roundtrip("microsoft.graph.officeClientConfiguration", documented).as_ref(), Ok(documented));
    }
}

#[test]
fn every_schema_and_operation_body_has_an_example() {
    let spec = spec();
    let examples = examples(&spec);
    let schemas = spec.pointer("/components/schemas").and_then(Value::as_object).expect("schemas");
    for key in schemas.keys() {
        assert!(examples.iter().any(|e| e.schema == *key), "the schema `{key}` has no example");
    }
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let mut bodies: Vec<(&str, &Value)> =
                operation.get("requestBody").map(|b| ("requestBody", b)).into_iter().collect();
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                if status.starts_with('2') {
                    bodies.push((status, response));
                }
            }
            for (which, body) in bodies {
                if let Some(media) = body.pointer("/content/application~1json") {
                    let count = media.get("examples").and_then(Value::as_object).map_or(0, |e| e.len());
                    assert!(count > 0, "{method} {path} {which}: a JSON body without an example");
                }
            }
        }
    }
}

#[test]
fn every_schema_and_property_is_described() {
    fn check(at: &str, schema: &Value, missing: &mut Vec<String>) {
        for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            if property.get("description").and_then(Value::as_str).is_none_or(|d| d.trim().is_empty()) {
                missing.push(format!("{at}/properties/{name}"));
            }
        }
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            check(at, part, missing);
        }
    }
    let spec = spec();
    let mut missing = Vec::new();
    for (key, schema) in spec.pointer("/components/schemas").and_then(Value::as_object).expect("schemas") {
        if schema.get("description").and_then(Value::as_str).is_none() {
            missing.push(key.clone());
        }
        check(key, schema, &mut missing);
    }
    assert!(missing.is_empty(), "without a description: {missing:?}");
}

#[test]
fn each_docs_decision_is_recorded() {
    let spec = spec();
    let decisions = spec["x-docs-decisions"].as_array().expect("x-docs-decisions is a list");
    let text = serde_json::to_string(decisions).expect("serializable").to_lowercase();
    for topic in ["permission", "$ref", "204", "content-length", "abstract", "stream"] {
        assert!(text.contains(topic), "no recorded decision mentions `{topic}`");
    }
    for decision in decisions {
        for field in ["topic", "docs", "decision"] {
            assert!(decision[field].as_str().is_some_and(|t| !t.is_empty()), "a decision lacks `{field}`: {decision}");
        }
    }
}

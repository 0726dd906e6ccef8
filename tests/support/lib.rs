//! Shared helpers for the tests: the description's examples, the docs' bodies, and
//! scratch crates generated from other descriptions.
//!
//! The README's code runs as this crate's doctest, so the tour cannot drift from the code.
#![doc = include_str!("../../README.md")]

pub mod batch;
pub mod docs;
pub mod mailbox;
pub mod mock;
pub mod scratch;

use std::path::PathBuf;

use graph_office_config::models::o_data_errors::*;
use graph_office_config::models::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// The description `generated/` is made from, as JSON.
pub fn spec() -> Value {
    let text = std::fs::read_to_string(root().join(xtask::DEFAULT_SPEC)).expect("the description is readable");
    serde_yaml::from_str(&text).expect("the description is valid YAML")
}

/// One example from the description and the schema it illustrates.
#[derive(Debug)]
pub struct Example {
    /// A JSON pointer to the example in the description.
    pub pointer: String,
    /// The key of the component schema.
    pub schema: String,
    pub value: Value,
}

/// Every example in the description: schema-level `example`s, and the named
/// `examples` of every JSON request and response body, including shared responses.
pub fn examples(spec: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    if let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) {
        for (key, schema) in schemas {
            if let Some(example) = schema.get("example") {
                found.push(Example {
                    pointer: format!("/components/schemas/{}/example", escape(key)),
                    schema: key.clone(),
                    value: example.clone(),
                });
            }
        }
    }
    let mut bodies = Vec::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let at = format!("/paths/{}/{method}", escape(path));
                if let Some(body) = operation.get("requestBody") {
                    bodies.push((format!("{at}/requestBody"), body));
                }
                for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
                    bodies.push((format!("{at}/responses/{status}"), response));
                }
            }
        }
    }
    for (name, response) in spec.pointer("/components/responses").and_then(Value::as_object).into_iter().flatten() {
        bodies.push((format!("/components/responses/{}", escape(name)), response));
    }
    for (at, body) in bodies {
        let Some(media) = body.pointer("/content/application~1json") else { continue };
        let Some(schema) = media.pointer("/schema/$ref").and_then(Value::as_str) else { continue };
        let schema = schema.trim_start_matches("#/components/schemas/").to_owned();
        for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
            found.push(Example {
                pointer: format!("{at}/content/application~1json/examples/{}", escape(name)),
                schema: schema.clone(),
                value: example.get("value").cloned().unwrap_or(Value::Null),
            });
        }
    }
    found
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Decodes `value` as the generated type of `schema` and encodes it again.
pub fn roundtrip(schema: &str, value: &Value) -> Result<Value, String> {
    fn through<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
        let model: T = graph_office_config::decode(&value.to_string()).map_err(|e| e.to_string())?;
        serde_json::to_value(&model).map_err(|e| e.to_string())
    }
    match schema {
        "microsoft.graph.entity" => through::<Entity>(value),
        "microsoft.graph.officeConfiguration" => through::<OfficeConfiguration>(value),
        "microsoft.graph.officeClientConfiguration" => through::<OfficeClientConfiguration>(value),
        "microsoft.graph.windowsOfficeClientConfiguration" => through::<WindowsOfficeClientConfiguration>(value),
        "microsoft.graph.windowsOfficeClientSecurityConfiguration" => {
            through::<WindowsOfficeClientSecurityConfiguration>(value)
        }
        "microsoft.graph.officeClientConfigurationAssignment" => through::<OfficeClientConfigurationAssignment>(value),
        "microsoft.graph.officeConfigurationAssignmentTarget" => through::<OfficeConfigurationAssignmentTarget>(value),
        "microsoft.graph.officeConfigurationGroupAssignmentTarget" => {
            through::<OfficeConfigurationGroupAssignmentTarget>(value)
        }
        "microsoft.graph.officeUserCheckinSummary" => through::<OfficeUserCheckinSummary>(value),
        "microsoft.graph.officeClientCheckinStatus" => through::<OfficeClientCheckinStatus>(value),
        "microsoft.graph.BaseCollectionPaginationCountResponse" => {
            through::<BaseCollectionPaginationCountResponse>(value)
        }
        "microsoft.graph.officeClientConfigurationCollectionResponse" => {
            through::<OfficeClientConfigurationCollectionResponse>(value)
        }
        "microsoft.graph.officeClientConfigurationAssignmentCollectionResponse" => {
            through::<OfficeClientConfigurationAssignmentCollectionResponse>(value)
        }
        "microsoft.graph.assignRequestBody" => through::<AssignRequestBody>(value),
        "microsoft.graph.updatePrioritiesRequestBody" => through::<UpdatePrioritiesRequestBody>(value),
        "microsoft.graph.ODataErrors.ODataError" => through::<ODataError>(value),
        "microsoft.graph.ODataErrors.MainError" => through::<MainError>(value),
        "microsoft.graph.ODataErrors.ErrorDetails" => through::<ErrorDetails>(value),
        "microsoft.graph.ODataErrors.InnerError" => through::<InnerError>(value),
        other => Err(format!("no generated type is registered for the schema `{other}` in tests/support/lib.rs")),
    }
}

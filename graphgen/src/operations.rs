//! The operations of a description: those of the eight methods the model reads, and
//! OpenAPI 3.2's `query` and `additionalOperations`, which it has no place for and which
//! loading reads beside it.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};
use serde_yaml::Value;

use crate::diagnostics::{pointer, Diagnostic};

/// Marks a query parameter that was written `in: querystring` (OpenAPI 3.2): its value is
/// the whole query string, written as its `content` says.
pub const QUERY_STRING: &str = "x-rust-query-string";

/// The fixed methods of a path item, each with a field of its own in the model.
pub const FIXED: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Operations of other methods, by path template.
pub type Others = IndexMap<String, Vec<Other>>;

/// An operation of a method the model has no field for.
#[derive(Debug)]
pub struct Other {
    /// Where it is written, below its path item: `query` or `additionalOperations/COPY`.
    pub key: String,
    /// The method as it is sent: `QUERY`, `COPY`.
    pub method: String,
    pub operation: Operation,
}

/// One operation of the description.
pub struct Found<'a> {
    pub item: &'a PathItem,
    /// The method as the description names it, which names the builder's method: `get`,
    /// `query`, `COPY`.
    pub name: &'a str,
    /// The method as it is sent.
    pub method: String,
    pub operation: &'a Operation,
    /// Where it is written.
    pub at: String,
}

/// Every operation of a path item, the model's first and then the others, in the order
/// they are written.
pub fn of_item<'a>(template: &'a str, item: &'a PathItem, others: &'a Others) -> Vec<Found<'a>> {
    let at = pointer("/paths", template);
    let fixed = item.iter().map(|(name, operation)| Found {
        item,
        name,
        method: name.to_ascii_uppercase(),
        operation,
        at: pointer(&at, name),
    });
    let more = others.get(template).into_iter().flatten().map(|other| Found {
        item,
        name: other.key.rsplit('/').next().unwrap_or(&other.key),
        method: other.method.clone(),
        operation: &other.operation,
        at: below(&at, &other.key),
    });
    fixed.chain(more).collect()
}

/// Every operation of the description, path by path.
pub fn all<'a>(api: &'a OpenAPI, others: &'a Others) -> impl Iterator<Item = Found<'a>> {
    api.paths.paths.iter().flat_map(move |(template, item)| match item {
        ReferenceOr::Item(item) => of_item(template, item, others),
        ReferenceOr::Reference { .. } => Vec::new(),
    })
}

/// Reads OpenAPI 3.2's `query` operation and `additionalOperations` of every path item of
/// `document`. One that does not read as an operation, or names a method that cannot be
/// sent or that has a field of its own, is left out with a warning.
pub fn read_others(document: &Value, warnings: &mut Vec<Diagnostic>) -> Others {
    let mut others = Others::new();
    let Some(paths) = document.get("paths").and_then(Value::as_mapping) else { return others };
    for (template, item) in paths {
        let (Some(template), Some(item)) = (template.as_str(), item.as_mapping()) else { continue };
        let at = pointer("/paths", template);
        let mut found = Vec::new();
        if let Some(operation) = item.get("query") {
            found.push(("query".to_owned(), "QUERY".to_owned(), operation));
        }
        if let Some(Value::Mapping(more)) = item.get("additionalOperations") {
            for (method, operation) in more {
                let Some(method) = method.as_str() else { continue };
                let key = format!("additionalOperations/{method}");
                if method.is_empty() || !method.bytes().all(is_token_byte) {
                    warnings.push(Diagnostic::warning(
                        "unsendable-method",
                        pointer(&pointer(&at, "additionalOperations"), method),
                        format!("`{method}` is not an HTTP method name; its operation is left out"),
                    ));
                    continue;
                }
                if FIXED.contains(&method.to_ascii_lowercase().as_str()) || method.eq_ignore_ascii_case("query") {
                    warnings.push(
                        Diagnostic::warning(
                            "unsendable-method",
                            pointer(&pointer(&at, "additionalOperations"), method),
                            format!("`{method}` has a field of its own in a path item; this operation is left out"),
                        )
                        .with_hint(format!("move it to the path item's `{}`", method.to_ascii_lowercase())),
                    );
                    continue;
                }
                found.push((key, method.to_owned(), operation));
            }
        }
        for (key, method, operation) in found {
            match serde_yaml::from_value::<Operation>(operation.clone()) {
                Ok(operation) => others.entry(template.to_owned()).or_default().push(Other { key, method, operation }),
                Err(error) => warnings.push(Diagnostic::warning(
                    "unread-operation",
                    below(&at, &key),
                    format!("the `{method}` operation cannot be read, and is left out: {error}"),
                )),
            }
        }
    }
    others
}

/// The pointer to `key`, tokens separated by `/`, below `at`.
fn below(at: &str, key: &str) -> String {
    key.split('/').fold(at.to_owned(), |at, token| pointer(&at, token))
}

/// Whether a byte may appear in an HTTP method or header name (RFC 9110 `tchar`).
pub fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

//! Whether a description is OData-shaped (Microsoft Graph's, Dataverse's, any OData v4
//! service's), which gives its crate OData's own protocols: JSON batching. A plain REST
//! description's crate carries none of them.

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::operations::{self, Others};

/// The segments OData gives a service's URLs.
const SYSTEM_SEGMENTS: &[&str] = &["$count", "$value", "$ref", "$batch", "$metadata"];

/// OData's system query options.
const SYSTEM_OPTIONS: &[&str] = &["$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$search", "$count"];

/// The setting `x-rust-crate: {odata: true}` or `false` when the description has one; else
/// whether the description writes what only OData writes: a system segment in a path
/// (`/$count`, `/$value`), a system query option (`$filter`, `$select`), or a property
/// annotation (`@odata.nextLink`, `@odata.type`).
pub fn is_odata(api: &OpenAPI, others: &Others, setting: Option<&Value>, diagnostics: &mut Diagnostics) -> bool {
    match setting {
        Some(Value::Bool(on)) => return *on,
        Some(_) => diagnostics.push(
            Diagnostic::new(
                pointer(&pointer("", super::CRATE_EXTENSION), "odata"),
                "`odata` must be `true` or `false`",
            )
            .with_hint("leave it out to let the description's paths, parameters and properties decide"),
        ),
        None => {}
    }
    let segments = api.paths.paths.keys().any(|path| path.split('/').any(|s| SYSTEM_SEGMENTS.contains(&s)));
    let options = operations::all(api, others).any(|found| {
        let parameters = found.item.parameters.iter().chain(&found.operation.parameters);
        parameters
            .filter_map(ReferenceOr::as_item)
            .any(|p| SYSTEM_OPTIONS.contains(&p.parameter_data_ref().name.as_str()))
    });
    let schemas = api.components.iter().flat_map(|c| c.schemas.values()).filter_map(ReferenceOr::as_item);
    let annotations = schemas.into_iter().any(|schema| match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.keys().any(|name| name.starts_with("@odata.")),
        SchemaKind::AllOf { all_of } => all_of.iter().filter_map(ReferenceOr::as_item).any(|part| {
            matches!(&part.schema_kind, SchemaKind::Type(Type::Object(o)) if o.properties.keys().any(|n| n.starts_with("@odata.")))
        }),
        _ => false,
    });
    segments || options || annotations
}

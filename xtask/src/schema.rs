//! Reading OpenAPI schemas as the shapes the generator supports.
//!
//! Validation and lowering both go through these functions, so anything validation
//! accepts is something lowering knows how to turn into Rust.

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType, VariantOrUnknownOrEmpty};

use crate::diagnostics::{pointer, Diagnostic};
use crate::ir::Type;

/// The prefix of a reference to a component schema.
pub const SCHEMA_REF: &str = "#/components/schemas/";

/// The component schemas of a description, with the Rust name of each.
pub struct Components<'a> {
    pub schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Schema key → the name other types use to refer to it.
    pub type_names: IndexMap<String, String>,
}

impl<'a> Components<'a> {
    /// The schema a `#/components/schemas/…` reference names, following aliases of aliases.
    pub fn get(&self, key: &str) -> Option<&'a Schema> {
        let mut key = key;
        for _ in 0..32 {
            match self.schemas.get(key)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => key = reference.strip_prefix(SCHEMA_REF)?,
            }
        }
        None
    }
}

/// The key of a component schema reference, or an error naming the reference.
pub fn ref_key<'r>(reference: &'r str, at: &str) -> Result<&'r str, Diagnostic> {
    reference.strip_prefix(SCHEMA_REF).ok_or_else(|| {
        Diagnostic::unsupported(at, format!("the reference `{reference}` (only `{SCHEMA_REF}…` can name a type)"))
    })
}

/// The properties of an object schema, with inherited ones first.
pub struct ObjectShape<'a> {
    pub properties: Vec<Property<'a>>,
    pub required: Vec<String>,
    /// The schemas this one inherits from through `allOf`, nearest first.
    pub bases: Vec<String>,
}

/// One declared property and where it is declared.
pub struct Property<'a> {
    pub name: String,
    pub schema: &'a ReferenceOr<Box<Schema>>,
    pub pointer: String,
}

/// Whether a component schema becomes a struct.
pub fn is_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || !any.all_of.is_empty() || any.typ.as_deref() == Some("object")
        }
        _ => false,
    }
}

/// Collects the properties of component `key`, merging `allOf` parts in order.
pub fn object_shape<'a>(components: &Components<'a>, key: &str) -> Result<ObjectShape<'a>, Diagnostic> {
    let mut shape = ObjectShape { properties: Vec::new(), required: Vec::new(), bases: Vec::new() };
    let at = pointer("/components/schemas", key);
    let schema =
        components.get(key).ok_or_else(|| Diagnostic::new(&at, format!("the schema `{key}` does not exist")))?;
    let mut visiting = vec![key.to_owned()];
    collect(components, schema, &at, &mut shape, &mut visiting, true)?;
    Ok(shape)
}

fn collect<'a>(
    components: &Components<'a>,
    schema: &'a Schema,
    at: &str,
    shape: &mut ObjectShape<'a>,
    visiting: &mut Vec<String>,
    top: bool,
) -> Result<(), Diagnostic> {
    let (properties, required, parts) = match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => (Some(&object.properties), &object.required[..], &[][..]),
        SchemaKind::AllOf { all_of } => (None, &[][..], &all_of[..]),
        SchemaKind::Any(any) if is_object(schema) => (Some(&any.properties), &any.required[..], &any.all_of[..]),
        _ => return Err(Diagnostic::unsupported(at, "a schema that is not an object inside `allOf`")),
    };
    for (i, part) in parts.iter().enumerate() {
        let part_at = pointer(&pointer(at, "allOf"), &i.to_string());
        match part {
            ReferenceOr::Reference { reference } => {
                let key = ref_key(reference, &part_at)?;
                if visiting.iter().any(|k| k == key) {
                    return Err(Diagnostic::new(
                        &part_at,
                        format!("`allOf` inherits from `{key}`, which inherits back"),
                    ));
                }
                if top {
                    shape.bases.push(key.to_owned());
                }
                let base = components
                    .get(key)
                    .ok_or_else(|| Diagnostic::new(&part_at, format!("unresolved reference `{reference}`")))?;
                visiting.push(key.to_owned());
                collect(components, base, &pointer("/components/schemas", key), shape, visiting, false)?;
                visiting.pop();
            }
            ReferenceOr::Item(inline) => collect(components, inline, &part_at, shape, visiting, false)?,
        }
    }
    for (name, schema) in properties.into_iter().flatten() {
        let property = Property { name: name.clone(), schema, pointer: pointer(&pointer(at, "properties"), name) };
        // A redeclared property replaces the inherited one in its place.
        match shape.properties.iter_mut().find(|p| p.name == *name) {
            Some(existing) => *existing = property,
            None => shape.properties.push(property),
        }
    }
    for name in required {
        if !shape.required.contains(name) {
            shape.required.push(name.clone());
        }
    }
    Ok(())
}

/// The type of a property or array item, and whether it may be `null`.
pub fn value_type<S: Borrow<Schema>>(
    components: &Components<'_>,
    schema: &ReferenceOr<S>,
    at: &str,
) -> Result<(Type, bool), Diagnostic> {
    match schema {
        ReferenceOr::Reference { reference } => Ok((named(components, reference, at)?, false)),
        ReferenceOr::Item(schema) => inline_type(components, schema.borrow(), at),
    }
}

fn named(components: &Components<'_>, reference: &str, at: &str) -> Result<Type, Diagnostic> {
    let key = ref_key(reference, at)?;
    match components.type_names.get(key) {
        Some(name) => Ok(Type::Named(name.clone())),
        None => match components.get(key) {
            // A component that is not an object, such as a plain string, is used in place.
            Some(target) => Ok(inline_type(components, target, &pointer("/components/schemas", key))?.0),
            None => Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))
                .with_hint("add the schema under components/schemas or fix the name")),
        },
    }
}

fn inline_type(components: &Components<'_>, schema: &Schema, at: &str) -> Result<(Type, bool), Diagnostic> {
    let nullable = schema.schema_data.nullable;
    let ty = match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
            VariantOrUnknownOrEmpty::Unknown(format) if format == "base64url" => Type::Base64Url,
            _ => Type::String,
        },
        SchemaKind::Type(OaType::Integer(integer)) => match &integer.format {
            VariantOrUnknownOrEmpty::Unknown(format) if matches!(format.as_str(), "int8" | "int16" | "uint8") => {
                Type::Int32
            }
            VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::Int32,
            _ => Type::Int64,
        },
        SchemaKind::Type(OaType::Number(_)) => Type::Float64,
        SchemaKind::Type(OaType::Boolean(_)) => Type::Boolean,
        SchemaKind::Type(OaType::Array(array)) => match &array.items {
            Some(items) => {
                let (item, item_nullable) = value_type(components, items, &pointer(at, "items"))?;
                Type::Array(Box::new(item), item_nullable)
            }
            None => Type::Array(Box::new(Type::Json), true),
        },
        SchemaKind::Type(OaType::Object(object)) if object.properties.is_empty() => Type::Json,
        SchemaKind::Type(OaType::Object(_)) => {
            return Err(Diagnostic::unsupported(at, "an inline object schema with properties")
                .with_hint("move it to components/schemas and refer to it with $ref"))
        }
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
            value_type(components, &all_of[0], &pointer(at, "allOf"))?.0
        }
        SchemaKind::AnyOf { any_of: options } | SchemaKind::OneOf { one_of: options } => {
            return nullable_reference(components, options, nullable, at)
        }
        SchemaKind::Any(any) if any == &Default::default() => Type::Json,
        SchemaKind::AllOf { .. } => {
            return Err(Diagnostic::unsupported(at, "an inline `allOf` with more than one part")
                .with_hint("declare the combined schema under components/schemas"))
        }
        SchemaKind::Not { .. } => return Err(Diagnostic::unsupported(at, "`not`")),
        SchemaKind::Any(_) => {
            return Err(Diagnostic::unsupported(at, "a schema that mixes keywords of several types")
                .with_hint("give it a single `type`"))
        }
    };
    Ok((ty, nullable))
}

/// `anyOf: [{$ref}, {type: object, nullable: true}]`: how Graph writes a nullable reference.
fn nullable_reference(
    components: &Components<'_>,
    options: &[ReferenceOr<Schema>],
    nullable: bool,
    at: &str,
) -> Result<(Type, bool), Diagnostic> {
    let mut found = None;
    let mut null_option = nullable;
    for (i, option) in options.iter().enumerate() {
        let option_at = pointer(at, &i.to_string());
        match option {
            ReferenceOr::Item(schema) if is_null_placeholder(schema) => null_option = true,
            _ if found.is_none() => found = Some(value_type(components, option, &option_at)?.0),
            _ => {
                return Err(Diagnostic::unsupported(at, "`anyOf`/`oneOf` with more than one non-null alternative")
                    .with_hint("use a discriminated base type with allOf"))
            }
        }
    }
    match found {
        Some(ty) => Ok((ty, null_option)),
        None => Ok((Type::Json, true)),
    }
}

/// `{type: object, nullable: true}` with nothing else: a stand-in for `null`.
fn is_null_placeholder(schema: &Schema) -> bool {
    schema.schema_data.nullable
        && matches!(&schema.schema_kind, SchemaKind::Type(OaType::Object(object)) if object.properties.is_empty())
}

//! Phase 3, continued: `oneOf` and `anyOf` schemas with several alternatives, lowered to
//! an enum with one variant per alternative.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as OaType};

use crate::diagnostics::{pointer, Diagnostic};
use crate::ir::{qualify, split_qualified, Alternative, Alternatives, Shape, Type};
use crate::names;
use crate::schema::{self, Components, SCHEMA_REF};

/// Lowers the alternatives schema `schema`, named `name` in `namespace`.
pub fn lower<'a>(
    components: &Components<'a>,
    schema: &'a Schema,
    namespace: &str,
    name: &str,
    origin: &str,
) -> Result<Alternatives, Diagnostic> {
    let (options, keyword) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
        _ => return Err(Diagnostic::new(origin, "expected `oneOf` or `anyOf`")),
    };
    let at = pointer(origin, keyword);
    let path = qualify(namespace, name);
    let mut taken = Vec::new();
    let mut variants = Vec::new();
    let mut references: Vec<Option<&str>> = Vec::new();
    for (i, option) in options.iter().enumerate() {
        if matches!(option, ReferenceOr::Item(s) if schema::is_null_placeholder(s)) {
            continue;
        }
        // A copy of an earlier alternative can never be the one chosen: it is left out.
        if options[..i].contains(option) {
            continue;
        }
        let option_at = pointer(&at, &i.to_string());
        let label = label(option, options);
        // An inline alternative's type is named after the enum and the alternative.
        let hint = format!("{path}{}", label.as_deref().unwrap_or("Object"));
        let (ty, _) = schema::value_type(components, option, &option_at, &hint)?;
        // An object of any properties is `Object`, beside a `Json` of any value.
        let object = matches!(option, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(OaType::Object(_)), .. }));
        let variant = label.unwrap_or_else(|| if ty == Type::Json && object { "Object".to_owned() } else { type_label(&ty) });
        variants.push(Alternative {
            // Alternatives of one title (OpenAI's several `array`s) are told apart by type.
            name: names::first_free([variant, type_label(&ty)], &mut taken),
            shape: shape(components, &ty),
            ty,
            boxed: false,
        });
        references.push(match option {
            ReferenceOr::Reference { reference } => reference.strip_prefix(SCHEMA_REF),
            ReferenceOr::Item(_) => None,
        });
    }
    let discriminator = schema.schema_data.discriminator.as_ref().map(|discriminator| {
        let mut tags: Vec<(String, usize)> = Vec::new();
        for (value, target) in &discriminator.mapping {
            let target = target.strip_prefix(SCHEMA_REF).unwrap_or(target);
            if let Some(index) = references.iter().position(|r| *r == Some(target)) {
                tags.push((value.clone(), index));
            }
        }
        // Without a mapping entry, an alternative is selected by its schema's name.
        for (index, reference) in references.iter().enumerate() {
            if let Some(reference) = reference {
                if !tags.iter().any(|(_, i)| *i == index) {
                    tags.push(((*reference).to_owned(), index));
                }
            }
        }
        (discriminator.property_name.clone(), tags)
    });
    Ok(Alternatives {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        module: names::module(name),
        origin: origin.to_owned(),
        doc: schema.schema_data.description.clone(),
        variants,
        discriminator,
    })
}

/// The variant name an alternative gives itself: the name of the schema it references; its
/// title; the value of its tag, a required property of one string value, as internally
/// tagged enums are written (`{"kind": "Discord"}`); its one property, as externally
/// tagged enums are written (`{"Circle": {…}}`); the first property that no other of the
/// `siblings` has; or the one value of a single-value string enum.
fn label(option: &ReferenceOr<Schema>, siblings: &[ReferenceOr<Schema>]) -> Option<String> {
    let schema = match option {
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix(SCHEMA_REF)?;
            return Some(split_qualified(&names::type_name(key)).1.to_owned());
        }
        ReferenceOr::Item(schema) => schema,
    };
    if let Some(title) = &schema.schema_data.title {
        return Some(names::upper_camel(title));
    }
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => {
            let tag = object.required.iter().find_map(|name| match object.properties.get(name)? {
                ReferenceOr::Item(property) => single_string(property),
                ReferenceOr::Reference { .. } => None,
            });
            let single = (object.properties.len() == 1).then(|| object.properties.keys().next()).flatten();
            let own = || {
                let mut names = object.required.iter().chain(object.properties.keys());
                names.find(|name| !siblings.iter().any(|s| !std::ptr::eq(s, option) && has_property(s, name))).cloned()
            };
            tag.map(|value| names::variant(&value))
                .or_else(|| single.or(own().as_ref()).map(|p| names::upper_camel(p)))
        }
        _ => single_string(schema).map(|value| names::variant(&value)),
    }
}

/// The one value of a string enum of one value.
fn single_string(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) if string.enumeration.len() == 1 => string.enumeration[0].clone(),
        _ => None,
    }
}

/// Whether an inline object alternative declares the property `name`.
fn has_property(option: &ReferenceOr<Schema>, name: &str) -> bool {
    matches!(option, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(OaType::Object(object)), .. })
        if object.properties.contains_key(name))
}

/// A variant name from the alternative's type, for alternatives without a label.
fn type_label(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Boolean => "Boolean".to_owned(),
        Type::Int32 | Type::Int64 => "Integer".to_owned(),
        Type::Double | Type::F64 | Type::F32 => "Number".to_owned(),
        Type::DateTime => "DateTime".to_owned(),
        Type::Date => "Date".to_owned(),
        Type::TimeOfDay => "TimeOfDay".to_owned(),
        Type::Duration => "Duration".to_owned(),
        Type::Uuid => "Guid".to_owned(),
        Type::Base64Url => "Bytes".to_owned(),
        Type::Json => "Json".to_owned(),
        Type::Named(path) => split_qualified(path).1.to_owned(),
        Type::Array(item, _) | Type::Collection(item, _) => format!("{}List", type_label(item)),
        Type::Map(..) => "Map".to_owned(),
        Type::Flags(item) => format!("{}Flags", type_label(item)),
        Type::Tuple(_) => "Tuple".to_owned(),
    }
}

/// What JSON a value of `ty` can be.
fn shape(components: &Components<'_>, ty: &Type) -> Shape {
    match ty {
        Type::String
        | Type::DateTime
        | Type::Date
        | Type::TimeOfDay
        | Type::Duration
        | Type::Uuid
        | Type::Base64Url
        | Type::Flags(_) => Shape::String(Vec::new()),
        Type::Boolean => Shape::Boolean,
        Type::Int32 | Type::Int64 => Shape::Integer,
        Type::Double | Type::F64 | Type::F32 => Shape::Number,
        Type::Json => Shape::Any,
        Type::Array(..) | Type::Collection(..) | Type::Tuple(_) => Shape::Array,
        Type::Map(..) => Shape::Object { properties: Vec::new(), required: Vec::new(), closed: false },
        Type::Named(path) => {
            let Some((schema, at)) = components.schema_of(path) else { return Shape::Any };
            if schema::is_enum(schema) {
                return Shape::String(schema::enum_values(schema));
            }
            if !schema::is_struct(components, schema, &at) {
                return Shape::Any;
            }
            match schema::object_shape(components, schema, &at) {
                Ok(object) => Shape::Object {
                    properties: object.properties.iter().map(|p| p.name.clone()).collect(),
                    required: object.required,
                    closed: matches!(
                        &schema.schema_kind,
                        SchemaKind::Type(OaType::Object(o)) if o.additional_properties == Some(AdditionalProperties::Any(false))
                    ),
                },
                Err(_) => Shape::Any,
            }
        }
    }
}

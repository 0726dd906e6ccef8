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
    let mut lists = Vec::new();
    let mut variants = Vec::new();
    let mut references: Vec<Option<&str>> = Vec::new();
    // The type, shape and format of each alternative kept.
    let mut seen: Vec<(Type, Shape, Option<String>)> = Vec::new();
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
        // Nor can one of the type, shape and format of an earlier one, such as a second plain
        // string that differs only by its `pattern`: values are tried in order, and the first
        // fits. (Formats are kept apart, as qdrant's `uint64` and `int64`: the writer says
        // which it means.)
        let option_shape = shape(components, &ty);
        let format = format_of(option);
        let kind = (ty.clone(), option_shape.clone(), format.clone());
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        // An object of any properties is `Object`, beside a `Json` of any value.
        let object =
            matches!(option, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(OaType::Object(_)), .. }));
        let variant =
            label.unwrap_or_else(|| if ty == Type::Json && object { "Object".to_owned() } else { type_label(&ty) });
        // Alternatives of one label are told apart by format (qdrant's `uint64` and `int64`
        // integers), by namespace (Stripe's `issuing.dispute` beside `dispute`), then by type
        // (OpenAI's several `array`s of one title).
        let format = format.map(|f| names::upper_camel(&f));
        let qualified = match &ty {
            Type::Named(path) => Some(names::upper_camel(path)),
            _ => None,
        };
        lists.push(std::iter::once(variant).chain(format).chain(qualified).chain([type_label(&ty)]).collect());
        variants.push(Alternative { name: String::new(), shape: option_shape, ty, boxed: false });
        references.push(match option {
            ReferenceOr::Reference { reference } => reference.strip_prefix(SCHEMA_REF),
            ReferenceOr::Item(_) => None,
        });
    }
    for (variant, name) in variants.iter_mut().zip(names::distinct(lists, &mut Vec::new())) {
        variant.name = name;
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
        module: names::file_module(name),
        origin: origin.to_owned(),
        doc: schema.schema_data.description.clone(),
        variants,
        discriminator,
    })
}

/// The variant name an alternative gives itself: the name of the schema it references; its
/// title (or that of the inline part of its `allOf`); the value of its tag, a property of one
/// string value, required ones first, as internally tagged enums are written
/// (`{"kind": "Discord"}`); its one property, as externally tagged enums are written
/// (`{"Circle": {…}}`); the first property that no other of the `siblings` has; or the one
/// value of a single-value string enum. An object's properties are those it declares, with
/// or without `type: object`, and those of the inline parts of its `allOf`.
fn label(option: &ReferenceOr<Schema>, siblings: &[ReferenceOr<Schema>]) -> Option<String> {
    let schema = match option {
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix(SCHEMA_REF)?;
            return Some(split_qualified(&names::type_name(key)).1.to_owned());
        }
        ReferenceOr::Item(schema) => schema,
    };
    let parts = own_parts(schema);
    if let Some(title) =
        parts.iter().find_map(|part| part.schema_data.title.as_deref()).filter(|t| !t.trim().is_empty())
    {
        return Some(names::upper_camel(title));
    }
    let properties: Vec<(&String, &ReferenceOr<Box<Schema>>)> =
        parts.iter().flat_map(|part| properties_of(part).into_iter().flat_map(|(p, _)| p)).collect();
    let required: Vec<&String> =
        parts.iter().flat_map(|part| properties_of(part).map_or(&[][..], |(_, r)| r)).collect();
    if properties.is_empty() {
        return single_string(schema).map(|value| names::variant(&value));
    }
    let tag_of = |name: &String| match properties.iter().find(|(p, _)| *p == name)?.1 {
        ReferenceOr::Item(property) => single_string(property),
        ReferenceOr::Reference { .. } => None,
    };
    let tag =
        required.iter().find_map(|name| tag_of(name)).or_else(|| properties.iter().find_map(|(name, _)| tag_of(name)));
    let single = (properties.len() == 1).then(|| properties[0].0);
    let own = || {
        let mut names = required.iter().copied().chain(properties.iter().map(|(name, _)| *name));
        names.find(|name| !siblings.iter().any(|s| !std::ptr::eq(s, option) && has_property(s, name))).cloned()
    };
    tag.map(|value| names::variant(&value)).or_else(|| single.or(own().as_ref()).map(|p| names::upper_camel(p)))
}

/// The schema and the inline parts of its `allOf`, which together say what it declares.
fn own_parts(schema: &Schema) -> Vec<&Schema> {
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.as_slice(),
        SchemaKind::Any(any) => any.all_of.as_slice(),
        _ => &[],
    };
    std::iter::once(schema)
        .chain(all_of.iter().filter_map(|part| match part {
            ReferenceOr::Item(part) => Some(part),
            ReferenceOr::Reference { .. } => None,
        }))
        .collect()
}

/// An object's declared properties and required names, with or without `type: object`.
type Properties<'a> = (&'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>, &'a [String]);

fn properties_of(schema: &Schema) -> Option<Properties<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => Some((&object.properties, &object.required)),
        SchemaKind::Any(any) if !any.properties.is_empty() => Some((&any.properties, &any.required)),
        _ => None,
    }
}

/// An inline alternative's `format`, which tells apart alternatives of one type.
fn format_of(option: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Item(schema) = option else { return None };
    let format = match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) => match &string.format {
            openapiv3::VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
            _ => None,
        },
        SchemaKind::Type(OaType::Integer(integer)) => match &integer.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32".to_owned()),
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64".to_owned()),
            openapiv3::VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
            openapiv3::VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Type(OaType::Number(number)) => match &number.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Some("float".to_owned()),
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => Some("double".to_owned()),
            openapiv3::VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
            openapiv3::VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    };
    format.filter(|f| f.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// The one value of a string enum of one value.
fn single_string(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) if string.enumeration.len() == 1 => string.enumeration[0].clone(),
        _ => None,
    }
}

/// Whether an inline alternative declares the property `name`.
fn has_property(option: &ReferenceOr<Schema>, name: &str) -> bool {
    let ReferenceOr::Item(schema) = option else { return false };
    own_parts(schema)
        .iter()
        .any(|part| properties_of(part).is_some_and(|(properties, _)| properties.contains_key(name)))
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

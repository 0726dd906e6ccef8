//! Reading OpenAPI schemas as the shapes the generator supports.
//!
//! Validation and lowering both go through these functions, so anything validation
//! accepts is something lowering knows how to turn into Rust. Inline object and
//! enum schemas are given names here, the first time a type is asked of them, and
//! lowering turns them into models like the component schemas.

use std::cell::RefCell;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType, VariantOrUnknownOrEmpty,
};

use crate::diagnostics::{pointer, Diagnostic};
use crate::ir::{qualify, split_qualified, Type};
use crate::names;

/// The prefix of a reference to a component schema.
pub const SCHEMA_REF: &str = "#/components/schemas/";

/// The extension a derived schema uses to give its discriminator value.
pub const DISCRIMINATOR_VALUE: &str = "x-ms-discriminator-value";

/// The component schemas of a description, with the Rust name of each.
pub struct Components<'a> {
    pub schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Schema key → the path (see [`qualify`]) other types use to refer to it.
    pub type_names: IndexMap<String, String>,
    /// Schema key of a base type with derived types → the path of the struct of its own
    /// properties.
    pub base_structs: IndexMap<String, String>,
    /// The reverse: type name → schema key.
    keys: IndexMap<String, String>,
    /// Inline schemas that become named types, in the order they were met.
    pub inline: RefCell<Vec<Inline<'a>>>,
    /// Every type and module name in use, as paths, so that inline types get fresh ones.
    pub taken: RefCell<BTreeSet<String>>,
    /// Warnings met while reading schemas, once per place; lowering reports them.
    pub warnings: RefCell<IndexMap<String, Diagnostic>>,
    /// The places read as any JSON value although their schema says more, such as `not`
    /// or a type no Rust type can say; warned places are counted from their warnings.
    pub fallbacks: RefCell<BTreeSet<String>>,
    /// The components being read in place (see [`named`]), innermost last.
    in_place: RefCell<Vec<String>>,
    /// Object and enum components by their property names or values, to find copies.
    by_signature: std::cell::OnceCell<std::collections::HashMap<String, Vec<&'a str>>>,
}

/// An inline object or enum schema that becomes a named type.
#[derive(Clone)]
pub struct Inline<'a> {
    /// The type's path (see [`qualify`]).
    pub name: String,
    pub pointer: String,
    pub schema: &'a Schema,
}

impl<'a> Components<'a> {
    pub fn new(schemas: &'a IndexMap<String, ReferenceOr<Schema>>) -> Self {
        Components {
            schemas,
            type_names: IndexMap::new(),
            base_structs: IndexMap::new(),
            keys: IndexMap::new(),
            inline: RefCell::new(Vec::new()),
            taken: RefCell::new(BTreeSet::new()),
            warnings: RefCell::new(IndexMap::new()),
            fallbacks: RefCell::new(BTreeSet::new()),
            in_place: RefCell::new(Vec::new()),
            by_signature: std::cell::OnceCell::new(),
        }
    }

    /// The type of the component schema that `schema` is a copy of, if any: utoipa, for
    /// one, writes the whole schema of `T` again in the schema of every `Vec<T>`.
    fn copy_of(&self, schema: &Schema) -> Option<String> {
        let wanted = signature(schema)?;
        let index = self.by_signature.get_or_init(|| {
            let mut index: std::collections::HashMap<String, Vec<&'a str>> = std::collections::HashMap::new();
            for (key, component) in self.schemas {
                if let (ReferenceOr::Item(component), true) = (component, self.type_names.contains_key(key)) {
                    if let Some(signature) = signature(component) {
                        index.entry(signature).or_default().push(key);
                    }
                }
            }
            index
        });
        let key = index
            .get(&wanted)?
            .iter()
            .find(|key| matches!(&self.schemas[**key], ReferenceOr::Item(c) if c == schema))?;
        self.type_names.get(*key).cloned()
    }

    /// Records a warning at `at`, once: the same schema may be read from several places.
    pub fn warn(&self, code: &'static str, at: &str, message: impl Into<String>) {
        let mut warnings = self.warnings.borrow_mut();
        if !warnings.contains_key(at) {
            warnings.insert(at.to_owned(), Diagnostic::warning(code, at, message));
        }
    }

    /// Records the name of a component schema.
    pub fn name(&mut self, key: &str, type_name: &str) {
        self.type_names.insert(key.to_owned(), type_name.to_owned());
        self.keys.insert(type_name.to_owned(), key.to_owned());
    }

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

    /// The schema behind a type name, for a component or an inline type.
    pub fn schema_of(&self, type_name: &str) -> Option<(&'a Schema, String)> {
        if let Some(key) = self.keys.get(type_name) {
            return Some((self.get(key)?, pointer("/components/schemas", key)));
        }
        let inline = self.inline.borrow();
        inline.iter().find(|i| i.name == type_name).map(|i| (i.schema, i.pointer.clone()))
    }

    /// The type name of the inline schema at `at`, naming it `hint` on first sight (made
    /// unique by the schema's title or kind, and a number only when both are taken).
    fn name_inline(&self, schema: &'a Schema, at: &str, hint: &str) -> Type {
        if let Some(found) = self.inline.borrow().iter().find(|i| i.pointer == at) {
            return Type::Named(found.name.clone());
        }
        if let Some(path) = self.copy_of(schema) {
            return Type::Named(path);
        }
        // The hint is a path (see `qualify`): the type goes to the namespace of what names it.
        let (namespace, hint) = split_qualified(hint);
        let mut taken = self.taken.borrow_mut();
        let free = |name: &str| {
            !taken.contains(&qualify(namespace, name))
                && !taken.contains(&qualify(namespace, &names::module(name)))
                && !crate::ir::is_inception(namespace, &names::module(name))
        };
        // A taken name is qualified by the schema's title, then by what the type is
        // (PagerDuty's inline `User.role` enum beside its `UserRole` schema is `UserRoleEnum`).
        let plain = names::upper_camel(hint);
        let title = schema.schema_data.title.as_deref().map(names::upper_camel).filter(|t| t != "Unnamed");
        let kind = if is_enum(schema) {
            "Enum"
        } else if matches!(schema.schema_kind, SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }) {
            "Choice"
        } else {
            "Object"
        };
        let qualified = title.filter(|t| !plain.ends_with(t.as_str())).map(|t| format!("{plain}{t}"));
        let numbered = (2..).map(|n| format!("{plain}{n}"));
        let mut candidates =
            std::iter::once(plain.clone()).chain(qualified).chain([format!("{plain}{kind}")]).chain(numbered);
        let name = candidates.find(|c| free(c)).unwrap_or_default();
        taken.insert(qualify(namespace, &names::module(&name)));
        let path = qualify(namespace, &name);
        taken.insert(path.clone());
        self.inline.borrow_mut().push(Inline { name: path.clone(), pointer: at.to_owned(), schema });
        Type::Named(path)
    }
}

/// What finds the possible copies of an object or enum schema: its property names or
/// its values.
fn signature(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) if !object.properties.is_empty() => {
            Some(object.properties.keys().map(String::as_str).collect::<Vec<_>>().join(","))
        }
        SchemaKind::Type(OaType::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().map(|v| v.as_deref().unwrap_or("null")).collect::<Vec<_>>().join("|"))
        }
        _ => None,
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
}

/// One declared property and where it is declared.
pub struct Property<'a> {
    pub name: String,
    pub schema: &'a ReferenceOr<Box<Schema>>,
    pub pointer: String,
}

/// Whether a schema becomes a struct.
pub fn is_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => !object.properties.is_empty() || !is_map(object),
        SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.all_of.is_empty(),
        _ => false,
    }
}

/// Whether a component schema becomes a struct: an object, or an `allOf` read as one
/// (see [`all_of`]). An `allOf` of one object reference is a struct of its own, so that
/// the component keeps its name.
pub fn is_struct<'a>(components: &Components<'a>, schema: &'a Schema, at: &str) -> bool {
    match all_of_members(schema) {
        Some(members) => match all_of(components, members, at) {
            AllOf::Object => true,
            AllOf::Alias(member, _) => kind(components, member, 0) == Kind::Object,
            AllOf::Json => false,
        },
        None => is_object(schema),
    }
}

/// The members of a schema's `allOf`, when it is one without properties of its own.
fn all_of_members(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any) if any.properties.is_empty() && !any.all_of.is_empty() => Some(&any.all_of),
        _ => None,
    }
}

/// How an `allOf` is read. Members that only annotate (`{nullable: true}`,
/// `{description: …}`, `{}`) do not shape the value and are set aside first.
#[derive(Debug, Clone, Copy)]
pub enum AllOf<'a> {
    /// The members that shape the value are objects (and maybe unions): one struct with
    /// all their properties. A union's properties are not known, so they are kept with
    /// the unknown ones, and a warning says so.
    Object,
    /// One member shapes the value; it gives the type. Its index is the second field.
    Alias(&'a ReferenceOr<Schema>, usize),
    /// No member shapes the value, or no value can satisfy every member (an object and a
    /// string): any JSON value is kept, with a warning for the latter.
    Json,
}

/// What kind of value a schema describes, for reading `allOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Only annotations or constraints without a type: any value.
    Loose,
    Object,
    Union,
    String,
    Integer,
    Number,
    Boolean,
    Array,
    /// `not`, or a reference that does not resolve: nothing to build on.
    Other,
}

/// The [`AllOf`] reading of `members`, the `allOf` at `at`.
pub fn all_of<'a>(components: &Components<'a>, members: &'a [ReferenceOr<Schema>], at: &str) -> AllOf<'a> {
    let mut shaped: Vec<(usize, &ReferenceOr<Schema>, Kind)> = members
        .iter()
        .enumerate()
        .map(|(i, member)| (i, member, kind(components, member, 0)))
        .filter(|(_, _, kind)| *kind != Kind::Loose)
        .collect();
    // A member that only restates the type (`{type: object}`, `{type: string, readOnly: true}`)
    // beside one that shapes a value of that type adds nothing; an object's restatement
    // also fits a union of objects.
    let fits = |bare: Kind, other: Kind| bare == other || (bare == Kind::Object && other == Kind::Union);
    let shaping: Vec<Kind> =
        shaped.iter().filter(|(_, member, _)| !is_bare(member)).map(|(_, _, kind)| *kind).collect();
    if !shaping.is_empty() {
        shaped.retain(|(_, member, kind)| !is_bare(member) || !shaping.iter().all(|other| fits(*kind, *other)));
    }
    match &shaped[..] {
        [] => AllOf::Json,
        [(i, member, _)] => AllOf::Alias(member, *i),
        [(i, member, Kind::Union), rest @ ..] if rest.iter().all(|(_, _, k)| *k == Kind::Union) => {
            components.warn(
                "allof-unions",
                &pointer(at, "allOf"),
                "an `allOf` of several unions is read as its first; the others' constraints are not checked",
            );
            AllOf::Alias(member, *i)
        }
        _ if shaped.iter().all(|(_, _, k)| matches!(k, Kind::Object | Kind::Union)) => AllOf::Object,
        [(i, member, first), rest @ ..] if rest.iter().all(|(_, _, k)| k == first) => {
            components.warn(
                "allof-values",
                &pointer(at, "allOf"),
                "an `allOf` of several schemas of one type is read as its first; the others' constraints are not checked",
            );
            AllOf::Alias(member, *i)
        }
        _ => {
            let kinds: Vec<String> = shaped.iter().map(|(_, _, k)| format!("{k:?}").to_lowercase()).collect();
            components.warn(
                "allof-conflict",
                &pointer(at, "allOf"),
                format!("no value is at once {}: the `allOf` is read as any JSON value", kinds.join(" and ")),
            );
            AllOf::Json
        }
    }
}

/// Whether a member only states a type, with no properties, items, format or limits.
fn is_bare(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else { return false };
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => *object == Default::default(),
        SchemaKind::Type(OaType::String(string)) => *string == Default::default(),
        SchemaKind::Type(OaType::Integer(integer)) => *integer == Default::default(),
        SchemaKind::Type(OaType::Number(number)) => *number == Default::default(),
        SchemaKind::Type(OaType::Boolean(_)) => true,
        _ => false,
    }
}

/// Whether an `allOf` member shapes the value, and how; references are followed.
fn kind(components: &Components<'_>, member: &ReferenceOr<Schema>, depth: usize) -> Kind {
    let schema = match member {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => {
            match reference.strip_prefix(SCHEMA_REF).and_then(|key| components.get(key)) {
                Some(schema) => schema,
                None => return Kind::Other,
            }
        }
    };
    if depth > 32 {
        return Kind::Other;
    }
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(_)) => Kind::Object,
        SchemaKind::Type(OaType::String(_)) => Kind::String,
        SchemaKind::Type(OaType::Integer(_)) => Kind::Integer,
        SchemaKind::Type(OaType::Number(_)) => Kind::Number,
        SchemaKind::Type(OaType::Boolean(_)) => Kind::Boolean,
        SchemaKind::Type(OaType::Array(_)) => Kind::Array,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Kind::Union,
        SchemaKind::AllOf { all_of } => {
            let shaped: Vec<Kind> =
                all_of.iter().map(|m| kind(components, m, depth + 1)).filter(|k| *k != Kind::Loose).collect();
            match &shaped[..] {
                [] => Kind::Loose,
                [only] => *only,
                _ if shaped.contains(&Kind::Object) => Kind::Object,
                [first, ..] => *first,
            }
        }
        SchemaKind::Any(any) if !any.properties.is_empty() => Kind::Object,
        SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => Kind::Union,
        SchemaKind::Any(any) if !any.all_of.is_empty() => Kind::Object,
        SchemaKind::Any(_) => Kind::Loose,
        SchemaKind::Not { .. } => Kind::Other,
    }
}

/// Whether any annotating member of an `allOf` says `nullable`, as in
/// `allOf: [{$ref: user}, {nullable: true}]`, the usual way to write a nullable reference
/// in OpenAPI 3.0.
fn all_of_nullable(components: &Components<'_>, members: &[ReferenceOr<Schema>]) -> bool {
    members.iter().any(|member| match member {
        ReferenceOr::Item(schema) => schema.schema_data.nullable && kind(components, member, 0) == Kind::Loose,
        ReferenceOr::Reference { .. } => false,
    })
}

/// An object schema without properties whose `additionalProperties` give a value type.
fn is_map(object: &openapiv3::ObjectType) -> bool {
    object.properties.is_empty() && matches!(&object.additional_properties, Some(AdditionalProperties::Schema(_)))
}

/// Whether a schema becomes an enum of alternatives: a `oneOf` or `anyOf` with several
/// alternatives besides `null`, other than Graph's way of writing a double.
pub fn is_alternatives(components: &Components<'_>, schema: &Schema) -> bool {
    let options = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return false,
    };
    let non_null = options.iter().filter(|o| !matches!(o, ReferenceOr::Item(s) if is_null_placeholder(s))).count();
    non_null > 1 && !is_graph_double(components, options)
}

/// Graph's double, which may also be the strings `NaN`, `INF` and `-INF`:
/// `[{type: number}, {type: string}, {$ref: ReferenceNumeric}]`, where the reference is a
/// string enum. It is read as one number type, which keeps those strings.
fn is_graph_double(components: &Components<'_>, options: &[ReferenceOr<Schema>]) -> bool {
    let number = |s: &Schema| matches!(s.schema_kind, SchemaKind::Type(OaType::Number(_)));
    let string = |s: &Schema| matches!(s.schema_kind, SchemaKind::Type(OaType::String(_)));
    // The enum of the special values is what makes it Graph's double; a plain
    // `anyOf: [string, number]` is a union of the two.
    let special =
        |s: &Schema| is_enum(s) && enum_values(s).iter().all(|v| matches!(v.as_str(), "NaN" | "INF" | "-INF"));
    let resolved: Vec<Option<&Schema>> = options
        .iter()
        .map(|option| match option {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                reference.strip_prefix(SCHEMA_REF).and_then(|key| components.get(key))
            }
        })
        .collect();
    resolved.iter().flatten().any(|s| number(s))
        && resolved.iter().flatten().any(|s| special(s))
        && resolved.iter().all(|s| s.is_some_and(|s| number(s) || string(s) || is_null_placeholder(s)))
}

/// Whether a string enum is a flags enum, whose values combine members as `"a,b"`.
pub fn is_flags(schema: &Schema) -> bool {
    is_enum(schema)
        && schema.schema_data.extensions.get("x-ms-enum-flags").and_then(|f| f.get("isFlags")).and_then(|v| v.as_bool())
            == Some(true)
}

/// Whether a schema becomes a string enum.
pub fn is_enum(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(OaType::String(s)) if s.enumeration.iter().any(Option::is_some))
}

/// The values of a string enum, in order, without `null`.
pub fn enum_values(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Collects the properties of the object schema at `at`, merging `allOf` parts in order.
pub fn object_shape<'a>(
    components: &Components<'a>,
    schema: &'a Schema,
    at: &str,
) -> Result<ObjectShape<'a>, Diagnostic> {
    let mut shape = ObjectShape { properties: Vec::new(), required: Vec::new() };
    // Only members of an `allOf` are read leniently; a schema asked for as an object must be one.
    if !matches!(
        schema.schema_kind,
        SchemaKind::Type(OaType::Object(_)) | SchemaKind::AllOf { .. } | SchemaKind::Any(_)
    ) {
        return Err(Diagnostic::unsupported(at, "a schema that is not an object, read as one"));
    }
    collect(components, schema, at, &mut shape, &mut Vec::new())?;
    Ok(shape)
}

fn collect<'a>(
    components: &Components<'a>,
    schema: &'a Schema,
    at: &str,
    shape: &mut ObjectShape<'a>,
    visiting: &mut Vec<String>,
) -> Result<(), Diagnostic> {
    let (properties, required, parts) = match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => (Some(&object.properties), &object.required[..], &[][..]),
        SchemaKind::AllOf { all_of } => (None, &[][..], &all_of[..]),
        SchemaKind::Any(any) if is_object(schema) => (Some(&any.properties), &any.required[..], &any.all_of[..]),
        // Annotations add no properties.
        SchemaKind::Any(_) => return Ok(()),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
            components.warn(
                "allof-union-member",
                at,
                "a union inside an `allOf` adds properties the struct cannot name; they are kept with the unknown ones",
            );
            return Ok(());
        }
        _ => {
            components.warn(
                "allof-value-member",
                at,
                "a schema that is not an object inside an `allOf` of objects adds no properties; it is left out",
            );
            return Ok(());
        }
    };
    for (i, part) in parts.iter().enumerate() {
        let part_at = pointer(&pointer(at, "allOf"), &i.to_string());
        match part {
            ReferenceOr::Reference { reference } => {
                let key = ref_key(reference, &part_at)?;
                if visiting.iter().any(|k| k == key) || visiting.len() > 64 {
                    return Err(Diagnostic::new(
                        &part_at,
                        format!("`allOf` inherits from `{key}`, which inherits back"),
                    ));
                }
                let base = components
                    .get(key)
                    .ok_or_else(|| Diagnostic::new(&part_at, format!("unresolved reference `{reference}`")))?;
                visiting.push(key.to_owned());
                collect(components, base, &pointer("/components/schemas", key), shape, visiting)?;
                visiting.pop();
            }
            ReferenceOr::Item(inline) => collect(components, inline, &part_at, shape, visiting)?,
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

/// The type of a property, item or body, and whether it may be `null`. An inline
/// object or enum is named `hint`.
pub fn value_type<'a, S: AsSchema>(
    components: &Components<'a>,
    schema: &'a ReferenceOr<S>,
    at: &str,
    hint: &str,
) -> Result<(Type, bool), Diagnostic> {
    match schema {
        ReferenceOr::Reference { reference } => Ok((named(components, reference, at)?, false)),
        ReferenceOr::Item(schema) => inline_type(components, schema.as_schema(), at, hint),
    }
}

/// `Schema` and `Box<Schema>`, which OpenAPI models use in different places.
pub trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

fn named(components: &Components<'_>, reference: &str, at: &str) -> Result<Type, Diagnostic> {
    let key = ref_key(reference, at)?;
    match components.type_names.get(key) {
        Some(name) if components.get(key).is_some_and(is_flags) => Ok(Type::Flags(Box::new(Type::Named(name.clone())))),
        Some(name) => Ok(Type::Named(name.clone())),
        None => match components.get(key) {
            // A component that is neither an object nor an enum, such as a plain string, is used in place.
            // One that reaches itself so (`A: {items: {$ref: A}}`, arrays of arrays without end)
            // has no Rust type of its own: where it recurs, any JSON value is read, which keeps
            // every value it allows.
            Some(_) if components.in_place.borrow().iter().any(|k| k == key) => {
                let message =
                    format!("`{key}` contains itself with no object between; where it recurs, any JSON value is read");
                components.warn("recursive-alias", at, message);
                Ok(Type::Json)
            }
            Some(target) => {
                let target_at = pointer("/components/schemas", key);
                components.in_place.borrow_mut().push(key.to_owned());
                let read = inline_type(components, target, &target_at, &names::type_name(key));
                components.in_place.borrow_mut().pop();
                Ok(read?.0)
            }
            None => Err(Diagnostic::new(at, format!("unresolved reference `{reference}`"))
                .with_hint("add the schema under components/schemas or fix the name")),
        },
    }
}

fn inline_type<'a>(
    components: &Components<'a>,
    schema: &'a Schema,
    at: &str,
    hint: &str,
) -> Result<(Type, bool), Diagnostic> {
    let nullable = schema.schema_data.nullable;
    if is_alternatives(components, schema) {
        let options = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => &Vec::new(),
        };
        let null_option = options.iter().any(|o| match o {
            ReferenceOr::Item(s) => is_null_placeholder(s) || s.schema_data.nullable,
            ReferenceOr::Reference { .. } => false,
        });
        return Ok((components.name_inline(schema, at, hint), nullable || null_option));
    }
    if let Some(members) = all_of_members(schema) {
        let nullable = nullable || all_of_nullable(components, members);
        // An `allOf` of one member, with annotations or not, is that member's type.
        return match all_of(components, members, at) {
            AllOf::Object => Ok((components.name_inline(schema, at, hint), nullable)),
            AllOf::Alias(member, i) => {
                let member_at = pointer(&pointer(at, "allOf"), &i.to_string());
                let (ty, member_nullable) = value_type(components, member, &member_at, hint)?;
                Ok((ty, nullable || member_nullable))
            }
            AllOf::Json => Ok((Type::Json, true)),
        };
    }
    if is_object(schema) || is_enum(schema) {
        let named = components.name_inline(schema, at, hint);
        let ty = if is_flags(schema) { Type::Flags(Box::new(named)) } else { named };
        return Ok((ty, nullable));
    }
    let ty = match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
            VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
                "base64url" => Type::Base64Url,
                "time" => Type::TimeOfDay,
                "duration" => Type::Duration,
                "uuid" => Type::Uuid,
                _ => Type::String,
            },
            _ => Type::String,
        },
        SchemaKind::Type(OaType::Integer(integer)) => integer_type(&integer.format),
        SchemaKind::Type(OaType::Number(number)) => number_type(&number.format),
        SchemaKind::Type(OaType::Boolean(_)) => Type::Boolean,
        SchemaKind::Type(OaType::Array(array)) => match &array.items {
            Some(ReferenceOr::Item(items)) if tuple_members(items).is_some() => {
                let members = tuple_members(items).unwrap_or_default();
                let at = pointer(&pointer(at, "items"), "anyOf");
                let members = members
                    .iter()
                    .enumerate()
                    .map(|(i, member)| {
                        value_type(components, member, &pointer(&at, &i.to_string()), &format!("{hint}Item{i}"))
                    })
                    .collect::<Result<_, _>>()?;
                Type::Tuple(members)
            }
            Some(items) => {
                let (item, item_nullable) =
                    value_type(components, items, &pointer(at, "items"), &format!("{hint}Item"))?;
                Type::Array(Box::new(item), item_nullable)
            }
            None => Type::Array(Box::new(Type::Json), true),
        },
        SchemaKind::Type(OaType::Object(object)) => match &object.additional_properties {
            Some(AdditionalProperties::Schema(values)) if !is_placeholder(values) => {
                let values_at = pointer(at, "additionalProperties");
                let (value, value_nullable) = value_type(components, &**values, &values_at, &format!("{hint}Value"))?;
                Type::Map(Box::new(value), value_nullable)
            }
            _ => Type::Json,
        },
        // Read above, by `all_of`.
        SchemaKind::AllOf { .. } => Type::Json,
        SchemaKind::AnyOf { any_of: options } => {
            return alternatives(components, options, nullable, &pointer(at, "anyOf"), hint)
        }
        SchemaKind::OneOf { one_of: options } => {
            return alternatives(components, options, nullable, &pointer(at, "oneOf"), hint)
        }
        // A schema that only excludes, or that mixes keywords of several types without
        // properties, constrains values in ways a Rust type cannot say: any JSON value is
        // kept, which reads everything the schema allows.
        SchemaKind::Any(any) if !says_a_type(any) => Type::Json,
        SchemaKind::Any(_) | SchemaKind::Not { .. } => {
            components.fallbacks.borrow_mut().insert(at.to_owned());
            Type::Json
        }
    };
    Ok((ty, nullable))
}

/// Whether a schema of no single type still says something of its values' type: a type,
/// a format, members, items, properties or values. Limits alone (`minimum`) do not.
fn says_a_type(any: &openapiv3::AnySchema) -> bool {
    // `type: "null"` says the value is always `null`, which any JSON value reads.
    any.typ.as_deref().is_some_and(|ty| ty != "null")
        || any.format.is_some()
        || !any.enumeration.is_empty()
        || !any.properties.is_empty()
        || any.items.is_some()
        || any.additional_properties.is_some()
        || !any.one_of.is_empty()
        || !any.all_of.is_empty()
        || !any.any_of.is_empty()
        || any.not.is_some()
}

/// The members, in order, of the tuple whose `items` this is: the `anyOf` loading made of a
/// fixed-length `prefixItems` (see `load::TUPLE`).
fn tuple_members(items: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    let marked = items.schema_data.extensions.get(crate::load::TUPLE).and_then(|v| v.as_bool()) == Some(true);
    match &items.schema_kind {
        SchemaKind::AnyOf { any_of } if marked => Some(any_of),
        _ => None,
    }
}

/// The integer type for a format: `int64` and unknown formats get the wider type.
pub fn integer_type(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> Type {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::Int32,
        VariantOrUnknownOrEmpty::Unknown(format) if matches!(format.as_str(), "int8" | "int16" | "uint8") => {
            Type::Int32
        }
        _ => Type::Int64,
    }
}

/// Rust's own float for a `number`: `f32` for `format: float`, `f64` otherwise.
pub fn number_type(format: &VariantOrUnknownOrEmpty<openapiv3::NumberFormat>) -> Type {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Type::F32,
        _ => Type::F64,
    }
}

/// `{type: object}` with nothing else, which Graph uses for "any value".
fn is_placeholder(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(object)) => {
                object.properties.is_empty() && object.additional_properties.is_none()
            }
            SchemaKind::Any(any) => any == &Default::default(),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// `anyOf`/`oneOf` with one alternative besides `null`, as Graph writes a nullable reference:
/// `[{$ref}, {type: object, nullable: true}]`; and Graph's double (see `is_graph_double`).
fn alternatives<'a>(
    components: &Components<'a>,
    options: &'a [ReferenceOr<Schema>],
    nullable: bool,
    at: &str,
    hint: &str,
) -> Result<(Type, bool), Diagnostic> {
    if is_graph_double(components, options) {
        let null_option = options.iter().any(|o| matches!(o, ReferenceOr::Item(s) if s.schema_data.nullable));
        return Ok((Type::Double, nullable || null_option));
    }
    let mut found = None;
    let mut null_option = nullable;
    for (i, option) in options.iter().enumerate() {
        let option_at = pointer(at, &i.to_string());
        match option {
            ReferenceOr::Item(schema) if is_null_placeholder(schema) => null_option = true,
            // With several alternatives besides `null` the schema is an enum (see `is_alternatives`),
            // so this is the only one.
            _ => found = Some(value_type(components, option, &option_at, hint)?.0),
        }
    }
    match found {
        Some(ty) => Ok((ty, null_option)),
        None => Ok((Type::Json, true)),
    }
}

/// `{type: object, nullable: true}` with nothing else: a stand-in for `null`.
pub fn is_null_placeholder(schema: &Schema) -> bool {
    schema.schema_data.nullable
        && matches!(&schema.schema_kind, SchemaKind::Type(OaType::Object(object)) if object.properties.is_empty())
}

/// A schema's discriminator: its own, or that of an inline part of its `allOf`, where
/// Graph's descriptions write a derived type's own discriminator (the part beside the
/// base's `$ref`).
pub fn discriminator(schema: &Schema) -> Option<&openapiv3::Discriminator> {
    discriminator_at(schema).map(|(discriminator, _)| discriminator)
}

/// A schema's [`discriminator`] and where it is written, relative to the schema:
/// `discriminator` or `allOf/N/discriminator`.
pub fn discriminator_at(schema: &Schema) -> Option<(&openapiv3::Discriminator, String)> {
    if let Some(discriminator) = &schema.schema_data.discriminator {
        return Some((discriminator, "discriminator".to_owned()));
    }
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => return None,
    };
    parts.iter().enumerate().rev().find_map(|(i, part)| match part {
        ReferenceOr::Item(part) => {
            part.schema_data.discriminator.as_ref().map(|d| (d, format!("allOf/{i}/discriminator")))
        }
        ReferenceOr::Reference { .. } => None,
    })
}

/// The derived types a discriminator selects, as (value, schema key), in order.
///
/// An explicit `mapping` is used as it is. Without one, every schema that inherits
/// from `key` is a derived type, selected by its `x-ms-discriminator-value` or, when
/// it has none, by `#` and its key, as Graph writes `@odata.type`.
pub fn derived_types(
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    key: &str,
    schema: &Schema,
) -> Vec<(String, String)> {
    let Some(discriminator) = discriminator(schema) else { return Vec::new() };
    if !discriminator.mapping.is_empty() {
        return discriminator
            .mapping
            .iter()
            .filter_map(|(value, target)| Some((value.clone(), target.strip_prefix(SCHEMA_REF)?.to_owned())))
            .filter(|(_, target)| target != key)
            .collect();
    }
    let mut derived = Vec::new();
    for (candidate, item) in schemas {
        let ReferenceOr::Item(candidate_schema) = item else { continue };
        if candidate != key && ancestors(schemas, candidate).iter().any(|a| a == key) {
            let value = match candidate_schema.schema_data.extensions.get(DISCRIMINATOR_VALUE).and_then(|v| v.as_str())
            {
                Some(value) => value.to_owned(),
                None => format!("#{candidate}"),
            };
            derived.push((value, candidate.clone()));
        }
    }
    derived
}

/// Every schema `key` inherits from through `allOf` references, transitively.
pub fn ancestors(schemas: &IndexMap<String, ReferenceOr<Schema>>, key: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut stack = vec![key.to_owned()];
    while let Some(current) = stack.pop() {
        let Some(ReferenceOr::Item(schema)) = schemas.get(&current) else { continue };
        let parts = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => continue,
        };
        for part in parts {
            if let ReferenceOr::Reference { reference } = part {
                if let Some(base) = reference.strip_prefix(SCHEMA_REF) {
                    if base != key && !found.iter().any(|f| f == base) {
                        found.push(base.to_owned());
                        stack.push(base.to_owned());
                    }
                }
            }
        }
    }
    found
}

/// Whether a schema is a string the lowering keeps as `String` (no enum, no typed format).
pub fn is_plain_string(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(string)) => {
            string.enumeration.is_empty()
                && match &string.format {
                    VariantOrUnknownOrEmpty::Item(format) => {
                        !matches!(format, StringFormat::DateTime | StringFormat::Date)
                    }
                    VariantOrUnknownOrEmpty::Unknown(format) => {
                        !matches!(format.as_str(), "base64url" | "time" | "duration" | "uuid")
                    }
                    VariantOrUnknownOrEmpty::Empty => true,
                }
        }
        _ => false,
    }
}

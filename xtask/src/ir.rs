//! The intermediate representation: what the emitter needs to know, and nothing of OpenAPI.
//!
//! Lowering fills these types from a validated description; emitting turns them into
//! Rust. Every list here is in description order, which makes the output deterministic.

/// Everything generated from one description.
#[derive(Debug)]
pub struct Api {
    /// The crate's package name.
    pub crate_name: String,
    /// The crate's version.
    pub crate_version: String,
    /// A one-line description of the crate.
    pub title: String,
    /// The longer description, for the crate's documentation.
    pub doc: Option<String>,
    pub models: Vec<Model>,
}

/// One component schema and the Rust items it becomes.
#[derive(Debug)]
pub struct Model {
    /// The key under `components/schemas`.
    pub schema_key: String,
    /// The module (file) the items are written to.
    pub module: String,
    pub doc: Option<String>,
    /// The struct holding the schema's own properties.
    pub object: Object,
    /// The enum over the schema and its derived types, when it has any.
    pub union: Option<Union>,
}

impl Model {
    /// The name other types use to refer to this schema.
    pub fn type_name(&self) -> &str {
        match &self.union {
            Some(union) => &union.name,
            None => &self.object.name,
        }
    }
}

/// A struct for a JSON object type.
#[derive(Debug)]
pub struct Object {
    pub name: String,
    /// The schema's name as the description spells it, for error messages.
    pub json_name: String,
    pub fields: Vec<Field>,
    /// The field that keeps undeclared properties and instance annotations.
    pub unknown_field: String,
}

/// A declared property.
#[derive(Debug)]
pub struct Field {
    pub json_name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: Type,
    /// `null` is a valid value.
    pub nullable: bool,
    /// The property must be present.
    pub required: bool,
    /// The type refers back to the struct itself, so it needs a box.
    pub boxed: bool,
}

/// A polymorphic type: an enum with one variant per known type, chosen by a discriminator.
#[derive(Debug)]
pub struct Union {
    pub name: String,
    /// The discriminator property, such as `@odata.type`.
    pub discriminator: String,
    /// The variant for the base type itself and for derived types the description does not know.
    pub base_variant: String,
    /// The struct of the base type, held by the base variant.
    pub base: String,
    pub variants: Vec<Variant>,
}

/// One derived type of a union.
#[derive(Debug)]
pub struct Variant {
    /// The discriminator values that select this variant, without a leading `#`.
    pub tags: Vec<String>,
    pub name: String,
    /// The struct the variant holds.
    pub payload: String,
}

/// The Rust type of a property, before nullability and presence are applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Boolean,
    Int32,
    Int64,
    Float64,
    DateTime,
    Base64Url,
    /// Any JSON value.
    Json,
    /// A generated model, by type name.
    Named(String),
    /// An array; the flag says whether items may be `null`.
    Array(Box<Type>, bool),
}

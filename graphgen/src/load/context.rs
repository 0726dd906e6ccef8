//! Where a value sits in a description, which says how a walk over it reads the value:
//! as a schema, a map or list of schemas, data (examples, defaults, extensions) or the
//! description's other objects. Every walk over the document's values uses this one reading.

/// Where a value sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A schema.
    Schema,
    /// A mapping whose values are schemas: `properties`, `$defs`, `patternProperties`.
    Properties,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    Schemas,
    /// `components/schemas`, whose values are schemas.
    SchemaComponents,
    /// Anything else of the description: paths, operations, parameters, responses.
    Other,
    /// Examples, defaults, enums, constants and extensions: data, where `$ref` is just a key.
    Data,
}

impl Context {
    /// The context of the value under `key` in a value of this context. `at_root` says
    /// that this value is the document itself; `parent_key` is the key this value is under.
    pub fn child(self, key: &str, at_root: bool, parent_key: Option<&str>) -> Context {
        if key.starts_with("x-") && !matches!(self, Context::Properties | Context::SchemaComponents) {
            return Context::Data;
        }
        match self {
            Context::Data => Context::Data,
            Context::Properties | Context::Schemas | Context::SchemaComponents => Context::Schema,
            Context::Schema => match key {
                "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas" => {
                    Context::Properties
                }
                "allOf" | "oneOf" | "anyOf" | "prefixItems" => Context::Schemas,
                "items"
                | "not"
                | "additionalProperties"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties" => Context::Schema,
                "example" | "examples" | "default" | "enum" | "const" => Context::Data,
                _ => Context::Other,
            },
            Context::Other => match key {
                "schema" => Context::Schema,
                "schemas" if parent_key == Some("components") => Context::SchemaComponents,
                // Swagger 2.0's schema components.
                "definitions" if at_root => Context::SchemaComponents,
                "example" | "examples" if !at_root => Context::Data,
                _ => Context::Other,
            },
        }
    }

    /// The context of the items of a list in this context.
    pub fn item(self) -> Context {
        if self == Context::Schemas {
            Context::Schema
        } else {
            self
        }
    }
}

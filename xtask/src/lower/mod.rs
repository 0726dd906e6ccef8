//! Phase 3: lowering a validated description to the IR.

mod requests;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use crate::ir::{Api, Field, Model, Object, StringEnum, Type, Union, Variant};
use crate::names;
use crate::schema::{self, Components};
use requests::lower_requests;

/// The extension at the root of a description that names the generated crate.
const CRATE_EXTENSION: &str = "x-rust-crate";

/// Builds the IR, reporting every schema that cannot be lowered.
pub fn lower(api: &OpenAPI, diagnostics: &mut Diagnostics) -> Api {
    let empty = IndexMap::new();
    let schemas = api.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut components = Components::new(schemas);
    let plans = plan_names(schemas, diagnostics);
    for (key, plan) in &plans {
        components.name(key, plan.type_name());
        let mut taken = components.taken.borrow_mut();
        taken.extend([plan.struct_name.clone(), plan.module.clone()]);
        taken.extend(plan.union_name.clone());
    }

    let mut models = Vec::new();
    let mut enums = Vec::new();
    for (key, plan) in &plans {
        let Some(schema) = components.get(key) else { continue };
        let origin = pointer("/components/schemas", key);
        if plan.is_enum {
            enums.push(lower_enum(schema, &plan.struct_name, &origin));
            continue;
        }
        match lower_model(&components, schemas, Some(key), schema, plan, &origin) {
            Ok(model) => models.push(model),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let requests = lower_requests(api, &components, diagnostics);

    // Inline schemas met so far become types too, and may name further inline schemas.
    let mut next = 0;
    loop {
        let Some(inline) = components.inline.borrow().get(next).cloned() else { break };
        next += 1;
        if schema::is_enum(inline.schema) {
            enums.push(lower_enum(inline.schema, &inline.name, &inline.pointer));
            continue;
        }
        let plan = Plan {
            module: names::module(&inline.name),
            struct_name: inline.name.clone(),
            union_name: None,
            is_enum: false,
        };
        match lower_model(&components, schemas, None, inline.schema, &plan, &inline.pointer) {
            Ok(model) => models.push(model),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    mark_boxes(&mut models);

    let (crate_name, crate_version) = crate_identity(api);
    Api {
        crate_name,
        crate_version,
        title: api.info.title.clone(),
        doc: api.info.description.clone(),
        base_url: api
            .servers
            .first()
            .map_or_else(|| "http://localhost".to_owned(), |s| s.url.trim_end_matches('/').to_owned()),
        models,
        enums,
        resources: requests.resources,
        options: requests.options,
        error_type: requests.error_type.unwrap_or(Type::Json),
    }
}

/// The Rust names one component schema gets.
struct Plan {
    module: String,
    struct_name: String,
    union_name: Option<String>,
    is_enum: bool,
}

impl Plan {
    fn type_name(&self) -> &str {
        self.union_name.as_deref().unwrap_or(&self.struct_name)
    }
}

/// Names every object and enum schema, and reports schemas whose names collide.
fn plan_names(
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, Plan> {
    let mut plans = IndexMap::new();
    let mut owners: IndexMap<String, String> = IndexMap::new();
    for (key, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        let is_enum = schema::is_enum(schema);
        if !is_enum && !schema::is_object(schema) {
            continue;
        }
        let name = names::type_name(key);
        let module = names::module(&name);
        let plan = if is_enum || schema::derived_types(schemas, key, schema).is_empty() {
            Plan { module, struct_name: name, union_name: None, is_enum }
        } else {
            Plan { module, struct_name: format!("{name}Base"), union_name: Some(name), is_enum }
        };
        let mut taken = vec![plan.struct_name.clone(), plan.module.clone()];
        taken.extend(plan.union_name.clone());
        let mut clash = false;
        for name in taken {
            if let Some(other) = owners.get(&name) {
                diagnostics.push(
                    Diagnostic::new(
                        pointer("/components/schemas", key),
                        format!("the schemas `{other}` and `{key}` both map to the Rust name `{name}`"),
                    )
                    .with_hint("rename one of the schemas"),
                );
                clash = true;
            } else {
                owners.insert(name, key.clone());
            }
        }
        if !clash {
            plans.insert(key.clone(), plan);
        }
    }
    plans
}

fn lower_enum(schema: &Schema, name: &str, origin: &str) -> StringEnum {
    let mut taken = vec!["Other".to_owned()];
    let values = schema::enum_values(schema)
        .into_iter()
        .map(|value| {
            let variant = names::unique(names::variant(&value), &mut taken);
            (value, variant)
        })
        .collect();
    StringEnum {
        name: name.to_owned(),
        module: names::module(name),
        origin: origin.to_owned(),
        doc: schema.schema_data.description.clone(),
        values,
    }
}

fn lower_model<'a>(
    components: &Components<'a>,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    key: Option<&str>,
    schema: &'a Schema,
    plan: &Plan,
    origin: &str,
) -> Result<Model, Diagnostic> {
    let shape = schema::object_shape(components, schema, origin)?;
    let mut taken = Vec::new();
    let mut fields = Vec::new();
    for property in &shape.properties {
        let hint = format!("{}{}", plan.type_name(), names::upper_camel(&property.name));
        let (ty, nullable) = schema::value_type(components, property.schema, &property.pointer, &hint)?;
        let doc = match property.schema {
            ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        fields.push(Field {
            rust_name: names::unique(names::snake(&property.name), &mut taken),
            json_name: property.name.clone(),
            doc,
            ty,
            nullable,
            required: shape.required.contains(&property.name),
            boxed: false,
        });
    }
    // A discriminator goes first, as Graph writes it: values this crate writes are then
    // read back on the streaming path, and nested polymorphic values never pay for a
    // second reading of their subtree.
    if let Some(key) = key {
        let mut discriminators: Vec<String> =
            schema.schema_data.discriminator.iter().map(|d| d.property_name.clone()).collect();
        for ancestor in schema::ancestors(schemas, key) {
            if let Some(ReferenceOr::Item(base)) = schemas.get(&ancestor) {
                discriminators.extend(base.schema_data.discriminator.iter().map(|d| d.property_name.clone()));
            }
        }
        fields.sort_by_key(|f: &Field| !discriminators.contains(&f.json_name));
    }
    let json_name = match key {
        Some(key) => key.rsplit('.').next().unwrap_or(key).to_owned(),
        None => plan.struct_name.clone(),
    };
    let object = Object {
        name: plan.struct_name.clone(),
        json_name,
        fields,
        unknown_field: names::unique("additional_properties".to_owned(), &mut taken),
    };

    let union = match (&plan.union_name, key) {
        (Some(name), Some(key)) => Some(lower_union(components, schemas, key, schema, name, &plan.struct_name)?),
        _ => None,
    };
    Ok(Model { origin: origin.to_owned(), module: plan.module.clone(), doc: model_doc(schema), object, union })
}

fn lower_union(
    components: &Components<'_>,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    key: &str,
    schema: &Schema,
    name: &str,
    base: &str,
) -> Result<Union, Diagnostic> {
    let discriminator = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.clone()).unwrap_or_default();
    let mut variants: Vec<Variant> = Vec::new();
    let mut taken = Vec::new();
    for (value, target) in schema::derived_types(schemas, key, schema) {
        let tag = value.strip_prefix('#').unwrap_or(&value).to_owned();
        let (Some(target_name), Some(target_schema)) = (components.type_names.get(&target), components.get(&target))
        else {
            return Err(Diagnostic::new(
                pointer(&pointer_path(&pointer("/components/schemas", key), "discriminator/mapping"), &value),
                format!("the discriminator maps `{value}` to `{target}`, which is not an object schema"),
            ));
        };
        // A derived type that is itself a base is held by the struct of its own properties.
        let payload = if schema::derived_types(schemas, &target, target_schema).is_empty() {
            target_name.clone()
        } else {
            format!("{target_name}Base")
        };
        match variants.iter_mut().find(|v| v.payload == payload) {
            Some(variant) => variant.tags.push(tag),
            None => variants.push(Variant {
                tags: vec![tag],
                name: names::unique(target_name.clone(), &mut taken),
                payload,
            }),
        }
    }
    Ok(Union {
        name: name.to_owned(),
        discriminator,
        base_variant: names::unique("Base".to_owned(), &mut taken),
        base: base.to_owned(),
        variants,
    })
}

/// The schema's description, or that of its own `allOf` part when it has none.
fn model_doc(schema: &Schema) -> Option<String> {
    if let Some(doc) = &schema.schema_data.description {
        return Some(doc.clone());
    }
    if let openapiv3::SchemaKind::AllOf { all_of } = &schema.schema_kind {
        return all_of.iter().rev().find_map(|part| match part {
            ReferenceOr::Item(part) => part.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        });
    }
    None
}

/// Boxes fields whose type can contain the struct again without an array in between,
/// since such a struct would otherwise have infinite size.
fn mark_boxes(models: &mut [Model]) {
    // Type name → the struct names a value of that type directly contains.
    let mut edges: IndexMap<String, Vec<String>> = IndexMap::new();
    for model in models.iter() {
        let direct = model.object.fields.iter().filter_map(|f| direct_name(&f.ty)).map(str::to_owned).collect();
        edges.insert(model.object.name.clone(), direct);
        if let Some(union) = &model.union {
            let mut payloads: Vec<String> = union.variants.iter().map(|v| v.payload.clone()).collect();
            payloads.push(union.base.clone());
            edges.insert(union.name.clone(), payloads);
        }
    }
    for model in models.iter_mut() {
        let own = model.object.name.clone();
        for field in &mut model.object.fields {
            if let Some(target) = direct_name(&field.ty) {
                field.boxed = reaches(&edges, target, &own);
            }
        }
    }
}

fn direct_name(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        _ => None,
    }
}

fn reaches(edges: &IndexMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.contains(&name) {
            continue;
        }
        if let Some(next) = edges.get(&name) {
            stack.extend(next.iter().cloned());
        }
        seen.push(name);
    }
    false
}

/// The crate's name and version from `x-rust-crate`, or defaults from the title.
fn crate_identity(api: &OpenAPI) -> (String, String) {
    let extension = api.extensions.get(CRATE_EXTENSION);
    let field = |name: &str| extension.and_then(|e| e.get(name)).and_then(|v| v.as_str()).map(str::to_owned);
    let name = field("name").unwrap_or_else(|| {
        let snake = names::snake(&api.info.title);
        snake.trim_start_matches("r#").trim_start_matches('_').replace('_', "-")
    });
    (name, field("version").unwrap_or_else(|| "0.1.0".to_owned()))
}

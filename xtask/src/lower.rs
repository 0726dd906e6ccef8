//! Phase 3: lowering a validated description to the IR.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use crate::ir::{Api, Field, Model, Object, Type, Union, Variant};
use crate::lower_requests::lower_requests;
use crate::names;
use crate::schema::{self, Components, SCHEMA_REF};

/// The extension at the root of a description that names the generated crate.
const CRATE_EXTENSION: &str = "x-rust-crate";

/// Builds the IR, reporting every schema that cannot be lowered.
pub fn lower(api: &OpenAPI, diagnostics: &mut Diagnostics) -> Api {
    let empty = IndexMap::new();
    let schemas = api.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut components = Components { schemas, type_names: IndexMap::new() };
    let plans = plan_names(schemas, diagnostics);
    for (key, plan) in &plans {
        components.type_names.insert(key.clone(), plan.type_name().to_owned());
    }

    let mut models = Vec::new();
    for (key, plan) in &plans {
        let Some(schema) = components.get(key) else { continue };
        match lower_model(&components, &plans, key, schema, plan) {
            Ok(model) => models.push(model),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    mark_boxes(&mut models);

    let (crate_name, crate_version) = crate_identity(api);
    let requests = lower_requests(api, &components, &models, diagnostics);
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
        resources: requests.resources,
        options: requests.options,
        error_type: requests.error_type.unwrap_or(Type::Json),
    }
}

/// The Rust names one object schema gets.
struct Plan {
    module: String,
    struct_name: String,
    union_name: Option<String>,
}

impl Plan {
    fn type_name(&self) -> &str {
        self.union_name.as_deref().unwrap_or(&self.struct_name)
    }
}

/// Names every object schema, and reports schemas whose names collide.
fn plan_names(
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, Plan> {
    let mut plans = IndexMap::new();
    let mut owners: IndexMap<String, String> = IndexMap::new();
    for (key, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        if !schema::is_object(schema) {
            continue;
        }
        let name = names::type_name(key);
        let plan = if derived_keys(key, schema).is_empty() {
            Plan {
                module: names::snake(&name).trim_start_matches("r#").to_owned(),
                struct_name: name,
                union_name: None,
            }
        } else {
            Plan {
                module: names::snake(&name).trim_start_matches("r#").to_owned(),
                struct_name: format!("{name}Base"),
                union_name: Some(name),
            }
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

/// The schema keys a discriminator mapping names, other than the schema itself, in order.
pub fn derived_keys<'s>(key: &str, schema: &'s Schema) -> Vec<(&'s str, &'s str)> {
    let Some(discriminator) = &schema.schema_data.discriminator else {
        return Vec::new();
    };
    discriminator
        .mapping
        .iter()
        .filter_map(|(value, target)| Some((value.as_str(), target.strip_prefix(SCHEMA_REF)?)))
        .filter(|(_, target)| *target != key)
        .collect()
}

fn lower_model(
    components: &Components<'_>,
    plans: &IndexMap<String, Plan>,
    key: &str,
    schema: &Schema,
    plan: &Plan,
) -> Result<Model, Diagnostic> {
    let shape = schema::object_shape(components, key)?;
    let mut taken = Vec::new();
    let mut fields = Vec::new();
    for property in &shape.properties {
        let (ty, nullable) = schema::value_type(components, property.schema, &property.pointer)?;
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
    let object = Object {
        name: plan.struct_name.clone(),
        json_name: key.rsplit('.').next().unwrap_or(key).to_owned(),
        fields,
        unknown_field: names::unique("additional_properties".to_owned(), &mut taken),
    };

    let union = match &plan.union_name {
        None => None,
        Some(name) => Some(lower_union(plans, key, schema, name, &plan.struct_name)?),
    };
    Ok(Model { schema_key: key.to_owned(), module: plan.module.clone(), doc: model_doc(schema), object, union })
}

fn lower_union(
    plans: &IndexMap<String, Plan>,
    key: &str,
    schema: &Schema,
    name: &str,
    base: &str,
) -> Result<Union, Diagnostic> {
    let discriminator = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.clone()).unwrap_or_default();
    let mut variants: Vec<Variant> = Vec::new();
    let mut taken = Vec::new();
    for (value, target) in derived_keys(key, schema) {
        let tag = value.strip_prefix('#').unwrap_or(value).to_owned();
        let Some(target_plan) = plans.get(target) else {
            return Err(Diagnostic::new(
                pointer(&pointer_path(&pointer("/components/schemas", key), "discriminator/mapping"), value),
                format!("the discriminator maps `{value}` to `{target}`, which is not an object schema"),
            ));
        };
        match variants.iter_mut().find(|v| v.payload == target_plan.struct_name) {
            Some(variant) => variant.tags.push(tag),
            None => variants.push(Variant {
                tags: vec![tag],
                name: names::unique(target_plan.type_name().to_owned(), &mut taken),
                payload: target_plan.struct_name.clone(),
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

//! Phase 3: lowering a validated description to the IR.

mod alternatives;
mod areas;
mod namespaces;
mod odata;
mod option_names;
mod requests;
mod security;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{
    qualify, split_qualified, Alternatives, Api, Field, Model, Object, Presence, Slot, StringEnum, Type, Union, Variant,
};
use crate::names;
use crate::schema::{self, Components};
use namespaces::Namespaces;
use requests::lower_requests;

/// The extension at the root of a description that names the generated crate.
pub const CRATE_EXTENSION: &str = "x-rust-crate";

/// Builds the IR, reporting every schema that cannot be lowered.
pub fn lower<'a>(api: &'a OpenAPI, others: &'a crate::operations::Others, diagnostics: &mut Diagnostics) -> Api {
    let empty = IndexMap::new();
    let schemas = api.components.as_ref().map_or(&empty, |c| &c.schemas);
    let settings = Settings::read(api, diagnostics);
    let odata_setting = api.extensions.get(CRATE_EXTENSION).and_then(|e| e.get("odata"));
    let odata = odata::is_odata(api, others, odata_setting, diagnostics);
    let mut components = Components::new(schemas);
    let namespaces = Namespaces::new(schemas.keys());
    let (plans, taken) = plan_names(&components, &namespaces);
    for (key, plan) in &plans {
        components.name(key, &qualify(&plan.namespace, plan.type_name()));
        if plan.union_name.is_some() {
            components.base_structs.insert(key.clone(), qualify(&plan.namespace, &plan.struct_name));
        }
    }
    *components.taken.borrow_mut() = taken;

    let mut models = Vec::new();
    let mut enums = Vec::new();
    let mut alternatives = Vec::new();
    for (key, plan) in &plans {
        let Some(schema) = components.get(key) else { continue };
        let origin = pointer("/components/schemas", key);
        match plan.kind {
            Kind::Enum => {
                enums.push(lower_enum(schema, &plan.namespace, &plan.struct_name, &origin));
                continue;
            }
            Kind::Alternatives => {
                match alternatives::lower(&components, schema, &plan.namespace, &plan.struct_name, &origin) {
                    Ok(lowered) => alternatives.push(lowered),
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
                continue;
            }
            Kind::Object => {}
        }
        match lower_model(&components, &settings, schemas, Some(key), schema, plan, &origin) {
            Ok(model) => models.push(model),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let requests = lower_requests(api, others, &components, diagnostics);

    // Inline schemas met so far become types too, and may name further inline schemas.
    let mut next = 0;
    loop {
        let Some(inline) = components.inline.borrow().get(next).cloned() else { break };
        next += 1;
        let (namespace, name) = split_qualified(&inline.name);
        if schema::is_enum(inline.schema) {
            enums.push(lower_enum(inline.schema, namespace, name, &inline.pointer));
            continue;
        }
        if schema::is_alternatives(&components, inline.schema) {
            match alternatives::lower(&components, inline.schema, namespace, name, &inline.pointer) {
                Ok(lowered) => alternatives.push(lowered),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
            continue;
        }
        let plan = Plan {
            namespace: namespace.to_owned(),
            module: names::file_module(name),
            struct_name: name.to_owned(),
            union_name: None,
            kind: Kind::Object,
        };
        match lower_model(&components, &settings, schemas, None, inline.schema, &plan, &inline.pointer) {
            Ok(model) => models.push(model),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    diagnostics.items.extend(components.warnings.take().into_values());
    for model in &mut models {
        model.object.page = requests.pages.get(&model.path()).cloned();
    }
    mark_boxes(&mut models, &mut alternatives);
    finish_unions(&mut models);

    // The client's methods that lead into the API, which credential setters must not take.
    let entry_points: Vec<String> = (requests.resources.iter().map(|r| r.method.clone()))
        .chain(requests.root_operations.iter().map(|o| o.method_name.clone()))
        .collect();
    let security_schemes = security::schemes(api, &entry_points);
    let mut api = Api {
        crate_name: settings.crate_name,
        crate_version: settings.crate_version,
        title: api.info.title.clone(),
        doc: api.info.description.clone(),
        base_url: api.servers.first().map_or_else(|| "http://localhost".to_owned(), server_url),
        namespaces: namespaces.modules(),
        models,
        enums,
        alternatives,
        resources: requests.resources,
        root_operations: requests.root_operations,
        options: requests.options,
        error_type: requests.error_type.unwrap_or(Type::Json),
        features: None,
        schema_types: components.type_names.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        fallbacks: components.fallbacks.take().into_iter().collect(),
        security_schemes,
        security: api.security.as_deref().map(security::requirements).unwrap_or_default(),
        odata,
    };

    option_names::name_after_types(&mut api, &requests.renamable);
    api.features = areas::features(&api, &settings.areas);
    api
}

/// A server's URL with each variable that has a default replaced by it, as OpenAPI reads
/// it when the user gives none; a variable without one stays for the user to fill in.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        if !variable.default.is_empty() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    url.trim_end_matches('/').to_owned()
}

/// Finds where each union variant's struct keeps the discriminator, and how fields hold
/// each union, once every struct is lowered.
fn finish_unions(models: &mut [Model]) {
    let mut held: HashMap<String, BTreeSet<Presence>> = HashMap::new();
    for field in models.iter().flat_map(|m| &m.object.fields) {
        if let (Type::Named(path), false) = (&field.ty, field.boxed) {
            match field.presence() {
                Presence::Required => {}
                presence => {
                    held.entry(path.clone()).or_default().insert(presence);
                }
            }
        }
    }
    for model in models.iter_mut() {
        let namespace = model.namespace.clone();
        if let Some(union) = &mut model.union {
            let path = qualify(&namespace, &union.name);
            union.held_as = held.remove(&path).into_iter().flatten().collect();
        }
    }
    let slots: HashMap<String, (&[Field], &str)> = models
        .iter()
        .map(|m| (qualify(&m.namespace, &m.object.name), (&m.object.fields[..], m.object.unknown_field.as_str())))
        .collect();
    let mut found: Vec<(usize, usize, Slot)> = Vec::new();
    for (m, model) in models.iter().enumerate() {
        let Some(union) = &model.union else { continue };
        for (v, variant) in union.variants.iter().enumerate() {
            let Some((fields, unknown)) = slots.get(&variant.payload) else { continue };
            let slot = match fields.iter().find(|f| f.json_name == union.discriminator) {
                Some(field) if field.ty == Type::String => Slot::Field(field.rust_name.clone(), field.presence()),
                Some(_) => Slot::Other,
                None => Slot::Unknown((*unknown).to_owned()),
            };
            found.push((m, v, slot));
        }
    }
    let mut tagged: HashMap<String, Option<String>> = HashMap::new();
    for (m, v, slot) in found {
        let Some(union) = &mut models[m].union else { continue };
        if slot == Slot::Other {
            continue;
        }
        let entry = tagged.entry(union.variants[v].payload.clone()).or_default();
        if let Slot::Field(field, Presence::Required) = &slot {
            *entry = Some(field.clone());
        }
        union.variants[v].slot = slot;
    }
    for model in models.iter_mut() {
        if let Some(field) = tagged.remove(&qualify(&model.namespace, &model.object.name)) {
            model.object.tagged = Some(field);
        }
    }
}

/// The Rust names one component schema gets.
struct Plan {
    /// The namespace module, as in [`qualify`].
    namespace: String,
    module: String,
    struct_name: String,
    union_name: Option<String>,
    kind: Kind,
}

/// What a schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Enum,
    Alternatives,
}

impl Plan {
    fn type_name(&self) -> &str {
        self.union_name.as_deref().unwrap_or(&self.struct_name)
    }
}

/// Names every object and enum schema, in its namespace. Names that collide after
/// conversion, such as those of `fooBar` and `foo_bar`, are told apart by their spelling
/// (`FooBar`, `FooBarUnderscored`), and only where that fails by a number, given in
/// document order. Also returns every name in use, as paths (see [`qualify`]): type
/// names, module names and namespace modules, which share a namespace's module.
fn plan_names(components: &Components<'_>, namespaces: &Namespaces) -> (IndexMap<String, Plan>, BTreeSet<String>) {
    let schemas = components.schemas;
    let mut plans = IndexMap::new();
    let mut taken: BTreeSet<String> = namespaces.modules().into_iter().map(|n| n.path).collect();
    // Keys spelled the same once cased (Graph's `caseNote` and `case_note`): the one of letters
    // and digits alone keeps the name, the other says how it is spelled (`CaseNoteUnderscored`).
    let mut wanted: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for key in schemas.keys() {
        wanted.entry(qualify(&namespaces.path_of(key), &names::type_name(key))).or_default().push(key);
    }
    let mut bases: HashMap<&String, String> = HashMap::new();
    for keys in wanted.values().filter(|keys| keys.len() > 1) {
        let lists = keys
            .iter()
            .map(|key| spelled(names::type_name(key), key.rsplit('.').next().unwrap_or(key), false))
            .collect();
        let mut among: Vec<String> = Vec::new();
        for (key, name) in keys.iter().zip(names::distinct(lists, &mut among)) {
            // A number is left to the loop below, which knows the other names in use.
            if !name.ends_with(|c: char| c.is_ascii_digit()) || name == names::type_name(key) {
                bases.insert(*key, name);
            }
        }
    }
    let mut unions = Vec::new();
    for (key, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        let kind = if schema::is_enum(schema) {
            Kind::Enum
        } else if schema::is_alternatives(components, schema) {
            Kind::Alternatives
        } else if schema::is_struct(components, schema, &pointer("/components/schemas", key)) {
            Kind::Object
        } else {
            continue;
        };
        let namespace = namespaces.path_of(key);
        let is_union = kind == Kind::Object && !schema::derived_types(schemas, key, schema).is_empty();
        let base = bases.get(key).cloned().unwrap_or_else(|| names::type_name(key));
        let Some(name) = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") }).find(|name| {
            let path = qualify(&namespace, name);
            !taken.contains(&path) && taken.insert(path)
        }) else {
            continue;
        };
        if is_union {
            unions.push(key.clone());
        }
        // The file module is private, so when a namespace module has its name it simply
        // takes another; so it does when it would be named like its namespace
        // (`models::security::security`, which clippy's `module_inception` refuses).
        let mut module = names::file_module(&name);
        for n in 2.. {
            if !crate::ir::is_inception(&namespace, &module) && taken.insert(qualify(&namespace, &module)) {
                break;
            }
            module = format!("{}_{n}", names::file_module(&name));
        }
        let union_name = is_union.then(|| name.clone());
        plans.insert(key.clone(), Plan { namespace: namespace.clone(), module, struct_name: name, union_name, kind });
    }
    // The struct of a base type's own properties is named after every schema is, so that
    // a schema the description names `…Base` keeps that name: `XBase`, else `XFields`.
    for key in unions {
        let Some(plan) = plans.get_mut(&key) else { continue };
        let name = plan.union_name.clone().unwrap_or_default();
        let candidates = ["Base", "Fields", "OwnFields"].map(|suffix| format!("{name}{suffix}"));
        let numbered = (2..).map(|n| format!("{name}Base{n}"));
        let free = candidates.into_iter().chain(numbered).find(|struct_name| {
            let path = qualify(&plan.namespace, struct_name);
            !taken.contains(&path) && taken.insert(path)
        });
        plan.struct_name = free.unwrap_or_default();
    }
    (plans, taken)
}

/// A string enum's variants, one per listed value, and then the variant that keeps an
/// unlisted value: `Other`, or `Unlisted` where a value `other` is listed. `*` is `All`,
/// or `Wildcard` where a value `all` is listed too (Graph's `$expand` lists both).
pub(crate) fn enum_variants(values: Vec<String>) -> (Vec<(String, String)>, String) {
    let mut taken = Vec::new();
    let mut variants: Vec<String> = vec![String::new(); values.len()];
    // Values spelled the same once cased (Graph's `remoteControlSoftware` and
    // `remote_Control_Software`): the plain one keeps the name, the other says how it is spelled.
    let lists = values.iter().filter(|v| *v != "*").map(|value| spelled(names::variant(value), value, false)).collect();
    let mut picked = names::distinct(lists, &mut taken).into_iter();
    for (variant, _) in variants.iter_mut().zip(&values).filter(|(_, v)| *v != "*") {
        *variant = picked.next().unwrap_or_default();
    }
    for (variant, _) in variants.iter_mut().zip(&values).filter(|(_, v)| *v == "*") {
        *variant = names::first_free(["All".to_owned(), "Wildcard".to_owned()], &mut taken);
    }
    let other = names::first_free(["Other".to_owned(), "Unlisted".to_owned()], &mut taken);
    (values.into_iter().zip(variants).collect(), other)
}

/// The candidates for the name `name` made from `raw`: itself, then qualified by how `raw`
/// is spelled where that is not plain (see [`names::spelling`]).
/// A type or variant name of one word in one case that its name spells otherwise (`h`, `ACTIVE`)
/// is told apart by that case (`HLower` beside `H`, for units `h` and `H`).
pub(crate) fn spelled(name: String, raw: &str, snake: bool) -> Vec<String> {
    let bare = name.trim_start_matches("r#").trim_end_matches('_').to_owned();
    let qualified = names::spelling(raw, snake).map(|word| {
        if snake {
            format!("{bare}_{word}")
        } else {
            format!("{bare}{}", names::upper_camel(word))
        }
    });
    let letters = raw.bytes().all(|b| b.is_ascii_alphanumeric()) && raw.bytes().any(|b| b.is_ascii_alphabetic());
    let case = (!snake && qualified.is_none() && letters && raw != bare).then(|| {
        if raw.bytes().all(|b| !b.is_ascii_uppercase()) {
            Some(format!("{bare}Lower"))
        } else if raw.bytes().all(|b| !b.is_ascii_lowercase()) {
            Some(format!("{bare}Upper"))
        } else {
            None
        }
    });
    std::iter::once(name).chain(qualified).chain(case.flatten()).collect()
}

fn lower_enum(schema: &Schema, namespace: &str, name: &str, origin: &str) -> StringEnum {
    let (values, other) = enum_variants(schema::enum_values(schema));
    StringEnum {
        other,
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        module: names::file_module(name),
        origin: origin.to_owned(),
        doc: schema.schema_data.description.clone(),
        values,
    }
}

fn lower_model<'a>(
    components: &Components<'a>,
    settings: &Settings,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    key: Option<&str>,
    schema: &'a Schema,
    plan: &Plan,
    origin: &str,
) -> Result<Model, Diagnostic> {
    let shape = schema::object_shape(components, schema, origin)?;
    let mut taken = Vec::new();
    let lists = shape.properties.iter().map(|p| spelled(names::snake(&p.name), &p.name, true)).collect();
    let mut rust_names = names::distinct(lists, &mut taken).into_iter();
    let mut fields = Vec::new();
    for property in &shape.properties {
        let hint = format!("{}{}", qualify(&plan.namespace, plan.type_name()), names::upper_camel(&property.name));
        let (ty, nullable) = schema::value_type(components, property.schema, &property.pointer, &hint)?;
        let required = shape.required.contains(&property.name);
        let doc = match property.schema {
            ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        let default = match property.schema {
            ReferenceOr::Item(schema) if required && ty == Type::String && !nullable => {
                schema.schema_data.default.as_ref().and_then(|d| d.as_str()).map(str::to_owned)
            }
            _ => None,
        };
        fields.push(Field {
            rust_name: rust_names.next().unwrap_or_default(),
            json_name: property.name.clone(),
            doc,
            ty,
            nullable: nullable || (settings.nulls == Nulls::Lenient && !required),
            required,
            boxed: false,
            default,
        });
    }
    // A discriminator goes first, as Graph writes it: values this crate writes are then
    // read back on the streaming path, and nested polymorphic values never pay for a
    // second reading of their subtree.
    if let Some(key) = key {
        let mut discriminators: Vec<String> =
            schema::discriminator(schema).iter().map(|d| d.property_name.clone()).collect();
        for ancestor in schema::ancestors(schemas, key) {
            if let Some(ReferenceOr::Item(base)) = schemas.get(&ancestor) {
                discriminators.extend(schema::discriminator(base).iter().map(|d| d.property_name.clone()));
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
        // Graph's `optionalClaims` has a property `additionalProperties` of its own.
        unknown_field: names::first_free(
            ["additional_properties".to_owned(), "undeclared_properties".to_owned()],
            &mut taken,
        ),
        tagged: None,
        page: None,
    };

    let union = match (&plan.union_name, key) {
        (Some(name), Some(key)) => Some(lower_union(components, schemas, key, schema, name, &plan.struct_name)?),
        _ => None,
    };
    Ok(Model {
        origin: origin.to_owned(),
        namespace: plan.namespace.clone(),
        module: plan.module.clone(),
        doc: model_doc(schema),
        object,
        union,
    })
}

fn lower_union(
    components: &Components<'_>,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    key: &str,
    schema: &Schema,
    name: &str,
    base: &str,
) -> Result<Union, Diagnostic> {
    let (discriminator, place) = schema::discriminator_at(schema)
        .map(|(d, place)| (d.property_name.clone(), place))
        .unwrap_or_else(|| (String::new(), "discriminator".to_owned()));
    let mut variants: Vec<Variant> = Vec::new();
    let mut taken = Vec::new();
    for (value, target) in schema::derived_types(schemas, key, schema) {
        let tag = value.strip_prefix('#').unwrap_or(&value).to_owned();
        let (Some(target_name), Some(_)) = (components.type_names.get(&target), components.get(&target)) else {
            return Err(Diagnostic::new(
                pointer(&pointer_path(&pointer("/components/schemas", key), &format!("{place}/mapping")), &value),
                format!("the discriminator maps `{value}` to `{target}`, which is not an object schema"),
            ));
        };
        // A derived type that is itself a base is held by the struct of its own properties.
        let payload = match components.base_structs.get(&target) {
            Some(base) => base.clone(),
            None => target_name.clone(),
        };
        match variants.iter_mut().find(|v| v.payload == payload) {
            Some(variant) => variant.tags.push(tag),
            None => variants.push(Variant {
                tags: vec![tag],
                wire: value.clone(),
                name: names::unique(split_qualified(target_name).1.to_owned(), &mut taken),
                payload,
                slot: Slot::Other,
            }),
        }
    }
    Ok(Union {
        held_as: Vec::new(),
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
fn mark_boxes(models: &mut [Model], alternatives: &mut [Alternatives]) {
    // Type path → the type paths a value of that type directly contains.
    let mut edges: IndexMap<String, Vec<String>> = IndexMap::new();
    for enumeration in alternatives.iter() {
        let direct = enumeration.variants.iter().flat_map(|v| direct_names(&v.ty)).map(str::to_owned).collect();
        edges.insert(qualify(&enumeration.namespace, &enumeration.name), direct);
    }
    for model in models.iter() {
        let direct = model.object.fields.iter().flat_map(|f| direct_names(&f.ty)).map(str::to_owned).collect();
        edges.insert(qualify(&model.namespace, &model.object.name), direct);
        if let Some(union) = &model.union {
            let mut payloads: Vec<String> = union.variants.iter().map(|v| v.payload.clone()).collect();
            payloads.push(qualify(&model.namespace, &union.base));
            edges.insert(qualify(&model.namespace, &union.name), payloads);
        }
    }
    // A cycle through a struct is broken at the struct's field, so a variant needs a box only
    // when it holds another alternatives enum directly.
    let enums: Vec<String> = alternatives.iter().map(|a| qualify(&a.namespace, &a.name)).collect();
    for enumeration in alternatives.iter_mut() {
        let own = qualify(&enumeration.namespace, &enumeration.name);
        for variant in &mut enumeration.variants {
            let mut targets = direct_names(&variant.ty).into_iter().filter(|t| enums.iter().any(|e| e == t));
            variant.boxed = targets.any(|target| reaches(&edges, target, &own));
        }
    }
    for model in models.iter_mut() {
        let own = qualify(&model.namespace, &model.object.name);
        for field in &mut model.object.fields {
            field.boxed = direct_names(&field.ty).into_iter().any(|target| reaches(&edges, target, &own));
        }
    }
}

/// The types a value of `ty` holds in place, not behind a `Vec` or a map: itself, or a
/// tuple's members.
fn direct_names(ty: &Type) -> Vec<&str> {
    match ty {
        Type::Named(name) => vec![name],
        Type::Tuple(members) => members.iter().flat_map(|(member, _)| direct_names(member)).collect(),
        _ => Vec::new(),
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

/// How a property that the description does not declare nullable treats `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    /// Every optional property may be `null` (`Nullable<T>`), whatever the description says.
    Lenient,
    /// Only properties declared `nullable` may be `null`; other optional ones are `Option<T>`.
    Strict,
}

/// The generator's settings for one description, from its `x-rust-crate` extension.
///
/// They live in the description rather than on the command line, so every run, `--check`
/// included, generates with the same ones.
struct Settings {
    crate_name: String,
    crate_version: String,
    nulls: Nulls,
    /// How operations are grouped into areas.
    areas: areas::Rule,
}

impl Settings {
    fn read(api: &OpenAPI, diagnostics: &mut Diagnostics) -> Settings {
        let extension = api.extensions.get(CRATE_EXTENSION);
        let field = |name: &str| extension.and_then(|e| e.get(name)).and_then(|v| v.as_str()).map(str::to_owned);
        let crate_name = field("name").unwrap_or_else(|| names::package(&api.info.title));
        let nulls = match field("nulls").as_deref() {
            None | Some("lenient") => Nulls::Lenient,
            Some("strict") => Nulls::Strict,
            Some(other) => {
                diagnostics.push(
                    Diagnostic::new(
                        pointer(&pointer("", CRATE_EXTENSION), "nulls"),
                        format!("`{other}` is not a null policy"),
                    )
                    .with_hint("use `lenient` (the default) or `strict`"),
                );
                Nulls::Lenient
            }
        };
        let areas = Self::areas(extension, diagnostics);
        Settings { crate_name, crate_version: field("version").unwrap_or_else(|| "0.1.0".to_owned()), nulls, areas }
    }

    /// `areas: tags`: an area per operation tag; `areas: {name: [segment, ...]}`: first
    /// path segments grouped into one area each.
    fn areas(extension: Option<&serde_json::Value>, diagnostics: &mut Diagnostics) -> areas::Rule {
        let at = pointer(&pointer("", CRATE_EXTENSION), "areas");
        let Some(value) = extension.and_then(|e| e.get("areas")) else { return areas::Rule::Segments(Vec::new()) };
        if value.as_str() == Some("tags") {
            return areas::Rule::Tags;
        }
        let Some(map) = value.as_object() else {
            diagnostics.push(
                Diagnostic::new(&at, "`areas` must be `tags` or map area names to lists of first path segments")
                    .with_hint("for example `areas: tags` or `areas: {identity: [users, groups]}`"),
            );
            return areas::Rule::Segments(Vec::new());
        };
        let mut areas: Vec<(String, Vec<String>)> = Vec::new();
        for (name, segments) in map {
            let listed: Option<Vec<String>> =
                segments.as_array().and_then(|l| l.iter().map(|s| s.as_str().map(str::to_owned)).collect());
            let Some(listed) = listed else {
                diagnostics.push(Diagnostic::new(pointer(&at, name), "an area lists first path segments as strings"));
                continue;
            };
            for segment in &listed {
                if let Some((other, _)) = areas.iter().find(|(_, s)| s.contains(segment)) {
                    diagnostics.push(Diagnostic::new(
                        pointer(&at, name),
                        format!("the segment `{segment}` is already in the area `{other}`"),
                    ));
                }
            }
            areas.push((name.clone(), listed));
        }
        areas::Rule::Segments(areas)
    }
}

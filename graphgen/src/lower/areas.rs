//! Areas of the API, each a cargo feature of the generated crate, and which feature
//! compiles each type.
//!
//! An area is the first segment of a path (`users`, `groups`), or a group of them that
//! the description names in `x-rust-crate: {areas: {name: [segments]}}`, or, with
//! `x-rust-crate: {areas: tags}`, an operation's first tag (`users.message`). A type is
//! compiled when an enabled area reaches it: through an operation's body, response or
//! parameters, then through fields, derived types and alternatives, transitively. What
//! every request needs (the error type) and what operations on `/` use is always
//! compiled; types no operation reaches come with `full`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{qualify, Api, Features, Gate, Operation, ParameterType, Resource, Segment, TemplatePart, Type};
use crate::names;

/// Feature names the manifest already uses, which an area must not take.
const RESERVED: &[&str] = &["default", "full", "reqwest", "native-tls", "rustls"];

/// How operations are grouped into areas.
pub enum Rule {
    /// By the first segment of their path; the listed areas each name a group of first
    /// segments, from `x-rust-crate: {areas: {name: [segments]}}`.
    Segments(Vec<(String, Vec<String>)>),
    /// By their first tag, from `x-rust-crate: {areas: tags}`; an operation without tags
    /// goes by its first path segment.
    Tags,
}

/// Works out the areas and the gate of every type, node and operation. A description with
/// fewer than two areas gets no features: there would be nothing to leave out.
pub fn features(api: &Api, rule: &Rule) -> Option<Features> {
    let mut areas = Areas::default();
    let mut operations = BTreeMap::new();
    let mut resources = BTreeMap::new();
    for resource in &api.resources {
        let segment = area_segment(&resource.segment);
        let (name, covers) = match rule {
            Rule::Segments(named) => match named.iter().find(|(_, segments)| segments.contains(&segment)) {
                Some((name, segments)) => {
                    let list: Vec<String> = segments.iter().map(|s| format!("`/{s}`")).collect();
                    (name.clone(), format!("under {}", list.join(", ")))
                }
                None => (segment.clone(), format!("under `/{segment}`")),
            },
            Rule::Tags => (segment.clone(), format!("under `/{segment}` without a tag")),
        };
        // By segment, every operation below the node has the node's area, and so has
        // every node below it (lowering keeps no node without an operation below it).
        let mut area_of = |operation: &Operation| match (rule, &operation.tag) {
            (Rule::Tags, Some(tag)) => areas.feature(tag, format!("tagged `{tag}`")),
            _ => areas.feature(&name, covers.clone()),
        };
        gate_nodes(resource, &mut area_of, &mut operations, &mut resources);
    }
    if areas.list.len() < 2 {
        return None;
    }

    let graph = TypeGraph::new(api);
    let mut always = BTreeSet::new();
    graph.reach(&[&api.error_type], &mut always);
    for operation in &api.root_operations {
        graph.reach(&operation.types(), &mut always);
    }
    let mut reached_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut options: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for resource in &api.resources {
        each_operation(resource, &mut |operation, template| {
            let feature = &operations[&operation.builder];
            let mut reached = BTreeSet::new();
            graph.reach(&operation.types(), &mut reached);
            for path in reached {
                reached_by.entry(path).or_default().insert(feature.clone());
            }
            for name in operation_options(operation, template) {
                options.entry(name).or_default().insert(feature.clone());
            }
        });
    }
    let mut types = BTreeMap::new();
    for path in graph.paths() {
        let gate = match reached_by.get(&path) {
            _ if always.contains(&path) => continue,
            Some(features) => Gate::Areas(features.iter().cloned().collect()),
            None => Gate::Full,
        };
        types.insert(path, gate);
    }
    // Options of operations on `/` stay ungated.
    let root_options: BTreeSet<String> =
        api.root_operations.iter().flat_map(|operation| operation_options(operation, &[])).collect();
    let options = options
        .into_iter()
        .filter(|(name, _)| !root_options.contains(name))
        .map(|(name, features)| (name, Gate::Areas(features.into_iter().collect())))
        .collect();
    Some(Features { areas: areas.list, types, resources, operations, options })
}

/// The areas met so far, each a feature with what it covers, in the order they were met.
#[derive(Default)]
struct Areas {
    list: Vec<(String, String)>,
}

impl Areas {
    /// The feature of the area named `name` that covers `covers`, added if it is new.
    fn feature(&mut self, name: &str, covers: String) -> String {
        if let Some((feature, _)) = self.list.iter().find(|(_, c)| *c == covers) {
            return feature.clone();
        }
        // A keyword is a feature name as it is (`async`): cargo reads no raw identifiers.
        let mut feature = names::snake(name).trim_start_matches("r#").to_owned();
        if feature.is_empty() {
            feature = "root".to_owned();
        }
        while RESERVED.contains(&feature.as_str()) || self.list.iter().any(|(f, _)| *f == feature) {
            feature.push_str("_area");
        }
        self.list.push((feature.clone(), covers));
        feature
    }
}

/// Records the area of every operation at and below `resource`, and the gate of every
/// node: the areas of the operations below it, or `full` for a node with none. Returns
/// the node's areas.
fn gate_nodes(
    resource: &Resource,
    area_of: &mut dyn FnMut(&Operation) -> String,
    operations: &mut BTreeMap<String, String>,
    resources: &mut BTreeMap<String, Gate>,
) -> BTreeSet<String> {
    let mut below = BTreeSet::new();
    for operation in &resource.operations {
        let feature = area_of(operation);
        below.insert(feature.clone());
        operations.insert(operation.builder.clone(), feature);
    }
    for child in &resource.children {
        below.extend(gate_nodes(child, area_of, operations, resources));
    }
    let gate = match below.is_empty() {
        true => Gate::Full,
        false => Gate::Areas(below.iter().cloned().collect()),
    };
    resources.insert(resource.name.clone(), gate);
    below
}

/// The text that names a top-level node's area: its literal without any parentheses, or
/// its key parameter's name.
fn area_segment(segment: &Segment) -> String {
    let text = match segment {
        Segment::Literal(text) => text.as_str(),
        Segment::Key(name) => name.as_str(),
        Segment::Template(parts) => match parts.first() {
            Some(TemplatePart::Literal(text)) => text.as_str(),
            Some(TemplatePart::Parameter(parameter)) => parameter.name.as_str(),
            None => "",
        },
    };
    text.split('(').next().unwrap_or_default().to_owned()
}

/// Calls `visit` with every operation of `resource` and below, and the template parts of
/// the nodes on the way, whose parameters may be option enums too.
fn each_operation<'a>(resource: &'a Resource, visit: &mut dyn FnMut(&'a Operation, &[&'a TemplatePart])) {
    fn walk<'a>(
        resource: &'a Resource,
        parts: &mut Vec<&'a TemplatePart>,
        visit: &mut dyn FnMut(&'a Operation, &[&'a TemplatePart]),
    ) {
        let before = parts.len();
        if let Segment::Template(own) = &resource.segment {
            parts.extend(own);
        }
        for operation in &resource.operations {
            visit(operation, parts);
        }
        for child in &resource.children {
            walk(child, parts, visit);
        }
        parts.truncate(before);
    }
    walk(resource, &mut Vec::new(), visit);
}

/// The option enums an operation's parameters use, its path's included.
fn operation_options(operation: &Operation, template: &[&TemplatePart]) -> Vec<String> {
    let parameters = operation.query.iter().chain(&operation.headers).chain(&operation.cookies).map(|p| &p.ty);
    let in_path = template.iter().filter_map(|part| match part {
        TemplatePart::Parameter(parameter) => Some(&parameter.ty),
        TemplatePart::Literal(_) => None,
    });
    parameters
        .chain(in_path)
        .filter_map(|ty| match ty {
            ParameterType::Enum(name) | ParameterType::EnumList(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// Which types each type uses, by path (see [`qualify`]).
struct TypeGraph {
    edges: BTreeMap<String, Vec<String>>,
}

impl TypeGraph {
    fn new(api: &Api) -> Self {
        let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for model in &api.models {
            let mut uses = Vec::new();
            for field in &model.object.fields {
                named(&field.ty, &mut uses);
            }
            let own = qualify(&model.namespace, &model.object.name);
            if let Some(union) = &model.union {
                uses.extend(union.variants.iter().map(|v| v.payload.clone()));
                uses.push(own.clone());
                // The struct of the base type is compiled with its union, which holds it.
                edges.entry(own.clone()).or_default().push(model.path());
            }
            edges.entry(model.path()).or_default().extend(uses);
        }
        for string_enum in &api.enums {
            edges.entry(qualify(&string_enum.namespace, &string_enum.name)).or_default();
        }
        for alternatives in &api.alternatives {
            let mut uses = Vec::new();
            for variant in &alternatives.variants {
                named(&variant.ty, &mut uses);
            }
            edges.entry(qualify(&alternatives.namespace, &alternatives.name)).or_default().extend(uses);
        }
        TypeGraph { edges }
    }

    fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.edges.keys().cloned()
    }

    /// Adds to `reached` every type that `roots` use, transitively.
    fn reach(&self, roots: &[&Type], reached: &mut BTreeSet<String>) {
        let mut stack = Vec::new();
        for root in roots {
            named(root, &mut stack);
        }
        while let Some(path) = stack.pop() {
            if reached.insert(path.clone()) {
                stack.extend(self.edges.get(&path).into_iter().flatten().cloned());
            }
        }
    }
}

/// The generated types `ty` names.
fn named(ty: &Type, out: &mut Vec<String>) {
    out.extend(ty.parts().into_iter().filter_map(|t| match t {
        Type::Named(path) => Some(path.clone()),
        _ => None,
    }));
}

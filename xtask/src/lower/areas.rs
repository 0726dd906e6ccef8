//! Areas of the API, each a cargo feature of the generated crate, and which feature
//! compiles each type.
//!
//! An area is the first segment of a path (`users`, `groups`), or a group of them that
//! the description names in `x-rust-crate: {areas: {name: [segments]}}`. A type is
//! compiled when an enabled area reaches it: through an operation's body, response or
//! parameters, then through fields, derived types and alternatives, transitively. What
//! every request needs (the error type) and what operations on `/` use is always
//! compiled; types no operation reaches come with `full`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{qualify, Api, Features, Gate, Operation, ParameterType, Resource, Segment, TemplatePart, Type};
use crate::names;

/// Feature names the manifest already uses, which an area must not take.
const RESERVED: &[&str] = &["default", "full", "reqwest", "native-tls", "rustls"];

/// Works out the areas and the gate of every type. `named` are the areas the description
/// groups first path segments into; any other segment is an area of its own. A
/// description with fewer than two areas gets no features: there would be nothing to
/// leave out.
pub fn features(api: &Api, named: &[(String, Vec<String>)]) -> Option<Features> {
    // Each feature, and what the manifest says it covers.
    let mut areas: Vec<(String, String)> = Vec::new();
    let mut resources = BTreeMap::new();
    for resource in &api.resources {
        let segment = area_segment(&resource.segment);
        let (area, covers) = match named.iter().find(|(_, segments)| segments.contains(&segment)) {
            Some((name, segments)) => {
                (name.clone(), segments.iter().map(|s| format!("`/{s}`")).collect::<Vec<_>>().join(", "))
            }
            None => (segment.clone(), format!("`/{segment}`")),
        };
        let feature = match areas.iter().find(|(_, c)| *c == covers) {
            Some((feature, _)) => feature.clone(),
            None => {
                let mut feature = names::snake(&area);
                if feature.is_empty() {
                    feature = "root".to_owned();
                }
                while RESERVED.contains(&feature.as_str()) || areas.iter().any(|(f, _)| *f == feature) {
                    feature.push_str("_area");
                }
                areas.push((feature.clone(), covers));
                feature
            }
        };
        resources.insert(resource.name.clone(), feature);
    }
    if areas.len() < 2 {
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
        let feature = &resources[&resource.name];
        let mut reached = BTreeSet::new();
        let mut used_options = BTreeSet::new();
        each_operation(resource, &mut |operation, template| {
            graph.reach(&operation.types(), &mut reached);
            used_options.extend(operation_options(operation, template));
        });
        for path in reached {
            reached_by.entry(path).or_default().insert(feature.clone());
        }
        for name in used_options {
            options.entry(name).or_default().insert(feature.clone());
        }
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
    Some(Features { areas, types, resources, options })
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

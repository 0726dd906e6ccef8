//! Phase 3, last: parameter enums named after the type whose values they list.
//!
//! A parameter enum is first named after the operation that declares it
//! (`UsersListMessagesSelect`). Graph writes the same `$select` list in every operation
//! that answers with a type, so the enum they share would keep the name of whichever came
//! first (`UsersMailFoldersChildFoldersListMessagesSelect`). Once every model is lowered,
//! the type each operation answers with is known, and an enum whose operations all answer
//! with one type is named after it and the parameter instead (`MessageSelect`), and one
//! that several types share after the parameter alone.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::ir::{split_qualified, Api, Model, Operation, ParameterType, Resource, ResponseShape, Type};
use crate::names;

/// Renames the enums in `renamable` as [`name_for`] says, when the new name is free among
/// the names of the requests module. Enums are taken in their
/// order, so the first of two that would get one name keeps its own, deterministically.
///
/// Each operation's marker type (`UsersListMessagesOperation`) is then made unique among
/// the same names, which another kind of name (a parameter enum) could otherwise take.
pub fn name_after_types(api: &mut Api, renamable: &BTreeSet<String>) {
    let models: HashMap<String, &Model> = api.models.iter().map(|m| (m.path(), m)).collect();
    let mut uses: BTreeMap<String, BTreeSet<(String, Option<String>)>> = BTreeMap::new();
    let mut taken: HashSet<String> = api.options.iter().map(|o| o.name.clone()).collect();
    for_each_operation(&api.resources, &api.root_operations, &mut |operation| {
        taken.insert(operation.builder.clone());
        if let ResponseShape::ByStatus { name, .. } = &operation.response {
            taken.insert(name.clone());
        }
        let subject = subject(operation, &models);
        for parameter in operation.query.iter().chain(&operation.headers).chain(&operation.cookies) {
            if let ParameterType::Enum(name) | ParameterType::EnumList(name) = &parameter.ty {
                let use_ = (names::upper_camel(&parameter.name), subject.clone());
                uses.entry(name.clone()).or_default().insert(use_);
            }
        }
    });
    collect_resource_names(&api.resources, &mut taken);

    let mut renamed: HashMap<String, String> = HashMap::new();
    for options in &mut api.options {
        if !renamable.contains(&options.name) {
            continue;
        }
        let Some(wanted) = uses.get(&options.name).and_then(name_for) else { continue };
        if taken.insert(wanted.clone()) {
            renamed.insert(std::mem::replace(&mut options.name, wanted.clone()), wanted);
        }
    }
    // Markers are named after their builders, which are unique, so only another kind of
    // name can take one.
    let mut markers = taken;
    let rename = &mut |operation: &mut Operation| {
        // A marker whose name another type took (a parameter `operation`'s enum is also
        // `…Operation`) says it is the request's; only then is it numbered.
        let base = operation.marker.clone();
        let request = format!("{}RequestOperation", base.trim_end_matches("Operation"));
        let mut n = 2;
        let mut candidate = base.clone();
        if markers.contains(&candidate) {
            candidate = request;
        }
        while !markers.insert(candidate.clone()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        operation.marker = candidate;
        // The other forms of its answer are named after it: `…EventStreamOperation`.
        let stem = operation.marker.strip_suffix("Operation").unwrap_or(&operation.marker).to_owned();
        for answer in &mut operation.answers {
            let base = format!("{stem}{}Operation", names::upper_camel(&answer.method));
            let mut candidate = base.clone();
            let mut n = 2;
            while !markers.insert(candidate.clone()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            answer.marker = candidate;
        }
        for parameter in operation.query.iter_mut().chain(&mut operation.headers).chain(&mut operation.cookies) {
            if let ParameterType::Enum(name) | ParameterType::EnumList(name) = &mut parameter.ty {
                if let Some(new) = renamed.get(name) {
                    name.clone_from(new);
                }
            }
        }
    };
    api.root_operations.iter_mut().for_each(&mut *rename);
    rename_in(&mut api.resources, rename);
}

/// The name for an enum from its uses, each a parameter name and the type its operation
/// answers with: the type and the parameter when all agree (`MessageSelect`), the
/// parameter alone when several types share it (`Expand`, for the `*` many types list),
/// none when parameters of several names use it or its one use answers with no model.
fn name_for(uses: &BTreeSet<(String, Option<String>)>) -> Option<String> {
    let (parameter, subject) = uses.first()?;
    if uses.iter().any(|(other, _)| other != parameter) {
        return None;
    }
    match (uses.len(), subject) {
        (1, Some(subject)) => Some(format!("{subject}{parameter}")),
        (1, None) => None,
        _ => Some(parameter.clone()),
    }
}

/// The type an operation answers with, by its Rust name: a collection's item type for an
/// OData collection (an object whose `value` is an array of a model), or the model itself.
fn subject(operation: &Operation, models: &HashMap<String, &Model>) -> Option<String> {
    let (ResponseShape::Json(ty) | ResponseShape::JsonOrEmpty(ty)) = &operation.response else { return None };
    let path = match ty {
        Type::Named(path) => {
            let items = models.get(path).filter(|m| m.union.is_none()).and_then(|model| {
                model.object.fields.iter().find(|f| f.json_name == "value").and_then(|f| match &f.ty {
                    Type::Array(item, _) => match &**item {
                        Type::Named(item) => Some(item),
                        _ => None,
                    },
                    _ => None,
                })
            });
            items.unwrap_or(path)
        }
        Type::Array(item, _) | Type::Collection(item, _) => match &**item {
            Type::Named(item) => item,
            _ => return None,
        },
        _ => return None,
    };
    Some(split_qualified(path).1.to_owned())
}

fn for_each_operation<'a>(resources: &'a [Resource], root: &'a [Operation], visit: &mut impl FnMut(&'a Operation)) {
    root.iter().for_each(&mut *visit);
    for resource in resources {
        for_each_operation(&resource.children, &resource.operations, visit);
    }
}

fn rename_in(resources: &mut [Resource], rename: &mut impl FnMut(&mut Operation)) {
    for resource in resources {
        resource.operations.iter_mut().for_each(&mut *rename);
        rename_in(&mut resource.children, rename);
    }
}

fn collect_resource_names(resources: &[Resource], taken: &mut HashSet<String>) {
    for resource in resources {
        taken.insert(resource.name.clone());
        collect_resource_names(&resource.children, taken);
    }
}

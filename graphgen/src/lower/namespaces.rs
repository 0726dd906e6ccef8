//! Schema names with dots, such as `microsoft.graph.search.identity`, as namespaces: one
//! module of `models` each, the way the Graph SDKs give each namespace a package.

use std::collections::BTreeMap;

use crate::ir::Namespace;
use crate::names;

/// Where the types of each namespace go.
pub struct Namespaces {
    /// The namespace whose types stay at the top of `models`.
    root: String,
    /// Namespace → module path, for every namespace met.
    paths: BTreeMap<String, String>,
}

impl Namespaces {
    /// Reads the namespaces of the schema keys. The root namespace is the one that holds
    /// the most schemas, directly or below it, and the deepest such: `microsoft.graph` in a
    /// Graph description, whatever namespaces below it the description also uses. Keys
    /// without a dot are at the root too; where they are at least as many as the root's, and
    /// it does not hold every dotted key, there is no root namespace.
    pub fn new<'k>(keys: impl Iterator<Item = &'k String>) -> Namespaces {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut below: BTreeMap<&str, usize> = BTreeMap::new();
        for key in keys {
            let namespace = namespace_of(key);
            *counts.entry(namespace).or_default() += 1;
            let mut prefix = namespace;
            while !prefix.is_empty() {
                *below.entry(prefix).or_default() += 1;
                prefix = namespace_of(prefix);
            }
        }
        let depth = |namespace: &str| namespace.split('.').count();
        let root = below
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(depth(a.0).cmp(&depth(b.0))).then(b.0.cmp(a.0)))
            .map(|(namespace, _)| (*namespace).to_owned())
            .unwrap_or_default();
        // A namespace that holds only some of the dotted keys, as Stripe's `issuing` beside
        // its `terminal` and `radar`, is the root only where it outnumbers the keys without a
        // dot; otherwise every dotted name is in a module (`models::issuing::Card`).
        let dotted: usize = counts.iter().filter(|(namespace, _)| !namespace.is_empty()).map(|(_, n)| n).sum();
        let held = below.get(root.as_str()).copied().unwrap_or_default();
        let undotted = counts.get("").copied().unwrap_or_default();
        let root = if held < dotted && held <= undotted { String::new() } else { root };
        let paths = counts.keys().map(|namespace| ((*namespace).to_owned(), module_path(&root, namespace))).collect();
        Namespaces { root, paths }
    }

    /// The module path below `models` of the type for schema `key`: empty for the root.
    pub fn path_of(&self, key: &str) -> String {
        let namespace = namespace_of(key);
        self.paths.get(namespace).cloned().unwrap_or_else(|| module_path(&self.root, namespace))
    }

    /// Every namespace module, each module path once with the first namespace that has
    /// it, parents before children. A parent without types of its own is listed too.
    pub fn modules(&self) -> Vec<Namespace> {
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        for (namespace, path) in &self.paths {
            let mut prefix = String::new();
            for part in path.split("::").filter(|p| !p.is_empty()) {
                if !prefix.is_empty() {
                    prefix.push_str("::");
                }
                prefix.push_str(part);
                let name = if prefix == *path { namespace.clone() } else { String::new() };
                let entry = modules.entry(prefix.clone()).or_default();
                if entry.is_empty() {
                    *entry = name;
                }
            }
        }
        modules.into_iter().map(|(path, name)| Namespace { path, name }).collect()
    }
}

/// Everything up to the last dot: `microsoft.graph.search.identity` → `microsoft.graph.search`.
fn namespace_of(key: &str) -> &str {
    key.rsplit_once('.').map_or("", |(namespace, _)| namespace)
}

/// The module path of a namespace: what follows the root, or the whole namespace when it
/// is not below the root, one snake-case module per part.
fn module_path(root: &str, namespace: &str) -> String {
    let relative = if namespace == root {
        ""
    } else {
        namespace
            .strip_prefix(root)
            .and_then(|rest| rest.strip_prefix('.'))
            .filter(|_| !root.is_empty())
            .unwrap_or(namespace)
    };
    relative.split('.').filter(|part| !part.is_empty()).map(names::module).collect::<Vec<_>>().join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_namespaces_become_modules_below_the_root() {
        let keys: Vec<String> = [
            "microsoft.graph.entity",
            "microsoft.graph.user",
            "microsoft.graph.search.identity",
            "microsoft.graph.externalConnectors.identity",
            "microsoft.graph.callRecords.v2.session",
            "microsoft.graph.ODataErrors.ODataError",
            "microsoft.graph.search.bookmark",
            "microsoft.graph.search.acronym",
            "microsoft.graph.search.qna",
            "ReferenceNumeric",
            "other.thing",
        ]
        .map(str::to_owned)
        .to_vec();
        let namespaces = Namespaces::new(keys.iter());
        assert_eq!(namespaces.path_of("microsoft.graph.user"), "");
        assert_eq!(namespaces.path_of("ReferenceNumeric"), "");
        assert_eq!(namespaces.path_of("microsoft.graph.search.identity"), "search");
        assert_eq!(namespaces.path_of("microsoft.graph.externalConnectors.identity"), "external_connectors");
        assert_eq!(namespaces.path_of("microsoft.graph.callRecords.v2.session"), "call_records::v2");
        assert_eq!(namespaces.path_of("microsoft.graph.ODataErrors.ODataError"), "o_data_errors");
        assert_eq!(namespaces.path_of("other.thing"), "other");
        let modules: Vec<(String, String)> = namespaces.modules().into_iter().map(|n| (n.path, n.name)).collect();
        assert!(modules.contains(&("call_records".to_owned(), String::new())), "{modules:?}");
        assert!(modules.contains(&("call_records::v2".to_owned(), "microsoft.graph.callRecords.v2".to_owned())));
        assert!(!modules.iter().any(|(path, _)| path.is_empty()));
    }

    #[test]
    fn where_most_names_have_no_dot_every_dotted_one_is_in_a_module() {
        let keys: Vec<String> = ["card", "dispute", "charge", "issuing.card", "issuing.dispute", "terminal.reader"]
            .map(str::to_owned)
            .to_vec();
        let namespaces = Namespaces::new(keys.iter());
        assert_eq!(namespaces.path_of("card"), "");
        assert_eq!(namespaces.path_of("issuing.card"), "issuing");
    }

    #[test]
    fn names_without_dots_stay_at_the_root() {
        let keys: Vec<String> = ["Pet", "Error"].map(str::to_owned).to_vec();
        let namespaces = Namespaces::new(keys.iter());
        assert_eq!(namespaces.path_of("Pet"), "");
        assert!(namespaces.modules().is_empty());
    }
}

//! Turning names from the description into Rust identifiers.
//!
//! Every identifier the generator writes goes through this module, so keywords,
//! punctuation, leading digits and empty names are handled in one place.

use heck::ToSnakeCase;

/// Words that can never be identifiers, not even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Reserved words of every Rust edition, including those reserved for the future.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names generated code uses unqualified: the prelude's and the runtime's. A model
/// with one of these names gets `Model` appended.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Nullable",
    "DateTimeOffset",
    "Date",
    "TimeOfDay",
    "Duration",
    "Guid",
    "Double",
    "Base64Url",
    "Client",
    "RequestParts",
    "AdditionalProperties",
    "Flags",
];

/// The Rust type name for a schema key such as `microsoft.graph.managedDevice`.
///
/// The namespace (everything up to the last `.`) is dropped, and each word gets an
/// upper-case first letter while the rest keeps its case, so `ODataError` stays
/// `ODataError` instead of becoming `OdataError`.
pub fn type_name(schema_key: &str) -> String {
    let last = schema_key.rsplit('.').find(|part| !part.is_empty()).unwrap_or(schema_key);
    let name = upper_camel(last);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// Upper camel case that keeps the inner case of each word.
pub fn upper_camel(raw: &str) -> String {
    let mut out = String::new();
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push_str("Type");
    }
    out
}

/// The snake-case Rust name for a property, parameter or module.
///
/// Keywords become raw identifiers (`r#type`) where Rust allows it and get a
/// trailing underscore where it does not (`self_`). A name of digits alone gets its sign
/// spelled out (`+1` → `plus_1`, `-1` → `minus_1`) or an `n` (`2` → `n2`), as `_1` would
/// trip clippy's `just_underscores_and_digits`.
///
/// Punctuation becomes word breaks, so a result never starts with `__`: generated code
/// names its own locals and helpers with that prefix, and they can never collide.
pub fn snake(raw: &str) -> String {
    let ascii: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut out = ascii.to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        let sign = match raw.trim_start().as_bytes().first() {
            Some(b'+') => "plus_",
            Some(b'-') => "minus_",
            _ => "n",
        };
        out.insert_str(0, sign);
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    } else if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

/// The variant name for an enum value: `displayName desc` → `DisplayNameDesc`, `*` → `All`.
pub fn variant(value: &str) -> String {
    if value == "*" {
        return "All".to_owned();
    }
    match value.strip_prefix('-') {
        // `-INF` and friends keep their sign, or they would collide with `INF`.
        Some(rest) if !rest.is_empty() => format!("Minus{}", upper_camel(rest)),
        _ => upper_camel(value),
    }
}

/// The module (file) name for a type name. A keyword gets a trailing underscore rather
/// than a raw identifier, so that the module's file name is the module's name.
pub fn module(type_name: &str) -> String {
    let snake = snake(type_name);
    match snake.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => snake,
    }
}

/// Methods of the traits every generated type implements or gets from a blanket impl
/// (`Clone`, `Debug`, `Into`, `ToOwned`, …), and of the operator and conversion traits
/// clippy's `should_implement_trait` knows. An inherent method of such a name would shadow
/// the trait's in method calls, so `.clone()` would start a Graph `clone` action instead
/// of cloning. `new` is kept for constructors (clippy's `new_ret_no_self`).
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "mul",
    "ne",
    "neg",
    "new",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// A method name from the description (a segment, an action, a parameter's setter):
/// [`snake`] case, with `_` appended where it would shadow a trait's method (`clone_`).
pub fn method(raw: &str) -> String {
    let mut name = snake(raw);
    if TRAIT_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Whether clippy's `wrong_self_convention` would refuse a method of this name that takes
/// `self` by value (a builder's setter) or by reference (a node's method): `as_`, `is_` and
/// `to_` names are for references, `into_` for values, `from_` for no `self` at all. The
/// description's name is kept, as renaming `toDate` would hide it, and such a method
/// carries a targeted `#[allow]` instead.
pub fn breaks_self_convention(name: &str, by_value: bool) -> bool {
    let name = name.strip_prefix("r#").unwrap_or(name);
    if name.starts_with("from_") {
        return true;
    }
    if by_value {
        ["as_", "is_", "to_"].iter().any(|p| name.starts_with(p)) && !name.ends_with("_mut")
    } else {
        name.starts_with("into_")
    }
}

/// Makes `name` unique among `taken` by appending `_2`, `_3`, … (`2`, `3`, … to an
/// upper camel case name) and records it.
pub fn unique(name: String, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let bare = name.strip_prefix("r#").unwrap_or(&name).trim_end_matches('_').to_owned();
    let separator = if bare.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{bare}{separator}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// A `proc_macro2` identifier for a name made by this module.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(bare) => proc_macro2::Ident::new_raw(bare, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_drop_the_namespace_and_keep_inner_case() {
        assert_eq!(type_name("microsoft.graph.managedDevice"), "ManagedDevice");
        assert_eq!(type_name("microsoft.graph.ODataErrors.ODataError"), "ODataError");
        assert_eq!(type_name("odata.error.main"), "Main");
        assert_eq!(type_name("foo_bar"), "FooBar");
        assert_eq!(type_name("2fa-settings"), "N2faSettings");
        assert_eq!(type_name("self"), "SelfType");
        assert_eq!(type_name("..."), "Unnamed");
        assert_eq!(type_name("acme.option"), "OptionModel");
    }

    #[test]
    fn field_names_are_snake_case_and_keyword_safe() {
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("@odata.nextLink"), "odata_next_link");
        assert_eq!(snake("request-id"), "request_id");
        assert_eq!(snake("userPrincipalName"), "user_principal_name");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("3d model"), "_3d_model");
        assert_eq!(snake("$"), "value");
        assert_eq!((snake("+1"), snake("-1"), snake("2")), ("plus_1".into(), "minus_1".into(), "n2".into()));
        assert_eq!((snake("__map"), snake("path")), ("map".into(), "path".into()));
        assert_eq!(
            (method("clone"), method("default"), method("into"), method("copy")),
            ("clone_".into(), "default_".into(), "into_".into(), "copy".into())
        );
    }

    #[test]
    fn unique_appends_a_counter() {
        let mut taken = vec![];
        assert_eq!(unique("foo_bar".into(), &mut taken), "foo_bar");
        assert_eq!(unique("foo_bar".into(), &mut taken), "foo_bar_2");
        assert_eq!(unique("r#type".into(), &mut taken), "r#type");
        assert_eq!(unique("r#type".into(), &mut taken), "type_2");
        assert_eq!(unique("self_".into(), &mut taken), "self_");
        assert_eq!(unique("self_".into(), &mut taken), "self_2");
        assert_eq!(unique("SelfType".into(), &mut taken), "SelfType");
        assert_eq!(unique("SelfType".into(), &mut taken), "SelfType2");
    }
}

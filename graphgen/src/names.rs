//! Turning names from the description into Rust identifiers.
//!
//! Every identifier the generator writes goes through this module, so keywords,
//! punctuation, leading digits and empty names are handled in one place.

use heck::ToSnakeCase;

/// The names clippy's `disallowed_names` refuses as bindings by default: a function's
/// parameter named after a property may be one.
pub const DISALLOWED: &[&str] = &["foo", "baz", "quux"];

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
    let raw = &ascii(raw);
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
    let raw = &ascii(raw);
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

/// Text in ASCII, letters and symbols of other scripts spelled out by deunicode
/// (`Ünïcödé` → `Unicode`, `東京` → `Dong Jing`, `🎉` → `tada`), so that a name keeps
/// the words it was written with instead of losing them to `Unnamed`.
fn ascii(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    }
}

/// The variant name for an enum value: `displayName desc` → `DisplayNameDesc`, `*` → `All`;
/// a value without letters or digits is named by its symbols (`>=` → `GreaterEqual`), and
/// the empty value is `Empty`.
pub fn variant(value: &str) -> String {
    if value == "*" {
        return "All".to_owned();
    }
    let value = &ascii(value);
    if !value.chars().any(|c| c.is_alphanumeric()) {
        return symbols(value);
    }
    match value.strip_prefix('-') {
        // `-INF` and friends keep their sign, or they would collide with `INF`.
        Some(rest) if !rest.is_empty() => format!("Minus{}", upper_camel(rest)),
        _ => upper_camel(value),
    }
}

/// A value of symbols alone, in words: `!=` → `NotEqual`, `` → `Empty`.
fn symbols(value: &str) -> String {
    const WORDS: &[(char, &str)] = &[
        ('<', "Less"),
        ('>', "Greater"),
        ('=', "Equal"),
        ('!', "Not"),
        ('+', "Plus"),
        ('-', "Minus"),
        ('*', "Star"),
        ('/', "Slash"),
        ('\\', "Backslash"),
        ('%', "Percent"),
        ('&', "And"),
        ('|', "Or"),
        ('^', "Caret"),
        ('~', "Tilde"),
        ('.', "Dot"),
        (',', "Comma"),
        (':', "Colon"),
        (';', "Semicolon"),
        ('?', "Question"),
        ('@', "At"),
        ('#', "Hash"),
        ('$', "Dollar"),
        ('"', "Quote"),
        ('\'', "Apostrophe"),
        ('`', "Backtick"),
        ('(', "OpenParen"),
        (')', "CloseParen"),
        ('[', "OpenBracket"),
        (']', "CloseBracket"),
        ('{', "OpenBrace"),
        ('}', "CloseBrace"),
        ('_', "Underscore"),
        (' ', "Space"),
    ];
    let words: String =
        value.chars().filter_map(|c| WORDS.iter().find(|(symbol, _)| *symbol == c).map(|(_, word)| *word)).collect();
    if words.is_empty() {
        if value.is_empty() {
            "Empty".to_owned()
        } else {
            "Unnamed".to_owned()
        }
    } else {
        words
    }
}

/// A cargo package name for a title: its words, lower case and whole, joined by `-`
/// (`GitHub v3 REST API` → `github-v3-rest-api`, `Ex Libris APIs` → `ex-libris-apis`). A word
/// of several capitalised parts is split only where every part has four letters or more, so
/// Graph's `Identity.DirectoryManagement` is `identity-directory-management` while a
/// brand such as `GitHub` or `OpenAI` stays whole. Cargo refuses a name that starts with a
/// digit or is a keyword, so `1Password Connect` is `api-1password-connect` and `async` is
/// `async-api`; a title of no letters or digits is `api`.
pub fn package(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|word| {
            // Parts start at a capital that follows a lower-case letter.
            let bytes = word.as_bytes();
            let starts =
                (1..bytes.len()).filter(|&i| bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase());
            let bounds: Vec<usize> = std::iter::once(0).chain(starts).chain([bytes.len()]).collect();
            let parts: Vec<&str> = bounds.windows(2).map(|w| &word[w[0]..w[1]]).collect();
            if parts.len() > 1 && parts.iter().all(|p| p.len() >= 4) {
                parts
            } else {
                vec![word]
            }
        })
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("-");
    if name.is_empty() {
        "api".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else if KEYWORDS.contains(&name.as_str())
        || ["test", "std", "core", "alloc", "proc-macro"].contains(&name.as_str())
    {
        format!("{name}-api")
    } else {
        name
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

/// The longest module name a file is given; file systems take names of at most 255 bytes,
/// and Windows paths of 260 characters, while Graph's inline types are named after whole
/// paths and reach 250.
const MAX_FILE_MODULE: usize = 60;

/// The name of the module a type's or a node's file holds: [`module`], shortened where it
/// is longer than 60 bytes to its first 51 and a hash of the whole, so that it stays a
/// file name every file system takes and still tells the types apart. The module is
/// private; the type keeps its whole name.
pub fn file_module(type_name: &str) -> String {
    let module = module(type_name);
    if module.len() <= MAX_FILE_MODULE {
        return module;
    }
    // FNV-1a: stable across runs and platforms, so the output stays byte-identical.
    let hash = module.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut cut = MAX_FILE_MODULE - 9;
    while !module.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{:08x}", module[..cut].trim_end_matches('_'), hash as u32)
}

/// Methods that no generated method may shadow: those of the traits every generated
/// struct implements or gets from a blanket impl (`Clone`, `Debug`, `Into`, `ToOwned`, `Any`,
/// …), so that `.clone()` clones a builder instead of starting a Graph `clone` action, and
/// those clippy lints a method taking `&self` for (`should_implement_trait` on `clone` and
/// `cmp`, `new_ret_no_self` on `new`).
pub const SHADOWING: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "cmp",
    "eq",
    "fmt",
    "from",
    "hash",
    "into",
    "ne",
    "new",
    "partial_cmp",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// What clippy's `should_implement_trait` also lints on a setter, which takes `self` and a
/// value and returns `Self` as `Add::add` does.
pub const OPERATORS: &[&str] = &["add", "bitand", "bitor", "bitxor", "div", "mul", "rem", "shl", "shr", "sub"];

/// The names a struct's own methods may not take: [`SHADOWING`], with `own` (the methods
/// its template gives it) and, for setters, [`OPERATORS`].
pub fn taken_methods(own: &[&str], setters: bool) -> Vec<String> {
    let operators = if setters { OPERATORS } else { &[] };
    (SHADOWING.iter().chain(operators).chain(own)).map(|m| (*m).to_owned()).collect()
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
/// upper camel case name) and records it. Callers that can qualify a name by what it
/// stands for use [`first_free`], so that numbers are the last resort.
pub fn unique(name: String, taken: &mut Vec<String>) -> String {
    first_free([name], taken)
}

/// The first of `candidates` (the plain name first, then names qualified by what tells
/// the thing apart: `get_path` for a segment `get` beside the `get()` builder) that
/// `taken` does not hold, recorded. Only when every one is taken does the first get a
/// number, `_2`, `_3`, … (`2`, `3`, … in upper camel case).
pub fn first_free(candidates: impl IntoIterator<Item = String>, taken: &mut Vec<String>) -> String {
    let candidates: Vec<String> = candidates.into_iter().collect();
    let free = candidates.iter().find(|c| !taken.contains(c)).cloned();
    let chosen = free.unwrap_or_else(|| {
        let name = candidates.first().cloned().unwrap_or_default();
        let bare = name.strip_prefix("r#").unwrap_or(&name).trim_end_matches('_').to_owned();
        let separator = if bare.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..).map(|n| format!("{bare}{separator}{n}")).find(|c| !taken.contains(c)).unwrap_or(name)
    });
    taken.push(chosen.clone());
    chosen
}

/// Names for several things at once, each from its own candidates, the plain name first:
/// a plain name that only one of them wants, and `taken` does not hold, is theirs; the
/// others that want one plain name take their first free later candidate, which tells them
/// apart by what they are (`Uri` beside `String`), and the one left with none keeps the
/// plain name. Only then is a name numbered, as [`first_free`] does. All are recorded.
pub fn distinct(lists: Vec<Vec<String>>, taken: &mut Vec<String>) -> Vec<String> {
    let first = |list: &Vec<String>| list.first().cloned().unwrap_or_default();
    let mut wanted: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for list in &lists {
        *wanted.entry(first(list)).or_default() += 1;
    }
    let mut chosen: Vec<Option<String>> = vec![None; lists.len()];
    for (i, list) in lists.iter().enumerate() {
        let plain = first(list);
        if wanted[&plain] == 1 && !taken.contains(&plain) {
            taken.push(plain.clone());
            chosen[i] = Some(plain);
        }
    }
    for (i, list) in lists.iter().enumerate() {
        if chosen[i].is_none() {
            if let Some(free) = list.iter().skip(1).find(|c| !taken.contains(c)) {
                taken.push(free.clone());
                chosen[i] = Some(free.clone());
            }
        }
    }
    lists.into_iter().zip(chosen).map(|(list, chosen)| chosen.unwrap_or_else(|| first_free(list, taken))).collect()
}

/// What sets a name apart from another that is spelled the same once cased, as a word:
/// `underscored`, `dashed`, `dotted` or `spaced` for its separators, or `camel` for the inner
/// capitals of a name whose plain form is snake case (`queryString` beside `query_string`).
/// `None` for a name already in its plain form (`snake` true: snake case; false: letters and
/// digits alone), which keeps the plain name.
pub fn spelling(raw: &str, snake: bool) -> Option<&'static str> {
    let plain = if snake {
        raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') && !raw.starts_with('_')
    } else {
        raw.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if plain {
        return None;
    }
    let separators = [('_', "underscored"), ('-', "dashed"), ('.', "dotted"), (' ', "spaced")];
    let marked = |c: char| if snake { raw.starts_with(c) || (c != '_' && raw.contains(c)) } else { raw.contains(c) };
    match separators.iter().find(|(c, _)| marked(*c)) {
        Some((_, word)) => Some(word),
        None if snake && raw.bytes().any(|b| b.is_ascii_uppercase()) => Some("camel"),
        None => Some("marked"),
    }
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

    #[test]
    fn long_file_modules_are_shortened_apart_and_short_ones_kept() {
        assert_eq!(file_module("UserSettings"), "user_settings");
        let path = "IdentityGovernanceEntitlementManagementAccessPackageAssignmentPolicies";
        let (a, b) = (file_module(&format!("{path}ListResponse")), file_module(&format!("{path}GetResponse")));
        assert!(a.len() <= MAX_FILE_MODULE && b.len() <= MAX_FILE_MODULE, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.starts_with("identity_governance_entitlement_management_access"), "{a}");
        assert_eq!(a, file_module(&format!("{path}ListResponse")));
    }
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
        // Other scripts are spelled in ASCII rather than dropped.
        assert_eq!(type_name("Ünïcödé"), "Unicode");
        assert_eq!(snake("café_crème"), "cafe_creme");
        assert_eq!((variant("🎉"), variant("東京")), ("Tada".to_owned(), "DongJing".to_owned()));
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
    }

    #[test]
    fn a_taken_name_is_qualified_before_it_is_numbered() {
        let mut taken = taken_methods(&["send"], true);
        let pick = |candidates: &[&str], taken: &mut Vec<String>| {
            first_free(candidates.iter().map(|c| (*c).to_owned()), taken)
        };
        assert_eq!(pick(&["next", "next_path"], &mut taken), "next");
        assert_eq!(pick(&["clone", "post_clone"], &mut taken), "post_clone");
        assert_eq!(pick(&["add", "add_query"], &mut taken), "add_query");
        assert_eq!(pick(&["send", "send_query"], &mut taken), "send_query");
        assert_eq!(pick(&["send", "send_query"], &mut taken), "send_2");
        assert!(!taken_methods(&[], false).contains(&"add".to_owned()));
    }

    #[test]
    fn names_wanted_by_several_are_told_apart_and_the_plainest_keeps_its_name() {
        let lists = |l: &[&[&str]]| l.iter().map(|c| c.iter().map(|s| (*s).to_owned()).collect()).collect();
        let mut taken = vec![];
        let picked = distinct(lists(&[&["String", "Uri"], &["String"], &["Integer"]]), &mut taken);
        assert_eq!(picked, ["Uri", "String", "Integer"]);
        let picked = distinct(lists(&[&["Integer", "Uint64"], &["Integer", "Int64"]]), &mut taken);
        assert_eq!(picked, ["Uint64", "Int64"]);
        let picked = distinct(lists(&[&["Integer"], &["Integer"]]), &mut taken);
        assert_eq!(picked, ["Integer2", "Integer3"]);
    }

    #[test]
    fn package_names_keep_words_whole_and_are_names_cargo_takes() {
        let cases = [
            ("GitHub v3 REST API", "github-v3-rest-api"),
            ("Ex Libris APIs", "ex-libris-apis"),
            ("1Password Connect", "api-1password-connect"),
            ("async", "async-api"),
            ("Microsoft Graph — beta", "microsoft-graph-beta"),
            ("Identity.DirectoryManagement", "identity-directory-management"), ("DevicesApps", "devices-apps"),
            ("OpenAI API", "openai-api"),
            ("   ", "api"),
        ];
        for (title, name) in cases {
            assert_eq!(package(title), name, "{title}");
        }
    }

    #[test]
    fn values_of_symbols_alone_are_named_by_them() {
        assert_eq!(
            [variant(">="), variant("!="), variant("<"), variant(""), variant("*")],
            ["GreaterEqual", "NotEqual", "Less", "Empty", "All"]
        );
        assert_eq!(variant("-INF"), "MinusINF");
    }

    #[test]
    fn a_name_spelled_unlike_its_plain_form_says_how() {
        assert_eq!(spelling("query_string", true), None);
        assert_eq!(spelling("queryString", true), Some("camel"));
        assert_eq!(spelling("_summary", true), Some("underscored"));
        assert_eq!(spelling("remoteControlSoftware", false), None);
        assert_eq!(spelling("remote_Control_Software", false), Some("underscored"));
        assert_eq!(spelling("es-419", false), Some("dashed"));
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

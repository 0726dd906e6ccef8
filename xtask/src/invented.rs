//! Names the generator made up: public names of a generated crate that end in a number or
//! in `_` where the description wrote no such name. The sweeps count them.

use syn::{ImplItem, Item, Visibility};

/// The public names of the Rust `files` that end in a digit or `_` and whose last word,
/// with its number, does not occur in `description` (letters and digits compared, case
/// ignored): `DataObject2` and `get_2` count, `oauth2` and `Es419` from the description's
/// `es-419` do not. A keyword the description used, written `self_`, does not count either.
pub fn invented<'a>(files: impl IntoIterator<Item = (&'a String, &'a String)>, description: &str) -> Vec<String> {
    let text: String =
        description.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    let mut found = Vec::new();
    for (path, source) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        let Ok(file) = syn::parse_file(source) else { continue };
        let mut names = Vec::new();
        public_names(&file.items, &mut names);
        found.extend(names.into_iter().filter(|name| made_up(name, &text)));
    }
    found.sort();
    found.dedup();
    found
}

/// Whether `name` ends in a number or `_` that `text` (letters and digits, lower case)
/// does not account for.
fn made_up(name: &str, text: &str) -> bool {
    if let Some(bare) = name.strip_suffix('_') {
        return !["self", "super", "crate"].contains(&bare.to_ascii_lowercase().as_str());
    }
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    let stem = name[..name.len() - digits].trim_end_matches('_');
    // The last word: after the last `_`, or from the last upper-case letter.
    let start = match stem.rfind(|c: char| c == '_' || c.is_ascii_uppercase()) {
        Some(i) if stem.as_bytes()[i] == b'_' => i + 1,
        Some(i) => i,
        None => 0,
    };
    // `N` is what a name that starts with a digit gets in front (`N2faSettings`), and
    // `minus` and `plus` what a sign before digits is spelled as (`minus_1000000`, `plus_1`).
    let signs = ["minus", "Minus", "plus", "Plus"];
    let stem = signs.iter().find_map(|sign| stem.strip_suffix(sign)).unwrap_or(stem);
    let start = start.min(stem.len());
    let word = format!("{}{}", &stem[start..], &name[name.len() - digits..]).to_ascii_lowercase();
    // `Status` is what a status without a reason phrase is named by (`Status520`).
    let word = match word.strip_prefix('n').or_else(|| word.strip_prefix("status")) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => &word,
    };
    !text.contains(word)
}

/// The names of public items, fields, variants and methods among `items`.
fn public_names(items: &[Item], out: &mut Vec<String>) {
    let public = |vis: &Visibility| matches!(vis, Visibility::Public(_));
    for item in items {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                out.push(s.ident.to_string());
                out.extend(s.fields.iter().filter(|f| public(&f.vis)).filter_map(|f| f.ident.as_ref()).map(unraw));
            }
            Item::Enum(e) if public(&e.vis) => {
                out.push(e.ident.to_string());
                out.extend(e.variants.iter().map(|v| v.ident.to_string()));
            }
            Item::Fn(f) if public(&f.vis) => out.push(unraw(&f.sig.ident)),
            Item::Type(t) if public(&t.vis) => out.push(t.ident.to_string()),
            Item::Const(c) if public(&c.vis) => out.push(c.ident.to_string()),
            Item::Impl(block) if block.trait_.is_none() => {
                for member in &block.items {
                    if let ImplItem::Fn(f) = member {
                        if public(&f.vis) {
                            out.push(unraw(&f.sig.ident));
                        }
                    }
                }
            }
            Item::Mod(m) => public_names(m.content.as_ref().map_or(&[][..], |(_, items)| items), out),
            _ => {}
        }
    }
}

fn unraw(ident: &syn::Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map_or(name.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::made_up;

    #[test]
    fn numbers_the_description_wrote_are_not_counted() {
        let text = "oauth2 es419 supportedtimezones dataobject azureadv2 24g10245722";
        for invented in ["DataObject2", "get_2", "supported_time_zones_2", "next_", "ConnectorOptionsKind17"] {
            assert!(made_up(invented, text), "{invented}");
        }
        for written in ["oauth2", "AvailableLocalesEnumEs419", "azure_ad_v2", "self_", "get", "N419", "N24g10245722"] {
            assert!(!made_up(written, text), "{written}");
        }
    }
}

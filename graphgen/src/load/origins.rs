//! Where each part of the loaded document was written: which file, and where in it.
//!
//! Loading moves things: other files' parts are brought in (`bundle`), a description's
//! schemas move into components (`references`, `normalize`), and several descriptions
//! become one (`merge`). Each step records what it moved, and a report's pointer into the
//! loaded document is taken back through the steps, last first, to its file and place.

use super::bundle::Copy;
use super::merge::Entry;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What loading one description moved.
#[derive(Debug, Default, Clone)]
pub struct Description {
    /// The description's own file.
    pub file: usize,
    /// What was brought in from other files, in the bundled document's coordinates.
    pub copies: Vec<Copy>,
    /// Schemas moved within the bundled document, as (new pointer, pointer before).
    pub moves: Vec<(String, String)>,
}

/// Every description's moves, and where each entry of the merged document is from.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    pub descriptions: Vec<Description>,
    pub entries: Vec<Entry>,
}

impl Origins {
    /// Names the file and original place of every problem not yet placed, taking it as a
    /// pointer into the merged document.
    pub fn place(&self, diagnostics: &mut Diagnostics) {
        for item in &mut diagnostics.items {
            if item.file.is_none() {
                self.place_item(item);
            }
        }
    }

    /// Names the file and original place of `item`, a pointer into the merged document.
    pub fn place_item(&self, item: &mut Diagnostic) {
        let (description, at) = self.entry(&item.pointer);
        item.pointer = at;
        self.place_in(description, item);
    }

    /// Names the file and original place of `item`, a pointer into description
    /// `description`'s document as loading left it.
    pub fn place_in(&self, description: usize, item: &mut Diagnostic) {
        let Some(own) = self.descriptions.get(description) else {
            item.place_in_file(0);
            return;
        };
        let mut at = item.pointer.clone();
        for (new, original) in own.moves.iter().rev() {
            if let Some(rest) = under(&at, new) {
                at = format!("{original}{rest}");
            }
        }
        // The innermost copy holds the place: copies may be copied into.
        let copy = own.copies.iter().filter(|c| under(&at, &c.at).is_some()).max_by_key(|c| c.at.len());
        match copy {
            Some(copy) => {
                let rest = under(&at, &copy.at).unwrap_or_default().to_owned();
                item.pointer = format!("{}{rest}", copy.pointer);
                item.place_in_file(copy.file);
            }
            None => {
                item.pointer = at;
                item.place_in_file(own.file);
            }
        }
    }

    /// The description a pointer into the merged document is from, and the pointer there.
    fn entry(&self, at: &str) -> (usize, String) {
        let entry = self.entries.iter().filter(|(e, _, _)| under(at, e).is_some()).max_by_key(|(e, _, _)| e.len());
        match entry {
            Some((e, description, original)) => {
                (*description, format!("{original}{}", under(at, e).unwrap_or_default()))
            }
            None => (0, at.to_owned()),
        }
    }
}

/// The rest of `at` below `prefix`, when `at` is `prefix` or below it.
fn under<'a>(at: &'a str, prefix: &str) -> Option<&'a str> {
    at.strip_prefix(prefix).filter(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::{Copy, Description, Origins};
    use crate::diagnostics::{Diagnostic, Diagnostics};

    fn placed(origins: &Origins, at: &str) -> (Option<usize>, String) {
        let mut report = Diagnostics::new("api.yaml");
        report.push(Diagnostic::warning("example-mismatch", at, "x"));
        origins.place(&mut report);
        (report.items[0].file.map(|f| f as usize), report.items[0].pointer.clone())
    }

    #[test]
    fn a_pointer_goes_back_through_the_merge_the_moves_and_the_copies_to_its_file() {
        let first = Description {
            file: 0,
            copies: vec![Copy {
                at: "/components/schemas/Error".into(),
                file: 2,
                pointer: "/components/schemas/Error".into(),
            }],
            // A tuple's members moved into `items`, then the schema holding them into components.
            moves: vec![
                (
                    "/paths/~1a/get/parameters/0/schema/items/anyOf".into(),
                    "/paths/~1a/get/parameters/0/schema/prefixItems".into(),
                ),
                ("/components/schemas/Pair_0".into(), "/paths/~1a/get/parameters/0/schema".into()),
            ],
        };
        let second = Description {
            file: 1,
            copies: vec![
                Copy { at: "/paths/~1b".into(), file: 3, pointer: "".into() },
                Copy {
                    at: "/paths/~1b/get/responses/default".into(),
                    file: 2,
                    pointer: "/components/responses/Problem".into(),
                },
            ],
            moves: Vec::new(),
        };
        let entries = vec![
            ("/paths/~1b".into(), 1, "/paths/~1b".into()),
            ("/components/schemas/Error_2".into(), 1, "/components/schemas/Error".into()),
        ];
        let origins = Origins { descriptions: vec![first, second], entries };
        assert_eq!(
            placed(&origins, "/components/schemas/Pair_0/items/anyOf/1/example"),
            (Some(0), "/paths/~1a/get/parameters/0/schema/prefixItems/1/example".into())
        );
        assert_eq!(
            placed(&origins, "/components/schemas/Error/example"),
            (Some(2), "/components/schemas/Error/example".into())
        );
        // The second description's renamed component is its own, in its own file.
        assert_eq!(
            placed(&origins, "/components/schemas/Error_2/example"),
            (Some(1), "/components/schemas/Error/example".into())
        );
        // The innermost copy holds the place.
        assert_eq!(placed(&origins, "/paths/~1b/get/operationId"), (Some(3), "/get/operationId".into()));
        assert_eq!(
            placed(&origins, "/paths/~1b/get/responses/default/description"),
            (Some(2), "/components/responses/Problem/description".into())
        );
    }
}

//! Several descriptions made into one crate, and one description split over several files:
//! identical components are one type, different ones stay apart, conflicts are reported in
//! the file and line they are written at, and references stay inside the description's folder.

use std::path::{Path, PathBuf};

use graphgen::codegen::{self, Generated};
use graphgen::diagnostics::Diagnostics;
use graphgen::load::Options;
use office_config_tests::root;
use office_config_tests::scratch::Scratch;

fn merge_fixture(name: &str) -> (PathBuf, String) {
    let path = root().join("tests/fixtures/specs/merge").join(name);
    (path, format!("merge/{name}"))
}

fn generate(descriptions: &[(PathBuf, String)], options: Options) -> Result<Generated, Diagnostics> {
    codegen::generate_all(descriptions, "people and groups", options, None)
}

/// `(code, file, line)` of each problem of a report.
fn places(report: &Diagnostics) -> Vec<(&'static str, String, Option<usize>)> {
    report.items.iter().map(|d| (d.code, report.files[d.file_index()].clone(), d.line)).collect()
}

#[test]
fn two_descriptions_make_one_crate_that_keeps_each_ones_types() {
    let descriptions = [merge_fixture("people.yaml"), merge_fixture("groups.yaml")];
    let generated = generate(&descriptions, Options::default()).unwrap_or_else(|report| panic!("{report}"));
    // The same `User` is one type; the other `Error` is renamed, with the references to it.
    let types: Vec<(&str, &str)> = generated.types.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect();
    assert_eq!(types.iter().filter(|(key, _)| key.starts_with("User")).count(), 1, "{types:?}");
    assert!(types.contains(&("Error", "Error")) && types.contains(&("Error_2", "Error2")), "{types:?}");
    let group = &generated.files["src/models/group.rs"];
    assert!(group.contains("pub last_error: Nullable<Error2>"), "{group}");
    // Both places are named: the second's file and line, and the first's file in the message.
    assert_eq!(
        places(&generated.warnings),
        [
            ("merge-renamed", "merge/groups.yaml".to_owned(), Some(49)),
            ("merge-conflict", "merge/groups.yaml".to_owned(), Some(5)),
        ],
        "{}",
        generated.warnings
    );
    assert!(generated.warnings.items[0].message.contains("merge/people.yaml"), "{}", generated.warnings);
    // `/users` has the operations of both, `/health` is one path, and tags are one list.
    let users = &generated.files["src/requests/users_requests.rs"];
    assert!(users.contains("pub fn get(") && users.contains("pub fn post("), "{users}");
    let health = &generated.files["src/requests/health_requests.rs"];
    assert_eq!(health.matches("pub fn get(").count(), 1, "{health}");
    // The crate builds, and reads each description's error the way it was written.
    let mut scratch = Scratch::new();
    scratch.write("merged", &generated.files).unwrap_or_else(|e| panic!("{e}"));
    scratch.add_file(
        "merged",
        "tests/merged.rs",
        r##"
use fixture_merged::models::*;

#[test]
fn each_description_keeps_its_types() {
    let group: Group = fixture_merged::decode(r#"{"members": [{"id": "u1"}], "last_error": {"message": null}}"#).unwrap();
    assert!(matches!(group.last_error, fixture_merged::Nullable::Value(Error2 { message: None, .. })));
    let error: Error = fixture_merged::decode(r#"{"code": 7}"#).unwrap();
    assert!(matches!(error.code, fixture_merged::Nullable::Value(7)));
    let client = fixture_merged::Client::new();
    assert_eq!(client.groups().get().build().unwrap().uri().to_string(), "https://api.example.com/groups");
}
"##,
    );
    if let Err(output) = scratch.cargo(&["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]) {
        panic!("the merged crate does not pass clippy:\n{output}");
    }
    if let Err(output) = scratch.cargo(&["test", "--quiet"]) {
        panic!("the merged crate's test failed:\n{output}");
    }
}

#[test]
fn two_operations_for_one_path_and_method_are_an_error_in_the_second_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let people = std::fs::read_to_string(merge_fixture("people.yaml").0).expect("readable");
    let other = people.replace("operationId: listUsers", "operationId: listPeople");
    let second = dir.path().join("other.yaml");
    std::fs::write(&second, other).expect("written");
    let descriptions = [merge_fixture("people.yaml"), (second, "other.yaml".to_owned())];
    let report = generate(&descriptions, Options::default()).expect_err("an error");
    let errors: Vec<_> = places(&report).into_iter().filter(|(code, ..)| *code == "merge-conflict").collect();
    assert_eq!(errors, [("merge-conflict", "other.yaml".to_owned(), Some(15))], "{report}");
    assert!(report.to_string().contains("merge/people.yaml has another `GET /users`"), "{report}");
}

/// A copy of the split-description fixture in a temporary folder, with `edit` applied to
/// the file `part`, and the description's path.
fn split_copy(dir: &Path, part: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let source = root().join("tests/fixtures/specs/graph-style");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("made");
        std::fs::copy(from, to).expect("copied");
    };
    let spec = dir.join("split-description.yaml");
    copy(&source.join("split-description.yaml"), &spec);
    for file in ["paths/users.yaml", "schemas/user.yaml", "schemas/actions.yaml", "common.yaml", "shared.yaml"] {
        copy(&source.join("split-description").join(file), &dir.join("split-description").join(file));
    }
    let edited = dir.join("split-description").join(part);
    let text = std::fs::read_to_string(&edited).expect("readable");
    std::fs::write(&edited, edit(text)).expect("written");
    spec
}

#[test]
fn what_many_places_name_in_another_file_is_one_component() {
    let spec = root().join("tests/fixtures/specs/graph-style/split-description.yaml");
    let loaded = graphgen::load::load(&spec, "split-description.yaml").unwrap_or_else(|r| panic!("{r}"));
    let document = &loaded.document;
    let components = &document["components"];
    assert_eq!(components["parameters"]["order"]["name"], "order");
    assert_eq!(components["headers"]["remaining"]["schema"]["type"], "integer");
    let throttled = &components["responses"]["throttled"];
    assert_eq!(throttled["headers"]["RateLimit-Remaining"]["$ref"], "#/components/headers/remaining");
    let list = &document["paths"]["/users"]["get"];
    let get = &document["paths"]["/users/{id}"]["get"];
    for operation in [list, get] {
        assert_eq!(
            operation["parameters"].as_sequence().unwrap().last().unwrap()["$ref"],
            "#/components/parameters/order"
        );
        assert_eq!(operation["responses"]["429"]["$ref"], "#/components/responses/throttled");
        // A body schema written inline is named after each operation, so its response is copied.
        assert_eq!(operation["responses"]["202"]["content"]["application/json"]["schema"]["type"], "object");
        let header = &operation["responses"]["202"]["headers"]["RateLimit-Remaining"];
        assert_eq!(header["$ref"], "#/components/headers/remaining");
    }
    assert!(components["responses"].get("accepted").is_none());
}

#[test]
fn problems_in_other_files_of_a_description_are_reported_where_they_are_written() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = split_copy(dir.path(), "common.yaml", |text| {
        text.replace(
            "message: {type: string}",
            "message: {type: string}\n        cause: {$ref: '#/components/schemas/Cause'}",
        )
    });
    let report = codegen::generate(&spec, "split-description.yaml").expect_err("an error");
    let file = report.files[report.items[0].file_index()].clone();
    assert!(file.ends_with("split-description/common.yaml"), "{report}");
    assert_eq!((report.items[0].code, report.items[0].line), ("reference", Some(16)), "{report}");
    assert_eq!(report.items[0].pointer, "/components/schemas/Error/properties/cause/$ref");
    // A warning inside a copied path item names that file too.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = split_copy(dir.path(), "paths/users.yaml", |text| {
        text + "post: {operationId: listUsers, responses: {'204': {description: Done.}}}\n"
    });
    let generated = codegen::generate(&spec, "split-description.yaml").unwrap_or_else(|r| panic!("{r}"));
    let warning = &generated.warnings.items[0];
    let file = &generated.warnings.files[warning.file_index()];
    assert_eq!(
        (warning.code, warning.line, warning.pointer.as_str()),
        ("duplicate-operation-id", Some(16), "/post/operationId")
    );
    assert!(file.ends_with("split-description/paths/users.yaml"), "{}", generated.warnings);
}

#[test]
fn references_stay_inside_the_description_folder_unless_allowed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = split_copy(dir.path(), "common.yaml", |text| text);
    // The description moves one folder down; its parts stay where they were.
    let inner = dir.path().join("api");
    std::fs::create_dir_all(&inner).expect("made");
    let text = std::fs::read_to_string(&spec).expect("readable").replace("split-description/", "../split-description/");
    let moved = inner.join("split-description.yaml");
    std::fs::write(&moved, text).expect("written");
    let descriptions = [(moved, "api/split-description.yaml".to_owned())];
    let report = codegen::generate_all(&descriptions, "api", Options::default(), None).expect_err("refused");
    assert!(
        report.items.iter().all(|d| d.code == "reference" && d.message.contains("--allow-outside-refs")),
        "{report}"
    );
    let allowed = codegen::generate_all(&descriptions, "api", Options { outside: true, ..Options::default() }, None);
    let generated = allowed.unwrap_or_else(|report| panic!("{report}"));
    assert!(generated.types.iter().any(|(key, _)| key == "user"), "{:?}", generated.types);
}

/// Copies of one component that evolved apart, as Microsoft's modules of different weekly
/// downloads carry them (Graph v1.0 of August 2020: `onlineMeeting` with two more properties
/// in one module), are one type that holds both, reported where each copy differs.
#[test]
fn copies_that_evolved_apart_are_one_type_that_holds_both() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, properties: &str, kinds: &str| {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: {name}, version: '1'}}\npaths:\n  /{name}:\n    get:\n      responses:\n        \
             '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {{$ref: '#/components/schemas/meeting'}}\ncomponents:\n  schemas:\n    meeting:\n      \
             type: object\n      properties:\n        subject: {{type: string}}\n{properties}        \
             kind: {{type: string, enum: [{kinds}]}}\n"
        );
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, text).expect("written");
        (path, format!("{name}.yaml"))
    };
    let descriptions = [
        write("calls", "        joinUrl: {type: string}\n", "live, recorded"),
        write("education", "", "live"),
        write(
            "teams",
            "        joinUrl: {type: string}\n        externalId: {type: string}\n",
            "live, recorded, broadcast",
        ),
    ];
    let generated = generate(&descriptions, Options::default()).unwrap_or_else(|report| panic!("{report}"));
    let types: Vec<&str> = generated.types.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(types.iter().filter(|key| key.starts_with("meeting")).count(), 1, "{types:?}");
    let meeting = &generated.files["src/models/meeting.rs"];
    for field in ["pub subject:", "pub join_url:", "pub external_id:", "pub kind:"] {
        assert!(meeting.contains(field), "{field}: {meeting}");
    }
    let kind = &generated.files["src/models/meeting_kind.rs"];
    assert!(kind.contains("Recorded") && kind.contains("Broadcast"), "{kind}");
    let warned: Vec<_> = places(&generated.warnings).into_iter().map(|(code, file, _)| (code, file)).collect();
    assert_eq!(
        warned,
        [("merge-combined", "education.yaml".to_owned()), ("merge-combined", "teams.yaml".to_owned())],
        "{}",
        generated.warnings
    );
    assert!(generated.warnings.items[1].message.contains("`externalId`"), "{}", generated.warnings);
}

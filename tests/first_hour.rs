//! The README's "first hour" with Graph, run as written: two real modules of the January
//! 2023 vintage (`Mail` and `Calendar`) and an excerpt of two more made into one crate, the
//! README's program built against only the areas it names, and run against a local mock
//! serving the Graph docs' own examples: pages, an event, a batch, two delta rounds and a
//! 50 MB upload session. What it printed and sent is checked, and every docs payload
//! survives decode and encode through the generated types.

use std::path::PathBuf;
use std::process::Command;

use graphgen::codegen;
use office_config_tests::mailbox::Mailbox;
use office_config_tests::root;
use office_config_tests::scratch::Scratch;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/graph-first-hour";

/// The README's text between the line starting with `after` and the end of the first
/// fenced block that follows it, without the fences and the list item's indent.
fn readme_block(readme: &str, after: &str) -> String {
    let start = readme.find(after).unwrap_or_else(|| panic!("the README has `{after}`"));
    let mut lines = readme[start..].lines().skip_while(|line| !line.trim_start().starts_with("```")).skip(1);
    let block: Vec<&str> = lines.by_ref().take_while(|line| !line.trim_start().starts_with("```")).collect();
    block.iter().map(|line| line.strip_prefix("   ").unwrap_or(line)).collect::<Vec<_>>().join("\n") + "\n"
}

#[test]
fn the_readme_program_lists_messages_creates_an_event_batches_follows_a_delta_round_and_uploads() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("the README is readable");
    let program = readme_block(&readme, "4. List a user's messages");
    let dependencies = readme_block(&readme, "3. Depend on it");
    let settings = readme_block(&readme, "2. Generate one crate");
    // The fixture's first description is the README's, so the test makes the crate it shows.
    let written = std::fs::read_to_string(root().join(FIXTURE).join("graph.yaml")).expect("graph.yaml");
    assert!(settings.contains(&written), "tests/fixtures/graph-first-hour/graph.yaml is not the README's:\n{settings}");

    // Step 2: one crate from the settings and both modules, which merge with no report.
    let specs = [root().join(FIXTURE).join("graph.yaml"), root().join(FIXTURE).join("v1.0")];
    let descriptions = codegen::descriptions(&specs).expect("the fixture's files");
    let names: Vec<&str> = descriptions.iter().map(|(_, name)| name.rsplit('/').next().unwrap_or(name)).collect();
    assert_eq!(names, ["graph.yaml", "Calendar.yml", "Mail.yml", "Users.Excerpt.yml"]);
    let generated = codegen::generate_all(&descriptions, "graph.yaml, v1.0", graphgen::load::Options::default(), None)
        .unwrap_or_else(|report| panic!("{report}"));
    let merging: Vec<_> = generated.warnings.items.iter().filter(|d| d.code.starts_with("merge-")).collect();
    assert!(merging.is_empty(), "two Graph modules merge with no report:\n{}", generated.warnings);

    // Step 3: the program's crate, with the README's dependencies.
    let mut scratch = Scratch::new();
    scratch.write("graph", &generated.files).unwrap_or_else(|e| panic!("{e}"));
    let dependencies = dependencies.replace("path = \"graph\"", "path = \"../graph\"");
    assert!(dependencies.contains("default-features = false"), "{dependencies}");
    let manifest = format!(
        "[package]\nname = \"first-hour\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         {dependencies}\n[dev-dependencies]\nserde_json = \"1\"\n"
    );
    scratch.add_member("first-hour", &manifest);
    scratch.add_file("first-hour", "src/main.rs", &program);
    let payloads_text = std::fs::read_to_string(root().join(FIXTURE).join("docs-payloads.json")).expect("payloads");
    scratch.add_file("first-hour", "tests/docs-payloads.json", &payloads_text);
    scratch.add_file("first-hour", "tests/docs_payloads.rs", ROUND_TRIP);
    if let Err(output) =
        scratch.cargo(&["clippy", "-p", "first-hour", "--all-targets", "--quiet", "--", "-D", "warnings"])
    {
        panic!("the README program or the crate with two areas does not pass clippy:\n{output}");
    }
    if let Err(output) = scratch.cargo(&["test", "-p", "first-hour", "--quiet"]) {
        panic!("a Graph docs payload does not round-trip:\n{output}");
    }
    if let Err(output) = scratch.cargo(&["build", "-p", "first-hour", "--quiet"]) {
        panic!("the README program does not build:\n{output}");
    }

    // Step 4: the program, run against the mock.
    let payloads: Value = serde_json::from_str(&payloads_text).expect("the payloads are JSON");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mailbox = runtime.block_on(Mailbox::start("first-hour-token", &payloads));
    // The upload's first slice is lost, and the program goes on from what the session has.
    mailbox.fail_next_slice();
    let binary: PathBuf = root().join("target/scratch/debug/first-hour");
    let output = Command::new(&binary)
        .env("GRAPH_URL", mailbox.base_url())
        .env("GRAPH_TOKEN", "first-hour-token")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the program failed:\n{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "You have late tasks! (from noreply@Planner.Office365.com)",
            "9/9/2018: concert (from adelev@contoso.OnMicrosoft.com)",
            "Welcome to our group! (from unknown)",
            "created AAMkAGI1AAAt9AHjAAA= (201 Created), starting 2017-04-15T11:00:00.0000000",
            "batched: You have late tasks!",
            "batched: 9/9/2018: concert",
            "batched: created AAMkAGI1AAAt9AHjAAA=",
            "delta: 3 messages",
            "delta: AAMkAGUAAAwTW09AAA= removed",
            "uploaded 10485760 of 50000000 bytes",
            "uploaded 20971520 of 50000000 bytes",
            "uploaded 31457280 of 50000000 bytes",
            "uploaded 41943040 of 50000000 bytes",
            "uploaded 50000000 of 50000000 bytes",
            "attached (201 Created) at \"https://outlook.office.com/api/v2.0/attachments/1\"",
            "invalid request: the upload was cancelled, and its session deleted",
        ]
    );
    // The session took five slices of the pattern, the lost one sent again after the program
    // asked the session where to go on.
    assert_eq!(mailbox.uploads(), [(50_000_000, 5, true), (50_000_000, 0, false)]);
    // Two pages, the second by the next link, and one event whose body was the docs' request;
    // one batch of three; two delta rounds, the first of two pages; the session and its slices.
    let user = "/v1.0/users/AdeleV%40contoso.onmicrosoft.com";
    let delta = "/v1.0/users/AdeleV@contoso.onmicrosoft.com/messages/microsoft.graph.delta()";
    let slice = "PUT /upload/0".to_owned();
    assert_eq!(
        mailbox.log(),
        [
            format!("GET {user}/messages?$select=sender,subject&$top=2"),
            "GET /v1.0/users/AdeleV@contoso.onmicrosoft.com/messages?$select=sender,subject&$top=2&$skip=2".to_owned(),
            format!("POST {user}/events"),
            "POST /v1.0/$batch".to_owned(),
            format!("GET {user}/messages?$select=subject&$top=1"),
            format!("GET {user}/messages?$select=subject&$top=1&$skip=1"),
            format!("POST {user}/events"),
            format!("GET {user}/messages/microsoft.graph.delta()"),
            format!("GET {delta}?$skiptoken=2"),
            format!("GET {delta}?$deltatoken=1"),
            format!("POST {user}/messages/AAMkAGUAAAwTW09AAA%3D/attachments/microsoft.graph.createUploadSession"),
            slice.clone(),
            "GET /upload/0".to_owned(),
            slice.clone(),
            slice.clone(),
            slice.clone(),
            slice.clone(),
            slice,
            format!("POST {user}/messages/AAMkAGUAAAwTW09AAA%3D/attachments/microsoft.graph.createUploadSession"),
            "DELETE /upload/1".to_owned(),
        ]
    );
}

/// The scratch crate's test: every docs payload read as its type and written back the same.
const ROUND_TRIP: &str = r#"//! The Graph docs' payloads through the generated types.

use graph::models::{Event, Message, MessageCollectionResponse};
use serde_json::Value;

macro_rules! round_trip {
    ($ty:ty, $value:expr, $what:expr) => {{
        let value: &Value = $value;
        let decoded: $ty = graph::decode(&value.to_string()).unwrap_or_else(|e| panic!("{}: {e} at {}", $what, e.path()));
        assert_eq!(&serde_json::to_value(&decoded).unwrap(), value, "{}", $what);
        decoded
    }};
}

#[test]
fn every_docs_payload_round_trips() {
    let payloads: Value = serde_json::from_str(include_str!("docs-payloads.json")).unwrap();
    let page = round_trip!(MessageCollectionResponse, &payloads["listMessages"], "list messages");
    assert_eq!(page.value.value().map(Vec::len), Some(1));
    for (i, message) in payloads["messages"].as_array().unwrap().iter().enumerate() {
        round_trip!(Message, message, format!("message {i}"));
    }
    for (i, example) in payloads["createEvent"].as_array().unwrap().iter().enumerate() {
        round_trip!(Event, &example["request"], format!("event request {i}"));
        let event = round_trip!(Event, &example["response"], format!("event response {i}"));
        assert!(event.id.value().is_some() && event.series_master_id.is_null(), "event response {i}");
    }
}
"#;

//! The generated client over real HTTP, against the mock Graph server on 127.0.0.1.

use std::time::{Duration, Instant};

use graph_office_config::models::o_data_errors::*;
use graph_office_config::models::*;
use graph_office_config::{http, Client, Error, Nullable, RetryPolicy};
use office_config_tests::mock::MockGraph;

const TOKEN: &str = "test-token-7f3a";

async fn setup(page_size: usize) -> (MockGraph, Client) {
    let mock = MockGraph::start(TOKEN, page_size).await;
    let client = Client::with_base_url(&mock.base_url()).expect("the mock's URL").bearer_token(TOKEN);
    (mock, client)
}

fn windows(name: &str, priority: i32) -> OfficeClientConfiguration {
    WindowsOfficeClientConfiguration {
        display_name: name.into(),
        description: Nullable::Value(format!("{name}, described")),
        priority: Some(priority),
        ..Default::default()
    }
    .into()
}

fn id_of(config: &OfficeClientConfiguration) -> String {
    match config {
        OfficeClientConfiguration::WindowsOfficeClientConfiguration(c) => c.id.clone(),
        OfficeClientConfiguration::WindowsOfficeClientSecurityConfiguration(c) => c.id.clone(),
        OfficeClientConfiguration::Base(c) => c.id.clone(),
    }
    .expect("the service assigns ids")
}

fn api_error(error: &Error) -> (http::StatusCode, &str) {
    match error {
        Error::Api(api) => (api.status, api.body.error.code.as_str()),
        other => panic!("expected an OData error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_whole_flow() {
    let (mock, client) = setup(2).await;
    let configurations = client.office_configuration().client_configurations();

    // Create five configurations; the first is the one the rest of the flow follows.
    let created = configurations.post(&windows("Baseline", 0)).send().await.expect("created");
    assert_eq!(created.status, http::StatusCode::CREATED);
    let id = id_of(&created.body);
    for i in 1..5 {
        configurations.post(&windows(&format!("Config {i}"), i)).send().await.expect("created");
    }

    // Read it back as the derived type it was created as.
    let got = configurations.by_id(&id).get().send().await.expect("read");
    assert_eq!(got.body, created.body);
    let OfficeClientConfiguration::WindowsOfficeClientConfiguration(read) = &got.body else { panic!("{:?}", got.body) };
    assert_eq!(read.additional_properties["@odata.etag"], "W/\"1\"");

    // List in pages of two: three pages, five items, counted.
    let mut pages = configurations.list().count(true).pages();
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("a page").body;
        assert_eq!(page.odata_count, Nullable::Value(5));
        let items = page.value.unwrap_or_default();
        sizes.push(items.len());
        for item in items {
            let OfficeClientConfiguration::WindowsOfficeClientConfiguration(item) = item else { panic!("{item:?}") };
            names.push(item.display_name.into_option().unwrap_or_default());
        }
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(names, ["Baseline", "Config 1", "Config 2", "Config 3", "Config 4"]);
    let filtered = configurations.list().filter("priority gt 2").pages().all_items().await.expect("all pages");
    assert_eq!(filtered.len(), 2);

    // Patch: change the name and clear the description with an explicit null.
    let changes: OfficeClientConfiguration = WindowsOfficeClientConfiguration {
        display_name: Nullable::Value("Baseline v2".to_owned()),
        description: Nullable::Null,
        ..Default::default()
    }
    .into();
    let patched = configurations.by_id(&id).patch(&changes).send().await.expect("patched");
    assert_eq!((patched.status, patched.body), (http::StatusCode::NO_CONTENT, None));
    let got = configurations.by_id(&id).get().send().await.expect("read").body;
    let OfficeClientConfiguration::WindowsOfficeClientConfiguration(after) = got else { panic!() };
    assert_eq!(after.display_name, Nullable::Value("Baseline v2".to_owned()));
    assert_eq!(after.description, Nullable::Null);
    assert_eq!(after.priority, Some(0));
    let etag = after.additional_properties["@odata.etag"].as_str().expect("an etag").to_owned();
    assert_eq!(etag, "W/\"2\"");

    // Assignments: create, list, read, change, delete.
    let item = configurations.by_id(&id);
    let target = |group: &str| -> Nullable<OfficeConfigurationAssignmentTarget> {
        OfficeConfigurationGroupAssignmentTarget { group_id: group.into(), ..Default::default() }.into()
    };
    let assignment = OfficeClientConfigurationAssignment { target: target("group-1"), ..Default::default() };
    let posted = item.assignments().post(&assignment).send().await.expect("assignment created").body;
    let assignment_id = posted.id.clone().expect("an id");
    // What was sent without a type comes back with the one it was sent with.
    let wire = |t: &Nullable<OfficeConfigurationAssignmentTarget>| serde_json::to_value(t).expect("encodable");
    assert_eq!(wire(&posted.target)["@odata.type"], "#microsoft.graph.officeConfigurationGroupAssignmentTarget");
    assert_eq!(wire(&posted.target), wire(&target("group-1")));
    let listed = item.assignments().list().pages().all_items().await.expect("listed");
    assert_eq!(listed, std::slice::from_ref(&posted));
    let one = item.assignments().by_id(&assignment_id).get().send().await.expect("read").body;
    assert_eq!(one, posted);
    let change = OfficeClientConfigurationAssignment { target: target("group-2"), ..Default::default() };
    item.assignments().by_id(&assignment_id).patch(&change).send().await.expect("changed");
    let one = item.assignments().by_id(&assignment_id).get().send().await.expect("read").body;
    assert_eq!(wire(&one.target), wire(&target("group-2")));
    item.assignments().by_id(&assignment_id).delete().send().await.expect("deleted");
    assert!(item.assignments().list().pages().all_items().await.expect("listed").is_empty());

    // The assign action replaces the assignments and returns them wrapped in `value`.
    let body = AssignRequestBody {
        office_configuration_assignments: Some(vec![
            OfficeClientConfigurationAssignment { target: target("g-a"), ..Default::default() },
            OfficeClientConfigurationAssignment { target: target("g-b"), ..Default::default() },
        ]),
        ..Default::default()
    };
    let assigned = item.assign(&body).send().await.expect("assigned").body;
    assert_eq!(assigned.value.as_ref().map(Vec::len), Some(2));
    assert_eq!(item.assignments().list().pages().all_items().await.expect("listed"), assigned.value.unwrap());

    // Media payloads: bytes in, the same bytes out.
    let bytes: Vec<u8> = (0..=255).chain([0, 0xff, b'\r', b'\n']).collect();
    item.policy_payload().put(bytes.clone()).send().await.expect("stored");
    let read = item.policy_payload().get().send().await.expect("read");
    assert_eq!(read.body, bytes);
    assert_eq!(read.headers["content-type"], "application/octet-stream");

    // The priorities action.
    let priorities = UpdatePrioritiesRequestBody {
        office_configuration_policy_ids: Some(vec![Some(id.clone())]),
        office_configuration_priorities: Some(vec![42]),
        ..Default::default()
    };
    configurations.update_priorities(&priorities).send().await.expect("reprioritised");

    // Delete: a stale ETag is refused, the current one is accepted.
    let stale = item.delete().if_match("W/\"1\"").send().await.unwrap_err();
    assert_eq!(api_error(&stale), (http::StatusCode::PRECONDITION_FAILED, "PreconditionFailed"));
    item.delete().if_match(&etag).send().await.expect("deleted");

    // Now it is gone: 404 with the OData error decoded.
    let gone = item.get().send().await.unwrap_err();
    assert_eq!(api_error(&gone), (http::StatusCode::NOT_FOUND, "ResourceNotFound"));
    let Error::Api(api) = &gone else { unreachable!() };
    let inner = api.body.error.inner_error.value().expect("innerError");
    assert_eq!(inner.request_id.value().map(String::as_str), Some("5b1e4c1a-0000-4000-8000-000000000001"));
    assert_eq!(inner.date.value().map(String::as_str), Some("2021-07-13T12:00:00"));
    assert_eq!(gone.to_string(), "404 Not Found: ResourceNotFound: The requested resource does not exist.");
    assert!(mock.log().iter().all(|line| !line.contains("..")));
}

#[tokio::test]
async fn a_wrong_token_gets_the_401_odata_error() {
    let (_mock, client) = setup(2).await;
    let wrong = client.clone().bearer_token("not-the-token");
    let error = wrong.office_configuration().get().send().await.unwrap_err();
    assert_eq!(api_error(&error), (http::StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken"));

    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = asked.clone();
    let refreshing = client.token_callback(move || {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move { Ok(if n == 0 { TOKEN.to_owned() } else { "expired".to_owned() }) }
    });
    refreshing.office_configuration().get().send().await.expect("the first token works");
    let error = refreshing.office_configuration().get().send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 2, "the callback is asked for every request");
}

#[tokio::test]
async fn throttled_requests_honour_retry_after_and_only_idempotent_ones_are_retried() {
    let (mock, client) = setup(2).await;
    mock.throttle_next(1);
    let started = Instant::now();
    let singleton = client.office_configuration().get().send().await.expect("retried after 429");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After was not honoured: {:?}", started.elapsed());
    assert_eq!(singleton.status, http::StatusCode::OK);
    assert_eq!(mock.log().len(), 2);

    // A POST is not idempotent: the 429 comes back to the caller.
    mock.throttle_next(0);
    let error = client.office_configuration().client_configurations().post(&windows("x", 1)).send().await.unwrap_err();
    assert_eq!(api_error(&error), (http::StatusCode::TOO_MANY_REQUESTS, "TooManyRequests"));

    // Unless the caller opts in; and retries stop at the configured maximum.
    let policy = RetryPolicy { retry_non_idempotent: true, max_retries: 2, ..RetryPolicy::default() };
    let eager = client.clone().retry_policy(policy);
    mock.throttle_next(0);
    eager.office_configuration().client_configurations().post(&windows("y", 1)).send().await.expect("retried");
    for _ in 0..3 {
        mock.throttle_next(0);
    }
    let before = mock.log().len();
    let error = eager.office_configuration().get().send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(mock.log().len() - before, 3, "one attempt and two retries");
}

#[tokio::test]
async fn keys_with_slash_and_question_mark_stay_one_segment() {
    let (mock, client) = setup(2).await;
    let configurations = client.office_configuration().client_configurations();
    let tricky = "team/a?b=1#c d%";
    let body: OfficeClientConfiguration =
        WindowsOfficeClientConfiguration { id: Some(tricky.to_owned()), ..Default::default() }.into();
    configurations.post(&body).send().await.expect("created");
    let got = configurations.by_id(tricky).get().send().await.expect("found by its key");
    assert_eq!(id_of(&got.body), tricky);
    let last = mock.log().pop().expect("logged");
    assert_eq!(last, "GET /beta/officeConfiguration/clientConfigurations/team%2Fa%3Fb%3D1%23c%20d%25");
    let error = configurations.by_id("..").get().send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)));
    assert_eq!(mock.log().len(), 2, "the refused request was never sent");
}

#[tokio::test]
async fn bad_bodies_get_an_odata_error_and_bad_responses_a_typed_error() {
    let (mock, client) = setup(2).await;
    // A body the generated models reject: the server answers 400 naming the JSON path.
    let mut request = client.office_configuration().client_configurations().post(&windows("x", 1)).build().unwrap();
    *request.body_mut() = br#"{"priority": "high"}"#.to_vec();
    let response = reqwest::Client::new().execute(reqwest::Request::try_from(request).unwrap()).await.unwrap();
    assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
    let error: ODataError = graph_office_config::decode(&response.text().await.unwrap()).unwrap();
    assert_eq!(error.error.code, "BadRequest");
    assert!(error.error.message.contains("at priority"), "{}", error.error.message);

    // A success with a malformed body, and an error whose body is not an OData error.
    mock.answer_next(http::StatusCode::OK, vec![], r#"{"priority": 1.5}"#.to_owned());
    let error = client.office_configuration().client_configurations().by_id("x").get().send().await.unwrap_err();
    let Error::UnexpectedResponse(response) = &error else { panic!("{error:?}") };
    assert_eq!((response.status, response.text.as_str()), (http::StatusCode::OK, r#"{"priority": 1.5}"#));
    assert!(response.reason.contains("priority"), "{}", response.reason);

    mock.answer_next(http::StatusCode::BAD_GATEWAY, vec![], "<html>upstream</html>".to_owned());
    let error = client.office_configuration().get().send().await.unwrap_err();
    let Error::UnexpectedResponse(response) = &error else { panic!("{error:?}") };
    assert_eq!(response.text, "<html>upstream</html>");
}

#[tokio::test]
async fn paging_stops_on_a_repeated_or_foreign_next_link() {
    let (mock, client) = setup(1).await;
    let configurations = client.office_configuration().client_configurations();
    for i in 0..3 {
        configurations.post(&windows(&format!("c{i}"), i)).send().await.expect("created");
    }
    let repeated = format!("{}/officeConfiguration/clientConfigurations?$skip=1&$top=1", mock.base_url());
    mock.force_next_link(&repeated);
    let mut pages = configurations.list().pages();
    assert!(pages.next_page().await.expect("first").is_ok());
    assert!(pages.next_page().await.expect("second").is_ok());
    let stop = pages.next_page().await.expect("an error, not the end");
    assert!(matches!(stop, Err(Error::Paging(ref reason)) if reason.contains("already followed")), "{stop:?}");
    assert!(pages.next_page().await.is_none());

    mock.force_next_link("http://198.51.100.7/beta/officeConfiguration/clientConfigurations?$skip=1");
    let before = mock.log().len();
    let error = configurations.list().pages().all_items().await.unwrap_err();
    assert!(matches!(&error, Error::Paging(reason) if reason.contains("leaves the service")), "{error}");
    assert_eq!(mock.log().len() - before, 1, "only the first page was requested");
}

#[tokio::test]
async fn abstract_types_without_a_known_odata_type_are_refused_as_graph_refuses_them() {
    let (_mock, client) = setup(2).await;
    let configurations = client.office_configuration().client_configurations();
    let refused = |error: Error| match error {
        Error::Api(api) if api.status == http::StatusCode::BAD_REQUEST => api.body.error.message,
        other => panic!("{other:?}"),
    };
    // A value of the abstract base type says nothing about which configuration to create.
    let base = OfficeClientConfiguration::Base(OfficeClientConfigurationBase {
        display_name: "x".into(),
        ..Default::default()
    });
    let message = refused(configurations.post(&base).send().await.unwrap_err());
    assert_eq!(message, "Cannot create an abstract class.");

    let unknown = OfficeClientConfiguration::Base(OfficeClientConfigurationBase {
        odata_type: Some("#microsoft.graph.macOfficeClientConfiguration".to_owned()),
        ..Default::default()
    });
    let message = refused(configurations.post(&unknown).send().await.unwrap_err());
    assert!(
        message.starts_with("A type named 'microsoft.graph.macOfficeClientConfiguration' could not be resolved"),
        "{message}"
    );

    // The same for an assignment's target, and nothing is stored.
    let created = configurations.post(&windows("typed", 1)).send().await.expect("created").body;
    let item = configurations.by_id(id_of(&created));
    let untyped = OfficeClientConfigurationAssignment {
        target: OfficeConfigurationAssignmentTarget::Base(Default::default()).into(),
        ..Default::default()
    };
    let message = refused(item.assignments().post(&untyped).send().await.unwrap_err());
    assert_eq!(message, "Cannot create an abstract class.");
    let stored = item.assignments().list().send().await.expect("listed").body;
    assert_eq!(stored.value.map(|v| v.len()), Some(0));
}

/// Headers the description does not declare, a timeout and a retry policy, for one request
/// alone; a header that would add another is refused before anything is sent.
#[tokio::test]
async fn a_request_carries_its_own_headers_timeout_and_retry_policy() {
    let (mock, client) = setup(1).await;
    let configurations = client.office_configuration().client_configurations();
    for i in 0..2 {
        configurations.post(&windows(&format!("Config {i}"), i)).send().await.expect("created");
    }

    // The headers reach the service with the first page and the next, as Graph wants them.
    let first = mock.log().len();
    let listed = configurations
        .list()
        .with_header("ConsistencyLevel", "eventual")
        .with_header("Prefer", "odata.maxpagesize=5")
        .with_header("Prefer", "odata.maxpagesize=1")
        .pages()
        .all_items()
        .await
        .expect("both pages");
    assert_eq!(listed.len(), 2);
    let sent = &mock.headers()[first..];
    assert_eq!(sent.len(), 2, "{:?}", mock.log());
    for headers in sent {
        assert_eq!(headers["consistencylevel"], "eventual");
        assert_eq!(headers.get_all("prefer").iter().collect::<Vec<_>>(), ["odata.maxpagesize=1"]);
    }

    // A value with a line break, or a name that is no header name, is refused unsent.
    let before = mock.log().len();
    for (name, value) in [("Prefer", "x\r\nAuthorization: Bearer stolen"), ("Bad Name", "x"), ("X-Null", "a\0b")] {
        let request = configurations.list().with_header(name, value);
        assert!(matches!(request.build(), Err(Error::InvalidRequest(_))), "{name}: {value:?}");
        assert!(matches!(request.send().await, Err(Error::InvalidRequest(_))), "{name}: {value:?}");
    }
    assert_eq!(mock.log().len(), before);

    // A slow answer past the request's own timeout fails it, and soon.
    mock.delay_next(Duration::from_secs(2));
    let started = Instant::now();
    let slow = configurations.list().with_timeout(Duration::from_millis(200)).send().await;
    assert!(matches!(&slow, Err(Error::Transport(e)) if e.is_timeout()), "{slow:?}");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());

    // The client retries a throttled read; a request with a policy of no retries does not.
    mock.throttle_next(0);
    let once = configurations.list().with_retry_policy(RetryPolicy { max_retries: 0, ..Default::default() }).send().await;
    assert_eq!(once.as_ref().err().and_then(Error::status), Some(http::StatusCode::TOO_MANY_REQUESTS));
    mock.throttle_next(0);
    configurations.list().send().await.expect("retried by the client's policy");
}

/// Requests of several operations sent as one batch, each answer read as its own operation's
/// typed body or typed error; dependencies; more than twenty split in order; a throttled
/// request sent again alone; a binary body in base64; a stream refused.
#[tokio::test]
async fn a_batch_sends_many_requests_as_one_and_reads_each_answer_typed() {
    use graph_office_config::runtime::Upload;
    use graph_office_config::Batch;

    let (mock, client) = setup(50).await;
    let office = client.office_configuration();
    let configurations = office.client_configurations();
    let created = configurations.post(&windows("Existing", 1)).send().await.expect("created");
    let existing = configurations.by_id(id_of(&created.body));

    // Three operations in one batch; the list depends on the create, so it sees it.
    let mut batch = Batch::new(&client);
    let singleton = batch.add(office.get());
    let create = batch.add(configurations.post(&windows("Batched", 2)));
    let list = batch.add_after(configurations.list(), [create.id()]);
    let missing = batch.add(configurations.by_id("no-such-id").get());
    let after_missing = batch.add_after(configurations.by_id("no-such-id").get(), [missing.id()]);
    let payload = batch.add(existing.policy_payload().put(vec![0_u8, 159, 146, 150]));
    let read_payload = batch.add_after(existing.policy_payload().get(), [payload.id()]);
    let before = mock.log().len();
    let answers = batch.send().await.expect("the batch is answered");
    assert_eq!(mock.log()[before], "POST /$batch");

    assert_eq!(singleton.read(&answers).expect("the singleton").body.id.as_deref(), Some("singleton"));
    let made = create.read(&answers).expect("created in the batch");
    assert_eq!(made.status, http::StatusCode::CREATED);
    let listed = list.read(&answers).expect("listed").body.value.unwrap_or_default();
    assert_eq!(listed.iter().map(id_of).collect::<Vec<_>>(), [id_of(&created.body), id_of(&made.body)]);
    assert_eq!(api_error(&missing.read(&answers).unwrap_err()), (http::StatusCode::NOT_FOUND, "ResourceNotFound"));
    let failed = after_missing.read(&answers).unwrap_err();
    assert_eq!(failed.status(), Some(http::StatusCode::FAILED_DEPENDENCY));
    assert_eq!(payload.read(&answers).expect("the payload is written").status, http::StatusCode::NO_CONTENT);
    assert_eq!(read_payload.read(&answers).expect("the payload").body, [0_u8, 159, 146, 150]);

    // Forty-five requests go as three batches, in order; a throttled one is sent again
    // alone after its Retry-After, and the rest of its batch is kept.
    let mut batch = Batch::new(&client);
    let reads: Vec<_> = (0..45).map(|_| batch.add(existing.get())).collect();
    mock.throttle_next(0);
    let before = mock.log().len();
    let answers = batch.send().await.expect("every batch is answered");
    let log = &mock.log()[before..];
    assert_eq!(log.iter().filter(|line| *line == "POST /$batch").count(), 4, "{log:?}");
    assert_eq!(log.len(), 4 + 45 + 1, "{log:?}");
    for read in &reads {
        assert_eq!(id_of(&read.read(&answers).expect("read").body), id_of(&created.body));
    }

    // The mock is as strict as Graph: more than twenty requests, or a repeated id, is refused.
    let http = reqwest::Client::new();
    let url = format!("{}/$batch", mock.base_url());
    let request = |id: usize| serde_json::json!({"id": (id % 21 + id / 21).to_string(), "method": "GET", "url": "/officeConfiguration"});
    for (count, why) in [(21, "the limit of 20"), (2, "Duplicate request id")] {
        let ids: Vec<_> = (0..count).map(|i| if count == 2 { request(0) } else { request(i) }).collect();
        let body = serde_json::json!({ "requests": ids }).to_string();
        let sent = http.post(&url).bearer_auth(TOKEN).header("content-type", "application/json").body(body);
        let refused = sent.send().await.unwrap();
        assert_eq!(refused.status(), 400);
        assert!(refused.text().await.unwrap().contains(why));
    }

    // A body read from a stream cannot be written into a batch.
    let mut batch = Batch::new(&client);
    batch.add(existing.policy_payload().put(Upload::stream(OneChunk(Some(b"abc"[..].into())), None)));
    assert!(matches!(batch.build(), Err(Error::InvalidRequest(why)) if why.contains("batch request 1")));
}

/// A stream of one chunk.
struct OneChunk(Option<axum::body::Bytes>);

impl futures_core::Stream for OneChunk {
    type Item = Result<axum::body::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.take().map(Ok))
    }
}

/// Graph's national clouds serve the same paths from their own hosts, signed in to at their
/// own authorities.
#[test]
fn a_national_cloud_serves_the_same_paths_from_its_own_host() {
    use graph_office_config::NationalCloud;
    let client = NationalCloud::UsGovernment.client().bearer_token(TOKEN);
    let request = client.office_configuration().client_configurations().list().build().expect("a request");
    assert_eq!(request.uri(), "https://graph.microsoft.us/beta/officeConfiguration/clientConfigurations");
    assert_eq!(NationalCloud::China.default_scope(), "https://microsoftgraph.chinacloudapi.cn/.default");
    assert_eq!(NationalCloud::UsGovernmentDod.authority_origin(), "https://login.microsoftonline.us");
    assert_eq!(NationalCloud::Global.base_url(), graph_office_config::DEFAULT_BASE_URL);
}

//! Request builders without I/O: the documented requests, URLs, headers and refusals.

use graph_office_config::models::*;
use graph_office_config::requests::{OrderbyClientConfiguration, SelectClientConfiguration};
use graph_office_config::{http, Client, Error};
use office_config_tests::docs;
use serde_json::Value;

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

#[test]
fn each_documented_request_is_built_exactly() {
    let client = Client::new();
    for page in docs::pages() {
        let (method, url) = page.request.start_line.split_once(' ').expect("METHOD URL");
        let body: OfficeClientConfiguration =
            graph_office_config::decode(&page.request.body_text).expect("the docs body");
        let configurations = client.office_configuration().client_configurations();
        let request = match method {
            "PATCH" => configurations.patch(&body).build(),
            "POST" => configurations.post(&body).build(),
            other => panic!("{}: unexpected method {other}", page.file),
        }
        .expect("builds");
        assert_eq!(request.method().as_str(), method, "{}", page.file);
        assert_eq!(request.uri().to_string(), url, "{}", page.file);
        let documented_type = page.request.header("Content-Type").expect("the docs give a Content-Type");
        assert_eq!(header(&request, "content-type"), Some(documented_type), "{}", page.file);
        let sent: Value = serde_json::from_slice(request.body()).expect("a JSON body");
        assert_eq!(sent, page.request.body, "{}", page.file);
    }
}

#[test]
fn keys_are_percent_encoded_and_can_never_change_the_path() {
    let client = Client::with_base_url("http://127.0.0.1:8080/beta").unwrap();
    let configurations = client.office_configuration().client_configurations();
    let cases = [
        ("a/b", "/beta/officeConfiguration/clientConfigurations/a%2Fb"),
        ("x?y#z", "/beta/officeConfiguration/clientConfigurations/x%3Fy%23z"),
        ("100% sure", "/beta/officeConfiguration/clientConfigurations/100%25%20sure"),
        ("..%2F", "/beta/officeConfiguration/clientConfigurations/..%252F"),
        ("ünï", "/beta/officeConfiguration/clientConfigurations/%C3%BCn%C3%AF"),
    ];
    for (id, path) in cases {
        let request = configurations.by_id(id).get().build().unwrap();
        assert_eq!(request.uri().path(), path);
        assert_eq!(request.uri().query(), None, "{id}");
    }
    let nested = configurations.by_id("a/b").assignments().by_id("?").delete().build().unwrap();
    assert_eq!(nested.uri().path(), "/beta/officeConfiguration/clientConfigurations/a%2Fb/assignments/%3F");

    for id in [".", "..", ""] {
        let error = configurations.by_id(id).get().build().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(reason) if reason.contains("cannot be used as a key")),
            "{id:?}: {error}"
        );
        assert!(configurations.by_id(id).assignments().list().build().is_err(), "{id:?} in a parent segment");
    }
}

#[test]
fn query_options_are_typed_encoded_and_keep_their_dollar() {
    let client = Client::with_base_url("https://graph.example/v1.0/").unwrap();
    let request = client
        .office_configuration()
        .client_configurations()
        .list()
        .top(10)
        .skip(5)
        .filter("priority gt 3 and displayName eq 'a&b=c+d#e'")
        .count(true)
        .select([SelectClientConfiguration::Id, SelectClientConfiguration::DisplayName])
        .orderby(["priority desc"])
        .search("\"baseline\"")
        .build()
        .unwrap();
    assert_eq!(request.uri().path(), "/v1.0/officeConfiguration/clientConfigurations");
    assert_eq!(
        request.uri().query(),
        Some(
            "$top=10&$skip=5&$filter=priority%20gt%203%20and%20displayName%20eq%20'a%26b%3Dc%2Bd%23e'&$count=true\
             &$select=id,displayName&$orderby=priority%20desc&$search=%22baseline%22"
        )
    );
    assert_eq!(OrderbyClientConfiguration::from("priority desc"), OrderbyClientConfiguration::PriorityDesc);
    assert_eq!(SelectClientConfiguration::from("future").as_ref(), "future");
}

#[test]
fn headers_bodies_and_tokens() {
    let client = Client::with_base_url("http://127.0.0.1:9/beta").unwrap().bearer_token("s3cret-token");
    let item = client.office_configuration().client_configurations().by_id("c1");

    let delete = item.delete().if_match("W/\"7\"").build().unwrap();
    assert_eq!(delete.method(), http::Method::DELETE);
    assert_eq!(header(&delete, "if-match"), Some("W/\"7\""));
    assert_eq!(header(&delete, "authorization"), Some("Bearer s3cret-token"));
    assert!(delete.headers()["authorization"].is_sensitive());
    assert_eq!(header(&delete, "content-type"), None);
    assert!(delete.body().is_empty());

    let put = item.policy_payload().put(vec![0_u8, 159, 146, 150]).build().unwrap();
    assert_eq!(put.method(), http::Method::PUT);
    assert_eq!(header(&put, "content-type"), Some("application/octet-stream"));
    assert_eq!(put.body(), &[0_u8, 159, 146, 150]);

    let body = AssignRequestBody { office_configuration_assignments: Some(vec![]), ..Default::default() };
    let assign = item.assign(&body).build().unwrap();
    assert_eq!(assign.uri().path(), "/beta/officeConfiguration/clientConfigurations/c1/microsoft.graph.assign");
    assert_eq!(header(&assign, "content-type"), Some("application/json"));
    assert_eq!(assign.body(), br#"{"officeConfigurationAssignments":[]}"#);

    let priorities = UpdatePrioritiesRequestBody::default();
    let update = client.office_configuration().client_configurations().update_priorities(&priorities).build().unwrap();
    assert_eq!(update.uri().path(), "/beta/officeConfiguration/clientConfigurations/microsoft.graph.updatePriorities");

    assert!(!format!("{client:?}").contains("s3cret"), "Debug shows the token: {client:?}");
    for bad in ["line\nbreak", "carriage\rreturn"] {
        let client = client.clone().bearer_token(bad);
        let error = client.office_configuration().get().build().unwrap_err();
        assert!(matches!(&error, Error::InvalidRequest(reason) if reason.contains("line break")), "{error}");
    }
    let error = item.delete().if_match("a\r\nX-Injected: 1").build().unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)));
}

#[test]
fn base_urls_must_be_absolute_http() {
    let bad_urls = [
        "graph.microsoft.com/beta",
        "ftp://example.com",
        "http://example.com/beta?x=1",
        "http://example.com/beta#fragment",
        "http://user:secret@example.com/beta",
        "not a url",
    ];
    for bad in bad_urls {
        assert!(Client::with_base_url(bad).is_err(), "{bad}");
    }
    let request = Client::new().office_configuration().get().build().unwrap();
    assert_eq!(request.uri().to_string(), "https://graph.microsoft.com/beta/officeConfiguration");
    assert_eq!(header(&request, "authorization"), None);
}

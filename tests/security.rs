//! Credentials as a description declares them: a crate generated from a description with
//! every kind of security scheme, and a program that calls a mock server that refuses each
//! request without the credential its operation's `security` asks for.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::Router;
use office_config_tests::root;
use office_config_tests::scratch::Scratch;

/// What each path needs, checked as the service would.
fn accepts(path: &str, query: &str, headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let key = header("x-api-key") == "k-123";
    let in_query = query.split('&').any(|pair| pair == "api_key=q%20456");
    // "Aladdin:open sesame", as RFC 7617 encodes it.
    let basic = header("authorization") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==";
    match path {
        "/api/header" => key,
        "/api/query" => in_query,
        "/api/cookie" => header("cookie") == "session=c789",
        "/api/basic" => basic,
        "/api/default" => header("authorization") == "Bearer jwt-1",
        "/api/token" => header("authorization") == "Token token=pd-1",
        "/api/oauth" => {
            ["Bearer from-source", "Bearer cc-1", "Bearer cc-2", "Bearer cc-3", "Bearer entra:api://guarded/.default"]
                .contains(&header("authorization").as_str())
        }
        "/api/oidc" => header("authorization") == "Bearer oidc-1",
        "/api/either" => key || basic,
        "/api/both" => key && in_query,
        "/api/open" => header("authorization").is_empty() && header("x-api-key").is_empty(),
        _ => false,
    }
}

const PROGRAM: &str = r#"
use std::sync::Arc;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use guarded::Client;

/// An Azure Identity credential, as `azure_identity`'s are: its token names the scopes asked for.
#[derive(Debug)]
struct Entra;

#[async_trait::async_trait]
impl TokenCredential for Entra {
    async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        let expires = azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1);
        Ok(AccessToken::new(format!("entra:{}", scopes.join(",")), expires))
    }
}

async fn show<O: guarded::request::Operation>(name: &str, request: guarded::request::Request<O>) {
    match request.send().await {
        Ok(response) => println!("{name} {}", response.status.as_u16()),
        Err(error) => println!("{name} {}", error.status().map_or(0, |s| s.as_u16())),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = std::env::var("GUARDED_URL").unwrap();
    let bare = Client::with_base_url(&base).unwrap();
    let client = bare
        .clone()
        .key_header("k-123")
        .key_query("q 456")
        .key_cookie("c789")
        .basic_credentials("Aladdin", "open sesame")
        .bearer("jwt-1")
        .pagerduty("token=pd-1")
        .oauth_credentials_source(|| async { Ok("from-source".to_owned()) })
        .oidc_credentials("oidc-1");
    // No secret shows in the client's `Debug` form.
    let shown = format!("{client:?}");
    assert!(!shown.contains("k-123") && !shown.contains("jwt-1") && !shown.contains("sesame"), "{shown}");
    for (name, client) in [("with", &client), ("without", &bare)] {
        show(&format!("{name} header"), client.header().get()).await;
        show(&format!("{name} query"), client.query().get()).await;
        show(&format!("{name} cookie"), client.cookie().get()).await;
        show(&format!("{name} basic"), client.basic().get()).await;
        show(&format!("{name} default"), client.default_path().get()).await;
        show(&format!("{name} token"), client.token().get()).await;
        show(&format!("{name} oauth"), client.oauth().get()).await;
        show(&format!("{name} oidc"), client.oidc().get()).await;
        show(&format!("{name} both"), client.both().get()).await;
        show(&format!("{name} open"), client.open().get()).await;
    }
    // Either alternative will do: the API key alone, or Basic alone.
    show("key either", bare.clone().key_header("k-123").either().get()).await;
    show("basic either", bare.clone().basic_credentials("Aladdin", "open sesame").either().get()).await;
    // The client credentials grant: one token for two requests while it is good, and a new
    // one for each request when it expires within a minute.
    let granted = bare.clone().oauth_client_credentials("app", "s3 cret", ["read"]);
    show("grant oauth", granted.oauth().get()).await;
    show("grant oauth", granted.oauth().get()).await;
    let short = bare.clone().oauth_client_credentials("short-lived", "s3 cret", ["read"]);
    show("short oauth", short.oauth().get()).await;
    show("short oauth", short.oauth().get()).await;
    let refused = bare.clone().oauth_client_credentials("app", "wrong", ["read"]);
    match refused.oauth().get().send().await {
        Err(guarded::runtime::Error::InvalidRequest(message)) => println!("refused {}", message.contains("401")),
        other => println!("refused {other:?}"),
    }
    // An Azure Identity credential, asked for the scopes given.
    let entra = bare.clone().oauth_token_credential(Arc::new(Entra), ["api://guarded/.default"]);
    show("entra oauth", entra.oauth().get()).await;
    // A request built for another HTTP stack carries what needs no callback.
    let built = client.basic().get().build().unwrap();
    println!("built basic {}", built.headers()["authorization"].to_str().unwrap());
}
"#;

#[test]
fn every_kind_of_security_scheme_is_sent_where_the_description_asks_for_it() {
    let mut scratch = Scratch::new();
    let spec = root().join("tests/fixtures/specs/security.yaml");
    scratch.generate("guarded", &spec).unwrap_or_else(|e| panic!("{e}"));
    let manifest =
        "[package]\nname = \"guarded-program\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                    [dependencies]\nguarded = { path = \"../guarded\", features = [\"azure-identity\"] }\n\
                    tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\
                    async-trait = \"0.1\"\n\
                    azure_core = { version = \"1\", default-features = false }\n";
    scratch.program("guarded-program", manifest, PROGRAM).unwrap_or_else(|e| panic!("{e}"));

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let address = runtime.block_on(async move {
        let issued = Arc::new(Mutex::new(0));
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: String| {
            let (log, issued) = (log.clone(), issued.clone());
            async move {
                log.lock().unwrap().push(uri.to_string());
                if uri.path() == "/oauth2/token" {
                    // RFC 6749's client credentials grant, the secret in the form.
                    let form = |id: &str| {
                        format!("grant_type=client_credentials&client_id={id}&client_secret=s3%20cret&scope=read")
                    };
                    let lifetime = match body.as_str() {
                        b if b == form("app") => 3600,
                        b if b == form("short-lived") => 30,
                        _ => {
                            return (StatusCode::UNAUTHORIZED, [("content-type", "application/json")], "{}".to_owned())
                        }
                    };
                    let mut issued = issued.lock().unwrap();
                    *issued += 1;
                    let token = format!("{{\"access_token\": \"cc-{issued}\", \"expires_in\": {lifetime}}}");
                    return (StatusCode::OK, [("content-type", "application/json")], token);
                }
                if accepts(uri.path(), uri.query().unwrap_or_default(), &headers) {
                    (StatusCode::OK, [("content-type", "application/json")], "{\"ok\": true}".to_owned())
                } else {
                    (StatusCode::UNAUTHORIZED, [("content-type", "application/json")], "{}".to_owned())
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        address
    });
    let stdout = scratch.run("guarded-program", &[("GUARDED_URL", format!("http://{address}/api"))]);
    let mut expected: Vec<String> = Vec::new();
    for (name, status) in [("with", 200), ("without", 401)] {
        for path in ["header", "query", "cookie", "basic", "default", "token", "oauth", "oidc", "both"] {
            expected.push(format!("{name} {path} {status}"));
        }
        expected.push(format!("{name} open 200"));
    }
    expected.extend(["key either 200", "basic either 200"].map(str::to_owned));
    expected.extend(
        ["grant oauth 200", "grant oauth 200", "short oauth 200", "short oauth 200", "refused true", "entra oauth 200"]
            .map(str::to_owned),
    );
    expected.push("built basic Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned());
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    // The query key went only where a scheme asked for it.
    let log = seen.lock().unwrap();
    let keyed: Vec<&String> = log.iter().filter(|uri| uri.contains("api_key=")).collect();
    assert_eq!(keyed, ["/api/query?api_key=q%20456", "/api/both?api_key=q%20456"]);
    // One token for the long-lived grant's two requests, one for each of the short-lived grant's,
    // and a refused attempt.
    assert_eq!(log.iter().filter(|uri| *uri == "/oauth2/token").count(), 4);
}

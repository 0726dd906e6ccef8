//! The program `cargo xtask bench --batch` runs, once per measurement: GETs of the
//! `officeConfiguration` singleton through the generated client, sent one by one or as
//! batches, to a server in this process that answers every call after a fixed latency. It
//! prints `seconds calls`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, Method, Uri};
use axum::response::Response;
use graph_office_config::{Batch, Client};
use serde_json::{json, Value};

/// The singleton every GET answers with.
fn singleton() -> Value {
    json!({"@odata.type": "#microsoft.graph.officeConfiguration", "id": "singleton"})
}

fn respond(body: &Value) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.to_string().into())
        .unwrap_or_default()
}

/// Serves the singleton and `$batch` of it, each call after `latency`, counting the calls.
async fn serve(latency: Duration, calls: Arc<AtomicU64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, body: Bytes| {
        let calls = calls.clone();
        async move {
            calls.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(latency).await;
            if method == Method::POST && uri.path() == "/beta/$batch" {
                let batch: Value = serde_json::from_slice(&body).unwrap_or_default();
                let answers: Vec<Value> = (batch["requests"].as_array().into_iter().flatten())
                    .map(|request| {
                        json!({"id": request["id"], "status": 200,
                               "headers": {"Content-Type": "application/json"}, "body": singleton()})
                    })
                    .collect();
                return respond(&json!({ "responses": answers }));
            }
            respond(&singleton())
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/beta")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let requests: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let latency = Duration::from_millis(args.next().and_then(|n| n.parse().ok()).unwrap_or(20));
    let calls = Arc::new(AtomicU64::new(0));
    let base = serve(latency, calls.clone()).await;
    let client = Client::with_base_url(&base).expect("a URL").bearer_token("token");
    let office = client.office_configuration();
    let started = Instant::now();
    match mode.as_str() {
        "single" => {
            for _ in 0..requests {
                let read = office.get().send().await.expect("an answer");
                assert_eq!(read.body.id.as_deref(), Some("singleton"));
            }
        }
        "batched" => {
            let mut batch = Batch::new(&client);
            let handles: Vec<_> = (0..requests).map(|_| batch.add(office.get())).collect();
            let answers = batch.send().await.expect("every batch answered");
            for handle in handles {
                assert_eq!(handle.read(&answers).expect("an answer").body.id.as_deref(), Some("singleton"));
            }
        }
        other => panic!("unknown mode `{other}`"),
    }
    println!("{} {}", started.elapsed().as_secs_f64(), calls.load(Ordering::Relaxed));
}

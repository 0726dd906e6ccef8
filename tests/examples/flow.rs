//! The whole client flow against the mock Graph server on 127.0.0.1:
//! `cargo run -p office-config-tests --example flow`.

use graph_office_config::models::*;
use graph_office_config::{Client, Error, Nullable};
use office_config_tests::mock::MockGraph;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mock = MockGraph::start("example-token", 2).await;
    println!("mock Graph at {}", mock.base_url());
    let client = Client::with_base_url(&mock.base_url())?.bearer_token("example-token");
    let configurations = client.office_configuration().client_configurations();

    for (i, name) in ["Security baseline", "Updates", "Add-ins"].into_iter().enumerate() {
        let config = WindowsOfficeClientConfiguration {
            display_name: name.into(),
            priority: Some(i32::try_from(i).unwrap_or_default()),
            ..Default::default()
        };
        let created = configurations.post(&config.into()).send().await?;
        println!("created {:?} ({})", name, created.status);
    }

    let mut pages = configurations.list().top(2).pages();
    let mut first_id = None;
    while let Some(page) = pages.next_page().await {
        let page = page?.body;
        for config in page.value.unwrap_or_default() {
            if let OfficeClientConfiguration::WindowsOfficeClientConfiguration(windows) = config {
                println!("listed {:?} with priority {:?}", windows.display_name.value(), windows.priority);
                first_id = first_id.or(windows.id);
            }
        }
    }
    let id = first_id.expect("the list is not empty");

    let clear_description = WindowsOfficeClientConfiguration { description: Nullable::Null, ..Default::default() };
    configurations.by_id(&id).patch(&clear_description.into()).send().await?;
    configurations.by_id(&id).policy_payload().put(b"<policy/>".to_vec()).send().await?;
    let payload = configurations.by_id(&id).policy_payload().get().send().await?.body;
    println!("policy payload: {}", String::from_utf8_lossy(&payload));

    configurations.by_id(&id).delete().send().await?;
    match configurations.by_id(&id).get().send().await {
        Err(error @ Error::Api(_)) => println!("after delete: {error}"),
        other => println!("after delete, unexpectedly: {other:?}"),
    }
    Ok(())
}

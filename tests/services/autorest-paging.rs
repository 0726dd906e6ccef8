//! Against the Azure SDK's test server, through the client generated from its Swagger 2.0
//! `paging.json`: a collection whose operation names its items and next link with
//! `x-ms-pageable` (`values`, `nextLink`), read a page at a time and then whole.

use autorest_paging_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let client = Client::with_base_url(&url).expect("a valid URL");
    let multiple = client.paging().multiple();

    let first = multiple.list().send().await?.body;
    let names: Vec<String> = first.values.value().into_iter().flatten().filter_map(|p| p.properties.value()?.name.value().cloned()).collect();
    println!("first page: {names:?}, next {:?}", first.next_link.value());

    let mut pages = multiple.list().pages();
    let mut count = 0;
    while let Some(page) = pages.next_page().await {
        let page = page?;
        count += 1;
        if page.body.next_link.value().is_none() {
            println!("{count} pages, the last without a next link");
        }
    }
    let all = multiple.list().pages().all_items().await?;
    let ids: Vec<i64> = all.iter().filter_map(|p| p.properties.value()?.id.value().copied()).collect();
    println!("{} products in all: ids {ids:?}", all.len());

    let single = client.paging().single().list().pages().all_items().await?;
    println!("a single page: {} product", single.len());
    Ok(())
}

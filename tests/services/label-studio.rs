//! Against a Label Studio server, signed in with a user token: projects created as JSON and
//! as a form, listed a page at a time, read, updated and deleted, tasks imported as JSON and
//! uploaded as a file in a multipart form, every task downloaded as a file, and the error of
//! reading a deleted project.

use label_studio_client::models::{ImportApiRequest, PatchedProjectRequest, ProjectRequest};
use label_studio_client::requests::ApiProjectsImportCreateForm;
use label_studio_client::runtime::Upload;
use label_studio_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("SERVICE_URL").expect("SERVICE_URL names the server");
    let token = std::env::var("LABEL_STUDIO_TOKEN").expect("LABEL_STUDIO_TOKEN is the user's token");
    let client = Client::with_base_url(&url).expect("a valid URL").token(format!("Token {token}"));
    let projects = client.api().projects();

    let config = r#"<View><Text name="text" value="$text"/><Choices name="mood" toName="text"><Choice value="good"/><Choice value="bad"/></Choices></View>"#;
    let mut ids = Vec::new();
    for i in 1..=3 {
        let project = ProjectRequest { title: format!("Batch {i}").into(), label_config: config.into(), ..Default::default() };
        // The last is sent as a form, which the server takes as well as JSON.
        let created = match i {
            3 => projects.post_form(&project).send().await?,
            _ => projects.post(&project).send().await?,
        };
        println!("created project {} {:?}", created.id, created.title.value());
        assert_eq!(created.title.value(), Some(&format!("Batch {i}")));
        assert_eq!(created.label_config.value().map(String::as_str), Some(config));
        ids.push(created.id);
    }

    let mut page = 1;
    loop {
        let listed = projects.get().page(page).page_size(2).send().await?;
        let titles: Vec<_> = listed.results.iter().map(|p| p.title.value().cloned().unwrap_or_default()).collect();
        println!("page {page} of {} projects: {titles:?}", listed.count);
        if listed.next.value().is_none() {
            break;
        }
        page += 1;
    }

    let first = projects.by_id(ids[0]);
    let tasks: Vec<ImportApiRequest> = ["great", "awful"]
        .iter()
        .map(|text| ImportApiRequest::new([("text".to_owned(), serde_json::json!(text))].into_iter().collect::<serde_json::Map<_, _>>()))
        .collect();
    let imported = first.import().post(&tasks).send().await?;
    println!("imported {:?} tasks", imported.task_count.value());

    // A file of tasks, uploaded as a multipart form, which the server reads by its extension.
    let csv = Upload::bytes(&b"text\nso-so\nfine\n"[..]).file_name("tasks.csv").content_type("text/csv");
    let uploaded = first.import().post_multipart(ApiProjectsImportCreateForm::new(csv)).send().await?;
    println!("uploaded {:?} tasks", uploaded.task_count.value());

    // Every task, downloaded as a JSON file in chunks as it arrives.
    let export = first.export().get().export_type("JSON").download_all_tasks(true);
    let mut export = export.send_streaming().await?.into_body();
    let mut file = Vec::new();
    while let Some(chunk) = export.chunk().await {
        file.extend_from_slice(&chunk?);
    }
    let exported: Vec<serde_json::Value> = serde_json::from_slice(&file).expect("the export is JSON");
    let mut texts: Vec<&str> = exported.iter().filter_map(|task| task["data"]["text"].as_str()).collect();
    texts.sort();
    println!("exported {} tasks: {texts:?}", exported.len());

    let rename = PatchedProjectRequest { title: "Moods".into(), ..Default::default() };
    first.patch(&rename).send().await?;
    let read = first.get().send().await?;
    println!("read back: {:?} with {:?} tasks", read.title.value(), read.task_number);

    for id in &ids {
        projects.by_id(id).delete().send().await?;
    }
    match first.get().send().await {
        Err(error) => println!("read after deleting: {:?} {error}", error.status()),
        Ok(project) => panic!("a deleted project was read: {project:?}"),
    }
    Ok(())
}

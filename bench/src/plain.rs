//! The baseline: the same shapes as plain `#[derive]` structs with `Option` fields,
//! which drop unknown properties, cannot tell `null` from absent, and read date-times
//! and the polymorphic type as plain strings.

use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionResponse {
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub odata_context: Option<String>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub odata_next_link: Option<String>,
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    pub odata_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Vec<Configuration>>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Configuration {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_payload: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_preference_payload: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_checkin_summary: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkin_statuses: Option<Vec<Status>>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub succeeded_user_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_user_count: Option<i32>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_platform_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was_successful: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkin_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_policies: Option<Vec<Option<String>>>,
}

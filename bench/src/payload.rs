//! A deterministic collection response of Office client configurations, about 1 KB
//! per item, with check-in statuses, nulls, unknown properties and annotations.

use std::fmt::Write;

/// The JSON text of a collection response with `items` configurations.
pub fn collection(items: usize) -> String {
    let mut out = String::with_capacity(items * 1100);
    out.push_str(r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#officeConfiguration/clientConfigurations","@odata.count":"#);
    write!(out, "{items},\"value\":[").expect("writing to a String");
    for i in 0..items {
        if i > 0 {
            out.push(',');
        }
        let kind = ["windowsOfficeClientConfiguration", "windowsOfficeClientSecurityConfiguration"][i % 2];
        write!(
            out,
            r##"{{"@odata.type":"#microsoft.graph.{kind}","@odata.etag":"W/\"{i}\"","id":"{i:08x}-cc61-5e83-61cc-835e61cc835e","displayName":"Configuration {i}","description":{description},"priority":{priority},"policyPayload":"PHBvbGljeSBpZD0ie2l9Ii8-","userPreferencePayload":null,"rolloutRing@custom.annotation":"ring-{ring}","userCheckinSummary":{{"@odata.type":"#microsoft.graph.officeUserCheckinSummary","succeededUserCount":{succeeded},"failedUserCount":{failed}}},"checkinStatuses":["##,
            description = if i % 3 == 0 { "null".to_owned() } else { format!("\"Policy set number {i} for managed devices\"") },
            priority = i % 50,
            ring = i % 4,
            succeeded = i * 7 % 1000,
            failed = i % 13,
        )
        .expect("writing to a String");
        for s in 0..2 {
            if s > 0 {
                out.push(',');
            }
            write!(
                out,
                r##"{{"@odata.type":"#microsoft.graph.officeClientCheckinStatus","userPrincipalName":"user{i}.{s}@contoso.com","deviceName":"DEVICE-{i}-{s}","devicePlatform":"Windows","devicePlatformVersion":"10.0.19043.{s}","wasSuccessful":{ok},"userId":"{i:08x}-0000-4000-8000-{s:012x}","checkinDateTime":"2021-07-{day:02}T09:41:27.1234567+02:00","errorMessage":{error},"appliedPolicies":["policy-a","policy-{s}",null],"clientVersion":"16.0.{i}"}}"##,
                ok = (i + s) % 5 != 0,
                day = 1 + (i + s) % 28,
                error = if (i + s) % 5 == 0 { "\"The policy payload could not be retrieved.\"" } else { "null" },
            )
            .expect("writing to a String");
        }
        out.push_str("]}");
    }
    out.push_str("],\"@odata.nextLink\":\"https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations?$skiptoken=abc\"}");
    out
}

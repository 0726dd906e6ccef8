//! The fidelity promises of the generated models, each with payloads of its own.

use graph_office_config::models::o_data_errors::*;
use graph_office_config::models::*;
use graph_office_config::{decode, Base64Url, DateTimeOffset, Nullable};
use office_config_tests::{examples, roundtrip, spec};
use proptest::prelude::*;
use serde_json::{json, Value};

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("models always serialize")
}

fn decode_value<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, graph_office_config::DecodeError> {
    decode(&value.to_string())
}

#[test]
fn null_and_absent_stay_apart() {
    let body = json!({"description": null, "displayName": "Baseline"});
    let config: WindowsOfficeClientConfiguration = decode_value(&body).unwrap();
    assert_eq!(config.description, Nullable::Null);
    assert_eq!(config.display_name, Nullable::Value("Baseline".to_owned()));
    assert_eq!(config.policy_payload, Nullable::Absent);
    assert_eq!(config.priority, None);
    assert_eq!(encode(&config), body);

    // The same type builds PATCH bodies: only what is set is sent, and Null clears.
    let patch =
        WindowsOfficeClientConfiguration { description: Nullable::Null, priority: Some(3), ..Default::default() };
    assert_eq!(encode(&patch), json!({"description": null, "priority": 3}));
    assert_eq!(encode(&WindowsOfficeClientConfiguration::default()), json!({}));
}

#[test]
fn a_struct_with_required_properties_is_built_with_new_and_the_rest_left_out() {
    // `new` takes the required properties in the schema's order, each as anything that
    // converts into it; every optional property stays absent.
    let mut error = ODataError::new(MainError::new("badRequest", "Priority must be positive"));
    assert_eq!(encode(&error), json!({"error": {"code": "badRequest", "message": "Priority must be positive"}}));
    error.error.target = "priority".into();
    error.error.details = vec![ErrorDetails::new("range", String::from("at least 1"))].into();
    let body = json!({"error": {"code": "badRequest", "message": "Priority must be positive", "target": "priority",
                                "details": [{"code": "range", "message": "at least 1"}]}});
    assert_eq!(encode(&error), body);
    assert_eq!(decode_value::<ODataError>(&body).unwrap(), error);
    // A struct without required properties keeps `Default`, and an optional value converts.
    let patch = WindowsOfficeClientConfiguration {
        priority: Some(2),
        description: Some("x".to_owned()).into(),
        ..Default::default()
    };
    assert_eq!(encode(&patch), json!({"description": "x", "priority": 2}));
    let unset: Nullable<String> = None.into();
    assert_eq!(unset, Nullable::Absent);
}

#[test]
fn a_non_nullable_property_refuses_null() {
    let error = decode::<OfficeUserCheckinSummary>(r#"{"failedUserCount": null}"#).unwrap_err();
    assert_eq!(error.path(), "failedUserCount");
    assert!(error.to_string().contains("expected i32"), "{error}");
}

#[test]
fn empty_arrays_stay_empty_arrays() {
    let body = json!({"checkinStatuses": [], "assignments": [], "id": "x"});
    let config: OfficeClientConfiguration = decode_value(&body).unwrap();
    let OfficeClientConfiguration::Base(base) = &config else {
        panic!("no @odata.type means the base type: {config:?}")
    };
    assert_eq!(base.checkin_statuses, Some(vec![]));
    assert_eq!(encode(&config), body);
    let status: OfficeClientCheckinStatus = decode_value(&json!({"appliedPolicies": []})).unwrap();
    assert_eq!(status.applied_policies, Some(vec![]));
    assert_eq!(encode(&status), json!({"appliedPolicies": []}));
}

/// Adds unknown properties and instance annotations to an object, recursively.
fn decorate(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), decorate(v))).collect();
            out.insert("@odata.etag".into(), json!("W/\"JzEtQ2xpZW50Q29uZmlndXJhdGlvbic=\""));
            out.insert("futureProperty".into(), json!({"nested": [1, null, {"deep": true}], "n": 1.5e300}));
            out.insert("displayName@odata.type".into(), json!("#String"));
            out.insert("emptyList".into(), json!([]));
            out.insert("nothing".into(), Value::Null);
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(decorate).collect()),
        other => other.clone(),
    }
}

#[test]
fn unknown_properties_and_annotations_survive_on_every_object_type() {
    let spec = spec();
    let mut checked = std::collections::BTreeSet::new();
    for example in examples(&spec) {
        let decorated = decorate(&example.value);
        assert_eq!(
            roundtrip(&example.schema, &decorated).as_ref(),
            Ok(&decorated),
            "{} lost something",
            example.pointer
        );
        checked.insert(example.schema);
    }
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    assert_eq!(checked.len(), schemas.len(), "every schema was decorated and round-tripped");
}

#[test]
fn odata_type_keeps_its_exact_text_and_dispatches_with_or_without_hash() {
    for tag in ["#microsoft.graph.windowsOfficeClientConfiguration", "microsoft.graph.windowsOfficeClientConfiguration"]
    {
        let body = json!({"@odata.type": tag, "id": "1", "priority": 2});
        let config: OfficeClientConfiguration = decode_value(&body).unwrap();
        let OfficeClientConfiguration::WindowsOfficeClientConfiguration(windows) = &config else {
            panic!("{tag} chose {config:?}")
        };
        assert_eq!(windows.odata_type.as_deref(), Some(tag));
        assert_eq!(encode(&config), body);
    }
    let security = json!({"@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration"});
    assert!(matches!(
        decode_value::<OfficeClientConfiguration>(&security).unwrap(),
        OfficeClientConfiguration::WindowsOfficeClientSecurityConfiguration(_)
    ));
}

#[test]
fn derived_values_built_in_code_are_written_with_their_discriminator() {
    let config = WindowsOfficeClientConfiguration { display_name: "Baseline".into(), ..Default::default() };
    // Sent as itself, the type is known from where it goes and nothing is added.
    assert_eq!(serde_json::to_string(&config).unwrap(), r#"{"displayName":"Baseline"}"#);
    let body: OfficeClientConfiguration = config.into();
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r##"{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","displayName":"Baseline"}"##
    );
    let target = OfficeConfigurationGroupAssignmentTarget { group_id: "g".into(), ..Default::default() };
    let assignment = OfficeClientConfigurationAssignment { target: target.into(), ..Default::default() };
    assert_eq!(
        serde_json::to_string(&assignment).unwrap(),
        r##"{"target":{"@odata.type":"#microsoft.graph.officeConfigurationGroupAssignmentTarget","groupId":"g"}}"##
    );
    // A discriminator that was set, even to another spelling, is written as it is.
    let spelled = WindowsOfficeClientSecurityConfiguration {
        odata_type: Some("microsoft.graph.windowsOfficeClientSecurityConfiguration".to_owned()),
        ..Default::default()
    };
    let spelled = OfficeClientConfiguration::from(spelled);
    assert_eq!(encode(&spelled), json!({"@odata.type": "microsoft.graph.windowsOfficeClientSecurityConfiguration"}));
    // The base variant has no derived type to name, so nothing is added to it.
    assert_eq!(encode(&OfficeClientConfiguration::default()), json!({}));
}

#[test]
fn the_discriminator_is_found_when_it_is_not_the_first_property() {
    let body = json!({"id": "9", "displayName": "late", "@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration"});
    let text = r##"{"id": "9", "displayName": "late", "@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration"}"##;
    let config: OfficeClientConfiguration = decode(text).unwrap();
    assert!(matches!(config, OfficeClientConfiguration::WindowsOfficeClientSecurityConfiguration(_)), "{config:?}");
    assert_eq!(encode(&config), body);

    // Such an object is read as the base type first, so errors still name their exact path.
    let bad =
        r##"{"value": [{"priority": "high", "@odata.type": "#microsoft.graph.windowsOfficeClientConfiguration"}]}"##;
    let error = decode::<OfficeClientConfigurationCollectionResponse>(bad).unwrap_err();
    assert_eq!(error.path(), "value[0].priority");
}

#[test]
fn the_documented_base_type_body_and_unknown_derived_types_round_trip() {
    let documented = json!({
        "@odata.type": "#microsoft.graph.officeClientConfiguration",
        "userPreferencePayload": "Stream",
        "priority": 8,
    });
    let config: OfficeClientConfiguration = decode_value(&documented).unwrap();
    let OfficeClientConfiguration::Base(base) = &config else { panic!("{config:?}") };
    assert_eq!(base.priority, Some(8));
    assert_eq!(encode(&config), documented);

    let future = json!({
        "@odata.type": "#microsoft.graph.macOfficeClientConfiguration",
        "id": "m1",
        "displayName": "Mac",
        "macOnlySetting": {"level": 3, "channels": ["current", "beta"]},
        "checkinStatuses": [{"userId": "u", "wasSuccessful": true, "checkinDateTime": "2021-01-01T00:00:00Z"}],
    });
    let config: OfficeClientConfiguration = decode_value(&future).unwrap();
    let OfficeClientConfiguration::Base(base) = &config else { panic!("{config:?}") };
    assert_eq!(base.additional_properties["macOnlySetting"], future["macOnlySetting"]);
    assert_eq!(base.checkin_statuses.as_ref().map(Vec::len), Some(1));
    assert_eq!(encode(&config), future);
}

#[test]
fn the_assignment_target_hierarchy_dispatches_the_same_way() {
    let body = json!({
        "id": "a1",
        "target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": "g1"},
    });
    let assignment: OfficeClientConfigurationAssignment = decode_value(&body).unwrap();
    let Nullable::Value(OfficeConfigurationAssignmentTarget::OfficeConfigurationGroupAssignmentTarget(group)) =
        &assignment.target
    else {
        panic!("{assignment:?}")
    };
    assert_eq!(group.group_id, Nullable::Value("g1".to_owned()));
    assert_eq!(encode(&assignment), body);

    let unknown =
        json!({"id": "a2", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "scope": 1}});
    let assignment: OfficeClientConfigurationAssignment = decode_value(&unknown).unwrap();
    assert!(matches!(assignment.target, Nullable::Value(OfficeConfigurationAssignmentTarget::Base(_))));
    assert_eq!(encode(&assignment), unknown);

    let cleared = json!({"target": null});
    let assignment: OfficeClientConfigurationAssignment = decode_value(&cleared).unwrap();
    assert_eq!(assignment.target, Nullable::Null);
    assert_eq!(encode(&assignment), cleared);
}

#[test]
fn date_times_keep_their_text_and_are_typed() {
    for text in ["2017-01-01T00:03:20.8895305+03:00", "2016-12-31T23:56:50.069086+00:00", "2021-07-13T07:02:11Z"] {
        let body = json!({"checkinDateTime": text, "userId": "u"});
        let status: OfficeClientCheckinStatus = decode_value(&body).unwrap();
        let when = status.checkin_date_time.as_ref().unwrap();
        assert_eq!(when.as_str(), text);
        assert_eq!(encode(&status), body);
    }
    let when = DateTimeOffset::parse("2017-01-01T00:03:20.8895305+03:00").unwrap();
    assert_eq!(when.value().unix_timestamp(), 1_483_218_200);
    assert_eq!(when.value().nanosecond(), 889_530_500);
    assert_eq!(when.value().offset().whole_hours(), 3);
}

#[test]
fn text_that_is_not_an_rfc_3339_date_time_is_rejected_with_its_path() {
    for bad in [
        json!("2021-07-13T12:00:00"),
        json!("2021-02-30T00:00:00Z"),
        json!("yesterday"),
        json!(1_626_170_400),
        json!(""),
    ] {
        let body = json!({"checkinStatuses": [{"checkinDateTime": "2021-07-13T12:00:00Z"}, {"checkinDateTime": bad}]});
        let error = decode_value::<OfficeClientConfiguration>(&body).unwrap_err();
        assert_eq!(error.path(), "checkinStatuses[1].checkinDateTime", "{bad}: {error}");
        assert!(error.to_string().contains("RFC 3339"), "{error}");
    }
}

#[test]
fn stream_properties_keep_their_text_and_decode_on_request() {
    let body = json!({"policyPayload": "Stream", "userPreferencePayload": "eyJ0aGVtZSI6ImRhcmsifQ"});
    let config: WindowsOfficeClientConfiguration = decode_value(&body).unwrap();
    let policy = config.policy_payload.value().unwrap();
    assert_eq!(policy.as_str(), "Stream");
    let preferences = config.user_preference_payload.value().unwrap();
    assert_eq!(preferences.decode().unwrap(), br#"{"theme":"dark"}"#);
    assert_eq!(encode(&config), body);

    assert!(Base64Url::from_text("not base64!").decode().is_err());
    assert_eq!(Base64Url::encode([0xfb, 0xff]).as_str(), "-_8");
    assert_eq!(Base64Url::from_text("-_8=").decode().unwrap(), [0xfb, 0xff]);
}

#[test]
fn int32_properties_reject_what_is_not_an_int32() {
    for bad in [json!(2_147_483_648_i64), json!(-2_147_483_649_i64), json!(8.5), json!(8.0), json!("8"), json!(true)] {
        let body = json!({"userCheckinSummary": {"succeededUserCount": bad}});
        let error = decode_value::<WindowsOfficeClientConfiguration>(&body).unwrap_err();
        assert_eq!(error.path(), "userCheckinSummary.succeededUserCount", "{bad}");
    }
    for good in [2_147_483_647_i64, -2_147_483_648, 0] {
        let body = json!({"priority": good});
        assert_eq!(encode(&decode_value::<WindowsOfficeClientConfiguration>(&body).unwrap()), body);
    }
}

#[test]
fn errors_name_the_json_path_and_position() {
    let text = r##"{
  "@odata.type": "#microsoft.graph.windowsOfficeClientConfiguration",
  "checkinStatuses": [
    {"userId": "u", "checkinDateTime": "not a date"}
  ]
}"##;
    let error = decode::<OfficeClientConfiguration>(text).unwrap_err();
    assert_eq!(error.path(), "checkinStatuses[0].checkinDateTime");
    assert_eq!(error.line(), 4);
    assert!(error.to_string().starts_with("at `checkinStatuses[0].checkinDateTime`: "), "{error}");

    let error = decode::<ODataError>(r#"{"error": {"code": "x"}}"#).unwrap_err();
    assert_eq!(error.path(), "error");
    assert!(error.to_string().contains("missing field `message`"), "{error}");

    let error = decode::<OfficeUserCheckinSummary>(r#"{"failedUserCount": 1, "failedUserCount": 2}"#).unwrap_err();
    assert!(error.to_string().contains("duplicate field `failedUserCount`"), "{error}");

    let error = decode::<OfficeUserCheckinSummary>(r#"{"x": 1, "x": 2}"#).unwrap_err();
    assert!(error.to_string().contains("duplicate property `x`"), "{error}");

    let error = decode::<OfficeUserCheckinSummary>(r#"{} trailing"#).unwrap_err();
    assert_eq!(error.path(), ".");

    let error = decode::<OfficeClientConfiguration>("[1]").unwrap_err();
    assert!(error.to_string().contains("an officeClientConfiguration object"), "{error}");
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9@.#:+-]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-zA-Z@.]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn nullable<S: Strategy<Value = Value>>(s: S) -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![Just(Value::Null), s])
}

/// Valid officeClientConfiguration bodies: any subset of the declared properties,
/// `null` where allowed, any discriminator, and unknown properties.
fn configuration() -> impl Strategy<Value = Value> {
    let tag = prop::option::of(prop::sample::select(vec![
        "#microsoft.graph.officeClientConfiguration",
        "#microsoft.graph.windowsOfficeClientConfiguration",
        "microsoft.graph.windowsOfficeClientSecurityConfiguration",
        "#microsoft.graph.somethingNew",
    ]));
    let date = (0_i64..4_000_000_000, 0_u32..1_000_000_000, -12_i8..14).prop_map(|(s, n, h)| {
        time::OffsetDateTime::from_unix_timestamp(s)
            .unwrap()
            .replace_nanosecond(n)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(h, 0, 0).unwrap())
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    });
    let status = (
        prop::option::of(date),
        prop::option::of(prop::collection::vec(nullable(".{0,8}".prop_map(Value::from)), 0..3)),
        nullable(".{0,8}".prop_map(Value::from)),
    )
        .prop_map(|(date, policies, device)| {
            let mut m = serde_json::Map::new();
            if let Some(d) = date {
                m.insert("checkinDateTime".into(), d.into());
            }
            if let Some(p) = policies {
                m.insert(
                    "appliedPolicies".into(),
                    Value::Array(p.into_iter().map(|v| v.unwrap_or(Value::Null)).collect()),
                );
            }
            if let Some(d) = device {
                m.insert("deviceName".into(), d);
            }
            Value::Object(m)
        });
    (
        tag,
        nullable(".{0,16}".prop_map(Value::from)),
        prop::option::of(any::<i32>()),
        nullable("[A-Za-z0-9_-]{0,12}".prop_map(Value::from)),
        prop::option::of(prop::collection::vec(status, 0..3)),
        prop::collection::btree_map("[a-z]{1,6}@odata\\.[a-z]{1,6}|x[A-Z][a-z]{1,6}", any_json(), 0..3),
    )
        .prop_map(|(tag, name, priority, payload, statuses, extra)| {
            let mut m: serde_json::Map<String, Value> = extra.into_iter().collect();
            if let Some(t) = tag {
                m.insert("@odata.type".into(), t.into());
            }
            if let Some(n) = name {
                m.insert("displayName".into(), n);
            }
            if let Some(p) = priority {
                m.insert("priority".into(), p.into());
            }
            if let Some(p) = payload {
                m.insert("policyPayload".into(), p);
            }
            if let Some(s) = statuses {
                m.insert("checkinStatuses".into(), Value::Array(s));
            }
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_configurations_round_trip_exactly(body in configuration()) {
        let back = roundtrip("microsoft.graph.officeClientConfiguration", &body);
        prop_assert_eq!(back.as_ref(), Ok(&body));
    }

    #[test]
    fn arbitrary_json_never_panics_and_what_is_read_round_trips(value in any_json()) {
        let schemas: Vec<String> = spec()["components"]["schemas"].as_object().unwrap().keys().cloned().collect();
        for schema in &schemas {
            if let Ok(back) = roundtrip(schema, &value) {
                prop_assert_eq!(&back, &value, "{} accepted and changed it", schema);
            }
        }
    }
}

//! `Edm.Guid` values: UUIDs kept in the case and form they were written.

super::edm_text::text_type!(
    /// A UUID such as `5b1e4c1a-0000-4000-8000-000000000001`.
    Guid,
    uuid::Uuid,
    "a UUID such as 5b1e4c1a-0000-4000-8000-000000000001",
    |text| uuid::Uuid::parse_str(text).ok()
);

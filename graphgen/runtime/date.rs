//! `Edm.Date` values, such as `2021-07-13`, kept as written.

super::edm_text::text_type!(
    /// An `Edm.Date`, such as `2021-07-13`.
    Date,
    time::Date,
    "a date such as 2021-07-13",
    |text| time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()
);

//! `Edm.TimeOfDay` values, such as `13:45:00.1234567`, kept as written.

super::edm_text::text_type!(
    /// An `Edm.TimeOfDay`, such as `13:45:00` or `13:45:00.1234567`.
    TimeOfDay,
    time::Time,
    "a time of day such as 13:45:00",
    |text| {
        let format = time::macros::format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]");
        time::Time::parse(text, format).ok()
    }
);

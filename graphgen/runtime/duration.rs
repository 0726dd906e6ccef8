//! `Edm.Duration` values: ISO 8601 durations such as `P1DT2H30M`, kept as written.

super::edm_text::text_type!(
    /// An ISO 8601 duration such as `PT1H30M` or `-P2D`; the value is its sign and parts.
    Duration,
    (bool, iso8601::Duration),
    "an ISO 8601 duration such as PT1H30M",
    |text| {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        iso8601::duration(rest).ok().map(|duration| (negative, duration))
    }
);

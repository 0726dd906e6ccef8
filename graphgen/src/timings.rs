//! How long each phase of one run took, in order, for `cargo xtask bench` to report.

use std::time::{Duration, Instant};

/// Phases by name with their wall-clock time; a phase timed twice adds up.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `work`, adding its time to `phase`.
    pub fn time<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        let elapsed = started.elapsed();
        match self.phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += elapsed,
            None => self.phases.push((phase, elapsed)),
        }
        result
    }

    /// One line: each phase and its seconds.
    pub fn line(&self) -> String {
        let parts: Vec<String> =
            self.phases.iter().map(|(name, time)| format!("{name} {:.2} s", time.as_secs_f64())).collect();
        parts.join(", ")
    }
}

//! A progress bar on stderr, fed by `Exec`'s progress reports, that appears
//! only once a phase has run for more than a second (and only on a terminal;
//! indicatif draws nothing when stderr is redirected).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use ona_core::{Progress, ProgressFn};

/// How long a phase runs before its bar is drawn.
const SHOW_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct State {
    phase: &'static str,
    start: Instant,
    bar: Option<ProgressBar>,
}

/// Progress bars, one per phase, drawn lazily.
#[derive(Debug, Clone)]
pub struct Bar {
    state: Arc<Mutex<State>>,
    enabled: bool,
}

impl Bar {
    /// Bars that draw to stderr when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self { state: Arc::new(Mutex::new(State { phase: "", start: Instant::now(), bar: None })), enabled }
    }

    /// Record one report.
    pub fn report(&self, p: Progress) {
        if !self.enabled {
            return;
        }
        let Ok(mut s) = self.state.lock() else { return };
        if s.phase != p.phase {
            if let Some(bar) = s.bar.take() {
                bar.finish_and_clear();
            }
            s.phase = p.phase;
            s.start = Instant::now();
        }
        if s.bar.is_none() && p.done < p.total && s.start.elapsed() >= SHOW_AFTER {
            let style = ProgressStyle::with_template("{msg:>14} [{bar:30}] {percent:>3}% {elapsed_precise} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            let bar = ProgressBar::new(p.total.max(1)).with_style(style).with_message(p.phase).with_elapsed(s.start.elapsed());
            s.bar = Some(bar);
        }
        if let Some(bar) = &s.bar {
            bar.set_length(p.total.max(1));
            bar.set_position(p.done);
        }
    }

    /// The sink to hand to `Exec::progress`.
    pub fn sink(&self) -> ProgressFn {
        let me = self.clone();
        Arc::new(move |p| me.report(p))
    }

    /// Erase any bar (before printing results) and forget the phase.
    pub fn clear(&self) {
        if let Ok(mut s) = self.state.lock() {
            if let Some(bar) = s.bar.take() {
                bar.finish_and_clear();
            }
            s.phase = "";
        }
    }
}

//! A minimal `tracing` subscriber that records every event as one line of text
//! (`LEVEL message key=value … [span fields]`), for asserting what the client logs.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The recorded lines, shared with the test.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<String>>>);

impl Captured {
    /// Every event so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The events whose message is `message`.
    pub fn events(&self, message: &str) -> Vec<String> {
        let prefix = format!(" {message}");
        self.lines()
            .into_iter()
            .filter(|l| {
                l.split_once(' ')
                    .is_some_and(|(_, rest)| rest.starts_with(&prefix[1..]))
            })
            .collect()
    }
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

/// The subscriber; install it with [`set_default`].
pub struct CaptureSubscriber {
    captured: Captured,
    next_id: AtomicU64,
    spans: Mutex<Vec<(u64, String)>>,
    stack: Mutex<Vec<u64>>,
}

/// Makes `subscriber` this thread's default until the guard drops, and recomputes every callsite's
/// interest: a callsite first reached on another test thread while no subscriber was alive may have
/// cached "never", which would hide its events from this one (a race the test threads can lose).
pub fn set_default(subscriber: CaptureSubscriber) -> tracing::subscriber::DefaultGuard {
    let guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    guard
}

/// A subscriber and the handle to what it records.
pub fn capture() -> (CaptureSubscriber, Captured) {
    let captured = Captured::default();
    let subscriber = CaptureSubscriber {
        captured: captured.clone(),
        next_id: AtomicU64::new(1),
        spans: Mutex::new(Vec::new()),
        stack: Mutex::new(Vec::new()),
    };
    (subscriber, captured)
}

impl Subscriber for CaptureSubscriber {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let mut fields = Fields(format!("{}:", attrs.metadata().name()));
        attrs.record(&mut fields);
        if let Ok(mut spans) = self.spans.lock() {
            spans.push((id, fields.0));
        }
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        if let Ok(mut spans) = self.spans.lock()
            && let Some((_, text)) = spans.iter_mut().find(|(id, _)| *id == span.into_u64())
        {
            text.push_str(&fields.0);
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(event.metadata().level().to_string());
        event.record(&mut fields);
        let stack = self.stack.lock().map(|s| s.clone()).unwrap_or_default();
        if let Ok(spans) = self.spans.lock() {
            for id in stack {
                if let Some((_, text)) = spans.iter().find(|(s, _)| *s == id) {
                    let _ = write!(fields.0, " [{text}]");
                }
            }
        }
        if let Ok(mut lines) = self.captured.0.lock() {
            lines.push(fields.0);
        }
    }

    fn enter(&self, span: &Id) {
        if let Ok(mut stack) = self.stack.lock() {
            stack.push(span.into_u64());
        }
    }

    fn exit(&self, span: &Id) {
        if let Ok(mut stack) = self.stack.lock()
            && let Some(pos) = stack.iter().rposition(|id| *id == span.into_u64())
        {
            stack.remove(pos);
        }
    }
}

//! Retry policy: which failures are retried, how long to wait (exponential backoff with full jitter,
//! `Retry-After` honoured up to a cap), and per-request options.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, RETRY_AFTER};
use http::{Method, StatusCode};

/// When and how often a failed call is tried again.
///
/// The default makes 3 attempts in all, waiting a random time between zero and
/// `min(max_backoff, initial_backoff × 2^(retry − 1))` before each retry ("full jitter"), or what the
/// server's `Retry-After` asks for, capped at `max_backoff`. Retried: HTTP 429, 500, 502, 503 and 504 and
/// transport failures. GET and DELETE are retried; POST only when the connection could not be made
/// (the request provably never reached the server), unless [`RetryPolicy::retry_post`] opts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_post: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            retry_post: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is attempted once.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1; 1 disables retries). Default 3.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling before the first retry; it doubles for each further retry. Default 500 ms.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait before a retry, also for `Retry-After`. Default 20 s.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Also retry POST (create, update) after answers and failures where the server may have acted on
    /// it. Only safe where repeating the request is harmless. Default off.
    pub fn retry_post(mut self, retry: bool) -> Self {
        self.retry_post = retry;
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a failed attempt may be tried again, by what happened and the method.
    pub(crate) fn should_retry(&self, method: &Method, outcome: Outcome) -> bool {
        let repeatable = *method != Method::POST || self.retry_post;
        match outcome {
            Outcome::NotConnected => true,
            Outcome::Status(status) => repeatable && is_retryable_status(status),
            Outcome::Transport => repeatable,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), given a uniform random number in
    /// `[0, 1)` and the server's `Retry-After`, if any.
    pub(crate) fn delay(&self, retry: u32, random: f64, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_backoff);
        }
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(random.clamp(0.0, 1.0))
    }
}

/// What a failed attempt looked like, for [`RetryPolicy::should_retry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The connection could not be made: nothing reached the server.
    NotConnected,
    /// The server answered with this status.
    Status(StatusCode),
    /// The connection failed after the request may have been sent (reset, timeout, cut body).
    Transport,
}

/// 429 and the 5xx statuses that mean "try again later".
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as a duration: delay-seconds, or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`)
/// relative to `now`. Unparseable or past values are ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // An HTTP date (IMF-fixdate) is RFC 2822 with the obsolete zone name `GMT`.
    let date = crate::datetime::parse_rfc2822(value)?;
    let at = SystemTime::from(date);
    at.duration_since(now).ok()
}

/// A uniform random number in `[0, 1)` for jitter, from the standard library's per-process random
/// hash keys (no RNG dependency needed for this).
pub(crate) fn jitter_random() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Per-request settings that override the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Whole-request timeout for each attempt; `Some(None)` disables it.
    pub timeout: Option<Option<Duration>>,
    /// Retry policy for this request.
    pub retry: Option<RetryPolicy>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::HeaderValue;

    #[test]
    fn backoff_doubles_with_full_jitter_up_to_the_cap() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        assert_eq!(p.delay(1, 0.999_999, None).as_millis(), 99);
        assert_eq!(p.delay(2, 0.5, None), Duration::from_millis(100));
        assert_eq!(p.delay(3, 1.0, None), Duration::from_millis(350), "capped");
        assert_eq!(
            p.delay(40, 1.0, None),
            Duration::from_millis(350),
            "no overflow"
        );
        assert_eq!(p.delay(3, 0.0, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default().max_backoff(Duration::from_secs(5));
        assert_eq!(
            p.delay(1, 0.3, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, 0.3, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:40 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:30 GMT"),
        );
        assert_eq!(
            retry_after(&headers, now),
            None,
            "a past date asks for no wait"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn post_is_retried_only_when_nothing_reached_the_server_unless_opted_in() {
        let p = RetryPolicy::default();
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE);
        assert!(p.should_retry(&Method::GET, unavailable));
        assert!(p.should_retry(&Method::DELETE, Outcome::Transport));
        assert!(!p.should_retry(&Method::POST, unavailable));
        assert!(!p.should_retry(&Method::POST, Outcome::Transport));
        assert!(p.should_retry(&Method::POST, Outcome::NotConnected));
        assert!(
            p.clone()
                .retry_post(true)
                .should_retry(&Method::POST, unavailable)
        );
        assert!(!p.should_retry(&Method::GET, Outcome::Status(StatusCode::NOT_FOUND)));
        assert!(!p.should_retry(&Method::GET, Outcome::Status(StatusCode::NOT_IMPLEMENTED)));
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| jitter_random()).collect();
        assert!(samples.iter().all(|r| (0.0..1.0).contains(r)));
        assert!(samples.windows(2).any(|w| w[0] != w[1]));
    }
}

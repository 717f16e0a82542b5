//! Pagination: one [`Page`] at a time, or a lazy [`RecordStream`] that follows `meta.next_page_url`.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use http::header::HeaderMap;
use http::{Method, StatusCode, Uri};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::error::{BodySnippet, Error, Result};
use super::http::Request;
use super::retry::RequestOptions;

/// Twilio's largest page.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The page size a list request sends when only a limit is set: `min(limit, 1000)`, as Twilio's
/// official libraries do, so a small limit costs one small request.
pub fn page_size_for_limit(limit: Option<usize>) -> Option<u32> {
    limit.map(|l| l.clamp(1, MAX_PAGE_SIZE) as u32)
}

/// The `meta` object of a list answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page (starting at 0).
    pub page: Option<i64>,
    /// Records per page.
    pub page_size: Option<i64>,
    /// URL of the first page.
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    pub previous_page_url: Option<String>,
    /// URL of this page.
    pub url: Option<String>,
    /// URL of the next page; `None` on the last page.
    pub next_page_url: Option<String>,
    /// Name of the property that holds the records.
    pub key: Option<String>,
}

/// One page of a list answer.
pub struct Page<T> {
    records: Vec<T>,
    meta: PageMeta,
    status: StatusCode,
    headers: HeaderMap,
    client: Client,
    operation_id: &'static str,
    path_template: &'static str,
    options: RequestOptions,
    key: &'static str,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("records", &self.records)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl<T> Page<T> {
    /// The records on this page.
    pub fn records(&self) -> &[T] {
        &self.records
    }

    /// The records on this page, by value.
    pub fn into_records(self) -> Vec<T> {
        self.records
    }

    /// The page's `meta` object.
    pub fn meta(&self) -> &PageMeta {
        &self.meta
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the answer (`Twilio-Request-Id` among them).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Whether the server announced a next page.
    pub fn has_next_page(&self) -> bool {
        self.meta.next_page_url.is_some()
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Fetches the next page, or `None` on the last page.
    pub async fn next_page(&self) -> Result<Option<Page<T>>> {
        let Some(next) = &self.meta.next_page_url else {
            return Ok(None);
        };
        let url = self.client.url_for_next_page(next)?;
        let mut request = Request::new(
            Method::GET,
            self.operation_id,
            self.path_template,
            String::new(),
        );
        request.options = self.options.clone();
        fetch_page(&self.client, &request, url, self.key)
            .await
            .map(Some)
    }
}

/// A list answer, decoded in one pass straight from the body: the records under one key, `meta`, and
/// the top-level paging fields older APIs use. No intermediate `serde_json::Value` is built, so a page
/// costs its records' memory and no more.
struct PageBody<T> {
    records: Option<Vec<T>>,
    meta: PageMeta,
    /// Top-level keys, to tell whether `meta.key` names another one than the key decoded.
    keys: Vec<String>,
    legacy_next_page_uri: Option<serde_json::Value>,
    legacy_page: Option<serde_json::Value>,
    legacy_page_size: Option<serde_json::Value>,
    legacy_uri: Option<serde_json::Value>,
}

/// Decodes a [`PageBody`] whose records are under `key`.
struct PageSeed<'k, T> {
    key: &'k str,
    records: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for PageSeed<'_, T> {
    type Value = PageBody<T>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for PageSeed<'_, T> {
    type Value = PageBody<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list answer (an object with the records and `meta`)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut body = PageBody {
            records: None,
            meta: PageMeta::default(),
            keys: Vec::new(),
            legacy_next_page_uri: None,
            legacy_page: None,
            legacy_page_size: None,
            legacy_uri: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                body.records = Some(map.next_value()?);
            } else {
                match key.as_str() {
                    "meta" => body.meta = map.next_value()?,
                    "next_page_uri" => body.legacy_next_page_uri = Some(map.next_value()?),
                    "page" => body.legacy_page = Some(map.next_value()?),
                    "page_size" => body.legacy_page_size = Some(map.next_value()?),
                    "uri" => body.legacy_uri = Some(map.next_value()?),
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            body.keys.push(key);
        }
        Ok(body)
    }
}

impl<T> PageBody<T> {
    /// Older Twilio APIs put paging data at the top level (`next_page_uri`, relative, `page`,
    /// `page_size`, `uri`) instead of in `meta`; take it from there when `meta` has none.
    fn adopt_legacy_paging(&mut self) {
        let meta = &mut self.meta;
        let text = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        if meta.next_page_url.is_none() {
            meta.next_page_url = text(self.legacy_next_page_uri.take());
        }
        if meta.page.is_none() {
            meta.page = self
                .legacy_page
                .as_ref()
                .and_then(serde_json::Value::as_i64);
        }
        if meta.page_size.is_none() {
            meta.page_size = self
                .legacy_page_size
                .as_ref()
                .and_then(serde_json::Value::as_i64);
        }
        if meta.url.is_none() {
            meta.url = text(self.legacy_uri.take());
        }
    }
}

/// Fetches one page from `url`; the records are read from the array that `meta.key` names, or from
/// `fallback_key` (the spec's property name) when `meta.key` names nothing in the answer.
pub(crate) async fn fetch_page<T: DeserializeOwned>(
    client: &Client,
    request: &Request,
    url: Uri,
    fallback_key: &'static str,
) -> Result<Page<T>> {
    let answer = client.send_raw(request, url).await?;
    let decode = |key: &str| {
        let mut deserializer = serde_json::Deserializer::from_slice(&answer.body);
        serde::de::DeserializeSeed::deserialize(
            PageSeed::<T> {
                key,
                records: std::marker::PhantomData,
            },
            &mut deserializer,
        )
        .and_then(|body| deserializer.end().map(|()| body))
        .map_err(|source| Error::Decode {
            status: answer.status,
            source,
            body: BodySnippet::new(&answer.body),
        })
    };
    let mut body = decode(fallback_key)?;
    // Twilio's `meta.key` is the spec's property name; should it ever name another key of the
    // answer, that key's array is the records (a second pass, only then).
    if let Some(key) = body.meta.key.as_deref()
        && key != fallback_key
        && body.keys.iter().any(|k| k == key)
    {
        let key = key.to_owned();
        body = decode(&key)?;
    }
    body.adopt_legacy_paging();
    let Some(records) = body.records else {
        return Err(Error::Decode {
            status: answer.status,
            source: serde::de::Error::custom(format!(
                "list answer has no records array (meta.key {:?}, expected {fallback_key:?})",
                body.meta.key
            )),
            body: BodySnippet::new(&answer.body),
        });
    };
    Ok(Page {
        records,
        meta: body.meta,
        status: answer.status,
        headers: answer.headers,
        client: client.clone(),
        operation_id: request.operation_id,
        path_template: request.path_template,
        options: request.options.clone(),
        key: fallback_key,
    })
}

impl Client {
    /// Fetches the first page of a list operation.
    pub(crate) async fn send_page<T: DeserializeOwned>(
        &self,
        request: Request,
        key: &'static str,
    ) -> Result<Page<T>> {
        let url = request.url(self)?;
        fetch_page(self, &request, url, key).await
    }

    /// A lazy stream of the records of every page, starting with `request`, stopping after `limit`
    /// records when one is given.
    pub(crate) fn paginate<T>(
        &self,
        request: Result<Request>,
        key: &'static str,
        limit: Option<usize>,
    ) -> RecordStream<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let request = match request {
            Ok(request) => request,
            Err(e) => {
                return RecordStream {
                    inner: Box::pin(futures_util::stream::once(async move { Err(e) })),
                };
            }
        };
        let state = PagerState {
            client: self.clone(),
            request,
            key,
            next: NextPage::First,
            buffer: VecDeque::new(),
            remaining: limit,
            fetched: Vec::new(),
        };
        let stream = futures_util::stream::unfold(state, |mut state| async move {
            let item = state.next_record().await?;
            Some((item, state))
        });
        RecordStream {
            inner: Box::pin(stream),
        }
    }
}

enum NextPage {
    First,
    Url(String),
    Done,
}

struct PagerState<T> {
    client: Client,
    request: Request,
    key: &'static str,
    next: NextPage,
    buffer: VecDeque<T>,
    remaining: Option<usize>,
    /// Every page URL fetched so far, to stop on a cycle.
    fetched: Vec<Uri>,
}

impl<T: DeserializeOwned> PagerState<T> {
    async fn next_record(&mut self) -> Option<Result<T>> {
        loop {
            if self.remaining == Some(0) {
                return None;
            }
            if let Some(record) = self.buffer.pop_front() {
                if let Some(remaining) = &mut self.remaining {
                    *remaining -= 1;
                }
                return Some(Ok(record));
            }
            let url = match std::mem::replace(&mut self.next, NextPage::Done) {
                NextPage::Done => return None,
                NextPage::First => self.request.url(&self.client),
                NextPage::Url(next) => self.client.url_for_next_page(&next),
            };
            let url = match url {
                // A server that names the page it just sent as the next one would loop forever.
                Ok(url) if self.fetched.contains(&url) => {
                    return Some(Err(Error::Pagination {
                        message: format!("the server named {url} as the next page again"),
                    }));
                }
                other => other,
            };
            let page = match url {
                Ok(url) => {
                    self.fetched.push(url.clone());
                    fetch_page::<T>(&self.client, &self.request, url, self.key).await
                }
                Err(e) => Err(e),
            };
            match page {
                Ok(page) => {
                    if let Some(next) = page.meta.next_page_url {
                        self.next = NextPage::Url(next);
                    }
                    self.buffer.extend(page.records);
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// A lazy stream of records across pages. Use it with `futures::StreamExt` / `TryStreamExt`.
///
/// After an error the stream ends.
pub struct RecordStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T>> + Send>>,
}

impl<T> fmt::Debug for RecordStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStream").finish_non_exhaustive()
    }
}

impl<T> Stream for RecordStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> RecordStream<T> {
    /// Collects every record, stopping at the first error.
    pub async fn try_collect_all(mut self) -> Result<Vec<T>> {
        let mut records = Vec::new();
        while let Some(record) = std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
        {
            records.push(record?);
        }
        Ok(records)
    }
}

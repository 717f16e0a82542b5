//! Pagination: one [`Page`] at a time, or a lazy [`RecordStream`] that follows `meta.next_page_url`.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use http::header::HeaderMap;
use http::{Method, StatusCode, Uri};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::client::Client;
use super::error::{Error, Result};
use super::exchange::{BoxFuture, Sent, send_to};
use super::http::{Answer, Request};
use super::retry::RequestOptions;

/// Twilio's largest page.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The page size a list request sends when only a limit is set: `min(limit, 1000)`, as Twilio's
/// official libraries do, so a small limit costs one small request.
pub fn page_size_for_limit(limit: Option<usize>) -> Option<u32> {
    limit.map(|l| l.clamp(1, MAX_PAGE_SIZE) as u32)
}

/// The `meta` object of a list answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

// Written out instead of derived, so that no crate of a user's build needs serde's derive macros (and
// syn) for the runtime: what the derive wrote, every field (`null` when unset), and read with every
// field optional, unknown fields skipped (`#[serde(default)]`).
impl Serialize for PageMeta {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("PageMeta", 7)?;
        state.serialize_field("page", &self.page)?;
        state.serialize_field("page_size", &self.page_size)?;
        state.serialize_field("first_page_url", &self.first_page_url)?;
        state.serialize_field("previous_page_url", &self.previous_page_url)?;
        state.serialize_field("url", &self.url)?;
        state.serialize_field("next_page_url", &self.next_page_url)?;
        state.serialize_field("key", &self.key)?;
        state.end()
    }
}

impl<'de> Deserialize<'de> for PageMeta {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        crate::record::deserialize(deserializer)
    }
}

impl crate::record::Record for PageMeta {
    const EXPECTING: &'static str = "a page's meta object";

    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> std::result::Result<(), A::Error> {
        match key {
            "page" => self.page = map.next_value()?,
            "page_size" => self.page_size = map.next_value()?,
            "first_page_url" => self.first_page_url = map.next_value()?,
            "previous_page_url" => self.previous_page_url = map.next_value()?,
            "url" => self.url = map.next_value()?,
            "next_page_url" => self.next_page_url = map.next_value()?,
            "key" => self.key = map.next_value()?,
            _ => crate::record::skip(map)?,
        }
        Ok(())
    }
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
    /// The operation's own server, if it has one: later pages go there too.
    server: Option<&'static str>,
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
        let url = self.client.url_for_next_page(next, self.server);
        let mut request = Request::new(
            Method::GET,
            self.operation_id,
            self.path_template,
            String::new(),
        );
        request.options = self.options.clone();
        request.server = self.server;
        let sent = send_to(self.client.clone(), request, url).await?;
        Page::decode(sent.answer, &sent.client, &sent.request, self.key).map(Some)
    }

    /// Decodes a list answer; the records are read from the array that `meta.key` names, or from
    /// `fallback_key` (the spec's property name) when `meta.key` names nothing in the answer.
    /// Only the records' own decoding depends on `T`; the rest is [`PageShape`]'s, compiled once.
    pub(crate) fn decode(
        answer: Answer,
        client: &Client,
        request: &Request,
        fallback_key: &'static str,
    ) -> Result<Self> {
        let (meta, records) = {
            let shape = PageShape::parse(&answer, fallback_key)?;
            let _scope =
                crate::lenient::ScopeGuard::enter(request.operation_id, client.strict_decoding());
            // From bytes, as single records are (`Answer::decode`): one reader type, so each
            // record's decoder is compiled once for both.
            let records = serde_json::from_slice::<Vec<T>>(shape.records.get().as_bytes())
                .map_err(|source| decode_error(&answer, source))?;
            (shape.meta, records)
        };
        Ok(Page {
            records,
            meta,
            status: answer.status,
            headers: answer.headers,
            client: client.clone(),
            operation_id: request.operation_id,
            path_template: request.path_template,
            server: request.server,
            options: request.options.clone(),
            key: fallback_key,
        })
    }
}

fn decode_error(answer: &Answer, source: serde_json::Error) -> Error {
    Error::decode(answer.status, source, &answer.body)
}

/// A list answer without its records decoded: `meta` (with the top-level paging fields older APIs
/// use folded in) and the records array as raw JSON text borrowed from the body. The records are
/// then decoded straight from that text, with no intermediate `serde_json::Value`, so a page
/// costs its records' memory and no more.
struct PageShape<'a> {
    meta: PageMeta,
    records: &'a RawValue,
}

impl<'a> PageShape<'a> {
    fn parse(answer: &'a Answer, fallback_key: &str) -> Result<Self> {
        let mut members: BTreeMap<String, &'a RawValue> =
            serde_json::from_slice(&answer.body).map_err(|source| decode_error(answer, source))?;
        let mut meta: PageMeta = match members.remove("meta") {
            Some(meta) => {
                serde_json::from_str(meta.get()).map_err(|source| decode_error(answer, source))?
            }
            None => PageMeta::default(),
        };
        // Twilio's `meta.key` is the spec's property name; should it ever name another key of the
        // answer, that key's array is the records.
        let key = meta
            .key
            .as_deref()
            .filter(|key| members.contains_key(*key))
            .unwrap_or(fallback_key);
        let Some(records) = members.get(key).copied() else {
            return Err(Error::decode(
                answer.status,
                serde::de::Error::custom(format!(
                    "list answer has no records array (meta.key {:?}, expected {fallback_key:?})",
                    meta.key
                )),
                &answer.body,
            ));
        };
        adopt_legacy_paging(&mut meta, &members);
        Ok(Self { meta, records })
    }
}

/// Older Twilio APIs put paging data at the top level (`next_page_uri`, relative, `page`,
/// `page_size`, `uri`) instead of in `meta`; take it from there when `meta` has none.
fn adopt_legacy_paging(meta: &mut PageMeta, members: &BTreeMap<String, &RawValue>) {
    let value = |name: &str| -> Option<serde_json::Value> {
        serde_json::from_str(members.get(name)?.get()).ok()
    };
    let text = |name: &str| match value(name) {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    };
    let number = |name: &str| value(name).as_ref().and_then(serde_json::Value::as_i64);
    if meta.next_page_url.is_none() {
        meta.next_page_url = text("next_page_uri");
    }
    if meta.page.is_none() {
        meta.page = number("page");
    }
    if meta.page_size.is_none() {
        meta.page_size = number("page_size");
    }
    if meta.url.is_none() {
        meta.url = text("uri");
    }
}

/// Where a [`RecordStream`] is: what it fetches next, how many records it may still yield, and
/// the pages fetched so far. Not generic, so its code is compiled once.
struct Cursor {
    client: Client,
    /// Away while a page is in flight (the send future owns it and gives it back).
    request: Option<Request>,
    key: &'static str,
    next: NextPage,
    remaining: Option<usize>,
    /// Every page URL fetched so far, to stop on a cycle.
    fetched: Vec<Uri>,
}

enum NextPage {
    First,
    Url(String),
    /// Building the first request failed: the stream yields this error, then ends.
    Failed(Error),
    Done,
}

impl Cursor {
    fn new(
        client: Client,
        request: Result<Request>,
        key: &'static str,
        limit: Option<usize>,
    ) -> Self {
        // A request that could not be built is reported whatever the limit, even 0.
        let (request, next, remaining) = match request {
            Ok(request) => (Some(request), NextPage::First, limit),
            Err(e) => (None, NextPage::Failed(e), None),
        };
        Self {
            client,
            request,
            key,
            next,
            remaining,
            fetched: Vec::new(),
        }
    }

    /// The next page's request, sent; `None` when there is none. After an error the stream ends.
    fn fetch_next(&mut self) -> Option<Result<BoxFuture<Result<Sent>>>> {
        let url = match std::mem::replace(&mut self.next, NextPage::Done) {
            NextPage::Done => return None,
            NextPage::Failed(e) => return Some(Err(e)),
            NextPage::First => self.request.as_ref()?.url(&self.client),
            NextPage::Url(next) => self
                .client
                .url_for_next_page(&next, self.request.as_ref().and_then(|r| r.server)),
        };
        let url = match url {
            // A server that names the page it just sent as the next one would loop forever.
            Ok(url) if self.fetched.contains(&url) => {
                return Some(Err(Error::Pagination {
                    message: format!("the server named {url} as the next page again"),
                }));
            }
            Ok(url) => url,
            Err(e) => return Some(Err(e)),
        };
        self.fetched.push(url.clone());
        let request = self.request.take()?;
        Some(Ok(send_to(self.client.clone(), request, Ok(url))))
    }

    /// The records of a page received; remembers where the next one is.
    fn receive<T: DeserializeOwned>(&mut self, sent: Sent) -> Result<Vec<T>> {
        let page = Page::<T>::decode(sent.answer, &sent.client, &sent.request, self.key)?;
        self.request = Some(sent.request);
        if let Some(next) = page.meta.next_page_url {
            self.next = NextPage::Url(next);
        }
        Ok(page.records)
    }
}

/// A lazy stream of records across pages. Use it with `futures::StreamExt` / `TryStreamExt`.
///
/// After an error the stream ends.
pub struct RecordStream<T> {
    cursor: Cursor,
    buffer: VecDeque<T>,
    in_flight: Option<BoxFuture<Result<Sent>>>,
}

// Records are never pinned: the stream only moves them in and out of its buffer.
impl<T> Unpin for RecordStream<T> {}

impl<T> fmt::Debug for RecordStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStream").finish_non_exhaustive()
    }
}

impl<T> RecordStream<T> {
    /// The records of every page, starting with `request`, stopping after `limit` records when one
    /// is given.
    pub(crate) fn new(
        client: Client,
        request: Result<Request>,
        key: &'static str,
        limit: Option<usize>,
    ) -> Self {
        Self {
            cursor: Cursor::new(client, request, key, limit),
            buffer: VecDeque::new(),
            in_flight: None,
        }
    }
}

impl<T: DeserializeOwned> Stream for RecordStream<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.cursor.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(record) = this.buffer.pop_front() {
                if let Some(remaining) = &mut this.cursor.remaining {
                    *remaining -= 1;
                }
                return Poll::Ready(Some(Ok(record)));
            }
            let in_flight = match &mut this.in_flight {
                Some(in_flight) => in_flight,
                None => match this.cursor.fetch_next() {
                    None => return Poll::Ready(None),
                    Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Some(Ok(sending)) => this.in_flight.insert(sending),
                },
            };
            let Poll::Ready(sent) = in_flight.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.in_flight = None;
            match sent.and_then(|sent| this.cursor.receive::<T>(sent)) {
                Ok(records) => this.buffer.extend(records),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}

impl<T: DeserializeOwned> RecordStream<T> {
    /// Collects every record, stopping at the first error.
    pub async fn try_collect_all(mut self) -> Result<Vec<T>> {
        let mut records = Vec::new();
        while let Some(record) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await
        {
            records.push(record?);
        }
        Ok(records)
    }
}

//! Sending a request and decoding its answer, split so that generated crates compile little: the
//! network part (URL, retries, timeouts, reading the body; `exchange`) is one boxed future whose
//! code is compiled once, in the runtime, whatever the answer decodes to; the part that depends on
//! the record type is a plain function that decodes the body read.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Result;
use super::exchange::{BoxFuture, Sent, send};
use super::http::{Request, Response};
use super::page::{Page, RecordStream};

/// A request on its way: what a request builder's `send()` returns and what awaiting the builder
/// runs. It resolves to the decoded answer or a typed [`Error`](crate::Error).
#[must_use = "a request does nothing until it is awaited"]
pub struct Call<T> {
    sent: BoxFuture<Result<Sent>>,
    key: &'static str,
    decode: fn(Sent, &'static str) -> Result<T>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

impl<T> Future for Call<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let this = &mut *self;
        match this.sent.as_mut().poll(cx) {
            Poll::Ready(sent) => Poll::Ready(sent.and_then(|sent| (this.decode)(sent, this.key))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn decode_value<T: DeserializeOwned>(sent: Sent, _: &'static str) -> Result<T> {
    sent.decode()
}

fn decode_response<T: DeserializeOwned>(sent: Sent, _: &'static str) -> Result<Response<T>> {
    let value = sent.decode()?;
    Ok(sent.answer.into_response(value))
}

fn decode_empty(_: Sent, _: &'static str) -> Result<()> {
    Ok(())
}

fn decode_empty_response(sent: Sent, _: &'static str) -> Result<Response<()>> {
    Ok(sent.answer.into_response(()))
}

fn decode_page<T: DeserializeOwned>(sent: Sent, key: &'static str) -> Result<Page<T>> {
    Page::decode(sent.answer, &sent.client, &sent.request, key)
}

/// Sends `request` and decodes the JSON answer, keeping its status and headers.
pub fn call_response<T: DeserializeOwned>(
    client: Client,
    request: Result<Request>,
) -> Call<Response<T>> {
    Call {
        sent: send(client, request),
        key: "",
        decode: decode_response::<T>,
    }
}

/// [`call_response`] without the status and headers.
pub fn call_value<T: DeserializeOwned>(client: Client, request: Result<Request>) -> Call<T> {
    Call {
        sent: send(client, request),
        key: "",
        decode: decode_value::<T>,
    }
}

/// Sends `request`, whose answer has no body, keeping its status and headers.
pub fn call_empty_response(client: Client, request: Result<Request>) -> Call<Response<()>> {
    Call {
        sent: send(client, request),
        key: "",
        decode: decode_empty_response,
    }
}

/// [`call_empty_response`] without the status and headers.
pub fn call_empty(client: Client, request: Result<Request>) -> Call<()> {
    Call {
        sent: send(client, request),
        key: "",
        decode: decode_empty,
    }
}

/// Fetches the one page `request` names; its records are under `key`.
pub fn call_page<T: DeserializeOwned>(
    client: Client,
    request: Result<Request>,
    key: &'static str,
) -> Call<Page<T>> {
    Call {
        sent: send(client, request),
        key,
        decode: decode_page::<T>,
    }
}

/// A lazy stream of the records of every page, starting with `request`, stopping after `limit`
/// records when one is given.
pub fn paginate<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Result<Request>,
    key: &'static str,
    limit: Option<usize>,
) -> RecordStream<T> {
    RecordStream::new(client, request, key, limit)
}

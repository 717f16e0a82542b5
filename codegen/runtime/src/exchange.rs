//! A request's exchange with the server: sent, with its retries and timeouts, and its answer read
//! whole, as one boxed future compiled once whatever the answer decodes to. `call` (one answer) and
//! `page` (pages, streams) decode what it returns.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Result;
use super::http::{Answer, Request};

/// A boxed, sendable future.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A request sent and its answer read whole: what decoding starts from.
pub(crate) struct Sent {
    pub answer: Answer,
    pub client: Client,
    pub request: Request,
}

impl Sent {
    /// Decodes the answer's JSON body, in the request's decoding scope (its operation named in
    /// warnings, the client's strictness).
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let _scope = crate::lenient::ScopeGuard::enter(
            self.request.operation_id,
            self.client.strict_decoding(),
        );
        self.answer.decode()
    }
}

/// Sends `request` (or fails with the error building it met) to its URL.
pub(crate) fn send(client: Client, request: Result<Request>) -> BoxFuture<Result<Sent>> {
    Box::pin(async move {
        let request = request?;
        let answer = client.send_raw(&request, None).await?;
        Ok(Sent {
            answer,
            client,
            request,
        })
    })
}

/// Sends `request` to `url` (a next page's).
pub(crate) fn send_to(
    client: Client,
    request: Request,
    url: Result<http::Uri>,
) -> BoxFuture<Result<Sent>> {
    Box::pin(async move {
        let answer = client.send_raw(&request, Some(url?)).await?;
        Ok(Sent {
            answer,
            client,
            request,
        })
    })
}

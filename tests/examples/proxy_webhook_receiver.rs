//! A Twilio Proxy webhook receiver on axum, using `twilio_proxy::webhooks` (feature `axum`).
//!
//! Point your Proxy Service's `InterceptCallbackUrl`, `OutOfSessionCallbackUrl` and `CallbackUrl` at
//! `/proxy/intercept`, `/proxy/out-of-session` and `/proxy/callback`, then run:
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=… PUBLIC_BASE_URL=https://hooks.example.com \
//!     cargo run -p twilio-proxy-tests --example proxy_webhook_receiver
//! ```
//!
//! `PUBLIC_BASE_URL` is the scheme, host and port Twilio calls; behind a reverse proxy or TLS
//! terminator it differs from what this process sees, and the signature covers the public URL.
//! Every request whose signature does not match is answered 403 before a handler runs.

use axum::Router;
use axum::routing::post;
use twilio_proxy::signature::RequestValidator;
use twilio_proxy::webhooks::axum::{Verified, WebhookConfig};
use twilio_proxy::webhooks::{
    AutoCreateSession, InteractionCallback, InterceptAnswer, InterceptCallback, OutOfSessionAnswer,
    OutOfSessionCallback, SessionMode, WebhookResponse, callback_answer,
};

/// The agent every out-of-session message is connected to.
pub const AGENT_NUMBER: &str = "+15558675310";

/// The receiver's routes.
pub fn app(config: WebhookConfig) -> Router {
    Router::new()
        .route("/proxy/intercept", post(intercept))
        .route("/proxy/out-of-session", post(out_of_session))
        .route("/proxy/callback", post(callback))
        .with_state(config)
}

/// Blocks messages whose body mentions a competitor; lets everything else through.
async fn intercept(Verified(callback): Verified<InterceptCallback>) -> InterceptAnswer {
    let body = callback.interaction.data_json();
    let text = body
        .as_ref()
        .and_then(|d| d["body"].as_str())
        .unwrap_or_default();
    if text.to_lowercase().contains("competitor") {
        InterceptAnswer::Block
    } else {
        InterceptAnswer::Allow
    }
}

/// Calls outside a session hear a message; texts start a new session with the agent.
async fn out_of_session(Verified(callback): Verified<OutOfSessionCallback>) -> OutOfSessionAnswer {
    if callback.is_call() {
        OutOfSessionAnswer::Twiml(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>This number only takes messages.</Say></Response>".to_owned(),
        )
    } else {
        let name = format!(
            "auto-{}",
            callback.message_sid.as_deref().unwrap_or("message")
        );
        OutOfSessionAnswer::CreateSession(
            AutoCreateSession::new(AGENT_NUMBER)
                .unique_name(name)
                .mode(SessionMode::MessageOnly)
                .ttl(3600),
        )
    }
}

/// Informational: log and answer 200.
async fn callback(Verified(callback): Verified<InteractionCallback>) -> WebhookResponse {
    println!(
        "interaction {:?} ({:?}): inbound {:?}, outbound {:?}",
        callback.interaction.sid,
        callback.interaction.r#type,
        callback.interaction.inbound.resource_status,
        callback
            .outbound
            .as_ref()
            .and_then(|o| o.resource_status.clone()),
    );
    callback_answer()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let token = std::env::var("TWILIO_AUTH_TOKEN").map_err(|_| {
        std::io::Error::other("set TWILIO_AUTH_TOKEN (and PUBLIC_BASE_URL) to run the receiver")
    })?;
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    let public =
        std::env::var("PUBLIC_BASE_URL").unwrap_or_else(|_| format!("http://127.0.0.1:{port}"));
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "listening on {}, public URL {public}",
        listener.local_addr()?
    );
    axum::serve(
        listener,
        app(WebhookConfig::new(RequestValidator::new(token), public)),
    )
    .await
}

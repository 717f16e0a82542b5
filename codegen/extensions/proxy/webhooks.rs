//! Twilio Proxy's callbacks: typed payloads for the Service's `CallbackUrl`, `InterceptCallbackUrl` and
//! `OutOfSessionCallbackUrl`, the answers Proxy expects, and (with the `axum` feature) an extractor
//! that checks the signature before anything else.
//!
//! Proxy POSTs form-encoded parameters. Validate the signature first
//! ([`crate::signature::RequestValidator`]) against the public URL Twilio called, then decode:
//!
//! ```
//! use twilio_proxy::signature::{RequestValidator, WebhookRequest};
//! use twilio_proxy::webhooks::{InterceptAnswer, InterceptCallback};
//!
//! fn handle(url: &str, body: &[u8], signature: Option<&str>) -> (u16, Vec<u8>) {
//!     let request = WebhookRequest {
//!         url,
//!         content_type: Some("application/x-www-form-urlencoded"),
//!         body,
//!         signature,
//!         signature_settings: None,
//!     };
//!     if RequestValidator::new("your auth token").validate(&request).is_err() {
//!         return (403, Vec::new());
//!     }
//!     let callback = InterceptCallback::from_form(body);
//!     let answer = if callback.interaction.data_json().is_some_and(|d| d["body"] == "spam") {
//!         InterceptAnswer::Block
//!     } else {
//!         InterceptAnswer::Allow
//!     };
//!     let response = answer.into_response();
//!     (response.status(), response.body().to_vec())
//! }
//! ```
//!
//! This module is Proxy-specific and hand-written; the generator includes it for Proxy specs
//! (`codegen/extensions/proxy/`). Signature checking is Twilio-wide and lives in [`crate::signature`].

use serde::Serialize;
use time::OffsetDateTime;

use crate::sid::{
    AccountSid, InteractionSid, ParticipantSid, PhoneNumberSid, ServiceSid, SessionSid,
};
use crate::signature::parse_form;

/// Every form parameter of a callback, in the order received. Typed views read from it; nothing
/// Twilio sends is dropped, including parameters this version does not know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormParams(Vec<(String, String)>);

impl FormParams {
    /// Decodes a form body (invalid UTF-8 is replaced, never an error).
    pub fn from_form(body: &[u8]) -> Self {
        Self(
            parse_form(body)
                .into_iter()
                .map(|(k, v)| {
                    (
                        String::from_utf8_lossy(&k).into_owned(),
                        String::from_utf8_lossy(&v).into_owned(),
                    )
                })
                .collect(),
        )
    }

    /// From already-decoded pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// The first value of a parameter (exact, case-sensitive name).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every pair.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The pairs whose names are not in `known`.
    fn unknown<'a>(&'a self, known: &'a [&str]) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.iter().filter(move |(k, _)| !known.contains(k))
    }

    /// A non-empty parameter as text, or as a SID type (unchecked, like every decoded SID).
    fn text<T: From<String>>(&self, name: &str) -> Option<T> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .map(|v| T::from(v.to_owned()))
    }

    fn time(&self, name: &str) -> Option<OffsetDateTime> {
        self.get(name)
            .and_then(|v| crate::runtime::parse_rfc3339(v.trim()))
    }

    fn parse<T: for<'s> From<&'s str>>(&self, name: &str) -> Option<T> {
        self.get(name).filter(|v| !v.is_empty()).map(T::from)
    }
}

crate::runtime::string_enum! {
    /// What kind of interaction a callback is about.
    pub enum InteractionType {
        /// An SMS/MMS or channel message.
        Message = "message",
        /// A phone call.
        Voice = "voice",
    }
}

crate::runtime::string_enum! {
    /// The status of the call or message behind an interaction leg.
    pub enum ResourceStatus {
        /// `accepted`
        Accepted = "accepted",
        /// `answered`
        Answered = "answered",
        /// `busy`
        Busy = "busy",
        /// `canceled`
        Canceled = "canceled",
        /// `completed`
        Completed = "completed",
        /// `deleted`
        Deleted = "deleted",
        /// `delivered`
        Delivered = "delivered",
        /// `delivery-unknown`
        DeliveryUnknown = "delivery-unknown",
        /// `failed`
        Failed = "failed",
        /// `in-progress`
        InProgress = "in-progress",
        /// `initiated`
        Initiated = "initiated",
        /// `no-answer`
        NoAnswer = "no-answer",
        /// `queued`
        Queued = "queued",
        /// `received`
        Received = "received",
        /// `receiving`
        Receiving = "receiving",
        /// `ringing`
        Ringing = "ringing",
        /// `scheduled`
        Scheduled = "scheduled",
        /// `sending`
        Sending = "sending",
        /// `sent`
        Sent = "sent",
        /// `undelivered`
        Undelivered = "undelivered",
    }
}

crate::runtime::string_enum! {
    /// A session's mode.
    pub enum SessionMode {
        /// Messages only.
        MessageOnly = "message-only",
        /// Calls only.
        VoiceOnly = "voice-only",
        /// Both.
        VoiceAndMessage = "voice-and-message",
    }
}

crate::runtime::string_enum! {
    /// A session's status.
    pub enum SessionStatus {
        /// `open`
        Open = "open",
        /// `in-progress`
        InProgress = "in-progress",
        /// `closed`
        Closed = "closed",
        /// `failed`
        Failed = "failed",
    }
}

/// What every interaction callback (intercept and informational) carries.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Interaction {
    /// `interactionSid` (`KI…`).
    pub sid: Option<InteractionSid>,
    /// `interactionAccountSid`.
    pub account_sid: Option<AccountSid>,
    /// `interactionServiceSid` (`KS…`).
    pub service_sid: Option<ServiceSid>,
    /// `interactionSessionSid` (`KC…`).
    pub session_sid: Option<SessionSid>,
    /// `interactionType` (compared case-insensitively: Twilio sends `Voice`).
    pub r#type: Option<InteractionType>,
    /// `interactionData`: JSON text such as `{"body": "hello"}`; see [`Interaction::data_json`].
    pub data: Option<String>,
    /// `interactionDateCreated`.
    pub date_created: Option<OffsetDateTime>,
    /// `interactionDateUpdated`.
    pub date_updated: Option<OffsetDateTime>,
    /// The inbound leg: `inboundParticipantSid`, `inboundResource*`.
    pub inbound: Leg,
}

impl Interaction {
    /// `interactionData` parsed as JSON, if present and valid.
    pub fn data_json(&self) -> Option<serde_json::Value> {
        self.data
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
    }

    fn read(p: &FormParams) -> Self {
        Self {
            sid: p.text("interactionSid"),
            account_sid: p.text("interactionAccountSid"),
            service_sid: p.text("interactionServiceSid"),
            session_sid: p.text("interactionSessionSid"),
            r#type: p.parse("interactionType"),
            data: p.text("interactionData"),
            date_created: p.time("interactionDateCreated"),
            date_updated: p.time("interactionDateUpdated"),
            inbound: Leg::read(p, "inbound"),
        }
    }
}

/// One leg of an interaction (the inbound or the outbound call or message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Leg {
    /// `…ParticipantSid` (`KP…`).
    pub participant_sid: Option<ParticipantSid>,
    /// `…ResourceSid` (`CA…` or `SM…`).
    pub resource_sid: Option<String>,
    /// `…ResourceStatus`.
    pub resource_status: Option<ResourceStatus>,
    /// `…ResourceType` (`call`, `message`).
    pub resource_type: Option<String>,
    /// `…ResourceUrl`.
    pub resource_url: Option<String>,
}

impl Leg {
    fn read(p: &FormParams, prefix: &str) -> Self {
        Self {
            participant_sid: p.text(&format!("{prefix}ParticipantSid")),
            resource_sid: p.text(&format!("{prefix}ResourceSid")),
            resource_status: p.parse(&format!("{prefix}ResourceStatus")),
            resource_type: p.text(&format!("{prefix}ResourceType")),
            resource_url: p.text(&format!("{prefix}ResourceUrl")),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

const INTERACTION_PARAMS: &[&str] = &[
    "interactionSid",
    "interactionAccountSid",
    "interactionServiceSid",
    "interactionSessionSid",
    "interactionType",
    "interactionData",
    "interactionDateCreated",
    "interactionDateUpdated",
    "inboundParticipantSid",
    "inboundResourceSid",
    "inboundResourceStatus",
    "inboundResourceType",
    "inboundResourceUrl",
];

const OUTBOUND_PARAMS: &[&str] = &[
    "outboundParticipantSid",
    "outboundResourceSid",
    "outboundResourceStatus",
    "outboundResourceType",
    "outboundResourceUrl",
];

/// The `InterceptCallbackUrl` request: sent before an interaction proceeds. Answer with
/// [`InterceptAnswer`]: 403 blocks the interaction.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct InterceptCallback {
    /// The interaction.
    pub interaction: Interaction,
    /// Every parameter received.
    pub params: FormParams,
}

impl InterceptCallback {
    /// Decodes the form body.
    pub fn from_form(body: &[u8]) -> Self {
        Self::from_params(FormParams::from_form(body))
    }

    /// Reads already-decoded parameters.
    pub fn from_params(params: FormParams) -> Self {
        Self {
            interaction: Interaction::read(&params),
            params,
        }
    }

    /// Parameters this version does not know, kept as received.
    pub fn unknown_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.unknown(INTERACTION_PARAMS)
    }
}

/// The `CallbackUrl` request: informational, on new interactions and status changes. Answer with
/// [`callback_answer`] (an empty 200); the answer does not change anything.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct InteractionCallback {
    /// The interaction.
    pub interaction: Interaction,
    /// The outbound leg; `None` when it has not started (the parameters are absent or empty).
    pub outbound: Option<Leg>,
    /// Every parameter received.
    pub params: FormParams,
}

impl InteractionCallback {
    /// Decodes the form body.
    pub fn from_form(body: &[u8]) -> Self {
        Self::from_params(FormParams::from_form(body))
    }

    /// Reads already-decoded parameters.
    pub fn from_params(params: FormParams) -> Self {
        let outbound = Some(Leg::read(&params, "outbound")).filter(|l| !l.is_empty());
        Self {
            interaction: Interaction::read(&params),
            outbound,
            params,
        }
    }

    /// Parameters this version does not know, kept as received.
    pub fn unknown_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params
            .unknown(INTERACTION_PARAMS)
            .filter(|(k, _)| !OUTBOUND_PARAMS.contains(k))
    }
}

/// A participant of the sender's previous session, as the out-of-session callback describes it.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ParticipantInfo {
    /// `…Sid` (`KP…`).
    pub sid: Option<ParticipantSid>,
    /// `…AccountSid`.
    pub account_sid: Option<AccountSid>,
    /// `…ServiceSid`.
    pub service_sid: Option<ServiceSid>,
    /// `…SessionSid`.
    pub session_sid: Option<SessionSid>,
    /// `…FriendlyName`.
    pub friendly_name: Option<String>,
    /// `…Identifier`: the participant's real number.
    pub identifier: Option<String>,
    /// `…ProxyIdentifier`: the proxy number they used.
    pub proxy_identifier: Option<String>,
    /// `…ProxyIdentifierSid` (`PN…`).
    pub proxy_identifier_sid: Option<PhoneNumberSid>,
    /// `…DateCreated`.
    pub date_created: Option<OffsetDateTime>,
    /// `…DateUpdated`.
    pub date_updated: Option<OffsetDateTime>,
}

const PARTICIPANT_FIELDS: &[&str] = &[
    "Sid",
    "AccountSid",
    "ServiceSid",
    "SessionSid",
    "FriendlyName",
    "Identifier",
    "ProxyIdentifier",
    "ProxyIdentifierSid",
    "DateCreated",
    "DateUpdated",
];

impl ParticipantInfo {
    /// The group with `prefix`, or `None` when Twilio sent none of its parameters.
    fn read(p: &FormParams, prefix: &str) -> Option<Self> {
        let present = PARTICIPANT_FIELDS.iter().any(|f| {
            p.get(&format!("{prefix}{f}"))
                .is_some_and(|v| !v.is_empty())
        });
        let field = |f: &str| p.text::<String>(&format!("{prefix}{f}"));
        present.then(|| Self {
            sid: field("Sid").map(Into::into),
            account_sid: field("AccountSid").map(Into::into),
            service_sid: field("ServiceSid").map(Into::into),
            session_sid: field("SessionSid").map(Into::into),
            friendly_name: field("FriendlyName"),
            identifier: field("Identifier"),
            proxy_identifier: field("ProxyIdentifier"),
            proxy_identifier_sid: field("ProxyIdentifierSid").map(Into::into),
            date_created: p.time(&format!("{prefix}DateCreated")),
            date_updated: p.time(&format!("{prefix}DateUpdated")),
        })
    }
}

/// The sender's previous session, as the out-of-session callback describes it.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct SessionInfo {
    /// `sessionSid` (`KC…`).
    pub sid: Option<SessionSid>,
    /// `sessionAccountSid`.
    pub account_sid: Option<AccountSid>,
    /// `sessionServiceSid`.
    pub service_sid: Option<ServiceSid>,
    /// `sessionUniqueName`.
    pub unique_name: Option<String>,
    /// `sessionStatus`.
    pub status: Option<SessionStatus>,
    /// `sessionMode`.
    pub mode: Option<SessionMode>,
    /// `sessionClosedReason`.
    pub closed_reason: Option<String>,
    /// `sessionDateCreated`.
    pub date_created: Option<OffsetDateTime>,
    /// `sessionDateUpdated`.
    pub date_updated: Option<OffsetDateTime>,
    /// `sessionDateEnded`.
    pub date_ended: Option<OffsetDateTime>,
}

const SESSION_PARAMS: &[&str] = &[
    "sessionSid",
    "sessionAccountSid",
    "sessionServiceSid",
    "sessionUniqueName",
    "sessionStatus",
    "sessionMode",
    "sessionClosedReason",
    "sessionDateCreated",
    "sessionDateUpdated",
    "sessionDateEnded",
];

impl SessionInfo {
    fn read(p: &FormParams) -> Option<Self> {
        let present = SESSION_PARAMS
            .iter()
            .any(|f| p.get(f).is_some_and(|v| !v.is_empty()));
        present.then(|| Self {
            sid: p.text("sessionSid"),
            account_sid: p.text("sessionAccountSid"),
            service_sid: p.text("sessionServiceSid"),
            unique_name: p.text("sessionUniqueName"),
            status: p.parse("sessionStatus"),
            mode: p.parse("sessionMode"),
            closed_reason: p.text("sessionClosedReason"),
            date_created: p.time("sessionDateCreated"),
            date_updated: p.time("sessionDateUpdated"),
            date_ended: p.time("sessionDateEnded"),
        })
    }
}

/// The `OutOfSessionCallbackUrl` request: a call or message reached a Proxy number outside any open
/// session. It carries Twilio's standard inbound call/message parameters plus, when the sender had a
/// session before, that session and its two participants. Answer with [`OutOfSessionAnswer`].
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct OutOfSessionCallback {
    /// `AccountSid`.
    pub account_sid: Option<AccountSid>,
    /// `From`: who called or texted.
    pub from: Option<String>,
    /// `To`: the Proxy number.
    pub to: Option<String>,
    /// `CallSid`, for a call.
    pub call_sid: Option<String>,
    /// `CallStatus`, for a call.
    pub call_status: Option<String>,
    /// `Direction`, for a call.
    pub direction: Option<String>,
    /// `MessageSid`, for a message.
    pub message_sid: Option<String>,
    /// `Body`, for a message.
    pub body: Option<String>,
    /// The sender's participant in the previous session (`inboundParticipant…`), if any.
    pub inbound_participant: Option<ParticipantInfo>,
    /// The other participant of that session (`outboundParticipant…`), if any.
    pub outbound_participant: Option<ParticipantInfo>,
    /// The previous session (`session…`), if any.
    pub session: Option<SessionInfo>,
    /// Every parameter received (`CalledCity`, `AddOns`, `NumMedia`, … and anything new).
    pub params: FormParams,
}

impl OutOfSessionCallback {
    /// Decodes the form body.
    pub fn from_form(body: &[u8]) -> Self {
        Self::from_params(FormParams::from_form(body))
    }

    /// Reads already-decoded parameters.
    pub fn from_params(params: FormParams) -> Self {
        Self {
            account_sid: params.text("AccountSid"),
            from: params.text("From"),
            to: params.text("To"),
            call_sid: params.text("CallSid"),
            call_status: params.text("CallStatus"),
            direction: params.text("Direction"),
            message_sid: params.text("MessageSid"),
            body: params.get("Body").map(str::to_owned),
            inbound_participant: ParticipantInfo::read(&params, "inboundParticipant"),
            outbound_participant: ParticipantInfo::read(&params, "outboundParticipant"),
            session: SessionInfo::read(&params),
            params,
        }
    }

    /// Whether this is an inbound call (it has a `CallSid`).
    pub fn is_call(&self) -> bool {
        self.call_sid.is_some()
    }
}

/// An answer to a callback, framework-agnostic: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookResponse {
    status: u16,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

impl WebhookResponse {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type`, if there is a body.
    pub fn content_type(&self) -> Option<&'static str> {
        self.content_type
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// The informational `CallbackUrl` answer: an empty 200.
pub fn callback_answer() -> WebhookResponse {
    WebhookResponse {
        status: 200,
        content_type: None,
        body: Vec::new(),
    }
}

/// The answer to an intercept callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterceptAnswer {
    /// Let the interaction proceed (an empty 200).
    Allow,
    /// Block it (403; Proxy logs warning 80909).
    Block,
}

impl InterceptAnswer {
    /// The HTTP answer.
    pub fn into_response(self) -> WebhookResponse {
        match self {
            InterceptAnswer::Allow => callback_answer(),
            InterceptAnswer::Block => WebhookResponse {
                status: 403,
                content_type: None,
                body: Vec::new(),
            },
        }
    }
}

/// The answer to an out-of-session callback.
#[derive(Debug, Clone, PartialEq)]
pub enum OutOfSessionAnswer {
    /// TwiML to execute for the call or message, sent as `application/xml`.
    Twiml(String),
    /// Create a session between the sender and another participant, sent as `application/json`.
    CreateSession(AutoCreateSession),
}

impl OutOfSessionAnswer {
    /// The HTTP answer.
    pub fn into_response(self) -> WebhookResponse {
        match self {
            OutOfSessionAnswer::Twiml(twiml) => WebhookResponse {
                status: 200,
                content_type: Some("application/xml"),
                body: twiml.into_bytes(),
            },
            OutOfSessionAnswer::CreateSession(session) => WebhookResponse {
                status: 200,
                content_type: Some("application/json"),
                body: session.to_json().into_bytes(),
            },
        }
    }
}

/// The auto-create session answer: the sender becomes the first participant, `participant_identifier`
/// the second.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AutoCreateSession {
    /// The second participant's real number.
    pub participant_identifier: String,
    /// The proxy number for that participant; Proxy picks a pool number if unset.
    pub participant_proxy_identifier: Option<String>,
    /// The session's unique name (no PII; names stay taken after a session closes).
    pub unique_name: Option<String>,
    /// The session's mode.
    pub mode: Option<SessionMode>,
    /// The session's time to live, in seconds.
    pub ttl: Option<u32>,
    /// When the session expires (sent in UTC as `YYYY-MM-DDTHH:MM:SSZ`).
    pub date_expiry: Option<OffsetDateTime>,
}

/// What Proxy reads: camelCase members, unset ones left out, the expiry in UTC (written out rather than
/// derived, so that the crate needs no derive macros).
impl Serialize for AutoCreateSession {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = crate::runtime::RecordWriter::new(
            serializer,
            "AutoCreateSession",
            &[
                true,
                self.participant_proxy_identifier.is_some(),
                self.unique_name.is_some(),
                self.mode.is_some(),
                self.ttl.is_some(),
                self.date_expiry.is_some(),
            ],
        )?;
        record.field("participantIdentifier", &Some(&self.participant_identifier));
        record.field(
            "participantProxyIdentifier",
            &self.participant_proxy_identifier,
        );
        record.field("uniqueName", &self.unique_name);
        record.field("mode", &self.mode);
        record.field("ttl", &self.ttl);
        record.field_with::<UtcSeconds>("dateExpiry", &self.date_expiry);
        record.end()
    }
}

/// A time as `YYYY-MM-DDTHH:MM:SSZ`, in UTC.
struct UtcSeconds;

impl crate::runtime::SerializeWith for UtcSeconds {
    type Value = OffsetDateTime;

    fn serialize<S: serde::Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        use crate::runtime::ToParam;
        match value {
            Some(t) => serializer.serialize_str(&t.to_param()),
            None => serializer.serialize_none(),
        }
    }
}

impl AutoCreateSession {
    /// A session with `participant_identifier` as the second participant.
    pub fn new(participant_identifier: impl Into<String>) -> Self {
        Self {
            participant_identifier: participant_identifier.into(),
            participant_proxy_identifier: None,
            unique_name: None,
            mode: None,
            ttl: None,
            date_expiry: None,
        }
    }

    /// Sets the second participant's proxy number.
    pub fn participant_proxy_identifier(mut self, value: impl Into<String>) -> Self {
        self.participant_proxy_identifier = Some(value.into());
        self
    }

    /// Sets the session's unique name.
    pub fn unique_name(mut self, value: impl Into<String>) -> Self {
        self.unique_name = Some(value.into());
        self
    }

    /// Sets the session's mode.
    pub fn mode(mut self, mode: SessionMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Sets the time to live in seconds.
    pub fn ttl(mut self, seconds: u32) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// Sets the expiry.
    pub fn date_expiry(mut self, at: OffsetDateTime) -> Self {
        self.date_expiry = Some(at);
        self
    }

    /// The JSON object Proxy expects (one object, never a quoted string).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            format!(
                "{{\"participantIdentifier\":{}}}",
                serde_json::Value::String(self.participant_identifier.clone())
            )
        })
    }
}

/// Integration with axum (feature `axum`): an extractor that checks the signature against the public
/// URL and decodes the payload, rejecting anything else with 403; answers implement `IntoResponse`.
#[cfg(feature = "axum")]
pub mod axum {
    use crate::runtime::http::{HeaderValue, StatusCode, header};
    use axum_core::extract::{FromRef, FromRequest, Request};
    use axum_core::response::{IntoResponse, Response};

    use super::{
        InteractionCallback, InterceptAnswer, InterceptCallback, OutOfSessionAnswer,
        OutOfSessionCallback, WebhookResponse,
    };
    use crate::signature::{
        RequestValidator, SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER, SignatureError,
        WebhookRequest,
    };

    /// What the extractor needs from your router state (via `FromRef`): the validator, and the public
    /// base URL Twilio calls (scheme, host, port and any path prefix a proxy strips), so the URL that
    /// is checked is the one Twilio signed. Inside `Router::nest`, axum hands the extractor the path
    /// without the nest prefix: include that prefix in the base URL.
    #[derive(Clone)]
    pub struct WebhookConfig {
        validator: RequestValidator,
        public_base_url: String,
    }

    /// Hides the validator's keys and any `user:password@` in the base URL.
    impl std::fmt::Debug for WebhookConfig {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("WebhookConfig")
                .field("validator", &self.validator)
                .field(
                    "public_base_url",
                    &crate::runtime::redact_userinfo(&self.public_base_url),
                )
                .finish()
        }
    }

    impl WebhookConfig {
        /// `public_base_url` such as `https://hooks.example.com` (the request's path and query are
        /// appended).
        pub fn new(validator: RequestValidator, public_base_url: impl Into<String>) -> Self {
            Self {
                validator,
                public_base_url: public_base_url.into().trim_end_matches('/').to_owned(),
            }
        }
    }

    /// A payload the extractor can decode from a form body.
    pub trait FromWebhook: Sized {
        /// Decodes the form body.
        fn from_form(body: &[u8]) -> Self;
    }

    impl FromWebhook for InterceptCallback {
        fn from_form(body: &[u8]) -> Self {
            InterceptCallback::from_form(body)
        }
    }

    impl FromWebhook for InteractionCallback {
        fn from_form(body: &[u8]) -> Self {
            InteractionCallback::from_form(body)
        }
    }

    impl FromWebhook for OutOfSessionCallback {
        fn from_form(body: &[u8]) -> Self {
            OutOfSessionCallback::from_form(body)
        }
    }

    /// A payload whose signature was checked.
    #[derive(Debug, Clone)]
    pub struct Verified<T>(pub T);

    /// Why a request was rejected (always 403, with the reason as text).
    #[derive(Debug)]
    pub struct Rejection(String);

    impl IntoResponse for Rejection {
        fn into_response(self) -> Response {
            (StatusCode::FORBIDDEN, self.0).into_response()
        }
    }

    impl<S, T> FromRequest<S> for Verified<T>
    where
        WebhookConfig: FromRef<S>,
        S: Send + Sync,
        T: FromWebhook,
    {
        type Rejection = Rejection;

        async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
            let config = WebhookConfig::from_ref(state);
            let headers = req.headers().clone();
            let path_and_query = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned());
            let body = crate::runtime::bytes::Bytes::from_request(req, state)
                .await
                .map_err(|e| Rejection(format!("unreadable body: {e}")))?;
            let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
            // Proxy's callbacks are forms; anything else would validate (JSON has its own scheme) but
            // then decode as an empty payload.
            let is_form = text(header::CONTENT_TYPE.as_str()).is_some_and(|ct| {
                ct.split(';').next().is_some_and(|essence| {
                    essence
                        .trim()
                        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
                })
            });
            if !is_form {
                return Err(Rejection(
                    "expected an application/x-www-form-urlencoded body".to_owned(),
                ));
            }
            let url = format!("{}{path_and_query}", config.public_base_url);
            let request = WebhookRequest {
                url: &url,
                content_type: text(header::CONTENT_TYPE.as_str()),
                body: &body,
                signature: text(SIGNATURE_HEADER),
                signature_settings: text(SIGNATURE_SETTINGS_HEADER),
            };
            config
                .validator
                .validate(&request)
                .map_err(|e: SignatureError| Rejection(format!("invalid Twilio signature: {e}")))?;
            Ok(Verified(T::from_form(&body)))
        }
    }

    impl IntoResponse for WebhookResponse {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
            let mut response = (status, self.body).into_response();
            match self.content_type {
                Some(ct) => {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
                }
                None => {
                    response.headers_mut().remove(header::CONTENT_TYPE);
                }
            }
            response
        }
    }

    impl IntoResponse for InterceptAnswer {
        fn into_response(self) -> Response {
            InterceptAnswer::into_response(self).into_response()
        }
    }

    impl IntoResponse for OutOfSessionAnswer {
        fn into_response(self) -> Response {
            OutOfSessionAnswer::into_response(self).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twilio's documented out-of-session request for an inbound call (with a previous session).
    const OUT_OF_SESSION: &str = "AccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&AddOns=%7B%22status%22%3A%22successful%22%7D&ApiVersion=2010-04-01&Called=%2B14155551212&CalledCity=&CalledCountry=US&CalledState=CA&CalledZip=&Caller=%2B14155559999&CallerCity=SAN+FRANCISCO&CallerCountry=US&CallerState=CA&CallerZip=94107&CallSid=CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&CallStatus=ringing&Direction=inbound&From=%2B14155559999&FromCity=SAN+FRANCISCO&FromCountry=US&FromState=CA&FromZip=94107&To=%2B14155551212&ToCity=&ToCountry=US&ToState=CA&ToZip=&inboundParticipantAccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&inboundParticipantDateCreated=2018-03-13T22%3A42%3A54Z&inboundParticipantDateUpdated=2018-03-13T22%3A42%3A54Z&inboundParticipantFriendlyName=Alice&inboundParticipantIdentifier=%2B14155559999&inboundParticipantProxyIdentifier=%2B14155551212&inboundParticipantProxyIdentifierSid=PNXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&inboundParticipantServiceSid=KSXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&inboundParticipantSessionSid=KCXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&inboundParticipantSid=KPXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&outboundParticipantIdentifier=%2B14155558888&outboundParticipantSid=KPYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY&sessionAccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&sessionClosedReason=&sessionDateCreated=2018-03-13T22%3A42%3A54Z&sessionDateEnded=2018-03-13T23%3A00%3A00Z&sessionDateUpdated=2018-03-13T22%3A42%3A54Z&sessionMode=voice-and-message&sessionServiceSid=KSXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&sessionSid=KCXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&sessionStatus=closed&sessionUniqueName=order-1234&brandNewParameter=kept";

    #[test]
    fn out_of_session_callback_with_a_previous_session() {
        let cb = OutOfSessionCallback::from_form(OUT_OF_SESSION.as_bytes());
        assert!(cb.is_call());
        assert_eq!(cb.from.as_deref(), Some("+14155559999"));
        assert_eq!(cb.to.as_deref(), Some("+14155551212"));
        assert_eq!(cb.call_status.as_deref(), Some("ringing"));
        let inbound = cb.inbound_participant.as_ref().unwrap();
        assert_eq!(inbound.friendly_name.as_deref(), Some("Alice"));
        assert_eq!(
            inbound.date_created.map(|d| d.unix_timestamp()),
            Some(1_520_980_974)
        );
        let outbound = cb.outbound_participant.as_ref().unwrap();
        assert_eq!(outbound.identifier.as_deref(), Some("+14155558888"));
        let session = cb.session.as_ref().unwrap();
        assert_eq!(session.status, Some(SessionStatus::Closed));
        assert_eq!(session.mode, Some(SessionMode::VoiceAndMessage));
        assert_eq!(session.closed_reason, None, "empty values read as absent");
        assert_eq!(cb.params.get("CallerCity"), Some("SAN FRANCISCO"));
        assert_eq!(cb.params.get("AddOns"), Some(r#"{"status":"successful"}"#));
        assert_eq!(cb.params.get("brandNewParameter"), Some("kept"));
    }

    #[test]
    fn out_of_session_message_without_a_previous_session() {
        let cb = OutOfSessionCallback::from_form(
            b"MessageSid=SM1&From=%2B1555&To=%2B1666&Body=hi+there&NumMedia=0",
        );
        assert!(!cb.is_call());
        assert_eq!(cb.body.as_deref(), Some("hi there"));
        assert_eq!(cb.inbound_participant, None);
        assert_eq!(cb.outbound_participant, None);
        assert_eq!(cb.session, None);
    }

    #[test]
    fn interaction_callbacks_decode_case_insensitive_enums_and_keep_unknowns() {
        let body = "interactionSid=KI1&interactionType=Voice&interactionData=%7B%22body%22%3A%22hello%22%7D&interactionDateCreated=2018-03-13T22%3A42%3A54Z&inboundResourceStatus=in-progress&inboundResourceType=call&outboundParticipantSid=&outboundResourceStatus=&futureField=x";
        let cb = InteractionCallback::from_form(body.as_bytes());
        assert_eq!(cb.interaction.r#type, Some(InteractionType::Voice));
        assert_eq!(cb.interaction.data_json().unwrap()["body"], "hello");
        assert_eq!(
            cb.interaction.inbound.resource_status,
            Some(ResourceStatus::InProgress)
        );
        assert_eq!(
            cb.outbound, None,
            "empty outbound parameters mean no leg yet"
        );
        assert_eq!(
            cb.unknown_params().collect::<Vec<_>>(),
            [("futureField", "x")]
        );

        let cb = InterceptCallback::from_form(
            b"interactionType=carrier-pigeon&inboundResourceStatus=teleported",
        );
        assert_eq!(
            cb.interaction.r#type,
            Some(InteractionType::Unknown("carrier-pigeon".into()))
        );
        assert_eq!(
            cb.interaction
                .inbound
                .resource_status
                .as_ref()
                .map(ResourceStatus::as_str),
            Some("teleported")
        );
        assert!(cb.interaction.data_json().is_none());
    }

    #[test]
    fn answers() {
        assert_eq!(InterceptAnswer::Block.into_response().status(), 403);
        let allow = InterceptAnswer::Allow.into_response();
        assert_eq!((allow.status(), allow.body()), (200, &b""[..]));
        let twiml =
            OutOfSessionAnswer::Twiml("<Response><Reject/></Response>".into()).into_response();
        assert_eq!(twiml.content_type(), Some("application/xml"));
        assert_eq!(twiml.body(), b"<Response><Reject/></Response>");
        let expiry = crate::runtime::parse_rfc3339("2030-01-02T05:04:05+02:00").unwrap();
        let json = OutOfSessionAnswer::CreateSession(
            AutoCreateSession::new("+14152345555")
                .unique_name("autoCreatedSession23423")
                .ttl(3360)
                .mode(SessionMode::VoiceAndMessage)
                .date_expiry(expiry),
        )
        .into_response();
        assert_eq!(json.content_type(), Some("application/json"));
        assert_eq!(
            String::from_utf8_lossy(json.body()),
            r#"{"participantIdentifier":"+14152345555","uniqueName":"autoCreatedSession23423","mode":"voice-and-message","ttl":3360,"dateExpiry":"2030-01-02T03:04:05Z"}"#
        );
        assert_eq!(callback_answer().status(), 200);
    }

    #[test]
    fn garbage_never_panics() {
        for body in [
            &b"%"[..],
            b"&&&",
            b"\xff=\xfe",
            b"interactionDateCreated=yesterday",
        ] {
            let _ = InteractionCallback::from_form(body);
            let _ = InterceptCallback::from_form(body);
            let _ = OutOfSessionCallback::from_form(body);
        }
    }
}

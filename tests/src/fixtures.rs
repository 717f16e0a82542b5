//! Realistic records for each Proxy resource, shaped like Twilio's documented examples.

use serde_json::{Value, json};

/// Account SID used throughout.
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// Auth token used throughout (a secret: must never show up in Debug/Display output).
pub const AUTH_TOKEN: &str = "s3cr3t-auth-token-0123456789abcdef";
/// `Basic base64(ACCOUNT_SID:AUTH_TOKEN)`.
pub const BASIC_AUTH: &str = "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTpzM2NyM3QtYXV0aC10b2tlbi0wMTIzNDU2Nzg5YWJjZGVm";
/// A Service SID.
pub const SERVICE_SID: &str = "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// A Session SID.
pub const SESSION_SID: &str = "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// A Participant SID.
pub const PARTICIPANT_SID: &str = "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// An Interaction SID.
pub const INTERACTION_SID: &str = "KIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// A Phone Number SID.
pub const PHONE_NUMBER_SID: &str = "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// A Short Code SID.
pub const SHORT_CODE_SID: &str = "SCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const BASE: &str = "https://proxy.twilio.com/v1";

/// A Service record.
pub fn service() -> Value {
    json!({
        "sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "chat_instance_sid": "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "unique_name": "My Service",
        "default_ttl": 3600,
        "callback_url": "https://www.example.com",
        "geo_match_level": "country",
        "number_selection_behavior": "prefer-sticky",
        "intercept_callback_url": "https://www.example.com/intercept",
        "out_of_session_callback_url": "https://www.example.com/oos",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "url": format!("{BASE}/Services/{SERVICE_SID}"),
        "links": {
            "sessions": format!("{BASE}/Services/{SERVICE_SID}/Sessions"),
            "phone_numbers": format!("{BASE}/Services/{SERVICE_SID}/PhoneNumbers"),
            "short_codes": format!("{BASE}/Services/{SERVICE_SID}/ShortCodes")
        }
    })
}

/// A Session record.
pub fn session() -> Value {
    json!({
        "sid": SESSION_SID,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "date_started": "2015-07-30T20:00:00Z",
        "date_ended": null,
        "date_last_interaction": "2015-07-30T20:00:00Z",
        "date_expiry": "2015-07-30T20:00:00Z",
        "unique_name": "Order #1234",
        "status": "in-progress",
        "closed_reason": null,
        "ttl": 3600,
        "mode": "voice-and-message",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "url": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
        "links": {
            "interactions": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions"),
            "participants": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants")
        }
    })
}

/// A Participant record.
pub fn participant() -> Value {
    json!({
        "sid": PARTICIPANT_SID,
        "session_sid": SESSION_SID,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "friendly_name": "Alice",
        "identifier": "+15558675310",
        "proxy_identifier": "+14155559999",
        "proxy_identifier_sid": PHONE_NUMBER_SID,
        "date_deleted": null,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "url": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}"),
        "links": {
            "message_interactions": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions")
        }
    })
}

/// An Interaction record.
pub fn interaction() -> Value {
    json!({
        "sid": INTERACTION_SID,
        "session_sid": SESSION_SID,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "data": "{\"body\":\"some message\"}",
        "type": "message",
        "inbound_participant_sid": PARTICIPANT_SID,
        "inbound_resource_sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "inbound_resource_status": "delivered",
        "inbound_resource_type": "Message",
        "inbound_resource_url": null,
        "outbound_participant_sid": "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "outbound_resource_sid": "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "outbound_resource_status": "sent",
        "outbound_resource_type": "Message",
        "outbound_resource_url": null,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "url": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions/{INTERACTION_SID}")
    })
}

/// A Message Interaction record.
pub fn message_interaction() -> Value {
    json!({
        "sid": INTERACTION_SID,
        "session_sid": SESSION_SID,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "data": "{\"body\":\"some message\"}",
        "type": "message",
        "participant_sid": PARTICIPANT_SID,
        "inbound_participant_sid": null,
        "inbound_resource_sid": null,
        "inbound_resource_status": null,
        "inbound_resource_type": null,
        "inbound_resource_url": null,
        "outbound_participant_sid": "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "outbound_resource_sid": "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "outbound_resource_status": "sent",
        "outbound_resource_type": "Message",
        "outbound_resource_url": null,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "url": format!("{BASE}/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions/{INTERACTION_SID}")
    })
}

/// A Phone Number record.
pub fn phone_number() -> Value {
    json!({
        "sid": PHONE_NUMBER_SID,
        "account_sid": ACCOUNT_SID,
        "service_sid": SERVICE_SID,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "phone_number": "+1987654321",
        "friendly_name": "Friendly Name",
        "iso_country": "US",
        "capabilities": {"sms": true, "mms": false, "voice": true, "fax": false},
        "url": format!("{BASE}/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"),
        "is_reserved": false,
        "in_use": 0
    })
}

/// A Short Code record.
pub fn short_code() -> Value {
    json!({
        "sid": SHORT_CODE_SID,
        "account_sid": ACCOUNT_SID,
        "service_sid": SERVICE_SID,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "short_code": "12345",
        "iso_country": "US",
        "capabilities": {"sms": true, "mms": true, "voice": false, "fax": false},
        "url": format!("{BASE}/Services/{SERVICE_SID}/ShortCodes/{SHORT_CODE_SID}"),
        "is_reserved": false
    })
}

/// `record` with its `sid` replaced: a second, distinguishable record for a list answer.
pub fn with_sid(mut record: Value, sid: &str) -> Value {
    record["sid"] = json!(sid);
    record
}

/// A list answer: `records` under `key`, with Twilio's `meta` object.
pub fn page(key: &str, path: &str, records: Vec<Value>, next_page_url: Option<&str>) -> Value {
    json!({
        "meta": {
            "page": 0,
            "page_size": 50,
            "first_page_url": format!("{BASE}{path}?PageSize=50&Page=0"),
            "previous_page_url": null,
            "url": format!("{BASE}{path}?PageSize=50&Page=0"),
            "next_page_url": next_page_url,
            "key": key
        },
        key: records
    })
}

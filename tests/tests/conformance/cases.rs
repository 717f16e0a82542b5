//! Every operation of the spec, called through the public API twice: with only the required
//! parameters, and with every optional parameter the spec defines set.

use serde::Serialize;
use serde_json::{Value, json};
use twilio_proxy::interaction::Interaction;
use twilio_proxy::message_interaction::MessageInteraction;
use twilio_proxy::participant::Participant;
use twilio_proxy::phone_number::PhoneNumber;
use twilio_proxy::service::{Service, ServiceGeoMatchLevel, ServiceNumberSelectionBehavior};
use twilio_proxy::session::{NewParticipant, Session, SessionMode, SessionStatus};
use twilio_proxy::short_code::ShortCode;
use twilio_proxy::time::OffsetDateTime;
use twilio_proxy::time::format_description::well_known::Rfc3339;
use twilio_proxy::{Client, Page, Result};
use twilio_proxy_tests::fixtures::*;

/// What a call decoded, serialized back to JSON with the models' own field names, so that the suite
/// can check it against the spec: a field the model misnames decodes as `None` and is missing here.
#[derive(Debug)]
pub enum Decoded {
    /// One record.
    Record(Value),
    /// A list page's records.
    Page(Vec<Value>),
    /// No body.
    Empty,
}

/// Turns a call's decoded output into [`Decoded`].
pub trait Observe {
    /// See [`Decoded`].
    fn observe(self) -> Decoded;
}

fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| json!({ "serialization failed": e.to_string() }))
}

impl<T: Serialize> Observe for Page<T> {
    fn observe(self) -> Decoded {
        Decoded::Page(self.records().iter().map(to_json).collect())
    }
}

impl Observe for () {
    fn observe(self) -> Decoded {
        Decoded::Empty
    }
}

macro_rules! records {
    ($($model:ty),*) => {
        $(impl Observe for $model {
            fn observe(self) -> Decoded {
                Decoded::Record(to_json(&self))
            }
        })*
    };
}
records!(
    Service,
    PhoneNumber,
    ShortCode,
    Session,
    Participant,
    Interaction,
    MessageInteraction
);

/// A boxed call of one operation: what the answer decoded into.
pub type Call = fn(Client) -> std::pin::Pin<Box<dyn Future<Output = Result<Decoded>> + Send>>;

/// One operation's two calls.
pub struct Case {
    /// The spec's operationId.
    pub id: &'static str,
    /// Only the required parameters.
    pub required: Call,
    /// Every optional parameter set too.
    pub full: Call,
}

macro_rules! call {
    (|$c:ident| $body:expr) => {
        |$c: Client| Box::pin(async move { $body.map(Observe::observe) })
    };
}

fn expiry() -> OffsetDateTime {
    OffsetDateTime::parse("2030-01-02T05:04:05+02:00", &Rfc3339)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The 30 operations.
pub fn cases() -> Vec<Case> {
    vec![
        // Services
        Case {
            id: "ListService",
            required: call!(|c| c.services().list().page().await),
            full: call!(|c| c
                .services()
                .list()
                .page_size(2)
                .page_number(0)
                .page_token("PT123")
                .page()
                .await),
        },
        Case {
            id: "CreateService",
            required: call!(|c| c.services().create("support line").await),
            full: call!(|c| c
                .services()
                .create("support line")
                .callback_url("https://example.com/callback?x=1")
                .chat_instance_sid("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .default_ttl(3600)
                .geo_match_level(ServiceGeoMatchLevel::Country)
                .intercept_callback_url("https://example.com/intercept")
                .number_selection_behavior(ServiceNumberSelectionBehavior::PreferSticky)
                .out_of_session_callback_url("https://example.com/oos")
                .await),
        },
        Case {
            id: "FetchService",
            required: call!(|c| c.service(SERVICE_SID).fetch().await),
            full: call!(|c| c.service("my-unique-name").fetch().await),
        },
        Case {
            id: "UpdateService",
            required: call!(|c| c.service(SERVICE_SID).update().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .update()
                .callback_url("https://example.com/callback")
                .chat_instance_sid("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .default_ttl(0)
                .geo_match_level(ServiceGeoMatchLevel::AreaCode)
                .intercept_callback_url("https://example.com/intercept")
                .number_selection_behavior(ServiceNumberSelectionBehavior::AvoidSticky)
                .out_of_session_callback_url("https://example.com/oos")
                .unique_name("renamed service")
                .await),
        },
        Case {
            id: "DeleteService",
            required: call!(|c| c.service(SERVICE_SID).delete().await),
            full: call!(|c| c.service(SERVICE_SID).delete().await),
        },
        // Phone numbers
        Case {
            id: "ListPhoneNumber",
            required: call!(|c| c.service(SERVICE_SID).phone_numbers().list().page().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .phone_numbers()
                .list()
                .page_size(5)
                .page_number(1)
                .page_token("PT1")
                .page()
                .await),
        },
        Case {
            id: "CreatePhoneNumber",
            required: call!(|c| c.service(SERVICE_SID).phone_numbers().create().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .phone_numbers()
                .create()
                .is_reserved(true)
                .phone_number("+15005550006")
                .sid(PHONE_NUMBER_SID)
                .await),
        },
        Case {
            id: "FetchPhoneNumber",
            required: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .fetch()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .fetch()
                .await),
        },
        Case {
            id: "UpdatePhoneNumber",
            required: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .update()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .update()
                .is_reserved(false)
                .await),
        },
        Case {
            id: "DeletePhoneNumber",
            required: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .delete()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .phone_number(PHONE_NUMBER_SID)
                .delete()
                .await),
        },
        // Short codes
        Case {
            id: "ListShortCode",
            required: call!(|c| c.service(SERVICE_SID).short_codes().list().page().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .short_codes()
                .list()
                .page_size(1000)
                .page_number(3)
                .page_token("PT2")
                .page()
                .await),
        },
        Case {
            id: "CreateShortCode",
            required: call!(|c| c
                .service(SERVICE_SID)
                .short_codes()
                .create(SHORT_CODE_SID)
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .short_codes()
                .create(SHORT_CODE_SID)
                .await),
        },
        Case {
            id: "FetchShortCode",
            required: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .fetch()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .fetch()
                .await),
        },
        Case {
            id: "UpdateShortCode",
            required: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .update()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .update()
                .is_reserved(true)
                .await),
        },
        Case {
            id: "DeleteShortCode",
            required: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .delete()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .short_code(SHORT_CODE_SID)
                .delete()
                .await),
        },
        // Sessions
        Case {
            id: "ListSession",
            required: call!(|c| c.service(SERVICE_SID).sessions().list().page().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .sessions()
                .list()
                .page_size(20)
                .page_number(0)
                .page_token("PT3")
                .page()
                .await),
        },
        Case {
            id: "CreateSession",
            required: call!(|c| c.service(SERVICE_SID).sessions().create().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .sessions()
                .create()
                .date_expiry(expiry())
                .mode(SessionMode::MessageOnly)
                .participants([
                    NewParticipant::new("+15558675310").friendly_name("Alice"),
                    NewParticipant::new("+15558675311").friendly_name("Bob Smith"),
                ])
                .status(SessionStatus::InProgress)
                .ttl(3600)
                .unique_name("Order #1234")
                .await),
        },
        Case {
            id: "FetchSession",
            required: call!(|c| c.service(SERVICE_SID).session(SESSION_SID).fetch().await),
            full: call!(|c| c.service(SERVICE_SID).session(SESSION_SID).fetch().await),
        },
        Case {
            id: "UpdateSession",
            required: call!(|c| c.service(SERVICE_SID).session(SESSION_SID).update().await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .update()
                .date_expiry(expiry())
                .status(SessionStatus::Closed)
                .ttl(60)
                .await),
        },
        Case {
            id: "DeleteSession",
            required: call!(|c| c.service(SERVICE_SID).session(SESSION_SID).delete().await),
            full: call!(|c| c.service(SERVICE_SID).session(SESSION_SID).delete().await),
        },
        // Interactions
        Case {
            id: "ListInteraction",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interactions()
                .list()
                .page()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interactions()
                .list()
                .page_size(50)
                .page_number(2)
                .page_token("PT4")
                .page()
                .await),
        },
        Case {
            id: "FetchInteraction",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interaction(INTERACTION_SID)
                .fetch()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interaction(INTERACTION_SID)
                .fetch()
                .await),
        },
        Case {
            id: "DeleteInteraction",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interaction(INTERACTION_SID)
                .delete()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .interaction(INTERACTION_SID)
                .delete()
                .await),
        },
        // Participants
        Case {
            id: "ListParticipant",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participants()
                .list()
                .page()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participants()
                .list()
                .page_size(10)
                .page_number(0)
                .page_token("PT5")
                .page()
                .await),
        },
        Case {
            id: "CreateParticipant",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participants()
                .create("+15558675310")
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participants()
                .create("+15558675310")
                .friendly_name("Alice Liddell")
                .proxy_identifier("+14155559999")
                .proxy_identifier_sid(PHONE_NUMBER_SID)
                .await),
        },
        Case {
            id: "FetchParticipant",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .fetch()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .fetch()
                .await),
        },
        Case {
            id: "DeleteParticipant",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .delete()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .delete()
                .await),
        },
        // Message interactions
        Case {
            id: "ListMessageInteraction",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interactions()
                .list()
                .page()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interactions()
                .list()
                .page_size(3)
                .page_number(1)
                .page_token("PT6")
                .page()
                .await),
        },
        Case {
            id: "CreateMessageInteraction",
            // The least Twilio takes: one of `Body`, `MediaUrl` (x-twilio conditional).
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interactions()
                .create()
                .body("Hello")
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interactions()
                .create()
                .body("Your order has shipped & is on its way")
                .media_url([
                    "https://example.com/a.png",
                    "https://example.com/b.jpg?size=large&x=1"
                ])
                .await),
        },
        Case {
            id: "FetchMessageInteraction",
            required: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interaction(INTERACTION_SID)
                .fetch()
                .await),
            full: call!(|c| c
                .service(SERVICE_SID)
                .session(SESSION_SID)
                .participant(PARTICIPANT_SID)
                .message_interaction(INTERACTION_SID)
                .fetch()
                .await),
        },
    ]
}

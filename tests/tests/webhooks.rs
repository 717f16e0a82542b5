//! End to end: the example receiver runs on loopback and gets callbacks posted the way Twilio posts
//! them (form-encoded, signed); its answers, and its refusals of anything not signed right, are checked.

#[path = "../examples/proxy_webhook_receiver.rs"]
#[allow(dead_code, reason = "the example's main is not used here")]
mod receiver;

use twilio_proxy::signature::{Algorithm, RequestValidator, compute_signature, sign_params};
use twilio_proxy::webhooks::axum::WebhookConfig;

const TOKEN: &str = "webhook-test-auth-token";

struct Receiver {
    base: String,
    http: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start(validator: RequestValidator) -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = receiver::app(WebhookConfig::new(validator, base.clone()));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Receiver {
        base,
        http: reqwest::Client::new(),
        task,
    }
}

struct Answer {
    status: u16,
    content_type: Option<String>,
    body: String,
}

impl Receiver {
    /// Posts `params` form-encoded to `path`, signed for `signed_url` (the URL itself unless given).
    async fn post(
        &self,
        path: &str,
        params: &[(&str, &str)],
        signature: Option<String>,
        extra_header: Option<(&str, &str)>,
    ) -> Answer {
        let url = format!("{}{path}", self.base);
        let signature =
            signature.unwrap_or_else(|| sign_params(TOKEN, &url, params.iter().copied()));
        let mut request = self.http.post(&url).header("X-Twilio-Signature", signature);
        if let Some((name, value)) = extra_header {
            request = request.header(name, value);
        }
        let body: String = params
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let response = request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        Answer {
            status: response.status().as_u16(),
            content_type: response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: response.text().await.unwrap(),
        }
    }
}

/// Form encoding as Twilio sends it (space as `+`).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn interaction(body: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "interactionSid",
            "KIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        (
            "interactionAccountSid",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        (
            "interactionServiceSid",
            "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        (
            "interactionSessionSid",
            "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        ("interactionType", "Message".into()),
        ("interactionData", format!("{{\"body\": \"{body}\"}}")),
        ("interactionDateCreated", "2018-03-13T22:42:54Z".into()),
        ("interactionDateUpdated", "2018-03-13T22:42:54Z".into()),
        (
            "inboundParticipantSid",
            "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        (
            "inboundResourceSid",
            "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        ("inboundResourceStatus", "received".into()),
        ("inboundResourceType", "message".into()),
        ("inboundResourceUrl", "".into()),
    ]
}

fn borrow<'a>(params: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    params.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn intercept_allows_and_blocks() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let ok = interaction("hello there");
    let answer = r.post("/proxy/intercept", &borrow(&ok), None, None).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    let bad = interaction("try our competitor");
    let answer = r.post("/proxy/intercept", &borrow(&bad), None, None).await;
    // A block is an empty 403; a signature rejection would carry its reason as text.
    assert_eq!((answer.status, answer.body.as_str()), (403, ""));
}

#[tokio::test]
async fn out_of_session_message_auto_creates_a_session_as_json() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let params = [
        ("AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("MessageSid", "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        ("From", "+14155559999"),
        ("To", "+14155551212"),
        ("Body", "I need help with order 1234"),
        ("NumMedia", "0"),
    ];
    let answer = r.post("/proxy/out-of-session", &params, None, None).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "participantIdentifier": receiver::AGENT_NUMBER,
            "uniqueName": "auto-SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "mode": "message-only",
            "ttl": 3600
        })
    );
}

#[tokio::test]
async fn out_of_session_call_gets_twiml() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let params = [
        ("AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("CallSid", "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("From", "+14155559999"),
        ("To", "+14155551212"),
        ("CallerCity", "SAN FRANCISCO"),
        ("CalledZip", ""),
        ("sessionSid", "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("sessionStatus", "closed"),
    ];
    let answer = r.post("/proxy/out-of-session", &params, None, None).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/xml"));
    assert!(
        answer
            .body
            .contains("<Say>This number only takes messages.</Say>")
    );
}

#[tokio::test]
async fn informational_callback_gets_an_empty_200() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let mut params = interaction("hi");
    params.push((
        "outboundParticipantSid",
        "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".into(),
    ));
    params.push(("outboundResourceStatus", "sent".into()));
    let answer = r
        .post("/proxy/callback", &borrow(&params), None, None)
        .await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    assert_eq!(answer.content_type, None);
}

#[tokio::test]
async fn anything_not_signed_right_is_refused_with_403() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let params = interaction("hello");
    let params = borrow(&params);
    let url = format!("{}/proxy/intercept", r.base);
    let good = sign_params(TOKEN, &url, params.iter().copied());

    // A parameter changed after signing.
    let mut tampered = params.clone();
    tampered[5] = ("interactionData", "{\"body\": \"hellO\"}");
    let answer = r
        .post("/proxy/intercept", &tampered, Some(good.clone()), None)
        .await;
    assert_eq!(answer.status, 403);
    assert!(
        answer.body.contains("signature does not match"),
        "{}",
        answer.body
    );

    // Signed for another URL.
    let other = sign_params(
        TOKEN,
        &format!("{}/proxy/callback", r.base),
        params.iter().copied(),
    );
    assert_eq!(
        r.post("/proxy/intercept", &params, Some(other), None)
            .await
            .status,
        403
    );

    // Signed with another token, garbage, or not at all.
    let wrong = sign_params("not-the-token", &url, params.iter().copied());
    assert_eq!(
        r.post("/proxy/intercept", &params, Some(wrong), None)
            .await
            .status,
        403
    );
    assert_eq!(
        r.post("/proxy/intercept", &params, Some("%%%".into()), None)
            .await
            .status,
        403
    );

    // The good signature still works.
    assert_eq!(
        r.post("/proxy/intercept", &params, Some(good), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_validly_signed_json_body_is_still_refused_by_the_form_extractor() {
    let r = start(RequestValidator::new(TOKEN)).await;
    let body = r#"{"interactionSid":"KI1"}"#;
    let hash = {
        use sha2::Digest;
        sha2::Sha256::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let url = format!("{}/proxy/intercept?bodySHA256={hash}", r.base);
    let signature = compute_signature(TOKEN.as_bytes(), Algorithm::HmacSha1, &url, b"");
    let response = r
        .http
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert!(response.text().await.unwrap().contains("form"));
}

#[tokio::test]
async fn hmac_sha256_webhook_settings_are_accepted_with_the_shared_key() {
    let r = start(RequestValidator::new(TOKEN).with_shared_key("shared-key-secret")).await;
    let params = interaction("hello");
    let params = borrow(&params);
    let url = format!("{}/proxy/intercept", r.base);
    let mut sorted = params.clone();
    sorted.sort_unstable();
    let suffix: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
    let signature = compute_signature(
        b"shared-key-secret",
        Algorithm::HmacSha256,
        &url,
        suffix.as_bytes(),
    );
    let settings = (
        "X-Twilio-Webhooks-Signature-Settings",
        "key=KSsetting,algorithm=HMAC_SHA256",
    );
    let answer = r
        .post(
            "/proxy/intercept",
            &params,
            Some(signature.clone()),
            Some(settings),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    // Without the settings header the same signature is checked as HMAC-SHA1 with the auth token.
    assert_eq!(
        r.post("/proxy/intercept", &params, Some(signature), None)
            .await
            .status,
        403
    );
}

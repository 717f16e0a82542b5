//! Copied into the crate generated from `twilio_api_v2010.json` by `xtask/tests/specs.rs` and run
//! there: the paths of Twilio's core API (`{Sid}.json` segments, resources under
//! `Accounts/{AccountSid}`) on the wire, against a loopback server, and the answers Twilio really
//! sends (prices and coordinates as text where the spec says `number`).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

/// Answers `count` requests (one per connection) with `{"sid": "X"}` and returns their request lines
/// and bodies.
fn serve(count: usize) -> (String, JoinHandle<Vec<(String, String)>>) {
    serve_bodies(vec![r#"{"sid": "X"}"#.to_owned(); count])
}

/// Answers one request per body, in order, and returns their request lines and bodies.
fn serve_bodies(bodies: Vec<String>) -> (String, JoinHandle<Vec<(String, String)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for body in bodies {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_owned))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        let line = text.lines().next().unwrap_or_default().to_owned();
                        lines.push((line, text[end + 4..].to_owned()));
                        break;
                    }
                }
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes()).unwrap();
        }
        lines
    });
    (url, handle)
}

#[tokio::test]
async fn the_account_defaults_to_the_authenticated_one_and_subaccounts_stay_reachable() {
    let (url, server) = serve(5);
    let client = gen_twilio_api_v2010::Client::builder()
        .credentials(gen_twilio_api_v2010::Credentials::auth_token("ACmain", "token"))
        .base_url(url)
        .build()
        .unwrap();
    client
        .messages()
        .create("+15558675310")
        .from("+15017122661")
        .body("hi")
        .await
        .unwrap();
    client.message("SM1").fetch().await.unwrap();
    client
        .account("ACsub")
        .messages()
        .create("+15558675310")
        .messaging_service_sid("MG1")
        .media_url(["https://example.com/a.png"])
        .await
        .unwrap();
    // A value with `/` and `..` stays inside its segment; the `.json` suffix is kept.
    client.account("ACsub").message("SM/../1").fetch().await.unwrap();
    // Six required parameters: one struct, every field set or it does not compile.
    client
        .addresses()
        .create(gen_twilio_api_v2010::address::CreateAddressRequired {
            customer_name: "Ada Lovelace".into(),
            street: "1 Main St".into(),
            city: "London".into(),
            region: "LDN".into(),
            postal_code: "N1".into(),
            iso_country: "GB".into(),
        })
        .friendly_name("home")
        .await
        .unwrap();
    let requests = server.join().unwrap();
    let lines: Vec<&str> = requests.iter().map(|(line, _)| line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "POST /2010-04-01/Accounts/ACmain/Messages.json HTTP/1.1",
            "GET /2010-04-01/Accounts/ACmain/Messages/SM1.json HTTP/1.1",
            "POST /2010-04-01/Accounts/ACsub/Messages.json HTTP/1.1",
            "GET /2010-04-01/Accounts/ACsub/Messages/SM%2F..%2F1.json HTTP/1.1",
            "POST /2010-04-01/Accounts/ACmain/Addresses.json HTTP/1.1",
        ]
    );
    assert_eq!(
        requests[4].1,
        "CustomerName=Ada+Lovelace&Street=1+Main+St&City=London&Region=LDN&PostalCode=N1&IsoCountry=GB&FriendlyName=home"
    );
}

fn client(url: String, strict: bool) -> gen_twilio_api_v2010::Client {
    gen_twilio_api_v2010::Client::builder()
        .credentials(gen_twilio_api_v2010::Credentials::auth_token("ACmain", "token"))
        .base_url(url)
        .strict_decoding(strict)
        .build()
        .unwrap()
}

/// Twilio sends prices and coordinates as text (`"-0.05000"`, `"19.720000"`) where the spec says
/// `number`; they decode exactly, in strict mode too.
#[tokio::test]
async fn prices_and_coordinates_sent_as_text_decode_with_every_digit() {
    let transcription = r#"{
        "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "api_version": "2008-08-01",
        "date_created": "Sun, 13 Feb 2011 02:12:08 +0000",
        "date_updated": "Sun, 13 Feb 2011 02:30:01 +0000",
        "duration": "1",
        "price": "-0.05000",
        "price_unit": "USD",
        "recording_sid": "REaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "sid": "TRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "status": "completed",
        "transcription_text": "(blank)",
        "type": "fast",
        "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Transcriptions/TRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"
    }"#;
    let numbers = r#"{
        "available_phone_numbers": [{
            "address_requirements": "none",
            "beta": false,
            "capabilities": {"mms": true, "sms": false, "voice": true},
            "friendly_name": "(808) 925-1571",
            "iso_country": "US",
            "lata": "834",
            "latitude": "19.720000",
            "locality": "Hilo",
            "longitude": "-155.090000",
            "phone_number": "+18089251571",
            "postal_code": "96720",
            "rate_center": "HILO",
            "region": "HI"
        }],
        "end": 1,
        "first_page_uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/AvailablePhoneNumbers/US/Local.json?PageSize=50&Page=0",
        "next_page_uri": null,
        "page": 0,
        "page_size": 50,
        "previous_page_uri": null,
        "start": 0,
        "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/AvailablePhoneNumbers/US/Local.json?PageSize=50&Page=0"
    }"#;
    for strict in [false, true] {
        let (url, server) = serve_bodies(vec![transcription.to_owned(), numbers.to_owned()]);
        let client = client(url, strict);
        let fetched = client
            .transcription("TRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
            .fetch()
            .await
            .unwrap();
        let price = fetched.price.unwrap();
        assert_eq!(price.as_str(), "-0.05000");
        assert_eq!(price, "-0.05".parse().unwrap());
        assert_eq!(price.to_f64(), -0.05);
        assert_eq!(fetched.duration.as_deref(), Some("1"));
        let page = client
            .available_phone_number_country("US")
            .local()
            .list()
            .page()
            .await
            .unwrap();
        let number = &page.records()[0];
        assert_eq!(number.latitude.as_ref().map(|d| d.as_str()), Some("19.720000"));
        assert_eq!(number.longitude.as_ref().map(|d| d.to_f64()), Some(-155.09));
        server.join().unwrap();
    }
}

/// `CreateMessage` needs a sender (`From` or `MessagingServiceSid`) and content (`Body`, `MediaUrl` or
/// `ContentSid`), as its `x-twilio.conditional` says: without one, nothing is sent.
#[tokio::test]
async fn a_message_without_a_sender_or_content_is_refused_before_sending() {
    let (url, server) = serve(1);
    let client = client(url, false);
    let refused = |err: gen_twilio_api_v2010::Error| match err {
        gen_twilio_api_v2010::Error::InvalidParameter { name, reason } => (name, reason),
        other => panic!("{other:?}"),
    };
    let (name, reason) = refused(
        client.messages().create("+15558675310").body("hi").await.unwrap_err(),
    );
    assert_eq!(name, "From");
    assert!(reason.contains("at least one of `from`, `messaging_service_sid`"), "{reason}");
    let (name, reason) = refused(
        client.messages().create("+15558675310").from("+15017122661").await.unwrap_err(),
    );
    assert_eq!(name, "Body");
    assert!(
        reason.contains("at least one of `body`, `media_url`, `content_sid`"),
        "{reason}"
    );
    // One of each group is enough; only that request reaches the server.
    client
        .messages()
        .create("+15558675310")
        .from("+15017122661")
        .content_sid("HX1")
        .await
        .unwrap();
    let requests = server.join().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].1, "To=%2B15558675310&From=%2B15017122661&ContentSid=HX1");
}

/// A decimal parameter takes a number or a `Decimal`, and goes out as its text.
#[tokio::test]
async fn a_decimal_parameter_is_sent_as_its_text() {
    let (url, server) = serve(2);
    let client = client(url, false);
    let send = || client.messages().create("+15558675310").from("+15017122661").body("hi");
    send().max_price(0.75).await.unwrap();
    let price: gen_twilio_api_v2010::Decimal = "1.50000".parse().unwrap();
    send().max_price(price).await.unwrap();
    let lines = server.join().unwrap();
    assert!(lines[0].1.contains("MaxPrice=0.75"), "{}", lines[0].1);
    assert!(lines[1].1.contains("MaxPrice=1.50000"), "{}", lines[1].1);
}

/// An answer that does not decode keeps no live secret in the error: an Account starts with its
/// auth token, a new API key answers its secret once.
#[tokio::test]
async fn a_decode_error_on_an_account_or_a_new_key_shows_no_secret() {
    let account = r#"{"auth_token": "f1e2d3c4b5a6978800aa", "date_created": "Thu, 30 Jul 2015 20:00:00 +0000", "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000", "friendly_name": {"first": "Ada"}, "owner_account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "active", "subresource_uris": {}, "type": "Full", "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"}"#;
    // Cut off after the secret, as a dropped connection leaves it.
    let key = r#"{"sid": "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "friendly_name": "ci", "date_created": "Mon, 13 Jun 2016 22:50:08 +0000", "date_updated": "Mon, 13 Jun 2016 22:50:08 +0000", "secret": "sk9f3e2d1c0b0a99887766", "#;
    let (url, server) = serve_bodies(vec![account.to_owned(), key.to_owned()]);
    // Strict: the account's odd `friendly_name` fails the call.
    let client = client(url, true);
    let err = client
        .account("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .fetch()
        .retry_policy(gen_twilio_api_v2010::RetryPolicy::none())
        .await
        .unwrap_err();
    let failed = client
        .keys()
        .create_new_key()
        .retry_policy(gen_twilio_api_v2010::RetryPolicy::none())
        .await
        .unwrap_err();
    server.join().unwrap();
    for (err, secret) in [(&err, "f1e2d3c4b5a6978800aa"), (&failed, "sk9f3e2d1c0b0a99887766")] {
        assert!(matches!(err, gen_twilio_api_v2010::Error::Decode { .. }), "{err:?}");
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!text.contains(secret), "{text}");
        }
    }
    assert!(format!("{err:?}").contains(r#"\"auth_token\": \"…\""#), "{err:?}");
}

/// A record's credential shows as `<redacted>` in `Debug`; the value is there for the program.
#[tokio::test]
async fn an_accounts_auth_token_and_a_new_keys_secret_never_show_in_debug() {
    let account = r#"{"auth_token": "f1e2d3c4b5a6978800aa", "friendly_name": "Ada", "sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "active"}"#;
    let key = r#"{"sid": "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "friendly_name": "ci", "secret": "sk9f3e2d1c0b0a99887766"}"#;
    let (url, server) = serve_bodies(vec![account.to_owned(), key.to_owned()]);
    let client = client(url, true);
    let fetched = client.account("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").fetch().await.unwrap();
    let created = client.keys().create_new_key().await.unwrap();
    server.join().unwrap();
    assert_eq!(fetched.auth_token.as_deref(), Some("f1e2d3c4b5a6978800aa"));
    assert_eq!(created.secret.as_deref(), Some("sk9f3e2d1c0b0a99887766"));
    for (text, secret) in [
        (format!("{fetched:?}"), "f1e2d3c4b5a6978800aa"),
        (format!("{fetched:#?}"), "f1e2d3c4b5a6978800aa"),
        (format!("{created:?}"), "sk9f3e2d1c0b0a99887766"),
    ] {
        assert!(!text.contains(secret), "{text}");
        assert!(text.replace([' ', '\n', ','], "").contains("Some(<redacted>)"), "{text}");
    }
    assert!(format!("{fetched:?}").contains(r#"friendly_name: Some("Ada")"#));
}

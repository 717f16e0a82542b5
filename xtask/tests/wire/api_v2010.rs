//! Copied into the crate generated from `twilio_api_v2010.json` by `xtask/tests/specs.rs` and run
//! there: the paths of Twilio's core API (`{Sid}.json` segments, resources under
//! `Accounts/{AccountSid}`) on the wire, against a loopback server.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

/// Answers `count` requests (one per connection) with `{"sid": "X"}` and returns their request lines
/// and bodies.
fn serve(count: usize) -> (String, JoinHandle<Vec<(String, String)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for _ in 0..count {
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
            let body = r#"{"sid": "X"}"#;
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
    client.messages().create("+15558675310").body("hi").await.unwrap();
    client.message("SM1").fetch().await.unwrap();
    client
        .account("ACsub")
        .messages()
        .create("+15558675310")
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

//! HTTPS works out of the box: rustls with the *ring* provider, the operating system's verifier, and
//! extra roots when asked. A loopback TLS server presents a certificate for 127.0.0.1 issued by the test
//! CA in `tests/tls/` (valid until 2126): trusted once the CA is added, refused otherwise. Through a
//! proxy, https goes in a `CONNECT` tunnel with the proxy's credentials on the `CONNECT` alone.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use twilio_proxy::{Client, Credentials, Error, RetryPolicy};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID, service};
use twilio_proxy_tests::prism::workspace_root;

fn pem(name: &str) -> Vec<u8> {
    std::fs::read(workspace_root().join("tests/tls").join(name)).unwrap()
}

/// Serves one HTTPS request with a Service record; returns the base URL and the request line.
async fn https_server() -> (String, tokio::task::JoinHandle<Option<String>>) {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem("server.pem"))
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(&pem("server.key")).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.ok()?;
        // An untrusting client aborts the handshake: no request line then.
        let mut tls = acceptor.accept(tcp).await.ok()?;
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = tls.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let body = service().to_string();
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        tls.write_all(answer.as_bytes()).await.ok()?;
        tls.shutdown().await.ok()?;
        Some(String::from_utf8_lossy(&head).lines().next()?.to_owned())
    });
    (url, task)
}

fn client(url: &str, trust_test_ca: bool) -> Client {
    builder(url, trust_test_ca).build().unwrap()
}

fn builder(url: &str, trust_test_ca: bool) -> twilio_proxy::ClientBuilder {
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .retry_policy(RetryPolicy::none());
    if trust_test_ca {
        let ca = CertificateDer::from_pem_slice(&pem("ca.pem")).unwrap();
        builder = builder.add_root_certificate(ca.to_vec());
    }
    builder
}

#[tokio::test]
async fn https_requests_go_through_rustls_when_the_issuer_is_trusted() {
    let (url, server) = https_server().await;
    let record = client(&url, true)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(record.sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(
        server.await.unwrap().as_deref(),
        Some(format!("GET /v1/Services/{SERVICE_SID} HTTP/1.1").as_str())
    );
}

#[tokio::test]
async fn a_certificate_from_an_unknown_issuer_is_refused() {
    let (url, server) = https_server().await;
    let err = client(&url, false)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&err);
    while let Some(e) = source {
        chain.push_str(&format!("{e}; "));
        source = e.source();
    }
    assert!(chain.to_lowercase().contains("certificate"), "{chain}");
    assert_eq!(server.await.unwrap(), None, "no request may be sent");
}

/// A loopback HTTP proxy that accepts one `CONNECT`, answers `answer`, and on a 200 tunnels bytes to the
/// requested host. Returns its URL and the `CONNECT` request's head.
async fn connect_proxy(answer: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    let task = tokio::spawn(async move {
        let (mut client, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            client.read_exact(&mut byte).await.unwrap();
            head.push(byte[0]);
        }
        let head = String::from_utf8(head).unwrap();
        client.write_all(answer.as_bytes()).await.unwrap();
        if answer.starts_with("HTTP/1.1 200") {
            let target = head.split(' ').nth(1).unwrap().to_owned();
            let mut upstream = tokio::net::TcpStream::connect(target).await.unwrap();
            // Ends when either side closes; the server closes after its one answer.
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
        head
    });
    (url, task)
}

#[tokio::test]
async fn https_through_a_proxy_goes_in_a_connect_tunnel_with_the_proxy_credentials() {
    let (url, server) = https_server().await;
    let (proxy, proxy_task) = connect_proxy("HTTP/1.1 200 Connection established\r\n\r\n").await;
    let record = builder(&url, true)
        .proxy(format!("http://agent:pa%20ss@{proxy}"))
        .build()
        .unwrap()
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(record.sid.as_deref(), Some(SERVICE_SID));
    let authority = url.trim_start_matches("https://");
    let head = proxy_task.await.unwrap();
    assert!(
        head.starts_with(&format!("CONNECT {authority} HTTP/1.1\r\n")),
        "{head}"
    );
    // base64("agent:pa ss"): the user info is percent-decoded, as curl does.
    assert!(
        head.to_lowercase()
            .contains("\r\nproxy-authorization: basic ywdlbnq6cgegc3m=\r\n"),
        "{head}"
    );
    // Inside the tunnel, the request is the usual origin-form one, over TLS to the origin.
    assert_eq!(
        server.await.unwrap().as_deref(),
        Some(format!("GET /v1/Services/{SERVICE_SID} HTTP/1.1").as_str())
    );
}

#[tokio::test]
async fn a_proxy_refusing_the_tunnel_is_a_connect_error_without_its_credentials() {
    let (url, _server) = https_server().await;
    let (proxy, proxy_task) =
        connect_proxy("HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
            .await;
    let err = builder(&url, true)
        .proxy(format!("http://agent:hunter2@{proxy}"))
        .build()
        .unwrap()
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("hunter2"), "{text}");
    proxy_task.await.unwrap();
}

#[test]
fn a_proxy_url_that_is_not_http_is_refused_without_echoing_its_password() {
    for bad in ["socks5://agent:hunter2@127.0.0.1:1080", "not a url"] {
        let err = builder("https://127.0.0.1:1", false)
            .proxy(bad)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{bad}: {err:?}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}

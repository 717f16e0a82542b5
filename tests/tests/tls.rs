//! HTTPS works out of the box: rustls with the *ring* provider, the operating system's verifier, and
//! extra roots when asked. A loopback TLS server presents a certificate for 127.0.0.1 issued by the test
//! CA in `tests/tls/` (valid until 2126): trusted once the CA is added, refused otherwise.

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
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .retry_policy(RetryPolicy::none());
    if trust_test_ca {
        let ca = CertificateDer::from_pem_slice(&pem("ca.pem")).unwrap();
        builder = builder.add_root_certificate(ca.to_vec());
    }
    builder.build().unwrap()
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

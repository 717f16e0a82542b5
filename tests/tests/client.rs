//! Client configuration over real HTTP: both credential kinds, region/edge routing, a caller's own
//! `reqwest::Client`, the User-Agent, and no secrets in Debug output.

use twilio_proxy::{Client, Credentials};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, proxy_version, refused_url};

#[tokio::test]
async fn api_key_credentials_authenticate_with_the_key_and_secret() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()));
    let client = Client::builder()
        .credentials(Credentials::api_key(
            ACCOUNT_SID,
            "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "key-secret",
        ))
        .base_url(server.url())
        .build()
        .unwrap();
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    client.service(SERVICE_SID).fetch().await.unwrap();
    // base64("SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:key-secret")
    assert_eq!(
        server.single_request().header("authorization"),
        Some("Basic U0tiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYjprZXktc2VjcmV0")
    );
}

#[tokio::test]
async fn user_agent_names_the_crate_version_os_and_arch() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()));
    twilio_proxy_tests::client_for(&server)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    let want = format!(
        "twilio-proxy/{} ({} {}) Rust",
        proxy_version(),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    assert_eq!(
        server.single_request().header("user-agent"),
        Some(want.as_str())
    );
}

/// A client you were given gets a `User-Agent` extension without rebuilding it: the new client
/// shares everything else, and the one it came from is unchanged.
#[tokio::test]
async fn a_user_agent_extension_is_added_to_an_existing_client() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()));
    server.enqueue(Reply::json(200, &service()));
    let given = twilio_proxy_tests::client_for(&server);
    let mine = given.with_user_agent_extension("app/1.0").unwrap();
    let mine = mine.with_user_agent_extension("plugin/2").unwrap();
    mine.service(SERVICE_SID).fetch().await.unwrap();
    given.service(SERVICE_SID).fetch().await.unwrap();
    let base = format!(
        "twilio-proxy/{} ({} {}) Rust",
        proxy_version(),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let requests = server.requests();
    let agents: Vec<Option<&str>> = requests.iter().map(|r| r.header("user-agent")).collect();
    let extended = format!("{base} app/1.0 plugin/2");
    assert_eq!(agents, [Some(extended.as_str()), Some(base.as_str())]);
    assert_eq!(requests[0].header("authorization"), Some(BASIC_AUTH));
    assert_eq!(mine.base_url(), given.base_url());
    for bad in ["", "app/1.0\r\nX-Injected: 1", "appé/1"] {
        let err = given.with_user_agent_extension(bad).unwrap_err();
        assert!(matches!(err, twilio_proxy::Error::Config { .. }), "{err:?}");
    }
}

#[tokio::test]
async fn user_agent_extensions_are_appended_like_the_official_libraries() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()));
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.url())
        .user_agent_extension("app/1.0")
        .user_agent_extension("plugin/2")
        .build()
        .unwrap()
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    let want = format!(
        "twilio-proxy/{} ({} {}) Rust app/1.0 plugin/2",
        proxy_version(),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    assert_eq!(
        server.single_request().header("user-agent"),
        Some(want.as_str())
    );
    for bad in ["", "app/1.0\r\nX-Injected: 1", "appé/1"] {
        let err = Client::builder()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .user_agent_extension(bad)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, twilio_proxy::Error::Config { .. }),
            "{bad:?}: {err:?}"
        );
    }
}

/// Region and edge rewrite the host; a caller-supplied `reqwest::Client` resolves that host to the
/// loopback server, proving both that the rewritten URL is requested and that the caller's client is used.
#[tokio::test]
async fn region_and_edge_route_to_the_regional_host_through_the_callers_http_client() {
    let cases = [
        (Some("ie1"), Some("dublin"), "proxy.dublin.ie1.twilio.com"),
        (Some("ie1"), None, "proxy.ie1.twilio.com"),
        (None, Some("dublin"), "proxy.dublin.us1.twilio.com"),
    ];
    for (region, edge, host) in cases {
        let server = MockServer::start().await;
        server.enqueue(Reply::json(200, &service()));
        let http = reqwest::Client::builder()
            .resolve(host, server.addr())
            .build()
            .unwrap();
        let mut builder = Client::builder()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .base_url(format!("http://proxy.twilio.com:{}", server.addr().port()))
            .http_client(http);
        if let Some(region) = region {
            builder = builder.region(region);
        }
        if let Some(edge) = edge {
            builder = builder.edge(edge);
        }
        let client = builder.build().unwrap();
        assert_eq!(
            client.base_url(),
            format!("http://{host}:{}", server.addr().port())
        );
        client.service(SERVICE_SID).fetch().await.unwrap();
        let req = server.single_request();
        assert_eq!(
            req.header("host"),
            Some(format!("{host}:{}", server.addr().port()).as_str())
        );
        assert_eq!(req.target, format!("/v1/Services/{SERVICE_SID}"));
    }
}

#[test]
fn debug_output_never_contains_secrets() {
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .build()
        .unwrap();
    let key_client = Client::builder()
        .credentials(Credentials::api_key(
            ACCOUNT_SID,
            "SKkey",
            "api-secret-value",
        ))
        .region("au1")
        .build()
        .unwrap();
    let texts = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{key_client:?}"),
        format!("{:?}", Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN)),
        format!(
            "{:?}",
            Credentials::api_key(ACCOUNT_SID, "SKkey", "api-secret-value")
        ),
        format!(
            "{:?}",
            Client::builder().credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        ),
        format!(
            "{:?}",
            client
                .service(SERVICE_SID)
                .sessions()
                .create()
                .unique_name("x")
        ),
        format!(
            "{:?}",
            Client::builder()
                .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
                .base_url(format!("https://user:{AUTH_TOKEN}@proxy.example.com/"))
                .proxy(format!("http://agent:{AUTH_TOKEN}@egress.example.com:3128"))
        ),
        format!(
            "{:?}",
            twilio_proxy::signature::RequestValidator::new(AUTH_TOKEN)
                .with_shared_key("api-secret-value")
        ),
        format!(
            "{:?}",
            twilio_proxy::webhooks::axum::WebhookConfig::new(
                twilio_proxy::signature::RequestValidator::new(AUTH_TOKEN),
                format!("https://hook:{AUTH_TOKEN}@hooks.example.com"),
            )
        ),
        format!(
            "{:?}",
            twilio_proxy::signature::WebhookRequest {
                url: &format!("https://hook:{AUTH_TOKEN}@hooks.example.com/cb"),
                content_type: None,
                body: b"",
                signature: None,
                signature_settings: None,
            }
        ),
        format!(
            "{:?}",
            Client::builder()
                .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
                .base_url(format!("https://user:{AUTH_TOKEN}@proxy.example.com/"))
                .build()
                .unwrap_err()
        ),
    ];
    for text in &texts {
        assert!(!text.contains(AUTH_TOKEN), "{text}");
        assert!(!text.contains("api-secret-value"), "{text}");
        assert!(!text.contains(&BASIC_AUTH[6..]), "{text}");
    }
    assert!(
        texts[0].contains(ACCOUNT_SID),
        "the account SID is not secret: {}",
        texts[0]
    );
    assert!(texts[0].contains("<redacted>"));
    assert!(texts[2].contains("proxy.au1.twilio.com"));
    assert!(
        texts[7].contains("https://<redacted>@proxy.example.com/"),
        "{}",
        texts[7]
    );
    assert!(
        texts[9].contains("https://<redacted>@hooks.example.com"),
        "{}",
        texts[9]
    );
}

#[test]
fn defaults_point_at_the_spec_server() {
    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN).unwrap();
    assert_eq!(client.base_url(), "https://proxy.twilio.com");
    assert_eq!(twilio_proxy::DEFAULT_BASE_URL, "https://proxy.twilio.com");
}

/// Plain-http requests through a proxy go to the proxy in absolute form, with the proxy's credentials;
/// the host named in the URL is never resolved by the client.
#[tokio::test]
async fn plain_http_through_a_proxy_is_sent_in_absolute_form() {
    let proxy = MockServer::start().await;
    proxy.enqueue(Reply::json(200, &service()));
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url("http://proxy.twilio.invalid:8080")
        .proxy(format!("http://agent:secret@{}", proxy.addr()))
        .build()
        .unwrap();
    client.service(SERVICE_SID).fetch().await.unwrap();
    let req = proxy.single_request();
    assert_eq!(
        req.target,
        format!("http://proxy.twilio.invalid:8080/v1/Services/{SERVICE_SID}")
    );
    assert_eq!(req.header("host"), Some("proxy.twilio.invalid:8080"));
    // base64("agent:secret")
    assert_eq!(
        req.header("proxy-authorization"),
        Some("Basic YWdlbnQ6c2VjcmV0")
    );
    assert_eq!(req.header("authorization"), Some(BASIC_AUTH));
}

/// A proxy written without a scheme, with a password whose `/`, `#` and `@` are percent-encoded:
/// the credentials reach that proxy, decoded.
#[tokio::test]
async fn a_proxy_without_a_scheme_and_an_encoded_password_gets_its_credentials() {
    let proxy = MockServer::start().await;
    proxy.enqueue(Reply::json(200, &service()));
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url("http://proxy.twilio.invalid:8080")
        .proxy(format!("agent:hun%2Fter2%23%40@{}", proxy.addr()))
        .build()
        .unwrap();
    client.service(SERVICE_SID).fetch().await.unwrap();
    let req = proxy.single_request();
    // base64("agent:hun/ter2#@")
    assert_eq!(
        req.header("proxy-authorization"),
        Some("Basic YWdlbnQ6aHVuL3RlcjIjQA==")
    );
}

/// `no_proxy` connects directly even when a proxy is configured for everything else.
#[tokio::test]
async fn no_proxy_connects_directly() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()));
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.url())
        .proxy(refused_url())
        .no_proxy()
        .build()
        .unwrap();
    client.service(SERVICE_SID).fetch().await.unwrap();
    assert_eq!(
        server.single_request().target,
        format!("/v1/Services/{SERVICE_SID}")
    );
}

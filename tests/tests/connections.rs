//! The built-in transport's keep-alive connections over loopback: which connection each request
//! goes out on, as the server counts them. One connection serves a run of sequential requests; a
//! connection the server closed while idle is not used again and the request it would have carried
//! goes out once, on a new one; an answer left unread closes its connection; each request on a
//! reused connection ends at its own deadline. (A request a pooled connection hands back unsent is
//! in the runtime's unit tests, which can hold the connection's dispatcher back.)

use std::time::Duration;

use twilio_proxy::RetryPolicy;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, client_for};

#[tokio::test]
async fn sequential_requests_share_one_keep_alive_connection() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    for _ in 0..3 {
        server.enqueue(Reply::json(200, &service()));
        let fetched = client.service(SERVICE_SID).fetch().await.unwrap();
        assert_eq!(fetched.sid.as_deref(), Some(SERVICE_SID));
    }
    assert_eq!(server.connections(), 1);
    assert_eq!(server.connections_used(), [0, 0, 0]);
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_not_used_again() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    server.enqueue(Reply::json(200, &service()).then_close());
    server.enqueue(Reply::json(201, &service()));
    client.service(SERVICE_SID).fetch().await.unwrap();
    // The server's close reaches the client while the connection is idle in the pool.
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A POST, which is never retried by the policy: it must go out exactly once, on a new connection.
    let created = client
        .services()
        .create("after-close")
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap();
    assert_eq!(created.sid.as_deref(), Some(SERVICE_SID));
    let requests = server.requests();
    let sent: Vec<(&str, usize)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.connection))
        .collect();
    assert_eq!(sent, [("GET", 0), ("POST", 1)]);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn an_answer_not_read_to_its_end_closes_its_connection() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    // An error body over the 64 KiB the client reads of one: the rest is left on the connection,
    // which therefore cannot carry another request.
    let long = "x".repeat(200 * 1024);
    server.enqueue(Reply::text(500, "text/plain", &long));
    server.enqueue(Reply::json(200, &service()));
    let err = client
        .service(SERVICE_SID)
        .fetch()
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("a 500 is an error");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    client.service(SERVICE_SID).fetch().await.unwrap();
    assert_eq!(server.connections_used(), [0, 1]);
}

#[tokio::test]
async fn concurrent_requests_open_connections_and_then_reuse_them() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let round = |client: twilio_proxy::Client| async move {
        let calls = (0..4).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.service(SERVICE_SID).fetch().await })
        });
        for call in calls.collect::<Vec<_>>() {
            let fetched = call.await.unwrap().unwrap();
            assert_eq!(fetched.sid.as_deref(), Some(SERVICE_SID));
        }
    };
    for _ in 0..8 {
        server.enqueue(Reply::json(200, &service()));
    }
    round(client.clone()).await;
    let opened = server.connections();
    assert!(
        (1..=4).contains(&opened),
        "{opened} connections for 4 requests"
    );
    // The second round finds the first round's connections idle: no new ones.
    round(client.clone()).await;
    assert_eq!(server.connections(), opened);
    assert_eq!(server.requests().len(), 8);
    let used = server.connections_used();
    assert!(used.iter().all(|&on| on < opened), "{used:?}");
}

#[tokio::test]
async fn a_reused_connection_times_out_at_the_requests_own_deadline() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    server.enqueue(Reply::json(200, &service()));
    server.enqueue(Reply::Hang);
    // The first request leaves the connection's timer at the client's 30 s; the second's deadline
    // is earlier.
    client.service(SERVICE_SID).fetch().await.unwrap();
    let started = std::time::Instant::now();
    let err = client
        .service(SERVICE_SID)
        .fetch()
        .timeout(Some(Duration::from_millis(200)))
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        took >= Duration::from_millis(200) && took < Duration::from_secs(5),
        "timed out after {took:?}"
    );
    assert_eq!(server.connections_used(), [0, 0]);
}

#[tokio::test]
async fn a_timer_that_elapsed_while_its_connection_was_idle_ends_no_later_request() {
    let server = MockServer::start().await;
    let client = twilio_proxy::Client::builder()
        .credentials(twilio_proxy::Credentials::auth_token(
            ACCOUNT_SID,
            AUTH_TOKEN,
        ))
        .base_url(server.url())
        .timeout(Some(Duration::from_secs(1)))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    server.enqueue(Reply::json(200, &service()));
    server.enqueue(Reply::json(200, &service()));
    let body = service().to_string().into_bytes();
    server.enqueue(Reply::Stall {
        declared: body.len(),
        body: body[..body.len() / 2].to_vec(),
    });
    client.service(SERVICE_SID).fetch().await.unwrap();
    // The first request's deadline passes while the connection is idle in the pool.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    client.service(SERVICE_SID).fetch().await.unwrap();
    // The third stalls halfway through its body: its own deadline ends it.
    let started = std::time::Instant::now();
    let err = client.service(SERVICE_SID).fetch().await.unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(6),
        "timed out after {took:?}"
    );
    assert_eq!(server.connections_used(), [0, 0, 0]);
    // The timed-out connection is closed, not pooled.
    assert!(
        server.abandoned_soon(1).await,
        "the connection of the timed-out request stayed open"
    );
}

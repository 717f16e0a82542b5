//! The README's quick start: README.md shows this file from its first `use` on, and
//! `tests/tests/quick_start.rs` runs `support_line` against the `testing` fake.

use twilio_proxy::Client;
use twilio_proxy::session::SessionMode;
use twilio_proxy::sid::PhoneNumberSid;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // TWILIO_ACCOUNT_SID plus TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET);
    // TWILIO_REGION / TWILIO_EDGE are honoured too.
    let client = Client::from_env()?;
    // A number of your account for the pool; `parse` checks that it is a `PN…` SID.
    let number: PhoneNumberSid = std::env::var("PROXY_NUMBER_SID")?.parse()?;
    support_line(&client, number).await
}

/// A Proxy service with the number in its pool, a session with two participants, a message.
pub async fn support_line(
    client: &Client,
    number: PhoneNumberSid,
) -> Result<(), Box<dyn std::error::Error>> {
    // A created record leads to its resource's handle (an error if Twilio left its SID out).
    let service = client.services().create("support-line").default_ttl(3600).await?;
    let service = service.handle(client)?;
    service.phone_numbers().create().sid(number).await?;
    let session = service.sessions().create().mode(SessionMode::MessageOnly).await?;
    let session = session.handle(client)?;
    let alice = session.participants().create("+15558675310").friendly_name("Alice").await?;
    session.participants().create("+15558675311").friendly_name("Bob").await?;

    // A message to Alice through her proxy number.
    let alice = alice.handle(client)?;
    alice.message_interactions().create().body("Your order has shipped").await?;

    // Lists: one page, a lazy stream, or everything (up to a limit).
    let recent = service.sessions().list().limit(20).all().await?;
    println!("{} sessions", recent.len());
    Ok(())
}

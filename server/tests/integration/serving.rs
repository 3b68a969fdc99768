//! The real network path: a TCP listener, HTTP/1.1 over a socket, and graceful shutdown.

use crate::support::{Backend, TestApp};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn the_server_answers_over_tcp_and_stops_gracefully() {
    let app = TestApp::start(Backend::Sqlite).await.expect("SQLite");
    let listener =
        server::startup::bind("127.0.0.1:0".parse().expect("an address")).await.expect("bind");
    let address = listener.local_addr().expect("a local address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::startup::serve(listener, app.router.clone(), async {
        let _ = stopped.await;
    }));

    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#""database":"ok""#), "{response}");

    stop.send(()).expect("signal shutdown");
    let result = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops within 10 s");
    result.expect("the server task").expect("a clean shutdown");
}

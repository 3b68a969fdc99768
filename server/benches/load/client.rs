//! A small HTTP/1.1 client on one keep-alive connection (hyper), for signing in and for the
//! writers: wrk drives the read load, this drives what needs a response read back.

use http::{HeaderValue, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

pub struct Client {
    address: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
    pub cookie: Option<String>,
}

pub struct Response {
    pub status: StatusCode,
    pub set_cookie: Option<String>,
    pub body: Bytes,
}

impl Client {
    pub async fn connect(address: SocketAddr) -> anyhow::Result<Client> {
        let stream = tokio::net::TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Client { address, sender, cookie: None })
    }

    pub async fn get(&mut self, path: &str) -> anyhow::Result<Response> {
        self.send(Method::GET, path, None).await
    }

    /// Posts a form, as the browser's forms and server functions send them.
    pub async fn post_form(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<Response> {
        let body = fields
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(Method::POST, path, Some(body)).await
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<String>,
    ) -> anyhow::Result<Response> {
        let origin = format!("http://{}", self.address);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.address.to_string())
            .header(header::ORIGIN, &origin)
            // A server function answers a form post that accepts HTML with a redirect (the
            // browser without wasm); the writers want its JSON answer.
            .header(header::ACCEPT, if form.is_some() { "application/json" } else { "text/html" });
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if form.is_some() {
            request = request.header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
        }
        let request = request.body(Full::new(Bytes::from(form.unwrap_or_default())))?;
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Response { status, set_cookie, body })
    }

    /// Signs in with the login form; the session cookie is kept for the next requests.
    pub async fn sign_in(&mut self, login_id: &str, password: &str) -> anyhow::Result<String> {
        let response = self
            .post_form("/auth/sign-in", &[("login_id", login_id), ("password", password)])
            .await?;
        let cookie = response
            .set_cookie
            .filter(|_| response.status.is_redirection())
            .ok_or_else(|| anyhow::anyhow!("{login_id} could not sign in ({})", response.status))?;
        self.cookie = Some(cookie.clone());
        Ok(cookie)
    }
}

/// `application/x-www-form-urlencoded`: letters, digits and `-._*` as they are, the rest as
/// percent-encoded UTF-8.
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                encoded.push(byte as char)
            }
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

//! A phone's HTTP/1.1 connection: one keep-alive connection per client,
//! opened again after the server drops it, every call bounded in time.
//! Requests look like a browser with JavaScript off (`Accept: text/html`),
//! so server functions answer plain form posts with redirects.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, COOKIE, HOST, LOCATION, REFERER, SET_COOKIE};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// How long one call (connect, send, read the whole answer) may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// A server to talk to: `http://127.0.0.1:3000` (an IP address and a port;
/// no DNS, no TLS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    addr: SocketAddr,
    base: String,
}

impl Endpoint {
    /// Reads `http://IP:PORT` (a trailing `/` is allowed).
    ///
    /// # Errors
    /// A message if it is not of that form.
    pub fn parse(url: &str) -> Result<Self, String> {
        let authority = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url}: only http://IP:PORT URLs are supported"))?
            .trim_end_matches('/');
        let addr: SocketAddr = authority
            .parse()
            .map_err(|_| format!("{url}: expected http://IP:PORT, e.g. http://127.0.0.1:3000"))?;
        Ok(Endpoint {
            addr,
            base: format!("http://{addr}"),
        })
    }

    /// `http://IP:PORT`, for messages and `Referer` headers.
    pub fn base(&self) -> &str {
        &self.base
    }
}

/// Who is calling: the address a reverse proxy would put in
/// `X-Forwarded-For` (one per simulated citizen, so per-network limits see
/// distinct phones), and the session cookie once signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The simulated client address.
    pub forwarded_for: String,
    /// `essaim_session=...`, once signed in.
    pub cookie: Option<String>,
}

/// An answer, read in full.
#[derive(Debug)]
pub struct Reply {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Bytes,
}

impl Reply {
    /// The `Location` header, if any.
    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The `name=value` part of the `Set-Cookie` header for cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.split_once('=').is_some_and(|(n, _)| n.trim() == name))
            .map(|pair| pair.trim().to_owned())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Why a call got no answer.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The connection could not be opened.
    #[error("connect to {0}: {1}")]
    Connect(SocketAddr, std::io::Error),
    /// The connection broke (reset, closed) or the answer was malformed.
    #[error("http: {0}")]
    Http(#[from] hyper::Error),
    /// No complete answer within the call timeout.
    #[error("no answer within {CALL_TIMEOUT:?}")]
    Timeout,
    /// The request could not be built (a bad header value).
    #[error("request: {0}")]
    Request(#[from] http::Error),
}

/// One keep-alive connection to one server, reopened when needed.
pub struct Connection {
    endpoint: Endpoint,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    /// A connection to `endpoint`, opened at the first call.
    pub fn new(endpoint: Endpoint) -> Self {
        Connection {
            endpoint,
            sender: None,
        }
    }

    /// The server this connection talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// `GET path`.
    ///
    /// # Errors
    /// A [`CallError`] when no answer came.
    pub async fn get(&mut self, path: &str, caller: &Caller) -> Result<Reply, CallError> {
        let request = self
            .request(Method::GET, path, caller)
            .body(Full::new(Bytes::new()))?;
        self.call(request).await
    }

    /// `POST path` of an `application/x-www-form-urlencoded` form, as a
    /// browser without JavaScript sends it from the page `referer`.
    ///
    /// # Errors
    /// A [`CallError`] when no answer came.
    pub async fn post_form(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        caller: &Caller,
        referer: &str,
    ) -> Result<Reply, CallError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = self
            .request(Method::POST, path, caller)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(REFERER, format!("{}{referer}", self.endpoint.base))
            .body(Full::new(Bytes::from(body)))?;
        self.call(request).await
    }

    fn request(&self, method: Method, path: &str, caller: &Caller) -> http::request::Builder {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, self.endpoint.addr.to_string())
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header("x-forwarded-for", caller.forwarded_for.as_str());
        if let Some(cookie) = &caller.cookie {
            builder = builder.header(COOKIE, cookie.as_str());
        }
        builder
    }

    async fn call(&mut self, request: Request<Full<Bytes>>) -> Result<Reply, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.send(request)).await;
        match answer {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(error)) => {
                self.sender = None;
                Err(error)
            }
            Err(_) => {
                self.sender = None;
                Err(CallError::Timeout)
            }
        }
    }

    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<Reply, CallError> {
        let open = match self.sender.take() {
            Some(sender) if !sender.is_closed() => sender,
            _ => connect(self.endpoint.addr).await?,
        };
        let sender = self.sender.insert(open);
        sender.ready().await?;
        let response = sender.send_request(request).await?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        Ok(Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }
}

async fn connect(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, CallError> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| CallError::Connect(addr, e))?;
    stream
        .set_nodelay(true)
        .map_err(|e| CallError::Connect(addr, e))?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    // Drives the connection until either side closes it; its end is seen
    // by the sender (`is_closed`), so the error itself is not needed.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_http_ip_and_port() {
        let endpoint = Endpoint::parse("http://127.0.0.1:3000/").expect("valid");
        assert_eq!(endpoint.base(), "http://127.0.0.1:3000");
        assert!(Endpoint::parse("https://127.0.0.1:3000").is_err());
        assert!(Endpoint::parse("http://localhost:3000").is_err());
        assert!(Endpoint::parse("http://127.0.0.1").is_err());
    }
}

//! Who is on the other end of a request: the client's IP address, from the
//! socket, or from `X-Forwarded-For` when the socket is a trusted proxy
//! (a header anyone else sends is ignored: it would let them pick their IP).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::request::Parts;

/// The client's address: the socket's peer, or, when that peer is one of
/// `trusted_proxies`, the last address in `X-Forwarded-For` that is not
/// itself a trusted proxy. `None` when the request came through no socket
/// (in-process tests).
pub fn client_ip(parts: &Parts, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()?
        .0
        .ip()
        .to_canonical();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
        .collect::<Vec<_>>();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted_proxies.contains(ip))
            .unwrap_or(peer),
    )
}

/// The client's network, for limits: its IPv4 address, or the /64 an IPv6
/// address belongs to (one household or phone has a whole /64).
pub fn limit_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> Parts {
        let mut builder = http::Request::get("/");
        if let Some(forwarded) = forwarded {
            builder = builder.header("x-forwarded-for", forwarded);
        }
        let (mut parts, ()) = builder.body(()).expect("request").into_parts();
        let peer: SocketAddr = peer.parse().expect("address");
        parts.extensions.insert(ConnectInfo(peer));
        parts
    }

    fn ip(raw: &str) -> IpAddr {
        raw.parse().expect("ip")
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxy = [ip("10.0.0.1")];
        let direct = request("203.0.113.7:5000", Some("198.51.100.1"));
        assert_eq!(client_ip(&direct, &proxy), Some(ip("203.0.113.7")));
        let proxied = request("10.0.0.1:5000", Some("198.51.100.1, 203.0.113.9"));
        assert_eq!(client_ip(&proxied, &proxy), Some(ip("203.0.113.9")));
        let forged = request("10.0.0.1:5000", Some("garbage, 10.0.0.1"));
        assert_eq!(client_ip(&forged, &proxy), Some(ip("10.0.0.1")));
        let (no_socket, ()) = http::Request::get("/")
            .body(())
            .expect("request")
            .into_parts();
        assert_eq!(client_ip(&no_socket, &proxy), None);
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_network() {
        assert_eq!(limit_key(ip("192.0.2.4")), "192.0.2.4");
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_eq!(
            limit_key(ip("::ffff:192.0.2.4").to_canonical()),
            "192.0.2.4"
        );
    }
}

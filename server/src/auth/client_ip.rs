//! The client's address, for the audit trail and the sign-in rate limit. Behind a reverse
//! proxy the peer is the proxy; its `X-Forwarded-For` is believed only when the peer is one of
//! the configured trusted proxies, otherwise anyone could claim any address.

use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    pub fn new(proxies: Vec<IpAddr>) -> TrustedProxies {
        TrustedProxies(proxies)
    }

    /// The peer's address, or, when the peer is a trusted proxy, the nearest address in
    /// `X-Forwarded-For` that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?.ip();
        if !self.0.contains(&peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse().ok())
            .collect();
        forwarded.into_iter().rev().find(|ip| !self.0.contains(ip)).or(Some(peer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().unwrap());
        headers
    }

    #[test]
    fn a_direct_client_cannot_claim_another_address() {
        let proxies = TrustedProxies::new(vec!["10.0.0.1".parse().unwrap()]);
        let peer = Some("192.0.2.7:5000".parse().unwrap());
        assert_eq!(
            proxies.client_ip(peer, &headers("203.0.113.9")),
            Some("192.0.2.7".parse().unwrap())
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_address_counts() {
        let proxies =
            TrustedProxies::new(vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()]);
        let peer = Some("10.0.0.1:5000".parse().unwrap());
        // A client may prepend anything; only the entries the proxies added are believed.
        let ip = proxies.client_ip(peer, &headers("198.51.100.1, 203.0.113.9, 10.0.0.2"));
        assert_eq!(ip, Some("203.0.113.9".parse().unwrap()));
        assert_eq!(proxies.client_ip(peer, &HeaderMap::new()), Some("10.0.0.1".parse().unwrap()));
    }
}

//! Who is asking: the client's address, taken from the connection or, behind
//! proxies the operator runs, from `X-Forwarded-For`; and the key the rate
//! limit counts it under (an IPv4 address, or an IPv6 /64, since one home or
//! phone holds a whole /64 and could otherwise post from 2^64 addresses).

use std::fmt;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;

/// The client of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// Its address as seen by the first proxy we run, or by us.
    pub addr: IpAddr,
    /// What the rate limit counts it under.
    pub key: ClientKey,
}

impl Client {
    /// The client of a request that came from `peer`. With `trust_proxy`
    /// = N > 0, the server sits behind N proxies that each append the
    /// address they received the request from to `X-Forwarded-For`: the
    /// client is then the N-th address from the right of all the header's
    /// values taken together (every line, in order). Addresses to the left
    /// of it were written by the client and prove nothing.
    ///
    /// When there are fewer than N addresses the request went around some
    /// of the proxies, and every address present was written by one of
    /// ours: the leftmost is the client. A value that is not an address
    /// (`unknown`, garbage) at that place falls back to the peer.
    pub fn of(headers: &HeaderMap, peer: SocketAddr, trust_proxy: usize) -> Client {
        let forwarded = (trust_proxy > 0).then(|| forwarded_client(headers, trust_proxy)).flatten();
        let addr = forwarded.unwrap_or(peer.ip()).to_canonical();
        Client { addr, key: ClientKey::of(addr) }
    }
}

/// The client's entry in `X-Forwarded-For`, if it parses.
fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let mut entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return None;
    }
    let keep = entries.len().saturating_sub(hops);
    let entry = entries.drain(keep..).next()?;
    parse_address(entry)
}

/// An address as proxies write it: `203.0.113.7`, `203.0.113.7:4711`,
/// `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`, possibly quoted.
pub fn parse_address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok());
        return if port_ok { inside.parse::<Ipv6Addr>().ok().map(IpAddr::V6) } else { None };
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    // One colon: IPv4 with a port (IPv6 has at least two).
    text.parse::<SocketAddr>().ok().filter(SocketAddr::is_ipv4).map(|s| s.ip())
}

/// What the rate limit counts a client under: an IPv4 address, or the /64
/// network of an IPv6 one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn of(addr: IpAddr) -> ClientKey {
        match addr.to_canonical() {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => ClientKey(IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX)))),
        }
    }

    /// The address (IPv4) or the network's first address (IPv6).
    pub fn ip(&self) -> IpAddr {
        self.0
    }
}

/// `203.0.113.7`, or `2001:db8:1:2::/64`: the form a shared limiter can
/// store as text.
impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn peer() -> SocketAddr {
        "10.0.0.2:50000".parse().unwrap()
    }

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        map
    }

    fn client(lines: &[&str], hops: usize) -> String {
        Client::of(&headers(lines), peer(), hops).addr.to_string()
    }

    #[test]
    fn without_trust_the_peer_is_the_client() {
        assert_eq!(client(&["203.0.113.7"], 0), "10.0.0.2");
    }

    #[test]
    fn the_nth_address_from_the_right_of_all_lines_together() {
        // The client forged the first line; HAProxy appended its own line.
        assert_eq!(client(&["1.1.1.1", "203.0.113.7"], 1), "203.0.113.7");
        assert_eq!(client(&["1.1.1.1, 203.0.113.7"], 1), "203.0.113.7");
        // Two proxies: the outer one wrote the client, the inner one the outer.
        assert_eq!(client(&["1.1.1.1, 203.0.113.7", "192.0.2.10"], 2), "203.0.113.7");
        assert_eq!(client(&["1.1.1.1", "203.0.113.7, 192.0.2.10"], 2), "203.0.113.7");
        // Fewer addresses than proxies: the leftmost, all written by ours.
        assert_eq!(client(&["203.0.113.7"], 3), "203.0.113.7");
        // No header at all, or nothing usable where the client should be.
        assert_eq!(client(&[], 1), "10.0.0.2");
        assert_eq!(client(&["203.0.113.7, unknown"], 1), "10.0.0.2");
        assert_eq!(client(&[" , 203.0.113.7 ,"], 1), "203.0.113.7");
    }

    #[test]
    fn addresses_with_ports_brackets_and_quotes() {
        let parse = |t: &str| parse_address(t).map(|ip| ip.to_string());
        assert_eq!(parse("203.0.113.7:4711").as_deref(), Some("203.0.113.7"));
        assert_eq!(parse("[2001:db8::1]:4711").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse("[2001:db8::1]").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse("2001:db8::1").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse("\"[2001:db8::1]:80\"").as_deref(), Some("2001:db8::1"));
        for bad in ["", "unknown", "[2001:db8::1]:port", "[2001:db8::1", "1.2.3.4:99999", "1.2.3", "_hidden"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(client(&["198.51.100.1:1234, 203.0.113.7:443"], 1), "203.0.113.7");
        assert_eq!(client(&["[2001:db8::5]:443"], 1), "2001:db8::5");
        // An IPv4 client seen through an IPv6 socket is the IPv4 client.
        assert_eq!(client(&["::ffff:203.0.113.7"], 1), "203.0.113.7");
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_network() {
        let key = |t: &str| ClientKey::of(t.parse().unwrap());
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8:1:2:aaaa::1").to_string(), "2001:db8:1:2::/64");
        assert_eq!(key("203.0.113.7").to_string(), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
        assert_eq!(key("::ffff:203.0.113.7"), key("203.0.113.7"));
        let mapped = Client::of(&HeaderMap::new(), "[::ffff:198.51.100.4]:80".parse().unwrap(), 0);
        assert_eq!(mapped.key.to_string(), "198.51.100.4");
    }
}

#pragma once
// The TLS client context every connection to Slack uses: TLS 1.2 or newer, peers verified against the
// system trust store (OpenSSL's default places, so SSL_CERT_FILE and SSL_CERT_DIR are honoured) plus the
// PEM in SLACK_CA_FILE when one is set. SNI and host-name verification are set per connection.

#include <boost/asio/ssl/context.hpp>
#include <string>

struct ssl_st;

namespace networkbot::slack {

// Throws std::runtime_error naming the file when `extra_ca_file` cannot be loaded.
[[nodiscard]] boost::asio::ssl::context make_tls_context(const std::string& extra_ca_file);

// On a fresh TLS connection to `host`: SNI (for names; address literals have none) and verification
// that the peer's certificate names `host`. Throws std::runtime_error when OpenSSL refuses.
void prepare_tls(ssl_st* ssl, const std::string& host);

}  // namespace networkbot::slack

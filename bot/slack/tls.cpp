#include "bot/slack/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

namespace networkbot::slack {

boost::asio::ssl::context make_tls_context(const std::string& extra_ca_file) {
  namespace ssl = boost::asio::ssl;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx.set_default_verify_paths();
  if (!extra_ca_file.empty()) {
    boost::system::error_code ec;
    ctx.load_verify_file(extra_ca_file, ec);
    if (ec) throw std::runtime_error("cannot use SLACK_CA_FILE '" + extra_ca_file + "': " + ec.message());
  }
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

void prepare_tls(ssl_st* ssl, const std::string& host) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  const bool literal = !ec;
  if (literal) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) != 1)
      throw std::runtime_error("cannot verify the address " + host);
  } else {
    // SSL_set_tlsext_host_name, spelled out: the macro hides a C cast.
    if (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str())) != 1 ||
        SSL_set1_host(ssl, host.c_str()) != 1)
      throw std::runtime_error("cannot verify the host name " + host);
  }
  SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
}

}  // namespace networkbot::slack

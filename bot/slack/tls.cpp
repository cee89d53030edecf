#include "bot/slack/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace networkbot::slack {

namespace {

// True when `dir` holds certificates under OpenSSL's hashed names ("3513523f.0"), as Debian's
// ca-certificates keeps /etc/ssl/certs.
bool has_hashed_certificates(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 10 || name[8] != '.') continue;
    bool hex = true;
    for (std::size_t i = 0; i < 8; ++i) hex = hex && std::isxdigit(static_cast<unsigned char>(name[i])) != 0;
    if (hex && std::isdigit(static_cast<unsigned char>(name[9])) != 0) return true;
  }
  return false;
}

// The system's certificate authorities. OpenSSL's default paths parse the whole bundle file up front and
// keep every certificate in memory, for the one or two Slack's chain needs; the hashed directory is read
// a certificate at a time, as a handshake asks for one. So the directory alone is used when it is hashed
// and SSL_CERT_FILE is not set; otherwise OpenSSL's defaults.
void trust_system_store(boost::asio::ssl::context& ctx) {
  const char* file = std::getenv(X509_get_default_cert_file_env());
  const char* dirs = std::getenv(X509_get_default_cert_dir_env());
  const std::string dir = dirs != nullptr && *dirs != '\0' ? dirs : X509_get_default_cert_dir();
  if ((file == nullptr || *file == '\0') && dir.find(':') == std::string::npos && has_hashed_certificates(dir)) {
    boost::system::error_code ec;
    ctx.add_verify_path(dir, ec);
    if (!ec) return;
  }
  ctx.set_default_verify_paths();
}

}  // namespace

boost::asio::ssl::context make_tls_context(const std::string& extra_ca_file) {
  namespace ssl = boost::asio::ssl;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  trust_system_store(ctx);
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

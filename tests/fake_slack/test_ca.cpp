#include "tests/fake_slack/test_ca.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace networkbot::testing {
namespace {

// One deleter type per OpenSSL free function, so every object below is released on every path.
template <auto Free>
struct openssl_free {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_free<EVP_PKEY_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, openssl_free<EVP_PKEY_CTX_free>>;
using x509_ptr = std::unique_ptr<X509, openssl_free<X509_free>>;
using extension_ptr = std::unique_ptr<X509_EXTENSION, openssl_free<X509_EXTENSION_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_free<BIO_free_all>>;
using bignum_ptr = std::unique_ptr<BIGNUM, openssl_free<BN_free>>;

// Throws with `what` followed by every queued OpenSSL error (the queue is drained either way).
[[noreturn]] void fail(const std::string& what) {
  std::string text = "test PKI: " + what;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    std::array<char, 256> line{};
    ERR_error_string_n(code, line.data(), line.size());
    text += "; ";
    text += line.data();
  }
  throw std::runtime_error(text);
}

void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

pkey_ptr make_p256_key() {
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  check(ctx != nullptr, "EVP_PKEY_CTX_new_from_name(EC)");
  check(EVP_PKEY_keygen_init(ctx.get()) > 0, "EVP_PKEY_keygen_init");
  check(EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") > 0, "EVP_PKEY_CTX_set_group_name(P-256)");
  EVP_PKEY* raw = nullptr;
  check(EVP_PKEY_generate(ctx.get(), &raw) > 0, "EVP_PKEY_generate");
  return pkey_ptr(raw);
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.c_str());
  check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, bytes, -1, -1, 0) == 1,
        std::string("X509_NAME_add_entry_by_txt ") + field);
}

void add_extension(X509* cert, X509V3_CTX& ctx, int nid, const char* value) {
  extension_ptr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  check(ext != nullptr, std::string("extension ") + OBJ_nid2sn(nid) + "=" + value);
  check(X509_add_ext(cert, ext.get(), -1) == 1, std::string("X509_add_ext ") + OBJ_nid2sn(nid));
}

// A v3 certificate for `key` named `common_name`, valid from an hour ago to a day ahead. Self-signed
// when `issuer` is null, otherwise signed by issuer/issuer_key.
x509_ptr make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                          bool is_ca) {
  x509_ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");

  // A random positive 63-bit serial: two certificates from one CA never share one.
  bignum_ptr serial(BN_new());
  check(serial != nullptr, "BN_new");
  check(BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "BN_rand");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr, "BN_to_ASN1_INTEGER");

  constexpr long hour = 60L * 60L;
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -hour) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * hour) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");

  X509_NAME* subject = X509_get_subject_name(cert.get());
  add_name_entry(subject, "O", "networkbot tests");
  add_name_entry(subject, "CN", common_name);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "X509_set_issuer_name");

  X509V3_CTX ctx{};
  X509V3_set_ctx(&ctx, signer, cert.get(), nullptr, nullptr, 0);
  if (is_ca) {
    add_extension(cert.get(), ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), ctx, NID_subject_key_identifier, "hash");
  } else {
    add_extension(cert.get(), ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), ctx, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    add_extension(cert.get(), ctx, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), ctx, NID_authority_key_identifier, "keyid:always");
  }

  EVP_PKEY* signing_key = issuer_key != nullptr ? issuer_key : key;
  check(X509_sign(cert.get(), signing_key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

bio_ptr open_for_writing(const std::string& path) {
  bio_ptr bio(BIO_new_file(path.c_str(), "w"));
  check(bio != nullptr, "cannot open " + path + " for writing");
  return bio;
}

void write_certificate(const std::string& path, X509* cert) {
  bio_ptr bio = open_for_writing(path);
  check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509 " + path);
}

void write_private_key(const std::string& path, EVP_PKEY* key) {
  {
    bio_ptr bio = open_for_writing(path);
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey " + path);
  }
  std::error_code ec;
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace, ec);
}

}  // namespace

test_pki make_test_pki(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("test PKI: cannot create " + dir + ": " + ec.message());

  const std::filesystem::path base(dir);
  test_pki pki;
  pki.dir = dir;
  pki.ca_file = (base / "ca.pem").string();
  pki.cert_file = (base / "server.pem").string();
  pki.key_file = (base / "server-key.pem").string();

  ERR_clear_error();
  const pkey_ptr ca_key = make_p256_key();
  const x509_ptr ca_cert = make_certificate(ca_key.get(), "networkbot test CA", nullptr, nullptr, true);
  const pkey_ptr server_key = make_p256_key();
  const x509_ptr server_cert = make_certificate(server_key.get(), "127.0.0.1", ca_cert.get(), ca_key.get(), false);

  write_certificate(pki.ca_file, ca_cert.get());
  write_certificate(pki.cert_file, server_cert.get());
  write_private_key(pki.key_file, server_key.get());
  return pki;
}

}  // namespace networkbot::testing

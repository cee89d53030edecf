// A throw-away certificate authority for tests: a CA and a server certificate for 127.0.0.1, made with
// OpenSSL at test time so no key material lives in the repository.
#pragma once

#include <string>

namespace networkbot::testing {

struct test_pki {
  std::string dir;        // where the PEM files were written
  std::string ca_file;    // CA certificate (PEM): the bot trusts it through SLACK_CA_FILE
  std::string cert_file;  // server certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1 and DNS:localhost), signed by the CA
  std::string key_file;   // server private key
};

// Creates a fresh CA and a server certificate in `dir` (created if missing). Keys: EC P-256. Validity:
// from 1 hour ago to 1 day ahead. The CA has basicConstraints CA:TRUE and keyUsage keyCertSign; the
// server certificate has basicConstraints CA:FALSE, extendedKeyUsage serverAuth and the SAN above.
// Throws std::runtime_error carrying OpenSSL's error text on failure.
test_pki make_test_pki(const std::string& dir);

}  // namespace networkbot::testing

#include <catch2/catch.hpp>

#include "bot/log/redact.hpp"

using networkbot::log::redact;

TEST_CASE("tokens of every kind are redacted and their kind kept", "[redact]") {
  CHECK(redact("token xoxb-12345-67890-AbCdEfGhIjKl used") == "token xoxb-[redacted] used");
  CHECK(redact("xapp-1-A0123-12345-abcdef0123") == "xapp-[redacted]");
  CHECK(redact("user xoxp-1-2-3 and rotating xoxe.xoxb-1-ABC refresh xoxe-1-XYZ") ==
        "user xoxp-[redacted] and rotating xoxe.[redacted] refresh xoxe-[redacted]");
  CHECK(redact(R"({"token":"xoxb-99-SECRET"})") == R"({"token":"xoxb-[redacted]"})");
  CHECK(redact("Authorization: Bearer xapp-1-SECRET") == "Authorization: Bearer xapp-[redacted]");
  // Words that merely contain the letters are left alone.
  CHECK(redact("boxoxb-not-a-token") == "boxoxb-not-a-token");
}

TEST_CASE("response_url addresses are redacted wherever they appear", "[redact]") {
  CHECK(redact("posting to https://hooks.slack.com/commands/T0001/1234/AbCdSecret now") ==
        "posting to https://hooks.slack.com/[redacted] now");
  CHECK(redact(R"({"response_url":"https:\/\/hooks.slack.com\/actions\/T1\/2\/secret","x":1})") ==
        R"({"response_url":"[redacted]","x":1})");
  CHECK(redact(R"({"url":"https:\/\/hooks.slack.com\/actions\/T1\/2\/secret"})") ==
        R"({"url":"https:\/\/hooks.slack.com\/[redacted]"})");
  CHECK(redact("response_url=http%3A%2F%2F127.0.0.1%3A4000%2Frespond%2Fabc&text=hi") ==
        "response_url=[redacted]&text=hi");
  CHECK(redact("response_url: https://127.0.0.1:4000/respond/abc") == "response_url: [redacted]");
}

TEST_CASE("Socket Mode URL tickets are redacted, the rest of the URL kept", "[redact]") {
  CHECK(redact("connecting to wss://wss-primary.slack.com/link/?ticket=1234-abcd-SECRET&app_id=A0123") ==
        "connecting to wss://wss-primary.slack.com/link/?ticket=[redacted]&app_id=A0123");
}

TEST_CASE("text without secrets passes through unchanged", "[redact]") {
  const std::string text = "student U0SAMP0001 ran /network help in 3 ms; ticket count 4";
  CHECK(redact(text) == text);
  CHECK(redact("") == "");
}

// The HTTP/1.1 request as the pool writes it: head and body in one piece, the Host header as HTTP
// carries it, no Authorization header when there is no token.

#include <catch2/catch.hpp>
#include <string>

#include "bot/slack/h1_pool.hpp"
#include "bot/slack/url.hpp"

using networkbot::slack::h1_request_text;
using networkbot::slack::https_request;

TEST_CASE("an HTTP/1.1 request is its head, a blank line and the body, in one piece", "[h1_pool]") {
  const auto to = networkbot::slack::parse_url("https://slack.example:8443/api/chat.postMessage?x=1");
  REQUIRE(to);
  const std::string body = R"({"text":"hi"})";
  const https_request r{*to, "application/json; charset=utf-8", body, "Bearer xoxb-1"};
  CHECK(h1_request_text(r) ==
        "POST /api/chat.postMessage?x=1 HTTP/1.1\r\n"
        "Host: slack.example:8443\r\n"
        "User-Agent: networkbot\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Authorization: Bearer xoxb-1\r\n"
        "Content-Length: 13\r\n"
        "\r\n" +
            body);
}

TEST_CASE("an HTTP/1.1 request without a token has no Authorization header; port 443 is left out of Host", "[h1_pool]") {
  const auto to = networkbot::slack::parse_url("https://hooks.slack.example/actions/T1/1/abc");
  REQUIRE(to);
  const https_request r{*to, "application/json", "", ""};
  CHECK(h1_request_text(r) ==
        "POST /actions/T1/1/abc HTTP/1.1\r\n"
        "Host: hooks.slack.example\r\n"
        "User-Agent: networkbot\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
}

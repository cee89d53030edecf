#pragma once
// What an HTTP answer carries that the Web API client reads, over HTTP/1.1 or HTTP/2.

#include <string>

namespace networkbot::slack {

struct http_response {
  unsigned status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header, when present
};

}  // namespace networkbot::slack

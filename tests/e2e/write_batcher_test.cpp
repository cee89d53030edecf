// The write batcher that lets a burst of Socket Mode acks leave as one TLS record, over a stream that
// records each write it is asked for. (Here rather than in the unit tests: it needs Asio, which this
// binary compiles already.)

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/slack/write_batcher.hpp"

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// Each async_write_some is one entry in `writes`; its answer comes later, through the io_context.
class recording_stream {
 public:
  using executor_type = asio::io_context::executor_type;
  explicit recording_stream(asio::io_context& io) : io_(io) {}
  executor_type get_executor() { return io_.get_executor(); }

  template <class Buffers, class Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return asio::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const Buffers& b) {
          std::string bytes;
          for (auto it = asio::buffer_sequence_begin(b); it != asio::buffer_sequence_end(b); ++it)
            bytes.append(static_cast<const char*>(asio::const_buffer(*it).data()), asio::const_buffer(*it).size());
          writes.push_back(bytes);
          const std::size_t n = failure ? 0 : bytes.size();
          asio::post(io_, [h = std::move(handler), ec = failure, n]() mutable { std::move(h)(ec, n); });
        },
        token, buffers);
  }

  std::vector<std::string> writes;
  error_code failure;

 private:
  asio::io_context& io_;
};

struct result {
  std::optional<error_code> ec;
  std::size_t n = 0;
};

void write(networkbot::slack::write_batcher<recording_stream>& s, const std::string& text, result& r) {
  s.async_write_some(asio::buffer(text), [&r](error_code ec, std::size_t n) {
    r.ec = ec;
    r.n = n;
  });
}

}  // namespace

TEST_CASE("write batcher: held writes are kept and leave with the next one, in one write below", "[socket][batcher]") {
  asio::io_context io;
  networkbot::slack::write_batcher<recording_stream> s(io);
  auto& below = s.next_layer();
  const std::string one = "one", two = "two", three = "three", four = "four";
  result r1, r2, r3, r4;

  s.hold(true);
  write(s, one, r1);
  CHECK_FALSE(r1.ec);  // never answered inside the call
  io.run();
  io.restart();
  REQUIRE(r1.ec);
  CHECK_FALSE(*r1.ec);
  CHECK(r1.n == 3);
  write(s, two, r2);
  io.run();
  io.restart();
  CHECK(r2.n == 3);
  CHECK(below.writes.empty());
  CHECK(s.kept() == 6);

  s.hold(false);
  write(s, three, r3);
  io.run();
  io.restart();
  REQUIRE(r3.ec);
  CHECK_FALSE(*r3.ec);
  CHECK(r3.n == 5);  // its own bytes, not the batch's
  CHECK(below.writes == std::vector<std::string>{"onetwothree"});
  CHECK(s.kept() == 0);

  write(s, four, r4);  // nothing kept: straight through
  io.run();
  CHECK(r4.n == 4);
  CHECK(below.writes == std::vector<std::string>{"onetwothree", "four"});
}

TEST_CASE("write batcher: a failed send fails the write that carried the kept bytes", "[socket][batcher]") {
  asio::io_context io;
  networkbot::slack::write_batcher<recording_stream> s(io);
  const std::string first = "ack-1", last = "ack-2";
  result r1, r2;
  s.hold(true);
  write(s, first, r1);
  io.run();
  io.restart();
  s.hold(false);
  s.next_layer().failure = asio::error::broken_pipe;
  write(s, last, r2);
  io.run();
  REQUIRE(r2.ec);
  CHECK(*r2.ec == asio::error::broken_pipe);
  CHECK(r2.n == 0);
  CHECK(s.kept() == 0);  // the next write does not send stale bytes again
  CHECK(s.next_layer().writes == std::vector<std::string>{"ack-1ack-2"});
}

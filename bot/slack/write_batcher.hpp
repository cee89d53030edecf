#pragma once
// A stream layer that lets a run of small writes leave as one. While it is held, what is written is kept
// and reported written at once; the next write made while it is not held sends everything kept, followed
// by its own bytes, in one write to the layer below.
//
// It sits between the WebSocket and TLS, so that a burst of acks becomes one TLS record and one send
// rather than one of each per ack. Writes reach it one at a time (Beast's WebSocket stream lets only one
// write run at once, its automatic pongs included), and the kept bytes go out inside one of those writes,
// so they can never interleave with another. Reads pass straight through.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <string>
#include <utility>

namespace networkbot::slack {

template <class NextLayer>
class write_batcher {
 public:
  using executor_type = typename NextLayer::executor_type;
  using next_layer_type = NextLayer;

  template <class... Args>
  explicit write_batcher(Args&&... args) : next_(std::forward<Args>(args)...) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  // Held: writes are kept. The caller releases the hold before its last write of a run, which carries
  // the kept bytes out with it.
  void hold(bool on) noexcept { holding_ = on; }
  [[nodiscard]] std::size_t kept() const noexcept { return kept_.size(); }

  template <class MutableBuffers, class ReadToken>
  auto async_read_some(const MutableBuffers& buffers, ReadToken&& token) {
    return next_.async_read_some(buffers, std::forward<ReadToken>(token));
  }

  // The bytes are copied, and the handler type-erased, so that the writing below is compiled once rather
  // than for every buffer and handler type Beast's WebSocket writes with, each instance more code in the
  // binary and in the bot's resident memory. Copying a frame the size of an ack is cheap next to that.
  template <class ConstBuffers, class WriteToken>
  auto async_write_some(const ConstBuffers& buffers, WriteToken&& token) {
    return boost::asio::async_initiate<WriteToken, void(boost::system::error_code, std::size_t)>(
        [this](handler h, const ConstBuffers& b) {
          for (auto it = boost::asio::buffer_sequence_begin(b); it != boost::asio::buffer_sequence_end(b); ++it) {
            const boost::asio::const_buffer part(*it);
            kept_.append(static_cast<const char*>(part.data()), part.size());
          }
          write(std::move(h), boost::asio::buffer_size(b));
        },
        token, buffers);
  }

 private:
  using handler = boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;

  void write(handler h, std::size_t size) {
    if (holding_) {  // reported written, never inside the call
      boost::asio::post(next_.get_executor(), boost::asio::append(std::move(h), boost::system::error_code{}, size));
      return;
    }
    // Everything kept, this write's bytes last. The stream runs on one thread, so the handler may be
    // called from this completion directly.
    boost::asio::async_write(next_, boost::asio::buffer(kept_),
                             [this, size, h = std::move(h)](boost::system::error_code ec, std::size_t) mutable {
                               kept_.clear();
                               std::move(h)(ec, ec ? 0 : size);
                             });
  }

  NextLayer next_;
  std::string kept_;
  bool holding_ = false;
};

// The WebSocket's closing handshake tears down the layer below (TLS): passed straight on.
template <class NextLayer>
void teardown(boost::beast::role_type role, write_batcher<NextLayer>& stream, boost::system::error_code& ec) {
  teardown(role, stream.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, write_batcher<NextLayer>& stream, TeardownHandler&& handler) {
  async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace networkbot::slack

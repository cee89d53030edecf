#pragma once
// A stream layer that lets a run of small writes leave as one. While it is held, what is written is kept
// and reported written at once; the next write made while it is not held sends everything kept, followed
// by its own bytes, in one write to the layer below.
//
// It sits between the WebSocket and TLS, so that a burst of acks becomes one TLS record and one send
// rather than one of each per ack. Writes reach it one at a time (Beast's WebSocket stream lets only one
// write run at once, its automatic pongs included), and the kept bytes go out inside one of those writes,
// so they can never interleave with another. Reads pass straight through.

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
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

  template <class ConstBuffers, class WriteToken>
  auto async_write_some(const ConstBuffers& buffers, WriteToken&& token) {
    return boost::asio::async_compose<WriteToken, void(boost::system::error_code, std::size_t)>(
        write_op<ConstBuffers>{this, buffers}, token, next_);
  }

 private:
  template <class ConstBuffers>
  struct write_op {
    write_batcher* self;
    ConstBuffers buffers;
    enum class step { start, kept, passed_on, flushed } at = step::start;
    std::size_t size = 0;

    template <class Self>
    void operator()(Self& op, boost::system::error_code ec = {}, std::size_t written = 0) {
      switch (at) {
        case step::start:
          size = boost::asio::buffer_size(buffers);
          if (self->holding_) {
            self->keep(buffers);
            at = step::kept;
            boost::asio::post(self->next_.get_executor(), std::move(op));  // never complete inside the call
            return;
          }
          if (self->kept_.empty()) {
            at = step::passed_on;
            self->next_.async_write_some(buffers, std::move(op));
            return;
          }
          self->keep(buffers);
          at = step::flushed;
          boost::asio::async_write(self->next_, boost::asio::buffer(self->kept_), std::move(op));
          return;
        case step::kept:
          op.complete(ec, size);
          return;
        case step::passed_on:
          op.complete(ec, written);
          return;
        case step::flushed:
          self->kept_.clear();
          op.complete(ec, ec ? 0 : size);
          return;
      }
    }
  };

  template <class ConstBuffers>
  void keep(const ConstBuffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::const_buffer b(*it);
      kept_.append(static_cast<const char*>(b.data()), b.size());
    }
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

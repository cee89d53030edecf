#pragma once
// A one-thread "something happened" flag that coroutines can wait on, with a deadline. set() wakes every
// waiter; the flag stays set until reset(). Use it only from the executor's own thread.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace networkbot::slack {

class async_event {
 public:
  explicit async_event(boost::asio::any_io_executor ex) : timer_(std::move(ex)) {}

  void set() {
    set_ = true;
    timer_.cancel();
  }
  void reset() { set_ = false; }
  [[nodiscard]] bool is_set() const { return set_; }

  // True when set before `deadline`, false when the deadline came first.
  boost::asio::awaitable<bool> wait_until(std::chrono::steady_clock::time_point deadline) {
    while (!set_) {
      if (std::chrono::steady_clock::now() >= deadline) co_return false;
      timer_.expires_at(deadline);
      (void)co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    co_return true;
  }
  boost::asio::awaitable<void> wait() { (void)co_await wait_until(std::chrono::steady_clock::time_point::max()); }

 private:
  boost::asio::steady_timer timer_;
  bool set_ = false;
};

}  // namespace networkbot::slack

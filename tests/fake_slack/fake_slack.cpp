// The fake Slack's lifetime: it makes the test PKI and the TLS listener, runs the one I/O thread, and shuts
// everything down; and what every role shares: wait_for and the protocol violations.
// Threading: the constructor and destructor run on the test's thread; run_thread is the fake's thread;
// begin_shutdown is posted to it. wait_for and protocol_violations are safe on any thread.
#include "tests/fake_slack/fake_slack.hpp"

#include "tests/fake_slack/detail.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace networkbot::testing {

namespace detail {

void report_exception(const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "fake_slack: internal error: %s\n", ex.what());
  } catch (...) {
    std::fprintf(stderr, "fake_slack: internal error (unknown exception)\n");
  }
}

}  // namespace detail

fake_slack::impl::impl(fake_options options) : opt(std::move(options)) {
  std::string dir = opt.pki_dir;
  if (dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "networkbot-fake-slack-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("fake_slack: mkdtemp failed");
    dir = buffer.data();
    own_pki_dir = true;
  }
  pki = make_test_pki(dir);

  configure_tls();

  ioc = std::make_unique<asio::io_context>(1);
  acceptor = std::make_unique<tcp::acceptor>(*ioc, tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  port = acceptor->local_endpoint().port();
  origin = "https://127.0.0.1:" + std::to_string(port);
  work.emplace(ioc->get_executor());
  asio::co_spawn(*ioc, accept_loop(), report_exception);

  std::promise<void> done;
  thread_done = done.get_future();
  thread = std::thread([this, d = std::move(done)]() mutable { run_thread(std::move(d)); });
}

void fake_slack::impl::run_thread(std::promise<void> done) {
  for (;;) {
    try {
      ioc->run();
      break;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fake_slack: internal error: %s\n", e.what());
    }
  }
  done.set_value();
}

fake_slack::impl::~impl() {
  asio::post(*ioc, [this] { begin_shutdown(); });
  work.reset();
  // Everything closes promptly; the stop() is a backstop so a stuck handler cannot hang a test run.
  if (thread_done.wait_for(std::chrono::seconds(20)) != std::future_status::ready) ioc->stop();
  thread.join();
  {
    const std::lock_guard lock(mu);
    for (auto& c : conns) c.session.reset();
  }
  acceptor.reset();
  ioc.reset();  // destroys whatever handlers are left while the state they point to is still alive
  if (own_pki_dir) {
    std::error_code ec;
    std::filesystem::remove_all(pki.dir, ec);
  }
}

void fake_slack::impl::begin_shutdown() {
  stopping = true;
  boost::system::error_code ec;
  acceptor->close(ec);
  for (beast::tcp_stream* s : http_streams) s->close();
  std::vector<std::shared_ptr<ws_session>> sessions;
  {
    const std::lock_guard lock(mu);
    for (const auto& c : conns) {
      if (c.session) sessions.push_back(c.session);
    }
  }
  for (const auto& s : sessions) {
    s->finished = true;
    s->queue.clear();
    s->grace.cancel();
    beast::get_lowest_layer(s->ws).close();
  }
}

// Public members: construction and destruction on the owning thread, the rest on any thread.

fake_slack::fake_slack(fake_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
fake_slack::~fake_slack() = default;

std::string fake_slack::api_url() const { return impl_->origin + "/api/"; }
std::string fake_slack::ca_file() const { return impl_->pki.ca_file; }
unsigned short fake_slack::port() const { return impl_->port; }

std::vector<std::string> fake_slack::protocol_violations() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->violations;
}

bool fake_slack::wait_for(const std::function<bool(const fake_slack&)>& pred, std::chrono::milliseconds limit) const {
  const auto deadline = clock_type::now() + limit;
  for (;;) {
    std::uint64_t seen = 0;
    {
      const std::lock_guard lock(impl_->wait_mu);
      seen = impl_->generation;
    }
    if (pred(*this)) return true;
    std::unique_lock lock(impl_->wait_mu);
    if (!impl_->wait_cv.wait_until(lock, deadline, [&] { return impl_->generation != seen; })) {
      lock.unlock();
      return pred(*this);
    }
  }
}

}  // namespace networkbot::testing

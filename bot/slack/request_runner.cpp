#include "bot/slack/request_runner.hpp"

#include <spdlog/spdlog.h>

#include "bot/slack/effects.hpp"
#include "bot/slack/threads.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

store::millis now_millis(const app::backend& b) {
  return std::chrono::duration_cast<store::millis>(b.svc.clock.now().time_since_epoch());
}

}  // namespace

request_runner::request_runner(app::serialized<app::backend>& house, spill_queue& queue, identity self,
                               std::function<void()> on_queued, std::function<void(std::vector<std::string>)> on_lookup)
    : house_(house), queue_(queue), self_(std::move(self)), on_queued_(std::move(on_queued)), on_lookup_(std::move(on_lookup)) {
  house_.run([&](app::backend& b) { b.router.look_up_newcomers_with(&newcomers_); });
  worker_ = std::thread([this] { work(); });
}

request_runner::~request_runner() {
  drain_and_stop();
  house_.run([](app::backend& b) { b.router.look_up_newcomers_with(nullptr); });
}

void request_runner::drain_and_stop() {
  if (!worker_.joinable()) return;
  queue_.drain_and_stop();
  worker_.join();
}

void request_runner::work() {
  name_thread("nb-worker");
  while (auto b = queue_.next()) {
    std::int64_t last_read = 0;
    std::vector<queued_request> requests;
    const std::vector<queued_request>* todo = &b->requests;
    try {
      if (b->from_inbox) {
        last_read = read_back(*b->from_inbox, requests);
        todo = &requests;
      }
      if (!todo->empty()) handle(*todo);
    } catch (const std::exception& e) {
      // Reading the inbox back failed: the rows stay unhandled and are handled at the next start.
      spdlog::error("{} requests could not be read back from the inbox: {}", b->from_inbox ? b->from_inbox->limit : 0, e.what());
      if (b->from_inbox) last_read = b->from_inbox->up_to;
    }
    queue_.done(*b, last_read);
  }
}

std::int64_t request_runner::read_back(const spill_queue::batch::range& range, std::vector<queued_request>& out) {
  std::vector<store::inbox_entry> rows =
      house_.run([&](app::backend& b) { return b.queues.unhandled(range.after, range.up_to, range.limit); });
  const std::int64_t last = rows.empty() ? range.up_to : rows.back().id;
  std::vector<std::pair<std::int64_t, std::vector<store::outbox_message>>> unusable;
  for (const auto& row : rows) {
    json stored = json::parse(row.payload, nullptr, false);
    std::optional<app::request> request;
    if (!stored.is_discarded() && stored.is_object()) {
      envelope e;
      e.type = stored.value("type", std::string{});
      // Moved out, not copied: value() would copy the whole payload.
      if (auto payload = stored.find("payload"); payload != stored.end()) e.payload = std::move(*payload);
      else e.payload = json::object();
      try {
        inbound what = classify(e, self_);
        if (auto* r = std::get_if<app::request>(&what)) request = std::move(*r);
      } catch (const bad_frame&) {
        // It was stored before it was parsed; if it cannot be parsed now, it never will be.
      }
    }
    if (request)
      out.push_back(queued_request{row.id, std::move(*request), row.received_at});
    else
      unusable.emplace_back(row.id, std::vector<store::outbox_message>{});
  }
  if (!unusable.empty()) {
    house_.run([&](app::backend& b) { b.queues.handled_all(unusable, now_millis(b)); });
    const std::lock_guard lock(counts_mutex_);
    counts_.unreadable += unusable.size();
  }
  return last;
}

void request_runner::handle(const std::vector<queued_request>& requests) {
  std::vector<std::pair<std::int64_t, std::vector<store::outbox_message>>> done;
  done.reserve(requests.size());
  try {
    // One transaction for the batch: what the router writes (a newcomer's directory row, a contact, …),
    // the effects and the inbox rows' "handled" marks are committed together, so a failure undoes all
    // of it and the next start handles the rows once. The turn lasts one batch, a few milliseconds: the
    // socket thread's inbox commit waits that long at worst.
    house_.run([&](app::backend& b) {
      auto tx = b.queues.begin();
      for (const auto& q : requests) {
        const app::outcome result = b.router.handle(q.request);
        done.emplace_back(q.inbox_id, to_rows(plan_effects(q.request, result, q.received_at)));
      }
      b.queues.handled_all(done, now_millis(b));
      tx->commit();
    });
  } catch (const std::exception& e) {
    // The router never throws; this is the database. The rows stay unhandled and are handled at the next
    // start rather than lost.
    spdlog::error("{} requests could not be stored: {}", requests.size(), e.what());
    (void)newcomers_.take();  // their rows were rolled back too; they are asked again on their next request
    return;
  }
  {
    const std::lock_guard lock(counts_mutex_);
    counts_.handled += requests.size();
    ++counts_.outcome_commits;
  }
  // All of a batch's newcomers at once, now that their directory rows are committed: one hand-over to
  // the outbox thread, not one wake-up per newcomer.
  if (auto ids = newcomers_.take(); on_lookup_ && !ids.empty()) on_lookup_(std::move(ids));
  if (on_queued_) on_queued_();
}

runner_counts request_runner::counts() const {
  const std::lock_guard lock(counts_mutex_);
  return counts_;
}

}  // namespace networkbot::slack

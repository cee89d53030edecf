#include "bot/slack/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "bot/slack/effects.hpp"
#include "bot/slack/json_text.hpp"
#include "bot/slack/threads.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

// How long the socket thread must have been quiet before the worker starts on a batch, and how long a
// request is ever held back for a burst.
constexpr std::chrono::milliseconds quiet_before_handling{20};
constexpr std::chrono::milliseconds longest_hold{1000};
// Requests held in memory at most; the rest wait in the inbox only.
constexpr std::size_t max_in_memory = 256;
constexpr std::size_t batch_size = 32;

// The ack payload for a modal submit: close it, or keep it open with messages under its fields.
json submission_ack(const app::ack& a) {
  if (const auto* errors = std::get_if<app::ack_errors>(&a); errors != nullptr && !errors->errors.empty()) {
    json e = json::object();
    for (const auto& [block, text] : errors->errors) e[block] = text;
    return json{{"response_action", "errors"}, {"errors", std::move(e)}};
  }
  return json::object();
}

// The envelope as the inbox stores it (parse_frame already dropped the verification token).
std::string stored_payload(const envelope& e) {
  std::string out = R"({"type":)";
  out += json(e.type).dump();
  out += R"(,"payload":)";
  out += json_text(e.payload);
  out += '}';
  return out;
}

}  // namespace

dispatcher::dispatcher(app::router& router, store::message_queues& queues, std::mutex& db_mutex,
                       const core::clock& clock, std::function<void()> on_queued,
                       std::function<void(std::vector<std::string>)> on_lookup)
    : router_(router),
      queues_(queues),
      db_mutex_(db_mutex),
      clock_(clock),
      on_queued_(std::move(on_queued)),
      on_lookup_(std::move(on_lookup)),
      worker_([this] { work(); }) {
  router_.look_up_newcomers_with(&newcomers_);
}

dispatcher::~dispatcher() {
  drain_and_stop();
  router_.look_up_newcomers_with(nullptr);
}

void dispatcher::hand_over_newcomers() {
  // All of a batch's at once: one hand-over to the outbox thread, not one wake-up of it per newcomer.
  auto ids = newcomers_.take();
  if (on_lookup_ && !ids.empty()) on_lookup_(std::move(ids));
}

void dispatcher::set_identity(identity self) { self_ = std::move(self); }

std::int64_t dispatcher::now_seconds() const { return clock_.now().time_since_epoch().count(); }

std::optional<std::string> dispatcher::screen(const envelope& e, inbound& what) {
  auto count = [&](std::uint64_t dispatch_counts::*field) {
    std::lock_guard lock(jobs_mutex_);
    ++(counts_.*field);
  };
  try {
    what = classify(e, self_);
  } catch (const bad_frame& bad) {
    spdlog::warn("envelope {} ({}) skipped: {}", e.id, e.type, bad.what());
    count(&dispatch_counts::malformed);
    return ack_frame(e.id);
  }
  if (auto why = foreign_reason(installation_of(e.payload), self_); !why.empty()) {
    spdlog::warn("envelope {} dropped: {}", e.id, why);
    count(&dispatch_counts::foreign);
    return ack_frame(e.id);
  }
  if (const auto* skip = std::get_if<ignored>(&what)) {
    spdlog::debug("envelope {} ignored: {}", e.id, skip->why);
    count(&dispatch_counts::ignored);
    return ack_frame(e.id);
  }
  return std::nullopt;
}

std::vector<std::string> dispatcher::accept(const std::vector<envelope>& batch) {
  {
    std::lock_guard lock(jobs_mutex_);
    counts_.envelopes += batch.size();
    ++counts_.inbox_commits;
    last_accept_ = std::chrono::steady_clock::now();
  }
  std::vector<std::string> acks(batch.size());
  std::vector<inbound> what(batch.size());
  std::vector<std::size_t> kept;  // indexes of the envelopes recorded in the inbox
  std::vector<store::message_queues::arrival> arrivals;
  const std::int64_t received_at = now_seconds();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto ack = screen(batch[i], what[i])) {
      acks[i] = std::move(*ack);
      continue;
    }
    kept.push_back(i);
    arrivals.push_back({batch[i].type, dedupe_key(batch[i]), stored_payload(batch[i]), received_at});
  }
  if (kept.empty()) return acks;

  std::vector<job> queued;
  bool effects_queued = false;
  std::uint64_t duplicates = 0;
  std::uint64_t handled_now = 0;
  {
    std::lock_guard lock(db_mutex_);
    const auto ids = queues_.receive_all(arrivals);
    std::vector<std::pair<std::int64_t, std::vector<store::outbox_message>>> done;
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const envelope& e = batch[kept[k]];
      acks[kept[k]] = ack_frame(e.id);
      if (!ids[k]) {
        spdlog::info("event {} delivered again (retry {}, {}); handled once already, dropped", arrivals[k].dedupe_key,
                     e.retry_attempt, e.retry_reason.empty() ? "another connection" : e.retry_reason);
        ++duplicates;
        continue;
      }
      if (const auto* ev = std::get_if<event>(&what[kept[k]])) {
        // Recorded for deduplication; no feature reacts to this event type.
        spdlog::debug("event {} ({}) from {} recorded", ev->event_id, ev->type, ev->user_id);
        done.emplace_back(*ids[k], std::vector<store::outbox_message>{});
        continue;
      }
      auto& request = std::get<app::request>(what[kept[k]]);
      if (std::holds_alternative<app::view_submission>(request)) {
        // Slack wants the verdict in the ack: the view handler runs now (it only validates and stores).
        const app::outcome result = router_.handle(request);
        auto effects = to_rows(plan_effects(request, result, received_at));
        effects_queued = effects_queued || !effects.empty();
        done.emplace_back(*ids[k], std::move(effects));
        ++handled_now;
        const json payload = submission_ack(result.acknowledgement);
        if (!payload.empty()) acks[kept[k]] = ack_frame(e.id, &payload);
        continue;
      }
      queued.push_back(job{*ids[k], std::move(request), received_at});
    }
    if (!done.empty()) queues_.handled_all(done, std::chrono::duration_cast<store::millis>(clock_.now().time_since_epoch()));
  }
  hand_over_newcomers();  // the form's newcomer, now that the inbox transaction holds their row
  if (effects_queued) on_queued_();
  {
    std::lock_guard lock(jobs_mutex_);
    counts_.duplicates += duplicates;
    counts_.handled += handled_now;
    for (auto& j : queued) {
      if (!spilled_ && jobs_.size() < max_in_memory) {
        jobs_.push_back(std::move(j));
        continue;
      }
      if (!spilled_) spilled_since_ = j.queued_at;
      spilled_ = true;
      spill_last_ = std::max(spill_last_, j.inbox_id);
    }
  }
  if (!queued.empty()) jobs_ready_.notify_one();
  return acks;
}

std::size_t dispatcher::recover() {
  store::message_queues::backlog_span left;
  {
    std::lock_guard lock(db_mutex_);
    left = queues_.backlog();
  }
  if (left.count == 0) return 0;
  spdlog::warn("{} requests were acked but not handled when networkbot last stopped; handling them now", left.count);
  {
    // The worker reads them back from the inbox, in order, before anything newer.
    std::lock_guard lock(jobs_mutex_);
    spilled_ = true;
    spilled_since_ = std::chrono::steady_clock::now();
    spill_read_ = left.first - 1;
    spill_last_ = std::max(spill_last_, left.last);
  }
  jobs_ready_.notify_one();
  return static_cast<std::size_t>(left.count);
}

std::vector<dispatcher::job> dispatcher::read_spilled(std::int64_t after, std::int64_t up_to, std::size_t limit,
                                                      std::int64_t& last) {
  std::vector<store::inbox_entry> rows;
  {
    std::lock_guard lock(db_mutex_);
    rows = queues_.unhandled(after, up_to, limit);
  }
  last = rows.empty() ? up_to : rows.back().id;
  std::vector<job> out;
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
      out.push_back(job{row.id, std::move(*request), row.received_at});
    else
      unusable.emplace_back(row.id, std::vector<store::outbox_message>{});
  }
  if (!unusable.empty()) {
    std::lock_guard lock(db_mutex_);
    queues_.handled_all(unusable, std::chrono::duration_cast<store::millis>(clock_.now().time_since_epoch()));
  }
  return out;
}

void dispatcher::work() {
  name_thread("nb-worker");
  std::unique_lock lock(jobs_mutex_);
  for (;;) {
    jobs_ready_.wait(lock, [&] { return stopping_ || !jobs_.empty() || spilled_; });
    if (jobs_.empty() && !spilled_) {
      if (stopping_) return;
      continue;
    }
    // Let a burst of envelopes be acked first (see the header), within bounds.
    const auto now = std::chrono::steady_clock::now();
    const auto oldest = jobs_.empty() ? spilled_since_ : jobs_.front().queued_at;
    const auto quiet_at = last_accept_ + quiet_before_handling;
    if (!stopping_ && now < quiet_at && now - oldest < longest_hold) {
      jobs_ready_.wait_until(lock, std::min(quiet_at, oldest + longest_hold));
      continue;
    }
    // The oldest first: what waits in memory, then what waits in the inbox only.
    std::vector<job> batch;
    while (!jobs_.empty() && batch.size() < batch_size) {
      batch.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
    const bool from_inbox = batch.empty();
    const std::int64_t after = spill_read_;
    const std::int64_t up_to = spill_last_;
    busy_ = true;
    lock.unlock();
    std::int64_t last = 0;
    if (from_inbox) batch = read_spilled(after, up_to, batch_size, last);
    if (!batch.empty()) handle(batch);
    lock.lock();
    busy_ = false;
    if (from_inbox) {
      spill_read_ = last;
      if (spill_read_ >= spill_last_) spilled_ = false;  // caught up; new requests queue in memory again
    }
    counts_.handled += batch.size();
    if (!batch.empty()) ++counts_.outcome_commits;
    if (jobs_.empty() && !spilled_) jobs_empty_.notify_all();
  }
}

void dispatcher::handle(std::vector<job>& jobs) {
  std::vector<std::pair<std::int64_t, std::vector<store::outbox_message>>> done;
  done.reserve(jobs.size());
  try {
    // One transaction for the batch: what the router writes (a newcomer's directory row, a contact, …),
    // the effects and the inbox rows' "handled" marks are committed together. Committing each request
    // on its own cost a WAL write and a round of file locks per request, more than handling it did; and
    // the requests' own writes can no longer be kept while their rows stay unhandled (a failure now
    // undoes both, and the next start handles them once). The lock is held for the batch, a few
    // milliseconds at most; the I/O thread's inbox commit waits that long at worst.
    std::lock_guard lock(db_mutex_);
    auto tx = queues_.begin();
    for (const auto& j : jobs) {
      const app::outcome result = router_.handle(j.request);
      done.emplace_back(j.inbox_id, to_rows(plan_effects(j.request, result, j.received_at)));
    }
    queues_.handled_all(done, std::chrono::duration_cast<store::millis>(clock_.now().time_since_epoch()));
    tx->commit();
  } catch (const std::exception& e) {
    // The router never throws; this is the database. The rows stay unhandled and are handled at the next
    // start rather than lost.
    spdlog::error("{} requests could not be stored: {}", jobs.size(), e.what());
    (void)newcomers_.take();  // their rows were rolled back too; they are asked again on their next request
    return;
  }
  // Newcomers are looked up once their directory rows are committed.
  hand_over_newcomers();
  on_queued_();
}

void dispatcher::drain_and_stop() {
  {
    std::unique_lock lock(jobs_mutex_);
    if (!worker_.joinable()) return;
    jobs_empty_.wait(lock, [&] { return jobs_.empty() && !spilled_ && !busy_; });
    stopping_ = true;
  }
  jobs_ready_.notify_all();
  worker_.join();
}

dispatch_counts dispatcher::counts() const {
  std::lock_guard lock(jobs_mutex_);
  return counts_;
}

}  // namespace networkbot::slack

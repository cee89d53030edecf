#include "bot/slack/inbox_writer.hpp"

#include <spdlog/spdlog.h>

#include "bot/slack/json_text.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

// A form's ack that keeps it open with messages under its fields; nullopt closes it.
std::optional<json> kept_open(const app::ack& a) {
  const auto* errors = std::get_if<app::ack_errors>(&a);
  if (errors == nullptr || errors->errors.empty()) return std::nullopt;
  json e = json::object();
  for (const auto& [block, text] : errors->errors) e[block] = text;
  return json{{"response_action", "errors"}, {"errors", std::move(e)}};
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

inbox_writer::inbox_writer(app::serialized<app::backend>& house, spill_queue& queue, identity self)
    : house_(house), queue_(queue), self_(std::move(self)) {}

std::optional<std::string> inbox_writer::screen(const envelope& e, inbound& what) {
  auto count = [&](std::uint64_t inbox_counts::*field) {
    const std::lock_guard lock(counts_mutex_);
    ++(counts_.*field);
  };
  try {
    what = classify(e, self_);
  } catch (const bad_frame& bad) {
    spdlog::warn("envelope {} ({}) skipped: {}", e.id, e.type, bad.what());
    count(&inbox_counts::malformed);
    return ack_frame(e.id);
  }
  if (auto why = foreign_reason(installation_of(e.payload), self_); !why.empty()) {
    spdlog::warn("envelope {} dropped: {}", e.id, why);
    count(&inbox_counts::foreign);
    return ack_frame(e.id);
  }
  if (const auto* skip = std::get_if<ignored>(&what)) {
    spdlog::debug("envelope {} ignored: {}", e.id, skip->why);
    count(&inbox_counts::ignored);
    return ack_frame(e.id);
  }
  return std::nullopt;
}

std::vector<std::string> inbox_writer::accept(const std::vector<envelope>& batch) {
  queue_.arrived();
  {
    const std::lock_guard lock(counts_mutex_);
    counts_.envelopes += batch.size();
  }
  std::vector<std::string> acks(batch.size());
  std::vector<inbound> what(batch.size());
  std::vector<std::size_t> kept;  // indexes of the envelopes recorded in the inbox
  std::vector<store::message_queues::arrival> arrivals;
  std::int64_t received_at = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto ack = screen(batch[i], what[i])) {
      acks[i] = std::move(*ack);
      continue;
    }
    kept.push_back(i);
    arrivals.push_back({batch[i].type, dedupe_key(batch[i]), stored_payload(batch[i]), 0});
  }
  if (kept.empty()) return acks;

  std::vector<queued_request> queued;
  std::uint64_t duplicates = 0;
  std::uint64_t kept_open_now = 0;
  house_.run([&](app::backend& b) {
    received_at = b.svc.clock.now().time_since_epoch().count();
    for (auto& a : arrivals) a.received_at = received_at;
    const auto ids = b.queues.receive_all(arrivals);
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
      if (const auto* form = std::get_if<app::view_submission>(&request)) {
        // The verdict goes in the ack; a form kept open changed nothing and is done with.
        if (const auto payload = kept_open(b.router.check(*form))) {
          acks[kept[k]] = ack_frame(e.id, &*payload);
          done.emplace_back(*ids[k], std::vector<store::outbox_message>{});
          ++kept_open_now;
          continue;
        }
      }
      queued.push_back(queued_request{*ids[k], std::move(request), received_at});
    }
    if (!done.empty())
      b.queues.handled_all(done, std::chrono::duration_cast<store::millis>(b.svc.clock.now().time_since_epoch()));
  });
  {
    const std::lock_guard lock(counts_mutex_);
    ++counts_.inbox_commits;
    counts_.duplicates += duplicates;
    counts_.forms_kept_open += kept_open_now;
  }
  queue_.push(std::move(queued));
  return acks;
}

std::size_t inbox_writer::recover() {
  const auto left = house_.run([](app::backend& b) { return b.queues.backlog(); });
  if (left.count == 0) return 0;
  spdlog::warn("{} requests were acked but not handled when networkbot last stopped; handling them now", left.count);
  queue_.spilled(left.first, left.last);
  return static_cast<std::size_t>(left.count);
}

inbox_counts inbox_writer::counts() const {
  const std::lock_guard lock(counts_mutex_);
  return counts_;
}

}  // namespace networkbot::slack

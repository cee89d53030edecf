// What Slack sends over Socket Mode: slash commands, interactive payloads and events_api envelopes, built
// as Slack shapes them and routed round-robin to one ready connection (or dropped when there is none).
// Threading: the public senders run on any thread, take the mutex and never wait for the network:
// frames are queued for the fake's thread (enqueue_locked). The *_locked helpers run with the mutex held.
#include "tests/fake_slack/detail.hpp"

namespace networkbot::testing {

int fake_slack::impl::pick_locked() {
  const std::size_t n = conns.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (rr + k) % n;
    if (routable(conns[i])) {
      rr = i + 1;
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string fake_slack::impl::send_locked(std::string_view type, const std::string& payload, bool accepts,
                                          int retry_attempt, int target) {
  std::string id = uuid_like(ids.next(), ++envelope_counter);
  std::string frame;
  frame.reserve(payload.size() + 200);
  frame += R"({"envelope_id":")";
  frame += id;
  frame += R"(","payload":)";
  frame += payload;
  frame += R"(,"type":)";
  append_json_string(frame, type);
  frame += R"(,"accepts_response_payload":)";
  frame += accepts ? "true" : "false";
  if (type == "events_api" || retry_attempt != 0) {
    frame += R"(,"retry_attempt":)";
    frame += std::to_string(retry_attempt);
    frame += retry_attempt > 0 ? R"(,"retry_reason":"timeout")" : R"(,"retry_reason":"")";
  }
  frame += '}';
  envelopes.push_back(pending_envelope{target, accepts, false, clock_type::now()});
  envelope_index.emplace(id, envelopes.size() - 1);
  enqueue_locked(target, out_item{out_kind::text, std::move(frame), envelopes.size()});
  ++sent;
  return id;
}

std::string fake_slack::impl::trigger_locked() {
  std::string t = std::to_string(1000000 + ++trigger_counter) + ".4242.";
  append_hex(t, ids.next(), 16);
  return t;
}

std::string fake_slack::impl::command_locked(const std::string& user_id, const std::string& text,
                                             const std::string& channel_id) {
  const int target = pick_locked();
  if (target < 0) {
    ++dropped;
    return {};
  }
  // Keys are written as literals; only values go through escaping (this runs for every command of a burst).
  std::string p;
  p.reserve(text.size() + user_id.size() + 2 * channel_id.size() + 420);
  const auto field = [&p](std::string_view quoted_key, std::string_view value) {
    p += quoted_key;
    append_json_string(p, value);
  };
  field(R"({"token":"fake-verification-token","team_id":)", opt.team_id);
  field(R"(,"team_domain":"turing-fake","channel_id":)", channel_id);
  field(R"(,"channel_name":)", channel_id == "C0GENERAL" ? std::string("general") : lower(channel_id));
  field(R"(,"user_id":)", user_id);
  field(R"(,"user_name":)", lower(user_id));
  field(R"(,"command":"/network","text":)", text);
  field(R"(,"api_app_id":)", opt.app_id);
  field(R"(,"is_enterprise_install":"false","response_url":)", response_url_locked());
  field(R"(,"trigger_id":)", trigger_locked());
  p += '}';
  return send_locked("slash_commands", p, true, 0, target);
}

// Public members (any thread).

std::string fake_slack::send_command(const std::string& user_id, const std::string& text, const std::string& channel_id) {
  std::string id;
  {
    const std::lock_guard lock(impl_->mu);
    id = impl_->command_locked(user_id, text, channel_id);
  }
  impl_->changed();
  return id;
}

std::vector<std::string> fake_slack::send_commands(const std::vector<std::pair<std::string, std::string>>& user_and_text) {
  std::vector<std::string> out;
  out.reserve(user_and_text.size());
  {
    const std::lock_guard lock(impl_->mu);
    for (const auto& [user, text] : user_and_text) out.push_back(impl_->command_locked(user, text, "C0GENERAL"));
  }
  impl_->changed();
  return out;
}

std::string fake_slack::send_envelope(const std::string& type, const std::string& payload_json,
                                      bool accepts_response_payload, int retry_attempt, int only_connection) {
  std::string id;
  {
    const std::lock_guard lock(impl_->mu);
    int target = -1;
    if (only_connection < 0) {
      target = impl_->pick_locked();
    } else if (static_cast<std::size_t>(only_connection) < impl_->conns.size() &&
               impl::routable(impl_->conns[static_cast<std::size_t>(only_connection)])) {
      target = only_connection;
    }
    if (target < 0) {
      ++impl_->dropped;
    } else {
      id = impl_->send_locked(type, payload_json, accepts_response_payload, retry_attempt, target);
    }
  }
  impl_->changed();
  return id;
}

int fake_slack::send_event(const std::string& event_id, const std::string& inner_event_json, int copies) {
  int count = 0;
  {
    const std::lock_guard lock(impl_->mu);
    impl& s = *impl_;
    std::vector<int> targets;
    std::vector<bool> taken(s.conns.size(), false);
    for (int i = 0; i < copies; ++i) {
      const int t = s.pick_locked();
      if (t < 0 || taken[static_cast<std::size_t>(t)]) break;
      taken[static_cast<std::size_t>(t)] = true;
      targets.push_back(t);
    }
    if (targets.empty()) {
      ++s.dropped;
    } else {
      std::string p = "{";
      const auto field = [&p](std::string_view key, std::string_view value) {
        append_json_string(p, key);
        p += ':';
        append_json_string(p, value);
        p += ',';
      };
      field("token", "fake-verification-token");
      field("team_id", s.opt.team_id);
      field("api_app_id", s.opt.app_id);
      p += R"("event":)";
      p += inner_event_json;
      p += ',';
      field("type", "event_callback");
      field("event_id", event_id);
      p += R"("event_time":)" + std::to_string(1700000000ULL + ++s.event_counter) + ",";
      p += R"("authorizations":[{"enterprise_id":null,"team_id":)";
      append_json_string(p, s.opt.team_id);
      p += R"(,"user_id":)";
      append_json_string(p, s.opt.bot_user_id);
      p += R"(,"is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":)";
      append_json_string(p, "4-fake-" + event_id);
      p += '}';
      for (std::size_t i = 0; i < targets.size(); ++i) {
        s.send_locked("events_api", p, false, static_cast<int>(i), targets[i]);
        ++count;
      }
    }
  }
  impl_->changed();
  return count;
}

void fake_slack::send_raw(int connection, const std::string& text) {
  const std::lock_guard lock(impl_->mu);
  if (connection < 0 || static_cast<std::size_t>(connection) >= impl_->conns.size()) return;
  const auto& c = impl_->conns[static_cast<std::size_t>(connection)];
  if (c.closed || c.stalled || !c.session) return;
  impl_->enqueue_locked(connection, out_item{out_kind::text, text, 0});
}

std::string fake_slack::new_response_url() {
  const std::lock_guard lock(impl_->mu);
  return impl_->response_url_locked();
}

std::size_t fake_slack::envelopes_sent() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->sent;
}

std::size_t fake_slack::dropped() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->dropped;
}

}  // namespace networkbot::testing

#include "bot/slack/envelope.hpp"

#include <array>
#include <tuple>

#include "bot/app/view.hpp"
#include "bot/slack/json_text.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

// A member of an object, or nullptr. (Through the object's map: g++ 12 at -O3 sees a null pointer in
// nlohmann's own iterators that is not there.)
const json* find(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto& object = j.get_ref<const json::object_t&>();
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &it->second;
}

// A string member, or "" when absent or not a string (Slack sends null for some ids).
std::string str(const json& j, std::string_view key) {
  const json* v = find(j, key);
  return v != nullptr && v->is_string() ? v->get_ref<const std::string&>() : std::string{};
}

const json& nothing() {
  static const json none;
  return none;
}

const json& member(const json& j, std::string_view key) {
  const json* v = find(j, key);
  return v == nullptr ? nothing() : *v;
}

std::string first_of(std::initializer_list<std::string> values) {
  for (const auto& v : values)
    if (!v.empty()) return v;
  return {};
}

// The value an input element holds in view.state.values, as text.
std::string input_value(const json& element) {
  if (auto v = str(element, "value"); !v.empty()) return v;
  if (const json& o = member(element, "selected_option"); o.is_object()) return str(o, "value");
  for (const char* key : {"selected_date", "selected_time", "selected_user", "selected_channel",
                          "selected_conversation"})
    if (auto v = str(element, key); !v.empty()) return v;
  if (const json& many = member(element, "selected_options"); many.is_array()) {
    std::string joined;
    for (const auto& o : many) {
      if (!joined.empty()) joined += ',';
      joined += str(o, "value");
    }
    return joined;
  }
  return {};
}

app::request slash_command_of(const json& p) {
  app::slash_command c;
  c.user_id = str(p, "user_id");
  c.team_id = str(p, "team_id");
  c.channel_id = str(p, "channel_id");
  c.command = str(p, "command");
  c.text = str(p, "text");
  c.trigger_id = str(p, "trigger_id");
  c.response_url = str(p, "response_url");
  if (c.user_id.empty()) throw bad_frame("a slash command without user_id");
  return c;
}

inbound interactive_of(const json& p) {
  const std::string type = str(p, "type");
  const json& user = member(p, "user");
  const std::string user_id = str(user, "id");
  const std::string team_id = first_of({str(member(p, "team"), "id"), str(user, "team_id")});
  if (type == "block_actions") {
    const json& actions = member(p, "actions");
    if (!actions.is_array() || actions.empty()) throw bad_frame("block_actions without actions");
    const json& a = actions.front();
    app::block_action b;
    b.user_id = user_id;
    b.team_id = team_id;
    b.channel_id = first_of({str(member(p, "channel"), "id"), str(member(p, "container"), "channel_id")});
    b.action_id = str(a, "action_id");
    b.value = input_value(a);
    b.trigger_id = str(p, "trigger_id");
    b.response_url = str(p, "response_url");
    b.view_id = str(member(p, "view"), "id");
    if (b.user_id.empty() || b.action_id.empty()) throw bad_frame("block_actions without a user or an action_id");
    return app::request{std::move(b)};
  }
  if (type == "view_submission") {
    const json& view = member(p, "view");
    app::view_submission v;
    v.user_id = user_id;
    v.team_id = team_id;
    v.callback_id = str(view, "callback_id");
    v.view_id = str(view, "id");
    std::tie(v.opened_for, v.private_metadata) = app::unstamp_metadata(str(view, "private_metadata"));
    const json& values = member(member(view, "state"), "values");
    if (values.is_object())
      for (const auto& [block_id, elements] : values.items())
        if (elements.is_object())
          for (const auto& [action_id, element] : elements.items()) {
            (void)action_id;
            v.values[block_id] = input_value(element);
          }
    if (v.user_id.empty()) throw bad_frame("view_submission without a user");
    return app::request{std::move(v)};
  }
  return ignored{"interactive payload of type '" + type + "'"};
}

constexpr std::array<std::string_view, 1> subscribed{"app_home_opened"};

inbound event_of(const json& p, const identity& self) {
  const json& e = member(p, "event");
  if (!e.is_object()) throw bad_frame("events_api payload without an event");
  event out;
  out.event_id = str(p, "event_id");
  out.type = str(e, "type");
  out.user_id = str(e, "user");
  out.channel_id = str(e, "channel");
  out.tab = str(e, "tab");
  out.text = str(e, "text");
  // The bot's own posts come back as message events: reacting to them would loop.
  if (out.type == "message" || out.type == "app_mention") {
    if (!str(e, "bot_id").empty() || str(e, "subtype") == "bot_message" ||
        (!self.bot_user_id.empty() && out.user_id == self.bot_user_id))
      return ignored{"the bot's own message"};
    if (!str(e, "subtype").empty()) return ignored{"message subtype " + str(e, "subtype")};
  }
  if (out.type == "app_home_opened") {
    if (out.tab != "home") return ignored{"App Home opened on the " + out.tab + " tab"};
    if (out.user_id.empty()) throw bad_frame("app_home_opened without a user");
    return app::request{app::home_opened{out.user_id, str(p, "team_id")}};
  }
  return out;
}

}  // namespace

std::span<const std::string_view> handled_events() { return subscribed; }

frame parse_frame(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw bad_frame("a frame that is not a JSON object");
  const std::string type = str(j, "type");
  if (type == "hello") {
    hello h;
    if (auto n = member(j, "num_connections"); n.is_number_integer()) h.num_connections = n.get<int>();
    h.app_id = str(member(j, "connection_info"), "app_id");
    const json& debug = member(j, "debug_info");
    if (auto t = member(debug, "approximate_connection_time"); t.is_number_integer())
      h.approximate_connection_time = t.get<long>();
    h.host = str(debug, "host");
    return h;
  }
  if (type == "disconnect") return disconnect{str(j, "reason")};
  if (type == "events_api" || type == "slash_commands" || type == "interactive") {
    envelope e;
    e.id = str(j, "envelope_id");
    if (e.id.empty()) throw bad_frame("a " + type + " envelope without envelope_id");
    e.type = type;
    e.payload = std::move(j["payload"]);
    if (!e.payload.is_object()) throw bad_frame("a " + type + " envelope whose payload is not an object");
    // The deprecated verification token: nothing reads it, and it is not stored anywhere.
    e.payload.erase("token");
    if (auto a = member(j, "accepts_response_payload"); a.is_boolean()) e.accepts_response_payload = a.get<bool>();
    if (auto r = member(j, "retry_attempt"); r.is_number_integer()) e.retry_attempt = r.get<int>();
    e.retry_reason = str(j, "retry_reason");
    return e;
  }
  // An unknown type that still carries an envelope id must be acked; keep the id in the type's place.
  if (auto id = str(j, "envelope_id"); !id.empty()) {
    envelope e;
    e.id = id;
    e.type = type;
    e.payload = json::object();
    return e;
  }
  return unknown_frame{type};
}

installation installation_of(const json& p) {
  installation out;
  const json& view = member(p, "view");
  const json& team = member(p, "team");
  const json& auths = member(p, "authorizations");
  const json& first_auth = auths.is_array() && !auths.empty() ? auths.front() : nothing();
  const json& event = member(p, "event");
  const json& user = member(p, "user");
  out.team_id = first_of({str(view, "app_installed_team_id"), str(team, "id"), str(first_auth, "team_id"),
                          str(p, "team_id"), str(event, "team"), str(user, "team_id"), str(view, "team_id")});
  const json& enterprise = member(p, "enterprise");
  out.enterprise_id = first_of({enterprise.is_string() ? enterprise.get<std::string>() : str(enterprise, "id"),
                                str(first_auth, "enterprise_id"), str(p, "enterprise_id"), str(team, "enterprise_id"),
                                str(event, "enterprise")});
  out.app_id = first_of({str(p, "api_app_id"), str(view, "app_id")});
  return out;
}

std::string foreign_reason(const installation& from, const identity& self) {
  if (!from.app_id.empty() && !self.app_id.empty() && from.app_id != self.app_id)
    return "it is for app " + from.app_id + ", not " + self.app_id;
  // An org-wide install (enterprise) serves every team in it; otherwise the team must match.
  if (!self.enterprise_id.empty()) {
    if (!from.enterprise_id.empty() && from.enterprise_id != self.enterprise_id)
      return "it comes from enterprise " + from.enterprise_id + ", not " + self.enterprise_id;
    return {};
  }
  if (!from.team_id.empty() && !self.team_id.empty() && from.team_id != self.team_id)
    return "it comes from workspace " + from.team_id + ", not " + self.team_id;
  return {};
}

inbound classify(const envelope& e, const identity& self) {
  if (e.type == "slash_commands") return slash_command_of(e.payload);
  if (e.type == "interactive") return interactive_of(e.payload);
  if (e.type == "events_api") return event_of(e.payload, self);
  return ignored{"envelope of type '" + e.type + "'"};
}

std::string dedupe_key(const envelope& e) {
  if (e.type != "events_api") return {};
  return str(e.payload, "event_id");
}

std::string ack_frame(const std::string& envelope_id, const json* payload) {
  // Written out by hand: this runs once per envelope on the way to its ack.
  std::string out = R"({"envelope_id":)";
  out += json_text(json(envelope_id));
  if (payload != nullptr) {
    out += R"(,"payload":)";
    out += json_text(*payload);
  }
  out += '}';
  return out;
}

}  // namespace networkbot::slack

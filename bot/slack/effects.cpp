#include "bot/slack/effects.hpp"

#include "bot/slack/block_kit.hpp"
#include "bot/slack/json_text.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

struct origin {
  std::string user_id;
  std::string channel_id;
  std::string response_url;
};

origin origin_of(const app::request& r) {
  return std::visit(
      [](const auto& v) -> origin {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, app::slash_command> || std::is_same_v<T, app::block_action>)
          return {v.user_id, v.channel_id, v.response_url};
        else
          return {v.user_id, {}, {}};
      },
      r);
}

bool is_user_id(const std::string& id) { return !id.empty() && (id.front() == 'U' || id.front() == 'W'); }
// "U1" or "U1,U2,…": a DM, or a group DM, that conversations.open opens.
bool is_user_list(const std::string& ids) {
  std::size_t start = 0;
  for (std::size_t comma; (comma = ids.find(',', start)) != std::string::npos; start = comma + 1)
    if (!is_user_id(ids.substr(start, comma - start))) return false;
  return is_user_id(ids.substr(start));
}

store::outbox_message dm(const std::string& user_id, std::string body, std::int64_t created_at) {
  return {"dm", user_id, std::move(body), user_id, {}, created_at};
}

// A string as a JSON value, for render_message_text's extra fields.
std::string as_json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// The body of views.open or views.publish: who it is for under `key` (which sorts before "view", as
// json_text would write it), and the rendered view.
std::string view_call(std::string_view key, std::string_view id, const std::string& view) {
  std::string out;
  out.reserve(view.size() + key.size() + id.size() + 16);
  out += '{';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, id);
  out += R"(,"view":)";
  out += view;
  out += '}';
  return out;
}

// A reply to the person who asked: through the response_url when there is one, else a DM.
store::outbox_message reply_to(const origin& from, const app::message& m, std::int64_t received_at) {
  if (!from.response_url.empty())
    return {"response_url", from.response_url, reply_body_text(m),
            from.user_id, from.channel_id, received_at};
  return dm(from.user_id, render_message_text(m), received_at);
}

}  // namespace

std::string reply_body_text(const app::message& m) {
  return render_message_text(m, {{"replace_original", "false"}, {"response_type", m.ephemeral ? R"("ephemeral")" : R"("in_channel")"}});
}

app::slack_profile slack_profile_of(const json& user) {
  app::slack_profile p;
  const auto text = [](const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
  };
  if (const auto profile = user.find("profile"); profile != user.end() && profile->is_object()) {
    p.name = text(*profile, "display_name");
    if (p.name.empty()) p.name = text(*profile, "real_name");
  }
  if (p.name.empty()) p.name = text(user, "real_name");
  p.time_zone = text(user, "tz");
  if (const auto deleted = user.find("deleted"); deleted != user.end() && deleted->is_boolean()) p.deleted = deleted->get<bool>();
  return p;
}

std::vector<store::outbox_message> plan_effects(const app::request& r, const app::outcome& o,
                                                std::int64_t received_at) {
  std::vector<store::outbox_message> out;
  const origin from = origin_of(r);
  if (const auto* reply = std::get_if<app::reply_after_ack>(&o.acknowledgement);
      reply != nullptr && !std::holds_alternative<app::view_submission>(r))
    out.push_back(reply_to(from, reply->reply, received_at));
  for (const auto& effect : o.effects) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, app::respond>) {
            if (e.replace_original && !from.response_url.empty())
              out.push_back({"response_url", from.response_url, render_message_text(e.reply, {{"replace_original", "true"}}),
                             from.user_id, from.channel_id, received_at});
            else
              out.push_back(reply_to(from, e.reply, received_at));
          } else if constexpr (std::is_same_v<T, app::open_modal>) {
            out.push_back({"api", "views.open", view_call("trigger_id", e.trigger_id, render_modal_text(e.view)),
                           from.user_id, from.channel_id, received_at});
          } else if constexpr (std::is_same_v<T, app::publish_home>) {
            out.push_back({"api", "views.publish", view_call("user_id", e.user_id, render_home_text(e.view)),
                           e.user_id, {}, received_at});
          } else if constexpr (std::is_same_v<T, app::upload_file>) {
            json body{{"filename", e.filename}, {"title", e.title}, {"content", e.content}, {"initial_comment", e.comment}};
            out.push_back({"upload", e.user_id, json_text(body), e.user_id, {}, received_at});
          } else if constexpr (std::is_same_v<T, app::post_message>) {
            if (is_user_list(e.channel)) {
              // Read and removed by the sender before the message goes to Slack.
              const std::string tell = as_json_string(e.if_refused_tell);
              std::vector<raw_field> extra;
              if (!e.if_refused_tell.empty()) extra.push_back({refused_notice_key, tell});
              out.push_back(dm(e.channel, render_message_text(e.body, extra), received_at));
            } else {
              out.push_back({"api", "chat.postMessage", render_message_text(e.body, {{"channel", as_json_string(e.channel)}}),
                             from.user_id, e.channel, received_at});
            }
          }
        },
        effect);
  }
  return out;
}

std::optional<store::outbox_message> fallback_for(const store::outbox_message& m) {
  if (m.user_id.empty()) return std::nullopt;
  json body = json::parse(m.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  body.erase("response_type");
  body.erase("replace_original");
  body.erase("delete_original");
  if (m.channel_id.empty() || m.channel_id.front() == 'D') return dm(m.user_id, json_text(body), m.created_at);
  body["channel"] = m.channel_id;
  body["user"] = m.user_id;
  return store::outbox_message{"api", "chat.postEphemeral", json_text(body),
                               m.user_id, m.channel_id, m.created_at};
}

std::optional<store::outbox_message> dm_instead(const store::outbox_message& m) {
  if (m.user_id.empty() || m.kind != "api" || m.target != "chat.postEphemeral") return std::nullopt;
  json body = json::parse(m.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  body.erase("channel");
  body.erase("user");
  return dm(m.user_id, json_text(body), m.created_at);
}

}  // namespace networkbot::slack

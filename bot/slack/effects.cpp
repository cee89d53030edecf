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
delivery reply_to(const origin& from, const app::message& m) {
  if (!from.response_url.empty()) return response_url_reply{from.response_url, reply_body_text(m), from.user_id, from.channel_id};
  return direct_message{from.user_id, render_message_text(m), {}};
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

std::vector<store::outbox_message> unprompted_rows(std::vector<app::effect> effects, std::int64_t created_at) {
  return to_rows(plan_effects(app::home_opened{}, app::outcome{app::ack_empty{}, std::move(effects)}, created_at));
}

app::message form_not_saved(const app::ack_errors& errors) {
  app::message m;
  m.fallback = "Your form was not saved";
  m.blocks.push_back(app::section{app::rich_text{"Your form closed, but something changed while it was being saved, so "
                                                 "nothing was saved:"},
                                  std::nullopt});
  for (const auto& [field, text] : errors.errors) m.blocks.push_back(app::section{app::rich_text{"• " + text}, std::nullopt});
  m.blocks.push_back(app::context{app::rich_text{"Open the form again to try once more."}});
  return m;
}

std::vector<outbound> plan_effects(const app::request& r, const app::outcome& o, std::int64_t received_at) {
  std::vector<outbound> out;
  const origin from = origin_of(r);
  const auto add = [&](delivery d) { out.push_back({std::move(d), received_at}); };
  if (const auto* reply = std::get_if<app::reply_after_ack>(&o.acknowledgement);
      reply != nullptr && !std::holds_alternative<app::view_submission>(r))
    add(reply_to(from, reply->reply));
  if (const auto* errors = std::get_if<app::ack_errors>(&o.acknowledgement);
      errors != nullptr && std::holds_alternative<app::view_submission>(r))
    add(direct_message{from.user_id, render_message_text(form_not_saved(*errors)), {}});
  for (const auto& effect : o.effects) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, app::respond>) {
            if (e.replace_original && !from.response_url.empty())
              add(response_url_reply{from.response_url, render_message_text(e.reply, {{"replace_original", "true"}}), from.user_id,
                                     from.channel_id});
            else
              add(reply_to(from, e.reply));
          } else if constexpr (std::is_same_v<T, app::open_modal>) {
            add(api_call{"views.open", view_call("trigger_id", e.trigger_id, render_modal_text(e.view)), from.user_id, from.channel_id});
          } else if constexpr (std::is_same_v<T, app::publish_home>) {
            add(api_call{"views.publish", view_call("user_id", e.user_id, render_home_text(e.view)), e.user_id, {}});
          } else if constexpr (std::is_same_v<T, app::upload_file>) {
            add(file_upload{e.user_id, e.filename, e.title, e.content, e.comment});
          } else if constexpr (std::is_same_v<T, app::post_message>) {
            if (is_user_list(e.channel))
              add(direct_message{e.channel, render_message_text(e.body), e.if_refused_tell});
            else
              add(api_call{"chat.postMessage", render_message_text(e.body, {{"channel", as_json_string(e.channel)}}), from.user_id,
                           e.channel});
          }
        },
        effect);
  }
  return out;
}

}  // namespace networkbot::slack

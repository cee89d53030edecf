#include "bot/slack/delivery.hpp"

#include <nlohmann/json.hpp>

#include "bot/slack/json_text.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

// A row's kind column, one per case.
constexpr const char* reply_kind = "response_url";
constexpr const char* api_kind = "api";
constexpr const char* dm_kind = "dm";
constexpr const char* upload_kind = "upload";

std::optional<json> object_of(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string text_at(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

store::outbox_message to_row(const outbound& o) {
  return std::visit(
      [&](const auto& d) -> store::outbox_message {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, response_url_reply>)
          return {reply_kind, d.url, d.body, d.user_id, d.channel_id, o.created_at, {}};
        else if constexpr (std::is_same_v<T, api_call>)
          return {api_kind, d.method, d.body, d.user_id, d.channel_id, o.created_at, {}};
        else if constexpr (std::is_same_v<T, direct_message>)
          return {dm_kind, d.users, d.body, d.users, {}, o.created_at, d.if_refused_tell};
        else
          return {upload_kind, d.user_id,
                  json_text(json{{"filename", d.filename}, {"title", d.title}, {"content", d.content}, {"initial_comment", d.comment}}),
                  d.user_id, {}, o.created_at, {}};
      },
      o.what);
}

std::vector<store::outbox_message> to_rows(const std::vector<outbound>& all) {
  std::vector<store::outbox_message> rows;
  rows.reserve(all.size());
  for (const auto& o : all) rows.push_back(to_row(o));
  return rows;
}

std::optional<outbound> from_row(store::outbox_message row) {
  auto& r = row;
  if (r.kind == reply_kind)
    return outbound{response_url_reply{std::move(r.target), std::move(r.body), std::move(r.user_id), std::move(r.channel_id)}, r.created_at};
  if (r.kind == api_kind)
    return outbound{api_call{std::move(r.target), std::move(r.body), std::move(r.user_id), std::move(r.channel_id)}, r.created_at};
  if (r.kind == dm_kind) return outbound{direct_message{std::move(r.target), std::move(r.body), std::move(r.notify)}, r.created_at};
  if (row.kind == upload_kind) {
    const auto body = object_of(row.body);
    if (!body) return std::nullopt;
    return outbound{file_upload{row.target, text_at(*body, "filename"), text_at(*body, "title"), text_at(*body, "content"),
                                text_at(*body, "initial_comment")},
                    row.created_at};
  }
  return std::nullopt;
}

std::string where_to(const store::outbox_message& row) {
  if (row.kind == reply_kind) return "a response_url";
  if (row.kind == api_kind || row.kind == dm_kind || row.kind == upload_kind) return row.target;
  return "a row of kind '" + row.kind + "'";
}

std::string with_channel(const std::string& body, const std::string& channel) {
  std::string out = R"({"channel":)";
  append_json_string(out, channel);
  const std::string_view rest = std::string_view(body).substr(body.empty() ? 0 : 1);  // after the '{'
  if (!rest.empty() && rest.front() != '}') out += ',';
  out += rest.empty() ? std::string_view("}") : rest;
  return out;
}

std::optional<outbound> fallback_for(const response_url_reply& r, std::int64_t created_at) {
  if (r.user_id.empty()) return std::nullopt;
  auto body = object_of(r.body);
  if (!body) return std::nullopt;
  body->erase("response_type");
  body->erase("replace_original");
  body->erase("delete_original");
  if (r.channel_id.empty() || r.channel_id.front() == 'D') return outbound{direct_message{r.user_id, json_text(*body), {}}, created_at};
  (*body)["channel"] = r.channel_id;
  (*body)["user"] = r.user_id;
  return outbound{api_call{"chat.postEphemeral", json_text(*body), r.user_id, r.channel_id}, created_at};
}

std::optional<outbound> dm_instead(const api_call& c, std::int64_t created_at) {
  if (c.user_id.empty() || c.method != "chat.postEphemeral") return std::nullopt;
  auto body = object_of(c.body);
  if (!body) return std::nullopt;
  body->erase("channel");
  body->erase("user");
  return outbound{direct_message{c.user_id, json_text(*body), {}}, created_at};
}

}  // namespace networkbot::slack

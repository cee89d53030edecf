// What each Slack Web API method answers, as Slack shapes it: auth, Socket Mode tickets, chat.*, views.*
// (trigger ids used once, hashes), conversations.*, users.*, usergroups, file uploads, pagination cursors;
// and the directory data (users, channels, members, groups) a test gives the read methods to serve.
// Threading: the methods run with the mutex held (called from api_locked on the fake's thread); the public
// setters and shared_files take the mutex on any thread.
#include "tests/fake_slack/detail.hpp"

#include <algorithm>
#include <stdexcept>

namespace networkbot::testing {

namespace {

bool has_content(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return false;
  if (it->is_string() || it->is_array() || it->is_object()) return !it->empty();
  return true;
}

// An object argument: a JSON object, or (form encoding) a string holding one.
std::optional<json> arg_object(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (it->is_object()) return *it;
  if (it->is_string()) {
    json parsed = json::parse(it->get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  return std::nullopt;
}

json invalid_arguments(const std::string& message) {
  return json{{"ok", false},
              {"error", "invalid_arguments"},
              {"response_metadata", {{"messages", json::array({"[ERROR] " + message})}}}};
}

// One page of `items` for the cursor/limit in `a`; writes the page under `key` and response_metadata.
template <class T>
json paginate(const std::vector<T>& items, const json& a, const char* key, json out) {
  long long limit = 100;
  if (const auto l = arg_string(a, "limit")) {
    if (const auto v = to_integer(*l)) limit = *v;
  }
  if (limit <= 0) limit = 100;
  limit = std::min(limit, 1000LL);
  std::size_t begin = 0;
  if (const auto cursor = arg_string(a, "cursor"); cursor && !cursor->empty()) {
    const auto decoded = base64_decode(*cursor);
    constexpr std::string_view prefix = "offset:";
    if (!decoded || decoded->rfind(prefix, 0) != 0) return api_error("invalid_cursor");
    const auto offset = to_integer(std::string_view(*decoded).substr(prefix.size()));
    if (!offset || *offset < 0 || static_cast<std::size_t>(*offset) > items.size()) return api_error("invalid_cursor");
    begin = static_cast<std::size_t>(*offset);
  }
  const std::size_t end = std::min(items.size(), begin + static_cast<std::size_t>(limit));
  json page = json::array();
  for (std::size_t i = begin; i < end; ++i) page.push_back(items[i]);
  out["ok"] = true;
  out[key] = std::move(page);
  out["response_metadata"] = {{"next_cursor", end < items.size() ? base64_encode("offset:" + std::to_string(end)) : ""}};
  return out;
}

}  // namespace

json fake_slack::impl::auth_test_locked() const {
  return json{{"ok", true},
              {"url", "https://turing-fake.slack.com/"},
              {"team", "Turing School (fake)"},
              {"user", "networkbot"},
              {"team_id", opt.team_id},
              {"user_id", opt.bot_user_id},
              {"bot_id", opt.bot_id},
              {"is_enterprise_install", false}};
}

json fake_slack::impl::connections_open_locked() {
  const std::string ticket = uuid_like(ids.next(), ++ticket_counter);
  tickets.emplace(ticket, false);
  return json{{"ok", true},
              {"url", "wss://127.0.0.1:" + std::to_string(port) + "/link/?ticket=" + ticket + "&app_id=" + opt.app_id}};
}

std::string fake_slack::impl::next_ts_locked() {
  // "1700000000.000100", "1700000000.000200", …: strictly increasing, Slack's seconds.micros shape.
  const std::uint64_t micros = 1700000000ULL * 1000000ULL + 100ULL * ++ts_counter;
  std::string frac = std::to_string(micros % 1000000ULL);
  return std::to_string(micros / 1000000ULL) + "." + std::string(6 - frac.size(), '0') + frac;
}

std::string fake_slack::impl::dm_id(std::vector<std::string> user_ids) const {
  std::sort(user_ids.begin(), user_ids.end());
  std::string joined;
  for (const auto& u : user_ids) joined += u + ",";
  std::string id = "D";
  const std::uint64_t h = fnv1a(joined);
  for (int i = 0; i < 10; ++i) id += "0123456789ABCDEFGHIJKLMNOPQRSTUV"[(h >> (5U * static_cast<unsigned>(i))) & 31U];
  return id;
}

json fake_slack::impl::post_message_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty()) return api_error("channel_not_found");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  // A user id as channel reaches the app DM; Slack answers with the D… id.
  const std::string ch = (channel->front() == 'U' || channel->front() == 'W') ? dm_id({*channel}) : *channel;
  const std::string ts = next_ts_locked();
  messages[ch + " " + ts] = text;
  posted.emplace_back("chat.postMessage", text);
  json message = {{"type", "message"}, {"text", text}, {"user", opt.bot_user_id}, {"bot_id", opt.bot_id},
                  {"ts", ts},          {"team", opt.team_id}};
  if (const auto parent = arg_string(a, "thread_ts")) message["thread_ts"] = *parent;
  return json{{"ok", true}, {"channel", ch}, {"ts", ts}, {"message", message}};
}

json fake_slack::impl::post_ephemeral_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty()) return api_error("channel_not_found");
  const auto user = arg_string(a, "user");
  if (!user || user->empty()) return invalid_arguments("missing required field: user");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  posted.emplace_back("chat.postEphemeral", text);
  return json{{"ok", true}, {"message_ts", next_ts_locked()}};
}

json fake_slack::impl::update_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty() || channel->front() == 'U' || channel->front() == 'W') {
    return api_error("channel_not_found");  // chat.update needs the conversation id, not a user id
  }
  const auto ts = arg_string(a, "ts");
  if (!ts) return api_error("message_not_found");
  const auto it = messages.find(*channel + " " + *ts);
  if (it == messages.end()) return api_error("message_not_found");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  it->second = text;
  posted.emplace_back("chat.update", text);
  return json{{"ok", true},
              {"channel", *channel},
              {"ts", *ts},
              {"text", text},
              {"message", {{"text", text}, {"user", opt.bot_user_id}}}};
}

std::string fake_slack::impl::next_view_hash_locked() {
  std::string hash = std::to_string(1700000000ULL + ++view_counter) + ".";
  append_hex(hash, ids.next(), 8);
  return hash;
}

json fake_slack::impl::views_locked(const std::string& m, const json& a) {
  if (m != "views.open" && m != "views.push" && m != "views.update" && m != "views.publish") {
    return api_error("unknown_method");
  }
  std::optional<json> view = arg_object(a, "view");
  if (!view) return invalid_arguments("missing required field: view");

  std::string id;
  if (m == "views.open" || m == "views.push") {
    const auto trigger = arg_string(a, "trigger_id");
    if (!trigger || trigger->empty()) return invalid_arguments("invalid `trigger_id`");
    if (!used_triggers.insert(*trigger).second) return api_error("exchanged_trigger_id");
    id = "V" + std::to_string(1000000000ULL + view_counter + 1);
  } else if (m == "views.update") {
    const auto view_id = arg_string(a, "view_id");
    const auto external = arg_string(a, "external_id");
    if (view_id && !view_id->empty()) {
      if (views.count(*view_id) == 0) return api_error("not_found");
      id = *view_id;
    } else if (external && !external->empty()) {
      const auto it = std::find_if(views.begin(), views.end(),
                                   [&](const auto& v) { return v.second.external_id == *external; });
      if (it == views.end()) return api_error("not_found");
      id = it->first;
    } else {
      return invalid_arguments("missing required field: view_id or external_id");
    }
    const auto hash = arg_string(a, "hash");
    if (hash && !hash->empty() && *hash != views[id].hash) return api_error("hash_conflict");
  } else {  // views.publish
    const auto user = arg_string(a, "user_id");
    if (!user || user->empty()) return invalid_arguments("invalid `user_id`");
    const auto home = home_views.find(*user);
    const auto hash = arg_string(a, "hash");
    if (home != home_views.end()) {
      id = home->second;
      if (hash && !hash->empty() && *hash != views[id].hash) return api_error("hash_conflict");
    } else {
      id = "V" + std::to_string(1000000000ULL + view_counter + 1);
      home_views[*user] = id;
    }
  }

  view_record& rec = views[id];
  rec.hash = next_view_hash_locked();
  if (const auto external = arg_string(*view, "external_id")) rec.external_id = *external;
  json& v = *view;
  v["id"] = id;
  v["team_id"] = opt.team_id;
  v["hash"] = rec.hash;
  v["app_id"] = opt.app_id;
  v["bot_id"] = opt.bot_id;
  v["app_installed_team_id"] = opt.team_id;
  v["root_view_id"] = id;
  v["previous_view_id"] = nullptr;
  v["state"] = {{"values", json::object()}};
  for (const char* key : {"private_metadata", "callback_id", "external_id"}) {
    if (!v.contains(key)) v[key] = "";
  }
  for (const char* key : {"clear_on_close", "notify_on_close"}) {
    if (!v.contains(key)) v[key] = false;
  }
  if (!v.contains("type")) v["type"] = m == "views.publish" ? "home" : "modal";
  return json{{"ok", true}, {"view", std::move(v)}};
}

json fake_slack::impl::conversations_open_locked(const json& a) const {
  std::vector<std::string> ids_list;
  if (const auto it = a.find("users"); it != a.end() && it->is_array()) {
    for (const auto& u : *it) {
      if (u.is_string()) ids_list.push_back(u.get<std::string>());
    }
  } else if (const auto s = arg_string(a, "users")) {
    std::string_view rest = *s;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view one = trim(rest.substr(0, comma));
      if (!one.empty()) ids_list.emplace_back(one);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  } else if (const auto ch = arg_string(a, "channel"); ch && !ch->empty()) {
    return json{{"ok", true}, {"channel", {{"id", *ch}}}};
  }
  if (ids_list.empty()) return api_error("users_list_not_supplied");
  for (const auto& u : ids_list)
    if (const auto it = refused_dm.find(u); it != refused_dm.end()) return api_error(it->second);
  if (ids_list.size() > 8) return api_error("too_many_users");
  json channel = {{"id", dm_id(ids_list)}};
  if (const auto r = arg_string(a, "return_im"); r && (*r == "true" || *r == "1")) {
    channel["is_im"] = ids_list.size() == 1;
    channel["user"] = ids_list.front();
    channel["is_open"] = true;
  }
  return json{{"ok", true}, {"channel", channel}};
}

json fake_slack::impl::users_info_locked(const json& a) const {
  const auto user = arg_string(a, "user");
  if (user) {
    for (const auto& u : users) {
      if (u.is_object() && u.value("id", "") == *user) return json{{"ok", true}, {"user", u}};
    }
  }
  return api_error("user_not_found");
}

json fake_slack::impl::users_lookup_locked(const json& a) const {
  const auto email = arg_string(a, "email");
  if (email) {
    for (const auto& u : users) {
      if (!u.is_object()) continue;
      const auto profile = u.find("profile");
      if (profile != u.end() && profile->is_object() && lower(profile->value("email", "")) == lower(*email)) {
        return json{{"ok", true}, {"user", u}};
      }
    }
  }
  return api_error("users_not_found");
}

json fake_slack::impl::users_list_locked(const json& a) const {
  return paginate(users, a, "members", json{{"cache_ts", 1700000000}});
}

json fake_slack::impl::members_locked(const json& a) const {
  const auto channel = arg_string(a, "channel");
  if (!channel) return api_error("channel_not_found");
  const auto it = channel_members.find(*channel);
  if (it == channel_members.end()) return api_error("channel_not_found");
  return paginate(it->second, a, "members", json::object());
}

json fake_slack::impl::channel_info_locked(const json& a) const {
  const auto id = arg_string(a, "channel");
  if (!id) return api_error("channel_not_found");
  const auto it = channels.find(*id);
  if (it == channels.end()) return api_error("channel_not_found");
  return json{{"ok", true},
              {"channel", {{"id", *id}, {"name", it->second.name}, {"is_channel", true}, {"is_member", it->second.member},
                           {"is_archived", it->second.archived}}}};
}

json fake_slack::impl::upload_url_locked(const json& a) {
  const auto name = arg_string(a, "filename");
  const auto length = arg_string(a, "length");
  if (!name || name->empty()) return invalid_arguments("missing required field: filename");
  if (!length || length->empty() || length->find_first_not_of("0123456789") != std::string::npos || length->size() > 9)
    return invalid_arguments("missing required field: length");
  const std::string id = "F0UP" + std::to_string(uploads.size() + 1);
  uploads[id] = uploaded_file{*name, {}, {}, std::stoul(*length), false, {}};
  return json{{"ok", true}, {"upload_url", "https://127.0.0.1:" + std::to_string(port) + "/upload/" + id}, {"file_id", id}};
}

json fake_slack::impl::complete_upload_locked(const json& a) {
  const auto files_text = arg_string(a, "files");
  const json files = files_text ? json::parse(*files_text, nullptr, false) : json();
  if (!files.is_array() || files.empty()) return invalid_arguments("missing required field: files");
  json done = json::array();
  for (const auto& f : files) {
    const std::string id = f.is_object() ? f.value("id", std::string{}) : std::string{};
    const auto it = uploads.find(id);
    if (it == uploads.end() || !it->second.uploaded) return api_error("file_not_found");
    it->second.title = f.value("title", std::string{});
    it->second.channel = arg_string(a, "channel_id").value_or("");
    done.push_back({{"id", id}, {"title", it->second.title}});
  }
  return json{{"ok", true}, {"files", done}};
}

json fake_slack::impl::usergroup_locked(const json& a) const {
  const auto group = arg_string(a, "usergroup");
  if (!group) return api_error("no_such_subteam");
  const auto it = usergroups.find(*group);
  if (it == usergroups.end()) return api_error("no_such_subteam");
  return json{{"ok", true}, {"users", it->second}};
}

// Public members (any thread).

void fake_slack::set_users(const std::vector<std::string>& json_user_objects) {
  std::vector<json> parsed;
  for (const auto& text : json_user_objects) {
    json u = json::parse(text, nullptr, false);
    if (u.is_discarded() || !u.is_object()) throw std::invalid_argument("set_users: not a JSON object: " + text);
    parsed.push_back(std::move(u));
  }
  const std::lock_guard lock(impl_->mu);
  impl_->users = std::move(parsed);
}

void fake_slack::set_channel_members(const std::string& channel, const std::vector<std::string>& user_ids) {
  const std::lock_guard lock(impl_->mu);
  impl_->channel_members[channel] = user_ids;
}

void fake_slack::set_usergroup(const std::string& usergroup_id, const std::vector<std::string>& user_ids) {
  const std::lock_guard lock(impl_->mu);
  impl_->usergroups[usergroup_id] = user_ids;
}

void fake_slack::set_channel(const std::string& id, const std::string& name, bool bot_is_member, bool archived) {
  const std::lock_guard lock(impl_->mu);
  impl_->channels[id] = impl::channel_info{name, bot_is_member, archived};
}

void fake_slack::refuse_dm(const std::string& user_id, const std::string& error) {
  const std::lock_guard lock(impl_->mu);
  impl_->refused_dm[user_id] = error;
}

std::vector<uploaded_file> fake_slack::shared_files() const {
  const std::lock_guard lock(impl_->mu);
  std::vector<uploaded_file> out;
  for (const auto& [id, f] : impl_->uploads)
    if (!f.channel.empty()) out.push_back(f);
  return out;
}

}  // namespace networkbot::testing

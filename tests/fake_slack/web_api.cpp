// The Web API's front door: every HTTPS request (over HTTP/1.1 or HTTP/2) is recorded, passed through the
// scripted faults, then checked against Slack's rules (verb, where the arguments and the token travel,
// Content-Type, the token itself) before its method answers; response_url POSTs and file uploads too.
// Threading: handle_http runs on the fake's thread and takes the mutex for each step; the *_locked
// functions run with it held; the public snapshots take it on any thread.
#include "tests/fake_slack/detail.hpp"

#include <set>

namespace networkbot::testing {

namespace detail {

std::optional<std::string> arg_string(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return std::nullopt;
}

json api_error(const std::string& code) { return json{{"ok", false}, {"error", code}}; }

}  // namespace detail

namespace {

constexpr int response_url_max_uses = 5;

enum class method_kind { json_capable, read, unknown };

method_kind classify(std::string_view method) {
  static const std::set<std::string_view> json_capable = {
      "chat.postMessage", "chat.postEphemeral", "chat.update", "views.open", "views.update", "views.push",
      "views.publish", "conversations.open", "auth.test", "apps.connections.open"};
  static const std::set<std::string_view> read = {"users.info", "users.list", "users.lookupByEmail",
                                                  "conversations.members", "conversations.info", "usergroups.users.list",
                                                  "files.getUploadURLExternal", "files.completeUploadExternal"};
  if (json_capable.count(method) != 0) return method_kind::json_capable;
  if (read.count(method) != 0) return method_kind::read;
  return method_kind::unknown;
}

}  // namespace

asio::awaitable<reply> fake_slack::impl::handle_http(const http::request<http::string_body>& req) {
  request_info r;
  const std::string target = to_std(req.target());
  const std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? std::string{} : target.substr(q + 1);
  r.is_get = req.method() == http::verb::get;
  r.verb = to_std(req.method_string());
  r.authorization = to_std(req[http::field::authorization]);
  r.content_type = to_std(req[http::field::content_type]);
  r.body = req.body();
  if (r.path.rfind("/api/", 0) == 0) {
    r.method = r.path.substr(5);
  } else if (r.path.rfind("/upload/", 0) == 0) {
    r.method = "file_upload";
  } else if (r.path.rfind("/response/", 0) == 0) {
    r.method = "response_url";
  }

  std::size_t index = 0;
  injected_fault fault;
  {
    const std::lock_guard lock(mu);
    index = calls.size();
    calls.push_back(http_call{r.path, r.method, r.authorization, r.content_type, r.body, 0, {}});
    fault = injected_fault_locked(r.method);
  }
  changed();

  if (fault.delay.count() > 0) {
    asio::steady_timer timer(co_await asio::this_coro::executor, fault.delay);
    co_await timer.async_wait(use_tuple);
  }

  reply out;
  if (fault.status != 0) {
    out = fault_reply(fault);
  } else {
    const std::lock_guard lock(mu);
    out = process_locked(r);
  }
  {
    const std::lock_guard lock(mu);
    calls[index].status = out.withhold ? 0 : static_cast<int>(out.status);
    calls[index].answered_at = std::chrono::steady_clock::now();
    if (calls[index].status == 200) ++ok_by_method[r.method];
  }
  changed();
  send_kill_signal(out);
  co_return out;
}

reply fake_slack::impl::process_locked(const request_info& r) {
  if (r.verb != "GET" && r.verb != "POST") violation_locked("HTTP " + r.verb + " " + r.path + " (Slack takes GET or POST)");
  if (r.method == "response_url") return response_url_post_locked(r);
  if (r.method == "file_upload") {
    const std::string file_id = r.path.substr(8);
    const auto it = uploads.find(file_id);
    if (it == uploads.end()) return text_reply(404, "unknown upload");
    if (!r.authorization.empty()) violation_locked("a token was sent with a file upload (the upload URL needs none)");
    if (r.body.size() != it->second.length)
      violation_locked("file upload of " + std::to_string(r.body.size()) + " bytes, announced as " + std::to_string(it->second.length));
    it->second.content = r.body;
    it->second.uploaded = true;
    return text_reply(200, "OK - " + std::to_string(r.body.size()));
  }
  if (r.method.empty()) {
    violation_locked("request to unknown path " + r.path);
    return text_reply(404, "not found");
  }
  return api_locked(r);
}

reply fake_slack::impl::response_url_post_locked(const request_info& r) {
  const auto n = to_integer(std::string_view(r.path).substr(std::string_view("/response/").size()));
  if (!n || *n < 1 || static_cast<std::uint64_t>(*n) >= next_response_url) {
    violation_locked("POST to a response_url the fake never issued: " + r.path);
    return text_reply(404, "invalid_url");
  }
  if (r.is_get) violation_locked("response_url must be POSTed, got GET " + r.path);
  if (expire_urls) return text_reply(404, "expired_url");
  int& uses = response_uses[r.path];
  if (uses >= response_url_max_uses) return text_reply(404, "used_url");
  const std::string media = lower(trim(std::string_view(r.content_type).substr(0, r.content_type.find(';'))));
  if (media != "application/json") violation_locked("response_url body sent as '" + r.content_type + "', not JSON");
  const json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    violation_locked("response_url body is not a JSON object: " + r.body.substr(0, 200));
    return text_reply(400, "invalid_payload");
  }
  if (++uses == 1) ++distinct_replies;
  delivered.push_back(r.path);
  posted.emplace_back("response_url", arg_string(body, "text").value_or(""));
  reply out = text_reply(200, "ok");
  count_for_kill_locked("response_url", out);
  return out;
}

reply fake_slack::impl::api_locked(const request_info& r) {
  const std::string& m = r.method;
  const method_kind kind = classify(m);
  if (kind == method_kind::unknown) return json_reply(api_error("unknown_method"));

  // Arguments: query string, form body or JSON body.
  json args = json::object();
  const form_args query = parse_form(r.query);
  for (const auto& kv : query) {
    if (kv.first == "token") violation_locked(m + ": token in the query string (use the Authorization header)");
  }
  if (r.is_get && kind == method_kind::json_capable) violation_locked(m + ": write method called with GET");
  if (!r.is_get && r.body.empty() && !query.empty() && kind == method_kind::json_capable) {
    violation_locked(m + ": arguments in the query string of a POST");
  }
  bool body_args = false;
  if (!r.body.empty()) {
    const std::string ct = lower(r.content_type);
    const std::string media = std::string(trim(std::string_view(ct).substr(0, ct.find(';'))));
    if (media == "application/json") {
      if (kind == method_kind::read) {
        violation_locked(m + ": JSON body sent to a read method (Slack ignores it; use a form body or GET query)");
      } else if (ct.find("charset=utf-8") == std::string::npos) {
        violation_locked(m + ": JSON body without '; charset=utf-8' (Content-Type '" + r.content_type + "')");
      }
      json parsed = json::parse(r.body, nullptr, false);
      if (parsed.is_discarded()) {
        violation_locked(m + ": body is not valid JSON");
        return json_reply(api_error("invalid_json"));
      }
      if (!parsed.is_object()) {
        violation_locked(m + ": JSON body is not an object");
        return json_reply(api_error("json_not_object"));
      }
      if (parsed.contains("token")) violation_locked(m + ": token in the JSON body (use the Authorization header)");
      args = std::move(parsed);
    } else if (media == "application/x-www-form-urlencoded") {
      for (auto& [k, v] : parse_form(r.body)) {
        if (k == "token") violation_locked(m + ": token in the form body (use the Authorization header)");
        args[k] = v;
      }
    } else {
      violation_locked(m + ": unsupported Content-Type '" + r.content_type + "'");
    }
    body_args = !args.empty();
  }
  if (!query.empty()) {
    if (body_args) violation_locked(m + ": mixes query-string and body arguments");
    for (const auto& [k, v] : query) {
      if (!args.contains(k)) args[k] = v;
    }
  }

  // Authentication: app token for apps.connections.open, bot token for the rest.
  const std::string& expected = m == "apps.connections.open" ? opt.app_token : opt.bot_token;
  const std::string_view auth = trim(r.authorization);
  if (auth.empty()) return json_reply(api_error("not_authed"));
  if (auth.size() < 7 || lower(auth.substr(0, 7)) != "bearer " || trim(auth.substr(7)) != expected) {
    return json_reply(api_error("invalid_auth"));
  }

  if (const auto error = scripted_error_locked(m)) return json_reply(api_error(*error));

  const json result = dispatch_locked(m, args);
  reply out = json_reply(result);
  if (result.value("ok", false)) count_for_kill_locked(m, out);
  return out;
}

json fake_slack::impl::dispatch_locked(const std::string& m, const json& a) {
  if (m == "auth.test") return auth_test_locked();
  if (m == "apps.connections.open") return connections_open_locked();
  if (m == "chat.postMessage") return post_message_locked(a);
  if (m == "chat.postEphemeral") return post_ephemeral_locked(a);
  if (m == "chat.update") return update_locked(a);
  if (m.rfind("views.", 0) == 0) return views_locked(m, a);
  if (m == "conversations.open") return conversations_open_locked(a);
  if (m == "users.info") return users_info_locked(a);
  if (m == "users.lookupByEmail") return users_lookup_locked(a);
  if (m == "users.list") return users_list_locked(a);
  if (m == "conversations.members") return members_locked(a);
  if (m == "conversations.info") return channel_info_locked(a);
  if (m == "files.getUploadURLExternal") return upload_url_locked(a);
  if (m == "files.completeUploadExternal") return complete_upload_locked(a);
  if (m == "usergroups.users.list") return usergroup_locked(a);
  return api_error("unknown_method");
}

// Public members (any thread).

std::vector<http_call> fake_slack::calls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->calls;
}

std::vector<http_call> fake_slack::calls_to(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  std::vector<http_call> out;
  for (const auto& c : impl_->calls) {
    if (c.method == method) out.push_back(c);
  }
  return out;
}

std::size_t fake_slack::answered_ok(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->ok_by_method.find(method);
  return it == impl_->ok_by_method.end() ? 0 : it->second;
}

std::vector<std::string> fake_slack::delivered_response_urls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->delivered;
}

std::size_t fake_slack::replied_urls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->distinct_replies;
}

std::map<std::string, int> fake_slack::response_url_deliveries() const {
  const std::lock_guard lock(impl_->mu);
  std::map<std::string, int> out;
  for (const auto& [path, uses] : impl_->response_uses) {
    if (uses > 0) out[path] = uses;
  }
  return out;
}

std::vector<std::string> fake_slack::posted_texts(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [m, text] : impl_->posted) {
    if (m == method) out.push_back(text);
  }
  return out;
}

}  // namespace networkbot::testing

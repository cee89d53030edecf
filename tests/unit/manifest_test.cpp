// The Slack app manifest in deploy/ and the code stay in step: every Web API method the code names is in
// slack::methods(), every scope those methods need is in the manifest, and the manifest asks for nothing
// the code does not use.

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "bot/slack/envelope.hpp"
#include "tests/unit/test_files.hpp"
#include "bot/slack/web_api.hpp"
#include "core/text.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

const auto& source = testing::source_dir;
std::string read(const std::filesystem::path& p) { return testing::read_text(p); }

json manifest() { return json::parse(read(source / "deploy/slack-manifest.json")); }

std::set<std::string> manifest_scopes() {
  const json m = manifest();
  std::set<std::string> out;
  for (const auto& s : m["oauth_config"]["scopes"]["bot"]) out.insert(s.get<std::string>());
  return out;
}

std::set<std::string> scopes_of(const slack::method_info& m) {
  std::set<std::string> out;
  for (const auto& s : core::split_list(m.scopes, ',')) out.insert(s);
  return out;
}

// Web API method names written as string literals anywhere under bot/.
std::set<std::string> methods_named_in_code() {
  static const std::regex literal(
      R"re("((?:apps|auth|bookmarks|bots|canvases|chat|conversations|dnd|emoji|files|pins|reactions|reminders|search|stars|team|usergroups|users|views|workflows)\.[a-zA-Z]+(?:\.[a-zA-Z]+)*)")re");
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source / "bot")) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    const std::string text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) out.insert((*it)[1].str());
  }
  return out;
}

}  // namespace

TEST_CASE("every Web API method named in the code is a known method", "[manifest]") {
  const auto named = methods_named_in_code();
  CHECK(named.count("chat.postMessage") == 1);  // the scan itself works
  for (const auto& name : named) {
    INFO(name);
    CHECK(slack::find_method(name) != nullptr);
  }
}

TEST_CASE("every scope the code's methods need is in the manifest, and no other", "[manifest]") {
  const auto granted = manifest_scopes();
  std::set<std::string> needed{"commands"};  // the /network slash command
  for (const auto& m : slack::methods()) {
    if (m.app_token) continue;  // app-level token scopes are not part of the manifest
    for (const auto& s : scopes_of(m)) {
      INFO(std::string(m.name) + " needs " + s);
      CHECK(granted.count(s) == 1);
      needed.insert(s);
    }
  }
  for (const auto& s : granted) {
    INFO("the manifest asks for " + s + ", which no method uses");
    CHECK(needed.count(s) == 1);
  }
}

TEST_CASE("the manifest is a Socket Mode app with /network, interactivity and a read-only messages tab", "[manifest]") {
  const json m = manifest();
  CHECK(m["settings"]["socket_mode_enabled"] == true);
  CHECK(m["settings"]["interactivity"]["is_enabled"] == true);
  CHECK(m["settings"]["token_rotation_enabled"] == false);
  CHECK(m["features"]["app_home"]["messages_tab_read_only_enabled"] == true);
  const auto& commands = m["features"]["slash_commands"];
  REQUIRE(commands.size() == 1);
  CHECK(commands[0]["command"] == "/network");
  CHECK(commands[0]["should_escape"] == true);
  // Socket Mode apps have no request URLs anywhere.
  CHECK(m.dump().find("request_url") == std::string::npos);
  CHECK(m.dump().find("\"url\"") == std::string::npos);
  CHECK(m["display_information"]["name"].get<std::string>().size() <= 35);
  CHECK(m["display_information"]["description"].get<std::string>().size() <= 140);
}

TEST_CASE("the manifest subscribes to exactly the events the bot handles", "[manifest]") {
  const json m = manifest();
  std::set<std::string> subscribed;
  for (const auto& e : m["settings"]["event_subscriptions"]["bot_events"]) subscribed.insert(e.get<std::string>());
  std::set<std::string> handled;
  for (const auto e : slack::handled_events()) handled.insert(std::string(e));
  CHECK(subscribed == handled);
}

namespace {

// The bot scopes README's "Connecting to Slack" names: each one written as `scope` in the sentence that
// begins "asks only for the bot scopes the code uses:" and ends before "The only event". Words in
// backticks that are not scope-shaped (`/network`, a command) are not scopes.
std::set<std::string> readme_scopes() {
  // Line breaks may fall anywhere in a paragraph: read it with each run of white space as one space.
  const std::string text = std::regex_replace(read(source / "README.md"), std::regex(R"(\s+)"), " ");
  const std::string opening = "asks only for the bot scopes the code uses:";
  const auto from = text.find(opening);
  const auto to = text.find("The only event", from == std::string::npos ? 0 : from);
  if (from == std::string::npos || to == std::string::npos) return {};
  const std::string sentence = text.substr(from + opening.size(), to - from - opening.size());
  static const std::regex scope(R"re(`([a-z]+(?::[a-z.]+)?)`)re");
  std::set<std::string> out;
  for (std::sregex_iterator it(sentence.begin(), sentence.end(), scope), end; it != end; ++it) out.insert((*it)[1].str());
  return out;
}

}  // namespace

TEST_CASE("README names exactly the bot scopes the manifest asks for", "[manifest]") {
  const auto named = readme_scopes();
  REQUIRE_FALSE(named.empty());  // the sentence is still there to read
  const auto granted = manifest_scopes();
  for (const auto& s : granted) {
    INFO("the manifest asks for " + s + ", which README does not name");
    CHECK(named.count(s) == 1);
  }
  for (const auto& s : named) {
    INFO("README names " + s + ", which the manifest does not ask for");
    CHECK(granted.count(s) == 1);
  }
}

// The TOML settings file (config/config.hpp parse_settings) on any bytes: toml++ itself, then every
// key's checks. Settings it accepts are used the way the bot starts up: the content folder, the
// workspace time zone's rules, every describe()d problem otherwise.

#include <cstddef>
#include <cstdint>

#include "config/config.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace networkbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;  // a settings file is a few KB
  const auto text = fuzz::as_text(data, size);
  const auto result = config::parse_settings(text, "fuzz.toml", "/nonexistent/base");
  if (const auto* s = std::get_if<config::settings>(&result)) {
    (void)config::content_dir(*s);
    if (config::is_time_zone(s->workspace.time_zone)) (void)config::zone_rules_for(s->workspace.time_zone);
    (void)config::to_string(s->log.level);
  } else {
    for (const auto& p : std::get<std::vector<config::problem>>(result)) (void)config::describe(p);
  }
  return 0;
}

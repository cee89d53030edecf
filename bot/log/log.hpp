#pragma once
// Logging set-up. Everything goes to stderr (stdout belongs to the console front end and to commands
// whose output is data), through redaction, in one of two formats: a human line, coloured on a
// terminal, or one JSON object per line for log collectors.

#include <spdlog/common.h>

#include <memory>

#include "config/config.hpp"

namespace networkbot::log {

// Installs the default logger. `sink` replaces stderr (tests pass an ostream sink).
void setup(config::log_level level, config::log_format format, spdlog::sink_ptr sink = nullptr);

// A sink that redacts each message, then hands it to `inner`.
[[nodiscard]] spdlog::sink_ptr make_redacting_sink(spdlog::sink_ptr inner);
// A formatter writing {"ts":…,"level":…,"logger":…,"msg":…} lines.
[[nodiscard]] std::unique_ptr<spdlog::formatter> make_json_formatter();

[[nodiscard]] spdlog::level::level_enum to_spdlog(config::log_level level);

}  // namespace networkbot::log

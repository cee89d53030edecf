#pragma once
// Redaction of secrets from anything that may be logged or shown: Slack tokens (xapp-, xoxb-, xoxp-,
// xoxe…), response_url addresses (each one lets anyone post as the bot for 30 minutes), and the ticket
// in a Socket Mode URL. Every log line passes through redact() on its way to a sink.

#include <string>
#include <string_view>

namespace networkbot::log {

// Returns `text` with each secret's value replaced by "[redacted]"; the kind stays readable
// ("xoxb-[redacted]", "ticket=[redacted]").
[[nodiscard]] std::string redact(std::string_view text);

}  // namespace networkbot::log

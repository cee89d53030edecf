#pragma once
// The socket thread's part between the sockets and the router: accept() turns the envelopes that
// arrived together into their acks. It records them in the durable inbox, in one short turn on the
// backend and one transaction (a group commit), and hands each request to the spill queue for the
// request runner. A form's ack must carry the verdict (close, or errors under its fields), so the
// writer asks router::check, which validates and changes nothing; the form's work is done afterwards by
// the runner, like any request's.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bot/app/backend.hpp"
#include "bot/app/serialized.hpp"
#include "bot/slack/envelope.hpp"
#include "bot/slack/spill_queue.hpp"

namespace networkbot::slack {

struct inbox_counts {
  std::uint64_t envelopes = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t foreign = 0;
  std::uint64_t ignored = 0;
  std::uint64_t malformed = 0;
  std::uint64_t forms_kept_open = 0;  // forms acked with errors under their fields (handled there)
  std::uint64_t inbox_commits = 0;    // transactions that recorded envelopes
};

class inbox_writer {
 public:
  // `self` is the workspace identity, resolved before the sockets started.
  inbox_writer(app::serialized<app::backend>& house, spill_queue& queue, identity self);

  // Socket thread. One ack frame per envelope, in order: even a payload that is ignored or cannot be
  // parsed is acked, so Slack does not deliver it again.
  [[nodiscard]] std::vector<std::string> accept(const std::vector<envelope>& batch);

  // At start-up, before the sockets: hands the rows a previous process acked but never handled to the
  // queue (read back in order, before anything newer). Returns how many.
  std::size_t recover();

  [[nodiscard]] inbox_counts counts() const;

 private:
  // What to record, or the ack to send without recording anything.
  std::optional<std::string> screen(const envelope& e, inbound& what);

  app::serialized<app::backend>& house_;
  spill_queue& queue_;
  const identity self_;
  mutable std::mutex counts_mutex_;
  inbox_counts counts_;
};

}  // namespace networkbot::slack

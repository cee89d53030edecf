// `networkbot import contacts` on any bytes, over the sample directory and its contacts: column names,
// warmth, lists, stages, dates, the history cell, owners by Slack id or email, upserts; a dry run or a
// real import, with or without --owner (byte 0), inside a transaction rolled back afterwards. An
// accepted file is then exported again, as `networkbot export contacts` would.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <sstream>

#include "tests/fuzz/fuzz_world.hpp"

using namespace networkbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::store_world world(true);
  if (size > 256 * 1024) return -1;
  fuzz::input in(data, size);
  const std::uint8_t flags = in.byte();
  if ((flags & 0x80) != 0) {
    // The history cell alone: whatever it accepts, written back and read again, is the same history.
    const std::string cell = in.rest();
    const auto history = core::read_history(cell);
    if (const auto* events = std::get_if<std::vector<core::contact_event>>(&history)) {
      const auto again = core::read_history(core::write_history(*events));
      const auto* reread = std::get_if<std::vector<core::contact_event>>(&again);
      if (reread == nullptr || *reread != *events) {
        std::fprintf(stderr, "contacts_import_fuzz: a history cell changed through write_history\n");
        std::abort();
      }
    }
    return 0;
  }
  static const std::string owners[] = {"", "U0SAMP0001", "maya.ortiz@example.org", "U0SAMP0006", "U0NOBODY"};
  core::contacts_import_options options{owners[(flags >> 1) % std::size(owners)], (flags & 1) != 0};
  std::istringstream csv(in.rest());

  const auto tx = world.db.begin();  // never committed
  const auto result = core::import_contacts(csv, options, world.people, world.contacts, world.db, world.clock);
  if (std::holds_alternative<core::import_summary>(result)) {
    std::ostringstream out;
    core::export_contacts_csv(out, world.people, world.contacts);
  }
  return 0;
}

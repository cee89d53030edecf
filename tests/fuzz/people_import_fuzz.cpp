// `networkbot import people FILE.csv` on any bytes, over the sample directory: parse_roster, the
// upserts by Slack id or email, mentor references, and the all-or-nothing rules; a dry run or a real
// import (byte 0), always inside a transaction rolled back afterwards so each input starts the same.
// An accepted file is then exported again, as `networkbot export people` would.

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_world.hpp"

using namespace networkbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::store_world world(false);
  if (size > 256 * 1024) return -1;
  fuzz::input in(data, size);
  const std::uint8_t flags = in.byte();
  const std::string text = in.rest();
  core::roster_rules rules;
  if ((flags & 2) != 0) rules.programs = {"FE", "BE", "DS"};

  const auto tx = world.db.begin();  // never committed
  const auto result = core::import_people(text, rules, world.people, world.db, (flags & 1) != 0);
  if (std::holds_alternative<core::import_summary>(result)) (void)core::export_people_csv(world.people);
  return 0;
}

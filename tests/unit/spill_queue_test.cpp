// The spill queue between the inbox writer and the request runner: bounded memory, order kept across
// the spill, and the rows an earlier process left read back first.

#include <catch2/catch.hpp>

#include "bot/slack/spill_queue.hpp"

using namespace networkbot;

namespace {

slack::spill_limits no_waiting(std::size_t in_memory, std::size_t batch) {
  slack::spill_limits l;
  l.quiet_before_handling = std::chrono::milliseconds{0};
  l.longest_hold = std::chrono::milliseconds{0};
  l.max_in_memory = in_memory;
  l.batch_size = batch;
  return l;
}

std::vector<slack::queued_request> requests(std::int64_t from, std::int64_t to) {
  std::vector<slack::queued_request> out;
  for (auto id = from; id <= to; ++id) out.push_back(slack::queued_request{id, app::home_opened{"U" + std::to_string(id), {}}, 0});
  return out;
}

std::vector<std::int64_t> ids_of(const slack::spill_queue::batch& b) {
  std::vector<std::int64_t> out;
  for (const auto& r : b.requests) out.push_back(r.inbox_id);
  return out;
}

}  // namespace

TEST_CASE("past its bound the queue holds only a range of inbox ids, handed out after what it holds", "[spill]") {
  slack::spill_queue q(no_waiting(4, 3));
  q.push(requests(1, 10));
  CHECK(q.in_memory() == 4);
  CHECK(q.spilling());
  auto b = q.next();
  REQUIRE(b);
  CHECK(ids_of(*b) == std::vector<std::int64_t>{1, 2, 3});
  q.done(*b, 0);
  // Newer requests join the spill, not the memory, so the order of arrival holds.
  q.push(requests(11, 11));
  CHECK(q.in_memory() == 1);
  b = q.next();
  CHECK(ids_of(*b) == std::vector<std::int64_t>{4});
  q.done(*b, 0);
  b = q.next();
  REQUIRE(b->from_inbox);
  CHECK(b->requests.empty());
  CHECK(b->from_inbox->after == 4);
  CHECK(b->from_inbox->up_to == 11);
  CHECK(b->from_inbox->limit == 3);
  q.done(*b, 7);  // read rows 5..7
  b = q.next();
  REQUIRE(b->from_inbox);
  CHECK(b->from_inbox->after == 7);
  q.done(*b, 11);
  CHECK_FALSE(q.spilling());
  // Caught up: requests wait in memory again.
  q.push(requests(12, 12));
  CHECK(q.in_memory() == 1);
  b = q.next();
  CHECK(ids_of(*b) == std::vector<std::int64_t>{12});
  q.done(*b, 0);
  q.drain_and_stop();
  CHECK_FALSE(q.next());
}

TEST_CASE("rows an earlier process left unhandled are read back before anything newer", "[spill]") {
  slack::spill_queue q(no_waiting(8, 8));
  q.spilled(3, 5);
  q.push(requests(6, 6));
  const auto b = q.next();
  REQUIRE(b);
  REQUIRE(b->from_inbox);
  CHECK(b->from_inbox->after == 2);
  CHECK(b->from_inbox->up_to == 6);
  q.done(*b, 6);
  CHECK_FALSE(q.spilling());
}

TEST_CASE("a stopped queue with nothing left ends the runner's loop", "[spill]") {
  slack::spill_queue q(no_waiting(8, 8));
  q.drain_and_stop();
  CHECK_FALSE(q.next());
}

// The one way onto the database: serialized<T> and its parts take turns, never two at once, and a
// nested turn is refused instead of deadlocking.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "bot/app/serialized.hpp"

using networkbot::app::serialized;

namespace {

struct two_counters {
  long first = 0;
  long second = 0;
};

}  // namespace

TEST_CASE("turns on a serialized value never overlap, through the whole or a part", "[serialized]") {
  serialized<two_counters> shared(std::in_place);
  auto second = shared.part(&two_counters::second);
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  auto note_overlap = [&] {
    const int now = ++inside;
    int seen = most_inside.load();
    while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (t % 2 == 0)
          shared.run([&](two_counters& c) {
            note_overlap();
            ++c.first;
            ++c.second;
            --inside;
          });
        else
          second.run([&](long& s) {
            note_overlap();
            ++s;
            --inside;
          });
      }
    });
  for (auto& t : threads) t.join();
  CHECK(most_inside.load() == 1);
  CHECK(shared.run([](two_counters& c) { return c.first; }) == 4000);
  CHECK(shared.run([](two_counters& c) { return c.second; }) == 8000);
}

TEST_CASE("asking for a turn while holding one throws instead of deadlocking", "[serialized]") {
  serialized<two_counters> shared(std::in_place);
  auto first = shared.part(&two_counters::first);
  CHECK_THROWS_AS(shared.run([&](two_counters&) { shared.run([](two_counters&) {}); }), std::logic_error);
  CHECK_THROWS_AS(shared.run([&](two_counters&) { first.run([](long&) {}); }), std::logic_error);
  // The refused turn left the value usable.
  CHECK(first.run([](long& v) { return ++v; }) == 1);
  // A turn on another value, held inside this one, is no nesting.
  serialized<two_counters> other(std::in_place);
  CHECK(shared.run([&](two_counters&) { return other.run([](two_counters& c) { return ++c.first; }); }) == 1);
}

#pragma once
// A value that only one thread at a time may use, and only through run(): the way every thread of the
// Slack bot reaches the database (the socket thread's inbox, the worker's requests, the outbox's sends,
// the scheduler's jobs, and whatever thread comes next). Nothing hands out a reference that outlives
// the call, so a new component cannot touch the connection without taking its turn.
//
// A part() is a narrower way onto one member, taking the same turn: the outbox sender gets the queues
// and nothing else. Neither kind is reentrant: asking for a turn while holding one throws
// std::logic_error rather than deadlocking.

#include <functional>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace networkbot::app {

namespace detail {

// The turn-taking both kinds share: a mutex, and which thread holds it, to refuse a nested turn.
class turn {
 public:
  template <class F>
  decltype(auto) take(F&& work) {
    if (held_here()) throw std::logic_error("a thread asked for the database while it already held it");
    const std::lock_guard lock(mutex_);
    const mark mine(*this);
    return std::forward<F>(work)();
  }

 private:
  [[nodiscard]] bool held_here() const {
    // Read only by the thread that may hold the turn: whether this is that thread needs no lock.
    for (const turn* t : held()) if (t == this) return true;
    return false;
  }
  static std::vector<const turn*>& held() {
    thread_local std::vector<const turn*> turns;
    return turns;
  }
  struct mark {
    explicit mark(const turn& t) { held().push_back(&t); }
    ~mark() { held().pop_back(); }
    mark(const mark&) = delete;
    mark& operator=(const mark&) = delete;
  };
  std::mutex mutex_;
};

}  // namespace detail

template <class T>
class serialized;

// One member of a serialized value, reached in the owner's turn. Copyable; only serialized makes them.
template <class Part>
class guarded {
 public:
  template <class F>
  decltype(auto) run(F&& work) const {
    return turn_->take([&]() -> decltype(auto) { return std::invoke(std::forward<F>(work), *part_); });
  }

 private:
  template <class T>
  friend class serialized;
  guarded(detail::turn& t, Part& p) : turn_(&t), part_(&p) {}
  detail::turn* turn_;
  Part* part_;
};

template <class T>
class serialized {
 public:
  template <class... Args>
  explicit serialized(std::in_place_t, Args&&... args) : value_(std::forward<Args>(args)...) {}
  serialized(const serialized&) = delete;
  serialized& operator=(const serialized&) = delete;

  // Runs `work(T&)` in this value's turn (waiting for it) and returns what it returns.
  template <class F>
  decltype(auto) run(F&& work) {
    return turn_.take([&]() -> decltype(auto) { return std::invoke(std::forward<F>(work), value_); });
  }

  // A way onto `member` alone, in the same turn.
  template <class Part>
  [[nodiscard]] guarded<Part> part(Part T::*member) {
    return guarded<Part>(turn_, value_.*member);
  }

 private:
  detail::turn turn_;
  T value_;
};

}  // namespace networkbot::app

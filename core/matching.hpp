#pragma once
// Matching students with alumni and mentors. score() is the one place usefulness is judged: works at a
// company the student targets, a shared background (a career changer from teaching finds the alum who
// taught), shared interests or stack, the same program, a nearby time zone, and room left this month;
// each with a named weight staff can tune. rank() orders the people who opted in for a student (and a
// query), spreading load; assign_mentors() is an optimal assignment under mentor capacities.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/people.hpp"

namespace networkbot::core {

struct match_weights {
  double target_company = 5.0;     // works at a company the student targets
  double shared_background = 3.0;  // the same life before Turing
  double shared_interest = 1.0;    // per shared interest or stack tag, up to three
  double same_program = 1.0;       // FE with FE, BE with BE
  double near_time_zone = 1.0;     // within two hours of the student
  double capacity_left = 0.5;      // per chat left this month, up to three
  double pending_request = 1.0;    // subtracted per request already waiting on them
  friend bool operator==(const match_weights&, const match_weights&) = default;
};

// UTC offsets of IANA zones, in minutes, when known (the app provides it from the tz database).
using zone_offset = std::function<std::optional<int>(std::string_view zone)>;

// How busy a candidate is: what they offered this month, what is used and what is waiting.
struct candidate_load {
  int accepted_this_month = 0;
  int pending = 0;
};

struct match {
  person candidate;
  double score = 0;
  std::string why;  // one line: "works at Redfin Labs · also came from teaching · ruby, sql"
};

// The score of `candidate` for `student`, and the reasons in order of weight. Pure.
[[nodiscard]] match score(const person& student, const person& candidate, const candidate_load& load,
                          const match_weights& w, const zone_offset& offsets);

// Whether a candidate may be suggested for chats right now: active, opted in to chats, with capacity
// left this month, and not the student themself.
[[nodiscard]] bool open_for_chats(const person& candidate, const candidate_load& load, person_id student);

// What `/network find` looks for: a company, a topic (interest, background, title), or one person.
struct match_query {
  std::string text;  // empty: suggestions for the student (`/network match`)
};
// True when the candidate matches a non-empty query (case-insensitive, on company, interests,
// background, title, name or handle).
[[nodiscard]] bool matches_query(const person& candidate, std::string_view query);

// The candidates open for chats, best first (ties by name), that match the query. `load_of` is asked
// only for the candidates that pass the query; reasons are written for the first `explain` results.
[[nodiscard]] std::vector<match> rank(const person& student, const std::vector<person>& candidates,
                                      const match_query& query,
                                      const std::function<candidate_load(const person&)>& load_of,
                                      const match_weights& w, const zone_offset& offsets,
                                      std::size_t explain = static_cast<std::size_t>(-1));

// The candidates prepared once (case folded, time zones resolved), for many queries.
class match_index {
 public:
  match_index(std::vector<person> candidates, const zone_offset& offsets);
  ~match_index();
  match_index(match_index&&) noexcept;
  match_index& operator=(match_index&&) noexcept;
  [[nodiscard]] std::vector<match> rank(const person& student, const match_query& query,
                                        const std::function<candidate_load(const person&)>& load_of,
                                        const match_weights& w, std::size_t explain = static_cast<std::size_t>(-1)) const;
  [[nodiscard]] std::size_t size() const;

 private:
  struct entry;
  std::vector<entry> entries_;
  zone_offset offsets_;
};

// ---- mentor assignment ----

// What a student and mentor pair is worth: the score without the chats-capacity term (which is about
// chats, not mentoring), never below zero.
[[nodiscard]] match pair_value(const person& student, const person& mentor, const match_weights& w,
                               const zone_offset& offsets);

struct mentor_pair {
  person_id student = 0;
  person_id mentor = 0;
  double score = 0;
  std::string why;
  bool kept = false;  // an existing pair kept as it was
};

struct assignment {
  std::vector<mentor_pair> pairs;     // new and kept
  std::vector<person_id> unassigned;  // students left without a mentor: capacity ran out
  double total_score = 0;             // of the new pairs
};

// Assigns `students` to `mentors` (those available to mentor, with capacity) to maximise first the
// number of students with a mentor, then the total score, never exceeding a mentor's capacity (minus
// the mentees they already have). Students who have a mentor keep them unless `reassign`. Optimal:
// successive shortest paths on the min-cost flow network.
[[nodiscard]] assignment assign_mentors(const std::vector<person>& students, const std::vector<person>& mentors,
                                        const std::function<int(const person& mentor)>& current_mentees,
                                        bool reassign, const match_weights& w, const zone_offset& offsets);

}  // namespace networkbot::core

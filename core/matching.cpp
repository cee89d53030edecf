#include "core/matching.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <unordered_map>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

bool same_text(std::string_view a, std::string_view b) { return !a.empty() && to_lower(trim(a)) == to_lower(trim(b)); }

bool contains_word(std::string_view haystack, std::string_view needle) {
  return !needle.empty() && to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

}  // namespace

bool open_for_chats(const person& candidate, const candidate_load& load, person_id student) {
  if (!candidate.active || !candidate.open_to_chats.on || candidate.id == student) return false;
  if (!candidate.is(role::alum) && !candidate.is(role::mentor)) return false;
  return load.accepted_this_month < candidate.open_to_chats.capacity;
}

match score(const person& student, const person& candidate, const candidate_load& load, const match_weights& w,
            const zone_offset& offsets) {
  match m{candidate, 0.0, {}};
  std::vector<std::pair<double, std::string>> reasons;
  for (const auto& target : student.target_companies)
    if (same_text(target, candidate.company)) {
      m.score += w.target_company;
      reasons.emplace_back(w.target_company, "works at " + candidate.company + ", a company you target");
      break;
    }
  if (same_text(student.background, candidate.background)) {
    m.score += w.shared_background;
    reasons.emplace_back(w.shared_background, "also came to tech from " + candidate.background);
  }
  std::vector<std::string> shared;
  for (const auto& tag : student.interests)
    for (const auto& theirs : candidate.interests)
      if (same_text(tag, theirs) && std::ranges::find(shared, to_lower(tag)) == shared.end()) shared.push_back(to_lower(tag));
  if (!shared.empty()) {
    const double points = w.shared_interest * static_cast<double>(std::min<std::size_t>(shared.size(), 3));
    m.score += points;
    std::string list;
    for (const auto& s : shared) list += (list.empty() ? "" : ", ") + s;
    reasons.emplace_back(points, "shares " + list);
  }
  if (same_text(student.program, candidate.program)) {
    m.score += w.same_program;
    reasons.emplace_back(w.same_program, "was in " + candidate.program + " like you");
  }
  if (offsets && !student.time_zone.empty() && !candidate.time_zone.empty()) {
    const auto a = offsets(student.time_zone);
    const auto b = offsets(candidate.time_zone);
    if (a && b && std::abs(*a - *b) <= 120) {
      m.score += w.near_time_zone;
      reasons.emplace_back(w.near_time_zone, *a == *b ? "same time zone" : "a nearby time zone");
    }
  }
  if (candidate.open_to_chats.on) {
    const int left = std::max(0, candidate.open_to_chats.capacity - load.accepted_this_month);
    m.score += w.capacity_left * std::min(left, 3);
    m.score -= w.pending_request * load.pending;
  }
  std::ranges::stable_sort(reasons, [](const auto& x, const auto& y) { return x.first > y.first; });
  for (const auto& [points, text] : reasons) m.why += (m.why.empty() ? "" : " \xC2\xB7 ") + text;  // ·
  if (m.why.empty()) m.why = "open to chats with students";
  return m;
}

bool matches_query(const person& c, std::string_view query) {
  query = trim(query);
  if (query.empty()) return true;
  if (query.starts_with('@')) return same_text(query.substr(1), c.handle) || same_text(query.substr(1), c.slack_id);
  if (contains_word(c.company, query) || contains_word(c.background, query) || contains_word(c.title, query) ||
      contains_word(c.display_name, query))
    return true;
  return std::ranges::any_of(c.interests, [&](const std::string& tag) { return same_text(tag, query); });
}

std::vector<match> rank(const person& student, const std::vector<person>& candidates, const match_query& query,
                        const std::function<candidate_load(const person&)>& load_of, const match_weights& w,
                        const zone_offset& offsets) {
  std::vector<match> out;
  for (const auto& c : candidates) {
    if (!c.open_to_chats.on || !c.active || c.id == student.id) continue;  // cheap checks first
    if (!matches_query(c, query.text)) continue;
    const candidate_load load = load_of(c);
    if (!open_for_chats(c, load, student.id)) continue;
    out.push_back(score(student, c, load, w, offsets));
  }
  std::ranges::stable_sort(out, [](const match& a, const match& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.candidate.display_name < b.candidate.display_name;
  });
  return out;
}

// ---- the assignment: min-cost flow by successive shortest paths ----

match pair_value(const person& student, const person& mentor, const match_weights& w, const zone_offset& offsets) {
  auto m = score(student, mentor, candidate_load{}, w, offsets);
  if (mentor.open_to_chats.on) m.score -= w.capacity_left * std::min(std::max(mentor.open_to_chats.capacity, 0), 3);
  m.score = std::max(0.0, m.score);
  return m;
}

assignment assign_mentors(const std::vector<person>& students, const std::vector<person>& mentors,
                          const std::function<int(const person&)>& current_mentees, bool reassign, const match_weights& w,
                          const zone_offset& offsets) {
  assignment out;
  // Mentors who can take anyone, with the room they have left.
  std::vector<const person*> pool;
  std::vector<int> room;
  std::unordered_map<person_id, std::size_t> mentor_index;
  for (const auto& m : mentors) {
    if (!m.active || !m.available_to_mentor.on || m.available_to_mentor.capacity <= 0) continue;
    mentor_index.emplace(m.id, pool.size());
    pool.push_back(&m);
    room.push_back(m.available_to_mentor.capacity);
  }
  // Existing pairs are kept (and use their mentor's room) unless reassigning.
  std::vector<const person*> open;
  for (const auto& s : students) {
    if (!s.active) continue;
    if (!reassign && s.mentor != 0) {
      out.pairs.push_back({s.id, s.mentor, 0.0, "kept", true});
      continue;
    }
    open.push_back(&s);
  }
  for (std::size_t j = 0; j < pool.size(); ++j) {
    int taken = current_mentees ? current_mentees(*pool[j]) : 0;
    if (reassign) {
      // Mentees among the students being reassigned free their place.
      for (const auto* s : open)
        if (s->mentor == pool[j]->id) --taken;
    }
    room[j] = std::max(0, room[j] - std::max(0, taken));
  }

  const std::size_t S = open.size();
  const std::size_t M = pool.size();
  // Integer costs: a placement is worth `base` (so that more students placed always wins) plus the
  // score in thousandths. Cost = -worth; leaving a student out costs 0.
  constexpr std::int64_t scale = 1000;
  std::int64_t top = 0;
  std::vector<std::int64_t> worth(S * M);
  std::vector<std::string> why(S * M);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j < M; ++j) {
      const auto m = pair_value(*open[i], *pool[j], w, offsets);
      worth[i * M + j] = static_cast<std::int64_t>(std::llround(m.score * scale));
      why[i * M + j] = m.why;
      top = std::max(top, worth[i * M + j]);
    }
  const std::int64_t base = (top + 1) * static_cast<std::int64_t>(S + 1);

  // Nodes: students 0..S-1, mentors S..S+M-1, sink S+M. "Unplaced" is the student's own edge to the sink
  // at cost 0. Residual state: which mentor each student has (or none), and each mentor's mentees.
  constexpr std::int64_t inf = std::numeric_limits<std::int64_t>::max() / 4;
  const std::size_t sink = S + M;
  std::vector<std::int64_t> pot(S + M + 1, 0);
  std::vector<std::int64_t> dist(S + M + 1);
  std::vector<std::size_t> parent(S + M + 1);
  std::vector<char> done(S + M + 1);
  std::vector<std::ptrdiff_t> of_student(S, -1);  // mentor index, -1 none
  std::vector<std::vector<std::size_t>> mentees(M);
  const auto cost = [&](std::size_t i, std::size_t j) { return -(base + worth[i * M + j]); };
  const auto leave = [&](std::size_t i) {
    if (of_student[i] >= 0) std::erase(mentees[static_cast<std::size_t>(of_student[i])], i);
    of_student[i] = -1;
  };

  for (std::size_t src = 0; src < S; ++src) {
    // The new source's potential keeps every reduced cost out of it non-negative.
    std::int64_t p = pot[sink];  // its own edge to the sink (unplaced), cost 0
    for (std::size_t j = 0; j < M; ++j) p = std::max(p, pot[S + j] - cost(src, j));
    pot[src] = p;

    std::fill(dist.begin(), dist.end(), inf);
    std::fill(done.begin(), done.end(), 0);
    using item = std::pair<std::int64_t, std::size_t>;
    std::priority_queue<item, std::vector<item>, std::greater<>> heap;
    dist[src] = 0;
    heap.push({0, src});
    while (!heap.empty()) {
      const auto [d, v] = heap.top();
      heap.pop();
      if (done[v] || d != dist[v]) continue;
      done[v] = 1;
      if (v == sink) break;
      const auto relax = [&](std::size_t to, std::int64_t c) {
        const std::int64_t nd = d + c + pot[v] - pot[to];
        if (nd < dist[to]) {
          dist[to] = nd;
          parent[to] = v;
          heap.push({nd, to});
        }
      };
      if (v < S) {
        // A student: to any other mentor, or out unplaced (the new source, or a placed student
        // giving up its place to someone it is worth more to).
        for (std::size_t j = 0; j < M; ++j)
          if (of_student[v] != static_cast<std::ptrdiff_t>(j) && !done[S + j]) relax(S + j, cost(v, j));
        if (v == src || of_student[v] >= 0) relax(sink, 0);
      } else {
        // A mentor: to the sink while it has room, or back along a mentee's edge.
        const std::size_t j = v - S;
        if (mentees[j].size() < static_cast<std::size_t>(room[j])) relax(sink, 0);
        for (std::size_t i : mentees[j])
          if (!done[i]) relax(i, -cost(i, j));
      }
    }
    // Potentials: finalised nodes move by their distance, the rest by the sink's.
    for (std::size_t v = 0; v <= sink; ++v) pot[v] += std::min(dist[v], dist[sink]);
    // Walk the path back from the sink, flipping each student's edge.
    for (std::size_t v = sink; v != src;) {
      const std::size_t u = parent[v];
      if (u < S && v == sink) {
        leave(u);  // unplaced (the source stays so; a placed student gives up its place)
      } else if (u < S) {
        leave(u);
        of_student[u] = static_cast<std::ptrdiff_t>(v - S);
        mentees[v - S].push_back(u);
      }
      v = u;
    }
  }

  for (std::size_t i = 0; i < S; ++i) {
    if (of_student[i] < 0) {
      out.unassigned.push_back(open[i]->id);
      continue;
    }
    const auto j = static_cast<std::size_t>(of_student[i]);
    const double value = static_cast<double>(worth[i * M + j]) / scale;
    out.pairs.push_back({open[i]->id, pool[j]->id, value, why[i * M + j], false});
    out.total_score += value;
  }
  return out;
}

}  // namespace networkbot::core

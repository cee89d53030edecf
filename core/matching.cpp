#include "core/matching.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <unordered_map>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

std::string folded(std::string_view s) { return to_lower(trim(s)); }

// A person's matching fields, case folded once.
struct normalized {
  std::string company, background, title, name, handle, slack_id, program;
  std::vector<std::string> interests;  // distinct, in order
  std::vector<std::string> targets;
  std::optional<int> offset;
};

normalized normalize(const person& p, const zone_offset& offsets) {
  normalized n{folded(p.company), folded(p.background), folded(p.title), folded(p.display_name), folded(p.handle),
               std::string(trim(p.slack_id)), folded(p.program), {}, {}, std::nullopt};
  for (const auto& tag : p.interests)
    if (auto t = folded(tag); !t.empty() && std::ranges::find(n.interests, t) == n.interests.end()) n.interests.push_back(std::move(t));
  for (const auto& c : p.target_companies)
    if (auto t = folded(c); !t.empty()) n.targets.push_back(std::move(t));
  if (offsets && !p.time_zone.empty()) n.offset = offsets(p.time_zone);
  return n;
}

// The score, and (when asked) its reasons, from folded fields: the one place usefulness is judged.
double judge(const normalized& s, const normalized& c, const person& candidate, const candidate_load& load,
             const match_weights& w, std::vector<std::pair<double, std::string>>* reasons) {
  double total = 0;
  const auto add = [&](double points, auto&& text) {
    total += points;
    if (reasons != nullptr) reasons->emplace_back(points, text());
  };
  if (!c.company.empty() && std::ranges::find(s.targets, c.company) != s.targets.end())
    add(w.target_company, [&] { return "works at " + candidate.company + ", a company you target"; });
  if (!s.background.empty() && s.background == c.background)
    add(w.shared_background, [&] { return "also came to tech from " + std::string(trim(candidate.background)); });
  std::size_t shared = 0;
  std::string list;
  for (const auto& tag : s.interests)
    if (std::ranges::find(c.interests, tag) != c.interests.end()) {
      ++shared;
      if (reasons != nullptr) list += (list.empty() ? "" : ", ") + tag;
    }
  if (shared > 0) add(w.shared_interest * static_cast<double>(std::min<std::size_t>(shared, 3)), [&] { return "shares " + list; });
  if (!s.program.empty() && s.program == c.program) add(w.same_program, [&] { return "was in " + candidate.program + " like you"; });
  if (s.offset && c.offset && std::abs(*s.offset - *c.offset) <= 120)
    add(w.near_time_zone, [&] { return std::string(*s.offset == *c.offset ? "same time zone" : "a nearby time zone"); });
  if (candidate.open_to_chats.on) {
    const int left = std::max(0, candidate.open_to_chats.capacity - load.accepted_this_month);
    total += w.capacity_left * std::min(left, 3);
    total -= w.pending_request * load.pending;
  }
  return total;
}

std::string why_of(std::vector<std::pair<double, std::string>> reasons) {
  std::ranges::stable_sort(reasons, [](const auto& x, const auto& y) { return x.first > y.first; });
  std::string why;
  for (const auto& [points, text] : reasons) why += (why.empty() ? "" : " \xC2\xB7 ") + text;  // ·
  return why.empty() ? std::string("open to chats with students") : why;
}

bool query_matches(const normalized& c, const person& candidate, std::string_view q) {
  if (q.empty()) return true;
  if (q.starts_with('@')) {
    q.remove_prefix(1);
    return q == c.handle || to_lower(candidate.slack_id) == q;
  }
  const auto has = [&](const std::string& field) { return !field.empty() && field.find(q) != std::string::npos; };
  if (has(c.company) || has(c.background) || has(c.title) || has(c.name)) return true;
  return std::ranges::find(c.interests, q) != c.interests.end();
}

}  // namespace

bool open_for_chats(const person& candidate, const candidate_load& load, person_id student) {
  if (!candidate.active || !candidate.open_to_chats.on || candidate.id == student) return false;
  if (!candidate.is(role::alum) && !candidate.is(role::mentor)) return false;
  return load.accepted_this_month < candidate.open_to_chats.capacity;
}

match score(const person& student, const person& candidate, const candidate_load& load, const match_weights& w,
            const zone_offset& offsets) {
  std::vector<std::pair<double, std::string>> reasons;
  const double total = judge(normalize(student, offsets), normalize(candidate, offsets), candidate, load, w, &reasons);
  return match{candidate, total, why_of(std::move(reasons))};
}

bool matches_query(const person& c, std::string_view query) {
  return query_matches(normalize(c, nullptr), c, folded(query));
}

struct match_index::entry {
  person candidate;
  normalized fields;
};

match_index::match_index(std::vector<person> candidates, const zone_offset& offsets) : offsets_(offsets) {
  // Time zones resolved once per distinct zone, not once per person.
  std::unordered_map<std::string, std::optional<int>> zones;
  const zone_offset cached = [&](std::string_view z) {
    auto [it, fresh] = zones.try_emplace(std::string(z));
    if (fresh && offsets) it->second = offsets(z);
    return it->second;
  };
  entries_.reserve(candidates.size());
  for (auto& c : candidates) {
    auto fields = normalize(c, cached);
    entries_.push_back(entry{std::move(c), std::move(fields)});
  }
}

match_index::~match_index() = default;
match_index::match_index(match_index&&) noexcept = default;
match_index& match_index::operator=(match_index&&) noexcept = default;
std::size_t match_index::size() const { return entries_.size(); }

std::vector<match> match_index::rank(const person& student, const match_query& query,
                                     const std::function<candidate_load(const person&)>& load_of, const match_weights& w,
                                     std::size_t explain) const {
  const normalized me = normalize(student, offsets_);
  const std::string q = folded(query.text);
  struct hit {
    const entry* e;
    candidate_load load;
    double score;
  };
  std::vector<hit> hits;
  for (const auto& e : entries_) {
    const auto& c = e.candidate;
    if (!c.open_to_chats.on || !c.active || c.id == student.id) continue;  // cheap checks first
    if (!query_matches(e.fields, c, q)) continue;
    const candidate_load load = load_of ? load_of(c) : candidate_load{};
    if (!open_for_chats(c, load, student.id)) continue;
    hits.push_back({&e, load, judge(me, e.fields, c, load, w, nullptr)});
  }
  std::ranges::stable_sort(hits, [](const hit& a, const hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.e->candidate.display_name < b.e->candidate.display_name;
  });
  std::vector<match> out;
  out.reserve(hits.size());
  for (std::size_t i = 0; i < hits.size(); ++i) {
    match m{hits[i].e->candidate, hits[i].score, {}};
    if (i < explain) {
      std::vector<std::pair<double, std::string>> reasons;
      judge(me, hits[i].e->fields, hits[i].e->candidate, hits[i].load, w, &reasons);
      m.why = why_of(std::move(reasons));
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<match> rank(const person& student, const std::vector<person>& candidates, const match_query& query,
                        const std::function<candidate_load(const person&)>& load_of, const match_weights& w,
                        const zone_offset& offsets, std::size_t explain) {
  return match_index(candidates, offsets).rank(student, query, load_of, w, explain);
}

// ---- the assignment: min-cost flow by successive shortest paths ----

namespace {

// The chats-capacity term is about chats, not mentoring: a pair's value leaves it out.
double mentoring_value(double score, const person& mentor, const match_weights& w) {
  if (mentor.open_to_chats.on) score -= w.capacity_left * std::min(std::max(mentor.open_to_chats.capacity, 0), 3);
  return std::max(0.0, score);
}

}  // namespace

match pair_value(const person& student, const person& mentor, const match_weights& w, const zone_offset& offsets) {
  auto m = score(student, mentor, candidate_load{}, w, offsets);
  m.score = mentoring_value(m.score, mentor, w);
  if (m.why == "open to chats with students") m.why = "available to mentor, with room";  // nothing shared
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
  // Every pair's value from fields folded once per person (reasons only for the pairs chosen).
  std::unordered_map<std::string, std::optional<int>> zones;
  const zone_offset cached = [&](std::string_view z) {
    auto [it, fresh] = zones.try_emplace(std::string(z));
    if (fresh && offsets) it->second = offsets(z);
    return it->second;
  };
  std::vector<normalized> open_fields, pool_fields;
  for (const auto* s : open) open_fields.push_back(normalize(*s, cached));
  for (const auto* m : pool) pool_fields.push_back(normalize(*m, cached));
  std::int64_t top = 0;
  std::vector<std::int64_t> worth(S * M);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j < M; ++j) {
      const double value = mentoring_value(judge(open_fields[i], pool_fields[j], *pool[j], candidate_load{}, w, nullptr), *pool[j], w);
      worth[i * M + j] = static_cast<std::int64_t>(std::llround(value * scale));
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
      // Plain variables, not a structured binding: the relax lambda below captures them.
      const std::int64_t d = heap.top().first;
      const std::size_t v = heap.top().second;
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
    out.pairs.push_back({open[i]->id, pool[j]->id, value, pair_value(*open[i], *pool[j], w, cached).why, false});
    out.total_score += value;
  }
  return out;
}

}  // namespace networkbot::core

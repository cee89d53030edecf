#include "core/contacts_csv.hpp"

#include <algorithm>
#include <istream>
#include <map>
#include <ostream>
#include <unordered_map>

#include "core/people_import.hpp"
#include "core/text.hpp"
#include "core/tracker.hpp"

namespace networkbot::core {

namespace {

constexpr std::size_t max_errors = 50;

const std::map<std::string, std::string, std::less<>>& aliases() {
  static const std::map<std::string, std::string, std::less<>> table{
      {"contact", "name"},           {"contact_name", "name"},        {"full_name", "name"},
      {"warm_cold", "warmth"},       {"warm_or_cold", "warmth"},      {"type", "warmth"},
      {"tab", "list"},               {"category", "list"},            {"how_you_know_them", "why"},
      {"how_i_know_them", "why"},    {"why_this_person", "why"},      {"reason", "why"},
      {"position", "role"},          {"title", "role"},               {"linkedin_url", "linkedin"},
      {"slack", "slack_user"},       {"next_step", "next_action"},    {"due", "next_due"},
      {"due_date", "next_due"},      {"follow_up_date", "next_due"},  {"status", "stage"},
      {"note", "notes"},             {"owner_slack_id", "owner"},     {"student", "owner"},
  };
  return table;
}

std::string normalise_header(std::string_view raw) {
  std::string out;
  for (char c : to_lower(trim(raw))) out.push_back((c == ' ' || c == '-' || c == '/') ? '_' : c);
  if (auto it = aliases().find(out); it != aliases().end()) return it->second;
  return out;
}

std::string escape_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string unescape_line(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
      out.push_back(text[i] == 'n' ? '\n' : text[i]);
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string name_for_report(const contact& c, const std::string& owner) {
  return c.name + (c.company.empty() ? "" : " at " + c.company) + " (" + owner + ")";
}

}  // namespace

const std::vector<std::string>& contact_columns() {
  static const std::vector<std::string> columns{
      "owner",  "name",     "company",  "role",        "warmth",   "list",       "why",
      "slack_user", "email", "linkedin", "stage",     "takeaway", "next_action", "next_due",
      "created_at", "last_interaction_at", "history", "notes"};
  return columns;
}

std::string write_history(const std::vector<contact_event>& events) {
  std::string out;
  for (const auto& e : events) {
    if (!out.empty()) out.push_back('\n');
    out += format_instant(e.at) + " " + std::string(to_string(e.kind));
    if (!e.text.empty()) out += ": " + escape_line(e.text);
  }
  return out;
}

std::variant<std::vector<contact_event>, std::string> read_history(std::string_view cell) {
  std::vector<contact_event> events;
  std::size_t n = 0;
  for (std::string_view rest = cell; !rest.empty();) {
    const auto eol = rest.find('\n');
    std::string_view line = trim(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    ++n;
    if (line.empty()) continue;
    const auto when = parse_instant(line.substr(0, 20));
    if (!when || line.size() < 22 || line[20] != ' ')
      return "history line " + std::to_string(n) + " must start with a time like 2026-11-20T15:04:05Z";
    std::string_view body = line.substr(21);
    const auto colon = body.find(": ");
    const auto kind = parse_event_kind(colon == std::string_view::npos ? body : body.substr(0, colon));
    if (!kind)
      return "history line " + std::to_string(n) + " needs a kind: note, messaged, scheduled, met, thanked or takeaway";
    events.push_back({0, 0, *when, *kind, colon == std::string_view::npos ? std::string{} : unescape_line(body.substr(colon + 2))});
  }
  return events;
}

std::variant<import_summary, std::vector<csv::error>> import_contacts(std::istream& in, const contacts_import_options& options,
                                                                      const people_directory& directory, contact_store& store,
                                                                      transactions& tx, const clock& clock) {
  csv::reader reader(in);
  std::vector<csv::error> errors;
  csv::row header;
  if (!reader.next(header)) {
    if (reader.failure()) return std::vector<csv::error>{*reader.failure()};
    return std::vector<csv::error>{{1, 1, "the file is empty; the first row must name the columns"}};
  }

  std::map<std::string, std::size_t> at;  // column → 0-based position
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const std::string name = normalise_header(header.fields[c]);
    if (std::ranges::find(contact_columns(), name) == contact_columns().end()) {
      std::string why = "unknown column '" + header.fields[c] + "'";
      if (auto guess = closest_match(name, contact_columns())) why += "; did you mean '" + *guess + "'?";
      errors.push_back({header.line, c + 1, why});
    } else if (!at.emplace(name, c).second) {
      errors.push_back({header.line, c + 1, "column '" + name + "' appears twice"});
    }
  }
  for (const char* required : {"name", "warmth"})
    if (!at.contains(required))
      errors.push_back({header.line, 1, std::string("the header needs a ") + required + " column"});

  std::optional<person> fixed_owner;
  if (!options.owner.empty()) {
    fixed_owner = find_person(directory, options.owner);
    if (!fixed_owner) return std::vector<csv::error>{{0, 0, "no one with Slack id or email '" + options.owner + "' is in the directory; import people first"}};
  } else if (!at.contains("owner")) {
    errors.push_back({header.line, 1, "say whose tracker this is: --owner <Slack id or email>, or an owner column"});
  }
  if (!errors.empty()) return errors;

  const auto now = clock.now();
  std::unordered_map<std::string, std::pair<person_id, std::string>> owners;  // reference → id, report name
  std::unordered_map<contact_id, std::size_t> touched;                      // contact → line that wrote it
  import_summary summary;
  summary.dry_run = options.dry_run;
  auto t = tx.begin();

  csv::row row;
  while (errors.size() < max_errors && reader.next(row)) {
    if (row.fields.size() != header.fields.size()) {
      errors.push_back({row.line, 1, "expected " + std::to_string(header.fields.size()) + " fields, found " +
                                         std::to_string(row.fields.size())});
      continue;
    }
    auto has = [&](const char* column) { return at.contains(column); };
    auto cell = [&](const char* column) -> std::string_view {
      auto it = at.find(column);
      return it == at.end() ? std::string_view{} : trim(row.fields[it->second]);
    };
    auto fail = [&](const char* column, std::string reason) {
      auto it = at.find(column);
      errors.push_back({row.line, it == at.end() ? 1 : it->second + 1, std::move(reason)});
    };
    bool utf8_ok = true;
    for (std::size_t c = 0; c < row.fields.size(); ++c)
      if (!is_valid_utf8(row.fields[c])) {
        errors.push_back({row.line, c + 1, "not valid UTF-8 text; save the file as UTF-8"});
        utf8_ok = false;
      }
    if (!utf8_ok) continue;

    // Whose contact.
    person_id owner = 0;
    std::string owner_name;
    if (fixed_owner) {
      owner = fixed_owner->id;
      owner_name = reference_of(*fixed_owner);
      if (has("owner") && !cell("owner").empty()) {
        const auto named = find_person(directory, cell("owner"));
        if (!named || named->id != owner)
          fail("owner", "this row belongs to '" + std::string(cell("owner")) + "', not to " + options.owner);
      }
    } else {
      const std::string ref(cell("owner"));
      auto known = owners.find(ref);
      if (known == owners.end()) {
        const auto p = ref.empty() ? std::nullopt : find_person(directory, ref);
        if (!p) {
          fail("owner", ref.empty() ? std::string("the owner is empty; give the student's Slack id or email")
                                    : "no one with Slack id or email '" + ref + "' is in the directory");
          continue;
        }
        known = owners.emplace(ref, std::pair{p->id, reference_of(*p)}).first;
      }
      owner = known->second.first;
      owner_name = known->second.second;
    }

    // The row's fields, over the stored contact when there is one.
    const std::string name(cell("name"));
    const std::string company(cell("company"));
    std::optional<contact> existing = name.empty() ? std::nullopt : store.find_contact_named(owner, name, company);
    contact c = existing ? *existing : contact{};
    c.owner = owner;
    c.name = name;
    if (has("company")) c.company = company;
    if (has("role")) c.role = std::string(cell("role"));
    if (has("why")) c.why = std::string(cell("why"));
    if (has("slack_user")) c.slack_user = std::string(cell("slack_user"));
    if (has("email")) c.email = std::string(cell("email"));
    if (has("linkedin")) c.linkedin = std::string(cell("linkedin"));
    if (has("takeaway")) c.takeaway = std::string(cell("takeaway"));
    if (has("next_action")) c.next_action = std::string(cell("next_action"));
    if (auto w = parse_warmth(cell("warmth"))) c.warmth = *w;
    else fail("warmth", "warmth must be warm or cold, not '" + std::string(cell("warmth")) + "'");
    if (has("list")) {
      if (cell("list").empty()) c.list = contact_list::new_contacts;
      else if (auto l = parse_contact_list(cell("list"))) c.list = *l;
      else fail("list", "list must be support, dormant or new, not '" + std::string(cell("list")) + "'");
    }
    if (has("stage")) {
      if (cell("stage").empty()) c.stage = stage::idea;
      else if (auto s = parse_stage(cell("stage"))) c.stage = *s;
      else fail("stage", "stage must be idea, messaged, scheduled, met or thanked, not '" + std::string(cell("stage")) + "'");
    }
    if (has("next_due")) {
      c.next_due.reset();
      if (!cell("next_due").empty() && !(c.next_due = parse_date(cell("next_due"))))
        fail("next_due", "next_due must be a date like 2026-12-01, not '" + std::string(cell("next_due")) + "'");
    }
    if (has("created_at") && !cell("created_at").empty()) {
      if (auto when = parse_instant(cell("created_at"))) c.created_at = *when;
      else fail("created_at", "created_at must be a time like 2026-11-20T15:04:05Z");
    } else if (!existing) {
      c.created_at = now;
    }
    if (has("last_interaction_at")) {
      c.last_interaction.reset();
      if (!cell("last_interaction_at").empty() && !(c.last_interaction = parse_instant(cell("last_interaction_at"))))
        fail("last_interaction_at", "last_interaction_at must be a time like 2026-11-20T15:04:05Z");
    }
    if (auto problem = check_contact(c))
      fail(at.contains(problem->field) ? problem->field.c_str() : "name", problem->message);

    std::vector<contact_event> incoming;
    if (has("history") && !cell("history").empty()) {
      auto h = read_history(cell("history"));
      if (auto* why = std::get_if<std::string>(&h)) fail("history", *why);
      else incoming = std::get<std::vector<contact_event>>(std::move(h));
    }
    if (has("notes") && !cell("notes").empty()) incoming.push_back({0, 0, now, event_kind::note, std::string(cell("notes"))});

    if (existing) {
      if (auto seen = touched.find(existing->id); seen != touched.end()) {
        fail("name", name + (company.empty() ? "" : " at " + company) + " appears twice for the same owner (first on line " +
                         std::to_string(seen->second) + ")");
      }
    }
    if (!errors.empty()) continue;  // once anything failed, only check

    // New events only: an event already stored (same time, kind and text) is not added twice.
    std::vector<contact_event> stored = existing && !incoming.empty() ? store.events_of(existing->id) : std::vector<contact_event>{};
    std::erase_if(incoming, [&](const contact_event& e) {
      if (e.kind == event_kind::note && e.at == now)  // a notes cell: compare on the text alone
        return std::ranges::any_of(stored, [&](const contact_event& s) { return s.kind == e.kind && s.text == e.text; });
      return std::ranges::any_of(stored, [&](const contact_event& s) { return s.at == e.at && s.kind == e.kind && s.text == e.text; });
    });
    const bool fields_changed = !existing || c != *existing;
    if (fields_changed) c.id = store.save_contact(c);
    for (auto& e : incoming) {
      e.contact = c.id;
      store.add_event(e);
    }
    touched.emplace(c.id, row.line);
    if (!existing) summary.note_added(name_for_report(c, owner_name));
    else if (fields_changed || !incoming.empty()) summary.note_changed(name_for_report(c, owner_name));
    else ++summary.unchanged;
  }
  if (reader.failure() && errors.size() < max_errors) errors.push_back(*reader.failure());
  if (!errors.empty()) return errors;  // the transaction rolls back
  if (!options.dry_run) t->commit();
  return summary;
}

void export_contacts_csv(std::ostream& out, const people_directory& directory, const contact_store& store) {
  std::unordered_map<person_id, std::string> refs;
  for (const auto& p : directory.all()) refs.emplace(p.id, reference_of(p));
  std::string buffer;
  csv::append_record(buffer, contact_columns());
  std::vector<std::string> fields;
  store.visit_contacts([&](const contact& c, const std::vector<contact_event>& events) {
    fields = {refs[c.owner],
              c.name,
              c.company,
              c.role,
              std::string(to_string(c.warmth)),
              std::string(to_string(c.list)),
              c.why,
              c.slack_user,
              c.email,
              c.linkedin,
              std::string(to_string(c.stage)),
              c.takeaway,
              c.next_action,
              c.next_due ? format_date(*c.next_due) : std::string{},
              format_instant(c.created_at),
              c.last_interaction ? format_instant(*c.last_interaction) : std::string{},
              write_history(events),
              std::string{}};
    csv::append_record(buffer, fields);
    if (buffer.size() > (1u << 16)) {
      out << buffer;
      buffer.clear();
    }
  });
  out << buffer;
}

}  // namespace networkbot::core

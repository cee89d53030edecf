#include "config/content.hpp"

#include <set>

#include "config/toml_reader.hpp"
#include "core/text.hpp"

namespace networkbot::config {

std::variant<core::question_library, std::vector<problem>> parse_questions(std::string_view toml_text,
                                                                           const std::string& file) {
  std::vector<problem> problems;
  const auto parsed = parse_toml(toml_text, file, problems);
  if (!parsed) return problems;
  const toml::table& root = *parsed;
  toml_reader r(file, problems);
  r.only_known_keys(root, "", {"closing", "bank"});
  std::string closing;
  r.string(root, "", "closing", closing);
  if (core::trim(closing).empty())
    r.fail("closing", "the closing question (asking who else they could introduce you to) is required");

  std::vector<core::question_bank> banks;
  const toml::node* list = root.get("bank");
  if (list == nullptr || !list->is_array_of_tables()) {
    r.fail("bank", "write each question bank as a [[bank]] table with kind, title, intro and questions");
  } else {
    std::set<std::string> kinds;
    const auto& array = *list->as_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      const auto& t = *array.get(i)->as_table();
      const std::string path = "bank[" + std::to_string(i) + "]";
      r.only_known_keys(t, path, {"kind", "title", "intro", "questions"});
      core::question_bank bank;
      r.string(t, path, "kind", bank.kind);
      r.string(t, path, "title", bank.title);
      r.string(t, path, "intro", bank.intro);
      r.string_list(t, path, "questions", bank.questions);
      bank.kind = core::to_lower(core::trim(bank.kind));
      if (bank.kind.empty() || bank.kind.find(' ') != std::string::npos)
        r.fail(t, path + ".kind", "each bank needs a one-word kind, like kind = \"mentor\"");
      else if (!kinds.insert(bank.kind).second)
        r.fail(t, path + ".kind", "the kind '" + bank.kind + "' is used by two banks");
      if (bank.title.empty()) r.fail(t, path + ".title", "each bank needs a title");
      if (bank.questions.empty()) r.fail(t, path + ".questions", "each bank needs at least one question");
      banks.push_back(std::move(bank));
    }
  }
  if (!problems.empty()) return problems;
  return core::question_library(std::move(banks), std::move(closing));
}

std::variant<mixitup_agenda, std::vector<problem>> parse_mixitup_agenda(std::string_view toml_text, const std::string& file) {
  std::vector<problem> problems;
  const auto parsed = parse_toml(toml_text, file, problems);
  if (!parsed) return problems;
  const toml::table& root = *parsed;
  toml_reader r(file, problems);
  r.only_known_keys(root, "", {"part", "topic", "leader"});
  mixitup_agenda agenda;
  auto tables = [&](const char* key, const char* what) -> const toml::array* {
    const toml::node* list = root.get(key);
    if (list == nullptr || !list->is_array_of_tables()) {
      r.fail(key, std::string("write each ") + what + " as a [[" + key + "]] table");
      return nullptr;
    }
    return list->as_array();
  };
  if (const auto* parts = tables("part", "part of the conversation")) {
    for (std::size_t i = 0; i < parts->size(); ++i) {
      const auto& t = *parts->get(i)->as_table();
      const std::string path = "part[" + std::to_string(i) + "]";
      r.only_known_keys(t, path, {"title", "minutes", "text"});
      mixitup_agenda::part p;
      r.string(t, path, "title", p.title);
      r.string(t, path, "minutes", p.minutes);
      r.string(t, path, "text", p.text);
      if (p.title.empty() || p.text.empty()) r.fail(t, path, "each part needs a title and a text");
      agenda.parts.push_back(std::move(p));
    }
  }
  if (const auto* topics = tables("topic", "discussion topic")) {
    for (std::size_t i = 0; i < topics->size(); ++i) {
      const auto& t = *topics->get(i)->as_table();
      const std::string path = "topic[" + std::to_string(i) + "]";
      r.only_known_keys(t, path, {"title", "activity"});
      mixitup_agenda::topic topic;
      r.string(t, path, "title", topic.title);
      r.string(t, path, "activity", topic.activity);
      // Topic titles are vote buttons (75 characters at most) and select options.
      if (topic.title.empty() || topic.title.size() > 60) r.fail(t, path + ".title", "each topic needs a title of at most 60 characters");
      agenda.topics.push_back(std::move(topic));
    }
    if (agenda.topics.size() < 2 || agenda.topics.size() > 10)
      r.fail("topic", "list from 2 to 10 topics for the group to vote on");
  }
  if (const auto* leader = r.table(root, "", "leader")) {
    r.only_known_keys(*leader, "leader", {"intro", "questions"});
    r.string(*leader, "leader", "intro", agenda.leader_intro);
    r.string_list(*leader, "leader", "questions", agenda.leader_questions);
  }
  if (agenda.leader_intro.empty() || agenda.leader_questions.empty())
    r.fail("leader", "the leader's guide needs an intro and at least one question");
  if (!problems.empty()) return problems;
  return agenda;
}

std::variant<content, std::vector<problem>> load_content(const std::string& dir) {
  const std::string questions_file = dir + "/questions.toml";
  const std::string agenda_file = dir + "/mixitup.toml";
  std::vector<problem> problems;
  content out;
  if (const auto text = read_file_text(questions_file)) {
    auto questions = parse_questions(*text, questions_file);
    if (auto* found = std::get_if<std::vector<problem>>(&questions)) problems = std::move(*found);
    else out.questions = std::move(std::get<core::question_library>(questions));
  } else {
    problems.push_back({questions_file, 0, "", "cannot read the question banks file"});
  }
  if (const auto text = read_file_text(agenda_file)) {
    auto agenda = parse_mixitup_agenda(*text, agenda_file);
    if (auto* found = std::get_if<std::vector<problem>>(&agenda)) problems.insert(problems.end(), found->begin(), found->end());
    else out.mixitup = std::move(std::get<mixitup_agenda>(agenda));
  } else {
    problems.push_back({agenda_file, 0, "", "cannot read the Mix It Up agenda file"});
  }
  if (!problems.empty()) return problems;
  return out;
}

}  // namespace networkbot::config

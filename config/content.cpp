#include "config/content.hpp"

#include <fstream>
#include <set>
#include <sstream>

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

std::variant<content, std::vector<problem>> load_content(const std::string& dir) {
  const std::string file = dir + "/questions.toml";
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::vector<problem>{{file, 0, "", "cannot read the question banks file"}};
  std::ostringstream text;
  text << in.rdbuf();
  auto questions = parse_questions(text.str(), file);
  if (auto* problems = std::get_if<std::vector<problem>>(&questions)) return std::move(*problems);
  return content{std::move(std::get<core::question_library>(questions))};
}

}  // namespace networkbot::config

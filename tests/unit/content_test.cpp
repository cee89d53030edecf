#include <catch2/catch.hpp>

#include "config/content.hpp"

using namespace networkbot;

TEST_CASE("the bundled question banks load, and every bank ends with the introduction question", "[content]") {
  auto loaded = config::load_content(std::string(NETWORKBOT_CONFIG_DIR) + "/content");
  REQUIRE(std::holds_alternative<config::content>(loaded));
  const auto& library = std::get<config::content>(loaded).questions;
  CHECK(library.kinds() == std::vector<std::string>{"mentor", "alum", "peer", "contact", "junior", "senior", "anyone"});
  for (const auto& bank : library.banks()) {
    const auto questions = library.questions_for(bank);
    REQUIRE(questions.size() >= 2);
    CHECK_THAT(questions.back(), Catch::Contains("anyone else") && Catch::Contains("introduc"));
  }
}

TEST_CASE("the closing question is never repeated when a bank already lists it", "[content]") {
  auto parsed = config::parse_questions(
      "closing = \"Who else should I meet?\"\n[[bank]]\nkind = \"peer\"\ntitle = \"T\"\n"
      "questions = [\"Who else should I meet?\", \"How is it going?\"]\n",
      "q.toml");
  REQUIRE(std::holds_alternative<core::question_library>(parsed));
  const auto& lib = std::get<core::question_library>(parsed);
  CHECK(lib.questions_for(*lib.find("PEER")) == std::vector<std::string>{"How is it going?", "Who else should I meet?"});
}

TEST_CASE("broken question banks report each problem with its place", "[content]") {
  auto parsed = config::parse_questions(
      "[[bank]]\nkind = \"mentor\"\ntitle = \"A\"\nquestions = []\n"
      "[[bank]]\nkind = \"mentor\"\nquestions = [\"x\", 3]\ncolour = \"red\"\n",
      "q.toml");
  REQUIRE(std::holds_alternative<std::vector<config::problem>>(parsed));
  const auto& problems = std::get<std::vector<config::problem>>(parsed);
  for (const auto& p : problems) UNSCOPED_INFO(config::describe(p));
  // closing missing, bank 0 no questions, bank 1: unknown key, non-text item, duplicate kind, no title,
  // and (its list being unusable) no questions.
  CHECK(problems.size() == 7);
}

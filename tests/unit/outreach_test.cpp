// The outreach check against a labelled corpus (tests/data/outreach/corpus.txt): every message must get
// exactly the findings it is labelled with. And the draft writer's output must pass the check.

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "core/outreach.hpp"
#include "core/text.hpp"

using namespace networkbot;

namespace {

struct labelled {
  std::string id;
  core::outreach_context context;
  std::set<std::string> expected;
  std::string message;
};

std::vector<labelled> corpus() {
  std::ifstream in(std::string(NETWORKBOT_TEST_DATA) + "/outreach/corpus.txt");
  std::vector<labelled> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("### ")) {
      out.push_back({line.substr(4), {}, {}, {}});
    } else if (out.empty() || line.starts_with("# ") || line == "#") {
      continue;
    } else if (line.starts_with("contact:")) {
      std::vector<std::string> parts;
      std::string rest = line.substr(8);
      for (std::size_t at; (at = rest.find('|')) != std::string::npos; rest.erase(0, at + 1))
        parts.emplace_back(core::trim(rest.substr(0, at)));
      parts.emplace_back(core::trim(rest));
      parts.resize(3);
      out.back().context = {parts[0], parts[1], "", parts[2], "", ""};
    } else if (line.starts_with("expect:")) {
      for (const auto& w : core::split_words(line.substr(7)))
        if (w != "none") out.back().expected.insert(w);
    } else {
      out.back().message += line + "\n";
    }
  }
  return out;
}

std::set<std::string> codes(const core::outreach_report& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) out.insert(std::string(core::to_string(f.code)));
  return out;
}

}  // namespace

TEST_CASE("the outreach check gives each labelled message exactly its findings", "[outreach]") {
  const auto messages = corpus();
  REQUIRE(messages.size() >= 40);
  std::size_t clean = 0, single = 0, mixed = 0;
  for (const auto& m : messages) {
    INFO(m.id << "\n" << m.message);
    const auto report = core::check_outreach(m.message, m.context);
    CHECK(codes(report) == m.expected);
    (m.expected.empty() ? clean : m.expected.size() == 1 ? single : mixed) += 1;
    for (const auto& f : report.findings) {
      CHECK_FALSE(f.title.empty());
      CHECK_FALSE(f.why.empty());
      CHECK_FALSE(f.suggestion.empty());  // every finding says what to do
    }
  }
  // The corpus covers good messages, each flaw alone, and mixtures.
  CHECK(clean >= 6);
  CHECK(single >= 15);
  CHECK(mixed >= 8);
  std::set<std::string> alone;
  for (const auto& m : messages)
    if (m.expected.size() == 1) alone.insert(*m.expected.begin());
  CHECK(alone.size() == 9);  // every finding appears on its own somewhere
}

TEST_CASE("the LinkedIn limit counts characters, not bytes", "[outreach]") {
  const std::string accents(150, 'a');
  std::string two_byte;
  for (int i = 0; i < 150; ++i) two_byte += "\xC3\xA9";  // é: 300 bytes, 150 characters
  CHECK(core::check_outreach(accents + two_byte).characters == 300);
  CHECK(core::check_outreach(accents + two_byte + "!").characters == 301);
}

TEST_CASE("a draft has the four parts and passes the check", "[outreach]") {
  // Fields set through one initialiser: g++ 12 at -O3 warns (wrongly) about assigning a string member
  // of a default-constructed person here.
  core::person maya = [] {
    core::person p;
    p.display_name = "Maya Ortiz";
    p.program = std::string("BE");
    return p;
  }();
  maya.module = 2;
  maya.background = "teaching";
  maya.time_zone = "America/Denver";
  maya.target_companies = {"Redfin Labs"};

  const core::outreach_context alum{"Ana Silva", "Redfin Labs", "Software Engineer", "teaching", "BE", ""};
  const auto shared = core::draft_outreach(maya, alum);
  CHECK_THAT(shared, Catch::StartsWith("Hi Ana,") && Catch::Contains("My name is Maya") &&
                         Catch::Contains("Back End Engineering student in Module 2") &&
                         Catch::Contains("also came to tech from teaching") && Catch::Contains("20-minute call next week"));
  auto report = core::check_outreach(shared, alum);
  std::set<std::string> found = codes(report);
  found.erase("too_long_for_linkedin");
  CHECK(found.empty());

  const core::outreach_context stranger{"Chris Okafor", "", "", "", "", ""};
  const auto plain = core::draft_outreach(maya, stranger);
  found = codes(core::check_outreach(plain, stranger));
  found.erase("too_long_for_linkedin");
  CHECK(found.empty());

  const core::outreach_context target{"Kim Ng", "redfin labs", "", "", "", ""};
  CHECK_THAT(core::draft_outreach(maya, target), Catch::Contains("one of the companies I'm most interested in"));
}

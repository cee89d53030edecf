// json_text, the serializer every reply and stored envelope goes through, against nlohmann's own
// dump(-1, ' ', false, replace): the same bytes for every real Slack payload in the fixtures and for
// many thousands of generated values full of escapes and broken UTF-8.

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "bot/slack/json_text.hpp"
#include "test_files.hpp"

using networkbot::slack::json_text;
using nlohmann::json;

namespace {

std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A string of `n` bytes drawn mostly from the awkward ones: quotes, backslashes, control characters,
// bytes that start or continue UTF-8 sequences, the bounds of the valid ranges, and plain letters.
std::string awkward_string(std::mt19937& rng, std::size_t n) {
  static const std::string pool =
      std::string("\"\\/\b\f\n\r\t\x01\x1f\x7f abcXYZ<>&|*_`@!") +
      "\x80\xbf\xc0\xc1\xc2\xdf\xe0\xe1\xec\xed\xee\xef\xf0\xf1\xf3\xf4\xf5\xff\x9f\xa0\x8f\x90";
  static const std::vector<std::string> whole{"é", "€", "𝄞", "\xed\x9f\xbf", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"};
  std::string s;
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() + whole.size() - 1);
  while (s.size() < n) {
    const std::size_t k = pick(rng);
    if (k < pool.size())
      s += pool[k];
    else
      s += whole[k - pool.size()];
  }
  return s;
}

json awkward_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  std::uniform_int_distribution<std::size_t> length(0, 12);
  switch (kind(rng)) {
    case 0: return awkward_string(rng, length(rng));
    case 1: return std::uniform_int_distribution<std::int64_t>(INT64_MIN, INT64_MAX)(rng);
    case 2: return std::uniform_int_distribution<std::uint64_t>(0, UINT64_MAX)(rng);
    case 3: return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 4: return rng() % 2 == 0;
    case 5: return nullptr;
    case 6: {
      json a = json::array();
      for (std::size_t i = length(rng) % 5; i > 0; --i) a.push_back(awkward_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (std::size_t i = length(rng) % 5; i > 0; --i) o[awkward_string(rng, length(rng))] = awkward_value(rng, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("json_text writes what nlohmann's dump writes, for every real payload", "[slack][json]") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(NETWORKBOT_FIXTURES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    const json j = json::parse(networkbot::testing::read_text(entry.path().string()), nullptr, false);
    if (j.is_discarded()) continue;
    INFO(entry.path().filename().string());
    CHECK(json_text(j) == reference(j));
    ++files;
  }
  CHECK(files >= 20);
}

TEST_CASE("json_text escapes, and replaces broken UTF-8, exactly as nlohmann does", "[slack][json]") {
  CHECK(json_text(json("a\"b\\c\n\x01\x7f")) == R"("a\"b\\c\n\u0001)" "\x7f\"");
  CHECK(json_text(json("\xc3\x28")) == "\"\xEF\xBF\xBD(\"");        // a sequence broken by '('
  CHECK(json_text(json("\xe2\x82")) == "\"\xEF\xBF\xBD\"");         // stops mid-sequence
  CHECK(json_text(json("\xed\xa0\x80")) == reference(json("\xed\xa0\x80")));  // a surrogate
  CHECK(json_text(json("\xc0\xaf")) == reference(json("\xc0\xaf")));          // overlong
  CHECK(json_text(json::object()) == "{}");
  CHECK(json_text(json::array()) == "[]");

  std::mt19937 rng(20261122);
  for (int i = 0; i < 20000; ++i) {
    const json j = awkward_value(rng, 0);
    const std::string expected = reference(j);
    const std::string got = json_text(j);
    if (got != expected) {
      INFO("case " << i << ": " << expected);
      CHECK(got == expected);
      break;
    }
  }
}

#include <catch2/catch.hpp>

#include "core/text.hpp"

using namespace networkbot::core;

TEST_CASE("closest_match suggests near misses and prefixes, and nothing for far-off words", "[text]") {
  const std::vector<std::string> commands{"help", "profile", "questions"};
  CHECK(closest_match("profle", commands) == "profile");
  CHECK(closest_match("qestions", commands) == "questions");
  CHECK(closest_match("prof", commands) == "profile");
  CHECK(closest_match("HELP", commands) == "help");
  CHECK_FALSE(closest_match("banana", commands).has_value());
}

TEST_CASE("is_valid_utf8 accepts UTF-8 and refuses broken, overlong and surrogate sequences", "[text]") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x91\x8B"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("split helpers trim and drop empty pieces", "[text]") {
  CHECK(split_list(" ruby ; ; sql;", ';') == std::vector<std::string>{"ruby", "sql"});
  CHECK(split_words("  add   warm  Ana ") == std::vector<std::string>{"add", "warm", "Ana"});
}

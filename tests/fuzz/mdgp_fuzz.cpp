// The MDGPLIB instance reader (core/mdgp.hpp read_instance) on any bytes; an instance it accepts is
// then scored for an assignment taken from the input, as the solver and the bench do.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <vector>

#include "core/mdgp.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace networkbot::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return -1;
  const auto text = networkbot::fuzz::as_text(data, size);
  // Headers for 1,001 to 5,000 elements are valid and allocate up to 200 MB each: correct, and tested
  // by the unit tests, but they would slow the fuzzer to a crawl. Above 5,000 is refused up front.
  {
    std::istringstream head{std::string(text.substr(0, 64))};
    long long n = 0;
    if (head >> n && n > 1000 && n <= mdgp::max_elements) return -1;
  }
  std::istringstream in{std::string(text)};
  const auto result = mdgp::read_instance(in);
  if (const auto* inst = std::get_if<mdgp::instance>(&result)) {
    std::vector<int> group_of(static_cast<std::size_t>(inst->elements));
    for (std::size_t i = 0; i < group_of.size(); ++i)
      group_of[i] = static_cast<int>(i < size ? data[i] % (inst->groups() + 1) : 0);  // may be out of range
    if (mdgp::is_feasible(*inst, group_of)) (void)mdgp::objective(*inst, group_of);
  }
  return 0;
}

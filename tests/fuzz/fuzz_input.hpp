#pragma once
// Helpers shared by the fuzz targets: a reader that takes choices and strings off the front of the
// fuzzer's bytes, and logging switched off (a fuzzer runs a target tens of thousands of times a second).

#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace networkbot::fuzz {

inline void silence_logging() {
  static const bool done = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)done;
}

// A finding that is not a crash (a wrong answer): said on stderr, then abort(), which libFuzzer saves
// as a crash artifact and which fails the corpus replay.
[[noreturn]] inline void found(const char* what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what);
  std::abort();
}

// Consumes the input from the front: single bytes for choices, length-prefixed strings, and the rest.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t remaining() const { return size_; }

  // The next byte, 0 when the input is used up.
  std::uint8_t byte() {
    if (size_ == 0) return 0;
    const std::uint8_t b = *data_;
    ++data_;
    --size_;
    return b;
  }
  // One of `count` choices (count > 0).
  std::size_t pick(std::size_t count) { return byte() % count; }
  // Up to `max` bytes, the length given by the next byte.
  std::string text(std::size_t max = 255) {
    std::size_t n = byte();
    if (n > max) n = max;
    return take(n);
  }
  // Bytes up to the next '\n' (dropped) or the end: a natural way for a seed file to hold several strings.
  std::string line() {
    std::size_t n = 0;
    while (n < size_ && data_[n] != '\n') ++n;
    std::string out = take(n);
    if (size_ > 0) byte();
    return out;
  }
  std::string rest() { return take(size_); }

 private:
  std::string take(std::size_t n) {
    if (n > size_) n = size_;
    std::string out(reinterpret_cast<const char*>(data_), n);
    data_ += n;
    size_ -= n;
    return out;
  }

  const std::uint8_t* data_;
  std::size_t size_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace networkbot::fuzz

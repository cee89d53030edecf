#include "core/confirmations.hpp"

namespace networkbot::core {

std::int64_t confirmation_desk::offer(std::string_view kind, person_id by, std::string payload) {
  confirmation c;
  c.kind = std::string(kind);
  c.created_by = by;
  c.payload = std::move(payload);
  c.created_at = clock_.now();
  return store_.add_confirmation(c);
}

confirmation_found confirmation_desk::peek(std::int64_t id, std::string_view kind) const {
  auto c = store_.find_confirmation(id);
  if (!c || c->kind != kind) return confirmation_gone{false};
  // A used one answers with what it did, however old, for as long as it is kept.
  if (c->used_at) return confirmation_used{std::move(*c)};
  if (clock_.now() >= c->created_at + confirmation_lifetime) return confirmation_gone{true};
  return std::move(*c);
}

confirmation_found confirmation_desk::claim(std::int64_t id, std::string_view kind, person_id by) {
  auto found = peek(id, kind);
  if (!std::holds_alternative<confirmation>(found)) return found;
  auto& c = std::get<confirmation>(found);
  const auto now = clock_.now();
  if (!store_.claim_confirmation(id, by, now)) {
    // Someone else's claim got there between the look and the claim: theirs counts.
    auto used = store_.find_confirmation(id);
    if (!used) return confirmation_gone{false};
    return confirmation_used{std::move(*used)};
  }
  c.used_at = now;
  c.used_by = by;
  return found;
}

void confirmation_desk::settle(std::int64_t id, std::string_view result) { store_.set_confirmation_result(id, result); }

}  // namespace networkbot::core

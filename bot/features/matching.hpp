#pragma once
// Matching: alumni and mentors' consent (available, capacity), students' find, match and intro requests,
// and the alum's answer (matching.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_matching(app::router& r);

}  // namespace networkbot::features

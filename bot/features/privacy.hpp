#pragma once
// /network privacy: what networkbot stores about a person, `privacy export` and `privacy delete`
// (privacy.cpp).

#include <vector>

#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "bot/app/view.hpp"

namespace networkbot::features {

void register_privacy(app::router& r);
// How many people asked for deletion and what went, as counts only, for staff.
void append_erasure_counts(app::services& svc, std::vector<app::block>& blocks);

}  // namespace networkbot::features

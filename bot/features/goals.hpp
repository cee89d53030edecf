#pragma once
// Goals and progress: /network goal, progress [@buddy], step and buddy (goals.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_goals(app::router& r);

}  // namespace networkbot::features

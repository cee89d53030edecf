#pragma once
// /network nudges [followups|buddy] [on|off]: which timed nudges a student gets; the scheduler (jobs.hpp)
// sends them (nudges.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_nudges(app::router& r);

}  // namespace networkbot::features

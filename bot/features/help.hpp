#pragma once
// /network help [topic]: what networkbot does and the commands this person may run (help.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_help(app::router& r);

}  // namespace networkbot::features

#pragma once
// /network questions [kind]: a question bank for the person a student is about to meet (questions.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_questions(app::router& r);

}  // namespace networkbot::features

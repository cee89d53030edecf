#pragma once
// Putting a mistake right in the tracker: a contact's card with its timeline, editing, deleting (after a
// confirm) and undoing the last logged step (corrections.cpp).

#include <string>

#include "bot/app/outcome.hpp"
#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "core/people.hpp"

namespace networkbot::features {

void register_corrections(app::router& r);
// One contact's card with its history and the buttons that correct it.
[[nodiscard]] app::outcome contact_card(app::services& svc, const core::person& user, const std::string& which);

}  // namespace networkbot::features

#pragma once
// The Home tab: published when the person opens it, and after each change they make once they have
// opened it (home.cpp).

#include <span>
#include <string_view>
#include <utility>

#include "bot/app/outcome.hpp"
#include "bot/app/policy.hpp"
#include "bot/app/router.hpp"
#include "bot/app/view.hpp"
#include "core/people.hpp"

namespace networkbot::features {

void register_home(app::router& r);
// The person's Home tab; `first_visit` adds the welcome.
[[nodiscard]] app::home_view home_for(app::router& r, const core::person& user, bool first_visit);
// Every command, button and form after which the router refreshes the Home tab of the person who used it.
[[nodiscard]] std::span<const std::pair<app::surface, std::string_view>> surfaces_that_change_home();
// `o` plus a refresh of the person's Home tab, when they have opened it before.
[[nodiscard]] app::outcome with_home(app::router& r, const core::person& user, app::outcome o);

}  // namespace networkbot::features

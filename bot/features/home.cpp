// The bot's Home tab: who you are to networkbot, and one click to the things you do most. Published
// each time the person opens the tab, so it always shows their current profile.

#include <string>

#include "bot/features/features.hpp"

namespace networkbot::features {

namespace {

app::rich_text profile_line(const core::person& p) {
  app::rich_text t;
  t.bold("Your profile");
  std::string facts;
  auto add = [&](const std::string& fact) {
    if (fact.empty()) return;
    if (!facts.empty()) facts += " · ";
    facts += fact;
  };
  add(p.program);
  if (p.module) add("Mod " + std::to_string(*p.module));
  if (!p.cohort.empty()) add("cohort " + p.cohort);
  add(p.pronouns);
  if (facts.empty())
    t.plain("\nNot filled in yet. Add your program, module and interests so I can suggest the right people.");
  else
    t.plain("\n" + facts);
  if (!p.interests.empty()) {
    std::string list;
    for (const auto& i : p.interests) list += (list.empty() ? "" : ", ") + i;
    t.plain("\nInterests: " + list);
  }
  return t;
}

app::home_view home_for(app::router& r, const core::person& user) {
  app::home_view v;
  const std::string name = user.display_name.empty() ? std::string("there") : user.display_name;
  v.blocks.push_back(app::header{"Hi, " + name});
  v.blocks.push_back(app::section{
      app::rich_text{}.plain(
          "Networking at Turing grows in three levels: your mentor (I), warm contacts and alumni (II), then people "
          "you have not met yet (III). I help you prepare for each conversation and keep track of what comes of it."),
      std::nullopt});
  v.blocks.push_back(app::divider{});
  v.blocks.push_back(app::section{profile_line(user), app::button{"Edit profile", "profile.edit_button", "",
                                                                  app::button::style::normal}});
  v.blocks.push_back(app::divider{});
  const auto& library = r.svc().content.questions;
  v.blocks.push_back(app::section{
      app::rich_text{}.bold("Prepare for a conversation").plain("\nWho are you meeting? I'll suggest questions to ask."),
      std::nullopt});
  app::actions kinds;
  for (const auto& bank : library.banks())
    if (kinds.buttons.size() < 25) kinds.buttons.push_back({bank.kind, "questions.show", bank.kind, app::button::style::normal});
  if (!kinds.buttons.empty()) v.blocks.push_back(std::move(kinds));
  v.blocks.push_back(app::divider{});
  v.blocks.push_back(app::context{app::rich_text{}
                                      .plain("Type ")
                                      .code("/network help")
                                      .plain(" in any channel to see all ")
                                      .plain(std::to_string(r.commands_for(user).size()))
                                      .plain(" commands you can use.")});
  return v;
}

}  // namespace

void register_home(app::router& r) {
  r.home([&r](const app::home_call& call) -> app::outcome {
    return {app::ack_empty{}, {app::publish_home{call.user.slack_id, home_for(r, call.user)}}};
  });
}

}  // namespace networkbot::features

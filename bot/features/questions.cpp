// /network questions [kind]: a question bank for the person a student is about to meet. The banks are
// data (config/content/questions.toml); every list ends by asking who else to talk to.

#include "bot/features/questions.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* show_action = "questions.show";

app::message bank_message(const core::question_library& library, const core::question_bank& bank) {
  app::message m;
  m.fallback = bank.title;
  m.blocks.push_back(app::header{bank.title});
  if (!bank.intro.empty()) m.blocks.push_back(app::context{bank.intro});
  app::rich_text list;
  int n = 0;
  for (const auto& q : library.questions_for(bank)) {
    if (n > 0) list.plain("\n");
    list.plain(std::to_string(++n) + ". " + q);
  }
  m.blocks.push_back(app::section{std::move(list), std::nullopt});
  m.blocks.push_back(app::context{
      "Pick two or three that matter to you, send them ahead so they can prepare, and note one takeaway afterwards."});
  return m;
}

app::message menu(const core::question_library& library) {
  app::message m;
  m.fallback = "Question banks";
  m.blocks.push_back(app::section{"Who are you about to meet? Pick one and I'll suggest questions to ask.", std::nullopt});
  app::actions row;
  for (const auto& bank : library.banks()) row.buttons.push_back({bank.kind, show_action, bank.kind, app::button::style::normal});
  m.blocks.push_back(std::move(row));
  return m;
}

app::outcome show(const core::question_library& library, std::string_view kind) {
  if (const auto* bank = library.find(kind)) return {app::reply_after_ack{bank_message(library, *bank)}, {}};
  app::rich_text t;
  t.plain("I have no questions for ").code(std::string(kind)).plain(".");
  if (auto guess = core::closest_match(kind, library.kinds())) t.plain(" Did you mean ").code("/network questions " + *guess).plain("?");
  t.plain(" I know:");
  for (const auto& k : library.kinds()) t.plain(" ").code(k);
  t.plain(".");
  return app::reply_text(std::move(t));
}

}  // namespace

void register_questions(app::router& r) {
  std::string kinds;
  for (const auto& k : r.svc().content.questions.kinds()) kinds += (kinds.empty() ? "" : "|") + k;
  r.command({.name = "questions",
             .group = "Prepare for a conversation",
             .usage = "questions [" + kinds + "] [share]",
             .summary = "Questions to ask the person you are about to meet.",
             .examples = {"/network questions", "/network questions mentor", "/network questions alum share"},
             .shareable = true,
             .handler = [&r](const app::command_call& call) -> app::outcome {
               const auto& library = r.svc().content.questions;
               // The banks are nobody's data: anyone may share them. A mistyped kind is answered to the
               // asker alone.
               if (call.args.empty() || library.find(call.args.front()) != nullptr) {
                 auto m = call.args.empty() ? menu(library) : bank_message(library, *library.find(call.args.front()));
                 m.ephemeral = !call.share;
                 return {app::reply_after_ack{std::move(m)}, {}};
               }
               return show(library, call.args.front());
             }});
  r.action(show_action, [&r](const app::action_call& call) { return show(r.svc().content.questions, call.request.value); });
}

}  // namespace networkbot::features

// /network help [topic]: what networkbot does and every command this person may run, grouped the way
// the curriculum is.

#include <algorithm>

#include "bot/features/help.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

app::message overview(const app::router& r, const core::person& user) {
  app::message m;
  m.fallback = "networkbot help";
  m.blocks.push_back(app::header{"networkbot: your networking companion"});
  m.blocks.push_back(app::section{
      app::rich_text{}
          .plain("Networking at Turing grows in three levels: talk with your mentor (I), with warm contacts and "
                 "alumni (II), then with people you have not met yet (III). I help you prepare for each "
                 "conversation and keep track of what comes of it."),
      std::nullopt});

  std::vector<std::string> groups;
  const auto mine = r.commands_for(user);
  for (const auto* c : mine)
    if (std::ranges::find(groups, c->group) == groups.end()) groups.push_back(c->group);
  for (const auto& group : groups) {
    app::rich_text t;
    t.bold(group);
    for (const auto* c : mine) {
      if (c->group != group) continue;
      t.plain("\n").code("/network " + c->usage).plain("  " + c->summary);
    }
    m.blocks.push_back(app::section{std::move(t), std::nullopt});
  }
  m.blocks.push_back(app::context{app::rich_text{}
                                      .plain("Type ")
                                      .code("/network help <command>")
                                      .plain(" for details and examples, like ")
                                      .code("/network help questions")
                                      .plain(".")});
  return m;
}

app::message detail(const app::command_spec& c) {
  app::message m;
  m.fallback = "networkbot help: " + c.name;
  m.blocks.push_back(app::header{"/network " + c.name});
  m.blocks.push_back(app::section{app::rich_text{}.code("/network " + c.usage).plain("\n" + c.summary), std::nullopt});
  if (!c.examples.empty()) {
    app::rich_text t;
    t.bold("Examples");
    for (const auto& e : c.examples) t.plain("\n").code(e);
    m.blocks.push_back(app::section{std::move(t), std::nullopt});
  }
  return m;
}

}  // namespace

void register_help(app::router& r) {
  r.command({.name = "help",
             .group = "Start here",
             .usage = "help [command]",
             .summary = "What I can do, or the details of one command.",
             .examples = {"/network help", "/network help questions"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.args.empty()) return {app::reply_after_ack{overview(r, call.user)}, {}};
               const std::string topic = core::to_lower(call.args.front());
               const auto mine = r.commands_for(call.user);
               auto it = std::ranges::find_if(mine, [&](const auto* c) { return c->name == topic; });
               if (it != mine.end()) return {app::reply_after_ack{detail(**it)}, {}};
               std::vector<std::string> names;
               for (const auto* c : mine) names.push_back(c->name);
               app::rich_text t;
               t.plain("There is no help topic ").code(call.args.front()).plain(".");
               if (auto guess = core::closest_match(topic, names))
                 t.plain(" Did you mean ").code("/network help " + *guess).plain("?");
               else
                 t.plain(" Type ").code("/network help").plain(" to see every command.");
               return app::reply_text(std::move(t));
             }});
}

}  // namespace networkbot::features

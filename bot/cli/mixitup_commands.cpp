// Mix It Up tools staff and developers run from a terminal. `mixitup solve-mdgp` runs the grouping
// engine that forms Mix It Up's groups (core/mdgp_engine.hpp) on an MDGPLIB instance, so its quality
// can be checked against the literature's values. The engine counts work; a wall-clock budget, when
// asked for, is kept here and only tells the engine when to stop.

#include <chrono>
#include <iomanip>
#include <iostream>
#include <limits>
#include <variant>

#include "bot/cli/commands.hpp"
#include "core/mdgp.hpp"
#include "core/mdgp_engine.hpp"

namespace networkbot::cli {

int mixitup_solve_mdgp(const mdgp_options& o, std::ostream& out, std::ostream& err) {
  if (!(o.seconds > 0)) {
    err << "--seconds must be more than 0\n";
    return exit_code::usage;
  }
  if (o.work && *o.work == 0) {
    err << "--work must be more than 0\n";
    return exit_code::usage;
  }
  const auto read = core::mdgp::read_instance_file(o.file);
  if (const auto* e = std::get_if<core::mdgp::read_error>(&read)) {
    err << o.file;
    if (e->line > 0) err << ":" << e->line;  // line 0: the file itself could not be opened
    err << ": " << e->reason << "\n";
    return exit_code::usage;
  }
  const auto& inst = std::get<core::mdgp::instance>(read);
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = std::chrono::duration<double>(o.seconds);
  core::mdgp::budget budget;
  if (o.work) {
    budget.work = *o.work;  // reproducible: no clock at all
  } else {
    budget.work = std::numeric_limits<std::uint64_t>::max();
    budget.should_stop = [&] { return std::chrono::steady_clock::now() - start >= seconds; };
  }
  const auto found = core::mdgp::solve(core::mdgp::as_problem(inst), o.seed, budget);
  for (int g : found.group_of) out << g << "\n";
  out << "objective " << std::fixed << std::setprecision(3) << found.objective << "\n";
  err << "work " << found.work << "\n";  // what --work would repeat this search with (stdout stays the format)
  return exit_code::ok;
}

}  // namespace networkbot::cli

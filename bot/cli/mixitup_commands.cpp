// Mix It Up tools staff and developers run from a terminal. `mixitup solve-mdgp` runs the grouping
// optimiser on an MDGPLIB instance, so its quality can be checked against the literature's values.
// The wall-clock budget is kept here: the core's solver counts work and only asks whether to stop.

#include <chrono>
#include <iomanip>
#include <iostream>
#include <variant>

#include "bot/cli/commands.hpp"
#include "core/mdgp.hpp"
#include "core/mdgp_solver.hpp"

namespace networkbot::cli {

int mixitup_solve_mdgp(const mdgp_options& o, std::ostream& out, std::ostream& err) {
  if (!(o.seconds > 0)) {
    err << "--seconds must be more than 0\n";
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
  const auto budget = std::chrono::duration<double>(o.seconds);
  core::mdgp::solver_options options;
  options.should_stop = [&] { return std::chrono::steady_clock::now() - start >= budget; };
  const auto found = core::mdgp::solve(inst, o.seed, options);
  for (int g : found.group_of) out << g << "\n";
  out << "objective " << std::fixed << std::setprecision(3) << found.objective << "\n";
  return exit_code::ok;
}

}  // namespace networkbot::cli

#include "core/store/sqlite_job_ledger.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

bool sqlite_job_ledger::claim_job(std::string_view key, core::time_point at) {
  auto& q = db_.cached("INSERT INTO job_runs(key, ran_at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING");
  q.bind(1, std::string(key));
  q.bind(2, seconds_of(at));
  return q.exec() == 1;
}

bool sqlite_job_ledger::job_ran(std::string_view key) const {
  auto& q = db_.cached("SELECT 1 FROM job_runs WHERE key = ?");
  q.bind(1, std::string(key));
  return first_row(q, [](SQLite::Statement&) { return true; }).value_or(false);
}

int sqlite_job_ledger::forget_jobs_before(core::time_point at) {
  auto& q = db_.cached("DELETE FROM job_runs WHERE ran_at < ?");
  q.bind(1, seconds_of(at));
  return q.exec();
}

}  // namespace networkbot::store

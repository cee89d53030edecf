#pragma once
// The scheduler's job ledger stored in SQLite (the job_runs table).

#include "core/job_ledger.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_job_ledger final : public core::job_ledger {
 public:
  explicit sqlite_job_ledger(database& db) : db_(db) {}
  bool claim_job(std::string_view key, core::time_point at) override;
  [[nodiscard]] bool job_ran(std::string_view key) const override;
  int forget_jobs_before(core::time_point at) override;

 private:
  database& db_;
};

}  // namespace networkbot::store

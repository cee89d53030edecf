#pragma once
// The scheduler's ledger: which occurrences of its jobs have run, so that each runs exactly once
// however often the tick comes round, across restarts and with two bots on one database. A key names
// one occurrence ("reflection.prompt:2026-11-20"), or one person's share of it (":<person id>").

#include <string_view>

#include "core/clock.hpp"

namespace networkbot::core {

// The contract of storage.hpp holds: one caller at a time, and a write joins the open transaction.
class job_ledger {
 public:
  virtual ~job_ledger() = default;
  // Records that `key` ran at `at`; false when it already had. Call it in the transaction that does the
  // job's work, so the claim and the work commit (or are undone) together.
  virtual bool claim_job(std::string_view key, time_point at) = 0;
  // Whether `key` has been claimed (a read only; it claims nothing).
  [[nodiscard]] virtual bool job_ran(std::string_view key) const = 0;
  // Forgets claims made before `at` (older than any late window, so none can run again); returns how many.
  virtual int forget_jobs_before(time_point at) = 0;
};

}  // namespace networkbot::core

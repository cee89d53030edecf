#pragma once
// The storage ports' unit of work. A write that changes more than one row runs inside a transaction,
// so it happens entirely or not at all. Transactions nest: an inner one only takes effect when every
// enclosing one commits.
//
// What every storage port (contact_store, job_ledger, …) promises and expects: it is called by one
// caller at a time (the database's owner), a write joins the transaction its caller has open (none
// open: it commits on its own), and an id of 0 in a record means "not stored yet".

#include <memory>

namespace networkbot::core {

class transaction {
 public:
  virtual ~transaction() = default;  // destroyed without commit(): everything it wrote is undone
  virtual void commit() = 0;
};

class transactions {
 public:
  virtual ~transactions() = default;
  [[nodiscard]] virtual std::unique_ptr<transaction> begin() = 0;
};

}  // namespace networkbot::core

#pragma once
// The storage port's unit of work. A write that changes more than one row runs inside a transaction,
// so it happens entirely or not at all. Transactions nest: an inner one only takes effect when every
// enclosing one commits.

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

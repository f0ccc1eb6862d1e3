// A ledger whose books an auditor closes at the end of the day, built to show a bug that only the
// schedule exposes. A Teller serves a customer: it opens the account at the ledger, does its
// paperwork (one self-message a step) and deposits the amount. An Auditor does its own paperwork
// and then closes the books: the ledger records each open account's balance as audited.
//
// Ledger refuses a deposit into an account whose books are closed (the customer comes back
// tomorrow). LedgerNoCloseCheck is the planted bug: it applies the deposit anyway, so the balance
// no longer matches the audited one. It breaks only when three messages from two senders arrive
// in one order: OpenAccount (teller), CloseBooks (auditor), Deposit (teller). The auditor, whose
// paperwork is longer, must finish between the teller's first and last message: two ordering
// constraints, a bug of depth 2 in PCT's sense. Closing before the account is opened is harmless
// (the account belongs to the next day), so no fixed order of the two senders exposes it, and on
// one node no network delay reorders anything: only the scheduler does. The app's check:
// books_balance.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <thespis/thespis.hpp>

namespace ledger {

/// Tells a teller to open `account` at `ledger`, do `paperwork` steps, then deposit `amount`.
struct Serve {
  thespis::ActorAddress ledger;
  std::string account;
  std::int64_t amount = 0;
  std::int64_t paperwork = 0;
};
THESPIS_MESSAGE(Serve, ledger, account, amount, paperwork)

/// Tells an auditor to do `paperwork` steps, then close the books of `ledger`.
struct Audit {
  thespis::ActorAddress ledger;
  std::int64_t paperwork = 0;
};
THESPIS_MESSAGE(Audit, ledger, paperwork)

/// One step of a teller's or an auditor's paperwork, sent to itself; `left` steps follow it.
struct Paperwork {
  std::int64_t left = 0;
};
THESPIS_MESSAGE(Paperwork, left)

struct OpenAccount {
  std::string account;
};
THESPIS_MESSAGE(OpenAccount, account)

struct Deposit {
  std::string account;
  std::int64_t amount = 0;
};
THESPIS_MESSAGE(Deposit, account, amount)

struct CloseBooks {
  std::int64_t day = 1;
};
THESPIS_MESSAGE(CloseBooks, day)

class Ledger : public thespis::Actor {
 public:
  Ledger() : Ledger(true) {}
  /// Each account's balance, and the balance audited when the books closed (closed accounts).
  const std::map<std::string, std::int64_t>& balances() const { return balances_; }
  const std::map<std::string, std::int64_t>& audited() const { return audited_; }

 protected:
  explicit Ledger(bool refuses_after_close);

 private:
  void deposit(const Deposit& d);

  bool refuses_after_close_;
  std::map<std::string, std::int64_t> balances_;
  std::map<std::string, std::int64_t> audited_;
  THESPIS_INSPECT(balances_, audited_)
};

class LedgerNoCloseCheck : public Ledger {
 public:
  LedgerNoCloseCheck() : Ledger(false) {}
};

class Teller : public thespis::Actor {
 public:
  Teller();

 private:
  Serve serving_;
  THESPIS_INSPECT()  // the checks read only ledgers
};

class Auditor : public thespis::Actor {
 public:
  Auditor();

 private:
  thespis::ActorAddress ledger_;
  THESPIS_INSPECT()  // the checks read only ledgers
};

THESPIS_ACTOR(Ledger)
THESPIS_ACTOR(LedgerNoCloseCheck)
THESPIS_ACTOR(Teller)
THESPIS_ACTOR(Auditor)

}  // namespace ledger

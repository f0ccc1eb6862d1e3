#include "ledger.hpp"

#include <thespis/scenario/app.hpp>

namespace ledger {

using thespis::ActorAddress;

Ledger::Ledger(bool refuses_after_close) : refuses_after_close_(refuses_after_close) {
  on<OpenAccount>(
      [this](const OpenAccount& o, const ActorAddress&) { balances_.try_emplace(o.account, 0); });
  on<Deposit>([this](const Deposit& d, const ActorAddress&) { deposit(d); });
  on<CloseBooks>([this](const CloseBooks&, const ActorAddress&) {
    // The audit covers the accounts open now; one opened later belongs to the next day.
    for (const auto& [account, balance] : balances_) audited_.try_emplace(account, balance);
  });
}

void Ledger::deposit(const Deposit& d) {
  const auto account = balances_.find(d.account);
  if (account == balances_.end()) return;                              // never opened
  if (refuses_after_close_ && audited_.count(d.account) != 0) return;  // come back tomorrow
  account->second += d.amount;
}

Teller::Teller() {
  on<Serve>([this](const Serve& s, const ActorAddress&) {
    serving_ = s;
    send(s.ledger, OpenAccount{s.account});
    send(my_address(), Paperwork{s.paperwork});
  });
  on<Paperwork>([this](const Paperwork& p, const ActorAddress&) {
    if (p.left > 0) {
      send(my_address(), Paperwork{p.left - 1});
    } else {
      send(serving_.ledger, Deposit{serving_.account, serving_.amount});
    }
  });
}

Auditor::Auditor() {
  on<Audit>([this](const Audit& a, const ActorAddress&) {
    ledger_ = a.ledger;
    send(my_address(), Paperwork{a.paperwork});
  });
  on<Paperwork>([this](const Paperwork& p, const ActorAddress&) {
    if (p.left > 0) {
      send(my_address(), Paperwork{p.left - 1});
    } else {
      send(ledger_, CloseBooks{});
    }
  });
}

namespace {

template <class Visit>
void for_each_ledger(thespis::sim::Simulation& sim, Visit visit) {
  for (const Ledger* l : sim.actors<Ledger>()) visit(*l);
  for (const LedgerNoCloseCheck* l : sim.actors<LedgerNoCloseCheck>()) visit(*l);
}

bool books_balance(thespis::sim::Simulation& sim) {
  bool ok = true;
  for_each_ledger(sim, [&](const Ledger& l) {
    for (const auto& [account, audited] : l.audited())
      ok = ok && l.balances().at(account) == audited;
  });
  return ok;
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "ledger";
  app.description = "a ledger, a teller that deposits and an auditor that closes the books";
  app.actor_types = {"Ledger", "LedgerNoCloseCheck", "Teller", "Auditor"};
  app.checks["books_balance"] = {"every audited account still holds its audited balance",
                                 books_balance};
  return app;
}

}  // namespace

THESPIS_APP(ledger, make_app);

}  // namespace ledger

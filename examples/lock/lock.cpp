#include "lock.hpp"

#include <algorithm>

#include <thespis/scenario/app.hpp>

namespace lock {

using thespis::ActorAddress;
using thespis::WakeupMessage;

LockServer::LockServer(bool expires) : expires_(expires) {
  on<AcquireLock>([this](const AcquireLock&, const ActorAddress& client) {
    if (holder_ == client) {
      send(client, LockGranted{term_});  // asked again: the same grant
    } else if (!held()) {
      grant(client);
    } else if (std::find(waiting_.begin(), waiting_.end(), client) == waiting_.end()) {
      waiting_.push_back(client);
    }
  });
  on<ReleaseLock>([this](const ReleaseLock& release, const ActorAddress& client) {
    if (holder_ != client || release.term != term_) return;  // a stale release
    holder_ = {};
    grant_next();
  });
  // The lease of grant `term` ran out: its holder never released it (it crashed).
  on<WakeupMessage>([this](const WakeupMessage& wakeup, const ActorAddress&) {
    if (wakeup.payload.get<std::uint64_t>() != term_ || !held()) return;
    holder_ = {};
    grant_next();
  });
}

void LockServer::grant(const ActorAddress& client) {
  if (!last_holder_.is_null() && last_holder_ != client) ++handovers_;
  holder_ = last_holder_ = client;
  send(client, LockGranted{++term_});
  if (expires_) wakeup_after(lease, term_);
}

void LockServer::grant_next() {
  if (waiting_.empty()) return;
  const ActorAddress next = waiting_.front();
  waiting_.erase(waiting_.begin());
  grant(next);
}

LockClient::LockClient() {
  on<StartLocking>([this](const StartLocking& start, const ActorAddress&) {
    server_ = start.server;
    ask();
  });
  on<LockGranted>([this](const LockGranted& granted, const ActorAddress&) {
    if (holding_) return;
    holding_ = true;
    ++grants_;
    wakeup_after(hold, ReleaseLock{granted.term});
  });
  on<WakeupMessage>([this](const WakeupMessage& wakeup, const ActorAddress&) {
    if (wakeup.payload.is<ReleaseLock>()) {
      holding_ = false;
      send(server_, wakeup.payload);
      wakeup_after(rest);
    } else {
      ask();
    }
  });
}

void LockClient::ask() { send(server_, AcquireLock{++request_}); }

namespace {

using thespis::scenario::CheckContext;

/// Both server types (the buggy one is a LockServer too, registered under its own name).
std::vector<LockServer*> servers(thespis::sim::Simulation& sim) {
  std::vector<LockServer*> all = sim.actors<LockServer>();
  for (LockServer* s : sim.actors<LockServerNoExpiry>()) all.push_back(s);
  return all;
}

bool single_holder(CheckContext& c) {
  const auto clients = c.actors<LockClient>();
  return std::count_if(clients.begin(), clients.end(),
                       [](const LockClient* client) { return client->holding(); }) <= 1;
}

bool handed_over(CheckContext& c) {
  const LockServer* server = c.actor<LockServer>("lock");
  return server != nullptr && server->handovers() > 0;
}

bool everyone_served(thespis::sim::Simulation& sim) {
  const auto clients = sim.actors<LockClient>();
  return !clients.empty() && std::all_of(clients.begin(), clients.end(),
                                         [](const LockClient* c) { return c->grants() > 0; });
}

bool no_waiters(thespis::sim::Simulation& sim) {
  const auto all = servers(sim);
  return !all.empty() &&
         std::all_of(all.begin(), all.end(), [](const LockServer* s) { return s->waiting() == 0; });
}

bool someone_waits(thespis::sim::Simulation& sim) {
  const auto all = servers(sim);
  return std::any_of(all.begin(), all.end(), [](const LockServer* s) { return s->waiting() > 0; });
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "lock";
  app.description = "a lock server with leases, and clients that take turns holding the lock";
  app.actor_types = {"LockServer", "LockServerNoExpiry", "LockClient"};
  app.checks["single_holder"] = {"at most one live client holds the lock", single_holder};
  app.checks["handed_over"] = {"the server named `lock` passed the lock from one client to another",
                               handed_over};
  app.checks["everyone_served"] = {"every live client was granted the lock at least once",
                                   everyone_served};
  app.checks["no_waiters"] = {"no client waits for the lock", no_waiters};
  app.checks["someone_waits"] = {"some client waits for the lock", someone_waits};
  return app;
}

}  // namespace

THESPIS_APP(lock, make_app);

}  // namespace lock

#include "kvstore.hpp"

#include <algorithm>

#include <thespis/scenario/app.hpp>

namespace kvstore {

using thespis::ActorAddress;
using thespis::WakeupMessage;
using namespace std::chrono_literals;

KvPrimary::KvPrimary(bool deduplicates) : deduplicates_(deduplicates) {
  on<KvConfigure>([this](const KvConfigure& c, const ActorAddress&) {
    backups_ = c.backups;
    replicate();
  });
  on<Increment>([this](const Increment& r, const ActorAddress& client) { increment(r, client); });
  on<Get>([this](const Get& g, const ActorAddress& asker) {
    send(asker, KvValue{g.key, data_[g.key]});
  });
  on<Replicated>([this](const Replicated& r, const ActorAddress& backup) {
    auto& version = acknowledged_[backup];
    version = std::max(version, r.version);
  });
  on<WakeupMessage>([this](const WakeupMessage&, const ActorAddress&) {
    resending_ = false;
    replicate();
  });
}

void KvPrimary::increment(const Increment& r, const ActorAddress& client) {
  if (deduplicates_) {
    if (auto done = answers_.find(r.request); done != answers_.end()) {
      send(client, IncrementOk{r.request, done->second});  // answered again, applied once
      return;
    }
  }
  const std::int64_t value = data_[r.key] += r.delta;
  answers_[r.request] = value;
  applied_.push_back(r.request);
  ++version_;
  send(client, IncrementOk{r.request, value});
  replicate();
}

void KvPrimary::replicate() {
  // Backups behind the current version get every value again until they acknowledge it.
  bool behind = false;
  for (const ActorAddress& backup : backups_) {
    if (acknowledged_[backup] >= version_) continue;
    behind = true;
    for (const auto& [key, value] : data_) send(backup, Replicate{key, value, version_});
  }
  if (behind && !resending_) {
    resending_ = true;
    wakeup_after(100ms);
  }
}

KvBackup::KvBackup() {
  on<Replicate>([this](const Replicate& r, const ActorAddress& primary) {
    if (r.version >= version_) {
      version_ = r.version;
      data_[r.key] = r.value;
    }
    send(primary, Replicated{version_});
  });
}

KvClient::KvClient() {
  on<Workload>([this](const Workload& w, const ActorAddress&) {
    primary_ = w.primary;
    key_ = w.key;
    wanted_ += w.count;
    if (request_ == 0) send_current();
  });
  on<IncrementOk>([this](const IncrementOk& ok, const ActorAddress&) {
    if (ok.request != request_) return;  // a late or repeated answer
    ++acknowledged_;
    request_ = 0;
    send_current();
  });
  on<WakeupMessage>([this](const WakeupMessage& w, const ActorAddress&) {
    const auto request = w.payload.get<std::uint64_t>();
    if (request != request_) return;
    send(primary_, Increment{key_, 1, request_});  // the same request id: a retry
    wakeup_after(retry_after, request_);
  });
}

void KvClient::send_current() {
  if (acknowledged_ >= wanted_) return;
  // Request ids are unique per client: its address's local id in the high bits.
  request_ = (my_address().local() << 32) | ++next_request_;
  send(primary_, Increment{key_, 1, request_});
  wakeup_after(retry_after, request_);
}

namespace {

template <class Visit>
void for_each_primary(thespis::sim::Simulation& sim, Visit visit) {
  for (KvPrimary* p : sim.actors<KvPrimary>()) visit(*p);
  for (KvPrimaryNoDedupe* p : sim.actors<KvPrimaryNoDedupe>()) visit(*p);
}

bool no_double_apply(thespis::sim::Simulation& sim) {
  bool ok = true;
  for_each_primary(sim, [&](const KvPrimary& p) {
    std::vector<std::uint64_t> ids = p.applied();
    std::sort(ids.begin(), ids.end());
    ok = ok && std::adjacent_find(ids.begin(), ids.end()) == ids.end();
  });
  return ok;
}

bool all_acknowledged(thespis::sim::Simulation& sim) {
  const auto clients = sim.actors<KvClient>();
  return !clients.empty() && std::all_of(clients.begin(), clients.end(), [](const KvClient* c) {
    return c->wanted() > 0 && c->acknowledged() == c->wanted();
  });
}

bool replicas_agree(thespis::sim::Simulation& sim) {
  bool ok = true;
  for_each_primary(sim, [&](const KvPrimary& p) {
    for (const KvBackup* b : sim.actors<KvBackup>()) ok = ok && b->data() == p.data();
  });
  return ok;
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "kvstore";
  app.description = "a replicated counter store: primary, backups, retrying clients";
  app.actor_types = {"KvPrimary", "KvPrimaryNoDedupe", "KvBackup", "KvClient"};
  app.checks["no_double_apply"] = {"no request is applied twice by a primary", no_double_apply};
  app.checks["all_acknowledged"] = {"every client's increments are acknowledged", all_acknowledged};
  app.checks["replicas_agree"] = {"every backup holds the primary's values", replicas_agree};
  return app;
}

}  // namespace

THESPIS_APP(kvstore, make_app);

}  // namespace kvstore

#include "net_checks.hpp"

#include <algorithm>
#include <thread>

#include <thespis/codec.hpp>
#include <thespis/error.hpp>
#include <thespis/system_messages.hpp>

#include "units.hpp"

namespace thespis::scenario::detail {
namespace {

using Outcome = Verdict::Outcome;
using Kind = Expectation::Kind;

bool sampled_kind(Kind kind) {
  return kind == Kind::always || kind == Kind::eventually || kind == Kind::sometimes;
}

std::string where(const net::ActorStatus& actor, const NetNode& node) {
  return actor.type + " " + actor.address.to_string() + " on node '" + node.name + "'";
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

struct NetChecks::Snapshot {
  sim::Simulation mirror;
  std::string inconclusive;  ///< why this sample cannot judge, or ""
};

NetChecks::NetChecks(std::string base, const Scenario& s, const App& app,
                     const std::map<std::string, ActorAddress>& created,
                     std::function<std::vector<NetNode>()> nodes)
    : base_(std::move(base)), s_(s), app_(app), created_(created), nodes_(std::move(nodes)) {
  for (const ActorSpec& a : s_.actors) names_.insert(a.name);
  for (std::size_t i = 0; i < s_.expectations.size(); ++i) {
    if (sampled_kind(s_.expectations[i].kind)) sampled_[i] = {};
  }
}

std::chrono::nanoseconds NetChecks::elapsed() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - zero_);
}

void NetChecks::wait_until(Clock::time_point until) {
  while (any()) {
    const Clock::time_point next = std::max(next_sample_, Clock::now());
    if (next >= until) break;
    std::this_thread::sleep_until(next);
    sample();
  }
  std::this_thread::sleep_until(until);
}

std::string NetChecks::list_actors(const std::vector<NetNode>& nodes,
                                   std::vector<Listed>& listed) const {
  for (const NetNode& node : nodes) {
    try {
      for (net::ActorStatus& actor : node.actors()) listed.push_back({&node, std::move(actor)});
    } catch (const Error& e) {
      return "node '" + node.name + "' did not list its actors: " + e.what();
    }
  }
  return {};
}

std::string NetChecks::inspect_round(const std::vector<Listed>& listed,
                                     std::vector<ActorInspection>& round) const {
  for (const Listed& l : listed) {
    const auto answer = l.node->system->ask(l.actor.address, InspectActor{}, inspect_timeout);
    if (!answer || !answer->is<ActorInspection>()) {
      return where(l.actor, *l.node) + " did not answer InspectActor within " +
             format_duration(inspect_timeout);
    }
    round.push_back(answer->get<ActorInspection>());
  }
  return {};
}

std::string NetChecks::consistent_rounds(const std::vector<NetNode>& nodes,
                                         std::vector<Listed>& listed,
                                         std::vector<ActorInspection>& first,
                                         std::string& unstable) const {
  // Round 1 for every actor, then round 2 for every actor: an actor whose two answers are
  // equal held that state from its first inspection to its second, so over the moment between
  // the rounds; all of them together are the global state at that moment.
  std::vector<ActorInspection> second;
  if (auto why = list_actors(nodes, listed); !why.empty()) return why;
  if (auto why = inspect_round(listed, first); !why.empty()) return why;
  if (auto why = inspect_round(listed, second); !why.empty()) return why;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (first[i].state != second[i].state || first[i].type != second[i].type) {
      unstable = "the state of " + where(listed[i].actor, *listed[i].node) +
                 " changed between its two inspections";
      return {};
    }
  }
  std::vector<Listed> after;
  if (auto why = list_actors(nodes, after); !why.empty()) return why;
  const bool same = std::equal(
      listed.begin(), listed.end(), after.begin(), after.end(),
      [](const Listed& a, const Listed& b) { return a.actor.address == b.actor.address; });
  if (!same) unstable = "the live actors changed during the sample";
  return {};
}

NetChecks::Snapshot NetChecks::snapshot() {
  Snapshot snap;
  const std::vector<NetNode> nodes = nodes_();
  std::vector<Listed> listed;
  std::vector<ActorInspection> inspections;
  std::string unstable;
  for (int attempt = 0; attempt < snapshot_attempts; ++attempt) {
    listed.clear();
    inspections.clear();
    unstable.clear();
    snap.inconclusive = consistent_rounds(nodes, listed, inspections, unstable);
    if (!snap.inconclusive.empty()) return snap;
    if (unstable.empty()) break;
    ++unstable_attempts_;
  }
  if (!unstable.empty()) {
    snap.inconclusive = "no consistent snapshot in " + std::to_string(snapshot_attempts) +
                        " attempts; in the last, " + unstable;
    return snap;
  }
  ByteDecoder decoder;  // DecodeLimits' defaults bound what one state may allocate
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const ActorInspection& inspection = inspections[i];
    if (!inspection.inspectable) {
      const auto& types = app_.actor_types;
      if (std::find(types.begin(), types.end(), inspection.type) != types.end())
        uninspectable_.insert(inspection.type);
      continue;  // not the app's: its checks cannot name it
    }
    try {
      Actor& mirror =
          snap.mirror.adopt_mirror(listed[i].actor.address, inspection.type, inspection.now);
      mirror.restore_state(decoder.parse(inspection.state));
    } catch (const Error& e) {
      snap.inconclusive = "the state of " + where(listed[i].actor, *listed[i].node) +
                          " does not restore: " + e.what();
      return snap;
    }
  }
  return snap;
}

void NetChecks::sample() {
  next_sample_ = Clock::now() + sample_interval;
  if (!uninspectable_.empty()) return;  // nothing to judge any more
  const auto at = elapsed();
  Snapshot snap = snapshot();
  ++samples_;
  if (!uninspectable_.empty()) return;
  if (!snap.inconclusive.empty()) {
    if (inconclusive_++ == 0) {
      first_inconclusive_ = "at t=" + format_time(at) + ": " + snap.inconclusive;
    }
    return;
  }
  CheckContext context(snap.mirror, names_, created_);
  for (auto& [index, judged] : sampled_) judge(index, context, at);
}

void NetChecks::judge(std::size_t index, CheckContext& context, std::chrono::nanoseconds at) {
  const Expectation& e = s_.expectations[index];
  Judged& j = sampled_.at(index);
  if (j.violated || !j.error.empty() || (e.kind != Kind::always && j.held)) return;
  bool holds = false;
  try {
    holds = app_.checks.find(e.check)->second.holds(context);
  } catch (const Error& error) {
    j.error = error.what();
    return;
  }
  ++j.samples;
  if (e.kind == Kind::always && !holds) j.violated = at;
  if (e.kind != Kind::always && holds) j.held = at;
}

void NetChecks::finish(std::vector<Verdict>& verdicts) {
  if (!any()) return;
  sample();
  // Each open `eventually` gets its whole bound, measured from time zero as on sim.
  for (const auto& [index, judged] : sampled_) {
    const Expectation& e = s_.expectations[index];
    if (e.kind != Kind::eventually) continue;
    while (!sampled_.at(index).held && uninspectable_.empty() && elapsed() < e.within) {
      std::this_thread::sleep_until(std::min(next_sample_, zero_ + e.within));
      sample();
    }
  }
  for (const auto& [index, judged] : sampled_) verdicts[index] = verdict(index);
}

std::string NetChecks::sampling_note() const {
  std::string note = "sampled every " + format_duration(sample_interval) + " on real processes (" +
                     std::to_string(samples_) + " samples, consistent snapshots";
  if (unstable_attempts_ > 0) {
    note += "; " + std::to_string(unstable_attempts_) + " unstable attempts retried";
  }
  if (inconclusive_ > 0) {
    note += "; " + std::to_string(inconclusive_) + " inconclusive; first " + first_inconclusive_;
  }
  return note + ")";
}

Verdict NetChecks::verdict(std::size_t index) const {
  const Expectation& e = s_.expectations[index];
  const Judged& j = sampled_.at(index);
  Verdict v{e.describe(), Outcome::passed, {}};
  v.coverage = e.kind == Kind::sometimes;
  if (!uninspectable_.empty()) {
    v.outcome = Outcome::not_reached;
    v.details = "not judged on " + base_ + ": live actors of type " + joined(uninspectable_) +
                " declare no THESPIS_INSPECT, so their state cannot be read";
    return v;
  }
  if (!j.error.empty()) {
    v.outcome = Outcome::not_reached;
    v.details = "not judged on " + base_ + ": the check threw: " + j.error;
    return v;
  }
  if (j.violated) {
    v.outcome = Outcome::failed;
    v.details = "violated at t=" + format_time(*j.violated) + "; " + sampling_note();
  } else if (j.held) {
    v.details = "held at t=" + format_time(*j.held) + "; " + sampling_note();
  } else if (j.samples == 0) {
    v.outcome = Outcome::not_reached;
    v.details = "inconclusive: no sample could judge it; " + sampling_note();
  } else if (e.kind == Kind::always) {
    v.details = "held at every sample; " + sampling_note();
  } else {
    // Never held: with inconclusive samples it may have held unseen.
    v.outcome = inconclusive_ > 0 ? Outcome::not_reached : Outcome::failed;
    v.details = (e.kind == Kind::eventually ? "did not hold within " + format_duration(e.within)
                                            : std::string("never held")) +
                "; " + sampling_note();
  }
  return v;
}

}  // namespace thespis::scenario::detail

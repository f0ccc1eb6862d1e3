// Faults: applying them (at once or as scheduled events), random fault generators and the swarm
// mix of network faults.
#include <algorithm>

#include <thespis/system_messages.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

void Kernel::inject(const Fault& fault) {
  if (shut_down_) return;
  apply(fault);
  // A fault is an event like any other: an `always` it breaks is violated now, not at whatever
  // event happens to come next (there may be none).
  if (has_checks()) evaluate_checks();
}

void Kernel::schedule(Nanos at, Fault fault) {
  scheduled_faults_.push_back(std::move(fault));
  push_event(std::max(at, now_), event::ScheduledFault{.index = scheduled_faults_.size() - 1});
}

void Kernel::block(NodeIndex from, NodeIndex to) {
  Link& l = link(from, to);
  if (l.blocked) return;
  l.blocked = true;
  if (options_.network.profile == NetworkProfile::tcp) reset_link(from, to);
}

void Kernel::set_random_faults(RandomFaults faults) {
  options_.random_faults = std::move(faults);
  if (fault_ticking_ || options_.random_faults.interval <= Nanos(0)) return;
  fault_ticking_ = true;
  schedule_fault_tick();
}

void Kernel::schedule_fault_tick() {
  push_event(now_ + options_.random_faults.interval, event::FaultTick{});
}

void Kernel::apply(const Fault& fault) {
  ++faults_applied_;
  std::string text = to_string(fault);
  // A failure is caused by what broke, not by what mended it: recoveries are not remembered.
  const bool recovery = std::holds_alternative<fault::Restart>(fault) ||
                        std::holds_alternative<fault::Heal>(fault) ||
                        std::holds_alternative<fault::Resume>(fault);
  if (!recovery) last_fault_ = text;
  trace_.record(TraceKind::fault, now_, {}, {}, nullptr, text);
  const NodeIndex count = static_cast<NodeIndex>(nodes_.size());
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, fault::Partition>) {
          for (Link& l : links_) l.blocked = false;
          std::vector<std::size_t> group(count, f.groups.size());
          for (std::size_t g = 0; g < f.groups.size(); ++g) {
            for (const std::string& name : f.groups[g]) group[node_named(name)] = g;
          }
          for (NodeIndex a = 0; a < count; ++a) {
            for (NodeIndex b = 0; b < count; ++b) {
              if (group[a] != group[b]) block(a, b);
            }
          }
        } else if constexpr (std::is_same_v<F, fault::OneWay>) {
          block(node_named(f.from), node_named(f.to));
        } else if constexpr (std::is_same_v<F, fault::Isolate>) {
          const NodeIndex n = node_named(f.node);
          for (NodeIndex other = 0; other < count; ++other) {
            if (other == n) continue;
            block(n, other);
            block(other, n);
          }
        } else if constexpr (std::is_same_v<F, fault::Heal>) {
          for (Link& l : links_) l.blocked = false;
        } else if constexpr (std::is_same_v<F, fault::Crash>) {
          crash(node_named(f.node));
        } else if constexpr (std::is_same_v<F, fault::Leave>) {
          leave(node_named(f.node));
        } else if constexpr (std::is_same_v<F, fault::Restart>) {
          restart(node_named(f.node));
        } else if constexpr (std::is_same_v<F, fault::Kill>) {
          kill(f.actor);
        } else if constexpr (std::is_same_v<F, fault::Pause>) {
          pause(node_named(f.node), true);
        } else if constexpr (std::is_same_v<F, fault::Resume>) {
          pause(node_named(f.node), false);
        } else if constexpr (std::is_same_v<F, fault::ClockSkew>) {
          Node& n = nodes_[node_named(f.node)];
          n.clock_offset = f.offset;
          n.drift_ppm = f.drift_ppm;
        }
      },
      fault);
}

void Kernel::leave(NodeIndex index) {
  if (!nodes_[index].up) return;
  const std::uint64_t system = nodes_[index].system;
  const auto on_node = [&](const Record& r) {
    return !r.is_endpoint && r.live() && r.address.system() == system;
  };
  stop_families(on_node,
                [system](const Record& parent) { return parent.address.system() == system; });
  for (const auto& [member, peer] : nodes_[index].peers) {
    if (!peer.member) continue;
    const Hop h = hop(index, member);
    push_event(control_arrival(h), event::Leave{.hop = h, .incarnation = system});
  }
  take_down(index, false);
}

void Kernel::left(const event::Leave& notice) {
  Node& at = nodes_[notice.hop.dst];
  if (!at.up || at.system != notice.hop.dst_system) return;
  auto it = at.peers.find(notice.hop.src);
  if (it != at.peers.end() && it->second.member && it->second.system == notice.incarnation) {
    member_lost(notice.hop.dst, notice.hop.src);
  }
}

void Kernel::crash(NodeIndex index) {
  if (!nodes_[index].up) return;
  take_down(index, true);
}

void Kernel::take_down(NodeIndex index, bool crashed) {
  Node& n = nodes_[index];
  for (const auto& r : records_) {
    if (r->node != index || r->address.system() != n.system || !r->live()) continue;
    release(*r);
    r->state = RecordState::stopped;
    r->awaiting_create = false;
    trace_.record(TraceKind::exit, now_, r->address, r->parent, nullptr,
                  crashed ? "crashed" : "left");
    r->actor.reset();             // the state dies with the host; no handler runs
    (void)r->mailbox.take_all();  // lost with the host, not dead letters
    if (r->inbox) r->inbox->entries.clear();
  }
  n.up = false;
  n.paused = false;
  n.ticking = false;
  n.global_names.clear();
  n.dead_letter_handlers.clear();
  n.registration_watchers.clear();
  n.peers.clear();
  // A crash breaks the connections, losing what is in flight; a clean exit lets it arrive.
  if (!crashed) return;
  for (NodeIndex other = 0; other < nodes_.size(); ++other) {
    if (other != index) reset_link(index, other);
  }
}

void Kernel::restart(NodeIndex index) {
  Node& n = nodes_[index];
  if (n.up) return;
  n.up = true;
  n.system = system_owner_.size();
  system_owner_.push_back(index);
  trace_.name_system(n.system, n.name);
  if (n.leader != index) n.peers[n.leader] = Peer{0, now_, false};
  start_ticking(index);
}

void Kernel::kill(const ActorAddress& address) {
  Record* r = find(address);
  if (r == nullptr || r->is_endpoint || !r->live() || !nodes_[r->node].up) return;
  r->awaiting_create = false;
  finish(*r);  // no exit handler: the process is gone
}

void Kernel::pause(NodeIndex index, bool paused) {
  Node& n = nodes_[index];
  if (!n.up || n.paused == paused) return;
  n.paused = paused;
  for (const auto& r : records_) {
    if (r->node != index || !r->live()) continue;
    if (paused) {
      unready(*r);
    } else if (!r->mailbox.empty()) {
      make_ready(*r);
    }
  }
}

void Kernel::schedule_undo(Fault undo) {
  const auto longest = static_cast<std::uint64_t>(options_.random_faults.max_duration.count());
  schedule(now_ + Nanos(1 + static_cast<std::int64_t>(choices_.choose(longest))), std::move(undo));
}

void Kernel::random_faults_tick() {
  const RandomFaults& rf = options_.random_faults;
  if (rf.interval <= Nanos(0)) {
    fault_ticking_ = false;  // switched off; set_random_faults starts a new chain
    return;
  }
  schedule_fault_tick();

  const auto spared = [&](const Node& n) {
    return std::find(rf.spare.begin(), rf.spare.end(), n.name) != rf.spare.end();
  };
  std::vector<NodeIndex> victims;
  for (const Node& n : nodes_) {
    if (n.up && !spared(n)) victims.push_back(n.index);
  }
  const auto pick = [&](const std::vector<NodeIndex>& from) {
    return nodes_[from[choices_.choose(from.size())]].name;
  };
  const std::size_t count = nodes_.size();
  if (chance(rf.crash) && !victims.empty()) {
    const std::string name = pick(victims);
    apply(fault::Crash{name});
    schedule_undo(fault::Restart{name});
  }
  if (chance(rf.partition) && count > 1) {
    if (choices_.choose(2) == 0) {
      apply(fault::Isolate{nodes_[choices_.choose(count)].name});
    } else {
      fault::Partition split{{{}, {}}};
      for (const Node& n : nodes_) split.groups[choices_.choose(2)].push_back(n.name);
      apply(split);
    }
    schedule_undo(fault::Heal{});
  }
  if (chance(rf.one_way) && count > 1) {
    const auto from = choices_.choose(count);
    auto to = choices_.choose(count - 1);
    if (to >= from) ++to;
    apply(fault::OneWay{nodes_[from].name, nodes_[to].name});
    schedule_undo(fault::Heal{});
  }
  if (chance(rf.kill)) {
    std::vector<ActorAddress> actors;
    for (const auto& r : records_) {
      if (!r->is_endpoint && r->live() && nodes_[r->node].up && !spared(nodes_[r->node])) {
        actors.push_back(r->address);
      }
    }
    if (!actors.empty()) apply(fault::Kill{actors[choices_.choose(actors.size())]});
  }
  std::erase_if(victims, [&](NodeIndex n) { return nodes_[n].paused; });
  if (chance(rf.pause) && !victims.empty()) {
    const std::string name = pick(victims);
    apply(fault::Pause{name});
    schedule_undo(fault::Resume{name});
  }
  if (chance(rf.clock_skew)) {
    const auto offset_range = static_cast<std::uint64_t>(rf.max_clock_offset.count());
    const auto drift_range = static_cast<std::uint64_t>(rf.max_drift_ppm);
    const std::string name = nodes_[choices_.choose(count)].name;
    const auto offset = static_cast<std::int64_t>(choices_.choose(2 * offset_range + 1)) -
                        static_cast<std::int64_t>(offset_range);
    const auto drift = static_cast<std::int64_t>(choices_.choose(2 * drift_range + 1)) -
                       static_cast<std::int64_t>(drift_range);
    apply(fault::ClockSkew{name, Nanos(offset), drift});
  }
}

void Kernel::draw_swarm_mix() {
  // Each kind is off (choice 0) or on at one of four levels up to its maximum.
  const auto level = [&](double maximum) {
    return static_cast<double>(choices_.choose(5)) * maximum / 4;
  };
  LinkOptions& d = options_.network.defaults;
  d.drop = level(0.2);
  d.duplicate = level(0.1);
  d.reorder = level(0.3);
  d.corrupt = level(0.05);
  RandomFaults& rf = options_.random_faults;
  for (double* rate :
       {&rf.crash, &rf.partition, &rf.one_way, &rf.kill, &rf.pause, &rf.clock_skew}) {
    *rate *= static_cast<double>(choices_.choose(2));
  }
}

}  // namespace thespis::sim::detail

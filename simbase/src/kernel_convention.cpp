// Nodes and their convention: joining, heartbeats, loss of members, and placing actors on a
// node whose capabilities satisfy their requirements (semantics 11 and 12).
//
// Every member heartbeats every member it knows, and its leader, each interval; a heartbeat
// also lets the receiver learn the members the sender knows. A member not heard from for
// `missed_heartbeats` intervals is lost: the node's watchers are told, and parents on the node
// of actors on the lost member get ChildActorExited. Views are per node, so a partition gives
// each side its own view, as real hosts would have.
#include <algorithm>

#include <thespis/system_messages.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

NodeIndex Kernel::add_node(NodeOptions options) {
  const auto index = static_cast<NodeIndex>(nodes_.size());
  if (options.name.empty()) options.name = "node" + std::to_string(index);
  for (const Node& other : nodes_) {
    if (other.name == options.name) throw Error("sim: a node named '" + options.name + "' exists");
  }
  if (system_owner_.empty()) system_owner_.push_back(0);  // system id 0 is no node
  Node n;
  n.index = index;
  n.name = options.name;
  n.system = system_owner_.size();
  n.capabilities = std::move(options.capabilities);
  if (options.leader.empty()) {
    n.leader = 0;
  } else {
    n.leader = options.leader == options.name ? index : node_named(options.leader);
  }
  system_owner_.push_back(index);
  trace_.name_system(n.system, n.name);
  nodes_.push_back(std::move(n));

  const std::size_t count = nodes_.size();
  std::vector<Link> links(count * count);
  for (std::size_t from = 0; from + 1 < count; ++from) {
    for (std::size_t to = 0; to + 1 < count; ++to) {
      links[from * count + to] = std::move(links_[from * (count - 1) + to]);
    }
  }
  links_ = std::move(links);
  for (const auto& [ends, link_options] : options_.network.links) {
    if (ends.first != nodes_.back().name && ends.second != nodes_.back().name) continue;
    const auto has = [&](const std::string& name) {
      return std::any_of(nodes_.begin(), nodes_.end(),
                         [&](const Node& x) { return x.name == name; });
    };
    if (has(ends.first) && has(ends.second)) {
      link(node_named(ends.first), node_named(ends.second)).options = link_options;
    }
  }
  join_now(index);
  return index;
}

NodeIndex Kernel::node_named(std::string_view name) const {
  for (const Node& n : nodes_) {
    if (n.name == name) return n.index;
  }
  std::string known;
  for (const Node& n : nodes_) known += (known.empty() ? "" : ", ") + n.name;
  throw Error("sim: unknown node '" + std::string(name) + "' (nodes: " + known + ")");
}

std::optional<NodeIndex> Kernel::node_of_system(std::uint64_t system) const {
  if (system == 0 || system >= system_owner_.size()) return std::nullopt;
  const NodeIndex owner = system_owner_[system];
  if (nodes_[owner].system != system || !nodes_[owner].up) return std::nullopt;
  return owner;
}

std::optional<NodeIndex> Kernel::node_that_had(std::uint64_t system) const {
  if (system == 0 || system >= system_owner_.size()) return std::nullopt;
  return system_owner_[system];
}

std::vector<NodeIndex> Kernel::members_seen_by(NodeIndex index) const {
  const Node& n = nodes_[index];
  std::vector<NodeIndex> members;
  if (n.up) members.push_back(index);
  for (const auto& [member, peer] : n.peers) {
    if (peer.member) members.push_back(member);
  }
  std::sort(members.begin(), members.end());
  return members;
}

Nanos Kernel::local_time(NodeIndex index) const {
  const Node& n = nodes_[index];
  __extension__ using Wide = __int128;
  const Wide drift = static_cast<Wide>(now_.count()) * n.drift_ppm / 1'000'000;
  return now_ + n.clock_offset + Nanos(static_cast<std::int64_t>(drift));
}

void Kernel::set_link(NodeIndex from, NodeIndex to, LinkOptions options) {
  link(from, to).options = std::move(options);
}

NodeIndex Kernel::place(NodeIndex local, const ActorType& type, const Requirements& extra) {
  const Node& n = nodes_[local];
  if (accepts(type, n.capabilities, extra)) return local;
  std::vector<NodeIndex> candidates;
  for (const auto& [member, peer] : n.peers) {
    if (peer.member && accepts(type, nodes_[member].capabilities, extra)) {
      candidates.push_back(member);
    }
  }
  if (candidates.empty()) {
    Requirements all = type.requirements;
    all.insert(all.end(), extra.begin(), extra.end());
    throw NoCompatibleSystemForActor(type.name, to_string(all));
  }
  return candidates[choices_.choose(candidates.size())];
}

void Kernel::join_now(NodeIndex index) {
  const NodeIndex leader = nodes_[index].leader;
  if (leader == index) return;  // a leader waits for others to join it
  for (const NodeIndex member : members_seen_by(leader)) {
    if (member == index) continue;
    member_joined(member, index, nodes_[index].system);
    member_joined(index, member, nodes_[member].system);
    start_ticking(member);
  }
  start_ticking(index);
}

void Kernel::start_ticking(NodeIndex index) {
  Node& n = nodes_[index];
  if (n.ticking || !n.up) return;
  n.ticking = true;
  schedule_heartbeat_tick(index);
}

void Kernel::schedule_heartbeat_tick(NodeIndex index) {
  push_event(now_ + options_.convention.heartbeat_interval,
             event::HeartbeatTick{.node = index, .incarnation = nodes_[index].system});
}

void Kernel::heartbeat_tick(const event::HeartbeatTick& tick) {
  const NodeIndex index = tick.node;
  Node& n = nodes_[index];
  if (!n.up || n.system != tick.incarnation) return;  // that incarnation died; its ticks end
  schedule_heartbeat_tick(index);
  if (n.paused) return;

  const Nanos limit =
      options_.convention.heartbeat_interval * options_.convention.missed_heartbeats;
  std::vector<NodeIndex> silent;
  for (const auto& [member, peer] : n.peers) {
    if (now_ - peer.last_heard > limit) silent.push_back(member);
  }
  for (const NodeIndex member : silent) {
    Peer& peer = n.peers[member];
    if (peer.member) {
      member_lost(index, member);
    } else if (member == n.leader) {
      peer.last_heard = now_;  // keep knocking at the leader's door
    } else {
      n.peers.erase(member);
    }
  }
  std::vector<NodeIndex> targets;
  for (const auto& [member, peer] : n.peers) targets.push_back(member);
  if (n.leader != index && !n.peers.contains(n.leader)) targets.push_back(n.leader);
  for (const NodeIndex target : targets) {
    // A heartbeat lost to a partition or a drop is simply missed; the next one may arrive.
    if (link(index, target).blocked || chance(link_options(index, target).drop)) continue;
    const Hop h = hop(index, target);
    push_event(control_arrival(h), event::Heartbeat{.hop = h, .incarnation = n.system});
  }
}

void Kernel::heartbeat_arrived(const event::Heartbeat& heartbeat) {
  const NodeIndex at = heartbeat.hop.dst;
  const NodeIndex from = heartbeat.hop.src;
  const std::uint64_t system = heartbeat.incarnation;
  // A heartbeat still in flight from a host that has since died says nothing about it now.
  if (frame_obstacle(heartbeat.hop) || nodes_[from].system != system || !nodes_[from].up) return;
  auto it = nodes_[at].peers.find(from);
  if (it != nodes_[at].peers.end() && it->second.member && it->second.system != system) {
    member_lost(at, from);  // it restarted: the old incarnation is gone
    it = nodes_[at].peers.find(from);
  }
  if (it == nodes_[at].peers.end() || !it->second.member) {
    member_joined(at, from, system);
  } else {
    it->second.last_heard = now_;
  }
  start_ticking(at);
  for (const auto& [member, peer] : nodes_[from].peers) {
    if (peer.member && member != at && !nodes_[at].peers.contains(member)) {
      nodes_[at].peers[member] = Peer{nodes_[member].system, now_, false};
    }
  }
}

void Kernel::member_joined(NodeIndex at, NodeIndex member, std::uint64_t system) {
  nodes_[at].peers[member] = Peer{system, now_, true};
  const std::uint64_t seen =
      trace_.record(TraceKind::convention, now_, ActorAddress(nodes_[at].system, 0),
                    ActorAddress(system, 0), nullptr, "joined " + nodes_[member].name);
  tell_watchers(at, member, system, true, seen);
}

void Kernel::member_lost(NodeIndex at, NodeIndex member) {
  Node& n = nodes_[at];
  auto it = n.peers.find(member);
  const std::uint64_t system = it->second.system;
  if (member == n.leader) {
    it->second = Peer{0, now_, false};
  } else {
    n.peers.erase(it);
  }
  const std::uint64_t seen =
      trace_.record(TraceKind::convention, now_, ActorAddress(n.system, 0), ActorAddress(system, 0),
                    nullptr, "lost " + nodes_[member].name);
  tell_watchers(at, member, system, false, seen);
  report_lost_children(at, system, seen);
}

void Kernel::tell_watchers(NodeIndex at, NodeIndex member, std::uint64_t system, bool added,
                           std::uint64_t cause) {
  const std::vector<LocalId> watchers = nodes_[at].registration_watchers;
  for (const LocalId watcher : watchers) {
    route(at, ActorAddress(nodes_[at].system, 0), record(watcher).address,
          ActorSystemConventionUpdate{ActorAddress(system, 0), nodes_[member].capabilities, added},
          cause);
  }
}

void Kernel::report_lost_children(NodeIndex at, std::uint64_t lost_system, std::uint64_t cause) {
  const std::uint64_t here = nodes_[at].system;
  for (const auto& r : records_) {
    if (r->is_endpoint || r->exit_reported || r->address.system() != lost_system) continue;
    const Record* parent = find(r->parent);
    if (parent == nullptr || !parent->live() || parent->address.system() != here) continue;
    r->exit_reported = true;
    route(at, r->address, r->parent, ChildActorExited{r->address}, cause);
  }
}

}  // namespace thespis::sim::detail

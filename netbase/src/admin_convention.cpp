// Conventions: admins on other ports or hosts joined under a leader. The admins share an ordered
// list of potential leaders; each joins the first live one ranked before itself (sending NetJoin
// every heartbeat, and to those ranked before it too, so that one that comes back is joined
// again), and the leader answers with every member it knows, so members know each other across
// a failover. An admin not heard from for `missed_heartbeats` intervals is lost, a leader whose
// connection breaks at once; actors created here for a parent on a lost system are stopped.
// Creating an actor whose requirements this admin lacks asks a member that has them; an address of
// another admin is resolved by that admin; a message an admin must deliver to another admin's actor
// is relayed.
#include <algorithm>
#include <utility>

#include <thespis/system_messages.hpp>

#include "admin_impl.hpp"

namespace thespis::net::detail {

using namespace std::chrono_literals;

ConnectionPtr Admin::admin_connection(std::uint64_t system) {
  auto it = members_.find(system);
  if (it == members_.end()) return nullptr;
  if (it->second.connection && it->second.connection->open()) return it->second.connection;
  const auto address = ipv4_of(it->second.info.host);
  if (!address) return nullptr;
  it->second.connection = Connection::connect(io_, {*address, it->second.info.port},
                                              request_handlers(next_connection_++), settings_);
  return it->second.connection;
}

void Admin::join_convention() {
  // Potential leaders ranked after this admin never lead it: it leads before them.
  for (const HostPort& at : options_.leaders) {
    if (at.port == options_.port && same_host(at.host, options_.advertise_host)) break;
    leaders_.push_back(LeaderLink{});
    leaders_.back().at = at;
  }
  if (leaders_.empty()) return;
  follow_leaders();
  // Start serving with the members known, so that the first creation can use them.
  const auto trying = [this] {
    return std::any_of(leaders_.begin(), leaders_.end(),
                       [](const LeaderLink& link) { return link.connection != nullptr; });
  };
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (members_.empty() && trying() && std::chrono::steady_clock::now() < until) {
    io_.run_one_for(10ms);
  }
}

bool Admin::alive(const LeaderLink& link) const {
  return link.connection && link.connection->open() && link.answered &&
         std::chrono::steady_clock::now() - link.last_answer <= silence_limit();
}

void Admin::follow_leaders() {
  // Join the first live potential leader; those before it are joined too, so that one that
  // comes back answers, and everyone returns to it.
  for (std::size_t i = 0; i < leaders_.size(); ++i) {
    LeaderLink& link = leaders_[i];
    if (!link.connection || !link.connection->open()) connect_leader(i);
    if (link.connection) send_protocol(link.connection, NetJoin{.member = self()});
    if (alive(link)) break;
  }
  choose_leader();
}

void Admin::connect_leader(std::size_t i) {
  LeaderLink& link = leaders_[i];
  link.answered = false;
  link.connection.reset();
  const auto address = ipv4_of(link.at.host);
  if (!address) return;
  Connection::Handlers handlers = request_handlers(next_connection_++);
  const std::uint64_t generation = ++link.generation;
  handlers.on_close = [this, i, generation,
                       closed = std::move(handlers.on_close)](std::deque<Envelope> unsent) {
    closed(std::move(unsent));
    leader_closed(i, generation);
  };
  link.connection =
      Connection::connect(io_, {*address, link.at.port}, std::move(handlers), settings_);
}

void Admin::leader_closed(std::size_t i, std::uint64_t generation) {
  LeaderLink& link = leaders_[i];
  if (link.generation != generation) return;
  link.connection.reset();
  link.answered = false;
  // Refused or reset: that admin is gone, and its members hear it now, not after heartbeats.
  if (const std::uint64_t lost = std::exchange(link.system, 0); lost != 0) member_lost(lost);
  choose_leader();
}

void Admin::choose_leader() {
  std::size_t chosen = no_leader;
  for (std::size_t i = 0; i < leaders_.size() && chosen == no_leader; ++i) {
    if (alive(leaders_[i])) chosen = i;
  }
  if (chosen == leading_) return;
  leading_ = chosen;
  leader_since_ = std::chrono::steady_clock::now();
  const bool potential = leaders_.size() < options_.leaders.size();
  admin_log(LogLevel::info,
            "convention leader " + (chosen != no_leader ? leaders_[chosen].at.to_string()
                                    : potential         ? "this admin"
                                                        : "none (no potential leader answers)"));
}

void Admin::heartbeat() {
  heartbeat_.expires_after(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(options_.heartbeat));
  heartbeat_.async_wait([this](error_code ec) {
    if (ec || shutting_down_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!leaders_.empty()) follow_leaders();
    std::vector<std::uint64_t> silent;
    for (const auto& [system, member] : members_) {
      if (now - member.last_heard > silence_limit()) silent.push_back(system);
    }
    for (const std::uint64_t system : silent) member_lost(system);
    std::erase_if(forgotten_, [&](const auto& f) { return now - f.second > silence_limit(); });
    heartbeat();
  });
}

void Admin::add_convention_handlers(Requests& on) {
  on.on<NetJoin>([this](const NetJoin& join, const ConnectionPtr& from, std::uint64_t) {
    member_heard(join.member, from);
    NetMembers everyone;
    everyone.members.push_back(self());
    for (const auto& [system, member] : members_) everyone.members.push_back(member.info);
    send_protocol(from, everyone);
  });
  on.on<NetMembers>([this](const NetMembers& list, const ConnectionPtr& from, std::uint64_t) {
    members_listed(from, list);
  });
  on.on<NetLeaving>([this](const NetLeaving& leaving) { member_lost(leaving.system); });
  on.on<NetRemoteCreate>(
      [this](const NetRemoteCreate& request, const ConnectionPtr& from, std::uint64_t) {
        const auto reply = [from, id = request.request](NetCreated created) {
          send_protocol(from, NetRemoteCreated{.request = id, .created = std::move(created)});
        };
        // Asked because it announced the type; a member of another build may not have it.
        if (find_actor_type(request.create.type_name) == nullptr) {
          return reply(lacks_type(request.create.type_name,
                                  self().host + ":" + std::to_string(options_.port)));
        }
        create(request.create, request.wait_started, reply);
      });
  on.on<NetRemoteCreated>([this](const NetRemoteCreated& created) { remote_created(created); });
  on.on<NetRemoteResolve>(
      [this](const NetRemoteResolve& request, const ConnectionPtr& from, std::uint64_t) {
        resolve(request.address, [from, id = request.request](NetResolved resolved) {
          send_protocol(from, NetRemoteResolved{.request = id, .resolved = std::move(resolved)});
        });
      });
  on.on<NetRemoteResolved>(
      [this](const NetRemoteResolved& resolved) { remote_resolved(resolved); });
  on.on<NetRelay>([this](const NetRelay& relay) { relayed(relay); });
}

void Admin::members_listed(const ConnectionPtr& from, const NetMembers& list) {
  // From a potential leader, which lists itself first: it and the members it knows are alive.
  const auto link = std::find_if(leaders_.begin(), leaders_.end(),
                                 [&](const LeaderLink& l) { return l.connection == from; });
  if (link == leaders_.end() || list.members.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  link->answered = true;
  link->last_answer = now;
  link->system = list.members.front().system;
  std::vector<std::uint64_t> listed;
  for (const NetMember& member : list.members) {
    if (member.system == system_) continue;
    listed.push_back(member.system);
    const bool answering = member.system == link->system;
    if (!answering && forgotten_.count(member.system) != 0) continue;
    member_heard(member, answering ? from : nullptr);
  }
  choose_leader();
  // Whom the leader, followed long enough for every live member to have joined it, no longer
  // lists is gone. (Right after a failover the new leader's list is still filling.)
  const auto index = static_cast<std::size_t>(link - leaders_.begin());
  if (index != leading_ || now - leader_since_ <= silence_limit()) return;
  std::vector<std::uint64_t> gone;
  for (const auto& [system, member] : members_) {
    if (std::find(listed.begin(), listed.end(), system) == listed.end()) gone.push_back(system);
  }
  for (const std::uint64_t system : gone) member_lost(system);
}

void Admin::remote_created(const NetRemoteCreated& created) {
  auto it = remote_creates_.find(created.request);
  if (it == remote_creates_.end()) return;
  if (created.created.error.empty() && !created.created.existing) {
    remote_children_[created.created.address] = remote_create_parents_[created.request];
  }
  CreateAnswer answer = std::move(it->second);
  remote_creates_.erase(it);
  remote_create_parents_.erase(created.request);
  answer(created.created);
}

void Admin::remote_resolved(const NetRemoteResolved& resolved) {
  auto it = remote_resolves_.find(resolved.request);
  if (it == remote_resolves_.end()) return;
  ResolveAnswer answer = std::move(it->second);
  remote_resolves_.erase(it);
  answer(resolved.resolved);
}

void Admin::relayed(const NetRelay& relayed) {
  const bool here = relayed.recipient.system() == system_;  // else relayed on, as the leader
  if (auto* exited_child = relayed.message.get_if<ChildActorExited>(); exited_child && here) {
    // Reported by the child's own admin: not again when that admin is lost.
    if (remote_children_.erase(exited_child->child) == 0) return;
  }
  send({.sender = relayed.sender, .recipient = relayed.recipient, .message = relayed.message});
}

void Admin::member_heard(const NetMember& info, const ConnectionPtr& connection) {
  forgotten_.erase(info.system);
  auto it = members_.find(info.system);
  const bool added = it == members_.end();
  if (added) {
    // A new incarnation at an address another one used means the old one is gone.
    std::vector<std::uint64_t> replaced;
    for (const auto& [system, member] : members_) {
      if (member.info.port == info.port && member.info.host == info.host) {
        replaced.push_back(system);
      }
    }
    for (const std::uint64_t system : replaced) member_lost(system);
    it = members_.emplace(info.system, Member{info, nullptr, {}}).first;
  }
  it->second.info = info;
  it->second.last_heard = std::chrono::steady_clock::now();
  if (connection) it->second.connection = connection;
  if (!added) return;
  tell_watchers(info, true);
  release_resolves(info.system);
}

void Admin::member_lost(std::uint64_t system) {
  auto it = members_.find(system);
  if (it == members_.end()) return;
  const NetMember info = it->second.info;
  members_.erase(it);
  forgotten_[system] = std::chrono::steady_clock::now();
  stop_orphans_of(system);
  // Parents here of actors there hear that their children are gone, once.
  for (auto child = remote_children_.begin(); child != remote_children_.end();) {
    if (child->first.system() != system) {
      ++child;
      continue;
    }
    send({.sender = child->first,
          .recipient = child->second,
          .message = ChildActorExited{child->first}});
    child = remote_children_.erase(child);
  }
  tell_watchers(info, false);
}

void Admin::stop_orphans_of(std::uint64_t system) {
  // Actors created here for a parent on that system have nobody left to work for; each stops
  // its own children first, as on any exit request.
  std::vector<ActorAddress> orphans;
  for (const auto& [local, e] : entries_) {
    if (!e.endpoint() && e.state != Entry::State::exited && e.parent &&
        e.parent.system() == system) {
      orphans.push_back(e.address);
    }
  }
  for (const ActorAddress& orphan : orphans) {
    admin_log(LogLevel::warning,
              "stopping " + orphan.to_string() + ": its parent's system left the convention");
    send({.sender = {}, .recipient = orphan, .message = ActorExitRequest{}});
  }
}

void Admin::tell_watchers(const NetMember& member, bool added) {
  for (const ActorAddress& watcher : watchers_) {
    send({.sender = address_of(0),
          .recipient = watcher,
          .message = ActorSystemConventionUpdate{ActorAddress(member.system, 0),
                                                 member.capabilities, added}});
  }
}

void Admin::place_remotely(const NetCreate& request, const ActorType* type,
                           const Requirements& extra, bool wait_started,
                           const CreateAnswer& answer) {
  std::vector<NetMember> members;
  for (const auto& [system, member] : members_) members.push_back(member.info);
  const NetMember here = self();
  const PlacementChoice choice = choose_member(members, request.type_name, type, extra,
                                               here.host + ":" + std::to_string(here.port));
  if (choice.system == 0) return answer(choice.refusal);
  const ConnectionPtr connection = admin_connection(choice.system);
  if (!connection) {
    return answer({.address = {},
                   .error = "the member chosen for it is no longer reachable",
                   .error_kind = CreateError::creation,
                   .existing = false});
  }
  const std::uint64_t id = next_request_++;
  remote_creates_[id] = answer;
  remote_create_parents_[id] = request.parent;
  send_protocol(connection,
                NetRemoteCreate{.request = id, .create = request, .wait_started = wait_started});
}

void Admin::resolve_remotely(const ActorAddress& address, ResolveAnswer answer) {
  const std::uint64_t system = address.system();
  ConnectionPtr connection = admin_connection(system);
  // A member that joined the leader after this admin did is not known here until the next
  // heartbeat's list, but its actors' addresses arrive in messages at once. The leader knows
  // every member that joined it, so it resolves them (it asks its own leader in turn, which is
  // ranked before it: the chain ends). A leader that has not heard of the system yet waits for
  // it, up to one silence limit: "gone" now would turn a first answer into a dead letter. A
  // system lost or gone is known gone (forgotten_); only one never heard of is waited for.
  const bool unheard = members_.count(system) == 0 && forgotten_.count(system) == 0;
  if (!connection && unheard) connection = leader_connection();
  if (!connection && unheard && system != 0 && !options_.leaders.empty() && !shutting_down_) {
    return hold_resolve(address, std::move(answer));
  }
  if (!connection) {  // no such admin (any more)
    return answer({.address = address, .host = {}, .port = 0});
  }
  const std::uint64_t id = next_request_++;
  remote_resolves_[id] = std::move(answer);
  send_protocol(connection, NetRemoteResolve{.request = id, .address = address});
}

void Admin::hold_resolve(const ActorAddress& address, ResolveAnswer answer) {
  const std::uint64_t system = address.system();
  HeldResolves& held = unheard_resolves_[system];
  held.waiting.emplace_back(address, std::move(answer));
  if (held.deadline) return;
  held.deadline = std::make_unique<asio::steady_timer>(io_);
  held.deadline->expires_after(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(silence_limit()));
  held.deadline->async_wait([this, system](error_code ec) {
    if (!ec) release_resolves(system);
  });
}

void Admin::release_resolves(std::uint64_t system) {
  auto it = unheard_resolves_.find(system);
  if (it == unheard_resolves_.end()) return;
  auto waiting = std::move(it->second.waiting);
  unheard_resolves_.erase(it);  // cancels the deadline if it has not fired
  const bool heard = members_.count(system) != 0;
  for (auto& [address, answer] : waiting) {
    if (heard) {
      resolve_remotely(address, std::move(answer));
    } else {  // a silence limit without a word from it: as good as gone
      answer({.address = address, .host = {}, .port = 0});
    }
  }
}

ConnectionPtr Admin::leader_connection() const {
  if (leading_ == no_leader) return nullptr;
  const LeaderLink& link = leaders_[leading_];
  return link.connection && link.connection->open() ? link.connection : nullptr;
}

void Admin::relay(Envelope envelope) {
  ConnectionPtr connection = admin_connection(envelope.recipient.system());
  // As for resolving: the leader relays to a member that joined after this admin.
  if (!connection && forgotten_.count(envelope.recipient.system()) == 0) {
    connection = leader_connection();
  }
  if (!connection) return;  // that admin is gone; its actors with it
  send_protocol(connection, NetRelay{.sender = envelope.sender,
                                     .recipient = envelope.recipient,
                                     .message = std::move(envelope.message)});
}

void Admin::leave_convention() {
  // Every member hears it at once (not after missed heartbeats); exit_admin() waits until the
  // notes are written.
  std::vector<std::uint64_t> systems;
  for (const auto& [system, member] : members_) systems.push_back(system);
  for (const std::uint64_t system : systems) {
    if (const ConnectionPtr connection = admin_connection(system)) {
      send_protocol(connection, NetLeaving{.system = system_});
      leaving_notes_.push_back(connection);
    }
  }
}

}  // namespace thespis::net::detail

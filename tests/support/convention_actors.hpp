// Actors of the convention tests on several hosts (loopback aliases and network namespaces):
// a Backend placed where "Back" is, a Frontend placed where "Front" is that passes strings on to
// it, and a watcher of convention updates. One definition for both test programs.
#pragma once

#include <string>
#include <vector>

#include <thespis/thespis.hpp>

namespace thespis::testing {

/// Answers "back:<text>" to whoever sends it a string.
struct Backend : Actor {
  Backend() {
    on<std::string>(
        [this](const std::string& text, const ActorAddress& from) { send(from, "back:" + text); });
  }
};
THESPIS_ACTOR(Backend, requires_capability("Back"))

/// Told a Backend's address, passes the strings it is asked on to it and the answers back.
struct Frontend : Actor {
  Frontend() {
    on<ActorAddress>([this](const ActorAddress& to, const ActorAddress& from) {
      backend = to;
      send(from, std::string("ok"));
    });
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (from == backend) return send(asker, "front:" + text);
      asker = from;
      send(backend, text);
    });
  }
  ActorAddress backend;
  ActorAddress asker;
};
THESPIS_ACTOR(Frontend, requires_capability("Front"))

/// Records each ActorSystemConventionUpdate as "+SYSTEM" or "-SYSTEM"; answers any string with
/// what it has seen.
struct HostWatcher : Actor {
  HostWatcher() {
    notify_on_system_registration_changes(true);
    on<ActorSystemConventionUpdate>(
        [this](const ActorSystemConventionUpdate& u, const ActorAddress&) {
          seen.push_back((u.added ? "+" : "-") + std::to_string(u.admin.system()));
        });
    on<std::string>([this](const std::string&, const ActorAddress& from) { send(from, seen); });
  }
  std::vector<std::string> seen;
};
THESPIS_ACTOR(HostWatcher)

}  // namespace thespis::testing

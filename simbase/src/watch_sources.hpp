// The simulation's descriptor watcher (descriptor_watcher.hpp): the sources a test made
// (sim/watch_source.hpp) and which actors watch them. Deterministic: sources and watchers are
// numbered in creation order and kept in ordered maps; nothing reads a clock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <thespis/descriptor_watcher.hpp>

namespace thespis::sim::detail {

class WatchSources {
 public:
  /// A new source; its descriptor number.
  int add();
  /// One arrival of data on `fd` (watch_source.hpp).
  void make_readable(int fd);
  /// Arms the watch of watcher `watcher` (of the actor whose context is `context`) on `fd`.
  std::string arm(int fd, std::uint64_t watcher, ActorContext& context, std::uint64_t arm);
  void disarm(int fd, std::uint64_t watcher);
  std::uint64_t new_watcher_id() { return ++watchers_; }

 private:
  struct Watch {
    ActorContext* context = nullptr;
    std::uint64_t pending = 0;  // arrivals not reported yet
    std::optional<std::uint64_t> arm{};
  };
  struct Source {
    std::uint64_t unclaimed = 0;               // arrivals before anyone watched
    std::map<std::uint64_t, Watch> watches{};  // by watcher id
  };
  static void maybe_report(int fd, Watch& watch);

  std::map<int, Source> sources_;
  int next_fd_ = 1000;  // far from 0-2, so that a mix-up with a real descriptor stands out
  std::uint64_t watchers_ = 0;
};

/// The watcher for an actor of the simulation, or nullptr for another base's context.
std::unique_ptr<thespis::detail::DescriptorWatcher> source_watcher_for(ActorContext& context);

}  // namespace thespis::sim::detail

// DescriptorWatcher: how a base tells an actor that a descriptor became readable (watch.hpp).
// WatchingActor owns the semantics (the bound, which reports count, re-arming after delivery);
// a watcher owns only the mechanism, so each base writes the part that differs and nothing else:
//   * netbase: a dup() of the descriptor waited on through Asio on the actor process's loop.
//   * simbase: no real descriptor; a source the test made (sim/watch_source.hpp) and drives.
//
// A watcher belongs to one actor (created in the actor's constructor, destroyed with it) and is
// called from that actor's thread. An armed descriptor is reported at most once per arm, as a
// wakeup the actor sets for itself (ActorContext::wakeup_after) carrying WatchReport, never by
// calling into the actor: so the actor sees it between its other messages. After a report the
// descriptor stays unarmed until arm() is called again. Its destructor leaves nothing armed.
//
// Bases register a provider (register_descriptor_watcher) from the registration object CMake adds
// to every program that links them; the provider recognises the contexts of its own base.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <thespis/actor_context.hpp>
#include <thespis/message_type.hpp>

namespace thespis::detail {

/// An armed descriptor is readable. `arm` echoes the arm it answers, so that the actor can tell
/// a report of a watch it has ended (or replaced) since.
struct WatchReport {
  std::int64_t fd = 0;
  std::uint64_t arm = 0;
};
THESPIS_MESSAGE(WatchReport, fd, arm)

class DescriptorWatcher {
 public:
  virtual ~DescriptorWatcher() = default;
  /// Reports `fd` (once) when it is readable, or at once if it is now; `arm` is echoed. Returns
  /// why it cannot (a descriptor that is not open: strerror's text), or "" when armed. Arming
  /// an armed descriptor replaces its arm. Reports nothing from inside this call.
  virtual std::string arm(int fd, std::uint64_t arm) = 0;
  /// Stops watching `fd`; nothing if it is not armed.
  virtual void disarm(int fd) = 0;
};

/// The watcher for an actor whose context is `context`, or nullptr when the context is not of
/// the provider's base.
using DescriptorWatcherProvider = std::unique_ptr<DescriptorWatcher> (*)(ActorContext& context);

/// Adds a provider (during static initialisation).
void register_descriptor_watcher(DescriptorWatcherProvider provider);
/// The watcher of the first provider that recognises `context`; nullptr if none does.
std::unique_ptr<DescriptorWatcher> descriptor_watcher_for(ActorContext& context);

}  // namespace thespis::detail

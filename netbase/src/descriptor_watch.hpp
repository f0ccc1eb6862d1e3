// The real descriptor watcher of the networked bases (descriptor_watcher.hpp): a watched
// descriptor of the actor's process is waited on through the actor process's Asio loop.
//
// Each arm waits on a fresh dup() of the descriptor. Why fresh: Asio registers a descriptor with
// epoll once, edge-triggered, so a second wait on the same registration would not see data that
// was already there and left unread; registering a new duplicate reports it at once, which gives
// the level-triggered semantics of watch.hpp. A duplicate also keeps a descriptor the actor
// closes while it is watched valid for the wait (no crash, no wait on a reused number), and dup()
// failing is how a closed or invalid descriptor is found out.
#pragma once

#include <memory>

#include <thespis/descriptor_watcher.hpp>

namespace thespis::net::detail {

/// The watcher for an actor whose context is also an ActorLoop (process_launcher.hpp); nullptr
/// for other contexts.
std::unique_ptr<thespis::detail::DescriptorWatcher> loop_watcher_for(ActorContext& context);

}  // namespace thespis::net::detail

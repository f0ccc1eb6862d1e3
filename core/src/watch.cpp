// WatchingActor (watch.hpp): the semantics of watched descriptors; the base's watcher
// (descriptor_watcher.hpp) only arms and reports.
#include <string>

#include <thespis/error.hpp>
#include <thespis/system_messages.hpp>
#include <thespis/watch.hpp>

namespace thespis {

WatchingActor::WatchingActor() {
  if (auto* context = detail::construction_context()) {
    watcher_ = detail::descriptor_watcher_for(*context);
  }
}

// The watcher's destructor disarms whatever is still armed.
WatchingActor::~WatchingActor() = default;

void WatchingActor::receive(const Message& message, const ActorAddress& sender) {
  // Reports come from this actor's own wakeups, and only they count: another actor cannot make
  // a descriptor look readable.
  if (const auto* wakeup = message.get_if<WakeupMessage>()) {
    if (const auto* report = wakeup->payload.get_if<detail::WatchReport>()) {
      if (sender == my_address()) on_report(*report);
      return;
    }
  }
  if (message.is<DescriptorReadable>() && sender != my_address()) return;
  Actor::receive(message, sender);
}

void WatchingActor::watch_readable(int fd) {
  const std::string what = "thespis: watch_readable(" + std::to_string(fd) + "): ";
  if (watched_.contains(fd)) return;
  if (!watcher_) throw Error(what + "this base watches no descriptors");
  if (watched_.size() >= max_watched_descriptors) {
    throw Error(what + "the actor already watches " + std::to_string(max_watched_descriptors) +
                " descriptors, the most it may");
  }
  if (fd < 0) throw Error(what + "not a descriptor");
  const std::uint64_t arm = ++arms_;
  if (const std::string error = watcher_->arm(fd, arm); !error.empty()) {
    throw Error(what + error);
  }
  watched_[fd] = arm;
}

void WatchingActor::unwatch(int fd) {
  if (watched_.erase(fd) == 0) return;
  watcher_->disarm(fd);
}

void WatchingActor::on_report(const detail::WatchReport& report) {
  const int fd = static_cast<int>(report.fd);
  const auto it = watched_.find(fd);
  if (it == watched_.end() || it->second != report.arm) return;  // unwatched (or re-watched) since
  // Re-armed once the handler has returned (also if it threw), unless it unwatched or re-watched.
  struct Rearm {
    WatchingActor& actor;
    int fd;
    std::uint64_t arm;
    ~Rearm() {
      try {
        const auto found = actor.watched_.find(fd);
        if (found != actor.watched_.end() && found->second == arm) actor.rearm(fd);
      } catch (...) {
        // Nothing may escape a destructor; a watch that could not be re-armed (no memory to
        // log it) stays unarmed until watched again.
      }
    }
  } rearm_after{*this, fd, report.arm};
  receive(DescriptorReadable{fd}, my_address());
}

void WatchingActor::rearm(int fd) {
  const std::uint64_t arm = ++arms_;
  if (const std::string error = watcher_->arm(fd, arm); !error.empty()) {
    watched_.erase(fd);
    log(LogLevel::warning, "no longer watching descriptor " + std::to_string(fd) + ": " + error +
                               " (closed while watched? unwatch it first)");
    return;
  }
  watched_[fd] = arm;
}

}  // namespace thespis

#include "descriptor_watch.hpp"

#include <cerrno>
#include <map>

#include <fcntl.h>

#include "asio.hpp"
#include "process_launcher.hpp"
#include "unique_fd.hpp"

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;
using thespis::detail::WatchReport;

/// One arm: the duplicate waited on. Its handler holds it weakly: the watcher owns it, and a
/// handler that runs after the watcher dropped it (disarmed, re-armed, or gone) does nothing.
struct Arm {
  Arm(asio::io_context& io, int duplicate) : descriptor(io, duplicate) {}
  asio::posix::stream_descriptor descriptor;
};

class LoopWatcher final : public thespis::detail::DescriptorWatcher {
 public:
  LoopWatcher(asio::io_context& io, ActorContext& context) : io_(io), context_(context) {}

  std::string arm(int fd, std::uint64_t arm) override {
    const int duplicate = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (duplicate < 0) return errno_text(errno);
    auto armed = std::make_shared<Arm>(io_, duplicate);
    armed->descriptor.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [this, weak = std::weak_ptr<Arm>(armed), fd, arm](error_code ec) {
          const auto self = weak.lock();
          if (!self || ec) return;
          // A wakeup due now: the actor sees it from its mailbox, never from inside this handler.
          context_.wakeup_after(0ns, WatchReport{fd, arm});
          arms_.erase(fd);  // reported: unarmed until the actor arms it again
        });
    arms_[fd] = std::move(armed);  // replaces (and so cancels) an earlier arm
    return {};
  }

  void disarm(int fd) override { arms_.erase(fd); }

 private:
  asio::io_context& io_;
  ActorContext& context_;
  std::map<int, std::shared_ptr<Arm>> arms_;
};

}  // namespace

std::unique_ptr<thespis::detail::DescriptorWatcher> loop_watcher_for(ActorContext& context) {
  auto* actor_loop = dynamic_cast<ActorLoop*>(&context);
  if (actor_loop == nullptr) return nullptr;
  return std::make_unique<LoopWatcher>(actor_loop->loop(), context);
}

}  // namespace thespis::net::detail

#include "watch_sources.hpp"

#include <set>

#include <thespis/sim/watch_source.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

int WatchSources::add() {
  const int fd = next_fd_++;
  sources_[fd];
  return fd;
}

void WatchSources::make_readable(int fd) {
  Source& source = sources_.at(fd);
  if (source.watches.empty()) {
    ++source.unclaimed;
    return;
  }
  for (auto& [id, watch] : source.watches) {
    ++watch.pending;
    maybe_report(fd, watch);
  }
}

std::string WatchSources::arm(int fd, std::uint64_t watcher, ActorContext& context,
                              std::uint64_t arm) {
  const auto it = sources_.find(fd);
  if (it == sources_.end()) {
    return "not a source of this simulation (descriptors on sim come from "
           "Simulation::watch_source)";
  }
  Source& source = it->second;
  auto [entry, added] = source.watches.try_emplace(watcher);
  Watch& watch = entry->second;
  if (added) watch.pending = std::exchange(source.unclaimed, 0);
  watch.context = &context;
  watch.arm = arm;
  maybe_report(fd, watch);
  return {};
}

void WatchSources::disarm(int fd, std::uint64_t watcher) {
  const auto it = sources_.find(fd);
  if (it != sources_.end()) it->second.watches.erase(watcher);
}

void WatchSources::maybe_report(int fd, Watch& watch) {
  if (!watch.arm || watch.pending == 0) return;
  --watch.pending;
  // A wakeup due now: the actor sees it from its mailbox, in virtual time, like any message.
  watch.context->wakeup_after(std::chrono::nanoseconds(0),
                              thespis::detail::WatchReport{fd, *watch.arm});
  watch.arm.reset();
}

namespace {

class SourceWatcher final : public thespis::detail::DescriptorWatcher {
 public:
  SourceWatcher(ActorContext& context, WatchSources& sources)
      : context_(context), sources_(sources), id_(sources.new_watcher_id()) {}
  ~SourceWatcher() override {
    for (const int fd : armed_) sources_.disarm(fd, id_);
  }

  std::string arm(int fd, std::uint64_t arm) override {
    std::string error = sources_.arm(fd, id_, context_, arm);
    if (error.empty()) armed_.insert(fd);
    return error;
  }

  void disarm(int fd) override {
    sources_.disarm(fd, id_);
    armed_.erase(fd);
  }

 private:
  ActorContext& context_;
  WatchSources& sources_;
  std::uint64_t id_;
  std::set<int> armed_;  // watched: forgotten when the actor goes
};

}  // namespace

std::unique_ptr<thespis::detail::DescriptorWatcher> source_watcher_for(ActorContext& context) {
  auto* sim_context = dynamic_cast<SimContext*>(&context);
  if (sim_context == nullptr) return nullptr;
  return std::make_unique<SourceWatcher>(context, sim_context->kernel().watch_sources());
}

}  // namespace thespis::sim::detail

namespace thespis::sim {

void WatchSource::make_readable() { kernel_->watch_sources().make_readable(fd_); }

}  // namespace thespis::sim

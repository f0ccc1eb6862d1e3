#include "fork_gate.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include <unistd.h>

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;

/// The I/O threads of this process's systems: the one list a fork must see whole.
struct IoThreads {
  std::mutex mutex;  // held by a fork from start to end, and by every change
  std::vector<asio::io_context*> contexts;
};

IoThreads& io_threads() {
  static IoThreads threads;
  return threads;
}

/// Where the parked threads wait until the fork is done.
struct Parking {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t parked = 0;
  bool released = false;
};

void park(Parking& parking) {
  std::unique_lock lock(parking.mutex);
  ++parking.parked;
  parking.changed.notify_all();
  parking.changed.wait(lock, [&] { return parking.released; });
}

void release(Parking& parking) {
  const std::lock_guard lock(parking.mutex);
  parking.released = true;
  parking.changed.notify_all();
}

}  // namespace

ParkedAtFork::ParkedAtFork(asio::io_context& io) : io_(io) {
  IoThreads& threads = io_threads();
  const std::lock_guard lock(threads.mutex);
  threads.contexts.push_back(&io_);
}

ParkedAtFork::~ParkedAtFork() {
  IoThreads& threads = io_threads();
  const std::lock_guard lock(threads.mutex);
  std::erase(threads.contexts, &io_);
}

pid_t fork_with_io_parked() {
  IoThreads& threads = io_threads();
  const std::lock_guard lock(threads.mutex);
  const auto parking = std::make_shared<Parking>();
  std::size_t expected = 0;
  for (asio::io_context* io : threads.contexts) {
    if (io->get_executor().running_in_this_thread()) continue;  // it is the caller: not running
    asio::post(*io, [parking] { park(*parking); });
    ++expected;
  }
  {
    std::unique_lock wait(parking->mutex);
    parking->changed.wait_for(wait, 1s, [&] { return parking->parked == expected; });
  }
  const pid_t pid = fork();
  if (pid == 0) {
    threads.contexts.clear();  // the child has none of these threads
    return 0;
  }
  release(*parking);
  return pid;
}

}  // namespace thespis::net::detail

// Simulated descriptors for watched descriptors (watch.hpp) on `sim`: no real descriptor; a test
// makes a source, gives its number to an actor, which watches it as it would a socket, and
// decides when data arrives.
//
//   sim::WatchSource socket = sim.watch_source();
//   sim.send(client, reader, UseDescriptor{socket.fd()});   // the actor calls watch_readable
//   socket.make_readable();                                  // the actor gets DescriptorReadable
//
// Each make_readable() is one arrival of data that the actor reads whole when told: each actor
// watching the source gets one DescriptorReadable for it, at once (in virtual time) if its watch
// is armed, else when it is re-armed after the report before. An arrival nobody watches waits for
// the first actor that does. So a source reports exactly as often as the test made it readable:
// deterministic, and no run of the simulation is flooded by a descriptor left readable.
#pragma once

#include <memory>

namespace thespis::sim {

namespace detail {
class Kernel;
}

/// A simulated descriptor (see the top of this file). Valid while its Simulation is.
class WatchSource {
 public:
  /// The descriptor number an actor watches (unique within the simulation; no real descriptor).
  int fd() const { return fd_; }
  /// Data arrives (see the top of this file). Does not run the simulation.
  void make_readable();

 private:
  friend class Simulation;
  WatchSource(std::shared_ptr<detail::Kernel> kernel, int fd)
      : kernel_(std::move(kernel)), fd_(fd) {}

  std::shared_ptr<detail::Kernel> kernel_;
  int fd_;
};

}  // namespace thespis::sim

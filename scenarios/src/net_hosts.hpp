// Where a scenario's nodes run on real processes (tcp or udp base), and what its network faults
// do to them.
//
// Where network namespaces can be made (as root; hostlab), every node is a host of its own with
// its own address and port space, and the faults happen for real: partitions and one-way
// partitions drop every IP packet of the cut direction with nftables (TCP segments and UDP
// datagrams alike), isolate takes the node's link down, pause stops its
// processes (SIGSTOP / SIGCONT), crash kills them (SIGKILL). Elsewhere every node is an admin
// on 127.0.0.1, and the network faults have no real counterpart (the run says so).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <thespis/hostlab/lab.hpp>

namespace thespis::scenario::detail {

class NetHosts {
 public:
  explicit NetHosts(const std::vector<std::string>& nodes);

  /// True when every node is a host of its own; otherwise why they share 127.0.0.1.
  bool separate() const { return lab_.has_value(); }
  const std::string& why_shared() const { return why_shared_; }
  /// The address the node's admin, its actors and the runner's endpoint for it listen on.
  std::string address(const std::string& node) const;
  /// The network the hosts share (e.g. "10.200.3.0/24"), for the report.
  std::string network() const { return lab_ ? lab_->subnet() : "127.0.0.1"; }

  /// Runs `fn` inside the node's host: the sockets it opens, the threads and processes it
  /// starts, are the node's.
  template <class F>
  auto in_node(const std::string& node, F&& fn) {
    if (lab_) return lab_->in_host(node, std::forward<F>(fn));
    return fn();
  }

  // The network faults; each returns false when it has no real counterpart here.
  bool partition(const std::vector<std::vector<std::string>>& groups);
  bool one_way(const std::string& from, const std::string& to);
  bool isolate(const std::string& node);
  bool heal();
  /// Stops (or continues) every process of the node; false without separate hosts.
  bool pause(const std::string& node);
  bool resume(const std::string& node);
  bool paused(const std::string& node) const { return paused_.contains(node); }
  /// SIGKILLs every process of the node; false without separate hosts (the caller kills the
  /// processes the node's admin names).
  bool kill_all(const std::string& node);

 private:
  std::optional<hostlab::Lab> lab_;
  std::string why_shared_;
  std::set<std::string> paused_;
};

}  // namespace thespis::scenario::detail

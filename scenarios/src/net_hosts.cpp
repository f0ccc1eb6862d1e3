#include "net_hosts.hpp"

#include <thespis/hostlab/leftovers.hpp>

namespace thespis::scenario::detail {

NetHosts::NetHosts(const std::vector<std::string>& nodes) {
  if (auto reason = hostlab::unavailable_reason()) {
    why_shared_ = *reason;  // e.g. "network namespaces need root (...)"
    return;
  }
  lab_.emplace(nodes);
}

std::string NetHosts::address(const std::string& node) const {
  return lab_ ? lab_->address(node) : "127.0.0.1";
}

bool NetHosts::partition(const std::vector<std::vector<std::string>>& groups) {
  if (!lab_) return false;
  lab_->partition(groups);
  return true;
}

bool NetHosts::one_way(const std::string& from, const std::string& to) {
  if (!lab_) return false;
  lab_->block(from, to);
  return true;
}

bool NetHosts::isolate(const std::string& node) {
  if (!lab_) return false;
  lab_->link_down(node);
  return true;
}

bool NetHosts::heal() {
  if (!lab_) return false;
  lab_->heal();
  return true;
}

bool NetHosts::pause(const std::string& node) {
  if (!lab_) return false;
  lab_->pause_host(node);
  paused_.insert(node);
  return true;
}

bool NetHosts::resume(const std::string& node) {
  if (!lab_) return false;
  lab_->resume_host(node);
  paused_.erase(node);
  return true;
}

bool NetHosts::kill_all(const std::string& node) {
  if (!lab_) return false;
  lab_->kill_all(node);
  paused_.erase(node);
  return true;
}

}  // namespace thespis::scenario::detail

#include "locations.hpp"

namespace thespis::net::detail {
namespace {

constexpr std::size_t max_gone = 4096;
constexpr std::size_t max_refused = 4096;

}  // namespace

std::optional<Location> Locations::find(const ActorAddress& address, Directory& directory) {
  if (auto cached = at_.find(address); cached != at_.end()) return cached->second;
  if (gone_.count(address) != 0) return std::nullopt;
  Location where = directory.locate(address);
  if (where.port == 0 || refused_.count(where) != 0) {
    if (gone_.size() >= max_gone) gone_.clear();
    gone_.insert(address);
    return std::nullopt;
  }
  at_[address] = where;
  return where;
}

void Locations::forget_all_at(const Location& where) {
  std::erase_if(at_, [&](const auto& entry) { return entry.second == where; });
}

void Locations::refused(const Location& where) {
  forget_all_at(where);
  if (refused_.size() >= max_refused) refused_.clear();
  refused_.insert(where);
}

}  // namespace thespis::net::detail

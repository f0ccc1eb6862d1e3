#include <thespis/assert.hpp>
#include <thespis/detail/registration_conflicts.hpp>

namespace thespis::detail {
namespace {

struct Recording {
  bool active = false;
  std::vector<std::string> conflicts;
};

Recording& recording() {
  static Recording instance;
  return instance;
}

}  // namespace

RecordRegistrationConflicts::RecordRegistrationConflicts() {
  THESPIS_ASSERT(!recording().active, "registration conflicts are recorded already");
  recording() = {.active = true, .conflicts = {}};
}

RecordRegistrationConflicts::~RecordRegistrationConflicts() { recording() = {}; }

const std::vector<std::string>& RecordRegistrationConflicts::conflicts() const {
  return recording().conflicts;
}

bool record_registration_conflict(std::string_view kind, std::string_view name) {
  Recording& r = recording();
  if (!r.active) return false;
  r.conflicts.push_back(std::string(kind) + " '" + std::string(name) + "'");
  return true;
}

}  // namespace thespis::detail

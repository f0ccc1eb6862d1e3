// Registration conflicts while a shared library loads. Registering a second type (actor,
// message, app) under a taken name is a programmer error and asserts — except while a library
// is being loaded (`thespis node --load`): its static registrars run inside dlopen(), where an
// exception cannot be thrown and an abort would tell the user nothing about which library is
// wrong. While a RecordRegistrationConflicts lives, the registries record such a conflict here
// and carry on with a registration that nobody can find; the loader then refuses the library,
// naming every conflict. Single-threaded: libraries load before any system starts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace thespis::detail {

/// While it lives, conflicting registrations are recorded instead of asserted.
class RecordRegistrationConflicts {
 public:
  RecordRegistrationConflicts();
  ~RecordRegistrationConflicts();
  RecordRegistrationConflicts(const RecordRegistrationConflicts&) = delete;
  RecordRegistrationConflicts& operator=(const RecordRegistrationConflicts&) = delete;

  /// What was recorded so far ("actor type 'Account'").
  const std::vector<std::string>& conflicts() const;
};

/// Called by a registry that found `name` taken: true if the conflict was recorded (the
/// caller goes on without registering), false if it must assert.
bool record_registration_conflict(std::string_view kind, std::string_view name);

}  // namespace thespis::detail

// Loading a user's actor types, message types and apps from shared libraries into a running
// program: what `thespis node --load` and `thespis run --load` do (the role of Thespian's
// loadActorSource, with native code). A library registers its types through the ordinary
// static registrars (THESPIS_ACTOR, THESPIS_MESSAGE, THESPIS_APP) when dlopen() runs its
// constructors; it is built without thespis' own static libraries and binds to the program's
// (which exports its symbols: the `thespis` executable does). Libraries load before any system
// starts — the admin's spawner forks actor processes from this process, so they have them —
// and stay loaded. The build identity of the program covers them. Not thread-safe: call it
// from main() before anything else runs.
#pragma once

#include <string>
#include <vector>

namespace thespis::net {

struct LoadedLibrary {
  std::string path;                      ///< where it was loaded from (absolute when known)
  std::string identity;                  ///< the file as loaded: device, inode, size, mtime
  std::vector<std::string> actor_types;  ///< the actor types it registered
};

/// Loads the shared library at `path` (dlopen, RTLD_NOW | RTLD_GLOBAL). Throws thespis::Error
/// naming the file and the reason (dlerror(), or the names it registers that this program
/// already has); a program whose load failed must not go on to start a system. Loading a file
/// loaded already does nothing.
void load_library(const std::string& path);

/// The libraries loaded so far, in load order.
const std::vector<LoadedLibrary>& loaded_libraries();

/// "PATH (actor types A, B)" for each loaded library, for status displays.
std::vector<std::string> describe_loaded_libraries();

}  // namespace thespis::net

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>

#include <thespis/actor_type.hpp>
#include <thespis/detail/hash.hpp>
#include <thespis/detail/registration_conflicts.hpp>
#include <thespis/error.hpp>
#include <thespis/net/loaded_libraries.hpp>

#include "loaded_libraries_impl.hpp"

namespace thespis::net {
namespace {

std::vector<LoadedLibrary>& libraries() {
  static std::vector<LoadedLibrary> loaded;
  return loaded;
}

std::vector<void*>& handles() {  // beside libraries(), same order
  static std::vector<void*> loaded;
  return loaded;
}

std::vector<std::string> actor_type_names() {
  std::vector<std::string> names;
  for (const ActorType* type : registered_actor_types()) names.push_back(type->name);
  return names;  // sorted: the registry is a map
}

/// Where the dynamic linker found the library (it searches when `path` has no slash).
std::string loaded_from(void* handle, const std::string& path) {
  link_map* map = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr && map->l_name != nullptr &&
      map->l_name[0] != '\0') {
    char* absolute = realpath(map->l_name, nullptr);  // status shows where, whatever the cwd
    if (absolute == nullptr) return map->l_name;
    std::string found = absolute;
    std::free(absolute);
    return found;
  }
  return path;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string load_failure(const std::string& path, std::string why) {
  // A library built against thespis binds to the program's copy; a program that does not
  // export its symbols leaves them undefined.
  if (why.find("undefined symbol: _ZN7thespis") != std::string::npos) {
    why +=
        " (a program that loads libraries must export its symbols: link it with CMake's "
        "ENABLE_EXPORTS, i.e. -rdynamic, as the thespis executable is)";
  }
  return "cannot load the library '" + path + "': " + why;
}

}  // namespace

void load_library(const std::string& path) {
  const std::vector<std::string> before = actor_type_names();
  const thespis::detail::RecordRegistrationConflicts conflicts;
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw Error(load_failure(path, why != nullptr ? why : "unknown reason"));
  }
  if (std::find(handles().begin(), handles().end(), handle) != handles().end()) {
    dlclose(handle);  // loaded already (the same file): only the reference count grew
    return;
  }
  if (!conflicts.conflicts().empty()) {
    // Not unloaded: the registries may hold pointers into it. The caller stops.
    throw Error(load_failure(path, "it registers " + join(conflicts.conflicts()) +
                                       ", which this program has already (linked in, or from "
                                       "an earlier library); give its type another name"));
  }
  LoadedLibrary library{.path = loaded_from(handle, path), .identity = {}, .actor_types = {}};
  library.identity = detail::file_identity(library.path);
  const std::vector<std::string> after = actor_type_names();
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(library.actor_types));
  libraries().push_back(std::move(library));
  handles().push_back(handle);
}

const std::vector<LoadedLibrary>& loaded_libraries() { return libraries(); }

std::vector<std::string> describe_loaded_libraries() {
  std::vector<std::string> lines;
  for (const LoadedLibrary& library : libraries()) {
    lines.push_back(library.path + " (actor types: " +
                    (library.actor_types.empty() ? "none" : join(library.actor_types)) + ")");
  }
  return lines;
}

namespace detail {

std::string file_identity(const std::string& path) {
  // The file as built: its identity on disk, size and modification time. Rebuilding or
  // replacing it changes them; hashing its contents would cost a read of the whole file.
  struct stat file {};
  if (stat(path.c_str(), &file) != 0) return "unknown";
  const std::string fields = std::to_string(file.st_dev) + ":" + std::to_string(file.st_ino) + ":" +
                             std::to_string(file.st_size) + ":" +
                             std::to_string(file.st_mtim.tv_sec) + "." +
                             std::to_string(file.st_mtim.tv_nsec);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(thespis::detail::fnv1a(fields)));
  return hex;
}

}  // namespace detail
}  // namespace thespis::net

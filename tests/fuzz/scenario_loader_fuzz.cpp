// Fuzz target: a scenario file's text, as `thespis run` reads it.
//
// The loader's contract is that a bad file throws ScenarioError (a thespis::Error) naming the
// file, line and field. Anything else — another exception, a crash, a huge allocation, a hang —
// is a finding. The example apps (kvstore, election, echo) are linked so that the loader gets
// past the app check into nodes, actors, steps and messages.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <thespis/error.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/scenario.hpp>

namespace {

void require_apps() {
  static const bool linked = [] {
    for (const char* app : {"kvstore", "election", "echo"}) {
      if (thespis::scenario::find_app(app) == nullptr) {
        std::fprintf(stderr, "scenario_loader_fuzz: app %s is not registered\n", app);
        std::abort();
      }
    }
    return true;
  }();
  (void)linked;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  require_apps();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)thespis::scenario::parse_scenario(text, "fuzz.yaml");
  } catch (const thespis::Error&) {
    // a malformed scenario, reported as the contract says
  }
  return 0;
}

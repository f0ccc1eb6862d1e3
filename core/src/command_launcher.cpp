// The registry of command launcher providers (command_launcher.hpp). Kept apart from
// run_command.cpp so that a base's registration pulls in no message type of RunCommand's.
#include <vector>

#include <thespis/command_launcher.hpp>

namespace thespis::detail {
namespace {

std::vector<CommandLauncherProvider>& providers() {
  static std::vector<CommandLauncherProvider> instance;
  return instance;
}

}  // namespace

void register_command_launcher(CommandLauncherProvider provider) {
  providers().push_back(provider);
}

std::unique_ptr<CommandLauncher> command_launcher_for(ActorContext& context) {
  for (const CommandLauncherProvider provider : providers()) {
    if (auto launcher = provider(context)) return launcher;
  }
  return nullptr;
}

}  // namespace thespis::detail

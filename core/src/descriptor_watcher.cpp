// The registry of descriptor watcher providers (descriptor_watcher.hpp).
#include <vector>

#include <thespis/descriptor_watcher.hpp>

namespace thespis::detail {
namespace {

std::vector<DescriptorWatcherProvider>& providers() {
  static std::vector<DescriptorWatcherProvider> instance;
  return instance;
}

}  // namespace

void register_descriptor_watcher(DescriptorWatcherProvider provider) {
  providers().push_back(provider);
}

std::unique_ptr<DescriptorWatcher> descriptor_watcher_for(ActorContext& context) {
  for (const DescriptorWatcherProvider provider : providers()) {
    if (auto watcher = provider(context)) return watcher;
  }
  return nullptr;
}

}  // namespace thespis::detail

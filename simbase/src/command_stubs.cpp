#include "command_stubs.hpp"

#include <set>

#include "kernel.hpp"

namespace thespis::sim::detail {
namespace {

using thespis::detail::LaunchOutcome;
using thespis::detail::LaunchRequest;
using thespis::detail::ProcessEnded;
using thespis::detail::ProcessOutput;
using thespis::detail::ProcessSignal;

constexpr std::int64_t first_pid = 4000;
constexpr std::int64_t sigterm = 15;
constexpr std::int64_t sigkill = 9;

const CommandStub* find_stub(const CommandStubs& stubs, const std::vector<std::string>& argv) {
  const auto named = [&](std::string_view name) -> const CommandStub* {
    const auto it = stubs.find(name);
    return it == stubs.end() ? nullptr : &it->second;
  };
  if (argv.size() == 3 && argv[0] == "/bin/sh" && argv[1] == "-c") {
    if (const auto* stub = named(argv[2])) return stub;
  }
  if (const auto* stub = named(argv.front())) return stub;
  const auto slash = argv.front().rfind('/');
  return slash == std::string::npos ? nullptr : named(argv.front().substr(slash + 1));
}

class StubLauncher final : public thespis::detail::CommandLauncher {
 public:
  StubLauncher(ActorContext& context, const CommandStubs& stubs)
      : context_(context), stubs_(stubs) {}

  LaunchOutcome start(const LaunchRequest& request) override {
    const CommandStub* stub = find_stub(stubs_, request.argv);
    if (stub == nullptr) return {.pid = 0, .error = "No such file or directory"};
    const CommandScript script = (*stub)({request.argv, request.environment, request.input});
    if (script.not_found) return {.pid = 0, .error = "No such file or directory"};
    for (const StubChunk& chunk : script.chunks) {
      if (chunk.at >= script.duration) continue;  // written after the end: never
      context_.wakeup_after(chunk.at, ProcessOutput{request.run, chunk.stream, chunk.data});
    }
    context_.wakeup_after(
        script.duration,
        ProcessEnded{.run = request.run, .exit_code = script.exit_code, .signal = {}});
    if (!script.ignores_terminate) terminable_.insert(request.run);
    running_.insert(request.run);
    return {.pid = first_pid + static_cast<std::int64_t>(request.run), .error = {}};
  }

  void signal(std::uint64_t run, ProcessSignal signal) override {
    if (!running_.contains(run)) return;
    if (signal == ProcessSignal::terminate && !terminable_.contains(run)) return;
    running_.erase(run);
    // Ends now; what the script had still to write or report stays scheduled, and the actor
    // ignores it (a run's first ProcessEnded is its end).
    context_.wakeup_after(
        std::chrono::nanoseconds(0),
        ProcessEnded{.run = run,
                     .exit_code = {},
                     .signal = signal == ProcessSignal::kill ? sigkill : sigterm});
  }

 private:
  ActorContext& context_;
  const CommandStubs& stubs_;
  std::set<std::uint64_t> running_;     // started and not signalled to an end
  std::set<std::uint64_t> terminable_;  // SIGTERM ends them
};

}  // namespace

std::unique_ptr<thespis::detail::CommandLauncher> stub_launcher_for(ActorContext& context) {
  auto* sim_context = dynamic_cast<SimContext*>(&context);
  if (sim_context == nullptr) return nullptr;
  return std::make_unique<StubLauncher>(context, sim_context->kernel().command_stubs());
}

}  // namespace thespis::sim::detail

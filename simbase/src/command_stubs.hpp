// The simulation's command launcher (command_launcher.hpp): plays the stubs a test registered
// (command_stub.hpp) as wakeups of the RunCommand actor, in virtual time. Deterministic: it reads
// no clock, and its made-up pids count the actor's runs.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <thespis/command_launcher.hpp>
#include <thespis/sim/command_stub.hpp>

namespace thespis::sim::detail {

using CommandStubs = std::map<std::string, CommandStub, std::less<>>;

/// The launcher for an actor of the simulation, or nullptr for another base's context.
std::unique_ptr<thespis::detail::CommandLauncher> stub_launcher_for(ActorContext& context);

}  // namespace thespis::sim::detail

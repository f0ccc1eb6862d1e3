// Forward declarations of the scenario types.
#pragma once

namespace thespis::scenario {
struct App;
struct Check;
class CheckContext;
struct FailureSignature;
struct LoadLimits;
struct PoolResult;
struct ProcessPoolOptions;
struct Scenario;
struct RunOptions;
struct RunResult;
struct Value;
}  // namespace thespis::scenario

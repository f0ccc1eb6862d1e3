// Forward declarations of the properties component's types, for headers that only name them.
#pragma once

namespace thespis::properties {
struct Operation;
class HistoryRecorder;
struct CheckOptions;
struct CheckResult;
struct Violation;
template <class State>
struct Model;
}  // namespace thespis::properties

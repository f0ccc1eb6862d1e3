// Forward declarations of hostlab's types, for headers that only name them.
#pragma once

namespace thespis::hostlab {
class Lab;
class HostLabError;
class CommandError;
}  // namespace thespis::hostlab

// The pass that keeps a decode's memory proportional to its input and bounded.
//
// msgpack-cxx allocates an array's or a map's storage when it reads the header, before any
// element is there: five bytes declaring 16 million elements cost 384 MiB, and nesting
// multiplies it. Its limits bound each container and string, not their sum, so a document of
// one-byte nils still costs 24 bytes of tree per byte (32 MB of frames made of nils: +824 MB).
//
// check_bounds walks the bytes once, allocating nothing, before msgpack-cxx builds the tree. It
// rejects a value whose containers promise more elements than bytes remain (each element takes
// at least one), more values in all than DecodeLimits::max_elements, deeper nesting than
// max_depth, or a container or string over its own limit. What passes costs at most 24 bytes of
// tree per input byte and per value, whichever is less.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <thespis/codec.hpp>

namespace thespis::detail {

/// Checks the msgpack value that starts `bytes` against `limits` and returns where it ends.
/// Throws DecodeError naming the problem. `open` is scratch space, reused across calls.
std::size_t check_bounds(std::string_view bytes, const DecodeLimits& limits,
                         std::vector<std::size_t>& open);

}  // namespace thespis::detail

// The non-template half of the checker: partitioning a history and, once a partition is known
// not to be linearizable, narrowing it down to the Violation that check_result.hpp describes.
// The search itself is a template (wing_gong.hpp); it reaches these through a callback.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <thespis/properties/check_result.hpp>
#include <thespis/properties/history.hpp>

namespace thespis::properties::detail {

using Partitioner = std::function<std::vector<std::vector<std::size_t>>(const History&)>;
/// Checks a history; only `illegal` counts as evidence.
using SubCheck = std::function<Verdict(const History&)>;

/// The partitions of `history` (all of it as one when `partition` is unset).
std::vector<std::vector<std::size_t>> partitions_of(const Partitioner& partition,
                                                    const History& history);

/// The operations of `history` at `indices`, in that order.
History select(const History& history, const std::vector<std::size_t>& indices);

/// The cut and core of `part`, a non-linearizable partition of `history`.
Violation find_violation(const History& history, const std::vector<std::size_t>& part,
                         const SubCheck& check);

}  // namespace thespis::properties::detail

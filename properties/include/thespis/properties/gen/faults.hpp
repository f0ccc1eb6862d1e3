// gen::fault_plan(): fault plans within FaultBounds. A plan has up to max_faults slots, each
// empty or one fault; RapidCheck shrinks a slot to empty first (fewer faults), then the fault's
// kind toward the mildest its bounds allow, its duration toward min_duration, its clock offset and
// drift toward zero, a partition's group toward one node, its start toward the phase's start.
// Small RapidCheck sizes (the first cases of a property) draw few, short, mild faults.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include <thespis/properties/fault_plan.hpp>

namespace thespis::properties::gen {
namespace detail {

/// One of `items`, shrinking toward the first (RapidCheck's elementOf does not shrink); small
/// sizes draw from the front of the list.
template <class T>
rc::Gen<T> one_of(std::vector<T> items) {
  const std::size_t count = items.size();
  return rc::gen::map(rc::gen::inRange<std::size_t>(0, count),
                      [items = std::move(items)](std::size_t i) { return items[i]; });
}

/// A duration in [low, high], shrinking toward low.
inline rc::Gen<std::chrono::nanoseconds> duration_in(std::chrono::nanoseconds low,
                                                     std::chrono::nanoseconds high) {
  return rc::gen::map(rc::gen::inRange<std::int64_t>(0, (high - low).count() + 1),
                      [low](std::int64_t extra) { return low + std::chrono::nanoseconds(extra); });
}

/// A value in [-magnitude, magnitude], shrinking toward 0.
inline std::int64_t signed_up_to(std::int64_t magnitude) {
  const auto size = *rc::gen::inRange<std::int64_t>(0, magnitude + 1);
  return *rc::gen::arbitrary<bool>() ? -size : size;
}

/// A group of a partition: a non-empty proper subset of `nodes`, shrinking toward one node.
inline std::vector<std::string> partition_group(const std::vector<std::string>& nodes) {
  const auto first = *rc::gen::inRange<std::size_t>(0, nodes.size());
  std::vector<std::string> group;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i == first || *rc::gen::arbitrary<bool>()) group.push_back(nodes[i]);
  }
  if (group.size() == nodes.size()) group.erase(group.begin() + (first == 0 ? 1 : 0));
  return group;
}

inline PlannedFault fault_of(FaultKind kind, const FaultBounds& b) {
  PlannedFault f;
  f.kind = kind;
  f.at = *duration_in(std::chrono::nanoseconds{0}, b.horizon - std::chrono::nanoseconds{1});
  if (kind != FaultKind::kill) f.duration = *duration_in(b.min_duration, b.max_duration);
  switch (kind) {
    case FaultKind::kill:
      f.actor = *one_of(b.actors);
      break;
    case FaultKind::partition:
      f.nodes = partition_group(b.nodes);
      break;
    case FaultKind::one_way: {
      const auto from = *rc::gen::inRange<std::size_t>(0, b.nodes.size());
      auto to = *rc::gen::inRange<std::size_t>(0, b.nodes.size() - 1);
      if (to >= from) ++to;
      f.nodes = {b.nodes[from], b.nodes[to]};
      break;
    }
    default:
      f.nodes = {*one_of(b.nodes)};
  }
  if (kind == FaultKind::clock_skew) {
    f.clock_offset = std::chrono::nanoseconds(signed_up_to(b.max_clock_offset.count()));
    f.drift_ppm = signed_up_to(b.max_drift_ppm);
  }
  return f;
}

}  // namespace detail

/// One fault within `bounds` (kinds drawn mildest first).
inline rc::Gen<PlannedFault> planned_fault(FaultBounds bounds) {
  validate(bounds);
  std::sort(bounds.kinds.begin(), bounds.kinds.end());
  bounds.kinds.erase(std::unique(bounds.kinds.begin(), bounds.kinds.end()), bounds.kinds.end());
  return rc::gen::mapcat(detail::one_of(bounds.kinds), [bounds](FaultKind kind) {
    return rc::gen::exec([kind, bounds] { return detail::fault_of(kind, bounds); });
  });
}

/// A normalised plan of up to bounds.max_faults faults.
inline rc::Gen<FaultPlan> fault_plan(FaultBounds bounds) {
  auto slots = rc::gen::container<std::vector<rc::Maybe<PlannedFault>>>(
      bounds.max_faults, rc::gen::maybe(planned_fault(bounds)));
  return rc::gen::map(std::move(slots), [bounds](const std::vector<rc::Maybe<PlannedFault>>& s) {
    FaultPlan plan;
    for (const auto& slot : s) {
      if (slot) plan.faults.push_back(*slot);
    }
    return normalise(std::move(plan), bounds);
  });
}

}  // namespace thespis::properties::gen

namespace thespis::properties {
inline void showValue(const PlannedFault& fault, std::ostream& os) { os << to_string(fault); }
inline void showValue(const FaultPlan& plan, std::ostream& os) { os << to_string(plan); }
}  // namespace thespis::properties

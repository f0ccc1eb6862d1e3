// Stateful (model-based) properties of actor systems with RapidCheck's rc::state: commands that
// inject faults into a SimWorld, to mix with the user's own commands so that RapidCheck draws,
// and shrinks, user operations and faults as one sequence.
//
// The user's Model is a FaultModel (derives from it) or has one in a member named `faults`; the
// Sut is a SimWorld or has one in a member named `world`. Each fault command is an
// rc::state::Command<Model, Sut> built from the model (as execOneOfWithArgs does): it draws its
// target among the nodes the model allows and discards itself (RC_PRE) when none does;
// checkPreconditions() checks the drawn fault again, for the sequences shrinking makes; apply()
// records it in the model's FaultModel and run() injects it into the world.
//
//   struct Model : FaultModel { std::int64_t count = 0; };
//   struct Sut { SimWorld world; };
//   const auto commands = rc::state::gen::execOneOfWithArgs<
//       Increment, Increment, Partition<Model, Sut>, Heal<Model, Sut>, Pause<Model, Sut>,
//       Resume<Model, Sut>, AdvanceTime<Model, Sut>>();
//   const Model end = check_commands(initial, sut, commands);   // rc::state::check, and then
//   sut.world.calm();                                           // the model at the end
//
// execOneOfWithArgs picks uniformly among the listed types: list a command twice to draw it
// twice as often. A generated value shrinks toward the mildest fault: a partition's group
// toward one node, a clock skew toward none, a wait toward bounds.min_advance.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <thespis/properties/fault_model.hpp>
#include <thespis/properties/gen/faults.hpp>
#include <thespis/properties/sim_world.hpp>

namespace thespis::properties {

/// The FaultModel of a stateful property's model: the model itself or its member `faults`.
template <class Model>
auto& fault_model(Model& model) {
  if constexpr (std::is_base_of_v<FaultModel, std::remove_const_t<Model>>) {
    return static_cast<std::conditional_t<std::is_const_v<Model>, const FaultModel&, FaultModel&>>(
        model);
  } else {
    return model.faults;
  }
}

/// The SimWorld of a stateful property's system under test: itself or its member `world`.
template <class Sut>
SimWorld& sim_world(Sut& sut) {
  if constexpr (std::is_base_of_v<SimWorld, Sut>) {
    return sut;
  } else {
    return sut.world;
  }
}

/// Runs a generated sequence of commands on `sut` as rc::state::check does and returns the
/// model after the last one, for the property's final assertions (after calm(), say).
template <class Model, class Sut, class GenerationFunc>
Model check_commands(const Model& initial, Sut& sut, GenerationFunc&& generation) {
  const auto commands =
      *rc::state::gen::commands(initial, std::forward<GenerationFunc>(generation));
  rc::state::runAll(commands, initial, sut);
  Model end = initial;
  rc::state::applyAll(commands, end);
  return end;
}

/// What every fault command shares: the fault it injects, recorded and shown.
template <class Model, class Sut>
class FaultCommand : public rc::state::Command<Model, Sut> {
 public:
  void apply(Model& model) const override { fault_model(model).apply(fault_); }
  void run(const Model&, Sut& sut) const override { sim_world(sut).inject(fault_); }
  void show(std::ostream& os) const override { os << sim::to_string(fault_); }
  const sim::Fault& fault() const { return fault_; }

 protected:
  explicit FaultCommand(sim::Fault fault) : fault_(std::move(fault)) {}

 private:
  sim::Fault fault_;
};

namespace detail {

/// One of `nodes`, discarding the command when there is none.
inline std::string one_of(const std::vector<std::string>& nodes) {
  RC_PRE(!nodes.empty());
  return *rc::gen::elementOf(nodes);
}

inline std::vector<std::string> crashed_nodes(const FaultModel& m) {
  return {m.crashed.begin(), m.crashed.end()};
}

inline std::vector<std::string> paused_nodes(const FaultModel& m) {
  return {m.paused.begin(), m.paused.end()};
}

inline std::vector<std::string> partition_group(const FaultModel& m) {
  RC_PRE(m.nodes.size() >= 2);
  return gen::detail::partition_group(m.nodes);
}

}  // namespace detail

/// Splits the nodes in two: a non-empty proper subset against the rest (replaces every cut).
template <class Model, class Sut>
class Partition : public FaultCommand<Model, Sut> {
 public:
  explicit Partition(const Model& m)
      : FaultCommand<Model, Sut>(sim::fault::Partition{{detail::partition_group(fault_model(m))}}) {
  }
  void checkPreconditions(const Model& m) const override {
    const auto& group = std::get<sim::fault::Partition>(this->fault()).groups.at(0);
    const FaultModel& f = fault_model(m);
    RC_PRE(!group.empty() && group.size() < f.nodes.size());
    for (const std::string& node : group) RC_PRE(f.known(node));
  }
};

/// Cuts one node off from every other.
template <class Model, class Sut>
class Isolate : public FaultCommand<Model, Sut> {
 public:
  explicit Isolate(const Model& m)
      : FaultCommand<Model, Sut>(sim::fault::Isolate{detail::one_of(fault_model(m).isolatable())}) {
  }
  void checkPreconditions(const Model& m) const override {
    const std::string& node = std::get<sim::fault::Isolate>(this->fault()).node;
    RC_PRE(fault_model(m).known(node) && fault_model(m).isolated.count(node) == 0);
  }
};

/// Loses the frames from one node to another (the other direction still works).
template <class Model, class Sut>
class OneWay : public FaultCommand<Model, Sut> {
 public:
  explicit OneWay(const Model& m) : FaultCommand<Model, Sut>(draw(fault_model(m))) {}
  void checkPreconditions(const Model& m) const override {
    const auto& cut = std::get<sim::fault::OneWay>(this->fault());
    const FaultModel& f = fault_model(m);
    RC_PRE(f.known(cut.from) && f.known(cut.to) && f.one_way.count({cut.from, cut.to}) == 0);
  }

 private:
  static sim::fault::OneWay draw(const FaultModel& f) {
    RC_PRE(f.nodes.size() >= 2);
    const auto from = *rc::gen::inRange<std::size_t>(0, f.nodes.size());
    auto to = *rc::gen::inRange<std::size_t>(0, f.nodes.size() - 1);
    if (to >= from) ++to;
    return {f.nodes[from], f.nodes[to]};
  }
};

/// Removes every cut; only when some link is cut.
template <class Model, class Sut>
class Heal : public FaultCommand<Model, Sut> {
 public:
  explicit Heal(const Model& m) : FaultCommand<Model, Sut>(sim::fault::Heal{}) {
    RC_PRE(fault_model(m).cut());
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(fault_model(m).cut()); }
};

/// The host dies with its actors' state; never a spare or no_crash node, nor one already down.
template <class Model, class Sut>
class Crash : public FaultCommand<Model, Sut> {
 public:
  explicit Crash(const Model& m)
      : FaultCommand<Model, Sut>(sim::fault::Crash{detail::one_of(fault_model(m).crashable())}) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(fault_model(m).may_crash(std::get<sim::fault::Crash>(this->fault()).node));
  }
};

/// A crashed node comes back empty (SimWorld creates its actors again).
template <class Model, class Sut>
class Restart : public FaultCommand<Model, Sut> {
 public:
  explicit Restart(const Model& m)
      : FaultCommand<Model, Sut>(
            sim::fault::Restart{detail::one_of(detail::crashed_nodes(fault_model(m)))}) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(!fault_model(m).up(std::get<sim::fault::Restart>(this->fault()).node));
  }
};

/// The node stops running actors and timers; never a spare node.
template <class Model, class Sut>
class Pause : public FaultCommand<Model, Sut> {
 public:
  explicit Pause(const Model& m)
      : FaultCommand<Model, Sut>(sim::fault::Pause{detail::one_of(fault_model(m).pausable())}) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(fault_model(m).may_pause(std::get<sim::fault::Pause>(this->fault()).node));
  }
};

/// A paused node runs again, with what queued up meanwhile.
template <class Model, class Sut>
class Resume : public FaultCommand<Model, Sut> {
 public:
  explicit Resume(const Model& m)
      : FaultCommand<Model, Sut>(
            sim::fault::Resume{detail::one_of(detail::paused_nodes(fault_model(m)))}) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(fault_model(m).paused.count(std::get<sim::fault::Resume>(this->fault()).node) != 0);
  }
};

/// Sets a node's clock off by an offset and a drift within the model's bounds (both shrink toward
/// 0: a clock set right).
template <class Model, class Sut>
class ClockSkew : public FaultCommand<Model, Sut> {
 public:
  explicit ClockSkew(const Model& m) : FaultCommand<Model, Sut>(draw(fault_model(m))) {}
  void checkPreconditions(const Model& m) const override {
    const auto& skew = std::get<sim::fault::ClockSkew>(this->fault());
    const FaultModel& f = fault_model(m);
    RC_PRE(f.known(skew.node));
    RC_PRE(skew.offset <= f.bounds.max_clock_offset && -skew.offset <= f.bounds.max_clock_offset);
    RC_PRE(std::max(skew.drift_ppm, -skew.drift_ppm) <= f.bounds.max_drift_ppm);
  }

 private:
  static sim::fault::ClockSkew draw(const FaultModel& f) {
    sim::fault::ClockSkew skew;
    skew.node = detail::one_of(f.nodes);
    skew.offset =
        std::chrono::nanoseconds(gen::detail::signed_up_to(f.bounds.max_clock_offset.count()));
    skew.drift_ppm = gen::detail::signed_up_to(f.bounds.max_drift_ppm);
    return skew;
  }
};

/// Lets virtual time pass: what the faults in force do to timers, retries and leases shows.
template <class Model, class Sut>
class AdvanceTime : public rc::state::Command<Model, Sut> {
 public:
  explicit AdvanceTime(const Model& m)
      : duration_(*gen::detail::duration_in(fault_model(m).bounds.min_advance,
                                            fault_model(m).bounds.max_advance)) {}
  void run(const Model&, Sut& sut) const override { sim_world(sut).advance(duration_); }
  void show(std::ostream& os) const override {
    os << "advance " << scenario::format_duration(duration_);
  }
  std::chrono::nanoseconds duration() const { return duration_; }

 private:
  std::chrono::nanoseconds duration_;
};

/// Every fault command, drawn uniformly: execOneOfWithArgs<...>() over all of them.
template <class Model, class Sut>
auto all_fault_commands() {
  return rc::state::gen::execOneOfWithArgs<
      Partition<Model, Sut>, Isolate<Model, Sut>, OneWay<Model, Sut>, Heal<Model, Sut>,
      Crash<Model, Sut>, Restart<Model, Sut>, Pause<Model, Sut>, Resume<Model, Sut>,
      ClockSkew<Model, Sut>, AdvanceTime<Model, Sut>>();
}

}  // namespace thespis::properties

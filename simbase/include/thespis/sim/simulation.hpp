// Simulation: a deterministic world of simulated hosts (nodes) running actors in one thread and
// virtual time. It owns the kernel (nodes, actors, mailboxes, timers, the network, the choice
// source and the trace); ActorSystem handles made by system() share it. Nothing in it reads a wall
// clock, draws unseeded randomness or starts a thread: the same options and the same calls give the
// same trace hash.
//
//   thespis::sim::Simulation sim({.seed = 7});
//   thespis::ActorSystem sys(sim.system());
//   auto hello = sys.create_actor<Hello>();
//   auto reply = sys.ask(hello, "hi", 1s);     // runs the simulation until the answer
//   sim.trace_hash();
//
// Many nodes form a convention; an actor whose requirements the local node lacks is created on
// a member that has them:
//
//   Simulation sim({.nodes = {{.name = "server", .capabilities = {{"Server", true}}},
//                             {.name = "client", .capabilities = {{"Client", true}}}},
//                   .network = {.defaults = {.latency = Latency::uniform_in(1ms, 5ms)}}});
//   ActorSystem client(sim.system("client"));
//
// Virtual time advances only inside ask(), listen() and the run_* calls. A Simulation handle
// and the systems made from it are used from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/log.hpp>
#include <thespis/sim/check.hpp>
#include <thespis/sim/choice_source.hpp>
#include <thespis/sim/command_stub.hpp>
#include <thespis/sim/fault.hpp>
#include <thespis/sim/network.hpp>
#include <thespis/sim/sim_options.hpp>
#include <thespis/sim/trace.hpp>
#include <thespis/sim/watch_source.hpp>
#include <thespis/system_base.hpp>

namespace thespis {
class ActorSystem;
}

namespace thespis::sim {

namespace detail {
class Kernel;
}

class Simulation {
 public:
  explicit Simulation(SimOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = default;
  Simulation& operator=(const Simulation&) = default;

  /// A new ActorSystem base bound to the first node, or to the named node: external tell, ask
  /// and listen come from that host. Throws Error for an unknown node.
  std::unique_ptr<SystemBase> system();
  std::unique_ptr<SystemBase> system(std::string_view node);

  // --- injection (for tests) -----------------------------------------------------------------
  /// Sends `message` to `to` as if `from` had sent it: from `from`'s node, traced as its send.
  /// `from` is an actor or endpoint address of a node that is up (else Error). Does not run
  /// the simulation. Lets a test start a protocol in the middle, from any participant.
  void send(const ActorAddress& from, const ActorAddress& to, Message message);

  // --- commands (command_stub.hpp) ---------------------------------------------------------
  /// What a RunCommand actor running the command `name` sees happen, on every node; a later
  /// registration of a name replaces the earlier. An unregistered command is a missing executable.
  void stub_command(std::string name, CommandScript script);
  void stub_command(std::string name, CommandStub stub);

  // --- watched descriptors (watch_source.hpp) ----------------------------------------------
  /// A new simulated descriptor, for an actor to watch (watch.hpp); the test makes it readable.
  WatchSource watch_source();

  // --- nodes -------------------------------------------------------------------------------
  /// Adds a node; it joins its leader's convention at once (watchers are told).
  void add_node(NodeOptions node);
  std::vector<std::string> node_names() const;
  /// The node an address lives on ("" if no node ever had it).
  std::string node_of(const ActorAddress& address) const;
  bool node_up(std::string_view node) const;
  /// Whether `address` (of an actor, or of a system handle made by system()) belongs to the
  /// running incarnation of its node: false once the node crashed or left, and still false
  /// after it restarted, since a restarted node comes back empty with new addresses (a handle
  /// of the old incarnation throws; make a new one with system(node)).
  bool incarnation_running(const ActorAddress& address) const;
  /// Names of the members `node` currently sees in its convention (itself included), in node
  /// order.
  std::vector<std::string> convention_members(std::string_view node) const;
  /// Per-link options override the network defaults from now on.
  void set_link(std::string_view from, std::string_view to, LinkOptions options);

  // --- faults ------------------------------------------------------------------------------
  /// Applies a fault now; an `always` check it breaks throws CheckFailed at once.
  void inject(const Fault& fault);
  /// Applies a fault at virtual time `at` (now if already past).
  void schedule(std::chrono::nanoseconds at, Fault fault);
  void partition(std::vector<std::vector<std::string>> groups);
  void heal();
  void crash(std::string_view node);
  void restart(std::string_view node);
  /// The node shuts down cleanly and leaves its convention (see fault::Leave).
  void leave(std::string_view node);
  void kill(const ActorAddress& actor);
  /// Replaces the random fault generators from now on (interval 0: none).
  void set_random_faults(RandomFaults faults);

  // --- checks ------------------------------------------------------------------------------
  void always(std::string name, std::function<bool()> predicate);
  void eventually(std::string name, std::function<bool()> predicate,
                  std::chrono::nanoseconds within);
  /// Every message of type `request` delivered (to an actor or an endpoint) must be answered
  /// within `within`: a message of type `answer` delivered to the request's sender. One answer
  /// answers every request its receiver is waiting on (retries included); a request whose
  /// sender is gone when it falls due is dropped, since nobody is left to answer. The failure
  /// names the first request left unanswered. Throws UnknownTypeError for an unregistered type.
  void leads_to(std::string name, std::string_view request, std::string_view answer,
                std::chrono::nanoseconds within);
  /// Whenever `trigger` holds, `response` must hold at some event within `within` after it.
  void leads_to(std::string name, std::function<bool()> trigger, std::function<bool()> response,
                std::chrono::nanoseconds within);
  /// Coverage: noted the first time `predicate` holds after an event; never fails a run.
  void sometimes(std::string name, std::function<bool()> predicate);
  /// The `sometimes` checks that have held so far, in the order they were declared.
  std::vector<std::string> sometimes_reached() const;
  /// The violated check that stopped the run, if any.
  const std::optional<CheckFailure>& failure() const;
  /// Runs until every `eventually` check has held and every leads_to obligation open now is
  /// answered, or throws CheckFailed at the first deadline that passes without it. Requests
  /// made (triggers that hold) meanwhile open no obligation: they could not get their full time.
  void run_until_checks_settle();

  // --- inspection (for checks) -------------------------------------------------------------
  /// Calls `visit` for each live actor of the named type, in creation order.
  void for_each_actor(std::string_view type_name,
                      const std::function<void(const ActorAddress&, Actor&)>& visit);
  /// The live actors of type T (registered with THESPIS_ACTOR), in creation order.
  template <class T>
  std::vector<T*> actors() {
    std::vector<T*> found;
    for_each_actor(actor_type<T>().name, [&](const ActorAddress&, Actor& actor) {
      if (auto* typed = dynamic_cast<T*>(&actor)) found.push_back(typed);
    });
    return found;
  }

  /// The live actor at `address`, or nullptr (gone, not started, an endpoint, no such address).
  Actor* actor_at(const ActorAddress& address);
  template <class T>
  T* actor_at(const ActorAddress& address) {
    return dynamic_cast<T*>(actor_at(address));
  }

  /// Adds a mirror: an object of the named actor type standing for an actor that lives
  /// elsewhere at `address` (the tcp scenario runner restores its state from an
  /// ActorInspection). Checks see it through actors<T>() and actor_at(address) like a live
  /// actor, after the simulation's own. It is constructed with an inert context — its sends,
  /// creations, wakeups and logs go nowhere, its clock reads `clock` (ActorInspection::now:
  /// what the real actor's clock read when it answered) — so constructing it adds nothing to
  /// the simulation, and it never receives a message. Throws UnknownTypeError for an
  /// unregistered type and Error when `address` already names an actor here.
  Actor& adopt_mirror(const ActorAddress& address, std::string_view type_name,
                      std::chrono::nanoseconds clock = {});

  std::chrono::nanoseconds now() const;
  /// Runs until no actor has work and no timer is pending, or until `limit` of virtual time
  /// has passed. True if quiescent.
  bool run_until_quiescent(std::chrono::nanoseconds limit = std::chrono::hours(24 * 365));
  /// Runs for `duration` of virtual time (time ends exactly `duration` later).
  void run_for(std::chrono::nanoseconds duration);

  /// The seed of the choice source (nothing when the run replays a tape).
  std::optional<std::uint64_t> seed() const;
  std::uint64_t trace_hash() const;
  const Trace& trace() const;
  const ChoiceSource& choices() const;
  /// Messages delivered to actors so far.
  std::uint64_t deliveries() const;
  /// Deliveries that chose among two or more ready actors: the steps a scheduler decides, what
  /// PCT's step count (PctOptions::steps) estimates.
  std::uint64_t scheduling_steps() const;
  /// Dead letters that no handler received (and other dropped messages).
  std::uint64_t dropped() const;
  /// Frames the network lost, duplicated and corrupted (the corrupted ones were rejected).
  std::uint64_t frames_lost() const;
  std::uint64_t frames_duplicated() const;
  std::uint64_t frames_corrupted() const;
  /// Messages that reached no live actor (whether a handler took them or not).
  std::uint64_t dead_letters() const;
  /// Faults applied so far (scheduled, injected or drawn at random).
  std::uint64_t faults_applied() const;
  /// The last fault applied that broke something (sim::to_string of it), or "" if none was.
  /// Recoveries (restart, heal, resume) are not counted: a failure follows from what broke.
  const std::string& last_fault() const;
  std::uint64_t live_actors() const;

  /// Stops every actor (exit handlers run); idempotent. Also done when the last handle goes.
  void shutdown();

  /// The simulation behind an ActorSystem of the "sim" base; throws Error otherwise.
  static Simulation of(ActorSystem& system);

 private:
  explicit Simulation(std::shared_ptr<detail::Kernel> kernel) : kernel_(std::move(kernel)) {}
  std::shared_ptr<detail::Kernel> kernel_;
};

}  // namespace thespis::sim

// Inspection (inspect.hpp): the runtime answers InspectActor with the state an actor declares
// (THESPIS_INSPECT), never its handler; a mirror (Simulation::adopt_mirror) restores that state
// and adds nothing to the simulation that holds it.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/codec.hpp>
#include <thespis/inspect.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorInspection;
using thespis::InspectActor;
using thespis::Message;
namespace sim = thespis::sim;

namespace inspect_test {

/// Counts every message its receive() sees, and remembers the strings.
class Tally : public thespis::Actor {
 public:
  void receive(const Message& message, const ActorAddress&) override {
    ++received_;
    if (const auto* text = message.get_if<std::string>()) words_[*text] += 1;
  }
  std::int64_t received() const { return received_; }
  const std::map<std::string, std::int64_t>& words() const { return words_; }

 private:
  std::int64_t received_ = 0;
  std::map<std::string, std::int64_t> words_;
  THESPIS_INSPECT(received_, words_)
};
THESPIS_ACTOR(Tally)

/// Inherits Tally's declaration.
class TallyToo : public Tally {};
THESPIS_ACTOR(TallyToo)

class Opaque : public thespis::Actor {
 public:
  Opaque() {
    on<std::string>([this](const std::string&) { ++seen_; });
  }

 private:
  int seen_ = 0;
};
THESPIS_ACTOR(Opaque)

/// Its state is a deadline that a check compares with its clock.
class Deadline : public thespis::Actor {
 public:
  Deadline() {
    on<std::string>([this](const std::string&) { until_ = now() + 50ms; });
  }
  bool running() const { return now() < until_; }

 private:
  std::chrono::nanoseconds until_{0};
  THESPIS_INSPECT(until_)
};
THESPIS_ACTOR(Deadline)

/// A constructor with effects: it sends, creates a child and sets a wakeup.
class Busy : public thespis::Actor {
 public:
  Busy() {
    send(ActorAddress(1, 1), std::string("hello"));
    child_ = create_actor<Opaque>();
    wakeup_after(1ms);
  }
  ActorAddress child() const { return child_; }

 private:
  ActorAddress child_;
};
THESPIS_ACTOR(Busy)

ActorInspection inspect(thespis::ActorSystem& system, const ActorAddress& actor) {
  const auto answer = system.ask(actor, InspectActor{}, 1s);
  EXPECT_TRUE(answer.has_value());
  if (!answer) return {};
  EXPECT_TRUE(answer->is<ActorInspection>()) << answer->to_string();
  return answer->get<ActorInspection>();
}

TEST(Inspection, StateRoundTripsIntoAMirror) {
  sim::Simulation world;
  thespis::ActorSystem system(world.system());
  const ActorAddress tally = system.create_actor<Tally>();
  for (const char* word : {"a", "b", "a"}) system.tell(tally, std::string(word));
  const ActorInspection inspection = inspect(system, tally);
  EXPECT_EQ(inspection.type, "Tally");
  ASSERT_TRUE(inspection.inspectable);

  sim::Simulation mirror_world;
  thespis::Actor& mirror = mirror_world.adopt_mirror(tally, "Tally");
  thespis::ByteDecoder decoder;
  mirror.restore_state(decoder.parse(inspection.state));
  auto* restored = mirror_world.actor_at<Tally>(tally);
  ASSERT_EQ(restored, &mirror);
  EXPECT_EQ(restored->received(), 3);
  EXPECT_EQ(restored->words(), (std::map<std::string, std::int64_t>{{"a", 2}, {"b", 1}}));
  EXPECT_EQ(mirror_world.actors<Tally>(), std::vector<Tally*>{restored});
}

TEST(Inspection, AMirrorsClockReadsTheActorsClockWhenItAnswered) {
  sim::Simulation world;
  sim::NodeOptions node;
  node.name = "far";
  world.add_node(node);
  thespis::ActorSystem here(world.system());
  thespis::ActorSystem far(world.system("far"));
  const ActorAddress deadline = far.create_actor<Deadline>();
  sim::fault::ClockSkew skew;
  skew.node = "far";
  skew.offset = -1s;
  world.inject(skew);
  here.tell(deadline, std::string("start"));
  world.run_for(2ms);
  const ActorInspection inspection = inspect(here, deadline);
  // Its clock, not the asker's: a second behind virtual time.
  EXPECT_LT(inspection.now, world.now() - 999ms);
  EXPECT_GT(inspection.now, -1s);

  sim::Simulation mirror_world;
  thespis::Actor& mirror = mirror_world.adopt_mirror(deadline, "Deadline", inspection.now);
  thespis::ByteDecoder decoder;
  mirror.restore_state(decoder.parse(inspection.state));
  EXPECT_TRUE(dynamic_cast<Deadline&>(mirror).running());  // at zero it would read as over
  EXPECT_EQ(world.actors<Deadline>().at(0)->running(), true);
}

TEST(Inspection, InspectActorNeverReachesReceive) {
  sim::Simulation world;
  thespis::ActorSystem system(world.system());
  const ActorAddress tally = system.create_actor<TallyToo>();
  system.tell(tally, std::string("x"));
  inspect(system, tally);
  inspect(system, tally);
  const ActorInspection last = inspect(system, tally);
  EXPECT_EQ(last.type, "TallyToo");
  ASSERT_TRUE(last.inspectable);  // the base's declaration is inherited
  EXPECT_EQ(world.actors<TallyToo>().at(0)->received(), 1);
}

TEST(Inspection, ATypeWithoutInspectAnswersNotInspectable) {
  sim::Simulation world;
  thespis::ActorSystem system(world.system());
  const ActorInspection inspection = inspect(system, system.create_actor<Opaque>());
  EXPECT_EQ(inspection.type, "Opaque");
  EXPECT_FALSE(inspection.inspectable);
  EXPECT_TRUE(inspection.state.empty());
}

TEST(Inspection, ATruncatedOrMisshapenStateIsACleanError) {
  sim::Simulation world;
  thespis::ActorSystem system(world.system());
  const ActorAddress tally = system.create_actor<Tally>();
  system.tell(tally, std::string("word"));
  const std::string state = inspect(system, tally).state;

  sim::Simulation mirror_world;
  thespis::Actor& mirror = mirror_world.adopt_mirror(tally, "Tally");
  thespis::ByteDecoder decoder;
  EXPECT_THROW(mirror.restore_state(decoder.parse(state.substr(0, state.size() - 2))),
               thespis::DecodeError);

  thespis::Encoder one_member;  // [7]: one member where two are declared
  one_member.begin_array(1);
  one_member.write_int(7);
  try {
    mirror.restore_state(decoder.parse(one_member.bytes()));
    ADD_FAILURE() << "a state of one member restored";
  } catch (const thespis::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a state of 2 members, found 1"),
              std::string::npos)
        << e.what();
  }
  thespis::Encoder wrong_kind;  // ["many", {}]: received_ is not an integer
  wrong_kind.begin_array(2);
  wrong_kind.write_string("many");
  wrong_kind.begin_map(0);
  try {
    mirror.restore_state(decoder.parse(wrong_kind.bytes()));
    ADD_FAILURE() << "a string restored as an integer";
  } catch (const thespis::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("member received_"), std::string::npos) << e.what();
  }
}

TEST(Inspection, AnUninspectableMirrorRefusesAState) {
  sim::Simulation mirror_world;
  thespis::Actor& mirror = mirror_world.adopt_mirror(ActorAddress(9, 9), "Opaque");
  thespis::Encoder empty;
  empty.begin_array(0);
  thespis::ByteDecoder decoder;
  EXPECT_THROW(mirror.restore_state(decoder.parse(empty.bytes())), thespis::Error);
}

TEST(Mirror, ConstructingOneAddsNothingToTheSimulation) {
  sim::Simulation world;
  const std::uint64_t events = world.trace().event_count();
  const ActorAddress at(42, 7);
  auto& busy = dynamic_cast<Busy&>(world.adopt_mirror(at, "Busy"));
  EXPECT_TRUE(busy.child().is_null());  // its creation went nowhere
  EXPECT_EQ(world.live_actors(), 0u);
  EXPECT_TRUE(world.run_until_quiescent(1s));
  EXPECT_EQ(world.deliveries(), 0u);
  EXPECT_EQ(world.dead_letters(), 0u);
  EXPECT_EQ(world.trace().event_count(), events);
  EXPECT_TRUE(world.actors<Opaque>().empty());
  EXPECT_EQ(world.actor_at<Busy>(at), &busy);
  EXPECT_THROW(world.adopt_mirror(at, "Busy"), thespis::Error);
  EXPECT_THROW(world.adopt_mirror(ActorAddress(1, 2), "NoSuchType"), thespis::Error);
}

}  // namespace inspect_test

// Watching descriptors (watch.hpp) on the simulation, as protocol traces: the test makes a
// simulated descriptor readable (sim/watch_source.hpp) and the watching actor is told, in
// virtual time, between its other messages.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/watch.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::testing::ProtocolTrace;

namespace {

struct StartWatching {
  std::int64_t fd = 0;
};
THESPIS_MESSAGE(StartWatching, fd)

struct StopWatching {
  std::int64_t fd = 0;
};
THESPIS_MESSAGE(StopWatching, fd)

/// The answer to StartWatching: the error watch_readable threw, or "".
struct WatchAnswer {
  std::int64_t fd = 0;
  std::string error{};
};
THESPIS_MESSAGE(WatchAnswer, fd, error)

/// To the reader's client, for each DescriptorReadable the reader got.
struct Told {
  std::int64_t fd = 0;
};
THESPIS_MESSAGE(Told, fd)

struct Ping {};
THESPIS_MESSAGE(Ping)

class Reader : public thespis::WatchingActor {
 public:
  Reader() {
    on<StartWatching>([this](const StartWatching& start, const ActorAddress& from) {
      client_ = from;
      std::string error;
      try {
        watch_readable(static_cast<int>(start.fd));
      } catch (const thespis::Error& e) {
        error = e.what();
      }
      send(from, WatchAnswer{start.fd, error});
    });
    on<StopWatching>([this](const StopWatching& stop) { unwatch(static_cast<int>(stop.fd)); });
    on<thespis::DescriptorReadable>(
        [this](const thespis::DescriptorReadable& ready) { send(client_, Told{ready.fd}); });
    on<Ping>([this](const Ping&, const ActorAddress& from) { send(from, Ping{}); });
  }

 private:
  ActorAddress client_;
};
THESPIS_ACTOR(Reader)

struct World {
  ProtocolTrace trace;
  ActorAddress me = trace.system().address();
  ActorAddress reader = trace.system().create_actor<Reader>();

  void send_at(std::chrono::nanoseconds at, const ActorAddress& to, thespis::Message message) {
    trace.sim().run_for(at - trace.sim().now());
    trace.sim().send(me, to, std::move(message));
    trace.sim().run_until_quiescent();
  }
  void readable_at(std::chrono::nanoseconds at, thespis::sim::WatchSource& source,
                   int arrivals = 1) {
    trace.sim().run_for(at - trace.sim().now());
    for (int i = 0; i < arrivals; ++i) source.make_readable();
    trace.sim().run_until_quiescent();
  }
};

std::function<bool(const WatchAnswer&)> answer_says(std::string text) {
  return [text](const WatchAnswer& a) { return a.error.find(text) != std::string::npos; };
}

}  // namespace

TEST(Watch, EachArrivalWakesTheWatcherOnceAtItsMomentBetweenOtherMessages) {
  World w;
  auto socket = w.trace.sim().watch_source();
  const std::int64_t fd = socket.fd();
  w.send_at(1s, w.reader, StartWatching{fd});
  w.send_at(2s, w.reader, Ping{});
  w.readable_at(3s, socket);
  w.send_at(4s, w.reader, Ping{});
  w.readable_at(5s, socket, 2);  // two arrivals at once: two reports, one after the other
  auto& t = w.trace;
  t.expect<WatchAnswer>().with(WatchAnswer{fd, ""}).at(1s).from(w.reader).to(w.me);
  t.expect<Ping>().at(2s).from(w.reader).to(w.me);  // armed and waiting: not blocked
  t.expect<Told>().with(Told{fd}).at(3s).from(w.reader).to(w.me);
  t.expect<Ping>().at(4s).from(w.reader).to(w.me);
  t.expect<Told>().with(Told{fd}).at(5s).from(w.reader).to(w.me);
  t.expect<Told>().with(Told{fd}).at(5s).from(w.reader).to(w.me);
  t.disallow<Told>().to(w.me);
}

TEST(Watch, AnArrivalBeforeTheWatchIsReportedWhenTheWatchBegins) {
  World w;
  auto socket = w.trace.sim().watch_source();
  w.readable_at(1s, socket);
  w.send_at(2s, w.reader, StartWatching{socket.fd()});
  auto& t = w.trace;
  t.expect<WatchAnswer>().at(2s).from(w.reader).to(w.me);
  t.expect<Told>().with(Told{socket.fd()}).at(2s).from(w.reader).to(w.me);
  t.disallow<Told>().to(w.me);
}

TEST(Watch, NothingIsReportedAfterUnwatch) {
  World w;
  auto socket = w.trace.sim().watch_source();
  w.send_at(1s, w.reader, StartWatching{socket.fd()});
  w.send_at(2s, w.reader, StopWatching{socket.fd()});
  w.readable_at(3s, socket);
  w.trace.expect<WatchAnswer>().at(1s).from(w.reader).to(w.me);
  w.trace.disallow<Told>().to(w.me);
}

TEST(Watch, AnotherActorCannotMakeADescriptorLookReadable) {
  World w;
  auto socket = w.trace.sim().watch_source();
  w.send_at(1s, w.reader, StartWatching{socket.fd()});
  w.send_at(2s, w.reader, thespis::DescriptorReadable{socket.fd()});
  w.trace.expect<WatchAnswer>().at(1s).from(w.reader).to(w.me);
  w.trace.disallow<Told>().to(w.me);
}

TEST(Watch, ADescriptorThatIsNoSourceIsAnErrorAndTheActorGoesOn) {
  World w;
  w.send_at(1s, w.reader, StartWatching{5});
  w.send_at(2s, w.reader, StartWatching{-1});
  w.send_at(3s, w.reader, Ping{});
  auto& t = w.trace;
  t.expect<WatchAnswer>()
      .with(answer_says("not a source"), "an error naming the reason")
      .at(1s)
      .from(w.reader)
      .to(w.me);
  t.expect<WatchAnswer>()
      .with(answer_says("not a descriptor"), "an error naming the reason")
      .at(2s)
      .from(w.reader)
      .to(w.me);
  t.expect<Ping>().at(3s).from(w.reader).to(w.me);
}

TEST(Watch, AnActorWatchesAtMostTheBound) {
  World w;
  std::vector<thespis::sim::WatchSource> sources;
  for (std::size_t i = 0; i <= thespis::max_watched_descriptors; ++i) {
    sources.push_back(w.trace.sim().watch_source());
  }
  for (const auto& source : sources) w.send_at(1s, w.reader, StartWatching{source.fd()});
  for (std::size_t i = 0; i < thespis::max_watched_descriptors; ++i) {
    w.trace.expect<WatchAnswer>().with(WatchAnswer{sources[i].fd(), ""}).to(w.me);
  }
  w.trace.expect<WatchAnswer>()
      .with(answer_says("already watches 64 descriptors"), "an error naming the bound")
      .to(w.me);
  // Unwatching one frees a place.
  w.send_at(2s, w.reader, StopWatching{sources.front().fd()});
  w.send_at(3s, w.reader, StartWatching{sources.back().fd()});
  sources.back().make_readable();
  w.trace.sim().run_until_quiescent();
  w.trace.expect<WatchAnswer>().with(WatchAnswer{sources.back().fd(), ""}).at(3s).to(w.me);
  w.trace.expect<Told>().with(Told{sources.back().fd()}).at(3s).to(w.me);
}

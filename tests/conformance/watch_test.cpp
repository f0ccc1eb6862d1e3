// Watching descriptors (watch.hpp) on every base. On tcp and udp the Reader actor makes a real
// socketpair in its own process (descriptors do not cross processes), watches one end and
// writes to the other when the test says; on the simulation the test makes a simulated source
// (sim::Simulation::watch_source) and makes it readable once per chunk the Reader would read.
// Either way the Reader is told with DescriptorReadable, between its other messages.
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>
#include <thespis/watch.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

/// Watch `sim_fd` (a simulated source), or, when it is -1, a socketpair the Reader makes. Each
/// report reads at most `read_size` bytes. Answered with WatchState.
struct OpenWatch {
  std::int64_t sim_fd = -1;
  std::int64_t read_size = 4096;
};
THESPIS_MESSAGE(OpenWatch, sim_fd, read_size)

/// Write `text` to the other end of the socketpair (real bases only). Answered with WatchState.
struct WriteToPeer {
  std::string text{};
};
THESPIS_MESSAGE(WriteToPeer, text)

/// Watch `fd` as given (an error expected); answered with WatchState.
struct WatchRaw {
  std::int64_t fd = 0;
};
THESPIS_MESSAGE(WatchRaw, fd)

/// Close the watched end without unwatching it (real bases), then answer WatchState.
struct CloseWatched {};
THESPIS_MESSAGE(CloseWatched)

struct StateQuery {};
THESPIS_MESSAGE(StateQuery)

struct WatchState {
  std::int64_t reports = 0;
  std::string received{};
  std::string error{};
  std::int64_t queries = 0;  ///< StateQuery messages handled: the actor was not blocked
};
THESPIS_MESSAGE(WatchState, reports, received, error, queries)

class Reader : public WatchingActor {
 public:
  Reader() {
    on<OpenWatch>([this](const OpenWatch& open, const ActorAddress& from) {
      read_size_ = static_cast<std::size_t>(open.read_size);
      try {
        if (open.sim_fd >= 0) {
          watched_ = static_cast<int>(open.sim_fd);
        } else {
          int fds[2];
          if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
            throw Error("socketpair: errno " + std::to_string(errno));
          }
          watched_ = fds[0];
          peer_ = fds[1];
          real_ = true;
        }
        watch_readable(watched_);
      } catch (const Error& e) {
        state_.error = e.what();
      }
      send(from, state_);
    });
    on<WriteToPeer>([this](const WriteToPeer& write, const ActorAddress& from) {
      if (::write(peer_, write.text.data(), write.text.size()) < 0) state_.error = "write failed";
      send(from, state_);
    });
    on<WatchRaw>([this](const WatchRaw& raw, const ActorAddress& from) {
      try {
        watch_readable(static_cast<int>(raw.fd));
      } catch (const Error& e) {
        state_.error = e.what();
      }
      send(from, state_);
    });
    on<CloseWatched>([this](const CloseWatched&, const ActorAddress& from) {
      if (real_) {
        ::close(watched_);
        ::close(peer_);  // the watched end reads EOF through the watch's duplicate
        real_ = false;
      }
      send(from, state_);
    });
    on<StateQuery>([this](const StateQuery&, const ActorAddress& from) {
      ++state_.queries;
      send(from, state_);
    });
    on<DescriptorReadable>([this](const DescriptorReadable& ready) {
      ++state_.reports;
      if (!real_ || ready.fd != watched_) return;
      std::string buffer(read_size_, '\0');
      const ssize_t got = ::read(watched_, buffer.data(), buffer.size());
      if (got > 0) state_.received.append(buffer.data(), static_cast<std::size_t>(got));
      if (got == 0) unwatch(watched_);
    });
  }
  ~Reader() override {
    if (real_) {
      ::close(watched_);
      ::close(peer_);
    }
  }

 private:
  int watched_ = -1;
  int peer_ = -1;
  bool real_ = false;
  std::size_t read_size_ = 4096;
  WatchState state_;
};
THESPIS_ACTOR(Reader)

class WatchConformance : public Conformance {
 protected:
  void SetUp() override {
    Conformance::SetUp();
    reader_ = system().create_actor<Reader>();
  }

  /// Starts the watch; `read_size` bytes are read per report on real bases.
  void open(std::int64_t read_size = 4096) {
    OpenWatch open{-1, read_size};
    if (simulated()) {
      source_.emplace(sim::Simulation::of(system()).watch_source());
      open.sim_fd = source_->fd();
    }
    const auto state = ask<WatchState>(reader_, open);
    ASSERT_EQ(state.error, "");
  }

  /// `text` arrives on the watched descriptor: written by the Reader to its peer (real bases),
  /// or one arrival of the simulated source per `reads` the Reader would need.
  void arrive(const std::string& text, std::int64_t reads = 1) {
    if (networked()) {
      EXPECT_EQ(ask<WatchState>(reader_, WriteToPeer{text}).error, "");
      return;
    }
    for (std::int64_t i = 0; i < reads; ++i) source_->make_readable();
  }

  /// The Reader's state once it has had `reports` reports (polled, bounded by 20 s).
  WatchState state_after(std::int64_t reports) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    WatchState state = ask<WatchState>(reader_, StateQuery{});
    while (state.reports < reports && std::chrono::steady_clock::now() < deadline) {
      state = ask<WatchState>(reader_, StateQuery{});
    }
    return state;
  }

  ActorAddress reader_;
  std::optional<sim::WatchSource> source_;
};

INSTANTIATE_TEST_SUITE_P(Bases, WatchConformance, configurations, configuration_name);

TEST_P(WatchConformance, AWatchedSocketpairWakesItsActorWhileOtherMessagesKeepFlowing) {
  open();
  // Armed with nothing to read: the actor answers its other messages and reports nothing.
  for (int i = 0; i < 5; ++i) {
    const auto state = ask<WatchState>(reader_, StateQuery{});
    EXPECT_EQ(state.reports, 0);
    EXPECT_EQ(state.queries, i + 1);
  }
  arrive("hello");
  const auto state = state_after(1);
  EXPECT_EQ(state.reports, 1);
  if (networked()) {
    EXPECT_EQ(state.received, "hello");
  }
  EXPECT_GE(state.queries, 6);
  // And again: the watch was re-armed after the report.
  arrive("again");
  const auto again = state_after(2);
  EXPECT_EQ(again.reports, 2);
  if (networked()) {
    EXPECT_EQ(again.received, "helloagain");
  }
}

TEST_P(WatchConformance, UnreadDataIsReportedAgainUntilItIsRead) {
  open(1);  // one byte per report
  arrive("abc", 3);
  const auto state = state_after(3);
  EXPECT_EQ(state.reports, 3);
  if (networked()) {
    EXPECT_EQ(state.received, "abc");
  }
  // Nothing left to read: no fourth report (a few round trips later).
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask<WatchState>(reader_, StateQuery{}).reports, 3);
}

TEST_P(WatchConformance, AnInvalidDescriptorIsAnErrorAndTheActorGoesOn) {
  const auto state = ask<WatchState>(reader_, WatchRaw{987654});
  EXPECT_NE(state.error, "");
  EXPECT_NE(state.error.find("987654"), std::string::npos) << state.error;
  EXPECT_EQ(ask<WatchState>(reader_, StateQuery{}).queries, 1);
}

TEST_P(WatchConformance, ClosingAWatchedDescriptorDoesNotEndTheActor) {
  open();
  ask<WatchState>(reader_, CloseWatched{});
  // The peer's close makes the watched duplicate readable (EOF); its re-arm then finds the
  // descriptor closed and ends the watch. The actor keeps answering.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask<WatchState>(reader_, StateQuery{}).queries, i + 1);
  EXPECT_EQ(ask<WatchState>(reader_, StateQuery{}).error, "");
}

}  // namespace
}  // namespace thespis::conformance

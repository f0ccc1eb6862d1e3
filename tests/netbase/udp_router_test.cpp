// Two DatagramRouters on one event loop, with a tap in between: a plain UDP socket where the
// sender believes the receiver lives. What the sender really puts on the wire is captured there
// and then handed to the receiver as the test likes: twice (a replay), out of order, cut short,
// or not at all. Everything on 127.0.0.1, bounded by deadlines.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/secret.hpp>

#include "datagram.hpp"
#include "datagram_router.hpp"

using namespace std::chrono_literals;

namespace thespis::net::detail {
namespace {

/// A Directory that answers from a map and records what its router tells it.
struct Recorder final : Directory {
  Location locate(const ActorAddress& address) override {
    ++located;
    auto found = where.find(address);
    return found != where.end() ? found->second : Location{"127.0.0.1", 0, 0};
  }
  void hand_in(Envelope envelope) override {
    handed_in.push_back(envelope.message.get<std::string>());
  }
  void undeliverable(Envelope envelope) override {
    undelivered.push_back(envelope.message.get<std::string>());
  }
  void bad_frame(const std::string& why) override { bad_frames.push_back(why); }
  void auth_failure(const std::string& why) override { auth_failures.push_back(why); }
  void lost(std::int64_t envelopes) override { lost_count += envelopes; }

  std::map<ActorAddress, Location> where;
  std::vector<std::string> handed_in;
  std::vector<std::string> undelivered;
  std::vector<std::string> bad_frames;
  std::vector<std::string> auth_failures;
  std::int64_t lost_count = 0;
  std::size_t located = 0;
};

udp::socket bound_socket(asio::io_context& io) {
  udp::socket socket(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  return socket;
}

const ActorAddress program(7, 1);
const ActorAddress actor(7, 2);

class DatagramRouters : public ::testing::Test {
 protected:
  DatagramRouters()
      : secret(std::make_shared<const Secret>(Secret::from_text("router test"))),
        key(*secret),
        tap(bound_socket(io)) {
    tap.non_blocking(true);
    sender = make_router(sender_directory);
    receiver = make_router(receiver_directory);
    sender->start();
    receiver->start();
    // The sender believes the actor lives at the tap, as the receiver's incarnation.
    sender_directory.where[actor] = {"127.0.0.1", tap.local_endpoint().port(),
                                     receiver->incarnation()};
  }

  std::unique_ptr<DatagramRouter> make_router(Recorder& directory) {
    return std::make_unique<DatagramRouter>(bound_socket(io), 0, directory,
                                            RouterSettings{.connection = {.secret = secret}});
  }

  /// Runs the loop until `done` or `limit` passes; whether `done`.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io.restart();
      io.run_for(2ms);
    }
    return true;
  }

  /// The next data datagram that reaches the tap (marks are skipped).
  std::string captured() {
    std::string datagram;
    const bool got = run_until([&] {
      std::vector<char> buffer(max_udp_payload_bytes);
      udp::endpoint from;
      error_code ec;
      const std::size_t size = tap.receive_from(asio::buffer(buffer), from, 0, ec);
      if (ec || size < datagram_header_bytes) return false;
      if (buffer[5] != static_cast<char>(DatagramKind::data)) return false;
      datagram.assign(buffer.data(), size);
      return true;
    });
    EXPECT_TRUE(got) << "the sender sent nothing within 5 s";
    return datagram;
  }

  /// Sends `text` from the program to the actor and captures its datagram.
  std::string sent(const std::string& text) {
    sender->send({program, actor, Message(text)});
    return captured();
  }

  void to_receiver(const std::string& datagram, udp::socket& from) {
    from.send_to(asio::buffer(datagram),
                 udp::endpoint(asio::ip::address_v4::loopback(), receiver->port()));
  }
  void to_receiver(const std::string& datagram) { to_receiver(datagram, tap); }

  std::shared_ptr<const Secret> secret;
  DatagramKey key;
  asio::io_context io;
  udp::socket tap;
  Recorder sender_directory;
  Recorder receiver_directory;
  std::unique_ptr<DatagramRouter> sender;
  std::unique_ptr<DatagramRouter> receiver;
};

TEST_F(DatagramRouters, ACapturedDatagramReplayedIsDeliveredOnce) {
  const std::string first = sent("first");
  to_receiver(first);
  ASSERT_TRUE(run_until([&] { return receiver_directory.handed_in.size() == 1; }));
  // The same bytes again, from the tap and from a socket of another port (another host could
  // replay it too).
  udp::socket elsewhere = bound_socket(io);
  to_receiver(first);
  to_receiver(first, elsewhere);
  to_receiver(first);
  // A fresh datagram after them: once it is in, the replays before it were read.
  to_receiver(sent("second"));
  ASSERT_TRUE(run_until([&] { return receiver_directory.handed_in.size() >= 2; }));
  run_until([] { return false; }, 50ms);  // a replay read late would show up here
  EXPECT_EQ(receiver_directory.handed_in, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(receiver->auth_failures(), 0u);
  EXPECT_EQ(receiver->bad_frames(), 0u);
  EXPECT_EQ(receiver_directory.lost_count, 0);
}

TEST_F(DatagramRouters, AMissingDatagramIsCountedLostAndItsLateArrivalUncountsIt) {
  const std::string one = sent("one");
  const std::string two = sent("two");
  const std::string three = sent("three");
  to_receiver(one);
  to_receiver(three);
  ASSERT_TRUE(run_until([&] { return receiver_directory.lost_count == 1; }))
      << "lost: " << receiver_directory.lost_count;
  to_receiver(two);
  ASSERT_TRUE(run_until([&] {
    return receiver_directory.handed_in.size() == 3 && receiver_directory.lost_count == 0;
  })) << "lost: "
      << receiver_directory.lost_count;
  EXPECT_EQ(receiver_directory.handed_in, (std::vector<std::string>{"one", "three", "two"}));
}

TEST_F(DatagramRouters, AnotherIncarnationsRefusalTurnsTheSentEnvelopesIntoDeadLetters) {
  // The actor's address now names the receiver's port, but a process before it.
  sender_directory.where[actor] = {"127.0.0.1", receiver->port(), receiver->incarnation() + 1};
  sender->send({program, actor, Message(std::string("for the one before"))});
  sender->send({program, actor, Message(std::string("and this"))});
  ASSERT_TRUE(run_until([&] { return sender_directory.undelivered.size() == 2; }))
      << sender_directory.undelivered.size() << " dead letters";
  EXPECT_EQ(sender_directory.undelivered,
            (std::vector<std::string>{"for the one before", "and this"}));
  EXPECT_TRUE(receiver_directory.handed_in.empty());
}

TEST_F(DatagramRouters, ARefusedProcessIsGoneAtOnceWhileTheDirectoryStillPlacesItThere) {
  sender_directory.where[actor] = {"127.0.0.1", receiver->port(), receiver->incarnation() + 1};
  sender->send({program, actor, Message(std::string("refused"))});
  ASSERT_TRUE(run_until([&] { return sender_directory.undelivered.size() == 1; }));
  // The directory (the admin) has not heard that the process ended: it still places the actor
  // there. The refusal said so already: dead letters at once, nothing sent to be refused again.
  const std::size_t asked = sender_directory.located;
  sender->send({program, actor, Message(std::string("at once"))});
  EXPECT_EQ(sender_directory.undelivered.size(), 2u);
  sender->send({program, actor, Message(std::string("and again"))});
  EXPECT_EQ(sender_directory.undelivered.size(), 3u);
  EXPECT_EQ(sender_directory.located, asked + 1) << "asked once more, then known gone";
  run_until([] { return false; }, 50ms);
  EXPECT_EQ(sender_directory.undelivered,
            (std::vector<std::string>{"refused", "at once", "and again"}));
  EXPECT_TRUE(receiver_directory.handed_in.empty());
}

TEST_F(DatagramRouters, ARefusalNamesTheRightDatagramWhenSeveralGoneProcessesUsedThePort) {
  // Two processes before the receiver held its port; each was sent a datagram numbered 0.
  const ActorAddress other(7, 3);
  sender_directory.where[actor] = {"127.0.0.1", receiver->port(), receiver->incarnation() + 1};
  sender->send({program, actor, Message(std::string("to the first"))});
  ASSERT_TRUE(run_until([&] { return sender_directory.undelivered.size() == 1; }));
  sender_directory.where[other] = {"127.0.0.1", receiver->port(), receiver->incarnation() + 2};
  sender->send({program, other, Message(std::string("to the second"))});
  ASSERT_TRUE(run_until([&] { return sender_directory.undelivered.size() == 2; }))
      << "the second refusal was taken for the first process";
  EXPECT_EQ(sender_directory.undelivered,
            (std::vector<std::string>{"to the first", "to the second"}));
}

TEST_F(DatagramRouters, AClosedPortTurnsTheSentEnvelopesIntoDeadLetters) {
  std::uint16_t closed = 0;
  {
    udp::socket gone = bound_socket(io);
    closed = gone.local_endpoint().port();
  }
  sender_directory.where[actor] = {"127.0.0.1", closed, 99};
  sender->send({program, actor, Message(std::string("to nobody"))});
  ASSERT_TRUE(run_until([&] { return sender_directory.undelivered.size() == 1; }))
      << "no dead letter from the ICMP error within 5 s";
  EXPECT_EQ(sender_directory.undelivered.front(), "to nobody");
  // The next send asks the directory again: the address is known to be gone now.
  sender_directory.where.erase(actor);
  sender->send({program, actor, Message(std::string("after"))});
  EXPECT_EQ(sender_directory.undelivered.size(), 2u);
}

TEST_F(DatagramRouters, ForgedAndCutDatagramsAreCountedAndDeliverNothingBroken) {
  const std::string real = sent("whole");
  // Another secret: refused before anything is read.
  std::string forged = real;
  DatagramKey(Secret::from_text("not the secret"))
      .seal(forged, {.kind = DatagramKind::data,
                     .count = 1,
                     .recipient = receiver->incarnation(),
                     .sender = sender->incarnation(),
                     .first = 0});
  to_receiver(forged);
  to_receiver(std::string(30, '\0'));
  ASSERT_TRUE(run_until([&] { return receiver->auth_failures() == 2; }));
  EXPECT_EQ(receiver_directory.auth_failures.size(), 2u) << "told at the 1st and 2nd";
  // Sealed with the real secret (by a sender of its own numbering), but its second frame cut
  // short: the tag verifies, the frame does not decode; the whole frame before it is delivered.
  const std::string whole_frame = real.substr(datagram_header_bytes);
  std::string cut(datagram_header_bytes, '\0');
  cut += whole_frame + whole_frame.substr(0, whole_frame.size() - 1);
  key.seal(cut, {.kind = DatagramKind::data,
                 .count = 2,
                 .recipient = receiver->incarnation(),
                 .sender = 777,
                 .first = 0});
  to_receiver(cut);
  ASSERT_TRUE(run_until([&] { return receiver->bad_frames() == 1; }));
  EXPECT_EQ(receiver_directory.handed_in, (std::vector<std::string>{"whole"}));
  ASSERT_EQ(receiver_directory.bad_frames.size(), 1u);
  EXPECT_EQ(receiver_directory.bad_frames.front(), "a datagram that ends inside a frame");
  EXPECT_EQ(receiver->auth_failures(), 2u);
}

}  // namespace
}  // namespace thespis::net::detail

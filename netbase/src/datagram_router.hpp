// DatagramRouter: the udp transport of Router (router.hpp). One UDP socket per process sends
// and receives authenticated datagrams (datagram.hpp).
//
// Sending. A lone envelope (nothing waiting to be sent, no send in the last few microseconds:
// a reply, a ping) goes out at once, without a turn of the event loop. Envelopes for one
// destination sent in one turn of the event loop after it go out together: frames are gathered into
// a datagram until it is full (on loopback up to the largest UDP payload; to other hosts up to one
// Ethernet frame, since a fragment lost loses the whole datagram). An envelope whose frame cannot
// fit in one datagram is never sent: the Directory hears of it (too_large) and turns it into poison
// or an error. Each destination numbers what it is sent; after a burst the sender tells it how far
// the numbering went (a few `mark`s), so the receiver counts a loss at the end of a burst too.
//
// Dead letters. A process that is gone answers nothing, but the kernel does: a datagram to a
// closed port comes back as an ICMP error (read from the socket's error queue), and a port now
// held by another process answers `refused`. Either way the datagram is one this process kept
// (the last few MiB it sent), so its envelopes become dead letters, and the destination is
// forgotten: the next send asks the admin again, which knows the actor is gone.
//
// Receiving. Datagrams are read in bursts, several per system call; what they carry is handed
// in after the read is re-armed (so that a receiver may deliver at once). One that is not a thespis
// datagram, or whose tag does not verify, is counted and dropped; envelopes are numbered per sender
// (sequence_window.hpp), so gaps are counted as lost and duplicates or replays are not delivered
// twice.
//
// Bounds: the kept datagrams, the senders remembered, the destinations, the bytes waiting
// for the socket, the receive buffers and the envelopes read ahead of their hand-in are all
// bounded. One thread (the io_context's) uses it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>

#include "datagram.hpp"
#include "locations.hpp"
#include "router.hpp"
#include "sequence_window.hpp"

namespace thespis::net::detail {

using udp = asio::ip::udp;

class DatagramRouter final : public Router {
 public:
  DatagramRouter(udp::socket socket, std::uint64_t incarnation, Directory& directory,
                 const RouterSettings& settings);
  ~DatagramRouter() override;

  void start() override;
  std::optional<Backlog> send(Envelope envelope) override;
  bool idle() const override;
  std::size_t most_queued() const override { return queue_.size() + unflushed_; }
  std::size_t most_queued_bytes() const override { return queued_bytes_; }
  void drop_fullest() override;
  std::uint16_t port() const override { return port_; }
  std::uint64_t incarnation() const override { return incarnation_; }
  std::uint64_t bad_frames() const override { return bad_frames_; }
  std::uint64_t auth_failures() const override { return auth_failures_; }
  std::size_t connections() override { return 0; }
  void forget(const ActorAddress& address) override { locations_.forget(address); }
  void close() override;
  void stop_accepting() override {}
  void pause_incoming(bool paused) override;

 private:
  using Clock = std::chrono::steady_clock;
  /// One destination process.
  struct Peer {
    udp::endpoint endpoint;
    std::uint64_t next = 0;  ///< the number of the next envelope sent to it
    std::string batch;       ///< header space, then frames not yet sent
    std::uint16_t batch_count = 0;
    std::size_t batch_limit = max_datagram_frames_bytes;
    int marks_left = 0;
    Clock::time_point mark_at;
    std::uint64_t last_used = 0;
  };
  /// A datagram on its way to the socket.
  struct Outgoing {
    Location to;
    udp::endpoint endpoint;
    std::uint64_t first = 0;
    std::uint16_t count = 0;
    std::string datagram;
    Clock::time_point sent_at{};  ///< once kept
  };
  /// Buffers for reading several datagrams with one system call (recvmmsg). Their memory is
  /// only touched as datagrams fill it.
  class ReceiveSlots {
   public:
    static constexpr std::size_t count = 8;
    ReceiveSlots();
    /// Reads what the socket holds, up to `count` datagrams, without waiting: how many, or -1
    /// (errno says why; EAGAIN: nothing was there).
    int read(int fd);
    bool truncated(std::size_t slot) const {
      return (headers_[slot].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    }
    std::string_view datagram(std::size_t slot) const {
      return {buffers_.get() + slot * slot_bytes, headers_[slot].msg_len};
    }
    udp::endpoint from(std::size_t slot) const;

   private:
    static constexpr std::size_t slot_bytes = max_udp_payload_bytes + 1;
    std::unique_ptr<char[]> buffers_;
    std::array<mmsghdr, count> headers_{};
    std::array<iovec, count> parts_{};
    std::array<sockaddr_in, count> from_{};
  };
  /// What one sender has sent this process.
  struct Heard {
    SequenceWindow window;
    std::uint64_t last_heard = 0;
  };

  Peer* peer_at(const Location& at);
  void add_frame(const Location& at, Peer& peer);
  void post_flush();
  void flush(const Location& at, Peer& peer);
  void transmit(Outgoing out);
  bool try_send(Outgoing& out);
  void write_queued();
  void keep(Outgoing& sent);
  void arm_marks();
  void send_marks();
  void send_control(const udp::endpoint& to, const DatagramHeader& header);

  void receive();
  void read_burst();
  void received(std::size_t slot);
  void take(std::string_view datagram, const udp::endpoint& from);
  void decode(std::string_view frames);
  void hand_in_arrivals();
  Heard& heard(std::uint64_t sender);
  void refused(const udp::endpoint& from, const DatagramHeader& header);
  void read_errors();
  /// The datagram numbered `first` to `at` found nobody: its envelopes become dead letters.
  void unreachable(const Location& at, std::uint64_t first);
  void dead_letter_frames(std::string_view frames);
  void reject(std::uint64_t& counter, const std::string& why, bool tag_failure);
  void count_lost(std::int64_t envelopes);

  udp::socket socket_;
  std::uint16_t port_;
  std::uint64_t incarnation_;
  Directory& directory_;
  RouterSettings settings_;
  DatagramKey key_;
  Locations locations_;
  std::map<Location, Peer> peers_;
  std::vector<Location> dirty_;  // peers with a batch to send
  std::size_t unflushed_ = 0;    // envelopes in batches
  std::deque<Outgoing> queue_;   // waiting for the socket to take them
  std::size_t queued_bytes_ = 0;
  std::deque<Outgoing> kept_;  // sent lately (with data), oldest first
  std::size_t kept_bytes_ = 0;
  std::map<std::uint64_t, Heard> heard_;  // by sender incarnation
  std::uint64_t tick_ = 0;
  Encoder encoder_;
  std::string frame_;
  Clock::time_point last_send_{};
  FrameReader reader_;
  ReceiveSlots receive_slots_;
  bool socket_drained_ = false;    // the last read found the socket empty
  std::deque<Envelope> arrivals_;  // read, verified, not yet handed in
  asio::steady_timer marks_;
  std::int64_t lost_untold_ = 0;  // told to the Directory once per moment, not once per gap
  asio::steady_timer loss_report_;
  bool loss_report_armed_ = false;
  bool marks_armed_ = false;
  bool flush_posted_ = false;
  bool writing_ = false;
  bool receiving_ = false;
  bool paused_ = false;
  bool closed_ = false;
  std::uint64_t bad_frames_ = 0;
  std::uint64_t auth_failures_ = 0;
  std::uint64_t send_failures_ = 0;
};

}  // namespace thespis::net::detail

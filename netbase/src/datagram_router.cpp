#include "datagram_router.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "host_address.hpp"

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;

/// Frames gathered for a host other than this one: one Ethernet frame's UDP payload, so that no
/// datagram of many small messages is fragmented (a lost fragment loses them all).
constexpr std::size_t remote_batch_bytes = 1472 - datagram_header_bytes;
/// Datagrams kept after sending, in case an ICMP error or a refusal names one.
constexpr std::size_t max_kept_bytes = std::size_t{4} << 20;
constexpr auto max_kept_age = 5s;
/// Senders a process remembers the numbering of; the one heard from longest ago goes first.
constexpr std::size_t max_senders = 1 << 16;
/// Datagrams read in one go before the event loop gets a turn.
constexpr int burst = 256;
/// Envelopes read ahead of their hand-in, at which a burst stops (the next goes on in a turn).
constexpr std::size_t max_arrivals = 4096;
/// A send this long after the last one, with nothing waiting, goes out at once: it is alone (a
/// reply, a ping), and waiting for the end of the turn would cost a turn of the loop. Sends that
/// follow closely (a burst from one handler) are gathered.
constexpr auto lone_gap = 10us;
/// After data, marks tell the receiver how far the numbering went: after these delays.
constexpr std::chrono::milliseconds mark_delays[] = {20ms, 200ms, 1000ms};

bool is_loopback(const udp::endpoint& at) { return at.address().is_loopback(); }

void set_buffer(int fd, int force_option, int option, std::size_t bytes) {
  const int size = static_cast<int>(std::min<std::size_t>(bytes, 1 << 30));
  // Root may pass the system's limit (and tests need small ones); others get at most the limit.
  if (setsockopt(fd, SOL_SOCKET, force_option, &size, sizeof size) != 0) {
    setsockopt(fd, SOL_SOCKET, option, &size, sizeof size);
  }
}

}  // namespace

DatagramRouter::DatagramRouter(udp::socket socket, std::uint64_t incarnation, Directory& directory,
                               const RouterSettings& settings)
    : socket_(std::move(socket)),
      port_(socket_.local_endpoint().port()),
      incarnation_(incarnation != 0 ? incarnation : random_incarnation()),
      directory_(directory),
      settings_(settings),
      key_(*settings.connection.secret),
      reader_(max_udp_payload_bytes),
      marks_(socket_.get_executor()),
      loss_report_(socket_.get_executor()) {
  const int fd = socket_.native_handle();
  socket_.non_blocking(true);
  set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF,
             settings.receive_buffer_bytes != 0 ? settings.receive_buffer_bytes
                                                : default_udp_receive_buffer_bytes);
  set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, std::size_t{1} << 20);
  // ICMP errors (a closed port) come back on the error queue, naming the datagram.
  const int on = 1;
  setsockopt(fd, SOL_IP, IP_RECVERR, &on, sizeof on);
}

DatagramRouter::~DatagramRouter() { close(); }

void DatagramRouter::start() { receive(); }

// --- sending ----------------------------------------------------------------------------------

DatagramRouter::Peer* DatagramRouter::peer_at(const Location& at) {
  if (auto found = peers_.find(at); found != peers_.end()) {
    found->second.last_used = ++tick_;
    return &found->second;
  }
  const auto address = ipv4_of(at.host);
  if (!address) return nullptr;
  if (peers_.size() >= settings_.max_connections) {
    // The least recently used destination with nothing waiting is forgotten.
    auto oldest = peers_.end();
    for (auto it = peers_.begin(); it != peers_.end(); ++it) {
      if (it->second.batch_count != 0) continue;
      if (oldest == peers_.end() || it->second.last_used < oldest->second.last_used) oldest = it;
    }
    if (oldest != peers_.end()) peers_.erase(oldest);
  }
  Peer& peer = peers_[at];
  peer.endpoint = udp::endpoint(*address, at.port);
  peer.batch_limit = is_loopback(peer.endpoint) ? max_datagram_frames_bytes : remote_batch_bytes;
  peer.last_used = ++tick_;
  return &peer;
}

std::optional<Backlog> DatagramRouter::send(Envelope envelope) {
  if (closed_) return std::nullopt;
  const std::optional<Location> at = locations_.find(envelope.recipient, directory_);
  Peer* peer = at ? peer_at(*at) : nullptr;
  if (peer == nullptr) {
    if (at) locations_.forget(envelope.recipient);  // its host no longer resolves
    directory_.undeliverable(std::move(envelope));
    return std::nullopt;
  }
  frame_.clear();
  append_frame(frame_, envelope, encoder_);
  if (frame_.size() > max_datagram_frames_bytes) {
    directory_.too_large(std::move(envelope), frame_.size(), max_datagram_frames_bytes);
    return std::nullopt;
  }
  if (queued_bytes_ > settings_.connection.max_queued_bytes) {
    // The socket takes nothing and the sender was not held (an admin, a program): this one is
    // lost, and the receiver will count it.
    ++peer->next;
    return std::nullopt;
  }
  add_frame(*at, *peer);
  return Backlog{queue_.size() + unflushed_, queued_bytes_ + peer->batch.size()};
}

void DatagramRouter::add_frame(const Location& at, Peer& peer) {
  // The gap is counted from the end of the last sending (so that a slow socket does not make a
  // burst's envelopes look alone, one datagram and one system call each); within a burst, once
  // a flush is posted, the clock is not read at all.
  if (!flush_posted_ && peer.batch_count == 0 && Clock::now() - last_send_ > lone_gap) {
    peer.batch.assign(datagram_header_bytes, '\0');
    peer.batch += frame_;
    peer.batch_count = 1;
    ++unflushed_;
    flush(at, peer);
    last_send_ = Clock::now();
    return;
  }
  if (peer.batch_count != 0 &&
      (peer.batch.size() - datagram_header_bytes + frame_.size() > peer.batch_limit ||
       peer.batch_count == UINT16_MAX)) {
    flush(at, peer);
  }
  if (peer.batch_count == 0) {
    peer.batch.assign(datagram_header_bytes, '\0');
    dirty_.push_back(at);
  }
  peer.batch += frame_;
  ++peer.batch_count;
  ++unflushed_;
  post_flush();
}

void DatagramRouter::post_flush() {
  if (flush_posted_) return;
  flush_posted_ = true;
  asio::post(socket_.get_executor(), [this] {
    flush_posted_ = false;
    if (closed_) return;
    std::vector<Location> dirty;
    dirty.swap(dirty_);
    for (const Location& at : dirty) {
      if (auto found = peers_.find(at); found != peers_.end()) flush(at, found->second);
    }
    last_send_ = Clock::now();
  });
}

void DatagramRouter::flush(const Location& at, Peer& peer) {
  if (peer.batch_count == 0) return;
  Outgoing out{.to = at,
               .endpoint = peer.endpoint,
               .first = peer.next,
               .count = peer.batch_count,
               .datagram = std::move(peer.batch)};
  key_.seal(out.datagram, {.kind = DatagramKind::data,
                           .count = out.count,
                           .recipient = at.incarnation,
                           .sender = incarnation_,
                           .first = out.first});
  peer.next += peer.batch_count;
  unflushed_ -= peer.batch_count;
  peer.batch_count = 0;
  peer.batch = std::string();
  peer.marks_left = static_cast<int>(std::size(mark_delays));
  peer.mark_at = Clock::now() + mark_delays[0];
  transmit(std::move(out));
  arm_marks();
}

void DatagramRouter::transmit(Outgoing out) {
  if (queue_.empty() && try_send(out)) return keep(out);
  queued_bytes_ += out.datagram.size();
  queue_.push_back(std::move(out));
  write_queued();
}

bool DatagramRouter::try_send(Outgoing& out) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    error_code ec;
    socket_.send_to(asio::buffer(out.datagram), out.endpoint, 0, ec);
    if (!ec) return true;
    if (ec == asio::error::would_block || ec == asio::error::try_again) return false;
    if (ec == asio::error::connection_refused || ec == asio::error::host_unreachable ||
        ec == asio::error::network_unreachable) {
      read_errors();  // an error of an earlier datagram, reported on this call: try again
      continue;
    }
    break;
  }
  // Refused by this host (a firewall, no route): lost, as the receiver will count.
  ++send_failures_;
  return true;
}

void DatagramRouter::write_queued() {
  if (writing_ || closed_) return;
  while (!queue_.empty()) {
    Outgoing& out = queue_.front();
    if (!try_send(out)) {
      writing_ = true;
      socket_.async_wait(udp::socket::wait_write, [this](error_code ec) {
        writing_ = false;
        if (!ec) write_queued();
      });
      return;
    }
    queued_bytes_ -= out.datagram.size();
    keep(out);
    queue_.pop_front();
  }
}

void DatagramRouter::keep(Outgoing& sent) {
  if (sent.count == 0) return;
  const auto now = Clock::now();
  sent.sent_at = now;
  kept_bytes_ += sent.datagram.size();
  kept_.push_back(std::move(sent));
  while (!kept_.empty() &&
         (kept_bytes_ > max_kept_bytes || now - kept_.front().sent_at > max_kept_age)) {
    kept_bytes_ -= kept_.front().datagram.size();
    kept_.pop_front();
  }
}

void DatagramRouter::arm_marks() {
  if (marks_armed_ || closed_) return;
  auto next = Clock::time_point::max();
  for (const auto& [at, peer] : peers_) {
    if (peer.marks_left > 0) next = std::min(next, peer.mark_at);
  }
  if (next == Clock::time_point::max()) return;
  marks_armed_ = true;
  marks_.expires_at(next);
  marks_.async_wait([this](error_code ec) {
    marks_armed_ = false;
    if (ec || closed_) return;
    send_marks();
    arm_marks();
  });
}

void DatagramRouter::send_marks() {
  const auto now = Clock::now();
  for (auto& [at, peer] : peers_) {
    if (peer.marks_left == 0 || peer.mark_at > now || peer.batch_count != 0) continue;
    Outgoing mark{.to = at,
                  .endpoint = peer.endpoint,
                  .first = peer.next,
                  .count = 0,
                  .datagram = std::string(datagram_header_bytes, '\0')};
    key_.seal(mark.datagram, {.kind = DatagramKind::mark,
                              .count = 0,
                              .recipient = at.incarnation,
                              .sender = incarnation_,
                              .first = peer.next});
    --peer.marks_left;
    const std::size_t sent = std::size(mark_delays) - static_cast<std::size_t>(peer.marks_left);
    if (peer.marks_left > 0) peer.mark_at = now + mark_delays[sent];
    transmit(std::move(mark));
  }
}

void DatagramRouter::send_control(const udp::endpoint& to, const DatagramHeader& header) {
  // Built field by field: GCC 12 at -O3 takes `.to = {}` for an uninitialised string.
  Outgoing control;
  control.endpoint = to;
  control.first = header.first;
  control.datagram.assign(datagram_header_bytes, '\0');
  key_.seal(control.datagram, header);
  transmit(std::move(control));
}

bool DatagramRouter::idle() const { return queue_.empty() && unflushed_ == 0; }

void DatagramRouter::drop_fullest() {
  // One socket holds what waits for every destination: give all of it up, as dead letters.
  std::deque<Outgoing> dropped;
  dropped.swap(queue_);
  queued_bytes_ = 0;
  for (const Outgoing& out : dropped) {
    if (out.count != 0)
      dead_letter_frames(std::string_view(out.datagram).substr(datagram_header_bytes));
  }
}

// --- receiving --------------------------------------------------------------------------------

DatagramRouter::ReceiveSlots::ReceiveSlots()
    : buffers_(new char[count * slot_bytes]) {  // not value-initialised: untouched until used
  for (std::size_t i = 0; i < count; ++i) {
    parts_[i] = {buffers_.get() + i * slot_bytes, slot_bytes};
    headers_[i].msg_hdr.msg_iov = &parts_[i];
    headers_[i].msg_hdr.msg_iovlen = 1;
    headers_[i].msg_hdr.msg_name = &from_[i];
  }
}

int DatagramRouter::ReceiveSlots::read(int fd) {
  for (auto& header : headers_) {
    header.msg_hdr.msg_namelen = sizeof(sockaddr_in);
    header.msg_hdr.msg_flags = 0;
  }
  return recvmmsg(fd, headers_.data(), static_cast<unsigned>(count), MSG_DONTWAIT, nullptr);
}

udp::endpoint DatagramRouter::ReceiveSlots::from(std::size_t slot) const {
  return {asio::ip::address_v4(ntohl(from_[slot].sin_addr.s_addr)), ntohs(from_[slot].sin_port)};
}

void DatagramRouter::receive() {
  if (receiving_ || paused_ || closed_) return;
  receiving_ = true;
  auto on_readable = [this](error_code ec) {
    receiving_ = false;
    if (ec == asio::error::operation_aborted || closed_) return;
    read_burst();
    // Re-armed before anything is handed in: a receiver may deliver in this turn, and its
    // handler may run the loop (held on a full peer, or in its afterlife) and must still hear.
    receive();
    hand_in_arrivals();
  };
  // A wait, not an asynchronous read: asio would try a read at once, one more system call that
  // finds nothing after a burst that emptied the socket. The wait is woken by the next datagram
  // to arrive (the reactor is edge-triggered), so it is only armed on a socket known to be
  // empty; otherwise (a burst cut short, a pause, the start) the next read comes from a turn.
  if (socket_drained_) {
    socket_.async_wait(udp::socket::wait_read, std::move(on_readable));
  } else {
    asio::post(socket_.get_executor(), [on_readable] { on_readable({}); });
  }
}

void DatagramRouter::read_burst() {
  socket_drained_ = false;
  for (int read = 0; read < burst && arrivals_.size() < max_arrivals && !paused_ && !closed_;) {
    const int got = receive_slots_.read(socket_.native_handle());
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        socket_drained_ = true;
        return;
      }
      if (errno == EINTR) continue;
      read_errors();  // an ICMP error of an earlier datagram, reported on this call
      ++read;
      continue;
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) received(i);
    read += got;
    // Fewer than asked for: the socket was empty, and the next datagram wakes the wait.
    if (static_cast<std::size_t>(got) < ReceiveSlots::count) {
      socket_drained_ = true;
      return;
    }
  }
}

void DatagramRouter::received(std::size_t slot) {
  if (receive_slots_.truncated(slot)) {
    return reject(bad_frames_, "a datagram over the largest UDP payload", false);
  }
  take(receive_slots_.datagram(slot), receive_slots_.from(slot));
}

void DatagramRouter::take(std::string_view datagram, const udp::endpoint& from) {
  std::string why;
  const std::optional<DatagramHeader> header = key_.open(datagram, why);
  if (!header) return reject(auth_failures_, why, true);
  if (header->recipient != incarnation_) {
    // For a process that used this port before: the sender should know it is gone.
    if (header->kind == DatagramKind::data) {
      send_control(from, {.kind = DatagramKind::refused,
                          .count = 0,
                          .recipient = header->sender,
                          .sender = incarnation_,
                          .first = header->first});
    }
    return;
  }
  if (header->kind == DatagramKind::refused) return refused(from, *header);
  Heard& sender = heard(header->sender);
  if (header->kind == DatagramKind::mark) {
    count_lost(sender.window.mark(header->first));
    return;
  }
  const SequenceWindow::Verdict verdict = sender.window.data(header->first, header->count);
  count_lost(verdict.lost);
  if (verdict.deliver) decode(datagram.substr(datagram_header_bytes));
}

void DatagramRouter::decode(std::string_view frames) {
  // The reader is empty here (every datagram ends on a frame, or is cleared): it keeps its
  // buffer (at most one datagram) rather than allocate one per datagram.
  reader_.feed(frames);
  try {
    while (auto frame = reader_.next()) {
      if (auto* envelope = std::get_if<Envelope>(&*frame)) {
        arrivals_.push_back(std::move(*envelope));
      } else {
        reject(bad_frames_, std::get<std::string>(*frame), false);
      }
    }
  } catch (const FrameStreamError& e) {
    reader_.clear();  // the rest is this bad frame: counted once
    reject(bad_frames_, e.what(), false);
  }
  if (reader_.buffered() != 0) {
    reject(bad_frames_, "a datagram that ends inside a frame", false);
    reader_.clear();
  }
}

void DatagramRouter::hand_in_arrivals() {
  // One queue for every read, nested or not: what a nested read brings goes in after this one.
  while (!arrivals_.empty() && !closed_) {
    Envelope envelope = std::move(arrivals_.front());
    arrivals_.pop_front();
    directory_.hand_in(std::move(envelope));
  }
}

DatagramRouter::Heard& DatagramRouter::heard(std::uint64_t sender) {
  auto found = heard_.find(sender);
  if (found == heard_.end()) {
    if (heard_.size() >= max_senders) {
      heard_.erase(std::min_element(heard_.begin(), heard_.end(), [](const auto& a, const auto& b) {
        return a.second.last_heard < b.second.last_heard;
      }));
    }
    found = heard_.emplace(sender, Heard{}).first;
  }
  found->second.last_heard = ++tick_;
  return found->second;
}

void DatagramRouter::reject(std::uint64_t& counter, const std::string& why, bool tag_failure) {
  // Counted each time; told (and logged) at the 1st, 2nd, 4th, 8th... so that a flood of
  // garbage cannot flood the log.
  ++counter;
  if ((counter & (counter - 1)) != 0) return;
  const std::string told = counter == 1 ? why : why + " (" + std::to_string(counter) + " so far)";
  tag_failure ? directory_.auth_failure(told) : directory_.bad_frame(told);
}

void DatagramRouter::count_lost(std::int64_t envelopes) {
  if (envelopes == 0) return;
  lost_untold_ = add_saturating(lost_untold_, envelopes);
  if (loss_report_armed_ || closed_) return;
  loss_report_armed_ = true;
  loss_report_.expires_after(20ms);
  loss_report_.async_wait([this](error_code ec) {
    loss_report_armed_ = false;
    if (ec || lost_untold_ == 0) return;
    const std::int64_t told = lost_untold_;
    lost_untold_ = 0;
    directory_.lost(told);
  });
}

// --- destinations that are gone ---------------------------------------------------------------

void DatagramRouter::refused(const udp::endpoint& from, const DatagramHeader& header) {
  // Whoever refuses holds the port now (a newer process, or the spawner for one that ended):
  // every process this one knew there but the refuser is gone, even if the admin does not know
  // yet. The refused datagram is the newest kept one numbered `first` to one of them.
  const auto gone = [&](const Location& at) {
    const auto peer = peers_.find(at);
    return peer != peers_.end() && peer->second.endpoint == from && at.incarnation != header.sender;
  };
  for (const auto& [at, peer] : peers_) {
    if (gone(at)) locations_.refused(at);
  }
  for (auto sent = kept_.rbegin(); sent != kept_.rend(); ++sent) {
    if (sent->first == header.first && gone(sent->to)) {
      const Location at = sent->to;
      return unreachable(at, header.first);
    }
  }
}

void DatagramRouter::read_errors() {
  const int fd = socket_.native_handle();
  for (int i = 0; i < burst; ++i) {
    char data[1024];
    char control[512];
    sockaddr_in to{};
    iovec part{data, sizeof data};
    msghdr message{};
    message.msg_name = &to;
    message.msg_namelen = sizeof to;
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t got = recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT);
    if (got < 0) return;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
      if (c->cmsg_level != SOL_IP || c->cmsg_type != IP_RECVERR) continue;
      sock_extended_err error;
      std::memcpy(&error, CMSG_DATA(c), sizeof error);
      // Only "port unreachable" says the process is gone; an unreachable host may come back.
      if (error.ee_origin != SO_EE_ORIGIN_ICMP || error.ee_errno != ECONNREFUSED) continue;
      const auto header = quoted_header({data, static_cast<std::size_t>(got)});
      if (!header || header->kind != DatagramKind::data || header->sender != incarnation_) continue;
      const udp::endpoint endpoint(asio::ip::address_v4(ntohl(to.sin_addr.s_addr)),
                                   ntohs(to.sin_port));
      for (const auto& [at, peer] : peers_) {
        if (peer.endpoint == endpoint && at.incarnation == header->recipient) {
          unreachable(at, header->first);
          break;
        }
      }
    }
  }
}

void DatagramRouter::unreachable(const Location& at, std::uint64_t first) {
  locations_.forget_all_at(at);  // the next send asks the admin, which knows it is gone
  const auto sent = std::find_if(kept_.begin(), kept_.end(), [&](const Outgoing& out) {
    return out.first == first && out.to == at;
  });
  if (sent == kept_.end()) return;
  std::string datagram = std::move(sent->datagram);
  kept_bytes_ -= datagram.size();
  kept_.erase(sent);
  dead_letter_frames(std::string_view(datagram).substr(datagram_header_bytes));
}

void DatagramRouter::dead_letter_frames(std::string_view frames) {
  // Frames this process encoded itself: they decode.
  FrameReader reader(max_udp_payload_bytes);
  reader.feed(frames);
  try {
    while (auto frame = reader.next()) {
      if (auto* envelope = std::get_if<Envelope>(&*frame)) {
        directory_.undeliverable(std::move(*envelope));
      }
    }
  } catch (const FrameStreamError&) {
  }
}

// --- the rest ---------------------------------------------------------------------------------

void DatagramRouter::pause_incoming(bool paused) {
  paused_ = paused;
  if (!paused_) receive();
}

void DatagramRouter::close() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  marks_.cancel();
  loss_report_.cancel();
  socket_.close(ignored);
  arrivals_.clear();
  queue_.clear();
  queued_bytes_ = 0;
}

}  // namespace thespis::net::detail

// The network between nodes: frames over directed links, the profile's contract (tcp, udp),
// latency, loss, duplication, reordering, corruption and partitions.
#include <algorithm>
#include <cmath>

#include <thespis/assert.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/system_messages.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

const LinkOptions& Kernel::link_options(NodeIndex from, NodeIndex to) {
  const Link& l = link(from, to);
  return l.options ? *l.options : options_.network.defaults;
}

Nanos Kernel::draw_latency(const Latency& latency) {
  switch (latency.shape) {
    case Latency::Shape::fixed:
      return latency.min;
    case Latency::Shape::uniform: {
      if (latency.max <= latency.min) return latency.min;
      const auto span = static_cast<std::uint64_t>((latency.max - latency.min).count());
      return latency.min + Nanos(static_cast<std::int64_t>(choices_.choose(span + 1)));
    }
    case Latency::Shape::exponential: {
      constexpr std::uint64_t range = 1u << 20;
      const double u = static_cast<double>(choices_.choose(range)) / range;
      const double tail = -std::log(1.0 - u) * static_cast<double>(latency.mean.count());
      const Nanos delay = latency.min + Nanos(static_cast<std::int64_t>(tail));
      return latency.max > latency.min ? std::min(delay, latency.max) : delay;
    }
  }
  return latency.min;
}

void Kernel::reset_link(NodeIndex a, NodeIndex b) {
  // A tcp connection carries both directions; when it breaks, both lose what is in flight.
  ++link(a, b).epoch;
  ++link(b, a).epoch;
}

void Kernel::lose(const event::Frame& frame, std::string_view reason) {
  ++frames_lost_;
  trace_.record(TraceKind::drop, now_, frame.to, frame.from, &frame.message, reason, 0,
                LogLevel::info, frame.cause);
}

void Kernel::refuse_oversized(NodeIndex src, const ActorAddress& from, const ActorAddress& to,
                              const Message& message, std::size_t size, std::uint64_t cause) {
  const std::string details = "udp: " + std::string(message.type_name()) + " encodes to " +
                              std::to_string(size) + " bytes, over the datagram limit of " +
                              std::to_string(options_.network.datagram_limit);
  trace_.record(TraceKind::drop, now_, to, from, &message, details, 0, LogLevel::info, cause);
  const Record* sender = find(from);
  if (sender != nullptr && sender->is_endpoint) throw TransportError(details);
  if (auto poison = poison_for(message, details)) route(src, to, from, std::move(*poison), cause);
}

bool Kernel::over_datagram_limit(const ActorAddress& from, const ActorAddress& to,
                                 std::size_t size) const {
  // On the real udp base every actor is a process of its own, so a message between two
  // distinct actors is a datagram even when both live on one host; only a self-send stays in
  // its process.
  return options_.network.profile == NetworkProfile::udp && from != to &&
         size > options_.network.datagram_limit;
}

void Kernel::transmit(NodeIndex src, NodeIndex dst, const ActorAddress& from,
                      const ActorAddress& to, Message message, std::uint64_t cause) {
  const bool udp = options_.network.profile == NetworkProfile::udp;
  Link& l = link(src, dst);
  event::Frame frame{.hop = hop(src, dst),
                     .from = from,
                     .to = to,
                     .message = std::move(message),
                     .corrupted = nullptr,
                     .cause = cause};
  const LinkOptions& options = link_options(src, dst);
  // Only a corruptible body is encoded here; send() already refused what is over a datagram.
  const std::string_view body = options.corrupt > 0 ? encode(frame.message) : std::string_view();
  if (l.blocked) {
    lose(frame, "partitioned");
    return;
  }
  // A frame without a body (the empty message) has nothing to damage.
  if (chance(options.corrupt) && !body.empty()) {
    std::string bytes(body);
    const auto at = choices_.choose(bytes.size());
    bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + choices_.choose(255)));
    frame.corrupted = std::make_shared<const std::string>(std::move(bytes));
  } else if (chance(options.drop)) {
    lose(frame, udp ? "lost" : "lost (connection reset)");
    if (!udp) reset_link(src, dst);
    return;
  }
  Nanos delay = draw_latency(options.latency);
  if (udp && chance(options.reorder)) {
    delay += Nanos(static_cast<std::int64_t>(
        choices_.choose(static_cast<std::uint64_t>(options.reorder_window.count()) + 1)));
  }
  Nanos arrival = now_ + delay;
  if (!udp) {
    arrival = std::max(arrival, l.last_arrival);
    l.last_arrival = arrival;
  }
  if (udp && !frame.corrupted && chance(options.duplicate)) {
    const Nanos copy_arrival = now_ + draw_latency(options.latency);
    ++frames_duplicated_;
    trace_.record(TraceKind::duplicate, now_, to, from, &frame.message, {}, 0, LogLevel::info,
                  cause);
    push_event(copy_arrival, frame);
  }
  push_event(arrival, std::move(frame));
}

Hop Kernel::hop(NodeIndex src, NodeIndex dst) const {
  return {.src = src, .dst = dst, .epoch = link(src, dst).epoch, .dst_system = nodes_[dst].system};
}

Nanos Kernel::control_arrival(const Hop& hop) {
  return now_ + draw_latency(link_options(hop.src, hop.dst).latency);
}

std::optional<std::string> Kernel::frame_obstacle(const Hop& hop) {
  const bool tcp = options_.network.profile == NetworkProfile::tcp;
  const Node& dst = nodes_[hop.dst];
  if (!dst.up || dst.system != hop.dst_system) return "host down";
  const Link& l = link(hop.src, hop.dst);
  if (tcp && l.epoch != hop.epoch) return "connection reset";
  if (l.blocked) return "partitioned";
  return std::nullopt;
}

void Kernel::arrive(event::Frame& frame) {
  if (auto obstacle = frame_obstacle(frame.hop)) {
    lose(frame, *obstacle);
    return;
  }
  if (frame.corrupted) {
    // The receiver decodes what it got; a frame that still decodes is caught by the frame
    // checksum. Either way it is rejected and the process carries on.
    THESPIS_ASSERT(!frame.message.empty(), "only a frame with a body can be corrupted");
    std::string why = "checksum mismatch";
    try {
      (void)frame.message.type()->decode(decoder_.parse(*frame.corrupted));
    } catch (const std::exception& e) {
      why = e.what();
    }
    ++frames_corrupted_;
    trace_.record(TraceKind::corrupt, now_, frame.to, frame.from, &frame.message,
                  "rejected: " + why, 0, LogLevel::info, frame.cause);
    if (options_.network.profile == NetworkProfile::tcp) reset_link(frame.hop.src, frame.hop.dst);
    return;
  }
  route(frame.hop.dst, frame.from, frame.to, std::move(frame.message), frame.cause);
}

void Kernel::arrive_create_request(const event::CreateRequest& request) {
  Record& r = record(request.actor);
  if (!r.live() || !r.awaiting_create) return;
  if (auto obstacle = frame_obstacle(request.hop)) {
    fail_creation(r, "the creation request was lost: " + *obstacle);
    return;
  }
  r.awaiting_create = false;
  r.mailbox.push_front({Message{}, {}, true, no_cause});
  make_ready(r);
}

}  // namespace thespis::sim::detail

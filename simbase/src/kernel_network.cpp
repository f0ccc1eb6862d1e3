// The network between nodes: frames over directed links, the profile's contract (tcp, udp),
// latency, loss, duplication, reordering, corruption and partitions.
#include <algorithm>
#include <cmath>

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

void Kernel::lose(const Event& frame, std::string_view reason) {
  ++frames_lost_;
  trace_.record(TraceKind::drop, now_, frame.to, frame.from, &frame.message, reason);
}

void Kernel::refuse_oversized(NodeIndex src, const ActorAddress& from, const ActorAddress& to,
                              const Message& message, std::size_t size) {
  const std::string details = "udp: " + std::string(message.type_name()) + " encodes to " +
                              std::to_string(size) + " bytes, over the datagram limit of " +
                              std::to_string(options_.network.datagram_limit);
  trace_.record(TraceKind::drop, now_, to, from, &message, details);
  const Record* sender = find(from);
  if (sender != nullptr && sender->is_endpoint) throw TransportError(details);
  if (auto poison = poison_for(message, details)) route(src, to, from, std::move(*poison));
}

void Kernel::transmit(NodeIndex src, NodeIndex dst, const ActorAddress& from,
                      const ActorAddress& to, Message message) {
  const bool udp = options_.network.profile == NetworkProfile::udp;
  Link& l = link(src, dst);
  Event frame;
  frame.kind = EventKind::frame;
  frame.src = src;
  frame.dst = dst;
  frame.from = from;
  frame.to = to;
  frame.epoch = l.epoch;
  frame.message = std::move(message);
  const LinkOptions& options = link_options(src, dst);
  // Only what travels as bytes is encoded here: a datagram's size, a corruptible body.
  const std::string_view body =
      udp || options.corrupt > 0 ? encode(frame.message) : std::string_view();
  if (udp && body.size() > options_.network.datagram_limit) {
    refuse_oversized(src, from, to, frame.message, body.size());
    return;
  }
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
  frame.time = now_ + delay;
  if (!udp) {
    frame.time = std::max(frame.time, l.last_arrival);
    l.last_arrival = frame.time;
  }
  if (udp && !frame.corrupted && chance(options.duplicate)) {
    Event copy = frame;
    copy.time = now_ + draw_latency(options.latency);
    ++frames_duplicated_;
    trace_.record(TraceKind::duplicate, now_, to, from, &copy.message);
    push_event(std::move(copy));
  }
  push_event(std::move(frame));
}

std::optional<std::string> Kernel::frame_obstacle(const Event& event) {
  const bool tcp = options_.network.profile == NetworkProfile::tcp;
  const Node& dst = nodes_[event.dst];
  if (!dst.up || dst.system != event.to.system()) return "host down";
  const Link& l = link(event.src, event.dst);
  if (tcp && l.epoch != event.epoch) return "connection reset";
  if (l.blocked) return "partitioned";
  return std::nullopt;
}

void Kernel::arrive(Event& frame) {
  if (auto obstacle = frame_obstacle(frame)) {
    lose(frame, *obstacle);
    return;
  }
  if (frame.corrupted) {
    // The receiver decodes what it got; a frame that still decodes is caught by the frame
    // checksum. Either way it is rejected and the process carries on.
    std::string why = "checksum mismatch";
    try {
      (void)frame.message.type()->decode(decoder_.parse(*frame.corrupted));
    } catch (const std::exception& e) {
      why = e.what();
    }
    ++frames_corrupted_;
    trace_.record(TraceKind::corrupt, now_, frame.to, frame.from, &frame.message,
                  "rejected: " + why);
    if (options_.network.profile == NetworkProfile::tcp) reset_link(frame.src, frame.dst);
    return;
  }
  route(frame.dst, frame.from, frame.to, std::move(frame.message));
}

void Kernel::send_control(EventKind kind, NodeIndex src, NodeIndex dst, LocalId actor,
                          std::uint64_t aux) {
  Event event;
  event.kind = kind;
  event.src = src;
  event.dst = dst;
  event.actor = actor;
  event.aux = aux;
  event.from = ActorAddress(nodes_[src].system, 0);
  event.to = ActorAddress(nodes_[dst].system, 0);
  event.epoch = link(src, dst).epoch;
  event.foreground = kind == EventKind::create_request;
  const LinkOptions& options = link_options(src, dst);
  if (kind == EventKind::heartbeat && (link(src, dst).blocked || chance(options.drop))) return;
  event.time = now_ + draw_latency(options.latency);
  push_event(std::move(event));
}

void Kernel::arrive_create_request(const Event& event) {
  Record& r = record(event.actor);
  if (!r.live() || !r.awaiting_create) return;
  if (auto obstacle = frame_obstacle(event)) {
    fail_creation(r, "the creation request was lost: " + *obstacle);
    return;
  }
  r.awaiting_create = false;
  r.mailbox.push_front({Message{}, {}, true});
  make_ready(r);
}

}  // namespace thespis::sim::detail

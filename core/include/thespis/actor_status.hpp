// Status: what the runtime knows of one actor, asked for with a message and answered by the
// actor's runtime, never by the actor's handlers (Thespian's Thespian_StatusReq, answered by the
// actor's own process with Thespian_ActorStatus). Anyone may ask: another actor, or a program
// with `ask(address, ActorStatusRequest{})`; the report goes back to the sender. Every base
// answers with the same fields meaning the same thing (delivery_rules.hpp: status_answer):
//
//   ask(worker, ActorStatusRequest{}) -> ActorStatusReport{address: worker, type_name: "Worker",
//       children: [@2.5, @2.6], pending_wakeups: 1, mailbox_length: 0, messages_handled: 3,
//       retries: 1, poison_sent: 0}
//
// The counters (DeliveryCounters) belong to the actor's runtime: each base keeps one per actor
// and the delivery rules (receive_with_retry, poison_for_failure) update it, so that no base
// counts on its own. Include this header to use status; thespis.hpp does not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

/// Asks an actor's runtime for the actor's status. The runtime answers with ActorStatusReport to
/// the sender; the actor's receive() never sees the request.
struct ActorStatusRequest {};

/// The answer to ActorStatusRequest, as the actor's runtime saw it when it took the request.
struct ActorStatusReport {
  ActorAddress address;
  std::string type_name;    ///< the registered actor type
  std::string global_name;  ///< empty: created without one
  /// The children it created that have not stopped (named actors belong to the system, not to
  /// their creator), in the order created.
  std::vector<ActorAddress> children;
  std::int64_t pending_wakeups = 0;  ///< wakeup_after() timers that have not fired yet
  /// Messages waiting behind the status request (not counting it).
  std::int64_t mailbox_length = 0;
  /// Messages its handler was given, each once however often it was tried (exit and status
  /// requests and inspections are not handed to it).
  std::int64_t messages_handled = 0;
  std::int64_t retries = 0;      ///< second attempts after a handler threw (semantics 5)
  std::int64_t poison_sent = 0;  ///< PoisonMessage its runtime sent for a second failure
};

/// The counts a status report gives, kept by an actor's runtime and updated only by the
/// delivery rules that hand messages to the actor.
struct DeliveryCounters {
  std::int64_t messages_handled = 0;
  std::int64_t retries = 0;
  std::int64_t poison_sent = 0;
};

/// What the base knows of one actor besides the counters: it fills this in only when a status
/// request is delivered (status_answer takes a function that builds it).
struct ActorRuntimeFacts {
  ActorAddress address;
  std::string type_name;
  std::string global_name;
  std::vector<ActorAddress> children;
  std::int64_t pending_wakeups = 0;
  std::int64_t mailbox_length = 0;
};

THESPIS_DETAIL_SYSTEM_MESSAGE(ActorStatusRequest);
THESPIS_DETAIL_SYSTEM_MESSAGE(ActorStatusReport, address, type_name, global_name, children,
                              pending_wakeups, mailbox_length, messages_handled, retries,
                              poison_sent);

}  // namespace thespis

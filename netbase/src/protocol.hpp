// The messages thespis processes exchange among themselves (never seen by actors): requests to
// an admin and their answers, and what an admin tells the processes it runs. They are ordinary
// registered message types, so they travel in ordinary frames.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/capabilities.hpp>
#include <thespis/enumeration.hpp>
#include <thespis/message_type.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/net/log_record.hpp>
#include <thespis/net/trace_control.hpp>

namespace thespis {
THESPIS_ENUM(LogLevel, debug, info, warning, error)
}  // namespace thespis

namespace thespis::net {

// The status an admin reports (admin_control.hpp), as it travels.
THESPIS_MESSAGE(ActorStatus, address, type, pid, host, port, parent, global_name)
THESPIS_MESSAGE(AdminStatus, pid, host, port, build, actors, members, bad_frames, spawner_pid,
                connections, auth_failures, refused_connections, libraries, actor_types, transport,
                lost_messages)
// A log line as admins keep it, pass it to their convention's leader and send it to followers.
THESPIS_MESSAGE(LogRecord, time_ns, level, source, type, node, text)
THESPIS_MESSAGE(TracedEvent, time_ns, kind, actor, other, type, message, text, node, sequence)
THESPIS_MESSAGE(TraceState, enabled, events, dropped)

}  // namespace thespis::net

namespace thespis::net::detail {

/// A process introduces itself on its request connection to an admin.
struct NetAttach {
  std::string build;
  std::int64_t pid = 0;
  bool replace_stale = false;
  std::string transport = "tcp";  ///< the program's base: an admin of the other one refuses it
};
struct NetAttached {
  std::uint64_t system = 0;
  std::int64_t admin_pid = 0;
  std::string build;
  std::string refusal;            ///< non-empty: the admin refused (another build or base)
  std::string transport = "tcp";  ///< the admin's base
};

/// A program opens an endpoint listening on `host:port` (host empty: the admin's host).
struct NetOpenEndpoint {
  std::uint16_t port = 0;
  std::string host;
  std::uint64_t incarnation = 0;  ///< of the program's router (udp)
};
struct NetEndpointOpened {
  ActorAddress address;
};

/// One per-call requirement of a creation (thespis::Requirement, which core does not register).
struct NetRequirement {
  std::string capability;
  std::optional<CapabilityValue> value;
};
struct NetCreate {
  std::string type_name;
  std::string global_name;  ///< empty: none
  ActorAddress parent;
  std::vector<NetRequirement> requirements;  ///< CreateOptions::requirements
};
/// Why a creation failed: each is its own error for the caller (creation.hpp).
enum class CreateError : std::uint8_t { none, unknown_type, no_compatible_system, creation };
THESPIS_ENUM(CreateError, none, unknown_type, no_compatible_system, creation)

struct NetCreated {
  ActorAddress address;
  std::string error;  ///< non-empty: the creation failed, as error_kind says
  CreateError error_kind = CreateError::none;
  bool existing = false;  ///< the global name was taken: not a new child
};

/// Where does an address live? (port 0: nowhere, the actor is gone)
struct NetResolve {
  ActorAddress address;
};
struct NetResolved {
  ActorAddress address;
  std::string host;
  std::uint16_t port = 0;
  std::uint64_t incarnation = 0;  ///< of the process listening there (udp)
};

/// One-way notes to the admin.
struct NetExited {
  ActorAddress address;
};
struct NetDeadLetter {
  ActorAddress sender;
  ActorAddress intended;
  Message message;
};
/// The list of the admin's that a NetRegistration changes.
enum class RegistrationKind : std::uint8_t { dead_letters, convention };
THESPIS_ENUM(RegistrationKind, dead_letters, convention)

struct NetRegistration {
  ActorAddress address;
  RegistrationKind kind = RegistrationKind::dead_letters;
  bool enable = false;
};
struct NetLog {
  ActorAddress source;
  std::int64_t level = 0;
  std::string text;
  std::int64_t time_ns = 0;  ///< wall clock when it was logged (LogRecord::time_ns)
};
struct NetCapability {
  std::string name;
  std::optional<CapabilityValue> value;
};
/// Envelopes a process counted lost on their way to it since its last note (udp), or a change
/// of that count.
struct NetLost {
  std::int64_t envelopes = 0;
};

/// Requests for the command line. NetStatus is answered with the public AdminStatus itself
/// (registered below), so the wire and the callers share one description of an admin.
struct NetStatus {};
struct NetShutdown {};
/// `thespis logs`: the kept records at `minimum` and above (the `tail` latest; 0: all), then with
/// `follow` each new one, until the connection closes.
struct NetLogs {
  LogLevel minimum = LogLevel::debug;
  bool follow = false;
  std::uint64_t tail = 0;
};
/// Tracing (trace_control.hpp): start it (answered with TraceState); an actor process's events
/// (one-way); fetch what the admin kept, `max` events from `from` at a time.
struct NetTraceStart {};
struct NetTraceBatch {
  std::vector<TracedEvent> events;
};
struct NetTraceFetch {
  std::uint64_t from = 0;
  std::uint64_t max = 0;  ///< the admin sends at most trace_events_per_chunk whatever is asked
};
/// Events of one NetTraceChunk at most: 2,000 events of a few KiB each stay well within a frame,
/// and a peer asking for more cannot make the admin build an oversize answer.
inline constexpr std::uint64_t trace_events_per_chunk = 2000;
struct NetTraceChunk {
  std::vector<TracedEvent> events;
  std::uint64_t total = 0;  ///< events kept so far
};
struct NetLogBatch {
  std::vector<LogRecord> records;
  std::uint64_t missed = 0;  ///< records not sent to this follower since its last batch
  std::string refusal;       ///< non-empty: the admin will not send more (too many followers)
};
struct NetShutdownDone {
  std::uint64_t stopped = 0;
  /// Processes that had not ended when the admin gave up on them ("pid 123 (Type @1.2)").
  std::vector<std::string> not_ended;
};

THESPIS_MESSAGE(NetAttach, build, pid, replace_stale, transport)
THESPIS_MESSAGE(NetAttached, system, admin_pid, build, refusal, transport)
THESPIS_MESSAGE(NetOpenEndpoint, port, host, incarnation)
THESPIS_MESSAGE(NetEndpointOpened, address)
THESPIS_MESSAGE(NetRequirement, capability, value)
THESPIS_MESSAGE(NetCreate, type_name, global_name, parent, requirements)
THESPIS_MESSAGE(NetCreated, address, error, error_kind, existing)
THESPIS_MESSAGE(NetResolve, address)
THESPIS_MESSAGE(NetResolved, address, host, port, incarnation)
THESPIS_MESSAGE(NetExited, address)
THESPIS_MESSAGE(NetDeadLetter, sender, intended, message)
THESPIS_MESSAGE(NetRegistration, address, kind, enable)
THESPIS_MESSAGE(NetLog, source, level, text, time_ns)
THESPIS_MESSAGE(NetCapability, name, value)
THESPIS_MESSAGE(NetLost, envelopes)
THESPIS_MESSAGE(NetStatus)
THESPIS_MESSAGE(NetShutdown)
THESPIS_MESSAGE(NetLogs, minimum, follow, tail)
THESPIS_MESSAGE(NetTraceStart)
THESPIS_MESSAGE(NetTraceBatch, events)
THESPIS_MESSAGE(NetTraceFetch, from, max)
THESPIS_MESSAGE(NetTraceChunk, events, total)
THESPIS_MESSAGE(NetLogBatch, records, missed, refusal)
THESPIS_MESSAGE(NetShutdownDone, stopped, not_ended)

}  // namespace thespis::net::detail

namespace thespis::net::detail {

/// Admin -> its spawner process: fork a process for this actor.
struct NetSpawn {
  ActorAddress address;
  std::string type_name;
  ActorAddress parent;
  std::string global_name;
  std::uint16_t admin_port = 0;
  std::int64_t epoch_ns = 0;  ///< the admin's start on the monotonic clock: actors' time zero
  Capabilities capabilities;
  std::uint64_t max_frame = 0;
  std::uint64_t max_queued_bytes = 0;
  std::uint64_t max_connections = 0;
  std::uint64_t receive_buffer_bytes = 0;
  bool trace = false;  ///< record this actor's events for the admin (trace_control.hpp)
};
/// Spawner -> admin: the process runs (pid) and listens on `port` as `incarnation`.
struct NetSpawned {
  ActorAddress address;
  std::int64_t pid = 0;
  std::uint16_t port = 0;
  std::uint64_t incarnation = 0;
};
/// Spawner -> admin: a process ended.
struct NetReaped {
  std::int64_t pid = 0;
  std::int64_t status = 0;
};
/// Actor process -> admin: constructed (error empty) or not.
struct NetStarted {
  ActorAddress address;
  std::string error;
};

THESPIS_MESSAGE(NetSpawn, address, type_name, parent, global_name, admin_port, epoch_ns,
                capabilities, max_frame, max_queued_bytes, max_connections, receive_buffer_bytes,
                trace)
THESPIS_MESSAGE(NetSpawned, address, pid, port, incarnation)
THESPIS_MESSAGE(NetReaped, pid, status)
THESPIS_MESSAGE(NetStarted, address, error)

}  // namespace thespis::net::detail

namespace thespis::net::detail {

/// An admin as its convention knows it.
struct NetMember {
  std::uint64_t system = 0;
  std::string host;
  std::uint16_t port = 0;
  Capabilities capabilities;
  std::vector<std::string> actor_types;  ///< the types it can run (placement), sorted
};
/// Member admin -> leader, every heartbeat: here I am.
struct NetJoin {
  NetMember member;
};
/// Leader -> member, answering each NetJoin: everyone, the leader included.
struct NetMembers {
  std::vector<NetMember> members;
};
/// An admin leaving its convention cleanly.
struct NetLeaving {
  std::uint64_t system = 0;
};
/// Admin -> admin: create this actor here (placement by capability).
struct NetRemoteCreate {
  std::uint64_t request = 0;
  NetCreate create;
  bool wait_started = false;
};
struct NetRemoteCreated {
  std::uint64_t request = 0;
  NetCreated created;
};
/// Admin -> admin: where does this address of yours live?
struct NetRemoteResolve {
  std::uint64_t request = 0;
  ActorAddress address;
};
struct NetRemoteResolved {
  std::uint64_t request = 0;
  NetResolved resolved;
};
/// Admin -> admin: deliver this to one of your actors.
struct NetRelay {
  ActorAddress sender;
  ActorAddress recipient;
  Message message;
};

THESPIS_MESSAGE(NetMember, system, host, port, capabilities, actor_types)
THESPIS_MESSAGE(NetJoin, member)
THESPIS_MESSAGE(NetMembers, members)
THESPIS_MESSAGE(NetLeaving, system)
THESPIS_MESSAGE(NetRemoteCreate, request, create, wait_started)
THESPIS_MESSAGE(NetRemoteCreated, request, created)
THESPIS_MESSAGE(NetRemoteResolve, request, address)
THESPIS_MESSAGE(NetRemoteResolved, request, resolved)
THESPIS_MESSAGE(NetRelay, sender, recipient, message)

}  // namespace thespis::net::detail

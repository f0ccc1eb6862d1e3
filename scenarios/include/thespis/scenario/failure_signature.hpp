// FailureSignature: how a run failed, in terms that survive shrinking — which expectation, what
// the violation is about (in actor and message types, not addresses or values) and the kind of
// the last fault before it (with the actor types on what it hit). Two runs fail "the same way"
// when their signatures are equal: the shrinker keeps a candidate only then, so that it cannot
// trade the bug it was given for another failure of the same expectation (a lease never
// reclaimed because its holder crashed, traded for one whose server crashed).
//
// The story is the same failure told with the scenario's names ("deliver GetReply to reader2
// from front; last fault: crash c1"); a shrunk scenario keeps the signature but may change the
// story, and the shrink report says so.
#pragma once

#include <string>

namespace thespis::scenario {

struct FailureSignature {
  /// Expectation::describe() of the violated expectation.
  std::string expectation;
  /// always: the event that broke it ("deliver GetReply to CacheReader from StaleCacheFront");
  /// every X answered_by Y: the first request left unanswered ("AcquireLease to LockServer from
  /// LockClient"); eventually and leads_to over checks: the actor types the check looked at
  /// ("looked at LockServer"); reply: "no reply" or "got TYPE"; others: what failed.
  std::string culprit;
  /// The kind of the last fault before the violation and the actor types on the node (or the
  /// actor) it hit: "crash (LockClient)", "partition"; "" when there was none. Recoveries
  /// (restart, heal, resume) do not count: the failure follows from what broke.
  std::string fault;

  bool operator==(const FailureSignature&) const = default;
  /// One line: "always reads_fresh — deliver GetReply to CacheReader from CacheFront; last
  /// fault: none".
  std::string to_string() const;
};

}  // namespace thespis::scenario

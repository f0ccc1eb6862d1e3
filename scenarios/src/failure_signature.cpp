#include <thespis/scenario/failure_signature.hpp>

namespace thespis::scenario {

std::string FailureSignature::to_string() const {
  std::string out = expectation;
  if (!culprit.empty()) out += " — " + culprit;
  return out + "; last fault: " + (fault.empty() ? "none" : fault);
}

}  // namespace thespis::scenario

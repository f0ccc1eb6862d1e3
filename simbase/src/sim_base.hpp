// SimBase: the SystemBase of the "sim" base, a handle on one node of a simulation kernel.
// External calls (ask, listen) run the kernel in virtual time until they are answered. The
// handle belongs to one incarnation of its node: after the node crashes, its calls throw.
#pragma once

#include <memory>
#include <vector>

#include <thespis/system_base.hpp>
#include <thespis/system_status.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

class SimBase final : public SystemBase, public SystemStatusSource {
 public:
  SimBase(std::shared_ptr<Kernel> kernel, NodeIndex node);

  std::string_view base_name() const override { return "sim"; }
  EndpointId open_endpoint() override;
  ActorAddress endpoint_address(EndpointId endpoint) const override;
  ActorAddress create_actor(EndpointId endpoint, std::string_view type_name,
                            const CreateOptions& options) override;
  void tell(EndpointId endpoint, const ActorAddress& to, Message message) override;
  std::optional<Message> ask(EndpointId endpoint, const ActorAddress& to, Message message,
                             Nanos timeout) override;
  std::optional<Message> listen(EndpointId endpoint, Nanos timeout) override;
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) override;
  Capabilities capabilities() const override { return kernel_->node(node_).capabilities; }
  void shutdown() override { kernel_->shutdown(); }
  bool is_shut_down() const override { return kernel_->is_shut_down(); }
  SystemFacts system_facts() override;

  const std::shared_ptr<Kernel>& kernel() const { return kernel_; }

 private:
  Record& endpoint(EndpointId id);
  void check_running() const;
  Nanos deadline_after(Nanos timeout) const;

  std::shared_ptr<Kernel> kernel_;
  NodeIndex node_;
  std::uint64_t incarnation_;
  std::vector<LocalId> endpoints_;
};

}  // namespace thespis::sim::detail

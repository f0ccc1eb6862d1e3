// System status (thespis/system_status.hpp) on the tcp and udp bases: an admin's status
// (AdminStatus, what `thespis status` asks for) read as the system's report. A NetBase answers
// system_status(system) with its admin's status through these; the command line prints the
// same report for an admin it reaches by port. Members are named "host:port" (the admin's
// advertised host and its port), as AdminStatus::members lists them.
#pragma once

#include <thespis/net/admin_control.hpp>
#include <thespis/system_status.hpp>

namespace thespis::net {

/// The facts of the system whose admin answered `admin` (its base is the admin's transport).
SystemFacts system_facts(const AdminStatus& admin);
/// The system status report of the admin that answered `admin`.
SystemStatusReport system_status(const AdminStatus& admin);

}  // namespace thespis::net

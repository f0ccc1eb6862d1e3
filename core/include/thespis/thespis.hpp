// The umbrella header of the actor API: everything an actor or a program using actors needs.
#pragma once

#include <thespis/actor.hpp>
#include <thespis/actor_address.hpp>
#include <thespis/actor_system.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/create_options.hpp>
#include <thespis/error.hpp>
#include <thespis/init_messages.hpp>
#include <thespis/inspect.hpp>
#include <thespis/log.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_base.hpp>
#include <thespis/system_messages.hpp>
#include <thespis/system_options.hpp>
#include <thespis/transient.hpp>

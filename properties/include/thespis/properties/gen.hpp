// Every generator of thespis::properties::gen: fault plans, networks, choice tapes and values of
// message types and of scenario fields.
#pragma once

#include <thespis/properties/gen/choice_tape.hpp>
#include <thespis/properties/gen/faults.hpp>
#include <thespis/properties/gen/network.hpp>
#include <thespis/properties/gen/scenario_values.hpp>
#include <thespis/properties/gen/values.hpp>

// THESPIS_PROPERTY: a RapidCheck property as a GoogleTest test (like RC_GTEST_PROP) whose
// failure writes, checks and prints the minimal counterexample scenario (see property.hpp).
#pragma once

#include <string>

#include <gtest/gtest.h>

#include <thespis/properties/property.hpp>

/// Defines a RapidCheck property as a GoogleTest test (like RC_GTEST_PROP) whose failure writes
/// and prints the minimal counterexample scenario.
#define THESPIS_PROPERTY(Suite, Name, ArgList)                                  \
  void thespis_property_##Suite##_##Name ArgList;                               \
  TEST(Suite, Name) {                                                           \
    const auto outcome = ::thespis::properties::check_property(                 \
        std::string(#Suite) + "/" + #Name, &thespis_property_##Suite##_##Name); \
    if (!outcome.passed) FAIL() << outcome.message;                             \
  }                                                                             \
  void thespis_property_##Suite##_##Name ArgList

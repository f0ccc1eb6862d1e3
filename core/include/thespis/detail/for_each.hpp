// THESPIS_DETAIL_FOR_EACH(macro, type, names...): `macro(type, name)` for each name, separated
// by commas (C++20 __VA_OPT__, up to 64 names). The registration macros (THESPIS_MESSAGE,
// THESPIS_ENUM) expand their lists with it.
#pragma once

#define THESPIS_DETAIL_PARENS ()
#define THESPIS_DETAIL_EXPAND(...) \
  THESPIS_DETAIL_EXPAND3(THESPIS_DETAIL_EXPAND3(THESPIS_DETAIL_EXPAND3(__VA_ARGS__)))
#define THESPIS_DETAIL_EXPAND3(...) \
  THESPIS_DETAIL_EXPAND2(THESPIS_DETAIL_EXPAND2(THESPIS_DETAIL_EXPAND2(__VA_ARGS__)))
#define THESPIS_DETAIL_EXPAND2(...) \
  THESPIS_DETAIL_EXPAND1(THESPIS_DETAIL_EXPAND1(THESPIS_DETAIL_EXPAND1(__VA_ARGS__)))
#define THESPIS_DETAIL_EXPAND1(...) __VA_ARGS__
#define THESPIS_DETAIL_FOR_EACH(macro, type, ...) \
  __VA_OPT__(THESPIS_DETAIL_EXPAND(THESPIS_DETAIL_FOR_EACH_HELPER(macro, type, __VA_ARGS__)))
#define THESPIS_DETAIL_FOR_EACH_HELPER(macro, type, first, ...) \
  macro(type, first)                                            \
      __VA_OPT__(, THESPIS_DETAIL_FOR_EACH_AGAIN THESPIS_DETAIL_PARENS(macro, type, __VA_ARGS__))
#define THESPIS_DETAIL_FOR_EACH_AGAIN() THESPIS_DETAIL_FOR_EACH_HELPER

#include <gtest/gtest.h>

#include <thespis/thespis.hpp>

namespace actor_type_test {

class Plain : public thespis::Actor {};
THESPIS_ACTOR(Plain)

class NeedsDb : public thespis::Actor {};
THESPIS_ACTOR(NeedsDb, thespis::requires_capability("Db"),
              thespis::requires_capability("Region", "eu"))

class Picky : public thespis::Actor {
 public:
  static bool accepts(const thespis::Capabilities& offered, const thespis::Requirements&) {
    const auto* cores = offered.find("Cores");
    return cores != nullptr && std::get<std::int64_t>(*cores) >= 8;
  }
};
THESPIS_ACTOR(Picky)

}  // namespace actor_type_test

TEST(ActorTypeRegistry, FindsTypesByName) {
  EXPECT_EQ(thespis::actor_type<actor_type_test::Plain>().name, "Plain");
  EXPECT_EQ(thespis::find_actor_type("Plain"), &thespis::actor_type<actor_type_test::Plain>());
  try {
    (void)thespis::actor_type_named("Missing");
    FAIL();
  } catch (const thespis::UnknownTypeError& e) {
    EXPECT_EQ(e.kind(), "actor");
    EXPECT_NE(std::string(e.what()).find("'Missing'"), std::string::npos);
  }
}

TEST(ActorTypeRegistry, RequirementsAreCheckedAgainstCapabilities) {
  const auto& type = thespis::actor_type<actor_type_test::NeedsDb>();
  EXPECT_FALSE(thespis::accepts(type, {}));
  EXPECT_FALSE(thespis::accepts(type, {{"Db", true}, {"Region", "us"}}));
  EXPECT_FALSE(thespis::accepts(type, {{"Db", false}, {"Region", "eu"}}));
  EXPECT_TRUE(thespis::accepts(type, {{"Db", true}, {"Region", "eu"}}));
  EXPECT_FALSE(thespis::accepts(type, {{"Db", true}, {"Region", "eu"}},
                                {thespis::requires_capability("Gpu")}));
}

TEST(ActorTypeRegistry, StaticAcceptsReplacesTheDefaultCheck) {
  const auto& type = thespis::actor_type<actor_type_test::Picky>();
  EXPECT_FALSE(thespis::accepts(type, {{"Cores", std::int64_t{4}}}));
  EXPECT_TRUE(thespis::accepts(type, {{"Cores", std::int64_t{16}}}));
}

TEST(Actor, CannotBeConstructedOutsideABase) {
  EXPECT_DEATH({ actor_type_test::Plain p; }, "constructed outside a base");
}

TEST(BaseRegistry, UnknownBaseNamesTheKnownOnes) {
  try {
    thespis::ActorSystem system("carrier-pigeon");
    FAIL();
  } catch (const thespis::UnknownBaseError& e) {
    EXPECT_NE(std::string(e.what()).find("'carrier-pigeon'"), std::string::npos) << e.what();
  }
}
